import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkCriteria, citeSource, designationCriteria, regimeOfEntry } from '../src/index.ts';

const shipped = JSON.parse(readFileSync(new URL('../src/criteria/designation-criteria.json', import.meta.url), 'utf8')) as { regimes: Record<string, unknown>[] };

test('the shipped criteria cover the regimes whose criteria reach trafficking, sexual violence or child recruitment', () => {
  const regimes = designationCriteria();
  assert.deepEqual(regimes.map((r) => r.id), ['isil-al-qaida', 'libya', 'drc', 'car', 'south-sudan', 'mali', 'haiti']);
  for (const r of regimes) {
    assert.ok(r.criteria.length > 0, r.id);
    for (const c of r.criteria) assert.ok(c.sources.length > 0, c.id);
  }
});

test('a paragraph is cited only where it was verified; every other source says to verify it', () => {
  for (const c of designationCriteria().flatMap((r) => r.criteria)) {
    for (const s of c.sources) {
      if (s.paragraph) assert.equal(s.verified, true, c.id);
      if (!s.verified) assert.match(citeSource(s), /\(summary, verify against the resolution\)$/, c.id);
    }
  }
  const isil = designationCriteria()[0]!.criteria.find((c) => c.id === 'isil-al-qaida.trafficking-in-conflict')!;
  assert.deepEqual(isil.sources.map(citeSource), ['resolution 2331 (2016), paragraph 12', 'resolution 2331 (2016), paragraph 13']);
});

test('checkCriteria refuses an unverified paragraph, an unknown form, a bad list prefix and a criterion without facts', () => {
  const withCriterion = (patch: Record<string, unknown>, regimePatch: Record<string, unknown> = {}): unknown => {
    const regime = structuredClone(shipped.regimes[1]!) as { criteria: Record<string, unknown>[] };
    regime.criteria[0] = { ...regime.criteria[0], ...patch };
    return { regimes: [{ ...regime, ...regimePatch }] };
  };
  assert.throws(() => checkCriteria(withCriterion({ sources: [{ resolution: '2213 (2015)', paragraph: '11', verified: false, note: 'x' }] })), /paragraph is cited only when verified/);
  assert.throws(() => checkCriteria(withCriterion({ facts: { forms: ['smuggling_of_goods'] } })), /unknown form/);
  assert.throws(() => checkCriteria(withCriterion({ facts: {} })), /names no supporting facts/);
  assert.throws(() => checkCriteria(withCriterion({}, { referencePrefixes: ['Libya'] })), /referencePrefixes/);
  assert.throws(() => checkCriteria({ regimes: [] }), /no "regimes" list/);
  assert.throws(() => checkCriteria(null), /no "regimes" list/);
  assert.equal(checkCriteria(withCriterion({})).length, 1);
});

test('a UN reference number names its regime', () => {
  assert.equal(regimeOfEntry('QDi.001')?.id, 'isil-al-qaida');
  assert.equal(regimeOfEntry('QDe.115')?.id, 'isil-al-qaida');
  assert.equal(regimeOfEntry(' LYi.010 ')?.id, 'libya');
  assert.equal(regimeOfEntry('CDe.001')?.id, 'drc');
  assert.equal(regimeOfEntry('KPi.001'), null, 'a regime without trafficking criteria');
  assert.equal(regimeOfEntry('306'), null, 'an OFAC ent_num');
  assert.equal(regimeOfEntry('QDi'), null);
});
