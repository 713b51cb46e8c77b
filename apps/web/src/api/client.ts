/**
 * Typed functions for each route of the HTTP API contract (docs/api-contract.md).
 * @example const { items } = await api.listCases();
 */
import { request } from './http.ts';
import type {
  ApiToken, Case, CaseDetail, CaseStatus, Entity, EntityDetail, EntitySummary, JournalEntry,
  JournalVerification, Me, Page, Properties, Relation, Role, SchemaResponse, SearchHit, User,
} from './types.ts';

export { ApiError } from './problem.ts';
export { setCsrfToken, setUnauthenticatedHandler } from './http.ts';

const enc = encodeURIComponent;
type Paging = { cursor?: string | null; limit?: number };

export const api = {
  health: () => request<{ status: string; database: string; version: string }>('GET', '/api/health'),

  login: (username: string, password: string) =>
    request<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { body: { username, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<Me>('GET', '/api/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { body: { currentPassword, newPassword } }),

  schema: (locale: string, signal?: AbortSignal) =>
    request<SchemaResponse>('GET', '/api/schema', { query: { locale }, signal }),

  listCases: (paging: Paging = {}) => request<Page<Case>>('GET', '/api/cases', { query: paging }),
  createCase: (input: { name: string; description?: string }) => request<Case>('POST', '/api/cases', { body: input }),
  getCase: (id: string) => request<CaseDetail>('GET', `/api/cases/${enc(id)}`),
  updateCase: (id: string, patch: { name?: string; description?: string; status?: CaseStatus }) =>
    request<Case>('PATCH', `/api/cases/${enc(id)}`, { body: patch }),
  addCaseMember: (caseId: string, who: { userId: string } | { username: string }) =>
    request<void>('POST', `/api/cases/${enc(caseId)}/members`, { body: who }),
  removeCaseMember: (caseId: string, userId: string) =>
    request<void>('DELETE', `/api/cases/${enc(caseId)}/members/${enc(userId)}`),
  listCaseEntities: (caseId: string, query: Paging & { schema?: string } = {}) =>
    request<Page<EntitySummary>>('GET', `/api/cases/${enc(caseId)}/entities`, { query }),

  createEntity: (input: { caseId: string; schema: string; properties: Properties; id?: string }) =>
    request<Entity>('POST', '/api/entities', { body: input }),
  getEntity: (id: string) => request<EntityDetail>('GET', `/api/entities/${enc(id)}`),
  updateEntity: (id: string, properties: Properties) =>
    request<Entity>('PATCH', `/api/entities/${enc(id)}`, { body: { properties } }),
  deleteEntity: (id: string) => request<void>('DELETE', `/api/entities/${enc(id)}`),
  entityRelations: (id: string) => request<{ items: Relation[] }>('GET', `/api/entities/${enc(id)}/relations`),
  entityJournal: (id: string, paging: Paging = {}) =>
    request<Page<JournalEntry>>('GET', `/api/entities/${enc(id)}/journal`, { query: paging }),
  mergeEntities: (id: string, otherIds: string[]) =>
    request<Entity>('POST', `/api/entities/${enc(id)}/merge`, { body: { otherIds } }),
  unmergeEntity: (id: string) => request<Entity>('POST', `/api/entities/${enc(id)}/unmerge`),

  search: (query: Paging & { q: string; schema?: string; caseId?: string }, signal?: AbortSignal) =>
    request<Page<SearchHit>>('GET', '/api/search', { query, signal }),

  listUsers: (paging: Paging = {}) => request<Page<User>>('GET', '/api/users', { query: paging }),
  createUser: (input: { username: string; displayName?: string; roles: Role[]; password?: string }) =>
    request<{ user: User; oneTimePassword?: string }>('POST', '/api/users', { body: input }),
  updateUser: (id: string, patch: { displayName?: string; roles?: Role[]; disabled?: boolean }) =>
    request<User>('PATCH', `/api/users/${enc(id)}`, { body: patch }),

  listTokens: () => request<{ items: ApiToken[] }>('GET', '/api/tokens'),
  createToken: (input: { name: string; expiresInDays?: number }) =>
    request<{ token: ApiToken; secret: string }>('POST', '/api/tokens', { body: input }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),

  listJournal: (paging: Paging = {}) => request<Page<JournalEntry>>('GET', '/api/journal', { query: paging }),
  verifyJournal: () => request<JournalVerification>('GET', '/api/journal/verify'),
  getJob: (id: string) => request<Record<string, unknown>>('GET', `/api/jobs/${enc(id)}`),
};
