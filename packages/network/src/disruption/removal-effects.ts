/**
 * What removing each node does, for every node at once: one O(n + m) DFS finds the articulation
 * points and the sizes of the pieces each leaves, so the fragmentation search scores every
 * candidate exactly without removing it (and, with roles, the source–target pairs each keeps).
 */
import type { CompactGraph } from '../compact-graph.ts';

export interface RemovalEffects {
  /** Σ s(s − 1) over the components of the remaining graph now */
  readonly pairs: number;
  /** the same if v is removed too */
  readonly pairsAfter: Float64Array;
  /** nodes v's removal cuts off from the largest remaining part of its component */
  readonly cutOff: Int32Array;
  /** parts v's component falls into without v */
  readonly parts: Int32Array;
  /** size of v's component */
  readonly group: Int32Array;
  /** source–target pairs (two different nodes) in one component now, and if v is removed too; with roles only */
  readonly rolePairs: number;
  readonly rolePairsAfter: Float64Array | null;
}

/** role membership by node number: 1 for a source (target) */
export interface RoleMarks {
  readonly isSrc: Uint8Array;
  readonly isTgt: Uint8Array;
}

/** The arrays of `removalEffects`, made once per plan: a plan scores every node tens of times. */
export interface EffectsWorkspace {
  readonly disc: Int32Array; readonly low: Int32Array; readonly size: Int32Array; readonly parent: Int32Array; readonly it: Int32Array;
  readonly sepSize: Int32Array; readonly sepParts: Int32Array; readonly maxSep: Int32Array; readonly sepPairs: Float64Array;
  readonly stack: Int32Array; readonly comp: Int32Array;
  readonly pairsAfter: Float64Array; readonly cutOff: Int32Array; readonly parts: Int32Array; readonly group: Int32Array;
  readonly roles: {
    readonly subS: Int32Array; readonly subT: Int32Array; readonly subB: Int32Array;
    readonly sepS: Int32Array; readonly sepT: Int32Array; readonly sepB: Int32Array; readonly sepRole: Float64Array;
    readonly rolePairsAfter: Float64Array;
  } | null;
}

export function effectsWorkspace(n: number, withRoles: boolean): EffectsWorkspace {
  const i32 = (): Int32Array => new Int32Array(n);
  const f64 = (): Float64Array => new Float64Array(n);
  return {
    disc: i32(), low: i32(), size: i32(), parent: i32(), it: i32(),
    sepSize: i32(), sepParts: i32(), maxSep: i32(), sepPairs: f64(),
    stack: new Int32Array(Math.max(1, n)), comp: new Int32Array(Math.max(1, n)),
    pairsAfter: f64(), cutOff: i32(), parts: i32(), group: i32(),
    roles: withRoles ? { subS: i32(), subT: i32(), subB: i32(), sepS: i32(), sepT: i32(), sepB: i32(), sepRole: f64(), rolePairsAfter: f64() } : null,
  };
}

/**
 * One iterative DFS (Tarjan's articulation points): removing v leaves its component as the DFS
 * subtrees of v's children c with low[c] ≥ disc[v] (they reached nothing above v) plus the rest.
 * Summing the pieces' pair counts gives, for every node at once, the pairs left after its removal.
 * With role weights it also counts the source–target pairs each piece keeps together.
 */
export function removalEffects(g: CompactGraph, removed: Uint8Array, ws: EffectsWorkspace, marks?: RoleMarks): RemovalEffects {
  const { n, offsets: off, neighbours: nb } = g;
  const isSrc = marks?.isSrc;
  const isTgt = marks?.isTgt;
  const roles = marks !== undefined;
  if (roles && !ws.roles) throw new Error('removalEffects: the workspace was made without role arrays');
  const { disc, low, size, parent, it, sepSize, sepParts, maxSep, sepPairs, stack, comp, pairsAfter, cutOff, parts, group } = ws;
  disc.fill(-1);
  sepSize.fill(0);
  sepParts.fill(0);
  maxSep.fill(0);
  sepPairs.fill(0);
  // role weights of subtrees and of separated pieces
  const subS = ws.roles?.subS;
  const subT = ws.roles?.subT;
  const subB = ws.roles?.subB;
  const sepS = ws.roles?.sepS;
  const sepT = ws.roles?.sepT;
  const sepB = ws.roles?.sepB;
  const sepRole = ws.roles?.sepRole;
  const rolePairsAfter = roles ? ws.roles!.rolePairsAfter : null;
  if (roles) { sepS!.fill(0); sepT!.fill(0); sepB!.fill(0); sepRole!.fill(0); }
  const rolePairsOf = (s: number, t: number, b: number): number => s * t - b;

  let time = 0;
  let pairs = 0;
  let rolePairs = 0;
  // first pass: DFS per component, then the component's totals are known and a second sweep over its nodes fills the answers
  const compStart: number[] = [];
  const compEnd: number[] = [];
  let nc = 0;
  for (let r = 0; r < n; r++) {
    if (removed[r] || disc[r] !== -1) continue;
    const start = nc;
    let top = 0;
    stack[top++] = r;
    parent[r] = -1;
    disc[r] = low[r] = time++;
    it[r] = off[r]!;
    size[r] = 1;
    comp[nc++] = r;
    if (roles) initRole(r);
    while (top > 0) {
      const v = stack[top - 1]!;
      if (it[v]! < off[v + 1]!) {
        const u = nb[it[v]!++]!;
        if (removed[u] || u === parent[v]) continue;
        if (disc[u] === -1) {
          parent[u] = v;
          disc[u] = low[u] = time++;
          it[u] = off[u]!;
          size[u] = 1;
          comp[nc++] = u;
          if (roles) initRole(u);
          stack[top++] = u;
        } else if (disc[u]! < low[v]!) low[v] = disc[u]!;
        continue;
      }
      top--;
      const p = parent[v]!;
      if (p < 0) continue;
      size[p]! += size[v]!;
      if (low[v]! < low[p]!) low[p] = low[v]!;
      if (roles) { subS![p]! += subS![v]!; subT![p]! += subT![v]!; subB![p]! += subB![v]!; }
      if (low[v]! >= disc[p]!) {
        const s = size[v]!;
        sepSize[p]! += s;
        sepParts[p]!++;
        sepPairs[p]! += s * (s - 1);
        if (s > maxSep[p]!) maxSep[p] = s;
        if (roles) {
          sepS![p]! += subS![v]!; sepT![p]! += subT![v]!; sepB![p]! += subB![v]!;
          sepRole![p]! += rolePairsOf(subS![v]!, subT![v]!, subB![v]!);
        }
      }
    }
    compStart.push(start);
    compEnd.push(nc);
    const s = size[r]!;
    pairs += s * (s - 1);
    if (roles) rolePairs += rolePairsOf(subS![r]!, subT![r]!, subB![r]!);
  }
  for (let c = 0; c < compStart.length; c++) {
    const r = comp[compStart[c]!]!;
    const s = size[r]!;
    const own = s * (s - 1);
    const ownRole = roles ? rolePairsOf(subS![r]!, subT![r]!, subB![r]!) : 0;
    for (let j = compStart[c]!; j < compEnd[c]!; j++) {
      const v = comp[j]!;
      const rest = s - 1 - sepSize[v]!;
      pairsAfter[v] = pairs - own + sepPairs[v]! + rest * (rest - 1);
      parts[v] = sepParts[v]! + (rest > 0 ? 1 : 0);
      cutOff[v] = s - 1 - Math.max(rest, maxSep[v]!);
      group[v] = s;
      if (roles) {
        const vs = isSrc![v]!;
        const vt = isTgt![v]!;
        const rs = subS![r]! - vs - sepS![v]!;
        const rt = subT![r]! - vt - sepT![v]!;
        const rb = subB![r]! - (vs & vt) - sepB![v]!;
        rolePairsAfter![v] = rolePairs - ownRole + sepRole![v]! + rolePairsOf(rs, rt, rb);
      }
    }
  }
  return { pairs, pairsAfter, cutOff, parts, group, rolePairs, rolePairsAfter };

  function initRole(v: number): void {
    subS![v] = isSrc![v]!;
    subT![v] = isTgt![v]!;
    subB![v] = isSrc![v]! & isTgt![v]!;
  }
}
