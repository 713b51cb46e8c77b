/**
 * The journal's hashing, pure. Each entry is serialised to canonical bytes; its leaf hash follows
 * RFC 6962 §2.1 (SHA-256(0x00 ‖ entry)), so the same leaves can later form a Merkle tree with
 * inclusion and consistency proofs without changing what an entry means. The chain hash
 * (SHA-256(previous chain ‖ leaf)) lets anyone detect a rewrite today by replaying the chain.
 */
import { createHash } from 'node:crypto';

export interface JournalFields {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly caseId: string | null;
  readonly entityId: string | null;
  readonly importId: string | null;
  readonly contentHash: string | null;
}

/** the chain hash before the first entry */
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

/** version 1 encoding: a JSON array in fixed field order; `at` in ISO 8601 UTC with milliseconds */
export function canonicalJournalEntry(e: JournalFields): Buffer {
  return Buffer.from(
    JSON.stringify([1, e.seq, e.at.toISOString(), e.actor, e.action, e.caseId, e.entityId, e.importId, e.contentHash]),
    'utf8',
  );
}

export function journalLeafHash(entry: Buffer): string {
  return createHash('sha256').update(Buffer.of(0)).update(entry).digest('hex');
}

export function journalChainHash(previousChainHash: string, leafHash: string): string {
  return createHash('sha256').update(Buffer.from(previousChainHash, 'hex')).update(Buffer.from(leafHash, 'hex')).digest('hex');
}

/** SHA-256 of a value's canonical JSON (object keys sorted), hex */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
