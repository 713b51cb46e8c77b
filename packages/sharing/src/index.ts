/**
 * `@ariadne/sharing`: information sharing between agencies, FIUs and NGOs (issue 8) — agreement
 * terms, the reduction of a case to them (victims pseudonymised, consent checked), signed and
 * encrypted packages, the recipient's conformance check, and mutual legal assistance requests.
 */
export * from './types.ts';
export * from './terms/index.ts';
export * from './reduce/index.ts';
export * from './mla/index.ts';
export * from './package/index.ts';
