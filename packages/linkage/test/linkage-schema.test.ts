import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalJson, encodedFeatures, parseLinkageSchema, schemaSha256, schemaThreshold } from '../src/linkage-schema.ts';
import { AriadneError } from '@ariadne/schema';

/** the shipped schema's JSON, typed loosely enough for tests to break it */
interface EditableSchema {
  [key: string]: unknown;
  clkConfig: { l: number; kdf: Record<string, unknown> };
  features: { identifier: string; ignored?: boolean; hashing: { [key: string]: unknown; strategy: Record<string, number> } }[];
  blocking: { parts: { identifier: string }[] }[];
}

const shipped = JSON.parse(readFileSync(new URL('../../../examples/linkage/febrl.schema.json', import.meta.url), 'utf8')) as EditableSchema;

/** a deep copy of the shipped schema with one change */
function variant(change: (s: EditableSchema) => void): unknown {
  const copy = structuredClone(shipped);
  change(copy);
  return copy;
}

function refusal(json: unknown): AriadneError {
  try {
    parseLinkageSchema(json);
  } catch (error) {
    assert.ok(error instanceof AriadneError);
    assert.equal(error.code, 'VALIDATION_FAILED');
    return error;
  }
  assert.fail('the schema was accepted');
}

describe('parseLinkageSchema', () => {
  test('accepts the shipped FEBRL schema: 10 encoded fields, 5 blocking keys, threshold 0.8', () => {
    const schema = parseLinkageSchema(shipped);
    assert.deepEqual(
      encodedFeatures(schema).map((f) => f.identifier),
      ['given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'],
    );
    assert.equal(schema.blocking.length, 5);
    assert.equal(schemaThreshold(schema), 0.8);
  });

  test('refuses an encoding of fewer than 3 fields (frequency attacks)', () => {
    const error = refusal(variant((s) => {
      for (const f of s.features) if (!['given_name', 'surname'].includes(f.identifier)) f.ignored = true;
      s.blocking = [];
    }));
    assert.match(error.message, /fewer than 3 fields is refused: single fields are open to frequency attacks/);
    assert.ok(error.details?.features);
  });

  test('refuses an l that is not a multiple of 64 or outside 512–4096, naming the path', () => {
    for (const l of [1000, 448, 4160, 0]) {
      const error = refusal(variant((s) => (s.clkConfig.l = l)));
      assert.ok(error.details?.['clkConfig.l'], `l ${l}: ${error.message}`);
    }
    assert.equal(parseLinkageSchema(variant((s) => (s.clkConfig.l = 576))).clkConfig.l, 576);
  });

  test('refuses bitsPerToken outside 1–100 and bitsPerFeature above l', () => {
    for (const bits of [0, 101, 2.5]) {
      const error = refusal(variant((s) => (s.features[1]!.hashing.strategy = { bitsPerToken: bits })));
      assert.ok(Object.keys(error.details ?? {}).some((p) => p.startsWith('features.1.hashing.strategy')), error.message);
    }
    const error = refusal(variant((s) => (s.features[1]!.hashing.strategy = { bitsPerFeature: 2000 })));
    assert.ok(error.details?.['features.1.hashing.strategy.bitsPerFeature']);
  });

  test('refuses duplicate identifiers and blocking parts naming unknown fields', () => {
    const duplicate = refusal(variant((s) => (s.features[2]!.identifier = 'given_name')));
    assert.match(duplicate.message, /features\.2\.identifier: duplicate identifier "given_name"/);
    const unknown = refusal(variant((s) => (s.blocking[0]!.parts[0]!.identifier = 'middle_name')));
    assert.ok(unknown.details?.['blocking.0.parts.0.identifier']);
  });

  test('refuses a threshold outside (0, 1]', () => {
    for (const threshold of [0, -0.5, 1.01]) refusal(variant((s) => (s.threshold = threshold)));
    assert.equal(parseLinkageSchema(variant((s) => (s.threshold = 1))).threshold, 1);
  });

  test('refuses unknown keys at any level', () => {
    assert.ok(refusal(variant((s) => (s.extra = true))).details?.['(root)']);
    const nested = refusal(variant((s) => (s.features[1]!.hashing.hash = { type: 'doubleHash' })));
    assert.ok(nested.details?.['features.1.hashing'], nested.message);
    assert.ok(refusal(variant((s) => (s.clkConfig.kdf.keySize = 64))).details?.['clkConfig.kdf']);
  });

  test('refuses a field named "blocking", whose key would be the blocking key', () => {
    const error = refusal(variant((s) => (s.features[3]!.identifier = 'blocking')));
    assert.match(error.message, /reserved/);
  });

  test('refuses what is not a schema at all', () => {
    refusal(null);
    refusal('{"version":3}');
    refusal({ version: 2 });
  });
});

describe('schemaSha256', () => {
  test('depends on content, not on key order or spacing', () => {
    const schema = parseLinkageSchema(shipped);
    const reordered = Object.fromEntries(Object.entries(shipped).reverse());
    assert.equal(schemaSha256(parseLinkageSchema(reordered)), schemaSha256(schema));
    assert.match(schemaSha256(schema), /^[0-9a-f]{64}$/);
    assert.notEqual(schemaSha256(parseLinkageSchema(variant((s) => (s.features[1]!.hashing.strategy.bitsPerFeature = 199)))), schemaSha256(schema));
  });

  test('canonical JSON sorts keys at every level', () => {
    assert.equal(canonicalJson({ b: [{ d: 1, c: 'x' }], a: null }), '{"a":null,"b":[{"c":"x","d":1}]}');
  });
});
