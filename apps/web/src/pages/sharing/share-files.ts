/**
 * The files people hand each other when they set up sharing, read in the browser before anything
 * is sent: a partner's identity card (`ariadne-party/1`) and a signed agreement offer
 * (`ariadne-agreement/1`), pasted or dropped; the fingerprint laid out to be read aloud; and the
 * linkage result's pairs as a CSV built here from the answer. Only the shape is checked here; the
 * server verifies keys and signatures. Pure, so node tests cover it.
 */
import type { LinkagePair, PartyCard, SignedOffer } from '../../api/sharing-types.ts';

/** cards and offers are small; anything bigger is not one */
export const MAX_CARD_TEXT = 64 * 1024;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function parseObject(text: string): Record<string, unknown> | null {
  if (text.length > MAX_CARD_TEXT) return null;
  try {
    const value = JSON.parse(text.trim()) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * A pasted or dropped identity card, or the reason it is not one (a message key). A `ledgerKey`
 * travels on as given (the server checks it); one that is not a string makes the card wrong.
 * @example parsePartyCard('{"format":"ariadne-party/1",…}').ok // true
 */
export function parsePartyCard(text: string): Parsed<PartyCard> {
  const rec = parseObject(text);
  if (!rec) return { ok: false, problem: 'sharing.card.problem.json' };
  if (rec.format !== 'ariadne-party/1') return { ok: false, problem: 'sharing.card.problem.format' };
  if (!nonEmpty(rec.name) || !nonEmpty(rec.signingKey) || !nonEmpty(rec.ageRecipient) || !nonEmpty(rec.fingerprint)) {
    return { ok: false, problem: 'sharing.card.problem.fields' };
  }
  if (!rec.ageRecipient.startsWith('age1')) return { ok: false, problem: 'sharing.card.problem.fields' };
  if (rec.ledgerKey !== undefined && rec.ledgerKey !== null && !nonEmpty(rec.ledgerKey)) return { ok: false, problem: 'sharing.card.problem.fields' };
  return {
    ok: true,
    value: {
      format: 'ariadne-party/1', name: rec.name.trim(), signingKey: rec.signingKey.trim(), ageRecipient: rec.ageRecipient.trim(), fingerprint: rec.fingerprint.trim(),
      ...(nonEmpty(rec.ledgerKey) ? { ledgerKey: rec.ledgerKey.trim() } : {}),
    },
  };
}

/**
 * A pasted or dropped agreement offer (sent to the server as it is: its signature covers it), or
 * the reason it is not one.
 */
export function parseOffer(text: string): Parsed<SignedOffer> {
  const rec = parseObject(text);
  if (!rec) return { ok: false, problem: 'sharing.offer.problem.json' };
  if (rec.format !== 'ariadne-agreement/1') return { ok: false, problem: 'sharing.offer.problem.format' };
  const terms = rec.terms;
  const from = rec.from;
  if (!nonEmpty(rec.id) || !nonEmpty(rec.title) || !nonEmpty(rec.signature) || !nonEmpty(rec.termsSha256)
    || !terms || typeof terms !== 'object' || !from || typeof from !== 'object' || !nonEmpty((from as { name?: unknown }).name)) {
    return { ok: false, problem: 'sharing.offer.problem.fields' };
  }
  return { ok: true, value: rec as unknown as SignedOffer };
}

/**
 * The fingerprint in groups, to read aloud group by group: kept as it is when it already has
 * separators, else cut into groups of four.
 * @example fingerprintGroups('ABCD1234EFGH') // ['ABCD', '1234', 'EFGH']
 */
export function fingerprintGroups(fingerprint: string): string[] {
  const trimmed = fingerprint.trim();
  if (/[\s:-]/.test(trimmed)) return trimmed.split(/[\s:-]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < trimmed.length; i += 4) out.push(trimmed.slice(i, i + 4));
  return out;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The matched pairs as CSV, `token_a,token_b` then one pair a line: each party maps its own tokens
 * back to its records, and neither learns the other's.
 */
export function pairsCsv(pairs: readonly LinkagePair[]): string {
  return ['token_a,token_b', ...pairs.map((p) => `${csvField(p.tokenA)},${csvField(p.tokenB)}`)].join('\n') + '\n';
}

/** A file's text, refused (null) when larger than `max` bytes, so a wrong drop does not hang the tab. */
export async function readTextFile(file: Blob, max: number): Promise<string | null> {
  if (file.size > max) return null;
  return file.text();
}
