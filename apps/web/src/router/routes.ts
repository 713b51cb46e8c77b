/**
 * The UI's URL paths and a pure matcher. Only opaque ids ever appear in a path: search terms,
 * names and other personal data travel in history state, never in the URL (they would end up in
 * server logs, browser history and Referer headers).
 */
export type RouteName =
  | 'login' | 'home' | 'cases' | 'case' | 'newEntity' | 'entity' | 'editEntity'
  | 'search' | 'journal' | 'users' | 'tokens' | 'password'
  | 'evidence' | 'verify' | 'submit' | 'submissions' | 'submission'
  | 'screening' | 'lists' | 'listVersion' | 'listEntry' | 'alerts' | 'alert' | 'duplicates' | 'network'
  | 'finance' | 'financeAlerts' | 'financeAlert' | 'financeAlertNetwork' | 'fiuCase'
  | 'sharing' | 'sharingNewAgreement' | 'sharingAgreement' | 'sharingPartners' | 'sharingIncoming' | 'sharingLinkage'
  | 'monitoring' | 'monitoringData' | 'monitoringPublish' | 'notFound';

export interface RouteMatch {
  readonly name: RouteName;
  readonly params: Readonly<Record<string, string>>;
}

const PATTERNS: ReadonlyArray<readonly [RouteName, string]> = [
  ['login', '/login'],
  ['home', '/'],
  ['cases', '/cases'],
  ['newEntity', '/cases/:caseId/entities/new'],
  ['case', '/cases/:caseId'],
  ['network', '/cases/:caseId/network'],
  ['editEntity', '/entities/:entityId/edit'],
  ['entity', '/entities/:entityId'],
  ['search', '/search'],
  ['journal', '/journal'],
  ['users', '/admin/users'],
  ['tokens', '/tokens'],
  ['password', '/account/password'],
  ['evidence', '/evidence/:evidenceId'],
  ['verify', '/verify'],
  ['submit', '/submit'],
  ['submissions', '/submissions'],
  ['submission', '/submissions/:submissionId'],
  ['screening', '/screening'],
  ['lists', '/lists'],
  ['listVersion', '/lists/versions/:versionId'],
  ['listEntry', '/lists/:list/entries/:entry'],
  ['alerts', '/alerts'],
  ['alert', '/alerts/:alertId'],
  ['duplicates', '/duplicates'],
  ['finance', '/finance'],
  ['financeAlerts', '/finance/alerts'],
  ['financeAlert', '/finance/alerts/:alertId'],
  ['financeAlertNetwork', '/finance/alerts/:alertId/network'],
  ['fiuCase', '/finance/cases/:fiuCaseId'],
  ['sharing', '/sharing'],
  ['sharingNewAgreement', '/sharing/agreements/new'],
  ['sharingAgreement', '/sharing/agreements/:agreementId'],
  ['sharingPartners', '/sharing/partners'],
  ['sharingIncoming', '/sharing/incoming'],
  ['sharingLinkage', '/sharing/linkage'],
  ['monitoring', '/monitoring'],
  ['monitoringData', '/monitoring/data'],
  ['monitoringPublish', '/monitoring/publish'],
];

/** Pages anyone may open without signing in (the survivor and tip-line form). */
export const PUBLIC_ROUTES: ReadonlySet<RouteName> = new Set(['submit']);

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * Match a pathname against the route table.
 * @example matchRoute('/entities/abc') // { name: 'entity', params: { entityId: 'abc' } }
 */
export function matchRoute(pathname: string): RouteMatch {
  const parts = split(pathname.split(/[?#]/)[0] ?? '');
  for (const [name, pattern] of PATTERNS) {
    const want = split(pattern);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((seg, i) => {
      const got = parts[i]!;
      if (seg.startsWith(':')) {
        try {
          params[seg.slice(1)] = decodeURIComponent(got);
        } catch {
          return false;
        }
        return true;
      }
      return seg === got;
    });
    if (ok) return { name, params };
  }
  return { name: 'notFound', params: {} };
}

/** Paths to link to, built with encoded ids. */
export const paths = {
  login: () => '/login',
  cases: () => '/cases',
  case: (caseId: string) => `/cases/${encodeURIComponent(caseId)}`,
  newEntity: (caseId: string) => `/cases/${encodeURIComponent(caseId)}/entities/new`,
  entity: (entityId: string) => `/entities/${encodeURIComponent(entityId)}`,
  editEntity: (entityId: string) => `/entities/${encodeURIComponent(entityId)}/edit`,
  search: () => '/search',
  journal: () => '/journal',
  users: () => '/admin/users',
  tokens: () => '/tokens',
  password: () => '/account/password',
  evidence: (evidenceId: string) => `/evidence/${encodeURIComponent(evidenceId)}`,
  verify: () => '/verify',
  submit: () => '/submit',
  submissions: () => '/submissions',
  submission: (submissionId: string) => `/submissions/${encodeURIComponent(submissionId)}`,
  /** the name screened travels in the request body, never here */
  screening: () => '/screening',
  lists: () => '/lists',
  listVersion: (versionId: string) => `/lists/versions/${encodeURIComponent(versionId)}`,
  /** list names and list references are public reference data, not personal data */
  listEntry: (list: string, entry: string) => `/lists/${encodeURIComponent(list)}/entries/${encodeURIComponent(entry)}`,
  alerts: () => '/alerts',
  alert: (alertId: string) => `/alerts/${encodeURIComponent(alertId)}`,
  duplicates: () => '/duplicates',
  /** the case's network explorer; filters, search text and selections stay out of the URL */
  network: (caseId: string) => `/cases/${encodeURIComponent(caseId)}/network`,
  /** financial intelligence: the cases' data sets and imports */
  finance: () => '/finance',
  /** the transaction-alert queue; its filters travel in history state */
  financeAlerts: () => '/finance/alerts',
  financeAlert: (alertId: string) => `/finance/alerts/${encodeURIComponent(alertId)}`,
  /** the network explorer on the alert's evidence subgraph */
  financeAlertNetwork: (alertId: string) => `/finance/alerts/${encodeURIComponent(alertId)}/network`,
  fiuCase: (fiuCaseId: string) => `/finance/cases/${encodeURIComponent(fiuCaseId)}`,
  /** information sharing: the agreements (and accepting a partner's offer) */
  sharing: () => '/sharing',
  sharingNewAgreement: () => '/sharing/agreements/new',
  sharingAgreement: (agreementId: string) => `/sharing/agreements/${encodeURIComponent(agreementId)}`,
  sharingPartners: () => '/sharing/partners',
  sharingIncoming: () => '/sharing/incoming',
  sharingLinkage: () => '/sharing/linkage',
  /** monitoring: the internal analyses; their filters stay in the page, never in the URL */
  monitoring: () => '/monitoring',
  monitoringData: () => '/monitoring/data',
  monitoringPublish: () => '/monitoring/publish',
};
