/**
 * The alert queue's logic: its filters (kept in history state, never in the URL), the server
 * query they make, whether an alert that arrives live belongs in the view, the view itself (the
 * pages loaded, with live arrivals and updates laid over them, highest score first), and how an
 * alert's history steps and actors read. Pure: node tests run it.
 */
import type { AlertStreamEvent, FinanceAlert, FinanceAlertDetail, FinanceAlertQuery, FinanceAlertStatus } from '../../api/finance-types.ts';
import type { CaseMember } from '../../api/types.ts';

/** `open` is the work still to do: new and in review (two server filters, paged together) */
export type StatusFilter = 'open' | FinanceAlertStatus | 'all';
export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'new', 'in_review', 'escalated', 'closed', 'all'];

export interface QueueFilter {
  /** '' for every case the user can see */
  readonly caseId: string;
  readonly status: StatusFilter;
  /** a typology id, or '' */
  readonly typology: string;
  /** only alerts assigned to the user */
  readonly mine: boolean;
  /** 0..1; 0 shows every score */
  readonly minScore: number;
}

export const DEFAULT_FILTER: QueueFilter = { caseId: '', status: 'open', typology: '', mine: false, minScore: 0 };

const TYPOLOGY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The filter held in history state (or handed over by another page), checked field by field;
 * anything unreadable falls back to the default.
 */
export function filterFromState(state: unknown): QueueFilter {
  if (!state || typeof state !== 'object') return DEFAULT_FILTER;
  const s = state as Record<string, unknown>;
  const status = STATUS_FILTERS.includes(s.status as StatusFilter) ? (s.status as StatusFilter) : DEFAULT_FILTER.status;
  const minScore = typeof s.minScore === 'number' && Number.isFinite(s.minScore) ? Math.min(1, Math.max(0, s.minScore)) : 0;
  return {
    caseId: typeof s.caseId === 'string' && s.caseId.length <= 200 ? s.caseId : '',
    status,
    typology: typeof s.typology === 'string' && s.typology.length <= 100 && TYPOLOGY.test(s.typology) ? s.typology : '',
    mine: s.mine === true,
    minScore,
  };
}

/**
 * The server query for one status (the `open` view asks twice, for `new` and `in_review`).
 * @example queueQuery({ ...DEFAULT_FILTER, mine: true, minScore: 0.5 }, 'u1', 'new') // { status: 'new', assignee: 'u1', minScore: 0.5 }
 */
export function queueQuery(filter: QueueFilter, me: string, status: FinanceAlertStatus | undefined): FinanceAlertQuery {
  return {
    ...(filter.caseId ? { caseId: filter.caseId } : {}),
    ...(status ? { status } : {}),
    ...(filter.typology ? { typology: filter.typology } : {}),
    ...(filter.mine ? { assignee: me } : {}),
    ...(filter.minScore > 0 ? { minScore: filter.minScore } : {}),
  };
}

/** Whether an alert (one that arrived live, or was changed) belongs in the filtered view. */
export function matchesFilter(alert: FinanceAlert, filter: QueueFilter, me: string): boolean {
  if (filter.caseId && alert.caseId !== filter.caseId) return false;
  if (filter.status === 'open' ? alert.status !== 'new' && alert.status !== 'in_review' : filter.status !== 'all' && alert.status !== filter.status) return false;
  if (filter.typology && alert.typology !== filter.typology) return false;
  if (filter.mine && alert.assignee !== me) return false;
  return alert.score >= filter.minScore;
}

/** The queue's record of an alert, from its detail (history and evidence left out). */
export function alertOf(detail: FinanceAlertDetail): FinanceAlert {
  const { history: _history, evidence: _evidence, accountDetails: _accounts, ...alert } = detail;
  return alert;
}

/** Highest score first, then newest, then by id (a stable order for equal alerts). */
export function byScore(a: FinanceAlert, b: FinanceAlert): number {
  return b.score - a.score || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The queue as shown: the loaded pages, each alert replaced by its live version when one came,
 * live arrivals that match the filter added, and alerts that no longer match (closed, reassigned)
 * taken out; highest score first, each alert once.
 */
export function queueView(loaded: readonly FinanceAlert[], live: ReadonlyMap<string, FinanceAlert>, filter: QueueFilter, me: string): FinanceAlert[] {
  const out = new Map<string, FinanceAlert>();
  for (const alert of loaded) if (!out.has(alert.id)) out.set(alert.id, live.get(alert.id) ?? alert);
  for (const [id, alert] of live) if (!out.has(id)) out.set(id, alert);
  return [...out.values()].filter((a) => matchesFilter(a, filter, me)).sort(byScore);
}

/** The typologies seen in the alerts loaded, sorted, for the typology filter's suggestions. */
export function typologiesOf(alerts: readonly FinanceAlert[], also: readonly string[] = []): string[] {
  return [...new Set([...alerts.map((a) => a.typology), ...also].filter(Boolean))].sort();
}

export interface HistoryLabel {
  /** message key; '' for an action this version does not know (show `raw`) */
  readonly key: string;
  /** placeholders, each itself a message key to translate */
  readonly vars?: Readonly<Record<string, string>>;
  readonly raw?: string;
}

const SIMPLE_ACTIONS = new Set(['raised', 'assigned', 'unassigned', 'note', 'escalated']);
const STATUSES = new Set(['new', 'in_review', 'escalated', 'closed']);
const DISPOSITIONS = new Set(['suspicious', 'not_suspicious', 'insufficient_information']);

/**
 * The message for one history step (`raised`, `status:in_review`, `disposition:suspicious`…);
 * an action this version does not know is shown as sent.
 * @example historyLabel('status:closed') // { key: 'finance.history.status', vars: { status: 'finance.status.closed' } }
 */
export function historyLabel(action: string): HistoryLabel {
  if (SIMPLE_ACTIONS.has(action)) return { key: `finance.history.${action}` };
  const [kind, value] = action.split(':', 2);
  if (kind === 'status' && value && STATUSES.has(value)) return { key: 'finance.history.status', vars: { status: `finance.status.${value}` } };
  if (kind === 'disposition' && value && DISPOSITIONS.has(value)) return { key: 'finance.history.disposition', vars: { disposition: `finance.disposition.${value}` } };
  return { key: '', raw: action };
}

/**
 * Who did something, for people: a case member's display name for `user:<id>`, else the
 * reference as it is (`token:…`, `system:…`).
 */
export function actorName(by: string, members: readonly CaseMember[]): string {
  const id = by.startsWith('user:') ? by.slice(5) : null;
  const member = id === null ? undefined : members.find((m) => m.userId === id);
  return member ? member.displayName || member.username : by;
}

/** A user id as a name, from the case's members (the id itself when not a member any more). */
export function memberName(userId: string, members: readonly CaseMember[]): string {
  const member = members.find((m) => m.userId === userId);
  return member ? member.displayName || member.username : userId;
}

export interface LiveLoaderOptions {
  /** fetches one alert; null (or a rejection) when it is gone or no longer visible */
  readonly load: (id: string) => Promise<FinanceAlert | null>;
  readonly onLoaded: (alert: FinanceAlert, change: AlertStreamEvent['change']) => void;
  /** more arrived than are worth fetching one by one (an import raising hundreds): reload the list instead */
  readonly onOverflow: () => void;
  /** requests at once (default 4) */
  readonly concurrency?: number;
  /** alerts waiting to be fetched past which the loader gives up and overflows (default 50) */
  readonly maxPending?: number;
}

/**
 * Fetches the alerts the live stream names, a few at a time, so that a burst of events (a large
 * import) neither floods the server with requests nor freezes the page: past `maxPending`
 * waiting it stops, drops what waits and asks for one reload instead. An id named again while
 * waiting is fetched once (with the latest change, `new` winning). `reset` (another filter)
 * forgets everything, and answers of requests made before it are ignored.
 */
export class LiveAlertLoader {
  readonly #options: LiveLoaderOptions;
  readonly #pending = new Map<string, AlertStreamEvent['change']>();
  #running = 0;
  #generation = 0;
  #overflowed = false;

  constructor(options: LiveLoaderOptions) {
    this.#options = options;
  }

  push(event: AlertStreamEvent): void {
    if (this.#overflowed) return;
    const before = this.#pending.get(event.id);
    this.#pending.set(event.id, before === 'new' ? 'new' : event.change);
    if (this.#pending.size > (this.#options.maxPending ?? 50)) {
      this.#pending.clear();
      this.#overflowed = true;
      this.#options.onOverflow();
      return;
    }
    this.#pump();
  }

  /** forgets what waits and what is in flight; the loader takes events again */
  reset(): void {
    this.#generation += 1;
    this.#pending.clear();
    this.#running = 0;
    this.#overflowed = false;
  }

  get waiting(): number {
    return this.#pending.size;
  }

  #pump(): void {
    const limit = this.#options.concurrency ?? 4;
    while (this.#running < limit && this.#pending.size > 0) {
      const [id, change] = this.#pending.entries().next().value as [string, AlertStreamEvent['change']];
      this.#pending.delete(id);
      this.#running += 1;
      const generation = this.#generation;
      const done = (alert: FinanceAlert | null) => {
        if (generation !== this.#generation) return;
        this.#running -= 1;
        if (alert) this.#options.onLoaded(alert, change);
        this.#pump();
      };
      this.#options.load(id).then(done, () => done(null));
    }
  }
}
