import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { keyedSha256 } from '../src/hmac-sha256.ts';
import { bitPositions, createEncoder, doubleHashSteps, encodeTable, popcount } from '../src/encode.ts';
import { fieldKeys, linkageSecret, randomLinkageSecret } from '../src/secret.ts';
import { parseLinkageSchema } from '../src/linkage-schema.ts';
import type { LinkageSchema } from '../src/types.ts';
import { febrlSchema, febrlTable, fieldsInSchemaOrder } from './febrl-fixture.ts';
import { seededRandom } from './clk-fixtures.ts';

const SECRET_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/** three exact-token fields of 100 bits each: every token's bits can be counted */
function exactSchema(l = 1024): LinkageSchema {
  const field = (identifier: string) => ({
    identifier,
    hashing: { comparison: { type: 'exact' as const }, strategy: { bitsPerToken: 100 } },
  });
  return parseLinkageSchema({
    version: 3,
    name: 'exact-test',
    clkConfig: { l, kdf: { type: 'HKDF', hash: 'SHA256', salt: 'test-salt', info: 'test' } },
    features: [{ identifier: 'id', ignored: true }, field('alpha'), field('beta'), field('gamma')],
    blocking: [],
  });
}

function dice(a: Uint32Array, b: Uint32Array): number {
  let both = 0;
  for (let i = 0; i < a.length; i++) both += popcount(Uint32Array.of(a[i]! & b[i]!));
  return (2 * both) / (popcount(a) + popcount(b));
}

/** a seeded byte source for tests (never for real tokens) */
function seededBytes(seed: number): (n: number) => Uint8Array {
  const next = seededRandom(seed);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

describe('HMAC-SHA256 of tokens', () => {
  test('equals node:crypto createHmac for every length and for non-Latin text', () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'z', ' ', '7', ':', 'é', 'م', 'ж', '中', '😀'];
    const texts = ['', 'a', ' a', 'an', '3:7', 'محمد', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(119), 'x'.repeat(120), 'y'.repeat(2000)];
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 150);
      texts.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]!).join(''));
    }
    for (const keyLength of [16, 32, 64, 65, 100]) {
      const key = randomBytes(keyLength);
      const keyed = keyedSha256(key);
      for (const text of texts) {
        assert.deepEqual(keyed.digest(text), createHmac('sha256', key).update(text, 'utf8').digest(), `key ${keyLength} bytes, text of ${text.length}`);
      }
    }
  });
});

describe('double hashing', () => {
  test('the k positions are distinct even when the second hash is 0 mod l (the clkhash #33 singularity)', () => {
    for (const l of [512, 576, 1024, 4032, 4096]) {
      for (const second of [0, l, 2 * l, 3, 9, l / 2, 0xffffffff]) {
        const { h1, h2 } = doubleHashSteps(12345, second, l);
        assert.ok(h2 > 0 && h2 < l && h2 % 2 === 1, `h2 ${h2} for l ${l}`);
        const positions = bitPositions(h1, h2, Math.min(l, 200), l);
        assert.equal(new Set(positions).size, positions.length, `l ${l}, second ${second}`);
      }
    }
  });

  test('an odd h2 alone is not enough when l has an odd factor: 576 = 64 × 9 and h2 = 3 repeat after 192 bits', () => {
    const naive = bitPositions(0, 3, 200, 576);
    assert.ok(new Set(naive).size < 200); // what forcing h2 odd would do
    for (let second = 0; second < 2000; second++) {
      const { h1, h2 } = doubleHashSteps(second * 7919, second, 576);
      assert.equal(new Set(bitPositions(h1, h2, 200, 576)).size, 200, `second ${second}`);
    }
  });

  test('every allowed l gives k distinct positions for k up to l', () => {
    for (let l = 512; l <= 4096; l += 64) {
      for (const second of [0, 1, 2, 3, 5, 7, l - 1, l + 3]) {
        const { h1, h2 } = doubleHashSteps(99, second, l);
        assert.equal(new Set(bitPositions(h1, h2, l, l)).size, l, `l ${l}, second ${second}`);
      }
    }
  });
});

describe('createEncoder', () => {
  const schema = exactSchema();
  const secret = linkageSecret(SECRET_HEX);

  test('a token sets exactly the bits of HMAC-SHA256(field key, token) under double hashing', () => {
    const encoder = createEncoder(schema, secret);
    const clk = encoder.encode(['ignored id', 'Testperson Alpha', '', '']);
    const key = fieldKeys(secret, schema).features.get('alpha')!;
    const digest = createHmac('sha256', key).update('testperson alpha').digest();
    const { h1, h2 } = doubleHashSteps(digest.readUInt32BE(0), digest.readUInt32BE(4), 1024);
    const expected = new Uint32Array(32);
    for (const p of bitPositions(h1, h2, 100, 1024)) expected[p >>> 5]! |= 1 << (p & 31);
    assert.deepEqual(clk, expected);
    assert.equal(encoder.popcount(clk), 100);
  });

  test('field keys come from HKDF-SHA256 with the schema salt and info:identifier', () => {
    const keys = fieldKeys(secret, schema);
    const expected = Buffer.from(hkdfSync('sha256', Buffer.from(SECRET_HEX, 'hex'), 'test-salt', 'test:beta', 32));
    assert.deepEqual(keys.features.get('beta'), expected);
    assert.deepEqual(keys.blocking, Buffer.from(hkdfSync('sha256', Buffer.from(SECRET_HEX, 'hex'), 'test-salt', 'test:blocking', 32)));
    assert.equal(keys.features.has('id'), false, 'ignored fields get no key');
    const all = [...keys.features.values(), keys.blocking].map((k) => k.toString('hex'));
    assert.equal(new Set(all).size, all.length);
  });

  test('the same value in two fields sets different bits (each field has its own key)', () => {
    const encoder = createEncoder(schema, secret);
    const a = encoder.encode(['', 'Synthia Example', '', '']);
    const b = encoder.encode(['', '', 'Synthia Example', '']);
    assert.ok(dice(a, b) < 0.3);
  });

  test('encoding is deterministic for one secret and unrelated under another', () => {
    const febrl = febrlSchema();
    const table = febrlTable('a');
    const fields = fieldsInSchemaOrder(febrl, table, 0);
    const first = createEncoder(febrl, secret).encode(fields);
    assert.deepEqual(createEncoder(febrl, linkageSecret(SECRET_HEX)).encode(fields), first);
    const other = createEncoder(febrl, randomLinkageSecret()).encode(fields);
    assert.ok(dice(first, other) < 0.8, `Dice under another secret ${dice(first, other)}`);
    assert.notDeepEqual(other, first);
  });

  test('spellings that differ only in Unicode form, case or invisible marks encode alike', () => {
    const encoder = createEncoder(schema, secret);
    const plain = encoder.encode(['', 'Müller', 'محمد', '19151111']);
    const decomposed = encoder.encode(['', 'Mu\u0308LLER', '\u200fمحـمد\u200f', ' 19151111 ']);
    assert.deepEqual(decomposed, plain);
  });

  test('a record with the wrong number of values is refused', () => {
    const encoder = createEncoder(schema, secret);
    assert.throws(() => encoder.encode(['', 'a']), { code: 'MALFORMED_INPUT' });
  });

  test('a schema object that skipped parsing is still checked: fewer than 3 encoded fields are refused', () => {
    const weak = { ...schema, features: schema.features.slice(0, 3) };
    assert.throws(() => createEncoder(weak, secret), { code: 'VALIDATION_FAILED', message: /fewer than 3 fields/ });
  });

  test('mean popcount on the FEBRL extract is in 650–750 (clkhash tutorial: 696)', () => {
    const febrl = febrlSchema();
    const encoder = createEncoder(febrl, secret);
    let total = 0;
    let records = 0;
    for (const side of ['a', 'b'] as const) {
      const table = febrlTable(side);
      for (let r = 0; r < table.rows.length; r++) {
        total += encoder.popcount(encoder.encode(fieldsInSchemaOrder(febrl, table, r)));
        records++;
      }
    }
    const mean = total / records;
    assert.ok(mean >= 650 && mean <= 750, `mean popcount ${mean}`);
  });
});

describe('linkage secrets', () => {
  test('a secret shorter than 128 bits is refused', () => {
    assert.throws(() => linkageSecret(randomBytes(15)), { code: 'VALIDATION_FAILED', message: /at least 16 bytes/ });
    assert.throws(() => linkageSecret('00'.repeat(15)), { code: 'VALIDATION_FAILED' });
    assert.throws(() => linkageSecret('not hex at all, not hex at all!!'), { code: 'VALIDATION_FAILED' });
    assert.equal(linkageSecret(randomBytes(16)).bytes().length, 16);
    assert.equal(randomLinkageSecret().bytes().length, 32);
  });

  test('a secret does not show in logs, JSON or strings', () => {
    const secret = linkageSecret(SECRET_HEX);
    for (const shown of [String(secret), JSON.stringify({ secret }), inspect(secret), `${secret}`]) {
      assert.ok(!shown.includes(SECRET_HEX) && !shown.includes('0001020304'), shown);
    }
    assert.equal(secret.toHex(), SECRET_HEX);
  });
});

describe('encodeTable', () => {
  const febrl = febrlSchema();
  const table = febrlTable('a');
  const secret = linkageSecret(SECRET_HEX);

  test('each record gets a random token, its CLK and blocks; ids stay in the party\'s map', () => {
    const { set, tokenToId } = encodeTable(febrl, secret, table, { random: seededBytes(1) });
    assert.equal(set.tokens.length, 250);
    assert.equal(set.clks.length, 250 * 32);
    assert.equal(set.l, 1024);
    assert.equal(tokenToId.size, 250);
    const encoder = createEncoder(febrl, secret);
    set.tokens.forEach((token, j) => {
      assert.match(token, /^[0-9a-f]{32}$/);
      const row = table.ids.indexOf(tokenToId.get(token)!);
      assert.deepEqual(set.clks.subarray(j * 32, (j + 1) * 32), encoder.encode(fieldsInSchemaOrder(febrl, table, row)));
      assert.ok(set.blocks[j]!.length >= 1 && set.blocks[j]!.every((b) => /^[0-9a-f]{16}$/.test(b)));
    });
  });

  test('the order of the set does not follow the table', () => {
    const first = encodeTable(febrl, secret, table, { random: seededBytes(1) });
    const second = encodeTable(febrl, secret, table, { random: seededBytes(2) });
    const order = (e: typeof first) => e.set.tokens.map((t) => e.tokenToId.get(t)!);
    assert.notDeepEqual(order(first), table.ids);
    assert.notDeepEqual(order(first), order(second));
    assert.deepEqual([...order(first)].sort(), [...table.ids].sort());
    // with the default CSPRNG, tokens are fresh each time
    const real = encodeTable(febrl, secret, table);
    assert.equal(real.set.tokens.filter((t) => first.tokenToId.has(t)).length, 0);
  });

  test('a table lacking an encoded column, or repeating an id, is refused', () => {
    const noSurname = { ...table, columns: table.columns.map((c) => (c === 'surname' ? 'family' : c)) };
    assert.throws(() => encodeTable(febrl, secret, noSurname), { code: 'VALIDATION_FAILED', message: /no column "surname"/ });
    const repeated = { ...table, ids: table.ids.map((id, i) => (i === 5 ? table.ids[0]! : id)) };
    assert.throws(() => encodeTable(febrl, secret, repeated), { code: 'VALIDATION_FAILED', message: /Row 6 repeats an id/ });
    const ragged = { ...table, rows: table.rows.map((r, i) => (i === 3 ? r.slice(1) : r)) };
    assert.throws(() => encodeTable(febrl, secret, ragged), { code: 'MALFORMED_INPUT', message: /Row 4/ });
  });
});
