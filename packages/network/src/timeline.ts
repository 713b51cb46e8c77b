/**
 * Change over time (issue 5 §2, "who became central when"): the dated ties are cut into windows
 * (month, quarter or year), each window's network is ranked by the chosen centrality, and the
 * nodes that climbed into the top between one window and the next are named. Undated ties cannot
 * be placed in time and are left out (the explanation says how many).
 */
import { AriadneError } from '@ariadne/schema';
import { centrality } from './centrality.ts';
import { activeSpan, isoDay } from './dates.ts';
import { indexNetwork } from './index-network.ts';
import { ticker, type RunOptions } from './run-options.ts';
import type { CentralityMeasure, EntityNetwork, NetworkEdge, RankedNode, TimelineResult } from './types.ts';

const MAX_WINDOWS = 120;
/** ranks kept per window to tell where a riser came from */
const RANK_DEPTH = 100;

function windowsOf(first: number, last: number, interval: 'month' | 'quarter' | 'year'): [number, number][] {
  const months = interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12;
  const d = new Date(first * 86_400_000);
  const y = d.getUTCFullYear();
  let m = interval === 'year' ? 0 : d.getUTCMonth() - (d.getUTCMonth() % months);
  const out: [number, number][] = [];
  for (;;) {
    const start = Math.floor(Date.UTC(y, m, 1) / 86_400_000);
    if (start > last) return out;
    const end = Math.floor(Date.UTC(y, m + months, 1) / 86_400_000) - 1;
    out.push([start, end]);
    if (out.length > MAX_WINDOWS) throw new AriadneError('VALIDATION_FAILED', `The ties span more than ${MAX_WINDOWS} ${interval}s; choose a wider interval or a narrower time window.`, { details: { interval: 'too many windows' } });
    m += months;
  }
}

export function timeline(network: EntityNetwork, request: { measure: CentralityMeasure; interval: 'month' | 'quarter' | 'year'; top?: number }, opts: RunOptions = {}): TimelineResult {
  const top = Math.max(1, Math.min(request.top ?? 10, RANK_DEPTH));
  const dated: { edge: NetworkEdge; span: [number, number] }[] = [];
  for (const edge of network.edges) {
    const span = activeSpan(edge.start, edge.end);
    if (span) dated.push({ edge, span });
  }
  const undated = network.edges.length - dated.length;
  if (dated.length === 0) {
    return { measure: request.measure, windows: [], risers: [], explanation: `None of the ${network.edges.length} ties carries a date, so the network cannot be followed over time.` };
  }
  let first = Infinity;
  let last = -Infinity;
  for (const { span } of dated) { first = Math.min(first, span[0]); last = Math.max(last, span[1]); }
  const spans = windowsOf(first, last, request.interval);
  const nodeById = new Map(network.nodes.map((n) => [n.id, n]));
  const tick = ticker(opts, spans.length, 1);
  const windows: TimelineResult['windows'][number][] = [];
  const rankings: Map<string, RankedNode>[] = [];
  spans.forEach(([from, to], i) => {
    tick(i);
    const edges = dated.filter(({ span }) => span[0] <= to && span[1] >= from).map((d) => d.edge);
    const ids = new Set(edges.flatMap((e) => [e.source, e.target]));
    const sub: EntityNetwork = {
      nodes: [...ids].map((id) => nodeById.get(id)!).filter(Boolean),
      edges,
      stats: { ...network.stats, filteredOut: network.edges.length - edges.length },
    };
    const ranked = edges.length === 0 ? [] : centrality(indexNetwork(sub), { measure: request.measure, top: RANK_DEPTH, sample: 'auto' }, { ...(opts.signal ? { signal: opts.signal } : {}) }).top;
    rankings.push(new Map(ranked.map((r) => [r.id, r])));
    windows.push({ from: isoDay(from), to: isoDay(to), nodes: sub.nodes.length, edges: edges.length, top: ranked.slice(0, top) });
  });
  tick.done();

  const risers: TimelineResult['risers'][number][] = [];
  for (let i = 1; i < windows.length; i++) {
    for (const node of windows[i]!.top) {
      const before = rankings[i - 1]!.get(node.id);
      if (before && before.rank <= node.rank) continue;
      const label = `${windows[i]!.from} – ${windows[i]!.to}`;
      risers.push({
        id: node.id, caption: node.caption, window: label, fromRank: before?.rank ?? null, toRank: node.rank,
        explanation: before
          ? `${node.caption} rose from rank ${before.rank} to rank ${node.rank} by ${request.measure} in ${label}.`
          : `${node.caption} entered the top ${top} by ${request.measure} in ${label} (rank ${node.rank}), absent from the previous window's top ${RANK_DEPTH}.`,
      });
    }
  }
  // the biggest climbs first; a newcomer counts as coming from below the tracked depth
  risers.sort((a, b) => ((b.fromRank ?? RANK_DEPTH + 1) - b.toRank) - ((a.fromRank ?? RANK_DEPTH + 1) - a.toRank));
  return {
    measure: request.measure,
    windows,
    risers: risers.slice(0, 20),
    explanation: `${windows.length} ${request.interval} windows from ${windows[0]!.from} to ${windows.at(-1)!.to}, each ranked by ${request.measure} over the ties active in it`
      + (undated > 0 ? `; ${undated} undated ties are left out.` : '.'),
  };
}
