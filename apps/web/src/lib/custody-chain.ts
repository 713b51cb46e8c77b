/**
 * Links an item's custody events into the hash chain the server keeps: each event's details
 * carry `prev`, the leaf hash of the item's previous event (null for the intake); an export,
 * shared by many items, commits to each item's head in `details.items[].head`. The timeline shows
 * for every event which earlier event it points to, and flags a link that points nowhere or a
 * second event claiming the same predecessor (a fork). Pure, so node tests cover it.
 */
import type { CustodyEvent } from '../api/evidence-types.ts';

export type LinkStatus = 'start' | 'linked' | 'broken' | 'unknown';

export interface ChainLink {
  readonly event: CustodyEvent;
  /** the hash this event names as its predecessor (null: first event; undefined: none given) */
  readonly prev: string | null | undefined;
  readonly status: LinkStatus;
  /** seq of the event whose leaf hash `prev` is */
  readonly linkedSeq: number | null;
}

export interface CustodyChain {
  readonly links: readonly ChainLink[];
  /** every link is either the start or linked to an earlier event */
  readonly intact: boolean;
  /** the item's `headHash` is the leaf of an event no later event extends */
  readonly headMatches: boolean;
}

function prevOf(event: CustodyEvent, itemId: string): { prev: string | null | undefined; extends: boolean } {
  const details = event.details ?? {};
  if ('prev' in details) {
    const prev = details.prev;
    return { prev: typeof prev === 'string' ? prev : prev === null ? null : undefined, extends: true };
  }
  const items = details.items;
  if (Array.isArray(items)) {
    for (const entry of items as unknown[]) {
      if (entry && typeof entry === 'object' && (entry as Record<string, unknown>).item === itemId) {
        const head = (entry as Record<string, unknown>).head;
        return { prev: typeof head === 'string' ? head : undefined, extends: false };
      }
    }
  }
  return { prev: undefined, extends: false };
}

/**
 * @example
 * linkCustody([{ seq: 1, leafHash: 'a', details: { prev: null } }, { seq: 2, leafHash: 'b', details: { prev: 'a' } }], 'ev1', 'b')
 * // links: start, linked(1); intact: true; headMatches: true
 */
export function linkCustody(events: readonly CustodyEvent[], itemId: string, headHash?: string | null): CustodyChain {
  const seqByLeaf = new Map<string, number>();
  const extended = new Set<string>();
  const links: ChainLink[] = [];
  let sawStart = false;
  for (const event of events) {
    const { prev, extends: extendsChain } = prevOf(event, itemId);
    let status: LinkStatus;
    let linkedSeq: number | null = null;
    if (prev === undefined) {
      status = 'unknown';
    } else if (prev === null) {
      status = sawStart ? 'broken' : 'start';
      sawStart = true;
    } else if (seqByLeaf.has(prev) && !(extendsChain && extended.has(prev))) {
      status = 'linked';
      linkedSeq = seqByLeaf.get(prev)!;
    } else {
      status = 'broken';
    }
    if (extendsChain && typeof prev === 'string') extended.add(prev);
    if (event.leafHash) seqByLeaf.set(event.leafHash, event.seq);
    links.push({ event, prev, status, linkedSeq });
  }
  const intact = links.length > 0 && links.every((l) => l.status === 'start' || l.status === 'linked');
  const headMatches = Boolean(headHash) && seqByLeaf.has(headHash!) && !extended.has(headHash!);
  return { links, intact, headMatches };
}

/** fields of the details that the timeline shows elsewhere or that only the machinery needs */
const HIDDEN_DETAILS = new Set(['v', 'kind', 'item', 'prev', 'purpose', 'items', 'metadata']);
const MAX_DETAIL = 300;

function detailText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value.length > MAX_DETAIL ? `${value.slice(0, MAX_DETAIL)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return detailText(value.join(', '));
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return '…';
  }
  return detailText(json);
}

/**
 * The details of a custody event worth showing a person (recipient, method, bundle, hashes…),
 * as key/text pairs; empty values are left out and long ones shortened.
 * @example custodyDetailRows({ v: 1, kind: 'transfer', recipient: 'Synthetic Court', prev: 'ab' }) // [['recipient', 'Synthetic Court']]
 */
export function custodyDetailRows(details: unknown): Array<[string, string]> {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return [];
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (HIDDEN_DETAILS.has(key) || value === null || value === undefined || value === '') continue;
    rows.push([key, detailText(value)]);
  }
  return rows;
}

/** The purpose of an event: the top-level field, else the one inside its details. */
export function custodyPurpose(event: CustodyEvent): string | null {
  if (typeof event.purpose === 'string' && event.purpose) return event.purpose;
  const inner = event.details?.purpose;
  return typeof inner === 'string' && inner ? inner : null;
}
