/**
 * Information sharing between two Ariadne instances in one test (issue 8): A (a prosecution
 * service) and B (a partner abroad) exchange identity cards, register each other, and make an
 * agreement (offered signed by A, accepted by B, approved by two people on each side). A records
 * one survivor's consent through the API and sends its case reduced to the agreement; B imports
 * it, with A as the provenance of every statement and the victims pseudonymised. No victim's name
 * or identifier appears in the decrypted package, in any answer A gave, or in either's log.
 *
 * Then every refusal: a replay, a tampered byte, a package for B opened by a third instance C, a
 * package under an agreement B revoked, an agreement past its dates (B's clock moved on), other
 * terms, a package exceeding the terms (forged with the package functions, signed by A), a send
 * without consent (refused, nothing recorded), and A's revocation purging B's copy. An MLA request
 * with an evidence bundle goes from A to B, and a privacy-preserving linkage runs end to end on A.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateNoteKeys, openLedgerSigning } from '@ariadne/ledger';
import { encodeTable, linkageSecret, parseLinkageSchema, writeClkFile } from '@ariadne/linkage';
import { openPackage, publicIdentity, termsHash, writePackage, type AgreementTerms } from '@ariadne/sharing';
import type { LightMyRequestResponse } from 'fastify';
import { as, backends, caseWith, openTestApp, system, tusUpload, type Signed, type TestApp } from './helpers.ts';
import {
  CASE_ENTITIES, day, LINKAGE_A, LINKAGE_B, LINKAGE_SCHEMA, LINKAGE_TRUTH, mlaRequest, prosecutionTerms, SUSPECT_ID, SYNTHIA_ID,
  VICTIM_NAMES_AND_IDENTIFIERS, VICTIM_RECORD_IDS, VICTIMA_RECORDS,
} from './sharing-fixtures.ts';

type Method = 'GET' | 'POST';

/** a log stream that keeps every line */
function captured(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return { lines, stream: new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }) };
}

function assertNoneOf(text: string, needles: readonly string[], where: string): void {
  for (const needle of needles) assert.ok(!text.toLowerCase().includes(needle.toLowerCase()), `${where} mentions ${JSON.stringify(needle)}`);
}

for (const backend of backends) {
  describe(`information sharing between two instances (${backend})`, () => {
    let A: TestApp;
    let B: TestApp;
    let C: TestApp;
    const logA = captured();
    const logB = captured();
    /** every answer A gave, to search for victims' data */
    const answersOfA: string[] = [];
    /** B's clock runs this far ahead of A's (moved on to put an agreement past its dates) */
    let shiftB = 0;
    let caseA: string;
    let caseB: string;
    const who: Record<string, Signed> = {};
    const work = mkdtempSync(join(tmpdir(), 'ariadne-sharing-test-'));
    let partnerBonA: { id: string };
    let partnerAonB: { id: string };
    let agreementId: string;
    let firstPackage: { id: string; file: Buffer };
    let terms: AgreementTerms;

    /** requests to `t` as `signed`; every answer of A is kept */
    const call = (t: TestApp, signed: Signed) => async (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => {
      const res = await t.app.inject({ method, url, headers: { ...as(signed), ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
      if (t === A) answersOfA.push(res.body);
      return res;
    };
    const importInto = (t: TestApp, signed: Signed, file: Buffer) =>
      call(t, signed)('POST', '/api/sharing/packages/import', file, { 'content-type': 'application/octet-stream' });
    const fileOf = async (id: string) => {
      const res = await call(A, who.aInvestigator!)('GET', `/api/sharing/packages/${id}/file`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-disposition']), /attachment/);
      return res.rawPayload;
    };
    const signInB = async () => {
      for (const role of ['investigator', 'admin', 'caseworker', 'fiu_analyst'] as const) who[`b${role[0]!.toUpperCase()}${role.slice(1)}`] = await B.signIn(role);
    };

    /** A offers `body` to B, B accepts it into its case, each side approves it with `approvers` people */
    async function establish(body: { title: string; terms: unknown }, approvers: 1 | 2): Promise<string> {
      const created = await call(A, who.aInvestigator!)('POST', '/api/sharing/agreements', { ...body, partnerId: partnerBonA.id, caseId: caseA, direction: 'outgoing' });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      const offer = await call(A, who.aInvestigator!)('GET', `/api/sharing/agreements/${id}/offer`);
      assert.equal(offer.statusCode, 200, offer.body);
      const accepted = await call(B, who.bInvestigator!)('POST', '/api/sharing/agreements/accept', { offer: offer.json(), caseId: caseB });
      assert.equal(accepted.statusCode, 201, accepted.body);
      for (const [t, people] of [[A, [who.aAdmin!, who.aInvestigator!]], [B, [who.bAdmin!, who.bInvestigator!]]] as const) {
        for (const person of people.slice(0, approvers)) {
          const approved = await call(t, person)('POST', `/api/sharing/agreements/${id}/approve`);
          assert.equal(approved.statusCode, 200, approved.body);
        }
      }
      return id;
    }

    /** a package signed by A for B under the agreement, made with the package functions directly */
    async function forged(manifest: { termsSha256?: string; sequence: number }, entities: readonly unknown[]): Promise<Buffer> {
      const file = join(work, `forged-${randomUUID()}.ariadne-share`);
      const now = new Date(Date.now() + shiftB);
      await writePackage({
        manifest: {
          kind: 'data', packageId: `pkg-${randomUUID()}`, agreementId, termsSha256: manifest.termsSha256 ?? termsHash(terms), purpose: terms.purpose,
          sequence: manifest.sequence, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), counts: {},
        },
        members: [{ path: 'entities.ftm.jsonl', role: 'entities', source: Buffer.from(entities.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8') }],
        sender: A.identity,
        recipient: publicIdentity(B.identity),
      }, file);
      return readFileSync(file);
    }

    before(async () => {
      const ledgerSigning = await openLedgerSigning({ signerKey: generateNoteKeys('sharing.test.example/log').skey, origin: 'sharing.test.example/log', keyFile: null, instanceId: async () => 'unused' });
      A = await openTestApp(backend, { sharing: { name: 'Prosecution Service of Examplestan (test)' }, logger: { level: 'info', stream: logA.stream }, ledgerSigning,
        config: { maxLinkageBodyBytes: 256 * 1024 },
      });
      B = await openTestApp(backend, { sharing: { name: 'Prosecution Service of Samplia (test)' }, logger: { level: 'info', stream: logB.stream }, clock: () => new Date(Date.now() + shiftB) });
      C = await openTestApp(backend, { sharing: { name: 'Unrelated Agency (test)' }, config: { maxSharePackageBytes: 64 * 1024 } });
      caseA = await caseWith(A, 'Synthetic recruitment network', ['investigator', 'admin', 'caseworker']);
      caseB = await caseWith(B, 'Received from Examplestan', ['investigator', 'admin', 'caseworker']);
      for (const entity of CASE_ENTITIES) await A.store.createEntity(system, { ...entity, caseId: caseA }, { source: 'ui' });
      who.aInvestigator = await A.signIn('investigator');
      who.aAdmin = await A.signIn('admin');
      who.aCaseworker = await A.signIn('caseworker');
      who.cInvestigator = await C.signIn('investigator');
      await signInB();
    });
    after(async () => {
      await Promise.all([A?.close(), B?.close(), C?.close()]);
      rmSync(work, { recursive: true, force: true });
    });

    test('the instances exchange identity cards and register each other as partners', async () => {
      const cardA = (await call(A, who.aInvestigator!)('GET', '/api/sharing/identity')).json();
      const cardB = (await call(B, who.bInvestigator!)('GET', '/api/sharing/identity')).json();
      assert.equal(cardA.format, 'ariadne-party/1');
      assert.equal(cardA.signingKey, A.identity.signingKey);
      assert.match(cardA.fingerprint, /^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
      assert.equal(JSON.stringify(cardA).includes('AGE-SECRET-KEY'), false, 'the card holds public keys only');

      const registered = await call(A, who.aAdmin!)('POST', '/api/sharing/partners', { ...cardB, note: 'fingerprint confirmed by phone' });
      assert.equal(registered.statusCode, 201, registered.body);
      partnerBonA = registered.json();
      assert.equal(registered.json().fingerprint, cardB.fingerprint);
      const onB = await call(B, who.bAdmin!)('POST', '/api/sharing/partners', cardA);
      assert.equal(onB.statusCode, 201, onB.body);
      partnerAonB = onB.json();

      assert.equal((await call(A, who.aAdmin!)('POST', '/api/sharing/partners', cardB)).statusCode, 409, 'one partner per signing key');
      const wrongPrint = await call(A, who.aAdmin!)('POST', '/api/sharing/partners', { ...cardB, fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000' });
      assert.equal(wrongPrint.statusCode, 400, 'a fingerprint that does not match the key is refused');
      const listed = (await call(A, who.aInvestigator!)('GET', '/api/sharing/partners')).json();
      assert.deepEqual(listed.items.map((p: { id: string }) => p.id), [partnerBonA.id]);
    });

    test('an agreement is offered signed by A, accepted by B with the same terms, and active once two people approve it on each side', async () => {
      terms = prosecutionTerms(day(1)) as AgreementTerms;
      const created = await call(A, who.aInvestigator!)('POST', '/api/sharing/agreements', {
        title: 'Examplestan–Samplia MLA on case 17', partnerId: partnerBonA.id, caseId: caseA, direction: 'outgoing', terms,
      });
      assert.equal(created.statusCode, 201, created.body);
      agreementId = created.json().id;
      assert.equal(created.json().status, 'draft');
      const bad = await call(A, who.aInvestigator!)('POST', '/api/sharing/agreements', {
        title: 'bad', partnerId: partnerBonA.id, caseId: caseA, direction: 'outgoing', terms: { ...terms, allowed: { Person: ['nationality'] } },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().errors['allowed.Person'], /requires name/);

      const offerRes = await call(A, who.aInvestigator!)('GET', `/api/sharing/agreements/${agreementId}/offer`);
      assert.match(String(offerRes.headers['content-disposition']), /^attachment/);
      const offer = offerRes.json();
      assert.equal(offer.format, 'ariadne-agreement/1');
      assert.equal(offer.to.signingKey, B.identity.signingKey);

      const tampered = await call(B, who.bInvestigator!)('POST', '/api/sharing/agreements/accept', { offer: { ...offer, terms: { ...offer.terms, retentionDays: 3650 } }, caseId: caseB });
      assert.equal(tampered.statusCode, 422);
      assert.equal(tampered.json().reason, 'bad-signature');

      const accepted = await call(B, who.bInvestigator!)('POST', '/api/sharing/agreements/accept', { offer, caseId: caseB });
      assert.equal(accepted.statusCode, 201, accepted.body);
      assert.equal(accepted.json().id, agreementId);
      assert.equal(accepted.json().direction, 'incoming');
      assert.equal(accepted.json().termsSha256, created.json().termsSha256);
      assert.equal(accepted.json().partnerId, partnerAonB.id);
      const described = (await call(B, who.bInvestigator!)('GET', `/api/sharing/agreements/${agreementId}`)).json();
      assert.ok(described.description.includes("Victims' records: pseudonymised, and only with the survivor's consent to prosecution; names, identifiers, dates and free text never leave"));

      const early = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/packages`, {});
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().reason, 'agreement-inactive');

      assert.equal((await call(A, who.aAdmin!)('POST', `/api/sharing/agreements/${agreementId}/approve`)).json().status, 'draft');
      assert.equal((await call(A, who.aAdmin!)('POST', `/api/sharing/agreements/${agreementId}/approve`)).statusCode, 409, 'one approval per person');
      assert.equal((await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/approve`)).json().status, 'active');
      assert.equal((await call(B, who.bAdmin!)('POST', `/api/sharing/agreements/${agreementId}/approve`)).json().status, 'draft');
      assert.equal((await call(B, who.bInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/approve`)).json().status, 'active');
      const other = await C.store.createCase(system, { name: 'Unrelated case' });
      assert.equal((await call(C, who.cInvestigator!)('GET', `/api/sharing/agreements?caseId=${other.id}`)).statusCode, 404, 'not a member of the case');
    });

    test('without the survivor\'s consent the send is refused, listing the records, and nothing is recorded as sent', async () => {
      const consent = await call(A, who.aCaseworker!)('POST', '/api/consents', { entityId: SYNTHIA_ID, purpose: 'prosecution', granted: true, note: 'signed form, interpreter present' });
      assert.equal(consent.statusCode, 201, consent.body);
      const state = (await call(A, who.aCaseworker!)('GET', `/api/entities/${SYNTHIA_ID}/consents`)).json();
      assert.deepEqual(state.current.map((c: { purpose: string; granted: boolean }) => [c.purpose, c.granted]), [['prosecution', true]]);
      assert.equal((await call(A, who.aInvestigator!)('POST', '/api/consents', { entityId: SYNTHIA_ID, purpose: 'prosecution', granted: true })).statusCode, 403);

      const refused = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/packages`, {});
      assert.equal(refused.statusCode, 422, refused.body);
      assert.deepEqual(refused.json().refused.map((r: { id: string }) => r.id).sort(), [...VICTIMA_RECORDS].sort());
      assert.match(refused.json().refused[0].reason, /no consent for prosecution/);
      const agreement = (await call(A, who.aInvestigator!)('GET', `/api/sharing/agreements/${agreementId}`)).json();
      assert.equal(agreement.lastSentSequence, 0);
      assert.deepEqual((await call(A, who.aInvestigator!)('GET', `/api/sharing/packages?agreementId=${agreementId}`)).json().items, []);

      const preview = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/preview`, { missingConsent: 'omit' });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.json().counts.victimsOmittedNoConsent, 3);
      assert.equal(preview.json().counts.victimsPseudonymised, 3);
      assert.equal(preview.json().counts.entities, 4);
      const actions = (await A.store.listJournal({ caseId: caseA }, { limit: 200, cursor: null })).items.map((e) => e.action);
      assert.ok(actions.includes('entity.read.sealed:share'), 'the sealed records a share reads are journalled');
      assert.ok(!actions.includes('share.send'));
    });

    test('A sends the case reduced to the agreement; B imports it with A as the provenance of every statement and the victims pseudonymised', async () => {
      const sent = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/packages`, { missingConsent: 'omit' });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.equal(sent.json().sequence, 1);
      assert.equal(sent.json().status, 'sent');
      assert.equal(sent.json().counts.victimsOmittedNoConsent, 3);
      firstPackage = { id: sent.json().id, file: await fileOf(sent.json().id) };
      const journalled = (await A.store.listJournal({ caseId: caseA }, { limit: 200, cursor: null })).items.filter((e) => e.action === 'share.send');
      assert.equal(journalled.length, 1);

      const imported = await importInto(B, who.bInvestigator!, firstPackage.file);
      assert.equal(imported.statusCode, 201, imported.body);
      assert.equal(imported.json().status, 'imported');
      assert.equal(imported.json().counts.written, 4);
      assert.equal(imported.json().partnerId, partnerAonB.id);

      const received = [];
      for await (const entity of B.store.exportEntities({ caseId: caseB })) received.push(entity);
      assert.equal(received.length, 4);
      for (const entity of received) {
        assert.match(entity.id, /^share-[0-9a-f]{32}$/, 'ids are ours, namespaced by partner');
        const detail = await B.store.getEntityDetail(entity.id);
        for (const statement of detail!.statements) {
          assert.equal(statement.source, `share:${partnerAonB.id}`);
          assert.equal(statement.importId, firstPackage.id);
        }
      }
      const persons = received.filter((e) => e.schema === 'Person');
      const suspect = persons.find((p) => p.properties.name?.[0] === 'Testperson Alpha');
      assert.ok(suspect, 'the suspect travels by name');
      assert.match(suspect.properties.idNumber![0]!, /^psv-[0-9a-f]{32}$/, 'a pseudonymised property travels as a keyed pseudonym');
      const victim = persons.find((p) => p !== suspect)!;
      assert.match(victim.properties.name![0]!, /^psn-[0-9a-f]{32}$/, 'the victim travels under a pseudonym');
      assert.equal(victim.properties.idNumber, undefined, "a victim's identifiers never travel");
      const profile = received.find((e) => e.schema === 'VictimProfile')!;
      assert.deepEqual(profile.properties.person, [victim.id]);
      assert.equal(profile.properties.caseworkerNotes, undefined);
      assert.deepEqual(profile.properties.ageRange, ['21-23']);

      // the whole package, decrypted with B's key: no victim's name, identifier or record id
      writeFileSync(join(work, 'first.ariadne-share'), firstPackage.file);
      const opened = await openPackage(join(work, 'first.ariadne-share'), { identity: B.identity, tempDir: work });
      let plaintext = Buffer.from(opened.manifestBytes).toString('utf8');
      for (const member of opened.members.values()) plaintext += readFileSync(member.file, 'utf8');
      await opened.dispose();
      assert.ok(plaintext.includes('Testperson Alpha'), 'the search below can find what it looks for');
      assertNoneOf(plaintext, [...VICTIM_NAMES_AND_IDENTIFIERS, ...VICTIM_RECORD_IDS], 'the decrypted package');
    });

    test('a replayed package, a tampered byte and a package opened by a third instance are refused with their reason, and recorded', async () => {
      const replay = await importInto(B, who.bInvestigator!, firstPackage.file);
      assert.equal(replay.statusCode, 409, replay.body);
      assert.equal(replay.json().reason, 'replayed');
      assert.equal(replay.json().code, 'CONFLICT');

      const tampered = Buffer.from(firstPackage.file);
      tampered[tampered.length - 40]! ^= 0x01;
      const changed = await importInto(B, who.bInvestigator!, tampered);
      assert.equal(changed.statusCode, 422, changed.body);
      assert.equal(changed.json().reason, 'tampered');
      assert.match(String(changed.headers['content-type']), /^application\/problem\+json/);

      const third = await importInto(C, who.cInvestigator!, firstPackage.file);
      assert.equal(third.statusCode, 403, third.body);
      assert.equal(third.json().reason, 'not-for-us');
      const junk = await importInto(C, who.cInvestigator!, Buffer.from('not an ariadne package at all'));
      assert.equal(junk.statusCode, 422);
      assert.equal(junk.json().reason, 'not-a-package');
      const huge = await importInto(C, who.cInvestigator!, Buffer.alloc(100 * 1024, 1));
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.json().reason, 'too-large');

      const outsider = await importInto(B, who.bFiu_analyst!, firstPackage.file);
      assert.equal(outsider.statusCode, 404, 'only members of the agreement\'s case import into it');

      const incoming = (await call(B, who.bInvestigator!)('GET', '/api/sharing/packages?direction=incoming')).json().items;
      const reasons = incoming.map((p: { status: string; refusal: string | null }) => p.refusal ?? p.status);
      assert.deepEqual(reasons, ['tampered', 'replayed', 'imported']);
      const actions = (await B.store.listJournal({ caseId: caseB }, { limit: 200, cursor: null })).items.map((e) => e.action);
      assert.ok(actions.includes('share.refuse') && actions.includes('share.import'));
    });

    test('packages made under other terms, or exceeding the terms, are refused whole', async () => {
      const next = (await call(B, who.bInvestigator!)('GET', `/api/sharing/agreements/${agreementId}`)).json().lastReceivedSequence + 1;
      const otherTerms = await importInto(B, who.bInvestigator!, await forged({ sequence: next, termsSha256: termsHash({ ...terms, retentionDays: 3650 }) }, []));
      assert.equal(otherTerms.statusCode, 422, otherTerms.body);
      assert.equal(otherTerms.json().reason, 'terms-mismatch');

      const exceeding = await importInto(B, who.bInvestigator!, await forged({ sequence: next }, [
        { id: 'p-forged', schema: 'Person', properties: { name: ['Testperson Alpha'], birthPlace: ['Synthetic Town'] } },
      ]));
      assert.equal(exceeding.statusCode, 422, exceeding.body);
      assert.equal(exceeding.json().reason, 'exceeds-agreement');
      assert.match(exceeding.json().detail, /p-forged: property Person\.birthPlace is not allowed/);
      assert.equal((await B.store.getEntity('p-forged')), null);
      let count = 0;
      for await (const _ of B.store.exportEntities({ caseId: caseB })) count += 1;
      assert.equal(count, 4, 'nothing was imported');
    });

    test('an MLA request with an evidence bundle goes from A to B, the victim by pseudonym only', async () => {
      const uploadId = await tusUpload(A, as(who.aInvestigator!), Buffer.from('synthetic scanned document, no personal data'), { filename: 'synthetic-document.png' });
      const item = await call(A, who.aInvestigator!)('POST', `/api/cases/${caseA}/evidence`, { uploadId, source: 'Synthetic Witness' });
      assert.equal(item.statusCode, 201, item.body);
      const started = await call(A, who.aInvestigator!)('POST', `/api/cases/${caseA}/bundles`, { purpose: 'mutual-legal-assistance', recipient: 'Central Authority of Samplia' });
      assert.equal(started.statusCode, 201, started.body);
      const bundleId = started.json().id as string;
      for (let i = 0; i < 200 && (await call(A, who.aInvestigator!)('GET', `/api/bundles/${bundleId}`)).json().state === 'building'; i++) await new Promise((r) => setTimeout(r, 25));

      const naming = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/mla`, {
        request: { ...mlaRequest(), summaryOfFacts: 'Testperson Alpha recruited Synthia Example with a false offer of work.' },
      });
      assert.equal(naming.statusCode, 400, naming.body);
      assert.equal(naming.json().errors.summaryOfFacts, 'mentions a victim of the case');

      const sent = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/mla`, { request: mlaRequest(), evidenceBundleIds: [bundleId] });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.equal(sent.json().kind, 'mla-request');
      assert.deepEqual(sent.json().counts, { subjects: 2, measures: 1, evidenceBundles: 1 });

      const imported = await importInto(B, who.bInvestigator!, await fileOf(sent.json().id));
      assert.equal(imported.statusCode, 201, imported.body);
      const request = imported.json().mla;
      assert.equal(request.format, 'ariadne-mla/1');
      const victim = request.subjects.find((s: { role: string }) => s.role === 'victim (pseudonymised)');
      assert.match(victim.entityId, /^psn-[0-9a-f]{32}$/);
      assert.equal(victim.name, victim.entityId);
      assert.deepEqual(request.measures[0].subjects, [victim.entityId]);
      assert.equal(request.subjects.find((s: { role: string }) => s.role === 'suspect').entityId, SUSPECT_ID);

      const kept = (await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${imported.json().id}/received`)).json();
      assert.deepEqual(kept.members.map((m: { path: string }) => m.path).sort(), ['evidence/' + bundleId + '.tar', 'mla/cover.ar.html', 'mla/cover.en.html', 'mla/cover.fr.html', 'mla/request.json']);
      assert.equal(kept.mla.reference, 'EXA-PG/MLA/2026/0042');
      const evidence = kept.members.find((m: { role: string }) => m.role === 'evidence-bundle');
      assert.deepEqual([evidence.verification.ok, evidence.verification.keyChecked, evidence.verification.items], [true, 'partner', 1],
        "the bundle was verified against the ledger key on A's card");
      assert.equal(kept.members.find((m: { role: string }) => m.role === 'mla-request').verification, null);
      const cover = await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${imported.json().id}/received/file?path=mla/cover.en.html`);
      assert.equal(cover.statusCode, 200);
      assert.match(String(cover.headers['content-security-policy']), /default-src 'none'/);
      assert.ok(cover.body.includes('EXA-PG/MLA/2026/0042'));
      assertNoneOf(cover.body, VICTIM_NAMES_AND_IDENTIFIERS, 'the cover document');
      const bundle = await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${imported.json().id}/received/file?path=evidence/${bundleId}.tar`);
      assert.equal(bundle.statusCode, 200);
      assert.ok(bundle.rawPayload.includes(Buffer.from('synthetic scanned document')), 'the evidence travelled');
    });

    test('a package under an agreement past its dates is refused (B\'s clock moved on)', async () => {
      const sent = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/packages`, { missingConsent: 'omit', entityIds: [SUSPECT_ID] });
      assert.equal(sent.statusCode, 201, sent.body);
      shiftB = 3 * 86_400_000;
      await signInB();
      const late = await importInto(B, who.bInvestigator!, await fileOf(sent.json().id));
      assert.equal(late.statusCode, 422, late.body);
      assert.equal(late.json().reason, 'agreement-expired');
    });

    test("A's revocation reaches B: B's agreement is revoked and what it received under it purged", async () => {
      const revoked = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/revoke`, { reason: 'The investigation is closed.' });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal(revoked.json().agreement.status, 'revoked');
      const notice = revoked.json().revocationPackage;
      assert.equal(notice.kind, 'revocation');

      const imported = await importInto(B, who.bInvestigator!, await fileOf(notice.id));
      assert.equal(imported.statusCode, 201, imported.body);
      assert.equal(imported.json().kind, 'revocation');
      const onB = (await call(B, who.bInvestigator!)('GET', `/api/sharing/agreements/${agreementId}`)).json();
      assert.equal(onB.status, 'revoked');
      assert.match(onB.revokedReason, /^Revoked by the partner: The investigation is closed\./);
      let count = 0;
      for await (const _ of B.store.exportEntities({ caseId: caseB })) count += 1;
      assert.equal(count, 0, "B's copy is gone");
      assert.deepEqual((await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${firstPackage.id}/received`)).json().members, []);
      assert.equal((await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${agreementId}/packages`, { missingConsent: 'omit' })).json().reason, 'agreement-revoked');
    });

    test('a package under an agreement B revoked is refused, and B\'s revocation reaches A', async () => {
      const second = await establish({ title: 'Second synthetic agreement', terms: prosecutionTerms(day(30), 1) }, 1);
      const revoked = await call(B, who.bInvestigator!)('POST', `/api/sharing/agreements/${second}/revoke`, { reason: 'Our law changed.' });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.ok(revoked.json().revocationPackage, 'B tells A, though it only receives under the agreement');

      const sent = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${second}/packages`, { missingConsent: 'omit' });
      assert.equal(sent.statusCode, 201, sent.body);
      const refused = await importInto(B, who.bInvestigator!, await fileOf(sent.json().id));
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().reason, 'agreement-revoked');

      const bFile = await B.app.inject({ method: 'GET', url: `/api/sharing/packages/${revoked.json().revocationPackage.id}/file`, headers: as(who.bInvestigator!) });
      assert.equal(bFile.statusCode, 200);
      const onA = await importInto(A, who.aInvestigator!, bFile.rawPayload);
      assert.equal(onA.statusCode, 201, onA.body);
      assert.equal((await call(A, who.aInvestigator!)('GET', `/api/sharing/agreements/${second}`)).json().status, 'revoked');
    });

    test("what B received is purged once the agreement's retention has run out, at the next exchange", async () => {
      const third = await establish({ title: 'Short retention', terms: { ...prosecutionTerms(day(30), 1), retentionDays: 1 } }, 1);
      const first = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${third}/packages`, { missingConsent: 'omit' });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal((await importInto(B, who.bInvestigator!, await fileOf(first.json().id))).json().counts.written, 4);

      shiftB += 2 * 86_400_000;
      await signInB();
      const second = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${third}/packages`, { missingConsent: 'omit', entityIds: [SUSPECT_ID] });
      const imported = await importInto(B, who.bInvestigator!, await fileOf(second.json().id));
      assert.equal(imported.statusCode, 201, imported.body);
      const held = [];
      for await (const entity of B.store.exportEntities({ caseId: caseB })) held.push(entity);
      assert.deepEqual(held.map((e) => e.properties.name), [['Testperson Alpha']], 'only what the second package brought is left');
      const firstRecord = (await call(B, who.bInvestigator!)('GET', `/api/sharing/packages?agreementId=${third}`)).json().items.find((p: { id: string }) => p.id === first.json().id);
      assert.ok(firstRecord.purgedAt, 'the first package is marked purged');

      // sends under one agreement wait for each other: every package carries the number it is recorded under
      const together = await Promise.all([1, 2, 3].map(() => call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${third}/packages`, { entityIds: [SUSPECT_ID] })));
      assert.deepEqual(together.map((r) => r.statusCode), [201, 201, 201]);
      assert.deepEqual(together.map((r) => r.json().sequence).sort(), [3, 4, 5]);
    });

    test('a linkage run between the two parties answers the matched token pairs only, which map back to the true matches', async () => {
      const schema = parseLinkageSchema(LINKAGE_SCHEMA);
      const secret = linkageSecret('00112233445566778899aabbccddeeff');
      const sideA = encodeTable(schema, secret, LINKAGE_A);
      const sideB = encodeTable(schema, secret, LINKAGE_B);
      const clkA = writeClkFile(sideA.set);
      assertNoneOf(clkA, ['Testperson', 'fiu-1', 'Example City'], 'a CLK file');
      const res = await call(A, who.aInvestigator!)('POST', '/api/linkage/runs', { title: 'FIU and NGO, synthetic', caseId: caseA, a: clkA, b: writeClkFile(sideB.set) });
      assert.equal(res.statusCode, 201, res.body);
      const { run, pairs } = res.json();
      assert.equal(run.matches, 3);
      assert.equal(run.recordsA, 6);
      assert.ok(run.candidatePairs < 36, 'blocking compared fewer than all pairs');
      const linked = Object.fromEntries(pairs.map((p: { tokenA: string; tokenB: string }) => [sideA.tokenToId.get(p.tokenA), sideB.tokenToId.get(p.tokenB)]));
      assert.deepEqual(linked, LINKAGE_TRUTH);
      assert.doesNotMatch(res.body, /score/i, 'no score leaves the matcher');
      for (const pair of pairs) assert.deepEqual(Object.keys(pair).sort(), ['tokenA', 'tokenB']);
      const runs = (await call(A, who.aInvestigator!)('GET', `/api/linkage/runs?caseId=${caseA}`)).json();
      assert.deepEqual(runs.items.map((r: { id: string }) => r.id), [run.id]);

      const otherSchema = writeClkFile(encodeTable(parseLinkageSchema({ ...LINKAGE_SCHEMA, name: 'another' }), secret, LINKAGE_B).set);
      const mixed = await call(A, who.aInvestigator!)('POST', '/api/linkage/runs', { title: 'mixed', a: clkA, b: otherSchema });
      assert.equal(mixed.statusCode, 400);
      // this route reads bodies past the server's general limit (64 KiB in these tests), up to its own
      const padded = `${JSON.stringify({ title: 'padded', a: clkA, b: writeClkFile(sideB.set) })}${' '.repeat(100 * 1024)}`;
      const large = await call(A, who.aInvestigator!)('POST', '/api/linkage/runs', padded, { 'content-type': 'application/json' });
      assert.equal(large.statusCode, 201, large.body);
      const tooLarge = await call(A, who.aInvestigator!)('POST', '/api/linkage/runs', { title: 'too large', a: clkA, b: 'x'.repeat(300 * 1024) });
      assert.equal(tooLarge.statusCode, 413);
    });

    test('no victim name or identifier appears in any answer of A or in either log', () => {
      assert.ok(answersOfA.length > 20);
      assertNoneOf(answersOfA.join('\n'), VICTIM_NAMES_AND_IDENTIFIERS, "A's answers");
      const logs = [...logA.lines, ...logB.lines].join('');
      assert.ok(logs.includes('sharing package imported') && logs.includes('sharing package refused'), 'the logs were captured');
      assertNoneOf(logs, VICTIM_NAMES_AND_IDENTIFIERS, 'the server logs');
    });
  });
}
