/**
 * A light reader of the uncompressed PDFs pdfkit writes (`compress: false`), for the tests: the
 * pages, the fonts with their ToUnicode maps, and the text drawn on each page as
 * (font, x, y, text) items decoded through the fonts' ToUnicode maps — in the order the glyphs
 * are painted, i.e. visual order.
 */

export interface PdfFontInfo {
  readonly ref: string;
  readonly baseFont: string;
  readonly subtype: string;
  readonly embedded: boolean;
  /** glyph id → the characters it stands for */
  readonly toUnicode: ReadonlyMap<number, string>;
}

export interface PdfTextItem {
  readonly font: string;
  readonly x: number;
  readonly y: number;
  /** glyph ids as painted */
  readonly glyphs: readonly number[];
  /** the glyphs' characters, in painted (visual) order */
  readonly text: string;
}

export interface PdfInspection {
  readonly pageCount: number;
  readonly fonts: readonly PdfFontInfo[];
  readonly pages: readonly (readonly PdfTextItem[])[];
}

function objects(pdf: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of pdf.matchAll(/(\d+) 0 obj\s*([\s\S]*?)\nendobj/g)) out.set(m[1]!, m[2]!);
  return out;
}

function streamOf(body: string): string {
  const m = /stream\n([\s\S]*?)\nendstream/.exec(body);
  return m ? m[1]! : '';
}

function utf16Hex(hex: string): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
}

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfrange\n([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const start = parseInt(m[1]!, 16);
      const values = [...m[3]!.matchAll(/<([0-9a-f ]*)>/gi)].map((v) => utf16Hex(v[1]!.replace(/ /g, '')));
      values.forEach((v, i) => map.set(start + i, v));
    }
  }
  for (const block of cmap.matchAll(/beginbfchar\n([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)>/gi)) map.set(parseInt(m[1]!, 16), utf16Hex(m[2]!));
  }
  return map;
}

export function inspectPdf(bytes: Buffer): PdfInspection {
  const pdf = bytes.toString('latin1');
  const objs = objects(pdf);
  const fonts = new Map<string, PdfFontInfo>();
  for (const [ref, body] of objs) {
    const type0 = /\/Type \/Font\s*\/Subtype \/(\w+)\s*\/BaseFont \/([^\s/]+)/.exec(body);
    if (!type0) continue;
    const subtype = type0[1]!;
    if (subtype === 'CIDFontType2' || subtype === 'CIDFontType0') continue;
    let embedded = false;
    let toUnicode = new Map<number, string>();
    const descendant = /\/DescendantFonts \[(\d+) 0 R\]/.exec(body)?.[1];
    if (descendant) {
      const descriptor = /\/FontDescriptor (\d+) 0 R/.exec(objs.get(descendant) ?? '')?.[1];
      embedded = /\/FontFile[23]? \d+ 0 R/.test(objs.get(descriptor ?? '') ?? '');
    }
    const tu = /\/ToUnicode (\d+) 0 R/.exec(body)?.[1];
    if (tu) toUnicode = parseToUnicode(streamOf(objs.get(tu) ?? ''));
    fonts.set(ref, { ref, baseFont: type0[2]!, subtype, embedded, toUnicode });
  }
  const pages: PdfTextItem[][] = [];
  for (const body of objs.values()) {
    if (!/\/Type \/Page\b(?!s)/.test(body)) continue;
    const contents = /\/Contents (\d+) 0 R/.exec(body)?.[1];
    const resources = /\/Resources (\d+) 0 R/.exec(body)?.[1];
    const fontDict = /\/Font <<([^>]*)>>/.exec(objs.get(resources ?? '') ?? body)?.[1] ?? '';
    const names = new Map([...fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1]!, m[2]!]));
    const stream = streamOf(objs.get(contents ?? '') ?? '');
    const items: PdfTextItem[] = [];
    let font = '';
    let x = 0;
    let y = 0;
    for (const op of stream.matchAll(/1 0 0 1 ([-\d.]+) ([-\d.]+) Tm|\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1] !== undefined) {
        x = Number(op[1]);
        y = Number(op[2]);
      } else if (op[3] !== undefined) {
        font = names.get(op[3]) ?? op[3];
      } else if (op[4] !== undefined) {
        const glyphs = [...op[4].matchAll(/<([0-9a-f]+)>/gi)].flatMap((m) => (m[1]!.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
        const map = fonts.get(font)?.toUnicode;
        const text = glyphs.map((g) => map?.get(g) ?? '\uFFFD').join('');
        items.push({ font: fonts.get(font)?.baseFont ?? font, x, y, glyphs, text });
      }
    }
    pages.push(items);
  }
  return { pageCount: pages.length, fonts: [...fonts.values()], pages };
}

/** all text of the document, one item per line of output (items on the same baseline joined left to right) */
export function pdfLines(inspection: PdfInspection): string[] {
  const lines: string[] = [];
  for (const items of inspection.pages) {
    const byY = new Map<number, PdfTextItem[]>();
    for (const item of items) byY.set(item.y, [...(byY.get(item.y) ?? []), item]);
    for (const y of [...byY.keys()].sort((a, b) => b - a)) {
      lines.push(byY.get(y)!.sort((a, b) => a.x - b.x).map((i) => i.text).join(''));
    }
  }
  return lines;
}
