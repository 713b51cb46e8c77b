/**
 * Alerts in a sharing package: the sender's reduction of a case's finance and screening alerts
 * (no account number, transaction id or victim's name in what leaves; victims as pseudonyms;
 * alerts about nobody who travels stay home) and the recipient's check of a received document.
 * The synthetic case is the reduction tests' (`reduce-fixture.ts`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '@ariadne/schema';
import {
  ALERTS_FORMAT, alertsForImport, checkAlertsConformance, parseSharedAlerts, reduceAlerts,
  type SharedAlert, type SharedFinanceSource, type SharedScreeningSource,
} from '../src/reduce/alerts.ts';
import { localIdFor } from '../src/reduce/remap.ts';
import { partnerPseudonymKey, pseudonymId } from '../src/reduce/pseudonym.ts';
import { reduceToAgreement } from '../src/reduce/reduce.ts';
import { victimMentions } from '../src/reduce/scrub.ts';
import { victimLinkedIds, victimRecordIds } from '../src/reduce/victims.ts';
import { CASE_CONSENTS, CASE_ENTITIES, PROSECUTION_TERMS, SECRET, VICTIM_SECRETS } from './reduce-fixture.ts';

const model = loadModel();
const key = partnerPseudonymKey(SECRET, 'partner-synthetic-fiu');
const terms = { ...PROSECUTION_TERMS, alerts: true };

// What the server does before it reduces the alerts: the entity reduction, then which entities travel and as what.
const reduced = reduceToAgreement({ entities: CASE_ENTITIES, terms, model, consents: CASE_CONSENTS, pseudonymKey: key, missingConsent: 'omit' }).entities;
const packageIds = new Set(reduced.map((e) => e.id));
const victims = victimRecordIds(CASE_ENTITIES, model);
const travelling = new Set(CASE_ENTITIES.map((e) => e.id).filter((id) => packageIds.has(id) || packageIds.has(pseudonymId(key, id))));
const pseudonymOf = (id: string) => (victims.has(id) ? pseudonymId(key, id) : undefined);
const mentions = victimMentions(CASE_ENTITIES, victims, victimLinkedIds(CASE_ENTITIES, victims, model), model);

const ACCOUNT = 'XX-ACCT-0001-SYNTH';
const IBAN = 'DE89370400440532013000';
const TX = ['tx-synth-0001', 'tx-synth-0002'];

/** a funnel-account alert on the suspect's account whose text names an account, a transaction and a victim */
const funnel: SharedFinanceSource = {
  id: 'fin-alert-1', typology: 'funnel-account', score: 0.82, status: 'in_review', createdAt: new Date('2026-03-01T10:00:00Z'),
  explanation: `Funnel account (score 0.82): ${ACCOUNT} received 12 deposits from 9 cities; the first was ${TX[0]}. Deposits were made for Synthia Example. Forwarded to ${IBAN}.`,
  findings: [
    { detector: 'funnel', score: 0.9, reason: `12 cash deposits into ${ACCOUNT} within 3 days` },
    { detector: 'rapid-outflow', score: 0.7, reason: `${TX[1]} sent 95% onwards within 2 hours` },
  ],
  accounts: [ACCOUNT], transactions: TX,
};
/** an alert about Victima's account only (she did not consent to prosecution) */
const victimaOnly: SharedFinanceSource = { ...funnel, id: 'fin-alert-2', explanation: 'Small inflows.', findings: [] };
const screening: SharedScreeningSource = {
  id: 'scr-alert-1', subjectId: 'p-alpha', list: 'un-sc', entry: 'QDi.999', score: 0.91, status: 'open', createdAt: new Date('2026-03-02T08:00:00Z'),
  explanation: [
    'name: aligned 2/2 query tokens: testperson~testperson, alpha~alpha [1.00 × 0.7 = +0.700]',
    'birth date: same date 1980-03-04 [1.00 × 0.2 = +0.200]',
    'matcher@3: 0.910 (threshold 0.8)',
  ],
};

function reduceAll(finance = [{ alert: funnel, subjects: ['p-alpha', 'p-victim-1'] }, { alert: victimaOnly, subjects: ['p-victim-2'] }]) {
  return reduceAlerts({ finance, screening: [screening], travelling, pseudonymOf, pseudonymKey: key, victimMentions: mentions });
}

describe('reduceAlerts', () => {
  test('the pattern, score and status travel; no account number, transaction id or victim name does', () => {
    const { document, counts } = reduceAll();
    const text = JSON.stringify(document);
    assert.equal(document.format, ALERTS_FORMAT);
    const finance = document.alerts.find((a) => a.kind === 'finance')!;
    assert.equal(finance.kind === 'finance' && finance.typology, 'funnel-account');
    assert.equal(finance.score, 0.82);
    assert.equal(finance.status, 'in_review');
    assert.equal(finance.createdAt, '2026-03-01T10:00:00.000Z');
    assert.deepEqual(finance.findings.map((f) => [f.detector, f.score]), [['funnel', 0.9], ['rapid-outflow', 0.7]]);
    assert.equal(
      finance.explanation,
      'Funnel account (score 0.82): [account] received 12 deposits from 9 cities; the first was [transaction]. [withheld] Forwarded to [account].',
    );
    assert.equal(finance.findings[0]!.reason, '12 cash deposits into [account] within 3 days');
    for (const secret of [ACCOUNT, IBAN, ...TX, ...VICTIM_SECRETS, 'fin-alert-1', 'scr-alert-1']) assert.ok(!text.includes(secret), `the alerts mention ${secret}`);
    assert.equal(counts.alertClausesWithheld, 1);
  });

  test('subjects travel as they do in the package: the victim under her pseudonym', () => {
    const finance = reduceAll().document.alerts.find((a) => a.kind === 'finance')!;
    assert.deepEqual(finance.subjects, ['p-alpha', pseudonymId(key, 'p-victim-1')]);
    for (const subject of finance.subjects) assert.ok(packageIds.has(subject));
  });

  test('an alert whose subjects are all victims without consent stays home, and is counted', () => {
    const { document, counts } = reduceAll();
    assert.equal(document.alerts.length, 2);
    assert.deepEqual(counts, { alertsShared: 2, alertsDropped: 1, alertClausesWithheld: 1 });
  });

  test('a screening false positive stays home, and is counted', () => {
    const { document, counts } = reduceAlerts({
      finance: [], screening: [{ ...screening, status: 'false_positive' }], travelling, pseudonymOf, pseudonymKey: key, victimMentions: mentions,
    });
    assert.deepEqual(document.alerts, []);
    assert.equal(counts.alertsDropped, 1);
  });

  test("a screening alert carries the list, entry and each feature's numbers, not the compared names or dates", () => {
    const shared = reduceAll().document.alerts.find((a) => a.kind === 'screening')!;
    assert.equal(shared.kind === 'screening' && shared.list, 'un-sc');
    assert.equal(shared.explanation, 'Possible match on un-sc, entry QDi.999 (score 0.91).');
    assert.deepEqual(shared.findings, [
      { detector: 'name', score: 1, reason: 'weight 0.7, contributes +0.700' },
      { detector: 'birth date', score: 1, reason: 'weight 0.2, contributes +0.200' },
    ]);
    assert.ok(!JSON.stringify(shared).includes('1980-03-04'));
  });

  test('alert ids are keyed pseudonyms: the same for one partner, different for another', () => {
    const first = reduceAll().document.alerts.map((a) => a.id);
    assert.deepEqual(reduceAll().document.alerts.map((a) => a.id), first);
    for (const id of first) assert.match(id, /^psa-[0-9a-f]{32}$/);
    const other = reduceAlerts({
      finance: [{ alert: funnel, subjects: ['p-alpha'] }], screening: [], travelling, pseudonymOf,
      pseudonymKey: partnerPseudonymKey(SECRET, 'another-partner'), victimMentions: mentions,
    });
    assert.notEqual(other.document.alerts[0]!.id, first[0]);
  });
});

describe('checkAlertsConformance', () => {
  const sent = reduceAll().document;
  const base = sent.alerts[0]!;
  const withAlert = (alert: unknown) => ({ format: ALERTS_FORMAT, alerts: [alert] });

  test('what the reduction produced conforms to the package it travels in', () => {
    assert.deepEqual(checkAlertsConformance(JSON.parse(JSON.stringify(sent)), packageIds), []);
  });

  test('a subject outside the package is a violation', () => {
    const found = checkAlertsConformance(withAlert({ ...base, subjects: ['p-alpha', 'p-elsewhere'] }), packageIds);
    assert.deepEqual(found, [{ id: base.id, reason: '1 subject is not an entity of the package' }]);
  });

  test('a field beyond the format is a violation (an account list, say)', () => {
    const found = checkAlertsConformance(withAlert({ ...base, accounts: [ACCOUNT] }), packageIds);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.id, 'alerts.0');
    assert.match(found[0]!.reason, /accounts/);
    assert.ok(!found[0]!.reason.includes(ACCOUNT), 'reasons name fields, not values');
  });

  test('an account number left in the text, an alert id not a pseudonym, a bad score and a wrong format are violations', () => {
    assert.match(checkAlertsConformance(withAlert({ ...base, explanation: `Forwarded to ${IBAN}.` }), packageIds)[0]!.reason, /account number/);
    assert.match(checkAlertsConformance(withAlert({ ...base, id: 'fin-alert-1' }), packageIds)[0]!.reason, /^id: psa-/);
    assert.match(checkAlertsConformance(withAlert({ ...base, score: 7 }), packageIds)[0]!.reason, /^score/);
    assert.equal(checkAlertsConformance({ format: 'ariadne-alerts/2', alerts: [] }, packageIds)[0]!.id, 'format');
    assert.equal(checkAlertsConformance([base], packageIds).length, 1);
  });

  test('the same id twice is a violation', () => {
    assert.deepEqual(checkAlertsConformance({ format: ALERTS_FORMAT, alerts: [base, base] }, packageIds), [{ id: base.id, reason: 'the id appears twice' }]);
  });
});

describe('alertsForImport', () => {
  test("subjects move into the recipient's id space, where the package's entities went", () => {
    const doc = parseSharedAlerts(JSON.parse(JSON.stringify(reduceAll().document)));
    const local: SharedAlert[] = alertsForImport(doc, 'partner-a');
    assert.deepEqual(local[0]!.subjects, [localIdFor('partner-a', 'p-alpha'), localIdFor('partner-a', pseudonymId(key, 'p-victim-1'))]);
    assert.equal(local[0]!.id, doc.alerts[0]!.id);
    assert.throws(() => parseSharedAlerts({ format: ALERTS_FORMAT, alerts: [{}] }), { code: 'MALFORMED_INPUT' });
  });
});
