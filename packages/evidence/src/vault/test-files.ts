/**
 * Small synthetic files for the vault's tests, built byte by byte here (there is no network and
 * no image library): a baseline JPEG (one 8×8 grey block) with an EXIF APP1 segment holding
 * capture time, GPS and device, and minimal PNG, PDF and ZIP files. All content is invented:
 * the device is "Synthetic Camera", the place a made-up coordinate.
 */
import { deflateSync } from 'node:zlib';

type IfdValue =
  | { type: 'ascii'; value: string }
  | { type: 'byte'; value: number[] }
  | { type: 'short'; value: number }
  | { type: 'long'; value: number }
  | { type: 'rational'; value: [number, number][] };

interface IfdEntry { tag: number; value: IfdValue }

const TYPE_CODES = { byte: 1, ascii: 2, short: 3, long: 4, rational: 5 } as const;

function valueBytes(v: IfdValue): Buffer {
  switch (v.type) {
    case 'ascii': return Buffer.from(`${v.value}\0`, 'latin1');
    case 'byte': return Buffer.from(v.value);
    case 'short': { const b = Buffer.alloc(2); b.writeUInt16LE(v.value); return b; }
    case 'long': { const b = Buffer.alloc(4); b.writeUInt32LE(v.value); return b; }
    case 'rational': {
      const b = Buffer.alloc(8 * v.value.length);
      v.value.forEach(([n, d], i) => { b.writeUInt32LE(n, i * 8); b.writeUInt32LE(d, i * 8 + 4); });
      return b;
    }
  }
}

function countOf(v: IfdValue): number {
  switch (v.type) {
    case 'ascii': return v.value.length + 1;
    case 'byte': return v.value.length;
    case 'rational': return v.value.length;
    default: return 1;
  }
}

/** one IFD at `offset` (from the TIFF header); its out-of-line values follow it */
function ifd(entries: IfdEntry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + sorted.length * 12 + 4;
  const table = Buffer.alloc(tableSize);
  const extra: Buffer[] = [];
  let extraAt = offset + tableSize;
  table.writeUInt16LE(sorted.length, 0);
  sorted.forEach((entry, i) => {
    const at = 2 + i * 12;
    const bytes = valueBytes(entry.value);
    table.writeUInt16LE(entry.tag, at);
    table.writeUInt16LE(TYPE_CODES[entry.value.type], at + 2);
    table.writeUInt32LE(countOf(entry.value), at + 4);
    if (bytes.length <= 4) bytes.copy(table, at + 8);
    else {
      table.writeUInt32LE(extraAt, at + 8);
      const padded = bytes.length % 2 ? Buffer.concat([bytes, Buffer.alloc(1)]) : bytes;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  table.writeUInt32LE(0, tableSize - 4); // no next IFD
  return Buffer.concat([table, ...extra]);
}

export interface SyntheticExif {
  make?: string;
  model?: string;
  software?: string;
  /** "YYYY:MM:DD HH:MM:SS" */
  dateTimeOriginal?: string;
  /** "+02:00" */
  offsetTimeOriginal?: string;
  gps?: { latitude: number; longitude: number; altitude?: number };
}

function dms(decimal: number): [number, number][] {
  const abs = Math.abs(decimal);
  const deg = Math.floor(abs);
  const minFloat = (abs - deg) * 60;
  const min = Math.floor(minFloat);
  const sec = Math.round((minFloat - min) * 60 * 10000);
  return [[deg, 1], [min, 1], [sec, 10000]];
}

/** a little-endian TIFF structure with IFD0, the Exif IFD and the GPS IFD */
export function exifTiff(exif: SyntheticExif): Buffer {
  const ifd0: IfdEntry[] = [];
  if (exif.make) ifd0.push({ tag: 0x010f, value: { type: 'ascii', value: exif.make } });
  if (exif.model) ifd0.push({ tag: 0x0110, value: { type: 'ascii', value: exif.model } });
  if (exif.software) ifd0.push({ tag: 0x0131, value: { type: 'ascii', value: exif.software } });
  const exifEntries: IfdEntry[] = [];
  if (exif.dateTimeOriginal) exifEntries.push({ tag: 0x9003, value: { type: 'ascii', value: exif.dateTimeOriginal } });
  if (exif.offsetTimeOriginal) exifEntries.push({ tag: 0x9011, value: { type: 'ascii', value: exif.offsetTimeOriginal } });
  const gpsEntries: IfdEntry[] = [];
  if (exif.gps) {
    const { latitude, longitude, altitude } = exif.gps;
    gpsEntries.push(
      { tag: 0x0000, value: { type: 'byte', value: [2, 3, 0, 0] } },
      { tag: 0x0001, value: { type: 'ascii', value: latitude >= 0 ? 'N' : 'S' } },
      { tag: 0x0002, value: { type: 'rational', value: dms(latitude) } },
      { tag: 0x0003, value: { type: 'ascii', value: longitude >= 0 ? 'E' : 'W' } },
      { tag: 0x0004, value: { type: 'rational', value: dms(longitude) } },
    );
    if (altitude !== undefined) {
      gpsEntries.push(
        { tag: 0x0005, value: { type: 'byte', value: [altitude < 0 ? 1 : 0] } },
        { tag: 0x0006, value: { type: 'rational', value: [[Math.round(Math.abs(altitude) * 10), 10]] } },
      );
    }
  }
  // layout: header (8) | IFD0 | Exif IFD | GPS IFD; pointers need the sizes, so build twice
  const pointerEntries = (exifAt: number, gpsAt: number): IfdEntry[] => [
    ...(exifEntries.length ? [{ tag: 0x8769, value: { type: 'long', value: exifAt } as IfdValue }] : []),
    ...(gpsEntries.length ? [{ tag: 0x8825, value: { type: 'long', value: gpsAt } as IfdValue }] : []),
  ];
  const ifd0Size = ifd([...ifd0, ...pointerEntries(0, 0)], 8).length;
  const exifAt = 8 + ifd0Size;
  const exifIfd = exifEntries.length ? ifd(exifEntries, exifAt) : Buffer.alloc(0);
  const gpsAt = exifAt + exifIfd.length;
  const gpsIfd = gpsEntries.length ? ifd(gpsEntries, gpsAt) : Buffer.alloc(0);
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  return Buffer.concat([header, ifd([...ifd0, ...pointerEntries(exifAt, gpsAt)], 8), exifIfd, gpsIfd]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * A baseline JPEG of one 8×8 grey block: quantisation table of ones, one-code Huffman tables
 * (DC difference 0, AC end-of-block), scan data "00" padded with ones.
 */
export function makeJpeg(exif?: SyntheticExif): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (exif) parts.push(segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(exif)])));
  parts.push(
    segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    segment(0xc4, Buffer.concat([Buffer.from([0x00, 1]), Buffer.alloc(15), Buffer.from([0x00])])),
    segment(0xc4, Buffer.concat([Buffer.from([0x10, 1]), Buffer.alloc(15), Buffer.from([0x00])])),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from([0x3f, 0xff, 0xd9]),
  );
  return Buffer.concat(parts);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** a 1×1 grey PNG */
export function makePng(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** a one-page PDF that says "Synthetic test document" */
export function makePdf(): Buffer {
  return Buffer.from([
    '%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj', 'trailer << /Root 1 0 R >>', '%%EOF', '',
  ].join('\n'), 'latin1');
}

/** a ZIP archive with one stored file, `synthetic-note.txt` */
export function makeZip(): Buffer {
  const name = Buffer.from('synthetic-note.txt', 'latin1');
  const data = Buffer.from('Synthetic Witness statement (test data)\n', 'utf8');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralAt = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** a minimal Windows executable header ("MZ" … "PE\0\0"), enough for a sniffer */
export function makeExe(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  exe.writeUInt16LE(0x14c, 0x84);
  return exe;
}
