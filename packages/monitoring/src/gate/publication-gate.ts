/**
 * The publication gate: the ONE function every published table or map passes through.
 *
 * Rules, in the order they are applied (nothing is released unless every step passes):
 * 1. The request is checked: k defaults to 10 and is refused below 5; the mechanism's parameters
 *    must make sense (ε for the noisy mechanisms, δ only for the Gaussian, neither for 'none');
 *    every cell's key carries exactly the request's dimensions (so no stray attribute reaches the
 *    page), no key twice, every count a non-negative integer.
 * 2. The privacy budget is checked against the ledger (sequential composition); over budget is
 *    refused and the ledger stays as it was (the gate never writes it; the caller persists the
 *    returned entry only after a release).
 * 3. Each cell gets independent discrete Laplace or discrete Gaussian noise from a CSPRNG.
 * 4. Small cells are suppressed (value undefined).
 *
 * Suppression with noise on is decided on the NOISY count, with the threshold applied after the
 * noise. Why: suppressing on the true count makes the pattern of blanks a deterministic function
 * of the data. A cell at k - 1 is always blank and at k is always shown, so one person's presence
 * flips it with certainty: the privacy loss of that event is unbounded and ε would be a lie.
 * Thresholding the noisy count is post-processing of a DP output and costs no extra budget. The
 * price, stated in the note: a cell whose true count is a little below k can be shown (with a
 * noisy value ≥ k), and one a little above k can be blanked. SDS, which CTDC uses, has the same
 * trade-off as "fabricated" and "suppressed" combinations (privacy-and-data.md §4). With mechanism
 * 'none' there is no noise, so the true count decides, as in UNODC's "<5" practice; such a
 * release has no DP guarantee (the note says so) and is not protected against differencing.
 *
 * A shown value is therefore never below k (and so never below 0).
 *
 * What the gate cannot check and its callers must ensure:
 * - The unit of privacy is a person. By default each person counts in at most one cell, by at
 *   most 1 (a histogram of persons): L1 and L2 sensitivity 1. If a person can count in up to m
 *   cells (several forms of exploitation, a total beside its parts), pass `maxCellsPerPerson: m`:
 *   the Laplace then uses ε/m per cell and the Gaussian the σ for L2 sensitivity √m.
 * - The set of cells must not depend on the data: list every combination of the dimension values
 *   fixed in advance, zeros included. A table of only the combinations that occur reveals, by a
 *   key's presence, that someone has that combination, whatever the noise.
 */

import { randomUUID } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { DisclosureNote, DpMechanism, LedgerEntry, ReleasedCell, ReleaseRequest, TableCell } from '../types.ts';
import { sharedCryptoRandom, type RandomSource } from '../dp/random.ts';
import { discreteLaplaceNoise, epsilonAsRational } from '../dp/discrete-laplace.ts';
import { gaussianSigmaFor, sampleDiscreteGaussian, sigmaSquaredAsRational } from '../dp/discrete-gaussian.ts';
import { spendBudget, type PrivacyBudget } from './budget.ts';
import { disclosureNote, type NoteLanguage } from './disclosure-note.ts';

export const DEFAULT_K = 10;
export const MIN_K = 5;
/** Longest query description stored in the ledger. */
export const MAX_QUERY_LENGTH = 2000;
/** At most this many cell problems are listed in one refusal; the count of the rest is given. */
const MAX_LISTED_PROBLEMS = 20;

const MECHANISMS: readonly DpMechanism[] = ['discrete-laplace', 'discrete-gaussian', 'none'];

export interface GateOptions {
  /** The randomness for the noise; the OS CSPRNG unless a test passes its own. */
  readonly random?: RandomSource;
  /** The release date-time for the ledger (ISO 8601). */
  readonly now?: () => string;
  /** The ledger entry's id. */
  readonly newId?: () => string;
  /** How many cells one person can count in (see the module comment); default 1. */
  readonly maxCellsPerPerson?: number;
  /** The language of the returned note's text; default English. */
  readonly language?: NoteLanguage;
}

export interface Release {
  readonly cells: ReleasedCell[];
  /** The row to append to the ledger once the release is published. */
  readonly entry: LedgerEntry;
  readonly note: DisclosureNote;
}

function refuse(message: string, details: Record<string, string>): never {
  throw new AriadneError('VALIDATION_FAILED', message, { details });
}

function checkK(k: unknown): number {
  if (k === undefined) return DEFAULT_K;
  if (typeof k !== 'number' || !Number.isSafeInteger(k)) refuse('k must be a whole number.', { k: 'a whole number ≥ 5' });
  if (k < MIN_K) refuse(`k = ${k} is below the minimum of ${MIN_K}; small cells would identify people.`, { k: `at least ${MIN_K}` });
  return k;
}

/** The (ε, δ) a request spends, checked against its mechanism. */
function checkCost(request: ReleaseRequest): PrivacyBudget {
  const { mechanism, epsilon, delta } = request;
  if (!MECHANISMS.includes(mechanism)) refuse(`Unknown mechanism ${JSON.stringify(mechanism)}.`, { mechanism: MECHANISMS.join(', ') });
  if (mechanism === 'none') {
    // An ε here would make the caller believe the exact figures are DP: refuse rather than ignore it.
    if ((epsilon ?? 0) !== 0 || (delta ?? 0) !== 0) refuse('Mechanism "none" adds no noise and takes no ε or δ.', { mechanism: 'choose a noise mechanism to use ε' });
    return { epsilon: 0, delta: 0 };
  }
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) refuse(`Mechanism "${mechanism}" needs ε > 0.`, { epsilon: 'a number > 0' });
  if (mechanism === 'discrete-laplace') {
    if ((delta ?? 0) !== 0) refuse('The discrete Laplace is pure ε-DP and takes no δ.', { delta: '0 or absent' });
    return { epsilon, delta: 0 };
  }
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta <= 0 || delta >= 1) refuse('The discrete Gaussian needs 0 < δ < 1.', { delta: 'in (0, 1)' });
  return { epsilon, delta };
}

function checkDimensions(dimensions: unknown): readonly string[] {
  if (!Array.isArray(dimensions) || dimensions.some((d) => typeof d !== 'string' || d === '') || new Set(dimensions).size !== dimensions.length) {
    refuse('The dimensions must be distinct non-empty names.', { dimensions: 'distinct non-empty strings' });
  }
  return dimensions as readonly string[];
}

/** Every problem with the cells, by index; the table is refused whole if there is any. */
function cellProblems(cells: readonly TableCell[], dimensions: readonly string[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<string, number>();
  cells.forEach((cell, i) => {
    const count: unknown = cell?.count;
    const key: unknown = cell?.key;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      problems.set(i, 'count must be a whole number ≥ 0');
      return;
    }
    if (typeof key !== 'object' || key === null) {
      problems.set(i, 'key is missing');
      return;
    }
    const names = Object.keys(key);
    const values = dimensions.map((d) => (key as Record<string, unknown>)[d]);
    if (names.length !== dimensions.length || values.some((v) => typeof v !== 'string')) {
      problems.set(i, `key must have exactly the dimensions ${dimensions.join(', ')}, each a string`);
      return;
    }
    const id = JSON.stringify(values);
    const first = seen.get(id);
    if (first !== undefined) problems.set(i, `same key as cell ${first}`);
    else seen.set(id, i);
  });
  return problems;
}

function checkCells(cells: unknown, dimensions: readonly string[]): readonly TableCell[] {
  if (!Array.isArray(cells)) refuse('The cells must be an array.', { cells: 'an array' });
  const problems = cellProblems(cells as TableCell[], dimensions);
  if (problems.size > 0) {
    const details: Record<string, string> = {};
    for (const [i, message] of [...problems].slice(0, MAX_LISTED_PROBLEMS)) details[`cells[${i}]`] = message;
    const more = problems.size > MAX_LISTED_PROBLEMS ? ` (the first ${MAX_LISTED_PROBLEMS} are listed)` : '';
    refuse(`${problems.size} cell(s) of the table are not valid${more}; nothing was released.`, details);
  }
  return cells as readonly TableCell[];
}

/** The noisy count for one cell, or the true count when there is no mechanism. */
function noiseFor(request: ReleaseRequest, cost: PrivacyBudget, maxCellsPerPerson: number, random: RandomSource): () => number {
  switch (request.mechanism) {
    case 'none':
      return () => 0;
    case 'discrete-laplace': {
      const epsilon = epsilonAsRational(cost.epsilon);
      return () => discreteLaplaceNoise(epsilon, random, maxCellsPerPerson);
    }
    case 'discrete-gaussian': {
      const sigmaSquared = sigmaSquaredAsRational(gaussianSigmaFor(cost.epsilon, cost.delta, Math.sqrt(maxCellsPerPerson)));
      return () => sampleDiscreteGaussian(sigmaSquared, random);
    }
  }
}

/**
 * Releases a table through the gate: checks, spends budget, adds noise, suppresses, and returns
 * the released cells, the ledger entry for the caller to persist, and the disclosure note.
 * Throws an AriadneError and releases nothing if the request is bad (VALIDATION_FAILED) or over
 * budget (CONFLICT).
 */
export function releaseTable(
  cells: readonly TableCell[],
  request: ReleaseRequest,
  ledger: readonly LedgerEntry[],
  budget: PrivacyBudget,
  options: GateOptions = {},
): Release {
  if (typeof request?.query !== 'string' || request.query.trim() === '' || request.query.length > MAX_QUERY_LENGTH) {
    refuse('The release needs a description of its query for the ledger.', { query: `a non-empty description of at most ${MAX_QUERY_LENGTH} characters` });
  }
  const k = checkK(request.k);
  const cost = checkCost(request);
  const dimensions = checkDimensions(request.dimensions);
  const table = checkCells(cells, dimensions);
  const maxCellsPerPerson = options.maxCellsPerPerson ?? 1;
  if (!Number.isSafeInteger(maxCellsPerPerson) || maxCellsPerPerson < 1) {
    refuse('maxCellsPerPerson must be a whole number ≥ 1.', { maxCellsPerPerson: 'a whole number ≥ 1' });
  }
  const noise = noiseFor(request, cost, maxCellsPerPerson, options.random ?? sharedCryptoRandom());
  spendBudget(ledger, budget, cost); // throws when over budget, before any noise is drawn

  let suppressed = 0;
  const released: ReleasedCell[] = table.map((cell) => {
    const value = cell.count + noise();
    if (value < k) {
      suppressed++;
      return { key: { ...cell.key }, value: undefined, suppressed: true };
    }
    return { key: { ...cell.key }, value, suppressed: false };
  });

  const entry: LedgerEntry = {
    id: (options.newId ?? randomUUID)(),
    at: (options.now ?? (() => new Date().toISOString()))(),
    query: request.query,
    mechanism: request.mechanism,
    epsilon: cost.epsilon,
    delta: cost.delta,
    k,
    cells: released.length,
    suppressed,
  };
  const note = disclosureNote({ k, mechanism: request.mechanism, epsilon: cost.epsilon, delta: cost.delta, sensitivity: maxCellsPerPerson }, options.language ?? 'en');
  return { cells: released, entry, note };
}

/**
 * A table's grand total as a one-cell table (every dimension set to `label`), to be released
 * through `releaseTable` as its own request, with its own ε in the ledger. Why not add up the
 * released cells: that total drops the suppressed cells and sums the noise of all of them. Why
 * not publish the exact total: beside a table with one blank cell, subtraction recovers it.
 */
export function totalCell(cells: readonly TableCell[], dimensions: readonly string[], label = 'total'): TableCell {
  let count = 0;
  cells.forEach((cell, i) => {
    if (!Number.isSafeInteger(cell.count) || cell.count < 0) refuse(`Cell ${i} has no valid count.`, { [`cells[${i}]`]: 'count must be a whole number ≥ 0' });
    count += cell.count;
  });
  if (!Number.isSafeInteger(count)) refuse('The total is too large to count exactly.', { cells: 'total below 2^53' });
  return { key: Object.fromEntries(dimensions.map((d) => [d, label])), count };
}
