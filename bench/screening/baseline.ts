/**
 * The plain Jaro-Winkler baseline the issue asks to compare against: every indexed name
 * normalised (Unicode clean-up, lower case) and compared whole with the query, best score per
 * listed entry. No tokens, keys, weights or blocking.
 */
import { normaliseName } from '@ariadne/names';
import { jaroWinkler, type ScreeningIndex } from '@ariadne/sanctions';
import type { Hit } from './metrics.ts';

export interface Baseline {
  screen(query: string): Hit[];
}

/** Scores below `floor` are not returned (they cannot matter at any threshold a baseline would use). */
export function buildBaseline(index: ScreeningIndex, floor = 0.6): Baseline {
  const names = index.names.map((n) => ({ norm: normaliseName(n.name.replace(/,/g, ' ')), list: n.list, entry: n.entry }));
  return {
    screen(query) {
      const q = normaliseName(query.replace(/,/g, ' '));
      const best = new Map<string, Hit>();
      for (const n of names) {
        const s = jaroWinkler(q, n.norm);
        if (s < floor) continue;
        const key = `${n.list}\u0000${n.entry}`;
        const prev = best.get(key);
        if (!prev || prev.score < s) best.set(key, { list: n.list, entry: n.entry, score: s });
      }
      return [...best.values()];
    },
  };
}
