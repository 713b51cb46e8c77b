/** Mapping validation: every problem is reported at once, by path, in words an analyst can act on. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import { compileMapping, parseMapping, validateMapping } from '../src/index.ts';
import { model } from './helpers.ts';

function problems(raw: unknown): Record<string, string> {
  try {
    validateMapping(raw, model);
  } catch (error) {
    assert.ok(isAriadneError(error) && error.code === 'VALIDATION_FAILED');
    return { ...error.details };
  }
  assert.fail('expected the mapping to be refused');
}

describe('CSV mappings', () => {
  it('accepts JSON and YAML, and FtM query wrapping', () => {
    const yaml = 'queries:\n  - entities:\n      p:\n        schema: Person\n        key: id\n        properties:\n          name: { column: name }\n';
    const fromYaml = parseMapping(yaml, model);
    assert.deepEqual(fromYaml.entities.p?.keys, ['id']);
    const fromJson = parseMapping(JSON.stringify({ entities: { p: { schema: 'Person', id_column: 'id' } } }), model);
    assert.equal(fromJson.entities.p?.idColumn, 'id');
  });

  it('names each problem by its path', () => {
    const found = problems({
      entities: {
        a: { schema: 'Persn', keys: ['id'] },
        b: { schema: 'Thing', keys: ['id'] },
        c: { schema: 'Person', properties: { name: { column: 'n' } } },
        d: { schema: 'Person', keys: ['id'], colour: 'red', properties: { nmae: { column: 'n' }, name: { column: 'n', literal: 'x' }, alias: 'n' } },
        e: { schema: 'Ownership', keys: ['id'], properties: { owner: { entity: 'nobody' }, asset: { columns: [] } } },
        f: { schema: 'Person', keys: ['id'], properties: { name: { entity: 'd' } } },
      },
    });
    assert.match(found['entities.a.schema']!, /unknown schema "Persn"/);
    assert.match(found['entities.b.schema']!, /abstract/);
    assert.match(found['entities.c']!, /give keys/);
    assert.match(found['entities.d']!, /unsupported key "colour"/);
    assert.match(found['entities.d.properties.nmae']!, /Person has no property nmae/);
    assert.match(found['entities.d.properties.name']!, /exactly one of/);
    assert.match(found['entities.d.properties.alias']!, /expected an object/);
    assert.match(found['entities.e.properties.owner.entity']!, /no entity mapping named "nobody"/);
    assert.match(found['entities.e.properties.asset.columns']!, /list of column names/);
    assert.match(found['entities.f.properties.name']!, /only entity-typed properties/);
  });

  it('refuses a mapping without entities and text that is neither JSON nor YAML', () => {
    assert.match(problems({}).entities!, /at least one entity mapping/);
    assert.match(problems([1, 2]).entities!, /at least one/);
    assert.throws(() => parseMapping('entities: [\n  {', model), /neither JSON nor YAML \(line \d+/);
  });

  it('finds the columns a CSV header lacks', () => {
    const mapping = validateMapping({ entities: { p: { schema: 'Person', keys: ['id'], properties: { name: { columns: ['first', 'last'], join: ' ' } } } } }, model);
    assert.deepEqual(compileMapping(mapping, ['id', 'first']), { missing: ['last'] });
  });
});
