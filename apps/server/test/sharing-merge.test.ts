/**
 * What a partner sent us is never passed on, even after a merge (issue 8): A receives a package
 * from B, decides that B's person is A's own suspect and merges the two (so A's merged view of
 * the suspect now holds B's values), then sends its case to a third party C. C's package holds
 * the suspect with A's own values only, and nothing of B's: not the merged-in values, not B's
 * person left unmerged. Every office, person and number here is invented.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@ariadne/schema';
import { openPackage, type AgreementTerms } from '@ariadne/sharing';
import type { EntityRecord } from '@ariadne/store';
import type { LightMyRequestResponse } from 'fastify';
import { selectForShare } from '../src/sharing/case-selection.ts';
import { as, backends, caseWith, openTestApp, system, type Signed, type TestApp } from './helpers.ts';
import { CASE_ENTITIES, day, prosecutionTerms, SUSPECT_ID } from './sharing-fixtures.ts';

/** B's persons: the first is A's suspect under another name, the second nobody A knows */
const B_SUSPECT = { id: 'b-person-beta', schema: 'Person', properties: { name: ['Partnerperson Beta'], gender: ['male'], nationality: ['ua'], idNumber: ['B-SYNTH-ID-4242'] } };
const B_OTHER = { id: 'b-person-gamma', schema: 'Person', properties: { name: ['Partnerperson Gamma'], nationality: ['md'] } };
/** what of B's could give it away in C's package (names travel in clear; B's idNumber arrives at A as a pseudonym) */
const B_NAMES = ['Partnerperson', 'b-person-'];
const A_SUSPECT = CASE_ENTITIES.find((entity) => entity.id === SUSPECT_ID)!;

type Party = 'A' | 'B' | 'C';

async function collect(iterable: AsyncIterable<EntityRecord>): Promise<EntityRecord[]> {
  const out: EntityRecord[] = [];
  for await (const entity of iterable) out.push(entity);
  return out;
}

for (const backend of backends) {
  describe(`a partner's values merged into ours are not passed on (${backend})`, () => {
    const apps = {} as Record<Party, TestApp>;
    /** signed-in users by `<party>.<role>` */
    const who: Record<string, Signed> = {};
    const cases: Record<string, string> = {};
    /** partner ids: `partners.AonB` is A as registered on B */
    const partners: Record<string, string> = {};
    const work = mkdtempSync(join(tmpdir(), 'ariadne-sharing-merge-'));
    let toC: string;
    let fromB: string;

    /** the plain text of a package opened with C's key: manifest and every member */
    async function openedAtC(file: Buffer): Promise<{ text: string; entities: { id: string; schema: string; properties: Record<string, string[]> }[] }> {
      const path = join(work, `${randomUUID()}.ariadne-share`);
      writeFileSync(path, file);
      const opened = await openPackage(path, { identity: apps.C.identity, tempDir: work });
      let text = Buffer.from(opened.manifestBytes).toString('utf8');
      let lines = '';
      for (const [memberPath, member] of opened.members) {
        const content = readFileSync(member.file, 'utf8');
        text += content;
        if (memberPath === 'entities.ftm.jsonl') lines = content;
      }
      await opened.dispose();
      return { text, entities: lines.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
    }

    /** requests to instance `name` as its investigator (or its admin) */
    const call = (name: Party, role: 'investigator' | 'admin' = 'investigator') =>
      (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
        apps[name].app.inject({ method, url, headers: { ...as(who[`${name}.${role}`]!), ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

    /** `from` and `to` register each other's identity cards (an admin's work) */
    async function register(from: Party, to: Party): Promise<void> {
      const cardFrom = (await call(from)('GET', '/api/sharing/identity')).json();
      const cardTo = (await call(to)('GET', '/api/sharing/identity')).json();
      partners[`${to}on${from}`] = (await call(from, 'admin')('POST', '/api/sharing/partners', cardTo)).json().id;
      partners[`${from}on${to}`] = (await call(to, 'admin')('POST', '/api/sharing/partners', cardFrom)).json().id;
    }

    /** `from` offers an agreement on its case to `to`, which accepts it into its case; one approval each */
    async function establish(from: Party, to: Party): Promise<string> {
      const created = await call(from)('POST', '/api/sharing/agreements', {
        title: `Synthetic ${from} to ${to}`, terms: prosecutionTerms(day(1), 1), partnerId: partners[`${to}on${from}`], caseId: cases[from], direction: 'outgoing',
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      const offer = (await call(from)('GET', `/api/sharing/agreements/${id}/offer`)).json();
      assert.equal((await call(to)('POST', '/api/sharing/agreements/accept', { offer, caseId: cases[to] })).statusCode, 201);
      for (const side of [from, to]) assert.equal((await call(side)('POST', `/api/sharing/agreements/${id}/approve`)).json().status, 'active');
      return id;
    }

    /** sends the case under the agreement; answers the package file */
    async function send(from: Party, agreementId: string): Promise<Buffer> {
      const sent = await call(from)('POST', `/api/sharing/agreements/${agreementId}/packages`, {});
      assert.equal(sent.statusCode, 201, sent.body);
      return (await call(from)('GET', `/api/sharing/packages/${sent.json().id}/file`)).rawPayload;
    }

    before(async () => {
      for (const name of ['A', 'B', 'C'] as const) {
        apps[name] = await openTestApp(backend, { sharing: { name: `Synthetic office ${name} (test)` } });
        cases[name] = await caseWith(apps[name], `Synthetic case of ${name}`, ['investigator']);
        who[`${name}.investigator`] = await apps[name].signIn('investigator');
        who[`${name}.admin`] = await apps[name].signIn('admin');
      }
      await apps.A.store.createEntity(system, { ...A_SUSPECT, caseId: cases.A! }, { source: 'ui' });
      for (const entity of [B_SUSPECT, B_OTHER]) await apps.B.store.createEntity(system, { ...entity, caseId: cases.B! }, { source: 'ui' });
      await register('A', 'B');
      await register('A', 'C');
    });
    after(async () => {
      await Promise.all(Object.values(apps).map((t) => t.close()));
      rmSync(work, { recursive: true, force: true });
    });

    test('A receives B\'s persons and merges B\'s suspect into its own: the merged view holds B\'s values', async () => {
      fromB = await establish('B', 'A');
      const imported = await call('A')('POST', '/api/sharing/packages/import', await send('B', fromB), { 'content-type': 'application/octet-stream' });
      assert.equal(imported.statusCode, 201, imported.body);
      const received = (await collect(apps.A.store.exportEntities({ caseId: cases.A! }))).filter((e) => e.id !== SUSPECT_ID);
      const beta = received.find((e) => e.properties.name?.includes('Partnerperson Beta'))!;
      assert.match(beta.id, /^share-/);

      const merged = await call('A')('POST', `/api/entities/${SUSPECT_ID}/merge`, { otherIds: [beta.id] });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.deepEqual(merged.json().properties.name, ['Testperson Alpha', 'Partnerperson Beta']);
      assert.deepEqual(merged.json().properties.gender, ['male']);
    });

    test('the selection for a share holds A\'s own values only and counts what it withheld', async () => {
      toC = await establish('A', 'C');
      const agreement = (await apps.A.store.getAgreement(toC))!;
      const selected = await selectForShare({ store: apps.A.store, model: loadModel() }, { caseId: cases.A!, terms: agreement.terms as AgreementTerms });
      assert.deepEqual(selected.entities, [{ id: SUSPECT_ID, schema: 'Person', properties: A_SUSPECT.properties }]);
      // Gamma, received and not merged
      assert.equal(selected.partnerRecordsWithheld, 1);
      // Beta's name, gender, nationality and pseudonymised idNumber; Gamma's name and nationality
      assert.equal(selected.partnerValuesWithheld, 6);

      const preview = await call('A')('POST', `/api/sharing/agreements/${toC}/preview`, {});
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.json().counts.entities, 1);
      assert.equal(preview.json().counts.partnerRecordsWithheld, 1);
    });

    test('A sends its case to C: C\'s package holds none of B\'s values', async () => {
      const file = await send('A', toC);
      const path = join(work, `${randomUUID()}.ariadne-share`);
      writeFileSync(path, file);
      const opened = await openPackage(path, { identity: apps.C.identity, tempDir: work });
      let plaintext = Buffer.from(opened.manifestBytes).toString('utf8');
      let lines = '';
      for (const [memberPath, member] of opened.members) {
        const text = readFileSync(member.file, 'utf8');
        plaintext += text;
        if (memberPath === 'entities.ftm.jsonl') lines = text;
      }
      await opened.dispose();
      assert.ok(plaintext.includes('Testperson Alpha'), 'the search below can find what it looks for');
      for (const needle of B_NAMES) assert.ok(!plaintext.includes(needle), `the package mentions ${needle}`);

      const entities = lines.trim().split('\n').map((line) => JSON.parse(line) as { id: string; properties: Record<string, string[]> });
      assert.equal(entities.length, 1);
      const suspect = entities[0]!;
      assert.deepEqual(suspect.properties.name, ['Testperson Alpha']);
      assert.deepEqual(suspect.properties.nationality, ['sy']);
      assert.equal(suspect.properties.gender, undefined);
      // A's own idNumber, pseudonymised for C; B's (a pseudonym at A already) stays home
      assert.equal(suspect.properties.idNumber?.length, 1);
      assert.match(suspect.properties.idNumber![0]!, /^psv-[0-9a-f]{32}$/);
    });

    test('a victim profile pointing at a person merged into another makes the canonical person a victim', async () => {
      const caseworker = { kind: 'user' as const, id: apps.A.users.caseworker.id };
      const store = apps.A.store;
      await store.createEntity(system, { id: 'a-victim-old', schema: 'Person', caseId: cases.A!, properties: { name: ['Synthia Mergedaway'], nationality: ['iq'] } }, { source: 'ui' });
      await store.createEntity(system, { id: 'a-victim-new', schema: 'Person', caseId: cases.A!, properties: { name: ['Synthia Canonical'], gender: ['female'] } }, { source: 'ui' });
      await store.createEntity(system, { id: 'a-victim-profile', schema: 'VictimProfile', caseId: cases.A!, properties: { pseudonym: ['SYN-KESTREL'], person: ['a-victim-old'], ageRange: ['18-20'] } }, { source: 'ui' });
      await store.recordConsent(caseworker, { entityId: 'a-victim-profile', purpose: 'prosecution', granted: true, note: 'synthetic consent form' });
      // the profile still names the merged-away id: only the selection can tell that the canonical person is the victim
      await store.mergeEntities(system, 'a-victim-new', ['a-victim-old']);

      const { text, entities } = await openedAtC(await send('A', toC));
      for (const needle of ['Synthia', 'a-victim-', 'SYN-KESTREL']) assert.ok(!text.includes(needle), `C's package mentions ${needle}`);
      const profile = entities.find((e) => e.schema === 'VictimProfile')!;
      const person = entities.find((e) => e.id === profile.properties.person?.[0])!;
      assert.match(person.id, /^psn-[0-9a-f]{32}$/, 'the canonical person travels under her pseudonym');
    });

    test('our person whom only a partner\'s record names as a victim stays home', async () => {
      // B's survivor, with B's own consent: she reaches A pseudonymised, with B's profile pointing at her
      await apps.B.store.createEntity(system, { id: 'b-victim', schema: 'Person', caseId: cases.B!, properties: { name: ['Victima Partnerside'], nationality: ['ua'] } }, { source: 'ui' });
      await apps.B.store.createEntity(system, { id: 'b-victim-profile', schema: 'VictimProfile', caseId: cases.B!, properties: { pseudonym: ['SYN-HERON'], person: ['b-victim'], ageRange: ['21-23'] } }, { source: 'ui' });
      await apps.B.store.recordConsent({ kind: 'user', id: apps.B.users.caseworker.id }, { entityId: 'b-victim-profile', purpose: 'prosecution', granted: true });
      const imported = await call('A')('POST', '/api/sharing/packages/import', await send('B', fromB), { 'content-type': 'application/octet-stream' });
      assert.equal(imported.statusCode, 201, imported.body);

      // A decides B's (pseudonymised) survivor is a person of its own case, and merges her in
      const received = await collect(apps.A.store.exportEntities({ caseId: cases.A! }));
      const profileFromB = received.find((e) => e.schema === 'VictimProfile' && /^share-/.test(e.id))!;
      const herAtA = profileFromB.properties.person![0]!;
      await apps.A.store.createEntity(system, { id: 'a-person-q', schema: 'Person', caseId: cases.A!, properties: { name: ['Testperson Qmerged'], nationality: ['ua'] } }, { source: 'ui' });
      await apps.A.store.mergeEntities(system, 'a-person-q', [herAtA]);

      const agreement = (await apps.A.store.getAgreement(toC))!;
      const selected = await selectForShare({ store: apps.A.store, model: loadModel() }, { caseId: cases.A!, terms: agreement.terms as AgreementTerms });
      assert.equal(selected.partnerMarkedVictimsWithheld, 1);
      assert.ok(!selected.entities.some((e) => e.id === 'a-person-q'));
      const chosen = await call('A')('POST', `/api/sharing/agreements/${toC}/preview`, { entityIds: ['a-person-q'] });
      assert.equal(chosen.statusCode, 409, chosen.body);

      const { text } = await openedAtC(await send('A', toC));
      assert.ok(text.includes('Testperson Alpha'), 'the search below can find what it looks for');
      for (const needle of ['Qmerged', 'a-person-q', 'Partnerside']) assert.ok(!text.includes(needle), `C's package mentions ${needle}`);
    });
  });
}
