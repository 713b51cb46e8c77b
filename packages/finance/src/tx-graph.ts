/**
 * The transaction graph every detector walks: parties as nodes, transactions as timed, weighted,
 * directed multi-edges. Columns of typed arrays (not an object per transaction) so five million
 * transactions fit in a few hundred megabytes and a detector's inner loop reads numbers, not
 * properties; written here rather than on graphology because graphology keeps one object per
 * edge and no per-node time order, which every windowed detector needs.
 *
 * A node is a party: the resolved customer when KYC names one (so a customer's several accounts
 * are one node, as FinCEN FIN-2014-A008 asks), else the account itself. Each node keeps its
 * outgoing and incoming transactions in time order; `add` keeps that order even when a stream
 * delivers transactions late, so one graph serves the batch scan and the streaming scorer.
 *
 * @example
 * ```ts
 * const graph = new TransactionGraph({ currency: { base: 'USD', rates: { USD: 1, EUR: 1.08 } } });
 * graph.addAccounts([{ id: 'ACC-1', customerId: 'CUST-7', kind: 'business' }]);
 * const i = graph.add(tx);            // -1 when the id was seen before
 * for (const t of graph.incoming(graph.to(i))) graph.amount(t);
 * ```
 */
import { AriadneError } from '@ariadne/schema';
import type { AccountKind, AccountRecord, CurrencyTable, TransactionRecord, TxKind } from './types.ts';
import { TX_KINDS } from './types.ts';

/** Per-transaction text attributes the red flags read; stored interned, one Int32 column each. */
export const TX_ATTRIBUTES = ['fromCountry', 'toCountry', 'location', 'merchantCategory', 'beneficiaryName', 'fromBank', 'toBank'] as const;
export type TxAttribute = (typeof TX_ATTRIBUTES)[number];

const KIND_CODE = new Map<TxKind, number>(TX_KINDS.map((k, i) => [k, i]));

export interface TransactionGraphOptions {
  readonly currency: CurrencyTable;
  /** room for this many transactions before the columns grow */
  readonly capacity?: number;
  /**
   * Keep an index of transaction ids, so `add` refuses a repeated id and `indexOf` works (default
   * true). A batch reader that has already refused repeated ids turns it off and saves the
   * index's memory (some 70 bytes a transaction).
   */
  readonly checkIds?: boolean;
}

export interface NodeInfo {
  /** `customer:<id>` for a resolved customer, else the account reference */
  readonly key: string;
  /** account indices of the node (see `accountRef`) */
  readonly accounts: readonly number[];
  readonly kind: AccountKind;
  readonly businessType: string | undefined;
  readonly city: string | undefined;
  readonly country: string | undefined;
  /** true for pseudo-parties such as `@cash`: never a hub, an intermediary or an anchor */
  readonly pseudo: boolean;
}

/**
 * A graph handed to a worker thread: the columns and the adjacency (as CSR) in shared memory, the
 * account and node tables copied. Transaction ids stay with the owner; a worker names
 * transactions by index.
 */
export interface SharedGraphData {
  readonly count: number;
  readonly currency: CurrencyTable;
  readonly columns: {
    readonly fromNode: Int32Array; readonly toNode: Int32Array; readonly fromAcct: Int32Array; readonly toAcct: Int32Array;
    readonly amounts: Float64Array; readonly times: Float64Array; readonly kinds: Uint8Array;
    readonly attrs: Readonly<Record<TxAttribute, Int32Array>>;
  };
  readonly pool: readonly string[];
  readonly accountRefs: readonly string[];
  readonly accountNodes: readonly number[];
  readonly accountInfo: readonly (AccountRecord | undefined)[];
  readonly nodes: readonly { readonly key: string; readonly accounts: readonly number[]; readonly info: AccountRecord | undefined }[];
  readonly outOffsets: Int32Array;
  readonly outTx: Int32Array;
  readonly inOffsets: Int32Array;
  readonly inTx: Int32Array;
  readonly minTime: number;
  readonly maxTime: number;
}

/** the first `length` values, as a view of the same shared memory (columns live in SharedArrayBuffers) */
function shared<T extends Float64Array | Int32Array | Uint8Array>(array: T, length: number): T {
  return array.subarray(0, length) as T;
}

type Column = Float64Array | Int32Array | Uint8Array;

/** a column in shared memory, so handing the graph to worker threads copies nothing */
function column<T extends Column>(Type: new (buffer: SharedArrayBuffer) => T, bytes: number, size: number): T {
  return new Type(new SharedArrayBuffer(size * bytes));
}

function csr(lists: readonly (readonly number[])[]): { offsets: Int32Array; values: Int32Array } {
  const offsets = new Int32Array(new SharedArrayBuffer((lists.length + 1) * 4));
  for (let n = 0; n < lists.length; n++) offsets[n + 1] = offsets[n]! + lists[n]!.length;
  const values = new Int32Array(new SharedArrayBuffer(offsets[lists.length]! * 4));
  for (let n = 0; n < lists.length; n++) values.set(lists[n]!, offsets[n]!);
  return { offsets, values };
}

function grow<T extends Column>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = column(array.constructor as new (buffer: SharedArrayBuffer) => T, array.BYTES_PER_ELEMENT, Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

export class TransactionGraph {
  readonly currency: CurrencyTable;
  private count = 0;
  private ids: string[] = [];
  private idIndex = new Map<string, number>();
  private fromNode: Int32Array;
  private toNode: Int32Array;
  private fromAcct: Int32Array;
  private toAcct: Int32Array;
  private amounts: Float64Array;
  private times: Float64Array;
  private kinds: Uint8Array;
  private attrs: Record<TxAttribute, Int32Array>;
  private pool: string[] = [];
  private poolIndex = new Map<string, number>();

  private accountRefs: string[] = [];
  private accountIndex = new Map<string, number>();
  private accountNodes: number[] = [];
  private accountInfo: (AccountRecord | undefined)[] = [];

  private nodes: { key: string; accounts: number[]; info: AccountRecord | undefined }[] = [];
  private nodeIndex = new Map<string, number>();
  private outLists: number[][] = [];
  private inLists: number[][] = [];
  private minTime = Infinity;
  private maxTime = -Infinity;
  private readOnly = false;
  private readonly checkIds: boolean;

  constructor(options: TransactionGraphOptions) {
    this.currency = options.currency;
    const n = Math.max(16, options.capacity ?? 1024);
    this.checkIds = options.checkIds ?? true;
    this.fromNode = column(Int32Array, 4, n);
    this.toNode = column(Int32Array, 4, n);
    this.fromAcct = column(Int32Array, 4, n);
    this.toAcct = column(Int32Array, 4, n);
    this.amounts = column(Float64Array, 8, n);
    this.times = column(Float64Array, 8, n);
    this.kinds = column(Uint8Array, 1, n);
    this.attrs = Object.fromEntries(TX_ATTRIBUTES.map((a) => [a, column(Int32Array, 4, n)])) as Record<TxAttribute, Int32Array>;
  }

  /**
   * KYC for accounts. Call before the accounts' transactions are added: an account already seen in
   * a transaction keeps the node it got then (re-homing edges would reorder every list).
   */
  addAccounts(records: Iterable<AccountRecord>): void {
    for (const record of records) {
      const known = this.accountIndex.get(record.id);
      if (known !== undefined) {
        this.accountInfo[known] = record;
        const node = this.nodes[this.accountNodes[known]!]!;
        if (node.accounts.length === 1 && node.info === undefined) node.info = record;
        continue;
      }
      this.account(record.id, record);
    }
  }

  /** The graph as shared memory for worker threads (see `fromShared`). */
  toShared(): SharedGraphData {
    const n = this.count;
    const out = csr(this.outLists);
    const inc = csr(this.inLists);
    return {
      count: n, currency: this.currency,
      columns: {
        fromNode: shared(this.fromNode, n), toNode: shared(this.toNode, n), fromAcct: shared(this.fromAcct, n), toAcct: shared(this.toAcct, n),
        amounts: shared(this.amounts, n), times: shared(this.times, n), kinds: shared(this.kinds, n),
        attrs: Object.fromEntries(TX_ATTRIBUTES.map((a) => [a, shared(this.attrs[a], n)])) as Record<TxAttribute, Int32Array>,
      },
      pool: this.pool, accountRefs: this.accountRefs, accountNodes: this.accountNodes, accountInfo: this.accountInfo,
      nodes: this.nodes, outOffsets: out.offsets, outTx: out.values, inOffsets: inc.offsets, inTx: inc.values,
      minTime: this.minTime, maxTime: this.maxTime,
    };
  }

  /**
   * A read-only graph over shared data, for a worker thread: every read a detector makes works;
   * `add` and `txId` do not (transaction ids stay with the owner, which maps indices back).
   */
  static fromShared(data: SharedGraphData): TransactionGraph {
    const graph = new TransactionGraph({ currency: data.currency, capacity: 16 });
    graph.count = data.count;
    graph.readOnly = true;
    const c = data.columns;
    graph.fromNode = c.fromNode; graph.toNode = c.toNode; graph.fromAcct = c.fromAcct; graph.toAcct = c.toAcct;
    graph.amounts = c.amounts; graph.times = c.times; graph.kinds = c.kinds; graph.attrs = { ...c.attrs };
    graph.pool = [...data.pool];
    graph.accountRefs = [...data.accountRefs];
    graph.accountRefs.forEach((ref, a) => graph.accountIndex.set(ref, a));
    graph.accountNodes = [...data.accountNodes];
    graph.accountInfo = [...data.accountInfo];
    graph.nodes = data.nodes.map((node) => ({ key: node.key, accounts: [...node.accounts], info: node.info }));
    graph.nodes.forEach((node, n) => graph.nodeIndex.set(node.key, n));
    const lists = (offsets: Int32Array, values: Int32Array) => graph.nodes.map((_, n) => Array.from(values.subarray(offsets[n]!, offsets[n + 1]!)));
    graph.outLists = lists(data.outOffsets, data.outTx);
    graph.inLists = lists(data.inOffsets, data.inTx);
    graph.minTime = data.minTime;
    graph.maxTime = data.maxTime;
    return graph;
  }

  /** Adds a transaction; returns its index, or -1 when a transaction with this id is already in. */
  add(tx: TransactionRecord): number {
    if (this.readOnly) throw new Error('TransactionGraph: a graph over shared data is read-only');
    if (this.checkIds && this.idIndex.has(tx.id)) return -1;
    const rate = this.currency.rates[tx.currency];
    if (rate === undefined) throw new AriadneError('VALIDATION_FAILED', `Unknown currency "${tx.currency.slice(0, 8)}".`, { details: { currency: 'not in the currency table' } });
    const i = this.count++;
    this.ensure(this.count);
    this.ids.push(tx.id);
    if (this.checkIds) this.idIndex.set(tx.id, i);
    const fa = this.account(tx.from, undefined);
    const ta = this.account(tx.to, undefined);
    const fn = this.accountNodes[fa]!;
    const tn = this.accountNodes[ta]!;
    this.fromAcct[i] = fa;
    this.toAcct[i] = ta;
    this.fromNode[i] = fn;
    this.toNode[i] = tn;
    this.amounts[i] = tx.amount * rate;
    this.times[i] = tx.timestamp;
    this.kinds[i] = KIND_CODE.get(tx.kind) ?? KIND_CODE.get('other')!;
    for (const a of TX_ATTRIBUTES) this.attrs[a][i] = this.intern(tx[a]);
    if (tx.timestamp < this.minTime) this.minTime = tx.timestamp;
    if (tx.timestamp > this.maxTime) this.maxTime = tx.timestamp;
    // a transfer between one customer's own accounts sits in both of its lists; detectors skip it
    this.insertByTime(this.outLists[fn]!, i);
    this.insertByTime(this.inLists[tn]!, i);
    return i;
  }

  /** transactions in the graph */
  get size(): number { return this.count; }
  get nodeCount(): number { return this.nodes.length; }
  get accountCount(): number { return this.accountRefs.length; }
  /** earliest and latest transaction times (epoch ms); Infinity / -Infinity when empty */
  get timeSpan(): { readonly min: number; readonly max: number } { return { min: this.minTime, max: this.maxTime }; }

  txId(i: number): string {
    if (this.readOnly) throw new Error('TransactionGraph: a worker names transactions by index');
    return this.ids[i]!;
  }
  /** the transaction's index, or -1; needs the id index (`checkIds`) */
  indexOf(txId: string): number {
    if (!this.checkIds) throw new Error('TransactionGraph: built without an id index (checkIds: false)');
    return this.idIndex.get(txId) ?? -1;
  }
  /** the paying node */
  from(i: number): number { return this.fromNode[i]!; }
  /** the receiving node */
  to(i: number): number { return this.toNode[i]!; }
  fromAccount(i: number): number { return this.fromAcct[i]!; }
  toAccount(i: number): number { return this.toAcct[i]!; }
  /** in the table's base currency */
  amount(i: number): number { return this.amounts[i]!; }
  time(i: number): number { return this.times[i]!; }
  kind(i: number): TxKind { return TX_KINDS[this.kinds[i]!]!; }
  attr(i: number, name: TxAttribute): string | undefined {
    const k = this.attrs[name][i]!;
    return k < 0 ? undefined : this.pool[k];
  }

  accountRef(account: number): string { return this.accountRefs[account]!; }
  accountOf(ref: string): number { return this.accountIndex.get(ref) ?? -1; }
  accountRecord(account: number): AccountRecord | undefined { return this.accountInfo[account]; }
  nodeOfAccount(account: number): number { return this.accountNodes[account]!; }
  nodeOf(key: string): number { return this.nodeIndex.get(key) ?? -1; }

  node(n: number): NodeInfo {
    const node = this.nodes[n]!;
    const info = node.info;
    return {
      key: node.key, accounts: node.accounts, kind: info?.kind ?? 'unknown', businessType: info?.businessType,
      city: info?.city, country: info?.country, pseudo: node.key.startsWith('@'),
    };
  }

  isPseudo(n: number): boolean { return this.nodes[n]!.key.startsWith('@'); }

  /** the node's outgoing transactions in time order (do not modify) */
  outgoing(n: number): readonly number[] { return this.outLists[n]!; }
  /** the node's incoming transactions in time order (do not modify) */
  incoming(n: number): readonly number[] { return this.inLists[n]!; }

  /** index of the first transaction in the time-ordered `list` at or after `time` (binary search) */
  firstAtOrAfter(list: readonly number[], time: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[list[mid]!]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** index just past the last transaction in `list` at or before `time` */
  lastAtOrBefore(list: readonly number[], time: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[list[mid]!]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** the account references the transactions touch, sorted, pseudo-accounts left out */
  accountsOf(txs: Iterable<number>): string[] {
    const refs = new Set<string>();
    for (const t of txs) {
      for (const a of [this.fromAcct[t]!, this.toAcct[t]!]) {
        const ref = this.accountRefs[a]!;
        if (!ref.startsWith('@')) refs.add(ref);
      }
    }
    return [...refs].sort();
  }

  private account(ref: string, record: AccountRecord | undefined): number {
    const known = this.accountIndex.get(ref);
    if (known !== undefined) return known;
    const a = this.accountRefs.length;
    this.accountRefs.push(ref);
    this.accountIndex.set(ref, a);
    this.accountInfo.push(record);
    const key = record?.customerId ? `customer:${record.customerId}` : ref;
    let n = this.nodeIndex.get(key);
    if (n === undefined) {
      n = this.nodes.length;
      this.nodes.push({ key, accounts: [], info: record });
      this.nodeIndex.set(key, n);
      this.outLists.push([]);
      this.inLists.push([]);
    }
    this.nodes[n]!.accounts.push(a);
    if (this.nodes[n]!.info === undefined) this.nodes[n]!.info = record;
    this.accountNodes.push(n);
    return a;
  }

  private intern(value: string | undefined): number {
    if (value === undefined || value === '') return -1;
    let k = this.poolIndex.get(value);
    if (k === undefined) {
      k = this.pool.length;
      this.pool.push(value);
      this.poolIndex.set(value, k);
    }
    return k;
  }

  /** appends, then walks back over later transactions: cheap for the usual in-order stream */
  private insertByTime(list: number[], i: number): void {
    const t = this.times[i]!;
    let k = list.length;
    list.push(i);
    while (k > 0 && this.times[list[k - 1]!]! > t) {
      list[k] = list[k - 1]!;
      k--;
    }
    list[k] = i;
  }

  private ensure(size: number): void {
    if (size <= this.amounts.length) return;
    this.fromNode = grow(this.fromNode, size);
    this.toNode = grow(this.toNode, size);
    this.fromAcct = grow(this.fromAcct, size);
    this.toAcct = grow(this.toAcct, size);
    this.amounts = grow(this.amounts, size);
    this.times = grow(this.times, size);
    this.kinds = grow(this.kinds, size);
    for (const a of TX_ATTRIBUTES) this.attrs[a] = grow(this.attrs[a], size);
  }
}
