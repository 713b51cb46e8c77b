import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../src/index.ts';

const model = loadModel();

// [schema, property, input value, expected cleaned value or null for an error]
const VALUE_CASES: readonly (readonly [string, string, unknown, string | null])[] = [
  ['Person', 'nationality', 'SD', 'sd'],
  ['Person', 'nationality', 'sy', 'sy'],
  ['Person', 'nationality', 'Syria', null],
  ['Person', 'nationality', 'xx', null],
  ['Person', 'birthDate', '1971', '1971'],
  ['Person', 'birthDate', '1971-02', '1971-02'],
  ['Person', 'birthDate', '2024-02-29', '2024-02-29'],
  ['Person', 'birthDate', '2016-12-20T10:00:00Z', '2016-12-20T10:00:00'],
  ['Person', 'birthDate', '2016-12-20 10:05', '2016-12-20T10:05'],
  ['Person', 'birthDate', '2023-02-29', null],
  ['Person', 'birthDate', '1971-13', null],
  ['Person', 'birthDate', '20/12/2016', null],
  ['Person', 'birthDate', '2016-12-20T10:00:00+03:00', null],
  ['Person', 'gender', 'Female', 'female'],
  ['Person', 'gender', 'woman', null],
  ['Person', 'topics', 'crime.traffick.human', 'crime.traffick.human'],
  ['Person', 'topics', 'trafficking', null],
  ['Person', 'spokenLanguage', 'ara', 'ara'],
  ['Person', 'spokenLanguage', 'arabic', null],
  ['Person', 'email', 'Amina@Example.ORG', 'Amina@example.org'],
  ['Person', 'email', 'not-an-email', null],
  ['Person', 'website', 'example.org/about', 'http://example.org/about'],
  ['Person', 'website', 'https://un.org', 'https://un.org/'],
  ['Person', 'website', 'javascript:alert(1)', null],
  ['Person', 'phone', '+249 (912) 345-678', '+249912345678'],
  ['Person', 'phone', '00249912345678', '+249912345678'],
  ['Person', 'phone', 'call me', null],
  ['BankAccount', 'iban', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
  ['BankAccount', 'iban', 'DE89 3704 0044 0532 0130 01', null],
  ['BankAccount', 'bic', 'deutdeff', 'DEUTDEFF'],
  ['BankAccount', 'bic', 'DEUT', null],
  ['Document', 'contentHash', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['Document', 'contentHash', 'abc', null],
  ['Document', 'mimeType', 'Application/PDF', 'application/pdf'],
  ['Document', 'mimeType', 'pdf', null],
  ['Payment', 'amount', '1,000.50', '1,000.50'],
  ['Payment', 'amount', '-42', '-42'],
  ['Payment', 'amount', 'a lot', null],
  ['Payment', 'payer', 'unsc-6908002', 'unsc-6908002'],
  ['Payment', 'payer', 'has space', null],
  ['Payment', 'payer', 'x'.repeat(201), null],
  ['UserAccount', 'ipAddress', '192.168.1.143', '192.168.1.143'],
  ['UserAccount', 'ipAddress', '0:0:0:0:0:ffff:c0a8:18f', '::ffff:c0a8:18f'],
  ['UserAccount', 'ipAddress', '999.1.1.1', null],
  ['Person', 'name', '  Amina\u0000  Yusuf\n ', 'Amina Yusuf'],
  ['Person', 'name', 'أمينة يوسف', 'أمينة يوسف'],
  ['Person', 'name', 'x'.repeat(385), null],
  ['Person', 'notes', 'line one\nline two\u0007', 'line one\nline two'],
  ['Person', 'firstName', 'lone \ud800 surrogate', 'lone surrogate'],
  ['Exploitation', 'form', 'forced_labour', 'forced_labour'],
  ['Exploitation', 'form', 'FORCED_LABOUR', 'forced_labour'],
  ['Exploitation', 'form', 'begging', null],
  ['Incident', 'verificationStatus', 'verified', 'verified'],
  ['Incident', 'sourceReliability', 'b', 'B'],
  ['Referral', 'consentRecorded', 'yes', 'yes'],
  ['Referral', 'consentRecorded', 'maybe', null],
  ['VictimProfile', 'ageRange', '9-17', '9-17'],
  ['VictimProfile', 'age', '15', '15'],
  ['Person', 'name', 42, null],
  ['Person', 'name', { toString: 'x' }, null],
  ['Person', 'name', null, null],
  ['Person', 'name', ['nested'], null],
];

for (const [schema, prop, input, expected] of VALUE_CASES) {
  test(`${schema}.${prop} ← ${JSON.stringify(input)?.slice(0, 40)} → ${expected ?? 'error'}`, () => {
    const raw = { id: 'e1', schema, properties: { [prop]: [input] } };
    const loose = model.cleanEntity(raw, { strict: false });
    const strict = model.cleanEntity(raw, { strict: true });
    if (expected === null) {
      assert.ok(loose.errors[prop], 'error keyed by property');
      assert.deepEqual(loose.entity?.properties, {}, 'non-strict drops the value, keeps the entity');
      assert.equal(strict.entity, null);
      assert.equal(strict.error?.code, 'VALIDATION_FAILED');
      assert.ok(strict.error?.details?.[prop]);
    } else {
      assert.deepEqual(strict.errors, {});
      assert.deepEqual(strict.entity?.properties[prop], [expected]);
    }
  });
}

const ENTITY_CASES: readonly { name: string; raw: unknown; code: string; key: string }[] = [
  { name: 'not an object', raw: [1, 2], code: 'MALFORMED_INPUT', key: 'entity' },
  { name: 'null', raw: null, code: 'MALFORMED_INPUT', key: 'entity' },
  { name: 'unknown schema', raw: { id: 'a', schema: 'Pirate', properties: {} }, code: 'UNKNOWN_SCHEMA', key: 'schema' },
  { name: 'schema as number', raw: { id: 'a', schema: 7 }, code: 'UNKNOWN_SCHEMA', key: 'schema' },
  { name: 'prototype schema', raw: { id: 'a', schema: '__proto__' }, code: 'UNKNOWN_SCHEMA', key: 'schema' },
  { name: 'abstract schema', raw: { id: 'a', schema: 'Thing' }, code: 'ABSTRACT_SCHEMA', key: 'schema' },
  { name: 'missing id', raw: { schema: 'Person' }, code: 'VALIDATION_FAILED', key: 'id' },
  { name: 'id with slash', raw: { id: 'a/b', schema: 'Person' }, code: 'VALIDATION_FAILED', key: 'id' },
  { name: 'id too long', raw: { id: 'a'.repeat(201), schema: 'Person' }, code: 'VALIDATION_FAILED', key: 'id' },
];

for (const { name, raw, code, key } of ENTITY_CASES) {
  test(`entity rejected: ${name}`, () => {
    for (const strict of [true, false]) {
      const result = model.cleanEntity(raw, { strict });
      assert.equal(result.entity, null);
      assert.equal(result.error?.code, code);
      assert.ok(result.errors[key], `error under ${key}`);
    }
  });
}

test('unknown and stub properties are errors keyed by name; non-strict keeps the rest', () => {
  const raw = JSON.parse(
    '{"id":"p1","schema":"Person","properties":{"name":["Ana"],"wingspan":["2m"],"__proto__":["x"],"exploitationsSuffered":["e1"]}}',
  );
  const loose = model.cleanEntity(raw, { strict: false });
  assert.deepEqual(loose.entity?.properties, { name: ['Ana'] });
  assert.deepEqual(Object.keys(loose.errors).sort(), ['__proto__', 'exploitationsSuffered', 'wingspan']);
  assert.match(loose.errors.exploitationsSuffered ?? '', /reverse of Exploitation:victim/);
  assert.equal(Object.getPrototypeOf(loose.errors), Object.prototype, 'no prototype pollution');
  assert.equal(model.cleanEntity(raw, { strict: true }).entity, null);
});

test('property values of the wrong JSON shape', () => {
  const result = model.cleanEntity({ id: 'p1', schema: 'Person', properties: { name: 'Ana', alias: 5, notes: { a: 1 } } }, { strict: false });
  assert.deepEqual(result.entity?.properties, { name: ['Ana'] }, 'a bare string counts as one value, as in FtM');
  assert.ok(result.errors.alias && result.errors.notes);
  const bad = model.cleanEntity({ id: 'p1', schema: 'Person', properties: 'Ana' }, { strict: false });
  assert.ok(bad.errors.properties);
  assert.deepEqual(bad.entity?.properties, {});
});

test('values are de-duplicated, blanks dropped silently, metadata kept', () => {
  const result = model.cleanEntity(
    {
      id: 'p1', schema: 'Person', properties: { name: ['Ana', ' Ana ', '', '   '] },
      caption: 'Ana', datasets: ['un_sc_sanctions'], referents: ['old-1'], first_seen: '2024-01-01T00:00:00', target: true,
    },
    { strict: true },
  );
  assert.deepEqual(result.errors, {});
  assert.deepEqual(result.entity, {
    id: 'p1', schema: 'Person', properties: { name: ['Ana'] },
    caption: 'Ana', datasets: ['un_sc_sanctions'], referents: ['old-1'], first_seen: '2024-01-01T00:00:00',
  });
  const bad = model.cleanEntity({ id: 'p1', schema: 'Person', datasets: 'x', last_seen: 'yesterday' }, { strict: false });
  assert.ok(bad.errors.datasets && bad.errors.last_seen);
});

test('several bad values of one property are joined under its name', () => {
  const result = model.cleanEntity({ id: 'p1', schema: 'Person', properties: { nationality: ['xx', 'sd', 'yy'] } }, { strict: false });
  assert.deepEqual(result.entity?.properties.nationality, ['sd']);
  assert.match(result.errors.nationality ?? '', /"xx".*; .*"yy"/);
});

test('an over-long value for its type is refused', () => {
  const result = model.cleanEntity({ id: 'p1', schema: 'Person', properties: { notes: ['n'.repeat(65001)] } }, { strict: true });
  assert.match(result.errors.notes ?? '', /longer than 65000/);
});
