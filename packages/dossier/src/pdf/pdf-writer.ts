/**
 * A small flowing-text writer over pdfkit: headings, paragraphs and label/value rows, wrapped
 * and broken across pages by us (pdfkit's own wrapper knows nothing of bidi or of font fallback
 * per character), each line drawn as visual runs from text-layout.ts.
 */
import type PDFDocument from 'pdfkit';
import { analyseText, visualRuns, type AnalysedText } from './text-layout.ts';
import type { FontFace, FontWeight } from './fonts.ts';

export interface TextStyle {
  readonly size: number;
  readonly weight: FontWeight;
  readonly color: string;
}

export const BODY: TextStyle = { size: 9, weight: 400, color: '#111111' };
export const SMALL: TextStyle = { size: 7.5, weight: 400, color: '#444444' };
export const LABEL: TextStyle = { size: 9, weight: 700, color: '#111111' };
export const H1: TextStyle = { size: 16, weight: 700, color: '#111111' };
export const H2: TextStyle = { size: 12.5, weight: 700, color: '#111111' };
export const H3: TextStyle = { size: 10.5, weight: 700, color: '#111111' };

/** one wrapped line: a slice of an analysed paragraph */
interface Line {
  readonly a: AnalysedText;
  readonly start: number;
  readonly end: number;
}

const LINE_GAP = 1.35;

export class PdfWriter {
  y: number;
  readonly left: number;
  readonly width: number;
  private readonly top: number;
  private readonly bottom: number;
  private readonly widths = new Map<string, number>();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly faces: readonly FontFace[],
    margins: { top: number; bottom: number; left: number; right: number },
  ) {
    this.left = margins.left;
    this.width = doc.page.width - margins.left - margins.right;
    this.top = margins.top;
    this.bottom = doc.page.height - margins.bottom;
    this.y = this.top;
  }

  private useFont(subset: string, style: TextStyle): void {
    this.doc.font(`${subset}-${style.weight}`).fontSize(style.size);
  }

  /** width of a logical slice, measured run by run in the font each character needs */
  private measure(a: AnalysedText, start: number, end: number, style: TextStyle): number {
    let total = 0;
    let from = start;
    for (let i = start + 1; i <= end; i++) {
      if (i === end || a.subsets[i] !== a.subsets[from]) {
        const text = a.text.slice(from, i);
        const key = `${a.subsets[from]}|${style.weight}|${style.size}|${text}`;
        let w = this.widths.get(key);
        if (w === undefined) {
          this.useFont(a.subsets[from]!, style);
          w = this.doc.widthOfString(text);
          if (this.widths.size < 200_000) this.widths.set(key, w);
        }
        total += w;
        from = i;
      }
    }
    return total;
  }

  /** greedy wrapping at spaces; a word longer than the line is broken between characters */
  wrap(text: string, style: TextStyle, width: number): Line[] {
    const lines: Line[] = [];
    for (const paragraph of text.replace(/\t/g, '    ').split('\n')) {
      const a = analyseText(paragraph, this.faces);
      const words = [...paragraph.matchAll(/\S+\s*/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
      if (words.length === 0) {
        lines.push({ a, start: 0, end: 0 });
        continue;
      }
      let lineStart = words[0]![0];
      let lineWidth = 0;
      for (const [ws, we] of words) {
        const trimmed = paragraph.slice(ws, we).trimEnd().length + ws;
        const w = this.measure(a, ws, trimmed, style);
        const space = this.measure(a, trimmed, we, style);
        if (lineWidth > 0 && lineWidth + w > width) {
          lines.push({ a, start: lineStart, end: ws });
          lineStart = ws;
          lineWidth = 0;
        }
        if (lineWidth === 0 && w > width) {
          // hashes, URLs, hostile single tokens: cut by characters
          let from = ws;
          let acc = 0;
          for (let i = ws; i < trimmed; i++) {
            const cw = this.measure(a, i, i + 1, style);
            if (acc + cw > width && i > from) {
              lines.push({ a, start: from, end: i });
              from = i;
              acc = 0;
            }
            acc += cw;
          }
          lineStart = from;
          lineWidth = acc + space;
          continue;
        }
        lineWidth += w + space;
      }
      lines.push({ a, start: lineStart, end: words[words.length - 1]![1] });
    }
    return lines;
  }

  lineHeight(style: TextStyle): number {
    return style.size * LINE_GAP;
  }

  /** starts a new page when `height` does not fit */
  ensure(height: number): void {
    if (this.y + height > this.bottom) {
      this.doc.addPage();
      this.y = this.top;
    }
  }

  /** draws one wrapped line at (x, y) in a box of `width`; right-to-left paragraphs align right */
  private drawLine(line: Line, style: TextStyle, x: number, width: number): void {
    let end = line.end;
    while (end > line.start && /\s/.test(line.a.text[end - 1]!)) end--;
    const runs = visualRuns(line.a, line.start, end);
    let cursor = x;
    if (line.a.rtl) cursor = x + Math.max(0, width - this.measure(line.a, line.start, end, style));
    this.doc.fillColor(style.color);
    for (const run of runs) {
      this.useFont(run.subset, style);
      this.doc.text(run.text, cursor, this.y, { lineBreak: false });
      cursor += this.doc.widthOfString(run.text);
    }
  }

  paragraph(text: string, style: TextStyle = BODY, indent = 0, after = 3): void {
    for (const line of this.wrap(text, style, this.width - indent)) {
      this.ensure(this.lineHeight(style));
      this.drawLine(line, style, this.left + indent, this.width - indent);
      this.y += this.lineHeight(style);
    }
    this.y += after;
  }

  heading(text: string, style: TextStyle): void {
    this.ensure(this.lineHeight(style) * 3);
    this.y += style.size * 0.6;
    this.paragraph(text, style, 0, style.size * 0.3);
  }

  /** a label in a left column and its values below each other on the right, flowing across pages */
  field(label: string, values: readonly string[], labelWidth = 150, indent = 0): void {
    const valueX = this.left + indent + labelWidth;
    const valueWidth = this.width - indent - labelWidth;
    const labelLines = this.wrap(label, LABEL, labelWidth - 8);
    const valueLines = (values.length ? values : ['not recorded']).flatMap((v) => this.wrap(v, BODY, valueWidth));
    const h = this.lineHeight(BODY);
    const rows = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < rows; i++) {
      this.ensure(h);
      if (labelLines[i]) this.drawLine(labelLines[i]!, LABEL, this.left + indent, labelWidth - 8);
      if (valueLines[i]) this.drawLine(valueLines[i]!, values.length ? BODY : SMALL, valueX, valueWidth);
      this.y += h;
    }
    this.y += 2;
  }

  rule(): void {
    this.ensure(6);
    this.doc.moveTo(this.left, this.y + 2).lineTo(this.left + this.width, this.y + 2).lineWidth(0.5).strokeColor('#999999').stroke();
    this.y += 6;
  }

  /** draws text at a fixed place (headers, footers), outside the flow */
  fixed(text: string, style: TextStyle, at: { x: number; y: number; width: number }): void {
    const { x, y, width } = at;
    const saved = this.y;
    this.y = y;
    const [line] = this.wrap(text, style, width);
    if (line) this.drawLine(line, style, x, width);
    this.y = saved;
  }
}

export type { PDFDocument };
