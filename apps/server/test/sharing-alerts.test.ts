/**
 * Alerts travel in sharing packages (issue 8): A's case holds finance alerts on accounts of the
 * suspect and of the victims, and screening alerts on the suspect. Under terms that allow alerts,
 * A's package carries those about what travels (`alerts.json`); B imports it and reads them
 * through `GET /api/sharing/packages/:id/alerts`, their subjects pointing at the entities B
 * imported: the pattern and score arrive, the account numbers, transaction ids and the victim's
 * name do not. An alert about a victim without consent, one closed as not suspicious and a
 * screening false positive stay home. Under terms without alerts nothing of them travels; a
 * forged package whose alert names a subject outside the package is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERTS_FORMAT, localIdFor, openPackage, publicIdentity, termsHash, writePackage, type AgreementTerms, type PackageMemberInput } from '@ariadne/sharing';
import type { LightMyRequestResponse } from 'fastify';
import { as, backends, caseWith, openTestApp, system, type Signed, type TestApp } from './helpers.ts';
import { CASE_ENTITIES, day, prosecutionTerms, SUSPECT_ID, SYNTHIA_ID, VICTIM_NAMES_AND_IDENTIFIERS, VICTIM_RECORD_IDS, VICTIMA_ID } from './sharing-fixtures.ts';

/** synthetic accounts: the suspect's is IBAN-shaped in the never-assigned country XX */
const SUSPECT_ACCOUNT = 'XX12SYNTH00000000000001';
const SYNTHIA_ACCOUNT = 'ACC-SYNTH-VICTIM-1';
const VICTIMA_ACCOUNT = 'ACC-SYNTH-VICTIM-2';
const TX = ['TX-SYNTH-0001', 'TX-SYNTH-0002', 'TX-SYNTH-0003'];
/** what must not leave with the alerts */
const IDENTIFIERS = [SUSPECT_ACCOUNT, SYNTHIA_ACCOUNT, VICTIMA_ACCOUNT, ...TX];

function assertNoneOf(text: string, needles: readonly string[], where: string): void {
  for (const needle of needles) assert.ok(!text.toLowerCase().includes(needle.toLowerCase()), `${where} mentions ${JSON.stringify(needle)}`);
}

/** a synthetic transfer on 2026-03-01, `minutes` past 10:00 UTC */
function transaction(id: string, route: { from: string; to: string }, amount: number, minutes: number) {
  return { id, ...route, amount, amountText: amount.toFixed(2), currency: 'USD', timestamp: Date.UTC(2026, 2, 1, 10, minutes), kind: 'transfer' as const };
}

/** a finance alert as a detector raises it, with one finding */
function financeAlert(alert: { typology: string; score: number; accounts: string[]; transactions: string[]; explanation: string; reason: string }) {
  const { reason, ...rest } = alert;
  return { ...rest, detectors: ['funnel'], accounts: [...alert.accounts].sort(), findings: [{ detector: 'funnel', score: alert.score, reason }] };
}

for (const backend of backends) {
  describe(`alerts in sharing packages (${backend})`, () => {
    let A: TestApp;
    let B: TestApp;
    let caseA: string;
    let caseB: string;
    const who: Record<string, Signed> = {};
    const work = mkdtempSync(join(tmpdir(), 'ariadne-sharing-alerts-'));
    let partnerBonA: { id: string };
    let partnerAonB: { id: string };
    let withAlerts: string;
    let alertsTerms: AgreementTerms;

    const call = (t: TestApp, signed: Signed) => (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      t.app.inject({ method, url, headers: { ...as(signed), ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
    const importIntoB = (file: Buffer) => call(B, who.bInvestigator!)('POST', '/api/sharing/packages/import', file, { 'content-type': 'application/octet-stream' });
    const fileOf = async (id: string) => (await call(A, who.aInvestigator!)('GET', `/api/sharing/packages/${id}/file`)).rawPayload;
    /** the decrypted package as B sees it: member paths and all text */
    async function opened(file: Buffer): Promise<{ paths: string[]; text: string }> {
      const path = join(work, `${randomUUID()}.ariadne-share`);
      writeFileSync(path, file);
      const pkg = await openPackage(path, { identity: B.identity, tempDir: work });
      let text = Buffer.from(pkg.manifestBytes).toString('utf8');
      for (const member of pkg.members.values()) text += readFileSync(member.file, 'utf8');
      const paths = [...pkg.members.keys()].sort();
      await pkg.dispose();
      return { paths, text };
    }

    /** A offers an agreement with `terms` to B; one approval on each side makes it active */
    async function establish(title: string, terms: unknown): Promise<string> {
      const created = await call(A, who.aInvestigator!)('POST', '/api/sharing/agreements', { title, terms, partnerId: partnerBonA.id, caseId: caseA, direction: 'outgoing' });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      const offer = (await call(A, who.aInvestigator!)('GET', `/api/sharing/agreements/${id}/offer`)).json();
      assert.equal((await call(B, who.bInvestigator!)('POST', '/api/sharing/agreements/accept', { offer, caseId: caseB })).statusCode, 201);
      assert.equal((await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${id}/approve`)).json().status, 'active');
      assert.equal((await call(B, who.bInvestigator!)('POST', `/api/sharing/agreements/${id}/approve`)).json().status, 'active');
      return id;
    }

    /** a data package signed by A for B under the alerts agreement, with the given members */
    async function forged(members: PackageMemberInput[]): Promise<Buffer> {
      const sequence = (await call(B, who.bInvestigator!)('GET', `/api/sharing/agreements/${withAlerts}`)).json().lastReceivedSequence + 1;
      const file = join(work, `forged-${randomUUID()}.ariadne-share`);
      const now = new Date();
      await writePackage({
        manifest: {
          kind: 'data', packageId: `pkg-${randomUUID()}`, agreementId: withAlerts, termsSha256: termsHash(alertsTerms), purpose: alertsTerms.purpose,
          sequence, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), counts: {},
        },
        members, sender: A.identity, recipient: publicIdentity(B.identity),
      }, file);
      return readFileSync(file);
    }

    before(async () => {
      A = await openTestApp(backend, { sharing: { name: 'Financial Intelligence Unit of Examplestan (test)' } });
      B = await openTestApp(backend, { sharing: { name: 'Prosecution Service of Samplia (test)' } });
      caseA = await caseWith(A, 'Synthetic payments of a recruitment network', ['investigator', 'caseworker']);
      caseB = await caseWith(B, 'Received from the Examplestan FIU', ['investigator']);
      for (const entity of CASE_ENTITIES) await A.store.createEntity(system, { ...entity, caseId: caseA }, { source: 'ui' });
      who.aInvestigator = await A.signIn('investigator');
      who.aCaseworker = await A.signIn('caseworker');
      who.bInvestigator = await B.signIn('investigator');
      who.bAdmin = await B.signIn('admin');
      who.aAdmin = await A.signIn('admin');
      const cardA = (await call(A, who.aInvestigator)('GET', '/api/sharing/identity')).json();
      const cardB = (await call(B, who.bInvestigator)('GET', '/api/sharing/identity')).json();
      partnerBonA = (await call(A, who.aAdmin)('POST', '/api/sharing/partners', cardB)).json();
      partnerAonB = (await call(B, who.bAdmin)('POST', '/api/sharing/partners', cardA)).json();
      const consent = await call(A, who.aCaseworker)('POST', '/api/consents', { entityId: SYNTHIA_ID, purpose: 'prosecution', granted: true, note: 'signed form' });
      assert.equal(consent.statusCode, 201, consent.body);

      // the case's transactions and accounts, the accounts linked to their holders
      const { dataset } = await A.store.importFinanceData(system, {
        caseId: caseA, source: 'synthetic-statement.csv', format: 'csv', sha256: 'a'.repeat(64), errors: [],
        accounts: [{ id: SUSPECT_ACCOUNT, kind: 'personal' }, { id: SYNTHIA_ACCOUNT, kind: 'personal' }, { id: VICTIMA_ACCOUNT, kind: 'personal' }],
        transactions: [
          transaction(TX[0]!, { from: SYNTHIA_ACCOUNT, to: SUSPECT_ACCOUNT }, 900, 0),
          transaction(TX[1]!, { from: VICTIMA_ACCOUNT, to: SUSPECT_ACCOUNT }, 850, 5),
          transaction(TX[2]!, { from: SUSPECT_ACCOUNT, to: '@cash' }, 1700, 30),
        ],
      });
      for (const [account, holder] of [[SUSPECT_ACCOUNT, SUSPECT_ID], [SYNTHIA_ACCOUNT, SYNTHIA_ID], [VICTIMA_ACCOUNT, VICTIMA_ID]] as const) {
        await A.store.setAccountHolder(system, caseA, account, holder);
      }
      const [, , cleared] = await A.store.recordFinanceAlerts(system, {
        caseId: caseA, datasetId: dataset.id, algorithm: 'synthetic-typologies@1',
        alerts: [
          financeAlert({
            typology: 'funnel-account', score: 0.82, accounts: [SUSPECT_ACCOUNT, SYNTHIA_ACCOUNT], transactions: [TX[0]!, TX[2]!],
            explanation: `Funnel account (score 0.82): ${SUSPECT_ACCOUNT} received ${TX[0]} and paid out cash within 30 minutes. The deposit came from Synthia Example.`,
            reason: `${TX[0]} into ${SUSPECT_ACCOUNT} was withdrawn in cash within 30 minutes`,
          }),
          financeAlert({
            typology: 'debt-bondage-repayments', score: 0.61, accounts: [VICTIMA_ACCOUNT], transactions: [TX[1]!],
            explanation: `Regular repayments from ${VICTIMA_ACCOUNT}.`, reason: 'one repayment a month',
          }),
          financeAlert({
            typology: 'structuring', score: 0.55, accounts: [SUSPECT_ACCOUNT], transactions: [TX[2]!],
            explanation: 'A cash withdrawal just below the threshold.', reason: 'one withdrawal',
          }),
        ],
      });
      await A.store.updateFinanceAlert(system, cleared!.id, { status: 'closed', disposition: 'not_suspicious', note: 'A synthetic salary payment, explained.' });
      const hit = (entry: string, score: number) => ({
        list: 'un-sc', entry, score, matchedName: 'Synthetic Listed Name',
        explanation: [`name: aligned 2/2 query tokens: testperson~testperson, alpha~alpha [${score.toFixed(2)} × 0.7 = +${(score * 0.7).toFixed(3)}]`],
      });
      await A.store.recordScreeningHits(system, { subjectId: SUSPECT_ID, caseId: caseA, algorithm: 'test-names@1', listVersionId: null, hits: [hit('QDi.901', 0.91)] });
      const [falseHit] = await A.store.recordScreeningHits(system, { subjectId: SUSPECT_ID, caseId: caseA, algorithm: 'test-names@1', listVersionId: null, hits: [hit('QDi.902', 0.8)] });
      await A.store.setAlertDisposition(system, falseHit!.id, { status: 'false_positive', note: 'A different person: other birth date.' });

      alertsTerms = { ...prosecutionTerms(day(30), 1), alerts: true } as AgreementTerms;
      withAlerts = await establish('Examplestan FIU – Samplia, with alerts', alertsTerms);
    });
    after(async () => {
      await Promise.all([A?.close(), B?.close()]);
      rmSync(work, { recursive: true, force: true });
    });

    test("B reads the alerts A sent: pattern and score arrive, subjects point at B's imported entities; no account, transaction or victim's name travels", async () => {
      const preview = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${withAlerts}/preview`, { missingConsent: 'omit' });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.json().counts.alertsShared, 2, 'the funnel alert and the open screening hit');
      assert.equal(preview.json().counts.alertsDropped, 1, "the alert on Victima's account only: she gave no consent");

      const sent = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${withAlerts}/packages`, { missingConsent: 'omit' });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.equal(sent.json().counts.alertsShared, 2);
      const file = await fileOf(sent.json().id);
      const { paths, text } = await opened(file);
      assert.deepEqual(paths, ['alerts.json', 'entities.ftm.jsonl']);
      assert.ok(text.includes('funnel-account') && text.includes('Testperson Alpha'), 'the search below can find what it looks for');
      assertNoneOf(text, [...IDENTIFIERS, ...VICTIM_NAMES_AND_IDENTIFIERS, ...VICTIM_RECORD_IDS], 'the decrypted package');
      assertNoneOf(text, ['structuring', 'QDi.902'], 'the decrypted package (an alert closed as not suspicious, a false positive)');

      const imported = await importIntoB(file);
      assert.equal(imported.statusCode, 201, imported.body);
      const res = await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${imported.json().id}/alerts`);
      assert.equal(res.statusCode, 200, res.body);
      assertNoneOf(res.body, [...IDENTIFIERS, ...VICTIM_NAMES_AND_IDENTIFIERS, ...VICTIM_RECORD_IDS], 'the alerts B reads');
      const { alerts } = res.json();
      assert.deepEqual(alerts.map((a: { kind: string }) => a.kind).sort(), ['finance', 'screening']);
      const funnel = alerts.find((a: { kind: string }) => a.kind === 'finance');
      assert.equal(funnel.typology, 'funnel-account');
      assert.equal(funnel.score, 0.82);
      assert.equal(funnel.status, 'new');
      assert.match(funnel.id, /^psa-[0-9a-f]{32}$/);
      assert.equal(funnel.explanation, 'Funnel account (score 0.82): [account] received [transaction] and paid out cash within 30 minutes. [withheld]');
      assert.equal(funnel.findings[0].reason, '[transaction] into [account] was withdrawn in cash within 30 minutes');
      const held = new Set<string>();
      for await (const entity of B.store.exportEntities({ caseId: caseB })) held.add(entity.id);
      assert.equal(funnel.subjects.length, 2, 'the suspect and the victim who consented');
      for (const subject of funnel.subjects) assert.ok(held.has(subject), 'each subject is an entity B imported');
      assert.ok(funnel.subjects.includes(localIdFor(partnerAonB.id, SUSPECT_ID)));
      const screening = alerts.find((a: { kind: string }) => a.kind === 'screening');
      assert.deepEqual([screening.list, screening.score, screening.status, screening.subjects], ['un-sc', 0.91, 'open', [localIdFor(partnerAonB.id, SUSPECT_ID)]]);
      assert.equal(screening.explanation, 'Possible match on un-sc, entry QDi.901 (score 0.91).');
      assert.doesNotMatch(res.body, /testperson~testperson/, "the matcher's compared names stay home");

      const kept = (await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${imported.json().id}/received`)).json();
      assert.deepEqual(kept.members.map((m: { path: string; role: string }) => [m.path, m.role]), [['alerts.json', 'alerts']]);
    });

    test('a selection may leave the alerts out; terms without alerts send none, and refuse a request for them', async () => {
      const without = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${withAlerts}/packages`, { missingConsent: 'omit', includeAlerts: false });
      assert.equal(without.statusCode, 201, without.body);
      assert.deepEqual((await opened(await fileOf(without.json().id))).paths, ['entities.ftm.jsonl']);
      assert.equal(without.json().counts.alertsShared, undefined);
      assert.equal((await importIntoB(await fileOf(without.json().id))).statusCode, 201);

      const noAlerts = await establish('Examplestan FIU – Samplia, no alerts', prosecutionTerms(day(30), 1));
      const sent = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${noAlerts}/packages`, { missingConsent: 'omit' });
      assert.equal(sent.statusCode, 201, sent.body);
      const { paths, text } = await opened(await fileOf(sent.json().id));
      assert.deepEqual(paths, ['entities.ftm.jsonl']);
      assert.ok(!text.includes('funnel-account'));
      const imported = await importIntoB(await fileOf(sent.json().id));
      assert.deepEqual((await call(B, who.bInvestigator!)('GET', `/api/sharing/packages/${imported.json().id}/alerts`)).json(), { alerts: [] });

      const asked = await call(A, who.aInvestigator!)('POST', `/api/sharing/agreements/${noAlerts}/packages`, { missingConsent: 'omit', includeAlerts: true });
      assert.equal(asked.statusCode, 400, asked.body);
      assert.equal(asked.json().errors.includeAlerts, 'not allowed by the terms');
    });

    test('a package whose alert names a subject outside it is refused exceeds-agreement; alerts that are not JSON malformed-member', async () => {
      const suspect = { id: SUSPECT_ID, schema: 'Person', properties: { name: ['Testperson Alpha'], nationality: ['sy'] } };
      const entities: PackageMemberInput = { path: 'entities.ftm.jsonl', role: 'entities', source: Buffer.from(`${JSON.stringify(suspect)}\n`) };
      const alert = {
        kind: 'finance', typology: 'funnel-account', id: `psa-${'0'.repeat(32)}`, score: 0.5, status: 'new', createdAt: new Date().toISOString(),
        explanation: 'Synthetic.', findings: [], subjects: [SUSPECT_ID, 'p-not-in-the-package'],
      };
      const outside = await importIntoB(await forged([entities, { path: 'alerts.json', role: 'alerts', source: Buffer.from(JSON.stringify({ format: ALERTS_FORMAT, alerts: [alert] })) }]));
      assert.equal(outside.statusCode, 422, outside.body);
      assert.equal(outside.json().reason, 'exceeds-agreement');
      assert.match(outside.json().detail, /1 subject is not an entity of the package/);
      assert.equal(await B.store.getEntity(localIdFor(partnerAonB.id, 'p-not-in-the-package')), null);

      const junk = await importIntoB(await forged([entities, { path: 'alerts.json', role: 'alerts', source: Buffer.from('{"format": "ariadne-alerts/1", "alerts": [') }]));
      assert.equal(junk.statusCode, 422, junk.body);
      assert.equal(junk.json().reason, 'malformed-member');
    });
  });
}
