import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PropertyView, SchemaView } from '../src/api/types.ts';
import { ancestors, formProperties, groupSchemata } from '../src/schema/schema-model.ts';

function prop(name: string, extra: Partial<PropertyView> = {}): PropertyView {
  return { name, label: name[0]!.toUpperCase() + name.slice(1), type: 'string', hidden: false, multiple: true, ...extra };
}

function schema(name: string, extra: Partial<SchemaView> = {}): SchemaView {
  return {
    name, label: name, plural: `${name}s`, extends: [], abstract: false, matchable: true, sealed: false,
    caption: ['name'], featured: [], required: [], properties: {}, ...extra,
  };
}

const schemata = {
  Thing: schema('Thing', { abstract: true }),
  LegalEntity: schema('LegalEntity', { abstract: true, extends: ['Thing'] }),
  Person: schema('Person', { extends: ['LegalEntity'] }),
  Company: schema('Company', { extends: ['LegalEntity'] }),
  Vehicle: schema('Vehicle', { extends: ['Thing'] }),
  Interval: schema('Interval', { abstract: true }),
  Ownership: schema('Ownership', { extends: ['Interval'], edge: { source: 'owner', target: 'asset' } }),
  Note: schema('Note'),
};

test('ancestors are transitive', () => {
  assert.deepEqual([...ancestors(schemata, 'Person')].sort(), ['LegalEntity', 'Person', 'Thing']);
});

test('groupSchemata leaves out abstract schemata and groups the rest', () => {
  const groups = groupSchemata(schemata, 'en').map((g) => [g.group, g.schemata.map((s) => s.name)]);
  assert.deepEqual(groups, [
    ['parties', ['Company', 'Person']],
    ['things', ['Vehicle']],
    ['relations', ['Ownership']],
    ['other', ['Note']],
  ]);
});

test('formProperties puts featured and required first and hides hidden ones', () => {
  const person = schema('Person', {
    featured: ['name', 'nationality'], required: ['name', 'birthDate'],
    properties: {
      name: prop('name'), nationality: prop('nationality'), birthDate: prop('birthDate'),
      alias: prop('alias'), weakAlias: prop('weakAlias'), secret: prop('secret', { hidden: true }),
    },
  });
  const { primary, more } = formProperties(person, { alsoPrimary: ['weakAlias'] });
  assert.deepEqual(primary.map((p) => p.name), ['name', 'nationality', 'birthDate', 'weakAlias']);
  assert.deepEqual(more.map((p) => p.name), ['alias']);
});
