/**
 * @module @ariadne/access
 * Pure access control for Ariadne: roles and permissions, case-membership decisions, password
 * hashing and policy, secrets and API tokens, sign-in throttling. No database, no I/O beyond
 * node:crypto; the server and the CLI call these to decide, the store records who acted.
 */
export * from './roles.ts';
export * from './case-access.ts';
export * from './evidence-access.ts';
export * from './password.ts';
export * from './secrets.ts';
export * from './login-throttle.ts';
