/**
 * Reduction to an agreement: what leaves, under which ids, and what never does. The synthetic
 * case is in `reduce-fixture.ts`.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError, loadModel, type EntityData } from '@ariadne/schema';
import { reduceToAgreement, type ReduceInput } from '../src/reduce/reduce.ts';
import {
  PSEUDONYM_ID_PATTERN, PSEUDONYM_VALUE_PATTERN, looksPseudonymised, partnerPseudonymKey, pseudonymId, pseudonymValue, typedPseudonym,
} from '../src/reduce/pseudonym.ts';
import { victimMentions } from '../src/reduce/scrub.ts';
import { victimLinkedIds, victimPointers, victimRecordIds } from '../src/reduce/victims.ts';
import {
  CASE_CONSENTS, CASE_ENTITIES, PROSECUTION_TERMS, SECRET, VICTIM_RECORDS, VICTIM_SECRETS, consentTable,
} from './reduce-fixture.ts';

const model = loadModel();
const key = partnerPseudonymKey(SECRET, 'partner-synthetic-fiu');

function reduce(overrides: Partial<ReduceInput> = {}) {
  return reduceToAgreement({
    entities: CASE_ENTITIES, terms: PROSECUTION_TERMS, model, consents: CASE_CONSENTS, pseudonymKey: key, missingConsent: 'omit', ...overrides,
  });
}

const SUSPECT_NAMED_EXAMPLE: EntityData = { id: 'p-beta', schema: 'Person', properties: { name: ['Testperson Example'] } };

const byId = (entities: readonly EntityData[]) => new Map(entities.map((entity) => [entity.id, entity]));

/** every entity passes the model's strict check unchanged and has its required properties */
function assertValid(entities: readonly EntityData[]): void {
  for (const entity of entities) {
    const { entity: cleaned, errors } = model.cleanEntity(entity, { strict: true });
    assert.deepEqual(errors, {}, `${entity.schema} ${entity.id}`);
    assert.deepEqual(cleaned?.properties, entity.properties, `${entity.id} is already clean`);
    for (const name of model.getSchema(entity.schema).required) assert.ok(entity.properties[name]?.length, `${entity.id} has its required ${name}`);
  }
}

/** every reference resolves to an entity of the output */
function assertReferencesInside(entities: readonly EntityData[]): void {
  const ids = new Set(entities.map((entity) => entity.id));
  for (const entity of entities) for (const ref of model.entityRefs(entity)) assert.ok(ids.has(ref.id), `${entity.id}.${ref.prop} resolves`);
}

describe('victims', () => {
  test('victims are sealed records and the persons they point at as victim or person', () => {
    assert.deepEqual([...victimRecordIds(CASE_ENTITIES, model)].sort(), [...VICTIM_RECORDS].sort());
    assert.deepEqual(victimPointers(model, 'Exploitation'), ['victim'], 'the perpetrator is no victim');
    assert.deepEqual(victimPointers(model, 'VictimProfile'), ['person']);
    assert.deepEqual(victimPointers(model, 'Referral'), ['person']);
    assert.deepEqual(victimPointers(model, 'Incident'), ['victims'], 'an incident names its victims');
    assert.deepEqual(victimPointers(model, 'Payment'), []);
  });

  test('records hanging off a victim: what references one, and what a victim person references', () => {
    const address: EntityData = { id: 'addr-1', schema: 'Address', properties: { full: ['Synthetic Street 5'] } };
    const withAddress = { ...CASE_ENTITIES[1] as EntityData, properties: { ...(CASE_ENTITIES[1] as EntityData).properties, addressEntity: ['addr-1'] } };
    const entities = [...CASE_ENTITIES.filter((entity) => entity.id !== withAddress.id), withAddress, address];
    const linked = victimLinkedIds(entities, victimRecordIds(entities, model), model);
    assert.deepEqual([...linked].sort(), ['addr-1', 'doc-1', 'pay-2']);
  });
});

describe('victimMentions', () => {
  const ana: EntityData = { id: 'p-victim-3', schema: 'Person', properties: { name: ['Ana Example'], firstName: ['Ana'], lastName: ['Example'], phone: ['+15550133'] } };
  const mentions = victimMentions([SUSPECT_NAMED_EXAMPLE, ana], new Set(['p-victim-3']), new Set(), model);

  test("finds a victim's full name, phone or id in any value, whatever the case and spacing", () => {
    assert.equal(mentions('Paid for  ANA example, cash', 'text'), true);
    assert.equal(mentions('call +15550133 after dark', 'string'), true);
    assert.equal(mentions('see p-victim-3', 'text'), true);
  });

  test('finds a first name in free text as a whole word only, and never in a name', () => {
    assert.equal(mentions('Ana was moved on Tuesday', 'text'), true);
    assert.equal(mentions('banana crates', 'text'), false);
    assert.equal(mentions('Testperson Example', 'name'), false, "a trafficker who shares the victim's family name keeps their name");
    assert.equal(mentions('Ana Examples', 'name'), false, 'a longer name is another name');
  });
});

describe('reduceToAgreement, victims pseudonymised, records without consent omitted', () => {
  const result = reduce();
  const json = JSON.stringify(result);

  test('no victim name, id, identifier, birth date, phone, code name or caseworker note appears anywhere in the output', () => {
    for (const secret of VICTIM_SECRETS) assert.ok(!json.toLowerCase().includes(secret.toLowerCase()), `${secret} stays home`);
  });

  test('the consenting victim travels under pseudonyms with codes, closed lists and references only', () => {
    const out = byId(result.entities);
    const person = out.get(pseudonymId(key, 'p-victim-1'));
    const profile = out.get(pseudonymId(key, 'vp-1'));
    const exploitation = out.get(pseudonymId(key, 'ex-1'));
    assert.ok(person && profile && exploitation);
    assert.deepEqual(person.properties, { name: [person.id], nationality: ['iq'], gender: ['female'] });
    assert.deepEqual(profile.properties, {
      pseudonym: [profile.id], person: [person.id], ageRange: ['21-23'], identificationStatus: ['identified'], gender: ['female'], nationality: ['iq'],
    });
    assert.deepEqual(exploitation.properties, { victim: [person.id], perpetrator: ['p-alpha'], form: ['forced_labour'], country: ['iq'], armedGroup: ['org-1'] });
  });

  test('the suspect travels with allowed properties, identifiers pseudonymised in a shape their type accepts', () => {
    const suspect = byId(result.entities).get('p-alpha');
    assert.ok(suspect);
    assert.deepEqual(suspect.properties.name, ['Testperson Alpha']);
    assert.deepEqual(suspect.properties.birthDate, ['1980-03-04'], "a suspect's dates are not a victim's");
    assert.match(suspect.properties.idNumber?.[0] ?? '', PSEUDONYM_VALUE_PATTERN);
    assert.equal(suspect.properties.idNumber?.[0], pseudonymValue(key, 'LegalEntity:idNumber', 'SYN-ID-7731'));
    assert.match(suspect.properties.phone?.[0] ?? '', /^\+0\d{14}$/);
    assert.ok(!json.includes('SYN-ID-7731') && !json.includes('15550100'));
  });

  test('a value naming a victim is scrubbed; a payment made by a victim keeps codes and references only', () => {
    const out = byId(result.entities);
    assert.deepEqual(out.get('pay-1')?.properties, { payer: ['p-alpha'], beneficiary: ['org-1'], amount: ['5000'], currency: ['USD'], date: ['2023-02-01'] });
    assert.deepEqual(out.get('pay-2')?.properties, { payer: [pseudonymId(key, 'p-victim-1')], beneficiary: ['p-alpha'] });
    assert.equal(out.has('doc-1'), false, "the victim's passport loses its number and with it its validity");
  });

  test('counts say what happened, without personal data', () => {
    assert.deepEqual(result.refused, []);
    assert.deepEqual(result.counts, {
      // 11 − Victima's 3 records − the passport
      entities: 7, victimsPseudonymised: 3, victimsOmittedNoConsent: 3, victimsExcluded: 0, schemataDropped: 0,
      // Synthia: name (replaced by her pseudonym), firstName, lastName, idNumber, phone, email, birthDate; profile:
      // pseudonym (replaced), age, vulnerabilities, caseworkerNotes; exploitation: startDate, place; pay-2: amount,
      // currency, date, purpose; passport: number
      propertiesDropped: 18,
      valuesPseudonymised: 2, referencesDropped: 0, valuesScrubbed: 1, incompleteDropped: 1,
    });
  });

  test('the output is valid for the model and self-contained', () => {
    assertValid(result.entities);
    assertReferencesInside(result.entities);
    for (const entity of result.entities) assert.deepEqual(Object.keys(entity).sort(), ['id', 'properties', 'schema'], 'no caption or metadata');
  });
});

describe('reduceToAgreement, consent', () => {
  test("refuse mode: a victim's record without consent refuses the whole share", () => {
    const result = reduce({ missingConsent: 'refuse' });
    assert.deepEqual(result.entities, []);
    assert.equal(result.counts.entities, 0);
    assert.deepEqual(result.refused.map((item) => item.id).sort(), ['ex-2', 'p-victim-2', 'vp-2']);
    for (const item of result.refused) assert.equal(item.reason, 'no consent for prosecution');
  });

  test('refuse mode with every survivor consenting sends everything the terms allow', () => {
    const consents = consentTable({ 'vp-1': { prosecution: true }, 'p-victim-2': { prosecution: true } });
    const result = reduce({ missingConsent: 'refuse', consents });
    assert.deepEqual(result.refused, []);
    assert.equal(result.counts.victimsPseudonymised, 6);
  });

  test('the purpose decides which consent counts: statistics needs consent to statistics', () => {
    const result = reduce({ terms: { ...PROSECUTION_TERMS, purpose: 'statistics' }, missingConsent: 'refuse' });
    assert.deepEqual(result.refused.map((item) => item.id).sort(), ['ex-1', 'p-victim-1', 'vp-1']);
    assert.equal(result.refused[0]?.reason, 'no consent for statistics');
  });

  test('a refusal recorded anywhere on a survivor wins over a grant elsewhere', () => {
    const consents = consentTable({ 'vp-1': { prosecution: true }, 'ex-1': { prosecution: false } });
    const result = reduce({ consents });
    assert.equal(result.counts.victimsPseudonymised, 0);
    assert.equal(result.counts.victimsOmittedNoConsent, 6);
  });

  test('a record about two victims needs both to consent', () => {
    const both: EntityData = { id: 'ex-3', schema: 'Exploitation', properties: { victim: ['p-victim-1', 'p-victim-2'], form: ['forced_labour'] } };
    const entities = [...CASE_ENTITIES, both];
    assert.equal(byId(reduce({ entities }).entities).has(pseudonymId(key, 'ex-3')), false);
    const consents = consentTable({ 'p-victim-1': { prosecution: true }, 'p-victim-2': { prosecution: true } });
    const out = byId(reduce({ entities, consents }).entities).get(pseudonymId(key, 'ex-3'));
    assert.deepEqual(out?.properties.victim, [pseudonymId(key, 'p-victim-1'), pseudonymId(key, 'p-victim-2')]);
  });

  test('without consent, references to the omitted victim are dropped, and a payment that loses its payer stays home', () => {
    const result = reduce({ consents: consentTable({}) });
    assert.equal(result.counts.victimsPseudonymised, 0);
    assert.equal(byId(result.entities).has('pay-2'), false);
    assertValid(result.entities);
    assertReferencesInside(result.entities);
  });
});

describe('reduceToAgreement, victims excluded', () => {
  const result = reduce({ terms: { ...PROSECUTION_TERMS, victims: 'exclude' }, consents: consentTable({ 'vp-1': { prosecution: true }, 'vp-2': { prosecution: true } }) });

  test("no victim's record leaves, whatever the consent", () => {
    assert.equal(result.counts.victimsExcluded, 6);
    assert.equal(result.counts.victimsPseudonymised, 0);
    assert.ok(result.entities.every((entity) => !PSEUDONYM_ID_PATTERN.test(entity.id)));
    assert.deepEqual(result.entities.map((entity) => entity.id).sort(), ['org-1', 'p-alpha', 'pay-1']);
    for (const secret of VICTIM_SECRETS) assert.ok(!JSON.stringify(result).toLowerCase().includes(secret.toLowerCase()), secret);
  });

  test('references to them are dropped and the output stays valid', () => {
    assert.equal(result.counts.incompleteDropped, 2, 'the payment made by a victim and her passport lose their holder');
    assertValid(result.entities);
    assertReferencesInside(result.entities);
  });
});

describe('reduceToAgreement, schemata and properties', () => {
  test('a schema the terms do not list stays home; only allowed properties travel', () => {
    const allowed: Record<string, readonly string[]> = { ...PROSECUTION_TERMS.allowed, Person: ['name', 'nationality'] };
    delete allowed.Organization;
    const result = reduce({ terms: { ...PROSECUTION_TERMS, allowed, pseudonymise: {} } });
    const out = byId(result.entities);
    assert.deepEqual(out.get('p-alpha')?.properties, { name: ['Testperson Alpha'], nationality: ['sy'] });
    assert.equal(out.has('org-1'), false);
    assert.equal(result.counts.schemataDropped, 1);
    assert.deepEqual(out.get('pay-1')?.properties.beneficiary, undefined, 'the group did not travel');
    assert.equal(out.has('pay-1'), false, 'and a payment without beneficiary is incomplete');
    assertValid(result.entities);
  });

  test('an entity listed twice is an error', () => {
    assert.throws(() => reduce({ entities: [...CASE_ENTITIES, CASE_ENTITIES[0] as EntityData] }), (error) => error instanceof AriadneError && error.code === 'VALIDATION_FAILED');
  });
});

describe('pseudonyms', () => {
  test('stable per partner, different across partners', () => {
    const again = reduce({ pseudonymKey: partnerPseudonymKey(SECRET, 'partner-synthetic-fiu') });
    assert.deepEqual(again, reduce(), 'the same package twice is the same bytes');
    const other = reduce({ pseudonymKey: partnerPseudonymKey(SECRET, 'partner-synthetic-ngo') });
    const ids = (entities: readonly EntityData[]) => new Set(entities.map((entity) => entity.id));
    const mine = ids(reduce().entities);
    const theirs = ids(other.entities);
    const sharedPseudonyms = [...mine].filter((id) => id.startsWith('psn-') && theirs.has(id));
    assert.deepEqual(sharedPseudonyms, [], 'two partners cannot join their copies on victim ids');
    assert.ok(theirs.has('p-alpha'));
    assert.notEqual(byId(other.entities).get('p-alpha')?.properties.idNumber?.[0], byId(reduce().entities).get('p-alpha')?.properties.idNumber?.[0]);
  });

  test('a different secret gives different pseudonyms for the same partner', () => {
    const otherSecret = partnerPseudonymKey(new Uint8Array(32).fill(9), 'partner-synthetic-fiu');
    assert.notEqual(pseudonymId(otherSecret, 'vp-1'), pseudonymId(key, 'vp-1'));
  });

  test('value pseudonyms are keyed by the property and ignore case and spacing', () => {
    assert.notEqual(pseudonymValue(key, 'LegalEntity:idNumber', '5550100'), pseudonymValue(key, 'LegalEntity:phone', '5550100'));
    assert.equal(pseudonymValue(key, 'Thing:name', 'Testperson  Alpha '), pseudonymValue(key, 'Thing:name', 'testperson alpha'));
    assert.match(pseudonymId(key, 'x'), PSEUDONYM_ID_PATTERN);
    assert.notEqual(pseudonymId(key, 'x'), pseudonymValue(key, 'id', 'x').replace('psv-', 'psn-'), 'ids and values are separate domains');
  });

  test('typed pseudonyms pass the model and are recognised, and cannot be real', () => {
    const psv = pseudonymValue(key, 'BankAccount:iban', 'DE89370400440532013000');
    const iban = typedPseudonym(psv, 'identifier', 'iban');
    const email = typedPseudonym(psv, 'email', null);
    const phone = typedPseudonym(psv, 'phone', null);
    const entity = { id: 'acct-1', schema: 'BankAccount', properties: { iban: [iban] } };
    assert.deepEqual(model.cleanEntity(entity, { strict: true }).errors, {});
    assert.deepEqual(model.cleanEntity({ id: 'p', schema: 'Person', properties: { name: ['x'], email: [email], phone: [phone] } }, { strict: true }).errors, {});
    assert.ok(iban.startsWith('XX') && email.endsWith('@pseudonym.invalid') && phone.startsWith('+0'));
    assert.ok(looksPseudonymised(iban, 'identifier', 'iban') && looksPseudonymised(email, 'email', null) && looksPseudonymised(phone, 'phone', null));
    assert.equal(looksPseudonymised('+15550100', 'phone', null), false);
  });

  test('a short secret or an empty partner id is refused', () => {
    assert.throws(() => partnerPseudonymKey(new Uint8Array(16), 'p'), (error) => error instanceof AriadneError && error.code === 'VALIDATION_FAILED');
    assert.throws(() => partnerPseudonymKey(SECRET, ''), (error) => error instanceof AriadneError && error.code === 'VALIDATION_FAILED');
  });
});
