/**
 * Type-ahead over the loaded nodes' captions. Matching ignores case, accents and Arabic
 * diacritics; a caption that starts with the query comes first, then one with a word that does,
 * then any that contains it; within each, the better connected node first (investigators look
 * for the person who matters, not a namesake on the edge of the graph). Pure: node tests run it.
 */

export interface SearchableNode {
  readonly id: string;
  readonly caption: string;
  readonly schema: string;
}

export interface SearchHit {
  readonly id: string;
  readonly caption: string;
  readonly schema: string;
}

/** Lower case without combining marks (é → e, Arabic harakat dropped) and without tatweel. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/[\p{M}\u0640]/gu, '').toLowerCase();
}

export interface CaptionIndex {
  search(query: string, limit?: number): SearchHit[];
}

/**
 * Folds every caption once; each search is one pass over them.
 * @example createCaptionIndex(nodes, (id) => degree.get(id) ?? 0).search('recru') // [{ id, caption: 'Recruiter 1', … }]
 */
export function createCaptionIndex(nodes: readonly SearchableNode[], degreeOf: (id: string) => number): CaptionIndex {
  const folded = nodes.map((n) => foldForSearch(n.caption));
  return {
    search(query, limit = 8) {
      const q = foldForSearch(query.trim());
      if (!q) return [];
      const wordStart = new RegExp(`(^|[\\s\\p{P}])${escapeRegExp(q)}`, 'u');
      const hits: { i: number; tier: number; degree: number }[] = [];
      for (let i = 0; i < folded.length; i++) {
        const text = folded[i]!;
        const at = text.indexOf(q);
        if (at < 0) continue;
        const tier = at === 0 ? 0 : wordStart.test(text) ? 1 : 2;
        hits.push({ i, tier, degree: degreeOf(nodes[i]!.id) });
      }
      hits.sort((a, b) => a.tier - b.tier || b.degree - a.degree || folded[a.i]!.localeCompare(folded[b.i]!));
      return hits.slice(0, limit).map(({ i }) => {
        const n = nodes[i]!;
        return { id: n.id, caption: n.caption, schema: n.schema };
      });
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
