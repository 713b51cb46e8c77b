/**
 * CT-01 ⚑ payments linked to listed parties or to areas where armed groups operate: UN CTED (2019)
 * and FATF-APG (2018) on the links between trafficking and terrorist financing. Two detectors,
 * one per kind of outside knowledge the scan context carries:
 *
 * - `ct-listed-party`: every transaction whose payer or payee (its account reference, or its
 *   customer's node key `customer:<id>`) the screening capability matched on a sanctions list or
 *   tied to an armed group in a case (`scope.context.listed`), with a match score of at least
 *   `minMatchScore`. The map is read as immutable: it is resolved to account and node numbers
 *   once per graph (a changed screening result is a new map).
 * - `ct-conflict-area`: every transaction of the listed kinds (transfers, wires, cash, money
 *   services / hawala, crypto) whose stated origin or destination country, or whose counterparty's
 *   branch country, is in `scope.context.conflictCountries`. The institution's own country is never
 *   a hit (an institution inside a conflict country would otherwise flag all its domestic traffic).
 *
 * One finding per transaction: each such payment is reportable on its own. Anchor: the paying
 * endpoint of the transaction, or its receiving endpoint when the payer is a pseudo-party (a cash
 * deposit from `@cash`).
 *
 * Without the context field a detector needs, it finds nothing. Cannot see: areas below country
 * level (a province held by an armed group), or a listed party behind an unlisted account.
 */
import type { DetectScope, Detector, Finding, ListedParty } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import type { TxKind } from '../../types.ts';
import { SOURCES, kindSet, makeFinding, money, upper } from './flag-helpers.ts';

/** the node's transactions in scope that it anchors (see the module comment) */
function forEachAnchored(graph: TransactionGraph, node: number, scope: DetectScope, visit: (t: number) => void): void {
  const out = graph.outgoing(node);
  for (let p = graph.firstAtOrAfter(out, scope.since), end = graph.lastAtOrBefore(out, scope.until); p < end; p++) visit(out[p]!);
  const inc = graph.incoming(node);
  for (let p = graph.firstAtOrAfter(inc, scope.since), end = graph.lastAtOrBefore(inc, scope.until); p < end; p++) {
    const t = inc[p]!;
    if (graph.isPseudo(graph.from(t))) visit(t);
  }
}

const KIND_LABEL: Readonly<Record<TxKind, string>> = {
  transfer: 'transfer', wire: 'wire', cash_deposit: 'cash deposit', cash_withdrawal: 'cash withdrawal', card: 'card payment',
  salary: 'salary payment', cheque: 'cheque', crypto: 'crypto transfer', msb: 'money-service payment', fee: 'fee', other: 'payment',
};

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** a short, safe label for a list id from outside data */
function listLabel(list: string): string {
  const clean = list.replace(/[^\w.-]/g, '').slice(0, 32);
  return clean === '' ? 'a list' : `list ${clean}`;
}

export type ListedPartyParams = {
  /** screening matches below this score are ignored */
  readonly minMatchScore: number;
};

export const listedParty: Detector<ListedPartyParams> = {
  id: 'ct-listed-party',
  title: '⚑ Payment to or from a listed party',
  description:
    '⚑ A transaction whose payer or payee the screening capability matched on a sanctions list, or tied to an armed group in a case '
    + '(UN CTED 2019; FATF-APG 2018 on trafficking that finances terrorism).',
  sources: [SOURCES.CTED19, SOURCES.FATF18],
  redFlag: 'CT-01',
  requires: ['TX', 'EXT'],
  defaults: { minMatchScore: 0.5 },

  detect(graph, node, params, scope): Finding[] {
    const listed = scope.context.listed;
    if (!listed || listed.size === 0 || graph.isPseudo(node)) return [];
    const resolved = resolveListed(graph, listed);
    const matchOf = (n: number, account: number): ListedParty | undefined =>
      best(resolved.byAccount.get(account), resolved.byNode.get(n), params.minMatchScore);
    const findings: Finding[] = [];
    forEachAnchored(graph, node, scope, (t) => {
      const payer = matchOf(graph.from(t), graph.fromAccount(t));
      const payee = matchOf(graph.to(t), graph.toAccount(t));
      const hit = best(payer, payee, params.minMatchScore);
      if (hit === undefined) return;
      const side = payer && payee ? 'both' : payer ? 'payer' : 'payee';
      const anchorIsPayer = graph.from(t) === node;
      const label = KIND_LABEL[graph.kind(t)];
      const who = side === 'both' ? 'both parties were matched'
        : (side === 'payer') === anchorIsPayer ? 'this customer was matched' : `the ${side === 'payer' ? 'payer' : 'payee'} was matched`;
      findings.push(makeFinding(graph, {
        detector: listedParty.id,
        node,
        score: hit.score,
        txs: [t],
        reason: `⚑ ${article(label) === 'an' ? 'An' : 'A'} ${label} of ${money(graph, graph.amount(t))} where ${who} on ${listLabel(hit.list)} `
          + `(match ${hit.score.toFixed(2)}).`,
        facts: { list: listLabel(hit.list).replace(/^list /, ''), matchScore: hit.score, side, amount: graph.amount(t), kind: graph.kind(t) },
      }));
    });
    return findings;
  },
};

/** the listed map turned into account and node numbers of one graph */
interface ResolvedListed {
  readonly listed: ReadonlyMap<string, ListedParty>;
  accounts: number;
  nodes: number;
  readonly byAccount: Map<number, ListedParty>;
  readonly byNode: Map<number, ListedParty>;
}

const resolvedByGraph = new WeakMap<TransactionGraph, ResolvedListed>();

/**
 * Resolves listed references to account and node numbers once per graph and list, then only for
 * the accounts and nodes added since (a stream keeps adding them): a transaction then costs two
 * integer look-ups, not string look-ups of both parties' references and keys.
 */
function resolveListed(graph: TransactionGraph, listed: ReadonlyMap<string, ListedParty>): ResolvedListed {
  let r = resolvedByGraph.get(graph);
  if (r === undefined || r.listed !== listed) {
    r = { listed, accounts: 0, nodes: 0, byAccount: new Map(), byNode: new Map() };
    resolvedByGraph.set(graph, r);
  }
  for (; r.accounts < graph.accountCount; r.accounts++) {
    const hit = listed.get(graph.accountRef(r.accounts));
    if (hit) r.byAccount.set(r.accounts, hit);
  }
  for (; r.nodes < graph.nodeCount; r.nodes++) {
    if (graph.isPseudo(r.nodes)) continue;
    const hit = listed.get(graph.node(r.nodes).key);
    if (hit) r.byNode.set(r.nodes, hit);
  }
  return r;
}

function usable(p: ListedParty | undefined, min: number): p is ListedParty {
  return p !== undefined && Number.isFinite(p.score) && p.score >= min && p.score > 0;
}

/** the stronger usable match of two (runs per transaction: no closures, no allocation) */
function best(a: ListedParty | undefined, b: ListedParty | undefined, min: number): ListedParty | undefined {
  const okA = usable(a, min);
  const okB = usable(b, min);
  if (okA && okB) return b.score > a.score ? b : a;
  return okA ? a : okB ? b : undefined;
}

export type ConflictAreaParams = {
  readonly kinds: readonly string[];
  /** also count the counterparty's account branch country (KYC) */
  readonly counterpartyBranch: boolean;
};

/** kinds through which armed groups move cash: money services / hawala, cash, crypto */
const CASH_LIKE = new Set<TxKind>(['msb', 'cash_withdrawal', 'cash_deposit', 'crypto']);

export const conflictArea: Detector<ConflictAreaParams> = {
  id: 'ct-conflict-area',
  title: '⚑ Payment linked to a conflict area',
  description:
    '⚑ Transfers, cash and money-service (hawala) transactions to or from a country where armed groups or listed terrorist groups '
    + 'operate (UN CTED 2019; FATF-APG 2018).',
  sources: [SOURCES.CTED19, SOURCES.FATF18],
  redFlag: 'CT-01',
  requires: ['TX', 'EXT'],
  defaults: { kinds: ['transfer', 'wire', 'cash_withdrawal', 'cash_deposit', 'msb', 'crypto', 'cheque', 'other'], counterpartyBranch: true },

  detect(graph, node, params, scope): Finding[] {
    const conflict = scope.context.conflictCountries;
    if (!conflict || conflict.size === 0 || graph.isPseudo(node)) return [];
    const home = upper(scope.context.homeCountry);
    const areas = new Set([...conflict].map((c) => c.toUpperCase()).filter((c) => c !== home));
    if (areas.size === 0) return [];
    const kinds = kindSet(params.kinds);
    const branch = new Map<number, string | undefined>();
    const branchOf = (n: number): string | undefined => {
      if (!branch.has(n)) branch.set(n, upper(graph.node(n).country));
      return branch.get(n);
    };
    const findings: Finding[] = [];
    forEachAnchored(graph, node, scope, (t) => {
      if (!kinds.has(graph.kind(t))) return;
      const from = upper(graph.attr(t, 'fromCountry'));
      const to = upper(graph.attr(t, 'toCountry'));
      const other = graph.from(t) === node ? graph.to(t) : graph.from(t);
      const cpBranch = params.counterpartyBranch && other !== node && !graph.isPseudo(other) ? branchOf(other) : undefined;
      const byBranch = cpBranch !== undefined && areas.has(cpBranch) ? cpBranch : undefined;
      const fromHit = from !== undefined && areas.has(from);
      const toHit = to !== undefined && areas.has(to);
      if (!fromHit && !toHit && byBranch === undefined) return;
      const stated: string[] = [];
      if (fromHit) stated.push(from);
      if (toHit) stated.push(to);
      const countries = [...new Set([...stated, ...(byBranch ? [byBranch] : [])])].sort();
      const cashLike = CASH_LIKE.has(graph.kind(t));
      const label = KIND_LABEL[graph.kind(t)];
      const how = stated.length > 0 ? (byBranch ? 'to or from, and with a counterparty banking in,' : 'to or from') : 'with a counterparty banking in';
      findings.push(makeFinding(graph, {
        detector: conflictArea.id,
        node,
        score: 0.6 + (cashLike ? 0.2 : 0) + (stated.length > 0 && byBranch ? 0.1 : 0),
        txs: [t],
        reason: `⚑ ${article(label) === 'an' ? 'An' : 'A'} ${label} of ${money(graph, graph.amount(t))} ${how} ${countries.join(', ')}, `
          + `listed as ${countries.length === 1 ? 'an area' : 'areas'} where armed groups operate.`,
        facts: { countries: countries.join(','), amount: graph.amount(t), kind: graph.kind(t), byBranch: byBranch ? 'yes' : 'no' },
      }));
    });
    return findings;
  },
};
