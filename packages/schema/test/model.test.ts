import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultModel } from '@opensanctions/followthemoney';
import { AriadneModel, LOCALES, isAriadneError, loadModel } from '../src/index.ts';
import { EXTENSION_SCHEMATA, LOCALE_CATALOGS } from '../src/generated/model-data.generated.ts';

const model = loadModel();
const EXTENSIONS = ['VictimProfile', 'Exploitation', 'Movement', 'Incident', 'Case', 'Referral'];

test('the model holds every FtM schema and every extension schema', () => {
  for (const name of Object.keys(defaultModel.schemata)) assert.ok(model.hasSchema(name), name);
  for (const name of EXTENSIONS) assert.ok(model.hasSchema(name), name);
  assert.equal(model.schemata().length, Object.keys(defaultModel.schemata).length + EXTENSIONS.length);
  assert.equal(loadModel(), model, 'loadModel is cached');
});

test('extensions build on FtM and are served by its Model class', () => {
  assert.ok(model.isA('Exploitation', 'Interval'));
  assert.ok(model.isA('Incident', 'Event'));
  assert.ok(model.isA('Incident', 'Thing'));
  assert.ok(!model.isA('Person', 'Incident'));
  assert.equal(model.getSchema('Exploitation').getProperty('victim').getRange().name, 'Person');
  const reverse = model.getSchema('Person').getProperty('exploitationsSuffered');
  assert.equal(reverse.stub, true);
  assert.equal(reverse.getReverse().name, 'victim');
  assert.equal(model.getSchema('Exploitation').edge?.source, 'perpetrator');
  assert.ok(model.property('Incident', 'startDate'), 'inherits Interval properties');
});

test('getSchema throws UNKNOWN_SCHEMA; hasSchema resists prototype keys', () => {
  assert.throws(() => model.getSchema('Nope'), (e) => isAriadneError(e) && e.code === 'UNKNOWN_SCHEMA');
  assert.throws(() => model.isA('Person', 'Nope'), (e) => isAriadneError(e) && e.code === 'UNKNOWN_SCHEMA');
  for (const name of ['__proto__', 'constructor', 'toString']) assert.equal(model.hasSchema(name), false, name);
});

test('sealed schemata hold victim data', () => {
  for (const name of ['VictimProfile', 'Exploitation', 'Referral']) assert.equal(model.isSealed(name), true, name);
  for (const name of ['Person', 'Incident', 'Movement', 'Case', 'Thing']) assert.equal(model.isSealed(name), false, name);
});

test('entity helpers: caption, names, textValues, entityRefs', () => {
  const person = { schema: 'Person', properties: { name: ['Amina Yusuf'], alias: ['Umm Ali'], notes: ['seen in Goma'], nationality: ['sd'] } };
  assert.equal(model.caption(person), 'Amina Yusuf');
  assert.equal(model.caption({ schema: 'Person', properties: {} }), 'Person');
  assert.deepEqual(model.names(person), ['Amina Yusuf', 'Umm Ali']);
  assert.deepEqual(model.textValues(person).sort(), ['Amina Yusuf', 'Umm Ali', 'seen in Goma']);
  const exploitation = { schema: 'Exploitation', properties: { perpetrator: ['p1'], victim: ['v1'], form: ['forced_labour'] } };
  assert.deepEqual(model.entityRefs(exploitation), [{ prop: 'perpetrator', id: 'p1' }, { prop: 'victim', id: 'v1' }]);
  assert.equal(model.caption(exploitation), 'forced_labour');
});

test('labels exist in en, ar and fr for every extension schema and property', () => {
  for (const locale of LOCALES) {
    const views = model.view(locale);
    for (const name of EXTENSIONS) {
      const view = views[name];
      assert.ok(view, name);
      assert.ok(view.label && view.plural && view.description, `${locale} ${name}`);
      const spec = EXTENSION_SCHEMATA[name];
      for (const [prop, propSpec] of Object.entries(spec?.properties ?? {})) {
        assert.equal(view.properties[prop]?.label, propSpec.label[locale], `${locale} ${name}.${prop}`);
        for (const [code, label] of Object.entries(propSpec.values ?? {})) {
          assert.equal(view.properties[prop]?.values?.[code], label[locale]);
        }
        if (propSpec.reverse && propSpec.range) {
          assert.equal(views[propSpec.range]?.properties[propSpec.reverse.name]?.label, propSpec.reverse.label[locale]);
        }
      }
    }
  }
  assert.notEqual(model.view('ar').Exploitation?.label, model.view('en').Exploitation?.label);
});

test('every non-abstract FtM schema is labelled in ar and fr, and key properties too', () => {
  for (const locale of ['ar', 'fr'] as const) {
    const views = model.view(locale);
    const catalog = LOCALE_CATALOGS[locale]?.schemata ?? {};
    for (const [name, schema] of Object.entries(defaultModel.schemata)) {
      if (schema.abstract) continue;
      assert.ok(catalog[name]?.label && catalog[name]?.plural, `${locale} ${name}`);
      assert.equal(views[name]?.label, catalog[name]?.label);
    }
    for (const schema of ['Person', 'Organization', 'Company', 'LegalEntity', 'Thing', 'Address', 'BankAccount', 'Payment',
      'Membership', 'Family', 'Associate', 'Vehicle', 'Passport', 'Identification', 'Sanction', 'Event', 'Document']) {
      for (const [prop, spec] of Object.entries(defaultModel.schemata[schema]?.properties ?? {})) {
        if (spec.hidden || spec.stub) continue;
        assert.ok(catalog[schema]?.properties?.[prop], `${locale} ${schema}.${prop}`);
      }
    }
    const person = views.Person;
    for (const prop of ['name', 'alias', 'birthDate', 'nationality', 'gender', 'firstName']) {
      assert.notEqual(person?.properties[prop]?.label, model.view('en').Person?.properties[prop]?.label, `${locale} Person.${prop}`);
    }
  }
  assert.equal(model.view('ar').Person?.label, 'شخص');
  assert.equal(model.view('fr').BankAccount?.properties.iban?.label, 'IBAN');
});

test('SchemaView has the API contract shape', () => {
  const view = model.view('en').Exploitation;
  assert.ok(view);
  assert.deepEqual(Object.keys(view).sort(), [
    'abstract', 'caption', 'description', 'edge', 'extends', 'featured', 'label', 'matchable', 'name',
    'plural', 'properties', 'required', 'sealed',
  ]);
  assert.deepEqual(view.edge, { source: 'perpetrator', target: 'victim', label: 'exploited', directed: true, caption: ['form'] });
  assert.equal(view.sealed, true);
  const victim = view.properties.victim;
  assert.deepEqual(victim, {
    name: 'victim', label: 'Victim', description: null, type: 'entity', hidden: false, multiple: true,
    range: 'Person', reverse: 'exploitationsSuffered',
  });
  assert.equal(model.view('en').Person?.properties.exploitationsSuffered?.hidden, true);
  assert.doesNotThrow(() => JSON.stringify(model.view('fr')));
});

test('the enumeration of exploitation forms is the same on Exploitation and Incident', () => {
  assert.deepEqual(
    EXTENSION_SCHEMATA.Exploitation?.properties?.form?.values,
    EXTENSION_SCHEMATA.Incident?.properties?.forms?.values,
  );
});

test('bad extension specs are refused at load', () => {
  const label = { en: 'X', ar: 'س', fr: 'X' };
  const build = (extensions: object) => () => new AriadneModel({ extensions: extensions as never, catalogs: {} });
  assert.throws(build({ X: { label, plural: label, extends: ['Nope'] } }), /unknown schema Nope/);
  assert.throws(build({ Person: { label, plural: label } }), /already an FtM schema/);
  assert.throws(
    build({ X: { label, plural: label, extends: ['Thing'], properties: { p: { label, range: 'Person', reverse: { name: 'name', label } } } } }),
    /already has name/,
  );
  assert.throws(build({ X: { label, plural: label, extends: ['Thing'], caption: ['nope'] } }), /unknown property nope/);
});
