/**
 * Node colours and sizes. Communities get twelve colours that stay apart for the common forms of
 * colour blindness (Tableau 10 plus two), in order of community size; the rest share a grey, and
 * the legend says so. Centrality runs from pale yellow to dark red. Pure: node tests run it.
 */

export const COMMUNITY_COLOURS = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#3a6b35', '#6b4c9a', '#d37295',
] as const;
export const OTHER_COLOUR = '#a0a7b0';

const SCHEMA_COLOURS: Readonly<Record<string, string>> = {
  Person: '#4e79a7',
  Organization: '#e15759',
  Company: '#e15759',
  LegalEntity: '#e15759',
  PublicBody: '#e15759',
  Identifier: '#8c8c8c',
  BankAccount: '#59a14f',
  CryptoWallet: '#59a14f',
  Address: '#9c755f',
  Vehicle: '#b07aa1',
  UserAccount: '#f28e2b',
  Phone: '#8c8c8c',
};

export function schemaColour(schema: string): string {
  return SCHEMA_COLOURS[schema] ?? '#76b7b2';
}

/** Highlights drawn over the graph. */
export const MARK = {
  removed: '#d62728',
  path: '#e8590c',
  pinned: '#1f4fd1',
} as const;

/**
 * Ties and dimmed items. Opaque on purpose: sigma's edge shader drops the faint alpha of an
 * rgba() colour (such edges do not show at all), so "faint" is a light grey on a light canvas and a
 * dark grey on a dark one.
 */
export interface Greys {
  readonly edge: string;
  readonly dimEdge: string;
  readonly dimNode: string;
}
export const LIGHT_GREYS: Greys = { edge: '#c3c8cf', dimEdge: '#eceef1', dimNode: '#d9dde3' };
export const DARK_GREYS: Greys = { edge: '#454d58', dimEdge: '#262b32', dimNode: '#343a43' };

/**
 * Colour per community id: the largest communities (first in `bySize`) get the palette, the
 * others OTHER_COLOUR.
 */
export function communityColours(bySize: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  bySize.forEach((id, i) => out.set(id, COMMUNITY_COLOURS[i] ?? OTHER_COLOUR));
  return out;
}

function hex(n: number): string {
  return Math.round(Math.max(0, Math.min(255, n))).toString(16).padStart(2, '0');
}

const RAMP: readonly (readonly [number, number, number])[] = [[255, 237, 160], [254, 178, 76], [240, 59, 32], [128, 0, 38]];

/**
 * Colour for a share in [0, 1] of the largest value (pale yellow → dark red).
 * @example rampColour(0) // '#ffeda0'  rampColour(1) // '#800026'
 */
export function rampColour(share: number): string {
  const t = Number.isFinite(share) ? Math.max(0, Math.min(1, share)) : 0;
  const pos = t * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return `#${hex(a[0] + (b[0] - a[0]) * f)}${hex(a[1] + (b[1] - a[1]) * f)}${hex(a[2] + (b[2] - a[2]) * f)}`;
}

/** Node radius from degree: logarithmic, so a hub with 100,000 ties does not cover the canvas. */
export function degreeSize(degree: number): number {
  return Math.min(18, 2.5 + 2.2 * Math.log2(1 + Math.max(0, degree)));
}

/** Node radius from a share in [0, 1] of the largest centrality. */
export function shareSize(share: number): number {
  const t = Number.isFinite(share) ? Math.max(0, Math.min(1, share)) : 0;
  return 2.5 + 15.5 * Math.sqrt(t);
}
