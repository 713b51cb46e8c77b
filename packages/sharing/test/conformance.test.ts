/**
 * The recipient's side: a package's entities checked against the agreement (hand-made hostile
 * packages, one per violation), and the partner's ids moved into our id space.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, type EntityData } from '@ariadne/schema';
import { LOCAL_SHARE_ID_PATTERN, checkConformance, localIdFor, remapForImport } from '../src/reduce/conformance.ts';
import { reduceToAgreement } from '../src/reduce/reduce.ts';
import { partnerPseudonymKey, pseudonymId, pseudonymValue } from '../src/reduce/pseudonym.ts';
import { CASE_CONSENTS, CASE_ENTITIES, PROSECUTION_TERMS, SECRET } from './reduce-fixture.ts';

const model = loadModel();
const key = partnerPseudonymKey(SECRET, 'partner-synthetic-fiu');
const sent = reduceToAgreement({
  entities: CASE_ENTITIES, terms: PROSECUTION_TERMS, model, consents: CASE_CONSENTS, pseudonymKey: key, missingConsent: 'omit',
}).entities;

const psn = (id: string) => pseudonymId(key, id);
const suspect: EntityData = { id: 'p-alpha', schema: 'Person', properties: { name: ['Testperson Alpha'], nationality: ['sy'] } };
const victim: EntityData = { id: psn('p-victim-1'), schema: 'Person', properties: { name: [psn('p-victim-1')], gender: ['female'] } };
const profile: EntityData = { id: psn('vp-1'), schema: 'VictimProfile', properties: { pseudonym: [psn('vp-1')], person: [victim.id], ageRange: ['21-23'] } };

/** the violations of a package that is the clean base plus or with `entities` */
function violations(entities: readonly EntityData[], terms = PROSECUTION_TERMS) {
  return checkConformance(entities, terms, model);
}

function assertOneViolation(entities: readonly EntityData[], id: string, reason: RegExp, terms = PROSECUTION_TERMS): void {
  const found = violations(entities, terms);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.id, id);
  assert.match(found[0]?.reason ?? '', reason);
}

describe('checkConformance', () => {
  test('a package reduced to the agreement conforms', () => {
    assert.deepEqual(violations(sent), []);
    assert.deepEqual(violations([suspect, victim, profile]), []);
  });

  test('a schema the agreement does not allow', () => {
    assertOneViolation([suspect, { id: 'veh-1', schema: 'Vehicle', properties: { name: ['Synthetic Truck'] } }], 'veh-1', /schema Vehicle is not allowed/);
  });

  test('a property the agreement does not allow', () => {
    assertOneViolation([{ ...suspect, properties: { ...suspect.properties, passportNumber: ['SYN-P-1'] } }], 'p-alpha', /Person\.passportNumber is not allowed/);
  });

  test("a victim's record under its original id", () => {
    const clear = { ...victim, id: 'p-victim-1', properties: { name: ['p-victim-1'] } };
    const pointing = { ...profile, properties: { ...profile.properties, person: ['p-victim-1'] } };
    assertOneViolation([clear, pointing], 'p-victim-1', /not under a psn- pseudonym/);
  });

  test('a record of a sealed schema under a clear id', () => {
    assertOneViolation([victim, { ...profile, id: 'vp-1', properties: { ...profile.properties, pseudonym: ['vp-1'] } }], 'vp-1', /not under a psn- pseudonym/);
  });

  test("a victim's record carrying an identifying property, even one the agreement allows", () => {
    assertOneViolation([{ ...victim, properties: { ...victim.properties, birthDate: ['1999-07-14'] } }, profile], victim.id, /identifying property birthDate/);
    assertOneViolation([victim, { ...profile, properties: { ...profile.properties, caseworkerNotes: ['Synthetic note'] } }], profile.id, /identifying property caseworkerNotes/);
    assertOneViolation([{ ...victim, properties: { name: ['Synthia Example'] } }, profile], victim.id, /identifying property name/);
  });

  test('a person referenced as a victim under a clear id is a victim too', () => {
    const exploitation: EntityData = { id: psn('ex-1'), schema: 'Exploitation', properties: { victim: ['p-alpha'], perpetrator: [victim.id] } };
    assert.deepEqual(violations([suspect, victim, exploitation]), [
      { id: 'p-alpha', reason: "a victim's record not under a psn- pseudonym" },
      { id: 'p-alpha', reason: "a victim's record carries the identifying property name" },
    ]);
  });

  test('a record hanging off a victim carrying an identifying property', () => {
    const payment: EntityData = { id: 'pay-2', schema: 'Payment', properties: { payer: [victim.id], beneficiary: ['p-alpha'], amount: ['300'] } };
    assertOneViolation([suspect, victim, payment], 'pay-2', /record linked to a victim carries the identifying property amount/);
  });

  test('a reference to an entity absent from the package', () => {
    assertOneViolation([{ ...profile, properties: { ...profile.properties, person: [psn('p-victim-9')] } }, victim], profile.id, /person refers to an entity absent/);
  });

  test('a pseudonymised property in clear', () => {
    assertOneViolation([{ ...suspect, properties: { ...suspect.properties, idNumber: ['SYN-ID-7731'] } }], 'p-alpha', /idNumber travels in clear/);
    assert.deepEqual(violations([{ ...suspect, properties: { ...suspect.properties, idNumber: [pseudonymValue(key, 'LegalEntity:idNumber', 'SYN-ID-7731')] } }]), []);
  });

  test("victims' records when the agreement excludes them", () => {
    assertOneViolation([victim], victim.id, /excluded by the agreement/, { ...PROSECUTION_TERMS, victims: 'exclude' });
  });

  test('a caption or referents, which could carry anything', () => {
    assertOneViolation([{ ...suspect, caption: 'Synthia Example' }], 'p-alpha', /carries caption/);
    assertOneViolation([{ ...suspect, referents: ['p-victim-1'] }], 'p-alpha', /carries referents/);
  });

  test('duplicate ids, bad ids, unknown schemata, invalid values and malformed entities', () => {
    assert.ok(violations([suspect, suspect]).some((v) => v.reason === 'the id appears twice'));
    assertOneViolation([{ ...suspect, id: 'bad id!' }], 'bad id!', /not a valid entity id/);
    assertOneViolation([{ id: 'x-1', schema: 'Spaceship', properties: {} }], 'x-1', /unknown schema/);
    assertOneViolation([{ ...suspect, properties: { ...suspect.properties, nationality: ['atlantis'] } }], 'p-alpha', /invalid values in nationality/);
    const malformed = { id: 'p-2', schema: 'Person', properties: { name: 'not a list' } } as unknown as EntityData;
    assertOneViolation([malformed], 'p-2', /not a well-formed entity/);
  });

  test('reasons never quote values', () => {
    const hostile = [{ ...victim, caption: 'Synthia Example', properties: { ...victim.properties, name: ['Synthia Example'], idNumber: ['VIC-ID-0001'] } }];
    const text = JSON.stringify(violations(hostile));
    assert.ok(!text.includes('Synthia') && !text.includes('VIC-ID-0001'), text);
  });
});

describe('remapForImport', () => {
  test('localIdFor is deterministic, namespaced by partner, and shaped share-<32 hex>', () => {
    assert.equal(localIdFor('partner-a', 'p-alpha'), localIdFor('partner-a', 'p-alpha'));
    assert.notEqual(localIdFor('partner-a', 'p-alpha'), localIdFor('partner-b', 'p-alpha'));
    assert.notEqual(localIdFor('partner-a', 'b-c'), localIdFor('partner-a-b', 'c'), 'the separator keeps partner and id apart');
    assert.match(localIdFor('partner-a', 'p-alpha'), LOCAL_SHARE_ID_PATTERN);
  });

  test('every id and reference is rewritten consistently; other values stay', () => {
    const local = remapForImport(sent, 'partner-synthetic-fiu', model);
    const ids = new Set(local.map((entity) => entity.id));
    assert.equal(ids.size, sent.length);
    for (const entity of local) {
      assert.match(entity.id, LOCAL_SHARE_ID_PATTERN);
      for (const ref of model.entityRefs(entity)) assert.ok(ids.has(ref.id), `${entity.id}.${ref.prop} resolves after the remap`);
    }
    const originalIds = sent.map((entity) => entity.id);
    const json = JSON.stringify(local.map((entity) => ({ id: entity.id, refs: model.entityRefs(entity) })));
    for (const id of originalIds) assert.ok(!json.includes(`"${id}"`), `${id} is not kept as an id or reference`);
    const victimLocal = local.find((entity) => entity.id === localIdFor('partner-synthetic-fiu', psn('p-victim-1')));
    assert.deepEqual(victimLocal?.properties.name, [psn('p-victim-1')], "the victim's name stays the partner's pseudonym");
    assert.deepEqual(local.find((entity) => entity.id === localIdFor('partner-synthetic-fiu', 'p-alpha'))?.properties.name, ['Testperson Alpha']);
  });

  test('a later package from the same partner maps onto the same entities; another partner onto others', () => {
    const first = remapForImport(sent, 'partner-synthetic-fiu', model).map((entity) => entity.id);
    const later = remapForImport(sent.slice(0, 2), 'partner-synthetic-fiu', model).map((entity) => entity.id);
    assert.deepEqual(later, first.slice(0, 2));
    const other = new Set(remapForImport(sent, 'partner-synthetic-ngo', model).map((entity) => entity.id));
    assert.ok(first.every((id) => !other.has(id)));
  });

  test('captions and metadata are left behind', () => {
    const [local] = remapForImport([{ ...suspect, caption: 'Testperson Alpha', referents: ['old-id'] }], 'partner-a', model);
    assert.deepEqual(Object.keys(local ?? {}).sort(), ['id', 'properties', 'schema']);
  });
});
