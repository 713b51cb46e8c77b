/**
 * The bundle's manifest (bundle.json), built from what the log holds: the custody events of the
 * exported items with their inclusion proofs, the export entry and the signed checkpoint. Every
 * item field is copied from the item's intake details rather than taken from the caller, so the
 * manifest can only say what the log says; the verifier checks exactly that.
 */
import { AriadneError } from '@ariadne/schema/errors';
import { FORMAT, VERSION, itemFilePath, leafHashOf } from '../../verifier/verify-bundle.mjs';

/** a custody event as the store gives it (`CustodyEventRecord`), plus its inclusion proof */
export interface BundleEventInput {
  readonly seq: number;
  /** the canonical journal entry: `canonicalJournalEntry(fields)` as UTF-8 */
  readonly entry: string | Uint8Array;
  /** the details whose canonical JSON hashes to the entry's contentHash */
  readonly details: Readonly<Record<string, unknown>>;
  /** RFC 9162 inclusion proof of leaf seq − 1 in the checkpoint's tree (hex strings or bytes) */
  readonly proof: readonly (string | Uint8Array)[];
}

export interface BundleManifestInput {
  readonly case: { readonly id: string | null; readonly name: string | null };
  readonly log: { readonly origin: string; readonly verifierKey: string };
  /** the signed checkpoint (C2SP signed note) whose tree every proof leads to */
  readonly checkpoint: string;
  /** seq of the bundle's `evidence.export` journal entry */
  readonly exportSeq: number;
  /** every custody event of the items up to the export, and the export entry; others are left out */
  readonly events: readonly BundleEventInput[];
  readonly items: readonly { readonly id: string }[];
}

export interface BundleEvent {
  readonly seq: number;
  readonly entry: string;
  readonly leafHash: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly proof: readonly string[];
}

/** an item: its bundle path and seqs, and every property of its intake record */
export interface BundleItem {
  readonly id: string;
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly filename: string | null;
  readonly mime?: string;
  readonly eventSeqs: readonly number[];
  readonly [field: string]: unknown;
}

export interface BundleAttachment {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface BundleManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly bundleId: string;
  readonly createdAt: string;
  readonly case: { readonly id: string | null; readonly name: string | null };
  readonly purpose: string | null;
  readonly recipient: string | null;
  readonly log: { readonly origin: string; readonly verifierKey: string };
  readonly checkpoint: string;
  readonly exportSeq: number;
  readonly items: readonly BundleItem[];
  readonly events: readonly BundleEvent[];
  readonly attachments: readonly BundleAttachment[];
}

/** intake details that are chain bookkeeping rather than properties of the item */
const BOOKKEEPING = new Set(['v', 'kind', 'item', 'prev', 'purpose']);

function invalid(message: string): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message);
}

function toHex(value: string | Uint8Array): string {
  return typeof value === 'string' ? value.toLowerCase() : Buffer.from(value).toString('hex');
}

function normaliseEvents(input: BundleManifestInput): BundleEvent[] {
  const bySeq = new Map<number, BundleEvent>();
  for (const e of input.events) {
    if (e.seq > input.exportSeq) continue; // after the export: not part of what it committed to
    const entry = typeof e.entry === 'string' ? e.entry : Buffer.from(e.entry).toString('utf8');
    const event: BundleEvent = { seq: e.seq, entry, leafHash: leafHashOf(entry), details: e.details, proof: e.proof.map(toHex) };
    const seen = bySeq.get(e.seq);
    if (seen && seen.entry !== entry) throw invalid(`Two different journal entries were given for seq ${e.seq}.`);
    bySeq.set(e.seq, event);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

const exportedItems = (e: BundleEvent): string[] =>
  Array.isArray(e.details.items) ? e.details.items.map((x: unknown) => (x as { item?: unknown })?.item).filter((x): x is string => typeof x === 'string') : [];

function entryTime(entry: string): string {
  const fields: unknown = JSON.parse(entry);
  const at = Array.isArray(fields) ? fields[2] : undefined;
  if (typeof at !== 'string') throw invalid('The export entry is not a canonical journal entry.');
  return at;
}

function itemOf(id: string, events: readonly BundleEvent[]): BundleItem {
  const intake = events.find((e) => e.details.kind === 'intake' && e.details.item === id);
  if (!intake) throw invalid(`No intake event was given for item ${id}.`);
  const d = intake.details;
  const properties = Object.fromEntries(Object.entries(d).filter(([k]) => !BOOKKEEPING.has(k)));
  const sha256 = d.sha256;
  const size = d.size;
  const filename = d.filename ?? null;
  if (typeof sha256 !== 'string' || typeof size !== 'number' || (filename !== null && typeof filename !== 'string')) {
    throw invalid(`The intake of item ${id} lacks its sha256, size or filename.`);
  }
  const eventSeqs = events
    .filter((e) => (e.details.kind === 'export' ? exportedItems(e).includes(id) : e.details.item === id))
    .map((e) => e.seq);
  // the usual fields first, for a reader of bundle.json; then every other intake property
  const leading = { id, path: itemFilePath({ id, sha256, filename }), sha256, size, filename, ...('mime' in properties ? { mime: properties.mime } : {}) };
  return { ...leading, ...properties, eventSeqs } as BundleItem;
}

/**
 * The manifest without its attachments: items from their intake records, the events of those
 * items (earlier exports included) up to the export, the export's bundle id, time, purpose and
 * recipient. Throws VALIDATION_FAILED when the export entry or an intake is missing.
 */
export function buildManifest(input: BundleManifestInput): Omit<BundleManifest, 'attachments'> {
  const all = normaliseEvents(input);
  const exportEvent = all.find((e) => e.seq === input.exportSeq);
  if (!exportEvent || exportEvent.details.kind !== 'export') throw invalid(`Seq ${input.exportSeq} is not among the events, or is not an export.`);
  const ids = input.items.map((i) => i.id);
  if (ids.length === 0) throw invalid('A bundle needs at least one item.');
  if (new Set(ids).size !== ids.length) throw invalid('An item appears twice in the bundle.');
  const wanted = new Set(ids);
  const events = all.filter((e) => (e.details.kind === 'export' ? exportedItems(e).some((id) => wanted.has(id)) : wanted.has(e.details.item as string)));
  const d = exportEvent.details;
  return {
    format: FORMAT,
    version: VERSION,
    bundleId: String(d.bundle),
    createdAt: entryTime(exportEvent.entry),
    case: { id: input.case.id, name: input.case.name },
    purpose: typeof d.purpose === 'string' ? d.purpose : null,
    recipient: typeof d.recipient === 'string' ? d.recipient : null,
    log: { origin: input.log.origin, verifierKey: input.log.verifierKey },
    checkpoint: input.checkpoint,
    exportSeq: input.exportSeq,
    items: ids.map((id) => itemOf(id, events)),
    events,
  };
}
