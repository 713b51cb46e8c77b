/**
 * `serve --demo`: loads a clearly synthetic demo case once — a fixed case id, so running it
 * again changes nothing — through the same import path as `ariadne import`, and adds a demo
 * investigator and caseworker as members (their one-time passwords are printed once).
 */
import { fileURLToPath } from 'node:url';
import type { AriadneModel } from '@ariadne/schema';
import { Readable } from 'node:stream';
import type { Vault } from '@ariadne/evidence';
import type { OpenedStore } from '@ariadne/store';
import { addUser } from '../commands/user-add.ts';
import { runImportFile } from '../commands/import.ts';
import type { Io } from '../io.ts';
import { box } from '../io.ts';
import { CLI_ACTOR } from '../open-store.ts';
import { openListFile } from '@ariadne/sanctions';
import { importListFile } from '@ariadne/screening';

export const DEMO_CASE_ID = 'demo-synthetic-network';
export const DEMO_CASE_NAME = 'DEMO — synthetic trafficking network (invented data)';
const DEMO_FILE = fileURLToPath(new URL('./demo-case.ftm.jsonl', import.meta.url));
/**
 * A real extract of the UN Security Council Consolidated List (18 designations, dateGenerated
 * 2026-02-27; the same file as packages/sanctions/test/fixtures): public reference data, so the
 * demo's screening pages have a list to screen against. Not current: import the real list.
 */
const DEMO_LIST = fileURLToPath(new URL('./un-consolidated-extract.xml', import.meta.url));
const DEMO_USERS = [
  { username: 'demo.investigator', displayName: 'Demo Investigator', roles: ['investigator'] },
  { username: 'demo.caseworker', displayName: 'Demo Caseworker', roles: ['caseworker'] },
] as const;

/** invented evidence for the demo case: a chat export and a field note, both obviously synthetic */
const DEMO_EVIDENCE = [
  {
    filename: 'synthetic-chat-export.json', description: 'DEMO: invented chat export (no real people)', source: 'Synthetic informant "Demo Source A"',
    content: JSON.stringify({
      name: 'Synthetic demo channel', type: 'public_channel',
      messages: [
        { id: 1, date: '2026-02-01T08:00:00', from: 'Demo Seller', text: 'SYNTHETIC DEMO MESSAGE — invented for training; no real person.' },
        { id: 2, date: '2026-02-01T08:05:00', from: 'Demo Buyer', text: 'SYNTHETIC DEMO REPLY — invented for training.' },
      ],
    }, null, 2),
  },
  {
    filename: 'synthetic-field-note.txt', description: 'DEMO: invented field note', source: 'Demo Investigator',
    content: 'SYNTHETIC DEMO FIELD NOTE\nEverything in this note is invented for demonstration and training.\n',
  },
] as const;

async function loadDemoEvidence(store: OpenedStore, vault: Vault): Promise<number> {
  for (const spec of DEMO_EVIDENCE) {
    const blob = await vault.put(Readable.from([Buffer.from(spec.content, 'utf8')]), { filename: spec.filename });
    const { item } = await store.intakeEvidence(CLI_ACTOR, {
      caseId: DEMO_CASE_ID, origin: 'staff', blob: { ...blob, metadata: { ...blob.metadata } }, filename: spec.filename,
      description: spec.description, source: spec.source, collectedBy: 'Demo Investigator', collectedAt: new Date('2026-02-02T09:00:00Z'),
      collectedWhere: 'Synthetic field office', purpose: 'demo data',
    });
    await store.recordCustody(CLI_ACTOR, item.id, 'analysis', { purpose: 'demo: authenticity review', fields: { method: 'hash comparison' } });
  }
  return DEMO_EVIDENCE.length;
}

/** Returns false when the demo case already exists (nothing is done then). */
export async function loadDemoCase(deps: { store: OpenedStore; model: AriadneModel; io: Io; vault?: Vault }): Promise<boolean> {
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
  const evidence = deps.vault ? await loadDemoEvidence(store, deps.vault) : 0;
  const hasList = (await store.listVersions({ list: 'un-sc' }, { limit: 1 })).items.length > 0;
  const list = hasList ? null : await importListFile(store, CLI_ACTOR, await openListFile(DEMO_LIST));
  io.out(`Loaded the demo case "${DEMO_CASE_NAME}" (${report.entitiesWritten} entities, ${evidence} evidence items, id ${DEMO_CASE_ID})`
    + `${list ? ` and an extract of the UN sanctions list (${list.version.entries} designations, February 2026; import the current list with: npx ariadne lists update)` : ''}.\n`);
  if (passwords.length > 0) io.out(box(['Demo users (one-time passwords, shown once; change at first sign-in):', ...passwords]));
  return true;
}
