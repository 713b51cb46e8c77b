/**
 * The explorer's current picture as SVG, written by hand from the drawn positions, colours and
 * sizes (sigma draws with WebGL and has no SVG output). Captions are data from the case: every one
 * is escaped, and characters XML forbids are dropped. rgba() colours become a hex colour plus an
 * opacity so Inkscape and Illustrator read them. Pure (no DOM): node tests run it.
 */

export interface SvgNode {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly color: string;
  /** drawn beside the node when non-empty */
  readonly label: string;
  /** a ring around the node (pinned, removed by the plan) */
  readonly ring?: string;
}

export interface SvgEdge {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly color: string;
  readonly width: number;
}

export interface SvgPicture {
  readonly width: number;
  readonly height: number;
  readonly background: string;
  readonly nodes: readonly SvgNode[];
  readonly edges: readonly SvgEdge[];
  readonly title?: string;
}

// XML 1.0 allows tab, newline, carriage return and U+0020 upwards, minus surrogates and U+FFFE/F.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function hex2(n: number): string {
  return Math.round(Math.max(0, Math.min(255, n))).toString(16).padStart(2, '0');
}

/**
 * A CSS colour as an SVG paint and opacity.
 * @example svgPaint('rgba(160, 167, 176, 0.25)') // { paint: '#a0a7b0', opacity: 0.25 }
 */
export function svgPaint(color: string): { paint: string; opacity: number } {
  const rgba = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(color.trim());
  if (rgba) return { paint: `#${hex2(Number(rgba[1]))}${hex2(Number(rgba[2]))}${hex2(Number(rgba[3]))}`, opacity: rgba[4] === undefined ? 1 : Math.max(0, Math.min(1, Number(rgba[4]))) };
  if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(color.trim())) return { paint: color.trim().toLowerCase(), opacity: 1 };
  return { paint: '#888888', opacity: 1 };
}

function num(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0';
}

function paintAttrs(kind: 'fill' | 'stroke', color: string): string {
  const { paint, opacity } = svgPaint(color);
  return opacity < 1 ? `${kind}="${paint}" ${kind}-opacity="${num(opacity)}"` : `${kind}="${paint}"`;
}

export function renderSvg(picture: SvgPicture): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${num(picture.width)}" height="${num(picture.height)}" viewBox="0 0 ${num(picture.width)} ${num(picture.height)}">`);
  if (picture.title) out.push(`<title>${escapeXml(picture.title)}</title>`);
  out.push(`<rect width="100%" height="100%" ${paintAttrs('fill', picture.background)}/>`);
  out.push('<g id="edges" stroke-linecap="round">');
  for (const e of picture.edges) {
    out.push(`<line x1="${num(e.x1)}" y1="${num(e.y1)}" x2="${num(e.x2)}" y2="${num(e.y2)}" ${paintAttrs('stroke', e.color)} stroke-width="${num(e.width)}"/>`);
  }
  out.push('</g>');
  out.push('<g id="nodes">');
  for (const n of picture.nodes) {
    out.push(`<circle cx="${num(n.x)}" cy="${num(n.y)}" r="${num(n.r)}" ${paintAttrs('fill', n.color)}/>`);
    if (n.ring) out.push(`<circle cx="${num(n.x)}" cy="${num(n.y)}" r="${num(n.r + 3)}" fill="none" ${paintAttrs('stroke', n.ring)} stroke-width="2"/>`);
  }
  out.push('</g>');
  out.push('<g id="labels" font-family="system-ui, sans-serif" font-size="12" fill="#1b1f24">');
  for (const n of picture.nodes) {
    if (n.label) out.push(`<text x="${num(n.x + n.r + 3)}" y="${num(n.y + 4)}">${escapeXml(n.label)}</text>`);
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
