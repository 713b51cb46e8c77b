/**
 * The pure rules of a list import: what a designation is reduced to, when two contents are the
 * same, what a change is called, and which malformed inputs refuse the whole import.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError, type EntityData } from '@ariadne/schema';
import { changedFields, prepareListEntries, storedErrors, MAX_STORED_ERRORS } from '../src/list-delta.ts';
import type { ListEntryInput } from '../src/screening-types.ts';

function person(id: string, properties: Record<string, string[]>): EntityData {
  return { id, schema: 'Person', properties };
}

function designation(entry: string, name: string, extra: Record<string, string[]> = {}): ListEntryInput {
  return {
    entry, subjectId: `syn-${entry}`,
    entities: [
      { id: `syn-${entry}-sanction`, schema: 'Sanction', properties: { entity: [`syn-${entry}`], program: ['Synthetic Regime'] } },
      person(`syn-${entry}`, { name: [name], ...extra }),
    ],
  };
}

function refusal(fn: () => unknown, entry: string): void {
  assert.throws(fn, (error) => isAriadneError(error) && error.code === 'VALIDATION_FAILED' && error.details?.entries === entry);
}

describe('preparing a list import', () => {
  it('keeps the subject, its first name as caption, and a hash that ignores entity order and bookkeeping fields', () => {
    const [a] = prepareListEntries([designation('SYN.1', 'Testperson Alpha', { alias: ['T. Alpha'] })]);
    const input = designation('SYN.1', 'Testperson Alpha', { alias: ['T. Alpha'] });
    const [b] = prepareListEntries([{ ...input, entities: [...input.entities].reverse().map((e) => ({ ...e, first_seen: '2026-01-01', caption: 'x' })) }]);
    assert.equal(a!.caption, 'Testperson Alpha');
    assert.equal(a!.schema, 'Person');
    assert.deepEqual(a!.entities.map((e) => e.id), ['syn-SYN.1', 'syn-SYN.1-sanction']);
    assert.equal(a!.contentHash, b!.contentHash);
    const [c] = prepareListEntries([designation('SYN.1', 'Testperson Alpha', { alias: ['T. Alfa'] })]);
    assert.notEqual(a!.contentHash, c!.contentHash);
  });

  it('refuses a list that names one reference twice, naming the reference', () => {
    refusal(() => prepareListEntries([designation('SYN.1', 'Testperson Alpha'), designation('SYN.2', 'Testperson Beta'), designation('SYN.1', 'Testperson Gamma')]), 'SYN.1');
  });

  it('refuses malformed designations: empty or control-character references, a missing subject, non-string values', () => {
    refusal(() => prepareListEntries([designation('', 'Testperson Alpha')]), '');
    refusal(() => prepareListEntries([designation('SYN\n1', 'Testperson Alpha')]), 'SYN\n1');
    refusal(() => prepareListEntries([designation('x'.repeat(201), 'Testperson Alpha')]), 'x'.repeat(200));
    refusal(() => prepareListEntries([{ ...designation('SYN.3', 'Testperson Alpha'), subjectId: 'syn-elsewhere' }]), 'SYN.3');
    refusal(() => prepareListEntries([{ entry: 'SYN.4', subjectId: 's', entities: [] }]), 'SYN.4');
    refusal(() => prepareListEntries([{ entry: 'SYN.5', subjectId: 's', entities: [person('s', { name: [42 as unknown as string] })] }]), 'SYN.5');
    refusal(() => prepareListEntries([{ entry: 'SYN.6', subjectId: 's', entities: [person('s', {}), person('s', {})] }]), 'SYN.6');
    refusal(() => prepareListEntries([{ entry: 'SYN.7', subjectId: 's', entities: [{ id: 's' } as unknown as EntityData] }]), 'SYN.7');
  });

  it('cleans what PostgreSQL cannot store (NUL, lone surrogates) and keeps huge names whole', () => {
    const huge = 'Testperson '.repeat(100_000);
    const [p] = prepareListEntries([designation('SYN.8', 'Test\u0000person \ud800Alpha', { alias: [huge] })]);
    assert.equal(p!.caption, 'Testperson \ufffdAlpha');
    assert.equal(p!.entities.find((e) => e.id === 'syn-SYN.8')!.properties.alias![0]!.length, huge.length);
  });

  it('keeps the first 1,000 record errors, each cut to a readable size', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => ({ record: `record ${i} ${'r'.repeat(500)}`, message: `bad\u0000 ${'m'.repeat(5000)}` }));
    const kept = storedErrors(errors);
    assert.equal(kept.length, MAX_STORED_ERRORS);
    assert.ok(kept[0]!.record.length <= 200 && kept[0]!.message.length <= 1000);
    assert.ok(!kept[0]!.message.includes('\u0000'));
  });
});

describe('naming what changed', () => {
  const before = [person('s', { name: ['Testperson Alpha'], birthDate: ['1970'] }), { id: 'k', schema: 'Sanction', properties: { program: ['Synthetic Regime'] } }];

  it('names the subject\'s properties whose values differ, sorted', () => {
    const after = [person('s', { name: ['Testperson Alpha'], birthDate: ['1971'], alias: ['T. Alpha'] }), before[1]!];
    assert.deepEqual(changedFields('s', before, after), ['alias', 'birthDate']);
  });

  it('names another entity\'s properties with its schema, and an entity that came or went by its schema', () => {
    const after = [before[0]!, { id: 'k', schema: 'Sanction', properties: { program: ['Synthetic Regime II'] } }, { id: 'a', schema: 'Address', properties: { full: ['Synthetic Street 1'] } }];
    assert.deepEqual(changedFields('s', before, after), ['Address', 'Sanction.program']);
  });

  it('sees a reordering of names as a change (the first name is the primary one)', () => {
    const a = [person('s', { name: ['Testperson Alpha', 'Alpha Testperson'] })];
    const b = [person('s', { name: ['Alpha Testperson', 'Testperson Alpha'] })];
    assert.deepEqual(changedFields('s', a, b), ['name']);
    assert.deepEqual(changedFields('s', a, a), []);
  });
});
