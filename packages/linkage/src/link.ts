/**
 * The whole linkage protocol run by one party holding both sides (the `ariadne link` command,
 * and the evaluation): encode both tables with the same secret, match the CLK sets, map the
 * matched tokens back to record ids. The secret should be fresh for each run
 * (`randomLinkageSecret()`): CLKs made with a reused secret can be compared across linkages.
 * Also the measures of a linkage against known truth, and FEBRL's truth (ids `rec-<N>-org` and
 * `rec-<N>-dup-<k>` name the same person iff they share N).
 */
import { AriadneError } from '@ariadne/schema';
import type { LinkageSchema, RecordTable } from './types.ts';
import type { LinkageSecret } from './secret.ts';
import { encodeTable } from './encode.ts';
import { encodedFeatures, schemaThreshold } from './linkage-schema.ts';
import { matchClkSets, type MatchRunStats } from './match.ts';
import type { PairRow } from './record-csv.ts';

export interface LinkOptions {
  /** default: the schema's threshold (0.8 unless it says otherwise) */
  readonly threshold?: number;
  /** default: block when the schema defines blocking keys, else compare all pairs */
  readonly blocking?: boolean;
  /** blocks larger than this on a side are skipped (default 5,000) */
  readonly maxBlockSize?: number;
}

export interface LinkResult {
  /** matched record ids with their Dice score, by a id then b id */
  readonly pairs: PairRow[];
  readonly stats: MatchRunStats;
}

/** refuses a table whose header lacks a column the schema encodes or blocks on, naming them all */
function checkColumns(schema: LinkageSchema, table: RecordTable, side: string): void {
  const needed = new Set(encodedFeatures(schema).map((f) => f.identifier));
  for (const key of schema.blocking) for (const part of key.parts) needed.add(part.identifier);
  const fields = new Set(table.columns.slice(1));
  const missing = [...needed].filter((name) => !fields.has(name));
  if (missing.length > 0) {
    throw new AriadneError(
      'VALIDATION_FAILED',
      `${side}'s header lacks the column${missing.length === 1 ? '' : 's'} the linkage schema encodes or blocks on: ${missing.map((m) => JSON.stringify(m)).join(', ')}${table.columns[0] !== undefined && missing.includes(table.columns[0]) ? ` ("${table.columns[0]}" is the id column, which is never encoded)` : ''}.`,
      { details: Object.fromEntries(missing.map((m) => [m, `missing from ${side}`])) },
    );
  }
}

const byIds = (x: PairRow, y: PairRow): number => (x.aId < y.aId ? -1 : x.aId > y.aId ? 1 : x.bId < y.bId ? -1 : x.bId > y.bId ? 1 : 0);

/** links two tables with one secret: encodes, matches one to one, maps tokens back to ids */
// eslint-disable-next-line max-params -- the protocol's four inputs and its options
export function linkRecords(schema: LinkageSchema, secret: LinkageSecret, a: RecordTable, b: RecordTable, options: LinkOptions = {}): LinkResult {
  checkColumns(schema, a, 'Side A');
  checkColumns(schema, b, 'Side B');
  const encodedA = encodeTable(schema, secret, a);
  const encodedB = encodeTable(schema, secret, b);
  const result = matchClkSets(encodedA.set, encodedB.set, {
    threshold: options.threshold ?? schemaThreshold(schema),
    blocking: options.blocking ?? schema.blocking.length > 0,
    maxBlockSize: options.maxBlockSize,
  });
  const pairs = result.pairs.map(({ a: i, b: j, score }) => ({
    aId: encodedA.tokenToId.get(encodedA.set.tokens[i]!)!,
    bId: encodedB.tokenToId.get(encodedB.set.tokens[j]!)!,
    score,
  }));
  return { pairs: pairs.sort(byIds), stats: result.stats };
}

export interface LinkageQuality {
  readonly truePositives: number;
  /** true pairs among those linked (0 when nothing was linked) */
  readonly precision: number;
  /** linked true pairs among all true pairs (0 when there are none) */
  readonly recall: number;
  /** harmonic mean of precision and recall (0 when both are 0) */
  readonly f1: number;
}

/** precision, recall and F1 of linked pairs, given which pairs are true and how many true pairs exist */
export function evaluateLinkage(pairs: readonly Pick<PairRow, 'aId' | 'bId'>[], truth: (aId: string, bId: string) => boolean, totalTrue: number): LinkageQuality {
  if (!Number.isInteger(totalTrue) || totalTrue < 0) throw new AriadneError('VALIDATION_FAILED', `totalTrue must be a whole number from 0, got ${String(totalTrue)}.`);
  const truePositives = pairs.reduce((n, p) => n + (truth(p.aId, p.bId) ? 1 : 0), 0);
  if (truePositives > totalTrue) {
    throw new AriadneError('VALIDATION_FAILED', `${truePositives} linked pairs are true but totalTrue says ${totalTrue} exist; the pairs repeat a record or totalTrue is wrong.`);
  }
  const precision = pairs.length === 0 ? 0 : truePositives / pairs.length;
  const recall = totalTrue === 0 ? 0 : truePositives / totalTrue;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, precision, recall, f1 };
}

const FEBRL_ID = /^rec-(\d+)-(?:org|dup-\d+)$/;

/** FEBRL's ground truth: the same person iff both ids are FEBRL ids with the same number */
export function febrlTruth(aId: string, bId: string): boolean {
  const x = FEBRL_ID.exec(aId);
  const y = FEBRL_ID.exec(bId);
  return x !== null && y !== null && x[1] === y[1];
}
