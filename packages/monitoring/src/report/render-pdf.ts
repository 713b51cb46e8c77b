/**
 * A monitoring report as a PDF: the same sections, tables and disclosure notes as the HTML, with
 * a bar chart before each charted table (line charts become bars: one PDF chart type is enough
 * to read a trend, and the table beside it carries the figures). A4, fonts embedded, Arabic
 * shaped and laid out right to left — all by the dossier's PDF layer (@ariadne/dossier
 * PdfWriter), so Ariadne has one PDF text layer. Deterministic: the creation date is the
 * report's generation time, so the same report gives the same bytes.
 *
 * The static map SVG is not drawn (pdfkit has no SVG renderer); the PDF says the map is in the
 * HTML edition.
 */
import PDFDocument from 'pdfkit';
import { BODY, H1, H2, H3, LABEL, PdfWriter, SMALL, loadFontFaces, pdfOutput, type TextStyle } from '@ariadne/dossier';
import type { ReportDocument, ReportTable, ReportValue } from './report-model.ts';
import { chartData } from './render-html.ts';
import { countryName, disclosureSentence, labelText, t, valueText, type ReportLanguage } from './report-i18n.ts';
import { MAX_CHART_ITEMS } from './charts-svg.ts';

export interface RenderReportPdfOptions {
  /** false leaves content streams uncompressed (tests read them) */
  readonly compress?: boolean;
}

const MARGINS = { top: 52, bottom: 52, left: 48, right: 48 };
const MUTED: TextStyle = { ...BODY, color: '#555555' };
const HXL_STYLE: TextStyle = { ...SMALL, size: 6.5, color: '#666666' };
const CELL_PAD = 3;
/** bars drawn per chart in the PDF; every row is in the table below it */
const PDF_CHART_ITEMS = Math.min(30, MAX_CHART_ITEMS);

/** the text of one wrapped line (the writer's lines are slices of an analysed paragraph) */
const lineText = (l: { a: { text: string }; start: number; end: number }): string => l.a.text.slice(l.start, l.end).trimEnd();

function columnWidths(table: ReportTable, total: number): number[] {
  const numeric = table.columns.map((c) => c.numeric);
  const numW = Math.min(78, total / table.columns.length);
  const rest = total - numeric.filter(Boolean).length * numW;
  const labels = numeric.filter((n) => !n).length;
  return numeric.map((n) => (n ? numW : rest / Math.max(1, labels)));
}

/** draws one row of cells; returns its height */
function drawRow(w: PdfWriter, texts: readonly { text: string; style: TextStyle; sub?: string }[], xs: readonly number[], widths: readonly number[], fill?: string): number {
  const wrapped = texts.map((c, i) => ({
    lines: w.wrap(c.text, c.style, widths[i]! - 2 * CELL_PAD).map(lineText),
    sub: c.sub ? w.wrap(c.sub, HXL_STYLE, widths[i]! - 2 * CELL_PAD).map(lineText) : [],
  }));
  const height = Math.max(...wrapped.map((c, i) => c.lines.length * w.lineHeight(texts[i]!.style) + c.sub.length * w.lineHeight(HXL_STYLE))) + 2 * CELL_PAD;
  const doc = w.doc;
  const top = w.y;
  if (fill) doc.rect(xs[0]! < xs[xs.length - 1]! ? xs[0]! : xs[xs.length - 1]!, top, widths.reduce((a, b) => a + b, 0), height).fillColor(fill).fill();
  wrapped.forEach((c, i) => {
    const style = texts[i]!.style;
    let y = top + CELL_PAD;
    for (const line of c.lines) {
      w.fixed(line, style, { x: xs[i]! + CELL_PAD, y, width: widths[i]! - 2 * CELL_PAD });
      y += w.lineHeight(style);
    }
    for (const line of c.sub) {
      w.fixed(line, HXL_STYLE, { x: xs[i]! + CELL_PAD, y, width: widths[i]! - 2 * CELL_PAD });
      y += w.lineHeight(HXL_STYLE);
    }
    doc.rect(xs[i]!, top, widths[i]!, height).lineWidth(0.4).strokeColor('#bbbbbb').stroke();
  });
  w.y = top + height;
  return height;
}

const styleOf = (v: ReportValue): TextStyle => (v.kind === 'suppressed' || v.kind === 'censored' || v.kind === 'missing' ? MUTED : BODY);

function table(w: PdfWriter, tb: ReportTable, lang: ReportLanguage): void {
  const widths = columnWidths(tb, w.width);
  // Arabic: the first column on the right, as an Arabic table reads
  const xs: number[] = [];
  let x = lang === 'ar' ? w.left + w.width : w.left;
  for (const width of widths) {
    if (lang === 'ar') {
      x -= width;
      xs.push(x);
    } else {
      xs.push(x);
      x += width;
    }
  }
  const header = tb.columns.map((c) => ({ text: labelText(c.label, lang), style: LABEL, sub: c.hxl }));
  const pages = (): number => w.doc.bufferedPageRange().count;
  const headerHeight = (): number => Math.max(...header.map((h, i) => w.wrap(h.text, LABEL, widths[i]! - 2 * CELL_PAD).length * w.lineHeight(LABEL))) + w.lineHeight(HXL_STYLE) * 2 + 2 * CELL_PAD;
  w.ensure(headerHeight() + w.lineHeight(BODY) + 2 * CELL_PAD);
  drawRow(w, header, xs, widths, '#f0f0f0');
  const rows = tb.rows.length ? tb.rows : null;
  if (!rows) {
    w.paragraph(t('noRows', lang), MUTED, 0, 2);
    return;
  }
  for (const r of rows) {
    const cells = r.map((v) => ({ text: valueText(v, lang), style: styleOf(v) }));
    const estimate = Math.max(...cells.map((c, i) => w.wrap(c.text, c.style, widths[i]! - 2 * CELL_PAD).length)) * w.lineHeight(BODY) + 2 * CELL_PAD;
    const before = pages();
    w.ensure(estimate);
    // a table broken across pages repeats its header
    if (pages() !== before) drawRow(w, header, xs, widths, '#f0f0f0');
    drawRow(w, cells, xs, widths);
  }
  w.y += 3;
}

function barChart(w: PdfWriter, tb: ReportTable, lang: ReportLanguage): void {
  const data = chartData(tb, lang).slice(0, PDF_CHART_ITEMS);
  if (data.length === 0) return;
  const rtl = lang === 'ar';
  const rowH = 13;
  const labelW = Math.round(w.width * 0.34);
  const valueW = 70;
  const barMax = w.width - labelW - valueW - 10;
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  const doc = w.doc;
  for (const d of data) {
    w.ensure(rowH);
    const len = d.value === null ? 0 : Math.max(d.value > 0 ? 1 : 0, (d.value / max) * barMax);
    const label = [...d.label].length > 40 ? `${[...d.label].slice(0, 39).join('')}…` : d.label;
    const labelX = rtl ? w.left + w.width - labelW : w.left;
    const barX = rtl ? w.left + w.width - labelW - 6 - len : w.left + labelW + 6;
    const valueX = rtl ? barX - valueW - 4 : barX + len + 4;
    w.fixed(label, SMALL, { x: labelX, y: w.y + 2, width: labelW - 4 });
    if (len > 0) doc.rect(barX, w.y + 2, len, rowH - 4).fillColor('#3a6ea5').fill();
    w.fixed(d.shown, d.value === null ? { ...SMALL, color: '#666666' } : SMALL, { x: valueX, y: w.y + 2, width: valueW });
    w.y += rowH;
  }
  w.y += 4;
}

function body(w: PdfWriter, report: ReportDocument, lang: ReportLanguage): void {
  w.paragraph(t(report.kind === 'thematic' ? 'thematicReport' : 'countryProfile', lang).toUpperCase(), { ...LABEL, color: '#555555' }, 0, 3);
  w.paragraph(report.title, H1, 0, 6);
  w.field(t('period', lang), [`${report.period.from} – ${report.period.to}`], 110);
  const area = report.kind === 'thematic'
    ? [...(report.area.name ? [report.area.name] : []), ...report.area.countries.map((c) => countryName(c, lang))].join(', ')
    : countryName(report.country, lang);
  w.field(t(report.kind === 'thematic' ? 'area' : 'country', lang), [area], 110);
  w.field(t('generatedAt', lang), [report.generatedAt], 110);
  w.rule();
  w.paragraph(t('protection', lang), SMALL, 0, 6);
  report.sections.forEach((s, i) => {
    w.heading(`${i + 1}. ${labelText(s.heading, lang)}`, H2);
    if (s.mapSvg) w.paragraph(t('mapHtmlOnly', lang), MUTED);
    for (const tb of s.tables) {
      w.heading(labelText(tb.caption, lang), H3);
      if (tb.chart && tb.rows.length) barChart(w, tb, lang);
      table(w, tb, lang);
      const source = tb.source ? ` ${t('source', lang)}: ${tb.source}.` : '';
      w.paragraph(`${t('disclosure', lang)}: ${disclosureSentence(tb.note, lang)}${source}`, SMALL, 0, 8);
    }
  });
}

function decorate(w: PdfWriter, report: ReportDocument, lang: ReportLanguage): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const page = t('pageOf', lang, { n: String(i + 1), m: String(range.count) });
    w.fixed(report.title, SMALL, { x: MARGINS.left, y: 26, width: w.width });
    w.fixed(page, SMALL, { x: lang === 'ar' ? MARGINS.left : MARGINS.left + w.width - 90, y: doc.page.height - 34, width: 90 });
  }
}

/**
 * Renders a report as a PDF in `lang`.
 *
 * @example (await renderReportPdf(report, 'fr')).subarray(0, 5).toString() // '%PDF-'
 */
export async function renderReportPdf(report: ReportDocument, lang: ReportLanguage = 'en', options: RenderReportPdfOptions = {}): Promise<Buffer> {
  const faces = loadFontFaces();
  const created = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    compress: options.compress ?? true,
    // no default font: pdfkit would otherwise reference Helvetica, a font the PDF does not embed
    font: null as unknown as string,
    lang,
    displayTitle: true,
    info: {
      Title: report.title,
      Subject: t(report.kind === 'thematic' ? 'thematicReport' : 'countryProfile', lang),
      Creator: 'Ariadne',
      Producer: 'Ariadne (pdfkit)',
      CreationDate: Number.isNaN(created.getTime()) ? new Date(0) : created,
    },
  });
  const done = pdfOutput(doc, faces);
  const w = new PdfWriter(doc, faces, MARGINS);
  body(w, report, lang);
  decorate(w, report, lang);
  doc.end();
  return done;
}
