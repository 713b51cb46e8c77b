/**
 * Shared machinery of the multi-hop detectors (cycles, layering chains, rapid pass-through,
 * structuring): the (time, index) order the anchor rule's "latest" means, windows over a node's
 * time-ordered lists, work budgets that keep one call bounded whatever a hub holds, the test for
 * a one-off relationship, and the grouping of overlapping qualifying events into runs so a
 * batch scan reports each pattern once.
 */
import { AriadneError } from '@ariadne/schema';
import type { DetectScope } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import { TX_KINDS, type TxKind } from '../types.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Transactions are ordered by time, then by graph index (arrival order). The anchor rule's
 * "latest transaction" is the maximum in this order, so a pattern whose hops share a timestamp
 * still has exactly one latest transaction and is reported once.
 */
export function isBefore(graph: TransactionGraph, a: number, b: number): boolean {
  const ta = graph.time(a);
  const tb = graph.time(b);
  return ta < tb || (ta === tb && a < b);
}

/** positions `[lo, hi)` of a time-ordered list whose times lie in `[from, to]` */
export function positions(graph: TransactionGraph, list: readonly number[], from: number, to: number): { lo: number; hi: number } {
  const lo = graph.firstAtOrAfter(list, from);
  const hi = graph.lastAtOrBefore(list, to);
  return { lo, hi: Math.max(lo, hi) };
}

/**
 * The position just past the last entry of `list` that comes before transaction `limit` in
 * (time, index) order. Entries with equal times sit in index order (the graph appends in
 * arrival order and only moves an entry past strictly later ones), so a binary search on the
 * index settles ties, however many transactions share a timestamp (day-granular sources).
 */
export function endBefore(graph: TransactionGraph, list: readonly number[], limit: number): number {
  return tieEnd(graph, list, limit, false);
}

/** like `endBefore`, but `limit` itself (when in the list) is included */
export function endThrough(graph: TransactionGraph, list: readonly number[], limit: number): number {
  return tieEnd(graph, list, limit, true);
}

function tieEnd(graph: TransactionGraph, list: readonly number[], limit: number, inclusive: boolean): number {
  const t = graph.time(limit);
  let lo = graph.firstAtOrAfter(list, t);
  let hi = graph.lastAtOrBefore(list, t);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const index = list[mid]!;
    if (index < limit || (inclusive && index === limit)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** the scope's positions in a node's list: the transactions a call may report as a pattern's latest */
export function scopePositions(graph: TransactionGraph, list: readonly number[], scope: DetectScope): { lo: number; hi: number } {
  return positions(graph, list, scope.since, scope.until);
}

/**
 * A count of list entries a call may still read. Searches take a child budget (their own limit)
 * whose spending also draws on the call's, so one pathological search cannot starve the rest of
 * the call and one call cannot run away on a hub.
 */
export class WorkBudget {
  private left: number;

  constructor(limit: number, private readonly parent?: WorkBudget) {
    this.left = limit;
  }

  /** spends `n` units; false once this budget or its parent is spent */
  spend(n = 1): boolean {
    this.left -= n;
    if (this.parent) this.parent.spend(n);
    return !this.exhausted;
  }

  get exhausted(): boolean {
    return this.left < 0 || (this.parent?.exhausted ?? false);
  }

  child(limit: number): WorkBudget {
    return new WorkBudget(limit, this);
  }
}

/** a detector's parameter must be a finite number in `[min, max]`; a bad configuration fails loudly */
export function checkRange(detector: string, name: string, value: number, range: readonly [number, number]): void {
  const [min, max] = range;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AriadneError('VALIDATION_FAILED', `Detector "${detector}": parameter ${name} must be a number from ${min} to ${max}.`, {
      details: { [name]: `expected ${min}..${max}` },
    });
  }
}

/**
 * A detector's checked parameters, computed once per parameter object. The batch scan calls a
 * detector on every node with the same object, so checking it per call would cost more than
 * most calls do; the cache is keyed weakly by the object and changes no result.
 */
export function checkedOnce<P extends object, R>(cache: WeakMap<P, R>, params: P, check: (p: P) => R): R {
  let checked = cache.get(params);
  if (checked === undefined) {
    checked = check(params);
    cache.set(params, checked);
  }
  return checked;
}

const KIND_BIT = new Map<string, number>(TX_KINDS.map((k, i) => [k, 1 << i]));

/** a set of transaction kinds as bits: built per call without allocating, tested per transaction */
export type KindMask = number;

/** a detector's list of transaction kinds as a mask; an unknown kind is a configuration error */
export function kindMask(detector: string, name: string, kinds: readonly string[]): KindMask {
  if (!Array.isArray(kinds)) {
    throw new AriadneError('VALIDATION_FAILED', `Detector "${detector}": parameter ${name} must be a list of transaction kinds.`, { details: { [name]: 'expected a list' } });
  }
  let mask = 0;
  for (const k of kinds) {
    const bit = typeof k === 'string' ? KIND_BIT.get(k) : undefined;
    if (bit === undefined) {
      throw new AriadneError('VALIDATION_FAILED', `Detector "${detector}": parameter ${name} names an unknown transaction kind.`, {
        details: { [name]: `expected some of ${TX_KINDS.join(', ')}` },
      });
    }
    mask |= bit;
  }
  return mask;
}

export function hasKind(mask: KindMask, kind: TxKind): boolean {
  return (mask & (KIND_BIT.get(kind) ?? 0)) !== 0;
}

/** entries of a node's history the relationship test reads each way before it gives up and calls the pair new */
export const RELATIONSHIP_SCAN = 256;

/** a span of time: a pattern's window */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** whether node `a` paid node `b` before `span.from` or after `span.to`, reading at most `RELATIONSHIP_SCAN` entries of the shorter list each way */
function paidOutside(graph: TransactionGraph, pair: readonly [number, number], span: Span, budget: WorkBudget | undefined): boolean {
  const [a, b] = pair;
  const out = graph.outgoing(a);
  const inc = graph.incoming(b);
  // before: newest first from the start of the span
  const endOut = graph.firstAtOrAfter(out, span.from);
  const endIn = graph.firstAtOrAfter(inc, span.from);
  const early = endOut <= endIn;
  const end = Math.min(endOut, endIn);
  const stop = Math.max(0, end - RELATIONSHIP_SCAN);
  budget?.spend(end - stop);
  for (let k = end - 1; k >= stop; k--) if (early ? graph.to(out[k]!) === b : graph.from(inc[k]!) === a) return true;
  // after: oldest first from the end of the span
  const startOut = graph.lastAtOrBefore(out, span.to);
  const startIn = graph.lastAtOrBefore(inc, span.to);
  const late = out.length - startOut <= inc.length - startIn;
  const begin = late ? startOut : startIn;
  const limit = Math.min(late ? out.length : inc.length, begin + RELATIONSHIP_SCAN);
  budget?.spend(limit - begin);
  for (let k = begin; k < limit; k++) if (late ? graph.to(out[k]!) === b : graph.from(inc[k]!) === a) return true;
  return false;
}

/**
 * Whether the two parties traded (either way) outside the span: before it, or after it. Illicit
 * hops run between parties with no other relationship, while rent, bills, loans and family
 * transfers run along lasting ones. Looking after the span too matters where the data begins: a
 * landlord's rent in the first week of the data has no history yet, but recurs next month. The
 * streaming scorer, which has no "after" yet, judges on the history alone. Reads at most
 * `RELATIONSHIP_SCAN` entries each way (charged to `budget` when given): a relationship further
 * off than that counts as none.
 */
export function tradedOutside(graph: TransactionGraph, pair: readonly [number, number], span: Span, budget?: WorkBudget): boolean {
  const [a, b] = pair;
  return paidOutside(graph, [a, b], span, budget) || paidOutside(graph, [b, a], span, budget);
}

/** how many of the distinct party pairs the transactions join traded nowhere outside the span */
export function newPairShare(graph: TransactionGraph, txs: Iterable<number>, span: Span, budget?: WorkBudget): { pairs: number; fresh: number } {
  const seen = new Set<string>();
  let fresh = 0;
  for (const t of txs) {
    const a = graph.from(t);
    const b = graph.to(t);
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!tradedOutside(graph, [a, b], span, budget)) fresh++;
  }
  return { pairs: seen.size, fresh };
}

/** `91%` */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** `3 transfers`, `1 transfer` */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** the base-currency sum of the transactions' amounts */
export function totalAmount(graph: TransactionGraph, txs: Iterable<number>): number {
  let sum = 0;
  for (const t of txs) sum += graph.amount(t);
  return sum;
}

export interface RunSearch<E> {
  /** a node's time-ordered list (its incoming or outgoing transactions) */
  readonly list: readonly number[];
  /** whether the transaction at this position qualifies, and its evidence; called at most once per transaction */
  readonly evaluate: (tx: number) => E | null;
  /** qualifying transactions at most this far apart belong to one run */
  readonly linkMs: number;
  /** list entries a look-ahead or look-back may read */
  readonly maxSteps: number;
  /** members a run keeps (the latest ones) */
  readonly maxMembers: number;
}

export interface Run<E> {
  /** the run's latest qualifying transaction: the finding's anchor transaction */
  readonly last: number;
  /** the members' evaluations, latest first */
  readonly members: readonly E[];
}

/**
 * Runs of qualifying transactions whose latest member lies in the scope's positions
 * `[lo, hi)`. Windows ending at neighbouring transactions overlap (three deposits in a week
 * qualify at the third and again at a fourth), so a batch scan would report one pattern once
 * per qualifying transaction; instead qualifying transactions at most `linkMs` apart form a
 * run, reported once at its latest member with the members' evidence joined. A transaction
 * that qualifies while a later one in the graph also qualifies within `linkMs` is not reported:
 * the later one reports the run. The streaming scorer, which sees no later transactions yet,
 * reports each growing run when its newest member arrives.
 */
export function runsEndingIn<E>(graph: TransactionGraph, search: RunSearch<E>, range: { lo: number; hi: number }): Run<E>[] {
  const { list, linkMs, maxSteps, maxMembers } = search;
  // each position is evaluated once: an array for the scope's positions, a map for the few around them
  const inScope = new Array<E | null | undefined>(range.hi - range.lo);
  const around = new Map<number, E | null>();
  const evaluate = (q: number): E | null => {
    if (q >= range.lo && q < range.hi) {
      let result = inScope[q - range.lo];
      if (result === undefined) inScope[q - range.lo] = result = search.evaluate(list[q]!);
      return result;
    }
    let result = around.get(q);
    if (result === undefined) around.set(q, result = search.evaluate(list[q]!));
    return result;
  };
  const runs: Run<E>[] = [];
  for (let p = range.lo; p < range.hi; p++) {
    const tx = list[p]!;
    const own = evaluate(p);
    if (!own) continue;
    const t = graph.time(tx);
    let continued = false;
    for (let q = p + 1, steps = 0; q < list.length && steps < maxSteps && graph.time(list[q]!) <= t + linkMs; q++, steps++) {
      if (evaluate(q)) {
        continued = true;
        break;
      }
    }
    if (continued) continue;
    const members: E[] = [own];
    let reach = t - linkMs;
    for (let q = p - 1, steps = 0; q >= 0 && steps < maxSteps && members.length < maxMembers && graph.time(list[q]!) >= reach; q--, steps++) {
      const earlier = evaluate(q);
      if (!earlier) continue;
      members.push(earlier);
      reach = graph.time(list[q]!) - linkMs;
    }
    runs.push({ last: tx, members });
  }
  return runs;
}

/** how far `value` lies past `threshold` on the way to `top`, in [0, 1] (1 when the threshold is the top) */
export function beyond(value: number, threshold: number, top: number): number {
  if (top <= threshold) return value >= threshold ? 1 : 0;
  return Math.min(1, Math.max(0, (value - threshold) / (top - threshold)));
}

/**
 * A finding's score in (0.5, 1]: 0.5 for a pattern that just meets the thresholds, rising with the
 * mean of the margins (each in [0, 1]) by which it clears them.
 */
export function marginScore(margins: readonly number[]): number {
  if (margins.length === 0) return 0.5;
  let sum = 0;
  for (const m of margins) sum += Math.min(1, Math.max(0, m));
  return Math.max(0.5, Math.min(1, 0.5 + 0.5 * (sum / margins.length)));
}
