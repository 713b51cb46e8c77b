/**
 * Simple bar and line charts as inline SVG strings, drawn by hand: a report must be one
 * self-contained file with no script, and a charting library would bring both script and far
 * more than two chart types need. Accessible: role="img" with a <title> and a <desc>, and the
 * renderer always puts the data table beside the chart.
 *
 * A value that cannot be drawn (suppressed, censored "<5", no data) is never drawn as 0: the bar
 * is left out and its marker word is written where the bar would be; a line is broken there.
 * All text is escaped here; callers pass plain text.
 */

export interface ChartDatum {
  /** the category or period, already in the report's language */
  readonly label: string;
  /** the drawable number, or null for suppressed / censored / missing */
  readonly value: number | null;
  /** what to write for the value ("1,234", "suppressed", "<5") */
  readonly shown: string;
}

export interface ChartOptions {
  /** unique within the document: the id of the <title> the SVG is labelled by */
  readonly id: string;
  readonly title: string;
  /** one sentence read by screen readers, e.g. "The values are in the table below." */
  readonly description?: string;
  /** mirror the layout (labels on the right, bars growing leftwards) for Arabic */
  readonly rtl?: boolean;
  readonly width?: number;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** escapes text for SVG/XML content and attribute values */
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** long labels are cut in the chart only; the table beside it has them whole */
const clip = (s: string, max: number): string => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/** at most this many bars or points are drawn; the table beside the chart carries every row */
export const MAX_CHART_ITEMS = 60;

function frame(o: ChartOptions, width: number, height: number, body: string): string {
  const idTitle = `${o.id}-title`;
  const idDesc = `${o.id}-desc`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-labelledby="${escapeXml(idTitle)} ${escapeXml(idDesc)}">`
    + `<title id="${escapeXml(idTitle)}">${escapeXml(o.title)}</title>`
    + `<desc id="${escapeXml(idDesc)}">${escapeXml(o.description ?? '')}</desc>`
    + `${body}</svg>`;
}

/**
 * A horizontal bar chart: one bar per datum, the label beside it and the value after it.
 *
 * @example barChartSvg([{ label: 'Forced labour', value: 42, shown: '42' }], { id: 'f1', title: 'Forms of exploitation' })
 */
export function barChartSvg(data: readonly ChartDatum[], o: ChartOptions): string {
  const items = data.slice(0, MAX_CHART_ITEMS);
  const width = o.width ?? 560;
  const rowH = 20;
  const top = 8;
  const height = top * 2 + Math.max(1, items.length) * rowH;
  const labelW = Math.round(width * 0.36);
  const valueW = 86;
  const barMax = width - labelW - valueW - 12;
  const max = Math.max(1, ...items.map((d) => (d.value !== null && Number.isFinite(d.value) ? d.value : 0)));
  const rows = items.map((d, i) => {
    const y = top + i * rowH;
    const mid = y + rowH / 2 + 4;
    const len = d.value !== null && Number.isFinite(d.value) ? Math.max(d.value > 0 ? 1 : 0, (d.value / max) * barMax) : 0;
    const drawable = d.value !== null && Number.isFinite(d.value);
    // ltr: label | bar → value; rtl: value ← bar | label. Right-to-left text gets direction="rtl" (its
    // bidi base direction, so a mixed Arabic/Latin label reads in the right order), and then
    // text-anchor "start" is its right-hand end.
    const labelX = o.rtl ? width - 4 : labelW - 6;
    const barStart = o.rtl ? width - labelW - len : labelW;
    const valueX = o.rtl ? width - labelW - len - 4 : labelW + len + 4;
    const dir = o.rtl ? ' direction="rtl"' : '';
    const anchorLabel = o.rtl ? 'start' : 'end';
    const anchorValue = 'start';
    const label = `<text x="${r1(labelX)}" y="${r1(mid)}" text-anchor="${anchorLabel}"${dir} class="label">${escapeXml(clip(d.label, 34))}</text>`;
    const bar = drawable && len > 0 ? `<rect x="${r1(barStart)}" y="${r1(y + 3)}" width="${r1(len)}" height="${rowH - 6}" class="bar"/>` : '';
    const value = `<text x="${r1(valueX)}" y="${r1(mid)}" text-anchor="${anchorValue}"${dir} class="${drawable ? 'value' : 'value marker'}">${escapeXml(d.shown)}</text>`;
    return `<g>${label}${bar}${value}</g>`;
  });
  const axisX = o.rtl ? width - labelW : labelW;
  const axis = `<line x1="${axisX}" y1="${top}" x2="${axisX}" y2="${height - top}" class="axis"/>`;
  return frame(o, width, height, axis + rows.join(''));
}

/**
 * A line chart over periods in order (time runs left to right in every language, as UN
 * statistical annexes print it). Undrawable points break the line and get a hollow marker at
 * the baseline with its word in a tooltip <title>.
 *
 * @example lineChartSvg([{ label: '2024-01', value: 12, shown: '12' }, { label: '2024-02', value: null, shown: 'suppressed' }], { id: 't1', title: 'Trends' })
 */
export function lineChartSvg(data: readonly ChartDatum[], o: ChartOptions): string {
  const items = data.slice(-MAX_CHART_ITEMS);
  const width = o.width ?? 560;
  const height = 220;
  const pad = { left: 48, right: 16, top: 14, bottom: 34 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = items.map((d) => (d.value !== null && Number.isFinite(d.value) ? d.value : null));
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const x = (i: number): number => pad.left + (items.length <= 1 ? plotW / 2 : (i / (items.length - 1)) * plotW);
  const y = (v: number): number => pad.top + plotH - (v / max) * plotH;
  const baseY = pad.top + plotH;

  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 1) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${r1(x(i))},${r1(y(v))}`);
  });
  if (current.length > 1) segments.push(current.join(' '));

  const lines = segments.map((pts) => `<polyline points="${pts}" class="line" fill="none"/>`).join('');
  const points = items
    .map((d, i) => {
      const v = values[i];
      const tip = `<title>${escapeXml(`${d.label}: ${d.shown}`)}</title>`;
      return v === null || v === undefined
        ? `<circle cx="${r1(x(i))}" cy="${r1(baseY)}" r="3.5" class="point marker">${tip}</circle>`
        : `<circle cx="${r1(x(i))}" cy="${r1(y(v))}" r="3" class="point">${tip}</circle>`;
    })
    .join('');
  // first, middle and last period labels: enough to read the axis without overlapping
  const ticks = [...new Set([0, Math.floor((items.length - 1) / 2), items.length - 1])].filter((i) => i >= 0 && items[i]);
  const xLabels = ticks
    .map((i) => `<text x="${r1(x(i))}" y="${height - 12}" text-anchor="middle" class="label">${escapeXml(clip(items[i]!.label, 16))}</text>`)
    .join('');
  const yLabels = `<text x="${pad.left - 6}" y="${r1(pad.top + 4)}" text-anchor="end" class="label">${escapeXml(items.length ? maxShown(items, max) : '')}</text>`
    + `<text x="${pad.left - 6}" y="${r1(baseY)}" text-anchor="end" class="label">0</text>`;
  const axes = `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${baseY}" class="axis"/><line x1="${pad.left}" y1="${baseY}" x2="${width - pad.right}" y2="${baseY}" class="axis"/>`;
  return frame(o, width, height, axes + yLabels + xLabels + lines + points);
}

/** the y-axis top label: the largest value as the caller formatted it */
function maxShown(items: readonly ChartDatum[], max: number): string {
  return items.find((d) => d.value === max)?.shown ?? String(max);
}
