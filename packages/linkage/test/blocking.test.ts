import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { blockingHashes, blockingTransform, createBlocker, soundex } from '../src/blocking.ts';
import { encodeTable } from '../src/encode.ts';
import { fieldKeys, linkageSecret } from '../src/secret.ts';
import { febrlSchema, febrlTable, fieldsInSchemaOrder, personOf } from './febrl-fixture.ts';

const secret = linkageSecret('f0e1d2c3b4a5968778695a4b3c2d1e0f');

describe('soundex', () => {
  test('gives the reference codes of American Soundex', () => {
    const reference: Record<string, string> = {
      Robert: 'R163', Rupert: 'R163', Rubin: 'R150', Ashcraft: 'A261', Ashcroft: 'A261',
      Tymczak: 'T522', Pfister: 'P236', Honeyman: 'H555', Lee: 'L000', Gutierrez: 'G362',
    };
    for (const [name, code] of Object.entries(reference)) assert.equal(soundex(name), code, name);
  });

  test('reads Latin letters with diacritics as their base letter and skips non-letters', () => {
    assert.equal(soundex('Müller'), soundex('Muller'));
    assert.equal(soundex("O'Brien"), 'O165');
  });

  test('falls back to the normalised value for non-Latin names, and stays blank for blank', () => {
    assert.equal(soundex('محمد'), 'محمد');
    assert.equal(soundex('Синтия'), 'Синтия');
    assert.equal(soundex(''), '');
    assert.equal(soundex('123'), '');
  });
});

describe('blocking transforms', () => {
  test('year, first3, digits and exact', () => {
    assert.equal(blockingTransform('19151111', 'year'), '1915');
    assert.equal(blockingTransform('1915-11-11', 'year'), '1915');
    assert.equal(blockingTransform('11', 'year'), '');
    assert.equal(blockingTransform('عبدالله', 'first3'), 'عبد');
    assert.equal(blockingTransform('flat 3b 12', 'digits'), '312');
    assert.equal(blockingTransform('nsw', 'exact'), 'nsw');
  });
});

describe('blockingHashes', () => {
  const schema = febrlSchema();
  const key = fieldKeys(secret, schema).blocking;
  const table = febrlTable('a');

  test('are HMAC-SHA256(blocking key, name \\0 value) cut to 64 bits, one per complete key', () => {
    const fields = fieldsInSchemaOrder(schema, table, 0); // michaela neumann, 19151111, 4223, 5304218
    const hashes = blockingHashes(schema, key, fields);
    const expected = ['surname-soundex\0N550', 'given-name-soundex\0M240', 'date-of-birth\u000019151111', 'postcode\u00004223', 'social-security-id\u00005304218'].map((m) =>
      createHmac('sha256', key).update(m).digest('hex').slice(0, 16),
    );
    assert.deepEqual(hashes, expected);
  });

  test('a blank part gives no hash for its key', () => {
    const fields = fieldsInSchemaOrder(schema, table, 0);
    fields[schema.features.findIndex((f) => f.identifier === 'surname')] = '  ';
    assert.equal(blockingHashes(schema, key, fields).length, 4);
  });

  test('another secret gives other hashes', () => {
    const fields = fieldsInSchemaOrder(schema, table, 0);
    const other = fieldKeys(linkageSecret('00'.repeat(16)), schema).blocking;
    const mine = new Set(blockingHashes(schema, key, fields));
    assert.ok(blockingHashes(schema, other, fields).every((h) => !mine.has(h)));
  });

  test('on the FEBRL extract: pair completeness ≥ 0.99 with reduction ratio ≥ 0.9', () => {
    const a = encodeTable(schema, secret, febrlTable('a'));
    const b = encodeTable(schema, secret, febrlTable('b'));
    const byBlock = new Map<string, number[]>();
    a.set.blocks.forEach((hashes, i) => {
      for (const h of hashes) byBlock.set(h, [...(byBlock.get(h) ?? []), i]);
    });
    const candidates = new Set<string>();
    b.set.blocks.forEach((hashes, j) => {
      for (const h of hashes) for (const i of byBlock.get(h) ?? []) candidates.add(`${i},${j}`);
    });
    const person = (side: typeof a, i: number) => personOf(side.tokenToId.get(side.set.tokens[i]!)!);
    let found = 0;
    for (const pair of candidates) {
      const [i, j] = pair.split(',').map(Number) as [number, number];
      if (person(a, i) === person(b, j)) found++;
    }
    const completeness = found / 200;
    const reduction = 1 - candidates.size / (250 * 250);
    assert.ok(completeness >= 0.99, `pair completeness ${completeness}`);
    assert.ok(reduction >= 0.9, `reduction ratio ${reduction}`);
  });

  test('createBlocker hashes many records with one prepared key, the same as blockingHashes', () => {
    const blocker = createBlocker(schema, key);
    for (let r = 0; r < 20; r++) {
      const fields = fieldsInSchemaOrder(schema, table, r);
      assert.deepEqual(blocker(fields), blockingHashes(schema, key, fields));
    }
  });
});
