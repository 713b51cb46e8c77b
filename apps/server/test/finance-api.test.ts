/**
 * The finance API on a small synthetic case: a bank's CSV imported with a bad row (refused with a
 * precise error, the rest stored), the scan raising a money-mule alert, transactions streamed and
 * scored as they arrive with the alert pushed over Server-Sent Events, triage, the evidence with a
 * victim's identity withheld, the evidence subgraph, an FIU case, and who is refused.
 */
import { listedParties } from '../src/finance/listed-parties.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BANK_CSV, CSV_MAP, FTM_LINES, GOAML_CONFIG, KYC_CSV, KYC_MAP, PACS_008, TEST_FINANCE, validatesAgainst } from './finance-fixtures.ts';
import { as, backends, caseWith, openTestApp, system, type Signed, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`finance API (${backend})`, () => {
    let t: TestApp;
    let caseId: string;
    let otherCase: string;
    let fiu: Signed;
    let base: string;
    const ids: Record<string, string> = {};
    const configDir = mkdtempSync(join(tmpdir(), 'ariadne-goaml-config-'));

    before(async () => {
      const goamlConfigPath = join(configDir, 'goaml.json');
      writeFileSync(goamlConfigPath, JSON.stringify(GOAML_CONFIG));
      t = await openTestApp(backend, {
        config: {
          bodyLimitBytes: 1024 * 1024,
          finance: { ...TEST_FINANCE, currency: { base: 'USD', rates: { EUR: 1.1 } }, maxImportBytes: 64 * 1024, sseHeartbeatMs: 40, goamlConfigPath },
        },
      });
      caseId = await caseWith(t, 'Synthetic finance case', ['fiu_analyst', 'analyst']);
      otherCase = await caseWith(t, 'Another synthetic case', ['investigator']);
      const entity = async (key: string, schema: string, properties: Record<string, string[]>) => {
        ids[key] = (await t.store.createEntity(system, { caseId, schema, properties }, { source: 'ui' })).id;
      };
      await entity('victim', 'Person', { name: ['Test Person One'], birthDate: ['1990-02-03'], nationality: ['iq'] });
      await entity('suspect', 'Person', { name: ['Test Person Two'], birthDate: ['1980-04-05'], nationality: ['sy'] });
      await entity('exploitation', 'Exploitation', { perpetrator: [ids.suspect!], victim: [ids.victim!], form: ['forced_labour'] });
      fiu = await t.signIn('fiu_analyst');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await t.close();
      rmSync(configDir, { recursive: true, force: true });
    });

    const inject = (who: Signed, method: 'GET' | 'POST' | 'PATCH', url: string, extra: { payload?: unknown; headers?: Record<string, string> } = {}) =>
      t.app.inject({ method, url, headers: { ...as(who), ...extra.headers }, ...(extra.payload === undefined ? {} : { payload: extra.payload as string }) });
    const importCsv = (who: Signed, csv: string, map: unknown = CSV_MAP, source = 'bank-export.csv') =>
      inject(who, 'POST', `/api/cases/${caseId}/finance/imports?format=csv&source=${source}`, {
        payload: csv, headers: { 'content-type': 'text/csv', 'x-column-map': JSON.stringify(map) },
      });

    test('a CSV import stores the good rows, refuses each bad one precisely, and its scan raises the fan-in alert', async () => {
      const kyc = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/accounts?source=kyc.csv`, {
        payload: KYC_CSV.replaceAll('{victim}', ids.victim!).replaceAll('{suspect}', ids.suspect!),
        headers: { 'content-type': 'text/csv', 'x-column-map': JSON.stringify(KYC_MAP) },
      });
      assert.equal(kyc.statusCode, 201, kyc.body);
      assert.equal(kyc.json().accounts, 3);

      const res = await importCsv(fiu, BANK_CSV);
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.unchanged, false);
      assert.equal(body.stored, 6);
      assert.equal(body.dataset.format, 'csv');
      assert.equal(body.dataset.source, 'bank-export.csv');
      assert.match(body.dataset.sha256, /^[0-9a-f]{64}$/);
      assert.equal(body.errorCount, 2);
      const byLine = Object.fromEntries(body.errors.map((e: { record: string }) => [e.record, e]));
      assert.deepEqual(byLine['6'], { record: '6', field: 'Amount', message: 'amount "-5.00" is negative; give the direction with from and to' });
      assert.equal(byLine['8'].field, 'Booked');
      assert.match(byLine['8'].message, /timestamp/);
      assert.equal(JSON.stringify(body.errors).includes('ACC-'), false, 'no account reference in an error');
      assert.equal(body.newAlerts, 1);

      const again = await importCsv(fiu, BANK_CSV);
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().unchanged, true, 'the same file is recognised by its hash');
      assert.equal(again.json().dataset.id, body.dataset.id);

      const queue = await inject(fiu, 'GET', `/api/finance/alerts?caseId=${caseId}`);
      assert.equal(queue.statusCode, 200, queue.body);
      const alerts = queue.json().items;
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0].typology, 'mule-collection');
      assert.equal(alerts[0].status, 'new');
      assert.equal(alerts[0].algorithm, 'test-typologies@1');
      assert.equal(alerts[0].datasetId, body.dataset.id);
      assert.deepEqual(alerts[0].transactions, ['TX-0001', 'TX-0002', 'TX-0003', 'TX-0004']);
      assert.match(alerts[0].explanation, /Money-mule collection/);
      ids.alert = alerts[0].id;

      const journal = await t.store.listJournal({ caseId }, { limit: 200 });
      assert.ok(journal.items.some((e) => e.action === 'finance.import'));
      assert.ok(journal.items.some((e) => e.action === 'finance.alert.raise'));

      const rescan = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/scans`);
      assert.equal(rescan.statusCode, 200, rescan.body);
      assert.equal(rescan.json().algorithm, 'test-typologies@1');
      assert.equal(rescan.json().transactions, 6);
      assert.equal(rescan.json().hits, 1);
      assert.equal(rescan.json().newAlerts, 0, 'an alert on the same evidence is not raised twice');
    });

    test('ISO 20022 and FtM imports: each message or entity read on its own, the data set named by its format', async () => {
      const xml = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/imports?format=iso20022&source=pacs.xml`, { payload: PACS_008, headers: { 'content-type': 'application/xml; charset=utf-8' } });
      assert.equal(xml.statusCode, 201, xml.body);
      assert.equal(xml.json().dataset.format, 'pacs.008');
      assert.equal(xml.json().stored, 1);
      assert.equal(xml.json().accounts, 2);
      const [pacs] = await t.store.getTransactions(caseId, ['PACS-TX-9']);
      assert.equal(pacs?.currency, 'EUR');
      assert.equal(pacs?.fromBank, 'SYNTDEFFXXX');

      const ftm = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/imports?format=ftm&source=payments.ftm.json`, { payload: FTM_LINES, headers: { 'content-type': 'application/x-ndjson' } });
      assert.equal(ftm.statusCode, 201, ftm.body);
      const body = ftm.json();
      assert.equal(body.dataset.format, 'ftm');
      assert.equal(body.stored, 1);
      assert.deepEqual(body.errors, [
        { record: '4', message: 'the line is not valid JSON' },
        { record: 'pay-ftm-2', field: 'amount', message: 'amount is missing' },
      ]);
      const [payment] = await t.store.getTransactions(caseId, ['pay-ftm-1']);
      assert.equal(payment?.from, 'FTM-ACC-1');
      assert.equal(payment?.to, 'FTM-ACC-2');
      assert.equal(payment?.amountText, '250.00');
    });

    test('the alert read withholds the victim holder, shows the suspect, and journals the sealed record read to decide', async () => {
      const sealedReads = async () => (await t.store.listJournal({ entityId: ids.exploitation! }, { limit: 50 })).items.filter((e) => e.action === 'entity.read.sealed:finance');
      const before = (await sealedReads()).length;
      const res = await inject(fiu, 'GET', `/api/finance/alerts/${ids.alert}`);
      assert.equal(res.statusCode, 200, res.body);
      const alert = res.json();
      assert.deepEqual(alert.history.map((h: { action: string }) => h.action), ['raised']);
      assert.equal(alert.evidence.length, 4);
      const victimTx = alert.evidence.find((tx: { id: string }) => tx.id === 'TX-0001');
      assert.equal(victimTx.reference, undefined, "free text of the victim's transaction is withheld");
      const accounts = Object.fromEntries(alert.accountDetails.map((a: { id: string }) => [a.id, a]));
      assert.deepEqual(accounts['ACC-0001'].holder, { id: ids.victim, schema: 'Person', caption: 'Protected person', victim: true });
      assert.equal(accounts['ACC-0001'].holderName, undefined);
      assert.equal(accounts['ACC-0100'].holder.caption, 'Test Person Two');
      assert.equal(accounts['ACC-0100'].holderName, 'Test Person Two');
      assert.equal(JSON.stringify(alert).includes('Test Person One'), false);
      const reads = await sealedReads();
      assert.equal(reads.length, before + 1);
      assert.equal(reads.at(-1)!.actor, `user:${t.users.fiu_analyst.id}`);
    });

    test("the alert's evidence subgraph in the network explorer's shape", async () => {
      const res = await inject(fiu, 'GET', `/api/finance/alerts/${ids.alert}/network`);
      assert.equal(res.statusCode, 200, res.body);
      const network = res.json();
      const accounts = network.nodes.filter((n: { schema: string }) => n.schema === 'BankAccount');
      assert.deepEqual(accounts.map((n: { caption: string }) => n.caption).sort(), ['…0001', '…0002', '…0003', '…0004', '…0100']);
      assert.equal(JSON.stringify(network).includes('ACC-0100'), false, 'account references are masked and node ids digests');
      const payments = network.edges.filter((e: { kind: string }) => e.kind === 'payment');
      assert.equal(payments.length, 4);
      assert.ok(payments.every((e: { type: string; weight: number; start: string }) => e.type === 'Payment' && e.weight === 1 && /^2026-01-0[56]$/.test(e.start)));
      const owners = network.edges.filter((e: { kind: string }) => e.kind === 'ownership');
      assert.equal(owners.length, 2);
      const victim = network.nodes.find((n: { id: string }) => n.id === ids.victim);
      assert.equal(victim.caption, 'Protected person');
      assert.ok(victim.roles.includes('victim'));
    });

    test('streamed transactions: each bad record refused precisely, the rest stored and scored against the history; the completing one raises an alert on the SSE stream', async () => {
      const url = `/api/cases/${caseId}/finance/transactions`;
      const tx = (n: number, from: string, extra: Record<string, unknown> = {}) => ({
        id: `ST-${n}`, from, to: 'ACC-0200', amount: 700 + n, currency: 'USD', timestamp: `2026-02-0${n}T10:00:00Z`, fromBank: 'OTHRGB2L', toBank: 'OTHRGB2L', ...extra,
      });
      const controller = new AbortController();
      const sse = await fetch(`${base}/api/cases/${caseId}/finance/alerts/stream`, { headers: { cookie: fiu.cookie }, signal: controller.signal });
      assert.equal(sse.status, 200);
      assert.match(String(sse.headers.get('content-type')), /^text\/event-stream/);
      const events = eventReader(sse);
      await events.until((e) => e.comment === 'connected');

      const first = await inject(fiu, 'POST', url, {
        payload: {
          transactions: [
            tx(1, 'ACC-0301'),
            { ...tx(2, 'ACC-0302'), amount: '12,5' },
            { ...tx(2, 'ACC-0302'), timestamp: '2026-02-02 10:00' },
            { ...tx(2, 'ACC-0302'), colour: 'red' },
            tx(1, 'ACC-0309'),
            { ...tx(2, 'ACC-0302'), to: 'ACC-0302' },
            'not an object',
          ],
        },
      });
      assert.equal(first.statusCode, 200, first.body);
      const answer = first.json();
      assert.equal(answer.stored, 1);
      assert.deepEqual(answer.alerts, [], 'two senders into ACC-0200 so far (one from the import): no fan-in yet');
      assert.deepEqual(answer.errors, [
        { record: '2', field: 'amount', message: 'amount "12,5" uses \',\' as decimal separator; the column map says \'.\'' },
        { record: '3', field: 'timestamp', message: answer.errors[1].message },
        { record: '4', field: 'colour', message: 'unknown field' },
        { record: '5', field: 'id', message: 'duplicate id: first given in record 1' },
        { record: '6', field: 'to', message: 'from and to are the same account' },
        { record: '7', message: 'the record is not a JSON object' },
      ]);
      assert.match(answer.errors[1].message, /zone|ISO 8601/);

      const repeat = await inject(fiu, 'POST', url, { payload: { transactions: [tx(1, 'ACC-0301')] } });
      assert.equal(repeat.json().stored, 0);
      assert.deepEqual(repeat.json().errors, [{ record: '1', field: 'id', message: 'the case already holds a transaction with this id' }]);

      const second = await inject(fiu, 'POST', url, { payload: { transactions: [tx(2, 'ACC-0302')] } });
      ids.streamAlert = second.json().alerts?.[0]?.id;
      assert.equal(second.statusCode, 200, second.body);
      assert.equal(second.json().stored, 1);
      const raised = second.json().alerts;
      assert.equal(raised.length, 1, 'the third new sender completes the fan-in');
      assert.equal(raised[0].typology, 'mule-collection');

      const event = await events.until((e) => e.event === 'alert');
      assert.deepEqual(JSON.parse(event.data!), { id: raised[0].id, typology: 'mule-collection', score: raised[0].score, change: 'new' });
      controller.abort();

      const stored = await t.store.getFinanceAlert(raised[0].id);
      assert.deepEqual(stored?.transactions, ['TX-0008', 'ST-1', 'ST-2'], 'the scorer was warmed with the imported history');
      const datasets = (await inject(fiu, 'GET', `/api/cases/${caseId}/finance/datasets`)).json().items;
      const stream = datasets.find((d: { format: string }) => d.format === 'stream');
      assert.equal(stream.transactions, 2);
    });

    test('the alert stream ends when the session does', async () => {
      const other = await t.signIn('fiu_analyst');
      const sse = await fetch(`${base}/api/cases/${caseId}/finance/alerts/stream`, { headers: { cookie: other.cookie } });
      assert.equal(sse.status, 200);
      const events = eventReader(sse);
      await events.until((e) => e.comment === 'connected');
      const logout = await inject(other, 'POST', '/api/auth/logout');
      assert.equal(logout.statusCode, 204);
      const closing = await events.until((e) => e.event === 'close');
      assert.deepEqual(JSON.parse(closing.data!), { reason: 'unauthorised' });
      await assert.rejects(events.until(() => false), /the stream ended/);
    });

    test('triage: assign to a member who may triage, note, and close only with a disposition and a note', async () => {
      const url = `/api/finance/alerts/${ids.alert}`;
      const toAnalyst = await inject(fiu, 'PATCH', url, { payload: { assignee: t.users.analyst.id } });
      assert.equal(toAnalyst.statusCode, 400, 'an analyst may read but not triage');
      const assigned = await inject(fiu, 'PATCH', url, { payload: { assignee: t.users.fiu_analyst.id, status: 'in_review' } });
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.equal(assigned.json().assignee, t.users.fiu_analyst.id);
      assert.equal(assigned.json().status, 'in_review');
      const note = await inject(fiu, 'POST', `${url}/notes`, { payload: { note: 'Senders share a phone number in the KYC file.' } });
      assert.equal(note.statusCode, 201, note.body);
      assert.equal(note.json().action, 'note');
      const noDisposition = await inject(fiu, 'PATCH', url, { payload: { status: 'closed', note: 'done' } });
      assert.equal(noDisposition.statusCode, 400);
      assert.equal(noDisposition.json().errors.disposition, 'required to close');
      const noNote = await inject(fiu, 'PATCH', url, { payload: { status: 'closed', disposition: 'suspicious' } });
      assert.equal(noNote.statusCode, 400);
      const closed = await inject(fiu, 'PATCH', url, { payload: { status: 'closed', disposition: 'suspicious', note: 'Collection account of a mule network.' } });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'closed');
      assert.equal(closed.json().disposition, 'suspicious');
      const reopened = await inject(fiu, 'PATCH', url, { payload: { status: 'in_review', note: 'Reopened for the FIU case.' } });
      assert.equal(reopened.json().status, 'in_review');
      const history = (await inject(fiu, 'GET', url)).json().history.map((h: { action: string }) => h.action);
      assert.ok(history.includes('assigned') && history.includes('note') && history.includes('status:closed'), history.join());
      const journal = await t.store.listJournal({ caseId }, { limit: 200 });
      assert.ok(journal.items.some((e) => e.action === 'finance.alert.note'));
      assert.equal(JSON.stringify(journal.items).includes('phone number'), false, 'notes enter the journal only as hashes');
    });

    test("CT-01's listed parties come from the screening capability and the case's armed groups", async () => {
      const listedPerson = (await t.store.createEntity(system, { caseId, schema: 'Person', properties: { name: ['Test Listed Person'] } }, { source: 'ui' })).id;
      const cleared = (await t.store.createEntity(system, { caseId, schema: 'Person', properties: { name: ['Test Cleared Person'] } }, { source: 'ui' })).id;
      const group = (await t.store.createEntity(system, { caseId, schema: 'Organization', properties: { name: ['Synthetic Armed Group'] } }, { source: 'ui' })).id;
      await t.store.createEntity(system, { caseId, schema: 'Exploitation', properties: { armedGroup: [group], victim: [ids.victim!], form: ['forced_labour'] } }, { source: 'ui' });
      const hit = (entry: string, score: number) => ({ list: 'un-sc', entry, score, matchedName: 'Synthetic Listed Name', explanation: [] });
      await t.store.recordScreeningHits(system, { subjectId: listedPerson, caseId, algorithm: 'test-names@1', listVersionId: null, hits: [hit('QDi.901', 0.91)] });
      const [falseHit] = await t.store.recordScreeningHits(system, { subjectId: cleared, caseId, algorithm: 'test-names@1', listVersionId: null, hits: [hit('QDi.902', 0.8)] });
      await t.store.setAlertDisposition(system, falseHit!.id, { status: 'false_positive', note: 'A different person: other birth date.' });
      const listed = await listedParties(t.store, caseId, [
        { id: 'ACC-LISTED', holderId: listedPerson }, { id: 'ACC-CLEARED', holderId: cleared }, { id: 'ACC-GROUP', holderId: group },
        { id: 'ACC-SUSPECT', holderId: ids.suspect! }, { id: 'ACC-NOBODY' },
      ]);
      assert.deepEqual(Object.fromEntries(listed), {
        'ACC-LISTED': { list: 'un-sc', entry: 'QDi.901', score: 0.91 },
        'ACC-GROUP': { list: 'case', entry: group, score: 1 },
      });
    });

    test('an FIU case from alerts escalates them', async () => {
      const res = await inject(fiu, 'POST', '/api/finance/cases', { payload: { caseId, title: 'Mule collection, January 2026', alertIds: [ids.alert], entityIds: [ids.suspect] } });
      assert.equal(res.statusCode, 201, res.body);
      const fiuCase = res.json();
      assert.equal(fiuCase.status, 'draft');
      assert.deepEqual(fiuCase.transactionIds, ['TX-0001', 'TX-0002', 'TX-0003', 'TX-0004']);
      ids.fiuCase = fiuCase.id;
      assert.equal((await t.store.getFinanceAlert(ids.alert!))?.status, 'escalated');
      const again = await inject(fiu, 'POST', '/api/finance/cases', { payload: { caseId, title: 'Twice', alertIds: [ids.alert] } });
      assert.equal(again.statusCode, 409, 'an alert belongs to one FIU case');
      const patched = await inject(fiu, 'PATCH', `/api/finance/cases/${fiuCase.id}`, {
        payload: { status: 'ready', reason: 'Four new senders paid one account alike amounts within two days.', action: 'Account monitored.', indicators: ['STRUC'] },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      const list = await inject(fiu, 'GET', `/api/finance/cases?caseId=${caseId}`);
      assert.deepEqual(list.json().items.map((c: { id: string }) => c.id), [fiuCase.id]);
    });

    test('goAML 5.0.2: the report validates against the XSD, the victim is pseudonymised, the export is recorded and journalled', async () => {
      const res = await inject(fiu, 'POST', `/api/finance/cases/${ids.fiuCase}/report`, { payload: { schemaVersion: '5.0.2' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/xml/);
      assert.match(String(res.headers['content-disposition']), /attachment/);
      const xml = res.body;
      const sha256 = createHash('sha256').update(xml, 'utf8').digest('hex');
      assert.equal(res.headers['x-report-sha256'], sha256);
      assert.deepEqual(validatesAgainst('5.0.2', xml), { valid: true, errors: [] });
      assert.match(xml, /<report_code>STR<\/report_code>/);
      assert.match(xml, /<transactionnumber>TX-0004<\/transactionnumber>/);
      assert.match(xml, /Test Person Two|<first_name>Test Person<\/first_name>/, 'the suspect is named');
      assert.equal(xml.includes('Test Person One'), false, 'the victim is not');
      assert.equal(xml.includes('ACC-0001'), false, "nor the victim's account");
      assert.match(xml, /Protected person/);
      assert.match(xml, /PROTECTED-[B-Z]{6}/);

      const fiuCase = (await inject(fiu, 'GET', `/api/finance/cases/${ids.fiuCase}`)).json();
      assert.equal(fiuCase.status, 'reported');
      assert.equal(fiuCase.reportSha256, sha256);
      const journal = (await t.store.listJournal({ caseId }, { limit: 500 })).items;
      assert.ok(journal.some((e) => e.action === 'finance.report.export'));
      assert.ok((await t.store.listJournal({ entityId: ids.exploitation! }, { limit: 50 })).items.some((e) => e.action === 'entity.read.sealed:goaml'));

      const again = await inject(fiu, 'POST', `/api/finance/cases/${ids.fiuCase}/report`, { payload: { schemaVersion: '5.0.2' } });
      assert.equal(again.statusCode, 200, 'the reported case exports the same report again');
      assert.equal(again.headers['x-report-sha256'], sha256);
      assert.equal((await inject(fiu, 'PATCH', `/api/finance/cases/${ids.fiuCase}`, { payload: { title: 'Changed' } })).statusCode, 409, 'a reported case is kept as sent');
    });

    test('the readable summary: self-contained HTML, the victim pseudonymised as in the XML', async () => {
      const res = await inject(fiu, 'GET', `/api/finance/cases/${ids.fiuCase}/summary?schemaVersion=5.0.2`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
      assert.match(res.body, /Protected person/);
      assert.equal(res.body.includes('Test Person One'), false);
      assert.equal(/<script/i.test(res.body), false);
    });

    test('goAML 2.0: a report that would not validate answers 422 and records nothing; disclosing a victim needs a purpose and is journalled', async () => {
      const created = await inject(fiu, 'POST', '/api/finance/cases', { payload: { caseId, title: 'Streamed mule collection', alertIds: [ids.streamAlert] } });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id;
      const url = `/api/finance/cases/${id}/report`;

      const invalid = await inject(fiu, 'POST', url, { payload: { schemaVersion: '2.0' } });
      assert.equal(invalid.statusCode, 422, invalid.body);
      assert.match(String(invalid.headers['content-type']), /^application\/problem\+json/);
      const problem = invalid.json();
      assert.equal(problem.status, 422);
      assert.ok(Object.keys(problem.errors).some((path) => path.includes('indicator')), JSON.stringify(problem.errors));
      const untouched = (await inject(fiu, 'GET', `/api/finance/cases/${id}`)).json();
      assert.equal(untouched.status, 'draft');
      assert.equal(untouched.reportSha256, null);

      await inject(fiu, 'PATCH', `/api/finance/cases/${id}`, { payload: { indicators: ['SB01'], reason: 'Three new senders paid one account within two days.' } });
      const noPurpose = await inject(fiu, 'POST', url, { payload: { schemaVersion: '2.0', includeVictims: true } });
      assert.equal(noPurpose.statusCode, 400);
      assert.ok(noPurpose.json().errors.victimPurpose);

      const disclosed = await inject(fiu, 'POST', url, {
        payload: { schemaVersion: '2.0', includeVictims: true, victimPurpose: 'The FIU needs to contact the victim for protection measures.' },
      });
      assert.equal(disclosed.statusCode, 200, disclosed.body);
      assert.deepEqual(validatesAgainst('2.0', disclosed.body), { valid: true, errors: [] });
      assert.match(disclosed.body, /Test Person/);
      assert.equal(disclosed.body.includes('Protected person'), false);
      const disclosures = (await t.store.listJournal({ entityId: ids.victim! }, { limit: 50 })).items.filter((e) => e.action === 'finance.report.victim-disclosed');
      assert.equal(disclosures.length, 1);
      assert.equal(disclosures[0]!.actor, `user:${t.users.fiu_analyst.id}`);
    });

    test('goAML export needs finance:report and membership', async () => {
      const analyst = await t.signIn('analyst');
      const investigator = await t.signIn('investigator');
      assert.equal((await inject(analyst, 'POST', `/api/finance/cases/${ids.fiuCase}/report`, { payload: { schemaVersion: '5.0.2' } })).statusCode, 403);
      assert.equal((await inject(analyst, 'GET', `/api/finance/cases/${ids.fiuCase}/summary`)).statusCode, 403);
      const other = await t.signIn('fiu_analyst');
      await t.store.removeMember(system, caseId, t.users.fiu_analyst.id);
      try {
        assert.equal((await inject(other, 'POST', `/api/finance/cases/${ids.fiuCase}/report`, { payload: { schemaVersion: '5.0.2' } })).statusCode, 404);
      } finally {
        await t.store.addMember(system, caseId, t.users.fiu_analyst.id);
      }
      assert.equal((await inject(investigator, 'GET', `/api/finance/cases/${ids.fiuCase}/summary`)).statusCode, 403);
    });

    test('deny by default: non-members, roles without the permission, anonymous callers', async () => {
      const investigator = await t.signIn('investigator');
      const analyst = await t.signIn('analyst');
      const caseworker = await t.signIn('caseworker');
      assert.equal((await inject(investigator, 'GET', `/api/finance/alerts/${ids.alert}`)).statusCode, 404, 'not a member of the case');
      assert.equal((await inject(investigator, 'GET', `/api/finance/alerts?caseId=${caseId}`)).statusCode, 404);
      assert.deepEqual((await inject(investigator, 'GET', '/api/finance/alerts')).json().items, []);
      assert.equal((await inject(investigator, 'GET', `/api/finance/cases/${ids.fiuCase}`)).statusCode, 404);
      assert.equal((await inject(investigator, 'GET', `/api/cases/${caseId}/finance/alerts/stream`)).statusCode, 404);
      assert.equal((await inject(fiu, 'GET', `/api/cases/${otherCase}/finance/datasets`)).statusCode, 404);
      assert.equal((await importCsv(analyst, BANK_CSV)).statusCode, 403, 'analysts read alerts but import nothing');
      assert.equal((await inject(analyst, 'PATCH', `/api/finance/alerts/${ids.alert}`, { payload: { status: 'closed' } })).statusCode, 403);
      assert.equal((await inject(analyst, 'GET', `/api/finance/alerts/${ids.alert}`)).statusCode, 200);
      assert.equal((await inject(caseworker, 'GET', '/api/finance/alerts')).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/finance/alerts' })).statusCode, 401);
    });

    test('hostile inputs: a body over the cap, malformed XML, a wrong content type, a bad column map, 1,001 streamed transactions', async () => {
      const huge = `${BANK_CSV.split('\n')[0]}\n${'TX-9,ACC-1,ACC-2,1.00,USD,2026-01-01T00:00:00Z,\n'.repeat(2000)}`;
      const tooLarge = await importCsv(fiu, huge, CSV_MAP, 'huge.csv');
      assert.equal(tooLarge.statusCode, 413, tooLarge.body);
      assert.equal(tooLarge.json().code, 'PAYLOAD_TOO_LARGE');

      const xml = (body: string, type = 'application/xml') => inject(fiu, 'POST', `/api/cases/${caseId}/finance/imports?format=iso20022&source=statement.xml`, { payload: body, headers: { 'content-type': type } });
      const malformed = await xml('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>');
      assert.equal(malformed.statusCode, 400, malformed.body);
      assert.equal(malformed.json().code, 'MALFORMED_INPUT');
      const entities = await xml('<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><Document>&b;</Document>');
      assert.equal(entities.statusCode, 400, entities.body);
      const wrongType = await xml('Ref,Debtor\n', 'text/csv');
      assert.equal(wrongType.statusCode, 415, wrongType.body);
      const json = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/imports?format=csv&source=x.csv`, { payload: { a: 1 } });
      assert.equal(json.statusCode, 415);

      const noMap = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/imports?format=csv&source=x.csv`, { payload: BANK_CSV, headers: { 'content-type': 'text/csv' } });
      assert.equal(noMap.statusCode, 400);
      assert.equal(noMap.json().errors['X-Column-Map'], 'required');
      const badMap = await importCsv(fiu, BANK_CSV, { id: 'Ref', from: 'Debtor', colour: 'x' });
      assert.equal(badMap.statusCode, 400);
      assert.equal(badMap.json().errors.colour, 'unknown key');
      const notJson = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/imports?format=csv&source=x.csv`, { payload: BANK_CSV, headers: { 'content-type': 'text/csv', 'x-column-map': '{id:' } });
      assert.equal(notJson.statusCode, 400);
      const longMap = await importCsv(fiu, BANK_CSV, { ...CSV_MAP, reference: 'M'.repeat(9000) });
      assert.equal(longMap.statusCode, 413);
      const missingColumn = await importCsv(fiu, `${BANK_CSV}TX-0010,ACC-0011,ACC-0012,5.00,USD,2026-01-09T00:00:00Z,\n`, { ...CSV_MAP, amount: 'Betrag' });
      assert.equal(missingColumn.statusCode, 400);
      assert.match(missingColumn.json().errors.amount, /not in the header/);

      const many = Array.from({ length: 1001 }, (_, i) => ({ id: `MANY-${i}`, from: 'ACC-1', to: 'ACC-2', amount: 1, timestamp: '2026-03-01T00:00:00Z' }));
      const tooMany = await inject(fiu, 'POST', `/api/cases/${caseId}/finance/transactions`, { payload: { transactions: many } });
      assert.equal(tooMany.statusCode, 400, tooMany.body);
      assert.match(tooMany.json().errors.transactions, /at most 1000/);
      assert.equal((await t.store.getTransactions(caseId, ['MANY-0'])).length, 0, 'nothing of a refused request is stored');
    });
  });
}

/** Server-Sent Events read from a fetch response, one block at a time */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const blocks: { event?: string; data?: string; comment?: string }[] = [];
  const parse = (block: string) => {
    const out: { event?: string; data?: string; comment?: string } = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) out.comment = line.slice(1).trim();
      else if (line.startsWith('event:')) out.event = line.slice(6).trim();
      else if (line.startsWith('data:')) out.data = line.slice(5).trim();
    }
    return out;
  };
  return {
    async until(match: (e: { event?: string; data?: string; comment?: string }) => boolean) {
      for (;;) {
        const i = blocks.findIndex(match);
        if (i >= 0) return blocks.splice(0, i + 1).at(-1)!;
        blocks.length = 0;
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          blocks.push(parse(buffer.slice(0, cut)));
          buffer = buffer.slice(cut + 2);
        }
      }
    },
  };
}
