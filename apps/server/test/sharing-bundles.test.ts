/**
 * Evidence bundles received in sharing packages are verified before anything is imported (issue
 * 8: "another Ariadne instance imports a package, verifies it"). Three instances: A (a
 * prosecution service whose ledger signs checkpoints) and L (a labour inspectorate with a ledger
 * key of its own) send to B. B registers A with the ledger key on A's card, and L without one.
 *
 * A bundle A built imports, checked against A's registered key; one whose bytes were changed
 * before it was packaged (so the package's own hashes agree, but the bundle's do not) is refused
 * `tampered`, naming the bundle; a bundle signed by another ledger key (L's) in a package from A
 * is refused too; and L's own bundle, with no key registered for L, imports checked against the
 * key it carries, the answer saying so. Then B sets L's ledger key after registration
 * (`PATCH /api/sharing/partners/:id`), and a bundle signed by another key from L is refused while
 * L's own is checked against the key now registered. Packages are written with the package functions (signed
 * by the sender's real sharing key), as the sender's server would write them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint } from '@ariadne/evidence';
import { generateNoteKeys, openLedgerSigning, type LedgerSigning } from '@ariadne/ledger';
import { publicIdentity, writePackage, type AgreementTerms } from '@ariadne/sharing';
import type { LightMyRequestResponse } from 'fastify';
import { as, backends, caseWith, openTestApp, tusUpload, type Signed, type TestApp } from './helpers.ts';
import { prosecutionTerms, day } from './sharing-fixtures.ts';

/** what the synthetic exhibit holds: found again in the bundle's bytes to change one of them */
const EXHIBIT = 'synthetic scanned document for the bundle test, no personal data';
const EXHIBIT_NAME = 'synthetic-exhibit-scan.png';

function ledgerOf(origin: string): Promise<LedgerSigning> {
  return openLedgerSigning({ signerKey: generateNoteKeys(origin).skey, origin, keyFile: null, instanceId: async () => 'unused' });
}

/** a ready evidence bundle of one synthetic exhibit built on `t`: its id and its bytes */
async function buildBundle(t: TestApp, who: Signed, caseId: string): Promise<{ id: string; tar: Buffer }> {
  const uploadId = await tusUpload(t, as(who), Buffer.from(EXHIBIT), { filename: EXHIBIT_NAME });
  const item = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(who), payload: { uploadId, source: 'Synthetic Witness' } });
  assert.equal(item.statusCode, 201, item.body);
  const started = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/bundles`, headers: as(who), payload: { purpose: 'mutual-legal-assistance', recipient: 'Central Authority of Samplia' } });
  assert.equal(started.statusCode, 201, started.body);
  const id = started.json().id as string;
  let state = 'building';
  for (let i = 0; i < 400 && state === 'building'; i++) {
    state = (await t.app.inject({ method: 'GET', url: `/api/bundles/${id}`, headers: as(who) })).json().state;
    if (state === 'building') await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(state, 'ready');
  const download = await t.app.inject({ method: 'GET', url: `/api/bundles/${id}/download`, headers: as(who) });
  assert.equal(download.statusCode, 200);
  return { id, tar: download.rawPayload };
}

for (const backend of backends) {
  describe(`evidence bundles received in sharing packages are verified (${backend})`, () => {
    let A: TestApp;
    let L: TestApp;
    let B: TestApp;
    let ledgerA: LedgerSigning;
    let ledgerL: LedgerSigning;
    let bInvestigator: Signed;
    let bAdmin: Signed;
    let bundleA: { id: string; tar: Buffer };
    let bundleL: { id: string; tar: Buffer };
    /** B's agreements with A and with L, and the next sequence number under each */
    const agreements: Record<'A' | 'L', { id: string; next: number }> = { A: { id: '', next: 1 }, L: { id: '', next: 1 } };
    const termsSha256OnB: Record<'A' | 'L', string> = { A: '', L: '' };
    /** B's partner ids for A and L */
    const partnerIds: Record<'A' | 'L', string> = { A: '', L: '' };
    const work = mkdtempSync(join(tmpdir(), 'ariadne-sharing-bundles-test-'));
    const terms = prosecutionTerms(day(30), 1) as AgreementTerms;

    const onB = (signed: Signed) => async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      B.app.inject({ method, url, headers: { ...as(signed), ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

    /** a data package from `sender` to B under B's agreement with it, carrying `bundles` as evidence members */
    async function packageFrom(sender: 'A' | 'L', bundles: readonly { id: string; tar: Buffer }[], sequence: number): Promise<Buffer> {
      const from = sender === 'A' ? A : L;
      const file = join(work, `package-${randomUUID()}.ariadne-share`);
      const now = new Date();
      await writePackage({
        manifest: {
          kind: 'data', packageId: `pkg-${randomUUID()}`, agreementId: agreements[sender].id, termsSha256: termsSha256OnB[sender], purpose: terms.purpose,
          sequence, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), counts: { evidenceBundles: bundles.length },
        },
        members: bundles.map((b) => ({ path: `evidence/${b.id}.tar`, role: 'evidence-bundle' as const, source: b.tar })),
        sender: from.identity,
        recipient: publicIdentity(B.identity),
      }, file);
      return readFileSync(file);
    }
    const importOnB = (file: Buffer) => onB(bInvestigator)('POST', '/api/sharing/packages/import', file, { 'content-type': 'application/octet-stream' });

    before(async () => {
      ledgerA = await ledgerOf('examplestan.test.example/log');
      ledgerL = await ledgerOf('mocksville.test.example/log');
      A = await openTestApp(backend, { sharing: { name: 'Prosecution Service of Examplestan (test)' }, ledgerSigning: ledgerA });
      L = await openTestApp(backend, { sharing: { name: 'Labour Inspectorate of Mocksville (test)' }, ledgerSigning: ledgerL });
      B = await openTestApp(backend, { sharing: { name: 'Prosecution Service of Samplia (test)' } });
      const aInvestigator = await A.signIn('investigator');
      const lInvestigator = await L.signIn('investigator');
      bInvestigator = await B.signIn('investigator');
      bAdmin = await B.signIn('admin');
      bundleA = await buildBundle(A, aInvestigator, await caseWith(A, 'Synthetic recruitment network', ['investigator']));
      bundleL = await buildBundle(L, lInvestigator, await caseWith(L, 'Synthetic labour inspection', ['investigator']));
    });
    after(async () => {
      await Promise.all([A?.close(), L?.close(), B?.close()]);
      rmSync(work, { recursive: true, force: true });
    });

    test("a card carries the ledger key of a server that signs checkpoints; B registers A's with it and L's without", async () => {
      const cardA = (await A.app.inject({ method: 'GET', url: '/api/sharing/identity', headers: as(await A.signIn('investigator')) })).json();
      assert.equal(cardA.ledgerKey, ledgerA.verifierKey);
      const cardB = (await onB(bInvestigator)('GET', '/api/sharing/identity')).json();
      assert.equal('ledgerKey' in cardB, false, 'B signs no checkpoints: its card has no ledger key');
      const cardL = (await L.app.inject({ method: 'GET', url: '/api/sharing/identity', headers: as(await L.signIn('investigator')) })).json();

      const bad = await onB(bAdmin)('POST', '/api/sharing/partners', { ...cardA, ledgerKey: `${ledgerA.verifierKey.slice(0, -4)}AAAA` });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.ok(bad.json().errors.ledgerKey, 'a ledger key that is not a verifier key is refused, naming the field');

      const partnerA = await onB(bAdmin)('POST', '/api/sharing/partners', cardA);
      assert.equal(partnerA.statusCode, 201, partnerA.body);
      assert.equal(partnerA.json().ledgerKey, ledgerA.verifierKey);
      assert.equal(partnerA.json().ledgerKeyFingerprint, keyFingerprint(ledgerA.verifierKey), 'the fingerprint the evidence verifier prints for the key');
      const { ledgerKey: _withheld, ...cardLWithoutKey } = cardL;
      const partnerL = await onB(bAdmin)('POST', '/api/sharing/partners', cardLWithoutKey);
      assert.equal(partnerL.statusCode, 201, partnerL.body);
      assert.equal(partnerL.json().ledgerKey, null);
      assert.equal(partnerL.json().ledgerKeyFingerprint, null);

      const caseB = await caseWith(B, 'Received from Examplestan and Mocksville', ['investigator', 'admin']);
      for (const [sender, partner] of [['A', partnerA], ['L', partnerL]] as const) {
        const created = await onB(bInvestigator)('POST', '/api/sharing/agreements', { title: `Synthetic agreement with ${sender}`, partnerId: partner.json().id, caseId: caseB, direction: 'incoming', terms });
        assert.equal(created.statusCode, 201, created.body);
        agreements[sender].id = created.json().id;
        partnerIds[sender] = partner.json().id;
        termsSha256OnB[sender] = created.json().termsSha256;
        assert.equal((await onB(bAdmin)('POST', `/api/sharing/agreements/${created.json().id}/approve`)).json().status, 'active');
      }
    });

    test("a bundle A built imports, verified against A's registered ledger key", async () => {
      const imported = await importOnB(await packageFrom('A', [bundleA], agreements.A.next));
      assert.equal(imported.statusCode, 201, imported.body);
      agreements.A.next += 1;
      const received = (await onB(bInvestigator)('GET', `/api/sharing/packages/${imported.json().id}/received`)).json();
      assert.equal(received.members.length, 1);
      const [member] = received.members;
      assert.equal(member.path, `evidence/${bundleA.id}.tar`);
      assert.equal(member.verification.ok, true);
      assert.equal(member.verification.keyChecked, 'partner');
      assert.equal(member.verification.keyFingerprint, keyFingerprint(ledgerA.verifierKey));
      assert.equal(member.verification.keyName, 'examplestan.test.example/log');
      assert.equal(member.verification.bundleId, bundleA.id);
      assert.equal(member.verification.items, 1);
      assert.ok(member.verification.events >= 2, 'at least the intake and the export');
      assert.equal(member.verification.log.origin, 'examplestan.test.example/log');
    });

    test('a bundle whose bytes were changed before it was packaged is refused whole as tampered, naming the bundle', async () => {
      const changed = Buffer.from(bundleA.tar);
      const at = changed.indexOf(Buffer.from(EXHIBIT));
      assert.ok(at > 0, 'the exhibit is in the bundle');
      changed[at] = changed[at]! ^ 0x01;
      const refused = await importOnB(await packageFrom('A', [{ id: bundleA.id, tar: changed }], agreements.A.next));
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().reason, 'tampered');
      const detail = refused.json().detail as string;
      assert.match(detail, new RegExp(`Evidence bundle evidence/${bundleA.id}\\.tar does not verify against the partner's registered ledger key: file-hash-mismatch`));
      assert.ok(!detail.includes(EXHIBIT_NAME) && !detail.includes('synthetic scanned'), 'the detail names the bundle and the problem, not its content');

      const incoming = (await onB(bInvestigator)('GET', `/api/sharing/packages?agreementId=${agreements.A.id}&direction=incoming`)).json().items;
      assert.deepEqual(incoming.map((p: { status: string; refusal: string | null }) => p.refusal ?? p.status), ['tampered', 'imported']);
      assert.equal(incoming[0].refusalDetail, detail.slice(detail.indexOf('Evidence bundle')));
      const kept = await onB(bInvestigator)('GET', `/api/sharing/packages/${incoming[0].id}/received`);
      assert.equal(kept.statusCode, 404, 'nothing of a refused package is kept');
      const agreement = (await onB(bInvestigator)('GET', `/api/sharing/agreements/${agreements.A.id}`)).json();
      assert.equal(agreement.lastReceivedSequence, agreements.A.next - 1, 'the refused package did not count');
    });

    test("with A's ledger key registered, a bundle signed by another ledger key is refused", async () => {
      const refused = await importOnB(await packageFrom('A', [bundleL], agreements.A.next));
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().reason, 'tampered');
      assert.match(refused.json().detail, new RegExp(`Evidence bundle evidence/${bundleL.id}\\.tar does not verify against the partner's registered ledger key: [a-z-]+`));
    });

    test('with no ledger key registered for the partner, a bundle is verified against the key it carries, and the answer says so', async () => {
      // the bundle refused from A above: intact, only not signed by A's key
      const fromL = await importOnB(await packageFrom('L', [bundleL], agreements.L.next));
      assert.equal(fromL.statusCode, 201, fromL.body);
      agreements.L.next += 1;
      const received = (await onB(bInvestigator)('GET', `/api/sharing/packages/${fromL.json().id}/received`)).json();
      const [member] = received.members;
      assert.equal(member.verification.keyChecked, 'bundle');
      assert.equal(member.verification.keyFingerprint, keyFingerprint(ledgerL.verifierKey), 'the fingerprint to compare with the one L publishes');
      assert.equal(member.verification.bundleId, bundleL.id);
    });

    test("B sets L's ledger key after registration; then a bundle from L signed by another key is refused, and L's own is checked against it", async () => {
      const url = `/api/sharing/partners/${partnerIds.L}`;
      assert.equal((await onB(await B.signIn('analyst'))('PATCH', url, { ledgerKey: ledgerL.verifierKey })).statusCode, 403, 'setting a key is share:manage, which an analyst lacks');
      assert.equal((await onB(bAdmin)('PATCH', '/api/sharing/partners/sp_unknown', { ledgerKey: ledgerL.verifierKey })).statusCode, 404);
      const forged = await onB(bAdmin)('PATCH', url, { ledgerKey: `${ledgerL.verifierKey.slice(0, -4)}AAAA` });
      assert.equal(forged.statusCode, 400, forged.body);
      assert.ok(forged.json().errors.ledgerKey, 'a key that is not a verifier key is refused, naming the field');

      const set = await onB(bAdmin)('PATCH', url, { ledgerKey: ledgerL.verifierKey });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal(set.json().ledgerKey, ledgerL.verifierKey);
      assert.equal(set.json().ledgerKeyFingerprint, keyFingerprint(ledgerL.verifierKey), 'the fingerprint to confirm with L by another channel');

      const refused = await importOnB(await packageFrom('L', [bundleA], agreements.L.next));
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().reason, 'tampered');
      assert.match(refused.json().detail, new RegExp(`Evidence bundle evidence/${bundleA.id}\\.tar does not verify against the partner's registered ledger key`));

      const fromL = await importOnB(await packageFrom('L', [bundleL], agreements.L.next));
      assert.equal(fromL.statusCode, 201, fromL.body);
      agreements.L.next += 1;
      const [member] = (await onB(bInvestigator)('GET', `/api/sharing/packages/${fromL.json().id}/received`)).json().members;
      assert.equal(member.verification.keyChecked, 'partner', 'checked against the key set after registration');

      const cleared = await onB(bAdmin)('PATCH', url, { ledgerKey: null });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal(cleared.json().ledgerKey, null);
    });
  });
}
