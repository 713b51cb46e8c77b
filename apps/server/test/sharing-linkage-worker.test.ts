/**
 * Linkage runs are parsed and matched in a worker thread (`LinkagePool`): a refusal of a CLK file
 * answers the same problem as matching on the main thread would, and runs sent at once each get
 * their own answer. Synthetic records only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTable, linkageSecret, parseLinkageSchema, writeClkFile } from '@ariadne/linkage';
import { isAriadneError } from '@ariadne/schema';
import { matchClkTexts } from '../src/sharing/linkage-match.ts';
import { as, backends, openTestApp, type Signed, type TestApp } from './helpers.ts';
import { LINKAGE_A, LINKAGE_B, LINKAGE_SCHEMA } from './sharing-fixtures.ts';

const schema = parseLinkageSchema(LINKAGE_SCHEMA);
const secret = linkageSecret('00112233445566778899aabbccddeeff');
const clkA = writeClkFile(encodeTable(schema, secret, LINKAGE_A).set);
const clkB = writeClkFile(encodeTable(schema, secret, LINKAGE_B).set);

/** what matching on the main thread throws for these files */
async function refusalInThread(a: string, b: string): Promise<{ code: string; message: string }> {
  try {
    await matchClkTexts({ a, b });
  } catch (error) {
    assert.ok(isAriadneError(error));
    return { code: error.code, message: error.message };
  }
  throw new Error('the files were expected to be refused');
}

for (const name of backends) {
  describe(`linkage runs in a worker thread (${name})`, () => {
    let t: TestApp;
    let investigator: Signed;
    const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/linkage/runs', headers: as(investigator), payload: body as object });

    before(async () => {
      t = await openTestApp(name);
      investigator = await t.signIn('investigator');
    });
    after(async () => t.close());

    test('a malformed CLK file answers the same problem as matching in this thread', async () => {
      const malformed = '{"format":"ariadne-clk/1"}\nnot json at all\n';
      const expected = await refusalInThread(clkA, malformed);
      assert.match(expected.message, /^Side B: /);
      const res = await post({ title: 'malformed, synthetic', a: clkA, b: malformed });
      assert.ok(res.statusCode === 400 || res.statusCode === 422, res.body);
      const problem = res.json();
      assert.equal(problem.code, expected.code);
      assert.equal(problem.detail, expected.message);

      const otherSchema = writeClkFile(encodeTable(parseLinkageSchema({ ...LINKAGE_SCHEMA, name: 'another' }), secret, LINKAGE_B).set);
      const mixed = await post({ title: 'mixed, synthetic', a: clkA, b: otherSchema });
      assert.equal(mixed.statusCode, 400, mixed.body);
      assert.equal(mixed.json().detail, (await refusalInThread(clkA, otherSchema)).message);
    });

    test('two runs sent at once both answer what matching in this thread answers', async () => {
      const expectedAB = await matchClkTexts({ a: clkA, b: clkB });
      const expectedBA = await matchClkTexts({ a: clkB, b: clkA });
      const [ab, ba] = await Promise.all([post({ title: 'A with B, synthetic', a: clkA, b: clkB }), post({ title: 'B with A, synthetic', a: clkB, b: clkA })]);
      assert.equal(ab.statusCode, 201, ab.body);
      assert.equal(ba.statusCode, 201, ba.body);
      assert.deepEqual(ab.json().pairs, expectedAB.pairs);
      assert.deepEqual(ba.json().pairs, expectedBA.pairs);
      assert.equal(ab.json().run.matches, 3);
      assert.equal(ab.json().run.candidatePairs, expectedAB.stats.candidatePairs);
      assert.equal(ba.json().run.title, 'B with A, synthetic');
      assert.notDeepEqual(ab.json().pairs, ba.json().pairs, 'each run got its own answer');
    });
  });
}
