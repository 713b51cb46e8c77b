/**
 * A monitoring report (thematic or country profile) as one self-contained HTML document: inline
 * CSS, no script, no external request (a Content-Security-Policy that allows neither says so to
 * the browser too), in English, French or Arabic (dir="rtl"). Each figure is a chart when it has
 * one, the table beside it (the accessible form of the chart), and its disclosure note.
 *
 * Every piece of outside text (titles, group names, P-codes) is HTML-escaped and isolated in
 * <bdi>, so a group called "<script>" is text and a right-to-left name cannot reorder a row.
 */
import type { ReportDocument, ReportSection, ReportTable, ReportValue } from './report-model.ts';
import { barChartSvg, lineChartSvg, type ChartDatum } from './charts-svg.ts';
import { countryName, directionOf, disclosureSentence, labelText, t, valueText, type ReportLanguage } from './report-i18n.ts';
import { visibleText } from '@ariadne/dossier';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** outside text: visible controls, escaped, isolated */
const bdi = (s: string): string => `<bdi>${escapeHtml(visibleText(s))}</bdi>`;

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
html { font-family: "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; }
html[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", serif; }
body { max-width: 62rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .4rem 0; } h2 { font-size: 1.25rem; border-bottom: 1px solid #999; margin-top: 1.6rem; page-break-after: avoid; }
.kind { text-transform: uppercase; letter-spacing: .05em; color: #555; margin: 0; }
table { border-collapse: collapse; margin: .4rem 0 .3rem; min-width: 50%; } thead { display: table-header-group; }
th, td { border: 1px solid #bbb; padding: .2rem .45rem; vertical-align: top; text-align: start; }
thead th { background: #f0f0f0; } td.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.suppressed, td.censored, td.missing { font-style: italic; color: #555; }
table.meta th { background: #f3f3f3; width: 10rem; }
figure { margin: 1rem 0 1.4rem; page-break-inside: avoid; } figcaption { font-weight: bold; margin-bottom: .3rem; }
.hxl { font-family: "DejaVu Sans Mono", monospace; font-size: .78em; color: #555; font-weight: normal; display: block; direction: ltr; }
p.note { font-size: .9em; color: #333; border-inline-start: 3px solid #999; padding-inline-start: .5rem; margin: .2rem 0; }
p.protection { background: #f6f6f6; padding: .5rem .7rem; }
svg.chart { display: block; max-width: 100%; height: auto; margin: .3rem 0; }
svg.chart .bar { fill: #3a6ea5; } svg.chart .line { stroke: #3a6ea5; stroke-width: 2; } svg.chart .point { fill: #3a6ea5; }
svg.chart .point.marker { fill: #fff; stroke: #888; } svg.chart .axis { stroke: #888; stroke-width: 1; }
svg.chart text { font-size: 11px; fill: #222; } svg.chart .marker { fill: #666; font-style: italic; }
img.map { max-width: 100%; border: 1px solid #ccc; }
nav ol { columns: 2; } a { color: #1d4f91; }
@media print { nav { display: none; } a { color: inherit; text-decoration: none; } }
`;

/** the drawable number of a value: only released or reported counts are drawn */
export function chartValue(v: ReportValue): number | null {
  return v.kind === 'count' ? v.value : v.kind === 'stat' ? v.value : null;
}

/** The data of a table's chart, in the report's language. */
export function chartData(table: ReportTable, lang: ReportLanguage): ChartDatum[] {
  if (!table.chart) return [];
  const { labelColumn, valueColumn } = table.chart;
  const labels = typeof labelColumn === 'number' ? [labelColumn] : labelColumn;
  const label = (r: readonly ReportValue[]): string => {
    const parts = labels.map((i) => valueText(r[i]!, lang));
    return parts.length === 2 ? t('corridor', lang, { a: parts[0]!, b: parts[1]! }) : parts.join(' / ');
  };
  return table.rows.map((r) => ({
    label: label(r),
    value: chartValue(r[valueColumn]!),
    shown: valueText(r[valueColumn]!, lang),
  }));
}

function cell(v: ReportValue, numeric: boolean, lang: ReportLanguage): string {
  const text = escapeHtml(valueText(v, lang));
  switch (v.kind) {
    case 'censored':
      // "<5" reads left to right in every language, as in the PDF and the CSV (an RTL context would mirror "<")
      return `<td class="num censored"><bdi dir="ltr">${text}</bdi></td>`;
    case 'suppressed':
    case 'missing':
      return `<td class="num ${v.kind}">${text}</td>`;
    case 'count':
    case 'stat':
      return `<td class="num">${text}</td>`;
    case 'text':
    case 'country':
      return `<td${numeric ? ' class="num"' : ''}><bdi>${text}</bdi></td>`;
    default:
      return `<td>${text}</td>`;
  }
}

function tableFigure(table: ReportTable, lang: ReportLanguage): string {
  const caption = escapeHtml(labelText(table.caption, lang));
  const figureId = `fig-${table.id}`;
  let chart = '';
  if (table.chart && table.rows.length) {
    const data = chartData(table, lang);
    const options = { id: `chart-${table.id}`, title: `${t('figure', lang)}: ${labelText(table.caption, lang)}`, description: `${labelText(table.columns[table.chart.valueColumn]!.label, lang)}`, rtl: lang === 'ar' };
    chart = table.chart.type === 'line' ? lineChartSvg(data, options) : barChartSvg(data, options);
  }
  const head = table.columns
    .map((c) => `<th scope="col">${escapeHtml(labelText(c.label, lang))}<span class="hxl" lang="zxx">${escapeHtml(c.hxl)}</span></th>`)
    .join('');
  const body = table.rows.length
    ? table.rows.map((r) => `<tr>${r.map((v, i) => cell(v, table.columns[i]!.numeric, lang)).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${table.columns.length}" class="missing">${escapeHtml(t('noRows', lang))}</td></tr>`;
  const source = table.source ? ` ${escapeHtml(t('source', lang))}: ${bdi(table.source)}.` : '';
  return `<figure id="${figureId}" aria-labelledby="${figureId}-caption">
<figcaption id="${figureId}-caption">${caption}</figcaption>
${chart}
<table id="table-${table.id}"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<p class="note"><strong>${escapeHtml(t('disclosure', lang))}:</strong> ${escapeHtml(disclosureSentence(table.note, lang))}${source}</p>
</figure>`;
}

function sectionHtml(s: ReportSection, index: number, lang: ReportLanguage): string {
  const heading = `${index + 1}. ${escapeHtml(labelText(s.heading, lang))}`;
  const map = s.mapSvg
    ? `<p><img class="map" src="data:image/svg+xml;base64,${Buffer.from(s.mapSvg, 'utf8').toString('base64')}" alt="${escapeHtml(`${t('mapOf', lang)}: ${labelText(s.heading, lang)}`)}"></p>`
    : '';
  return `<section id="section-${s.kind}-${index + 1}" aria-labelledby="h-${index + 1}"><h2 id="h-${index + 1}">${heading}</h2>
${map}
${s.tables.map((tb) => tableFigure(tb, lang)).join('\n')}
</section>`;
}

/**
 * Renders a report as one HTML document in `lang`.
 *
 * @example renderReportHtml(report, 'ar').includes('dir="rtl"') // true
 */
export function renderReportHtml(report: ReportDocument, lang: ReportLanguage = 'en'): string {
  const dir = directionOf(lang);
  const kind = t(report.kind === 'thematic' ? 'thematicReport' : 'countryProfile', lang);
  const area = report.kind === 'thematic'
    ? [report.area.name ? bdi(report.area.name) : '', ...report.area.countries.map((c) => bdi(countryName(c, lang)))].filter(Boolean).join(', ')
    : bdi(countryName(report.country, lang));
  const meta: [string, string][] = [
    [t('period', lang), `<bdi dir="ltr">${escapeHtml(report.period.from)} – ${escapeHtml(report.period.to)}</bdi>`],
    [t(report.kind === 'thematic' ? 'area' : 'country', lang), area],
    [t('generatedAt', lang), `<bdi dir="ltr">${escapeHtml(report.generatedAt)}</bdi>`],
  ];
  const contents = report.sections
    .map((s, i) => `<li><a href="#section-${s.kind}-${i + 1}">${escapeHtml(labelText(s.heading, lang))}</a></li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(visibleText(report.title))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="kind">${escapeHtml(kind)}</p>
<h1>${bdi(report.title)}</h1>
<table class="meta"><tbody>${meta.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>
<p class="protection">${escapeHtml(t('protection', lang))}</p>
</header>
<nav aria-label="${escapeHtml(t('contents', lang))}"><ol>${contents}</ol></nav>
<main>
${report.sections.map((s, i) => sectionHtml(s, i, lang)).join('\n')}
</main>
</body>
</html>
`;
}
