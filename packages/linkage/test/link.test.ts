/** The whole protocol on the FEBRL fixture (fictitious people), and the linkage measures. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateLinkage, febrlTruth, linkRecords } from '../src/link.ts';
import { readRecordCsv, writePairsCsv } from '../src/record-csv.ts';
import { linkageSecret, randomLinkageSecret } from '../src/secret.ts';
import type { RecordTable } from '../src/types.ts';
import { febrlSchema } from './febrl-fixture.ts';

const fixture = (side: 'a' | 'b') => readRecordCsv(readFileSync(new URL(`fixtures/febrl4-${side}.csv`, import.meta.url)));
const TRUE_MATCHES = 200; // see fixtures/README.md

describe('linkRecords on the FEBRL fixture', async () => {
  const schema = febrlSchema();
  const a = await fixture('a');
  const b = await fixture('b');

  for (const blocking of [false, true]) {
    test(`links at 0.8 with precision ≥ 0.99 and recall ≥ 0.95 (${blocking ? 'blocking' : 'all pairs'})`, () => {
      const { pairs, stats } = linkRecords(schema, randomLinkageSecret(), a, b, { threshold: 0.8, blocking });
      const quality = evaluateLinkage(pairs, febrlTruth, TRUE_MATCHES);
      assert.ok(quality.precision >= 0.99, `precision ${quality.precision}`);
      assert.ok(quality.recall >= 0.95, `recall ${quality.recall}`);
      assert.equal(new Set(pairs.map((p) => p.aId)).size, pairs.length, 'one to one');
      assert.equal(new Set(pairs.map((p) => p.bId)).size, pairs.length, 'one to one');
      assert.ok(pairs.every((p) => p.score >= 0.8 && p.score <= 1));
      assert.equal(stats.matches, pairs.length);
      if (blocking) assert.ok(stats.reductionRatio > 0.9, `reduction ratio ${stats.reductionRatio}`);
      else assert.equal(stats.candidatePairs, 250 * 250);
    });
  }

  test('the same secret gives the same pairs and scores, sorted by ids', () => {
    const secret = linkageSecret('00112233445566778899aabbccddeeff');
    const first = linkRecords(schema, secret, a, b);
    assert.deepEqual(linkRecords(schema, secret, a, b), first);
    const ids = first.pairs.map((p) => `${p.aId} ${p.bId}`);
    assert.deepEqual(ids, [...ids].sort());
  });

  test('its pairs write as CSV with the ids as read', () => {
    const { pairs } = linkRecords(schema, randomLinkageSecret(), a, b);
    const lines = writePairsCsv(pairs).trimEnd().split('\n');
    assert.equal(lines[0], 'a_id,b_id,score');
    assert.equal(lines.length, pairs.length + 1);
    assert.match(lines[1]!, /^rec-\d+-org,rec-\d+-dup-0,[01]\.\d{4}$/);
  });

  test('refuses a side whose header lacks fields the schema encodes or blocks on, naming them', () => {
    const narrow: RecordTable = { columns: ['rec_id', 'given_name'], ids: ['rec-1-org'], rows: [['synthia']] };
    assert.throws(() => linkRecords(schema, randomLinkageSecret(), a, narrow), (error: Error & { code?: string; details?: Record<string, string> }) => {
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.match(error.message, /^Side B's header lacks the columns .*"surname".*"date_of_birth"/);
      assert.equal(error.details?.postcode, 'missing from Side B');
      return true;
    });
  });
});

describe('evaluateLinkage and febrlTruth', () => {
  test('febrlTruth pairs an original with its duplicates only', () => {
    assert.equal(febrlTruth('rec-12-org', 'rec-12-dup-0'), true);
    assert.equal(febrlTruth('rec-12-dup-1', 'rec-12-dup-3'), true);
    assert.equal(febrlTruth('rec-12-org', 'rec-120-dup-0'), false);
    assert.equal(febrlTruth('rec-12-org', 'synthia-12'), false);
  });

  test('precision over the linked pairs, recall over the true ones, F1 their harmonic mean', () => {
    const pairs = [
      { aId: 'rec-1-org', bId: 'rec-1-dup-0' },
      { aId: 'rec-2-org', bId: 'rec-2-dup-0' },
      { aId: 'rec-3-org', bId: 'rec-4-dup-0' },
    ];
    const q = evaluateLinkage(pairs, febrlTruth, 4);
    assert.equal(q.truePositives, 2);
    assert.equal(q.precision, 2 / 3);
    assert.equal(q.recall, 0.5);
    assert.equal(q.f1, (2 * (2 / 3) * 0.5) / (2 / 3 + 0.5));
    assert.deepEqual(evaluateLinkage([], febrlTruth, 4), { truePositives: 0, precision: 0, recall: 0, f1: 0 });
  });

  test('refuses a total below the true pairs found', () => {
    assert.throws(() => evaluateLinkage([{ aId: 'rec-1-org', bId: 'rec-1-dup-0' }], febrlTruth, 0), { code: 'VALIDATION_FAILED' });
  });
});
