/**
 * An alert's evidence subgraph in the network explorer's shape (`EntityNetwork` of
 * `@ariadne/network`): each account a `BankAccount` node captioned with its masked reference
 * (`…4521`), each transaction a `Payment` tie of kind `payment` dated by its day, and each account
 * holder the case links an entity node tied to its account by `ownership`. Account node ids are
 * digests, so the full reference is not repeated in every node and edge; a victim holder appears
 * as a protected person to readers not cleared for sealed data.
 */
import { createHash } from 'node:crypto';
import { CASH_ACCOUNT, formatMoney, type AccountRecord, type TransactionRecord } from '@ariadne/finance';
import type { EntityNetwork, NetworkEdge, NetworkNode } from '@ariadne/network';
import { holderView, type Holder } from './holders.ts';

/** `…4521`: the last four characters, enough to tell accounts apart on screen */
export function maskAccount(ref: string): string {
  if (ref === CASH_ACCOUNT) return 'cash';
  return ref.length <= 4 ? '…' : `…${ref.slice(-4)}`;
}

export function accountNodeId(caseId: string, ref: string): string {
  return `account:${createHash('sha256').update(caseId).update('\u0000').update(ref).digest('hex').slice(0, 24)}`;
}

export interface AlertNetworkInput {
  readonly caseId: string;
  readonly transactions: readonly TransactionRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly holders: ReadonlyMap<string, Holder>;
  /** the reader may see victims' identities */
  readonly cleared: boolean;
}

export function alertNetwork({ caseId, transactions, accounts, holders, cleared }: AlertNetworkInput): EntityNetwork {
  const nodes = new Map<string, NetworkNode & { roles: string[] }>();
  const edges: NetworkEdge[] = [];
  const kyc = new Map(accounts.map((a) => [a.id, a]));
  const accountNode = (ref: string, role: 'payer' | 'beneficiary'): string => {
    const id = accountNodeId(caseId, ref);
    let node = nodes.get(id);
    if (!node) {
      node = { id, schema: 'BankAccount', caption: maskAccount(ref), roles: ['schema:BankAccount', ...(ref === CASH_ACCOUNT ? ['cash'] : [])], caseId };
      nodes.set(id, node);
    }
    if (!node.roles.includes(role)) node.roles.push(role);
    return id;
  };
  for (const tx of transactions) {
    const source = accountNode(tx.from, 'payer');
    const target = accountNode(tx.to, 'beneficiary');
    const day = new Date(tx.timestamp).toISOString().slice(0, 10);
    edges.push({
      id: `payment:${tx.id}`, source, target, type: 'Payment', kind: 'payment', label: formatMoney(tx.amount, tx.currency),
      directed: true, start: day, end: null, sources: ['finance'], weight: 1,
    });
  }
  for (const ref of new Set(transactions.flatMap((tx) => [tx.from, tx.to]))) {
    const holderId = kyc.get(ref)?.holderId;
    const holder = holderId === undefined ? undefined : holders.get(holderId);
    if (!holder) continue;
    const view = holderView(holder, cleared);
    if (!nodes.has(view.id)) nodes.set(view.id, { id: view.id, schema: view.schema, caption: view.caption, roles: [`schema:${view.schema}`, 'owner', ...(view.victim ? ['victim'] : [])], caseId });
    const target = accountNodeId(caseId, ref);
    edges.push({
      id: `${view.id}~${target}`, source: view.id, target, type: 'Ownership', kind: 'ownership', label: 'holds',
      directed: true, start: null, end: null, sources: ['finance:kyc'], weight: 1,
    });
  }
  return {
    nodes: [...nodes.values()],
    edges,
    stats: { entities: nodes.size, relations: edges.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 },
  };
}
