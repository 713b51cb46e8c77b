/**
 * `serve --demo`: loads a clearly synthetic demo case once — a fixed case id, so running it
 * again changes nothing — through the same import path as `ariadne import`, and adds a demo
 * investigator and caseworker as members (their one-time passwords are printed once).
 */
import { fileURLToPath } from 'node:url';
import type { AriadneModel } from '@ariadne/schema';
import type { OpenedStore } from '@ariadne/store';
import { addUser } from '../commands/user-add.ts';
import { runImportFile } from '../commands/import.ts';
import type { Io } from '../io.ts';
import { box } from '../io.ts';
import { CLI_ACTOR } from '../open-store.ts';

export const DEMO_CASE_ID = 'demo-synthetic-network';
export const DEMO_CASE_NAME = 'DEMO — synthetic trafficking network (invented data)';
const DEMO_FILE = fileURLToPath(new URL('./demo-case.ftm.jsonl', import.meta.url));
const DEMO_USERS = [
  { username: 'demo.investigator', displayName: 'Demo Investigator', roles: ['investigator'] },
  { username: 'demo.caseworker', displayName: 'Demo Caseworker', roles: ['caseworker'] },
] as const;

/** Returns false when the demo case already exists (nothing is done then). */
export async function loadDemoCase(deps: { store: OpenedStore; model: AriadneModel; io: Io }): Promise<boolean> {
  const { store, io } = deps;
  if (await store.getCase(DEMO_CASE_ID)) return false;
  await store.createCase(CLI_ACTOR, {
    id: DEMO_CASE_ID, name: DEMO_CASE_NAME,
    description: 'Every person, group, account and event in this case is invented for demonstration and training.',
  });
  const report = await runImportFile(deps, DEMO_FILE, { format: 'ftm', case: DEMO_CASE_ID, source: 'demo' });
  const passwords: string[] = [];
  for (const spec of DEMO_USERS) {
    const existing = await store.getCredentialsByUsername(spec.username);
    const userId = existing?.id ?? (await (async () => {
      const { user, oneTimePassword } = await addUser(store, { ...spec, password: null });
      passwords.push(`${spec.username}: ${oneTimePassword}`);
      return user.id;
    })());
    await store.addMember(CLI_ACTOR, DEMO_CASE_ID, userId);
  }
  io.out(`Loaded the demo case "${DEMO_CASE_NAME}" (${report.entitiesWritten} entities, id ${DEMO_CASE_ID}).\n`);
  if (passwords.length > 0) io.out(box(['Demo users (one-time passwords, shown once; change at first sign-in):', ...passwords]));
  return true;
}
