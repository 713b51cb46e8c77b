/**
 * Builds small .xlsx files for tests (and for scripts/make-glotip-fixture.ts): minimal
 * SpreadsheetML (content types, package and workbook relationships, workbook, one or more
 * sheets, optional shared strings) zipped with fflate's zipSync. Also the tools to damage them:
 * patch a zip entry's declared size, or hand-write any part.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A cell to write: text (a shared string), a number, inline text, or nothing. */
export type FixtureCell = string | number | { readonly inline: string } | null | undefined;

export interface FixtureSheet {
  readonly name: string;
  /** Rows in file order; row i is numbered i + 1 unless `rowNumbers` says otherwise. Cells go in columns A, B, C, … by position. */
  readonly rows: readonly (readonly FixtureCell[])[];
  readonly rowNumbers?: readonly number[];
}

function letters(n: number): string {
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) out = String.fromCharCode(65 + ((rest - 1) % 26)) + out;
  return out;
}

/** the sheet XML for rows of cells, adding text to `shared` (a string → index table) */
export function sheetXmlOf(sheet: FixtureSheet, shared: Map<string, number>): string {
  const rows = sheet.rows.map((cells, i) => {
    const r = sheet.rowNumbers?.[i] ?? i + 1;
    const xml = cells
      .map((cell, c) => {
        const ref = `${letters(c + 1)}${r}`;
        if (cell === null || cell === undefined) return '';
        if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
        if (typeof cell === 'object') return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell.inline)}</t></is></c>`;
        let index = shared.get(cell);
        if (index === undefined) {
          index = shared.size;
          shared.set(cell, index);
        }
        return `<c r="${ref}" t="s"><v>${index}</v></c>`;
      })
      .join('');
    return `<row r="${r}">${xml}</row>`;
  });
  return worksheetXml(rows.join(''));
}

export const worksheetXml = (sheetData: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${sheetData}</sheetData></worksheet>`;

export function sharedStringsXml(strings: Iterable<string>): string {
  const items = [...strings].map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN_NS}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;
}

/**
 * Every part of a workbook whose sheets are given as XML: sheet i is `xl/worksheets/sheet{i+1}.xml`.
 * Pass `sharedStrings` undefined to leave the shared strings part (and its relationship) out.
 */
export function workbookParts(sheets: readonly { readonly name: string; readonly xml: string }[], sharedStrings: string | undefined): Record<string, string> {
  const sheetOverrides = sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  const sharedOverride = sharedStrings === undefined ? '' : '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>';
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetOverrides}${sharedOverride}</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${sharedStrings === undefined ? '' : `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`}</Relationships>`,
  };
  sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml));
  if (sharedStrings !== undefined) parts['xl/sharedStrings.xml'] = sharedStrings;
  return parts;
}

/** zips parts (deflated; fflate's zipSync writes sizes and CRCs in the central directory) */
export function zipParts(parts: Readonly<Record<string, string | Uint8Array>>): Uint8Array {
  const files: Zippable = {};
  // A fixed date keeps the fixture byte-for-byte reproducible.
  for (const [name, content] of Object.entries(parts)) files[name] = [typeof content === 'string' ? strToU8(content) : content, { level: 9, mtime: new Date('2023-05-30T00:00:00Z') }];
  return zipSync(files);
}

/** A whole .xlsx from rows of cells (text as shared strings). */
export function writeXlsx(sheets: readonly FixtureSheet[]): Uint8Array {
  const shared = new Map<string, number>();
  const xml = sheets.map((sheet) => ({ name: sheet.name, xml: sheetXmlOf(sheet, shared) }));
  return zipParts(workbookParts(xml, sharedStringsXml(shared.keys())));
}

/** A one-sheet .xlsx from the sheet's XML (and the shared strings' XML, if any). */
export function xlsxFromSheetXml(sheetXml: string, sharedStrings?: string, name = 'Sheet1'): Uint8Array {
  return zipParts(workbookParts([{ name, xml: sheetXml }], sharedStrings));
}

/**
 * Rewrites the uncompressed size a zip declares for `entry`, in its central directory record
 * and its local header: how a zip bomb lies about what it holds.
 */
export function patchDeclaredSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const name = new TextEncoder().encode(entry);
  let patched = 0;
  for (let at = 0; at + 46 < out.length; at++) {
    const sig = view.getUint32(at, true);
    const isCentral = sig === 0x02014b50;
    const isLocal = sig === 0x04034b50;
    if (!isCentral && !isLocal) continue;
    const nameAt = at + (isCentral ? 46 : 30);
    const nameLength = view.getUint16(at + (isCentral ? 28 : 26), true);
    if (nameLength !== name.length || !name.every((b, i) => out[nameAt + i] === b)) continue;
    view.setUint32(at + (isCentral ? 24 : 22), size >>> 0, true);
    patched++;
  }
  if (patched !== 2) throw new Error(`patchDeclaredSize: found ${patched} headers for ${entry}, expected 2`);
  return out;
}
