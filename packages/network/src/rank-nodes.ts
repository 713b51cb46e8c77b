/**
 * Turning per-node numbers into what an investigator reads, and role selectors into node sets.
 * Every ranked analysis (centrality, k-core, the disruption planner, the timeline) goes through
 * `rankNodes`, so ranks, ties and "rank 3 of 120" read the same everywhere.
 */
import { AriadneError } from '@ariadne/schema';
import type { IndexedNetwork, RankedNode, RoleSelector } from './types.ts';

const count = new Intl.NumberFormat('en-US');

/** 1,204 — the thousands separator keeps large ranks readable in a sentence. */
export const formatCount = (x: number): string => count.format(x);

/**
 * The `top` nodes with the highest values, best first, each with a 1-based rank (ties share the
 * lower rank: 1, 2, 2, 4) and the sentence `explain` writes for it. `n` passed to `explain` is the
 * number of nodes ranked: those whose value is a number and passes `filter`; `node` is the node
 * number, for sentences that depend on more than the value. Among equal values
 * at the cut-off the lower node number wins, so the same input always gives the same list.
 *
 * A bounded heap keeps this O(n log top): sorting a million values to show twenty of them would
 * cost more than some of the analyses whose results it ranks.
 * @example rankNodes(net, degreeCentrality(net.graph), 10, (v, r, n) => `tied to ${v} others (rank ${r} of ${n})`)
 */
// eslint-disable-next-line max-params -- the shared signature other analyses already call
export function rankNodes(
  net: IndexedNetwork,
  values: ArrayLike<number>,
  top: number,
  explain: (value: number, rank: number, n: number, node: number) => string,
  filter?: (v: number) => boolean,
): RankedNode[] {
  const nodes = net.network.nodes;
  if (values.length !== nodes.length) throw new RangeError(`rankNodes: ${values.length} values for ${nodes.length} nodes`);
  if (!Number.isInteger(top) || top < 0) throw new RangeError(`rankNodes: top must be a non-negative integer, got ${top}`);
  const { order, ranked } = topIndices(values, top, filter);
  const out: RankedNode[] = [];
  let rank = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const value = values[i]!;
    if (j === 0 || value !== values[order[j - 1]!]) rank = j + 1;
    const node = nodes[i]!;
    out.push({ id: node.id, caption: node.caption, schema: node.schema, value, rank, explanation: explain(value, rank, ranked, i) });
  }
  return out;
}

/** Node numbers of the `k` best values (value descending, node number ascending), and how many were eligible. */
function topIndices(values: ArrayLike<number>, k: number, filter?: (v: number) => boolean): { order: Int32Array; ranked: number } {
  // `better(a, b)`: a ranks before b. The heap's root is the worst of the kept nodes.
  const better = (a: number, b: number): boolean => {
    const va = values[a]!;
    const vb = values[b]!;
    return va > vb || (va === vb && a < b);
  };
  const heap = new Int32Array(Math.min(k, values.length));
  let size = 0;
  let ranked = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || (filter && !filter(v))) continue;
    ranked++;
    if (heap.length === 0) continue;
    if (size < heap.length) {
      // sift up: a node worse than its parent moves towards the root
      let c = size++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!better(heap[p]!, heap[c]!)) break;
        const t = heap[p]!; heap[p] = heap[c]!; heap[c] = t;
        c = p;
      }
    } else if (better(i, heap[0]!)) {
      heap[0] = i;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let worst = p;
        if (l < size && better(heap[worst]!, heap[l]!)) worst = l;
        if (r < size && better(heap[worst]!, heap[r]!)) worst = r;
        if (worst === p) break;
        const t = heap[p]!; heap[p] = heap[worst]!; heap[worst] = t;
        p = worst;
      }
    }
  }
  const order = heap.slice(0, size);
  order.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  return { order, ranked };
}

/**
 * The nodes a list of selectors names, ascending and without repeats. A selector is a role tag
 * matched exactly against `NetworkNode.roles` (`perpetrator`, `recruiter`, `schema:BankAccount`)
 * or `id:<entity id>` for one entity. The empty list selects nothing; callers decide whether
 * that means "everyone" for them.
 *
 * Throws AriadneError NOT_FOUND for an `id:` not in the network and VALIDATION_FAILED, naming the
 * selector, for a role no node has: a misspelt role must not quietly turn "between recruiters
 * and buyers" into "between buyers and nobody".
 * @example selectNodes(net, ['recruiter', 'id:person-17'])
 */
export function selectNodes(net: IndexedNetwork, selectors: readonly RoleSelector[]): Int32Array {
  const nodes = net.network.nodes;
  const chosen = new Uint8Array(nodes.length);
  let total = 0;
  for (const raw of selectors) {
    const selector = typeof raw === 'string' ? raw.trim() : '';
    if (selector === '') throw new AriadneError('VALIDATION_FAILED', 'An empty node selector was given; name a role (e.g. "recruiter") or an entity ("id:<entity id>").', { details: { selector: 'empty' } });
    if (selector.startsWith('id:')) {
      const id = selector.slice(3);
      const i = net.index.get(id);
      if (i === undefined) throw new AriadneError('NOT_FOUND', `No entity with id "${id}" is in this network.`, { details: { selector } });
      if (!chosen[i]) { chosen[i] = 1; total++; }
      continue;
    }
    let matched = 0;
    for (let i = 0; i < nodes.length; i++) {
      if (!nodes[i]!.roles.includes(selector)) continue;
      matched++;
      if (!chosen[i]) { chosen[i] = 1; total++; }
    }
    if (matched === 0) throw new AriadneError('VALIDATION_FAILED', `No node in this network has the role "${selector}".`, { details: { selector: `no node has the role "${selector}"` } });
  }
  const out = new Int32Array(total);
  let k = 0;
  for (let i = 0; i < nodes.length; i++) if (chosen[i]) out[k++] = i;
  return out;
}

/**
 * How a selector list reads in a sentence: roles as "perpetrator or victim nodes", entities by
 * caption ("Recruiter A"), schemata by name ("BankAccount nodes").
 * @example describeSelectors(net, ['perpetrator']) // "perpetrator nodes"
 */
export function describeSelectors(net: IndexedNetwork, selectors: readonly RoleSelector[]): string {
  const entities: string[] = [];
  const roles: string[] = [];
  for (const raw of selectors) {
    const s = raw.trim();
    if (s.startsWith('id:')) {
      const i = net.index.get(s.slice(3));
      entities.push(i === undefined ? s.slice(3) : net.network.nodes[i]!.caption);
    } else roles.push(s.startsWith('schema:') ? s.slice(7) : s);
  }
  const parts = [...entities];
  if (roles.length) parts.push(`${roles.join(' or ')} nodes`);
  return parts.length ? parts.join(' or ') : 'all nodes';
}
