/**
 * Roles and permissions: who may do what, as data. Least privilege: each role gets only what its
 * work needs. Sealed (victim) data is read only by caseworkers; administrators manage people and
 * cases but see no entity content; auditors read and verify the journal and nothing else. Every
 * role may read the journal's Merkle log (`ledger:read`: hashes and proofs, never content);
 * administrators and auditors may have a checkpoint signed on demand (`ledger:sign`).
 *
 * @example
 * ```ts
 * hasPermission(['analyst'], 'entity:write'); // false
 * permissionsOf(['auditor']);                 // Set { 'journal:read', 'journal:verify', 'ledger:read', 'ledger:sign' }
 * ```
 */
export const ROLES = ['admin', 'investigator', 'analyst', 'fiu_analyst', 'caseworker', 'reporting_officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Every permission string the API contract uses (`docs/api-contract.md`). */
export const PERMISSIONS = [
  'case:read', 'case:create', 'case:manage',
  'entity:read', 'entity:write', 'entity:merge', 'sealed:read',
  'search', 'schema:read',
  'user:manage', 'token:manage',
  'journal:read', 'journal:verify',
  'job:read', 'import', 'export',
  'evidence:read', 'evidence:write', 'evidence:export', 'submission:triage',
  'ledger:read', 'ledger:sign',
  'lists:read', 'lists:manage', 'screening:run', 'screening:review', 'dossier:export',
  'network:read', 'finance:read', 'finance:write', 'finance:report',
  'share:read', 'share:manage', 'share:approve', 'share:send', 'share:receive', 'consent:record', 'linkage:run',
  'monitoring:read', 'monitoring:import', 'monitoring:publish',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions every role holds on purpose: the journal's Merkle log reveals only hashes. */
export const EVERY_ROLE_PERMISSIONS: readonly Permission[] = ['ledger:read'];

/** The one table of grants. A permission missing here is denied (deny by default). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // manages users and case metadata/membership; no entity content, no sealed data, no search
  // sanctions lists are public reference data: administrators keep them current
  admin: ['case:read', 'case:create', 'case:manage', 'schema:read', 'user:manage', 'token:manage', 'journal:verify', 'job:read', 'ledger:read', 'ledger:sign', 'lists:read', 'lists:manage',
    // information sharing: the partner registry (public keys) and agreements are governance, not content
    'share:read', 'share:manage', 'share:approve'],
  // runs cases end to end, but cannot read sealed victim records
  investigator: [
    'case:read', 'case:create', 'case:manage', 'entity:read', 'entity:write', 'entity:merge',
    'search', 'schema:read', 'token:manage', 'job:read', 'import', 'export',
    'evidence:read', 'evidence:write', 'evidence:export', 'submission:triage', 'ledger:read',
    'lists:read', 'lists:manage', 'screening:run', 'screening:review', 'dossier:export', 'network:read', 'finance:read',
    'share:read', 'share:manage', 'share:approve', 'share:send', 'share:receive', 'linkage:run',
  ],
  // read-only on entities of their cases
  analyst: ['case:read', 'entity:read', 'search', 'schema:read', 'job:read', 'evidence:read', 'ledger:read', 'lists:read', 'screening:run', 'network:read', 'finance:read', 'share:read', 'monitoring:read'],
  // financial intelligence: imports bank data, triages transaction alerts, files goAML reports
  fiu_analyst: [
    'case:read', 'entity:read', 'entity:write', 'search', 'schema:read', 'token:manage', 'job:read', 'import', 'evidence:read', 'evidence:write', 'ledger:read',
    'lists:read', 'screening:run', 'screening:review', 'network:read', 'finance:read', 'finance:write', 'finance:report',
    'share:read', 'share:send', 'share:receive', 'linkage:run',
  ],
  // victim support: the only role cleared for sealed records; takes in survivors' accounts
  // records survivors' consent, which every share of their (pseudonymised) records needs
  caseworker: [
    'case:read', 'entity:read', 'entity:write', 'sealed:read', 'search', 'schema:read', 'evidence:read', 'evidence:write', 'submission:triage', 'ledger:read',
    'share:read', 'share:send', 'consent:record', 'linkage:run',
  ],
  // monitoring and reporting (resolution 2331 §21, §23): loads outside data, analyses patterns,
  // routes and hotspots over the cases it is a member of, and publishes tables and reports, each
  // through the publication gate that spends the privacy budget; no entity content, no sealed data
  reporting_officer: ['case:read', 'schema:read', 'job:read', 'ledger:read', 'monitoring:read', 'monitoring:import', 'monitoring:publish'],
  // oversight: the tamper-evident journal (ids and hashes, never content) and its signed log
  auditor: ['journal:read', 'journal:verify', 'ledger:read', 'ledger:sign'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** The union of the permissions of `roles`; unknown role strings grant nothing. */
export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    if (!isRole(role)) continue;
    for (const permission of ROLE_PERMISSIONS[role]) out.add(permission);
  }
  return out;
}

/** True when one of `roles` grants `permission`. */
export function hasPermission(roles: readonly string[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}
