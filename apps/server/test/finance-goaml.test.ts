/**
 * goAML configuration and the XSD as final judge: an FIU whose XSD is stricter than the writer's
 * knowledge refuses a report (422, nothing recorded); an installation without configuration
 * refuses to export (409, saying what to configure); configuration files that cannot be used are
 * refused with what is wrong.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAriadneError } from '@ariadne/schema';
import { financeSettings } from '../src/finance/finance-settings.ts';
import { loadGoamlConfig, loadGoamlSchema, SHIPPED_GOAML_DIR, unconfiguredGoaml } from '../src/finance/goaml-config.ts';
import { GoamlReports } from '../src/finance/goaml-reports.ts';
import { as, backends, caseWith, openTestApp, type Signed, type TestApp } from './helpers.ts';
import { GOAML_CONFIG, TEST_FINANCE } from './finance-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-goaml-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function conflict(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isAriadneError(error), String(error));
    assert.equal(error.code, 'CONFLICT');
    return `${error.message} ${JSON.stringify(error.details ?? {})}`;
  }
  assert.fail('expected a CONFLICT');
}

describe('goAML configuration', () => {
  test('without a file: the shipped example schemas, and no reporting entity', async () => {
    const config = await loadGoamlConfig(null);
    assert.equal(config.reportingEntity, null);
    assert.deepEqual(Object.keys(config.schemas).sort(), ['2.0', '5.0.2']);
    assert.equal(config.schemas['5.0.2']?.xsdPath, join(SHIPPED_GOAML_DIR, 'schemas', 'goAMLSchema-5.0.2.xsd'));
    const schema = await loadGoamlSchema('5.0.2', config.schemas['5.0.2']!);
    assert.ok(schema.codeLists.has('report_type', 'STR'));
    schema.xsd.dispose();
  });

  test('a file lists the versions its FIU accepts; paths are relative to it', async () => {
    const xsd = readFileSync(join(SHIPPED_GOAML_DIR, 'schemas', 'goAMLSchema-2.0.xsd'), 'utf8');
    writeFileSync(join(dir, 'fiu.xsd'), xsd);
    const config = await loadGoamlConfig(writeJson('one-version.json', { ...GOAML_CONFIG, schemas: { '2.0': { xsd: 'fiu.xsd' } } }));
    assert.deepEqual(Object.keys(config.schemas), ['2.0']);
    assert.equal(config.schemas['2.0']?.xsdPath, join(dir, 'fiu.xsd'));
    assert.equal(config.reportingEntity?.id, 12);
  });

  test('files that cannot be used are refused with what is wrong, never their content', async () => {
    assert.match(await conflict(loadGoamlConfig(join(dir, 'missing.json'))), /cannot be read \(ENOENT\)/);
    assert.match(await conflict(loadGoamlConfig(writeJson('bad.json', '{"reportingEntity": '))), /not valid JSON/);
    assert.match(await conflict(loadGoamlConfig(writeJson('huge.json', `{"timeZone": "${'x'.repeat(1_100_000)}"}`))), /larger than 1 MB/);
    const unknown = await conflict(loadGoamlConfig(writeJson('unknown.json', { ...GOAML_CONFIG, password: 'hunter2' })));
    assert.match(unknown, /password: unknown key/);
    assert.equal(unknown.includes('hunter2'), false);
    assert.match(await conflict(loadGoamlConfig(writeJson('short-key.json', { ...GOAML_CONFIG, pseudonymKey: 'short' }))), /pseudonymKey: at least 16 bytes/);
    assert.match(await conflict(loadGoamlConfig(writeJson('rentity.json', { ...GOAML_CONFIG, reportingEntity: { ...GOAML_CONFIG.reportingEntity, id: 0 } }))), /reportingEntity\.id/);
    assert.match(await conflict(loadGoamlConfig(writeJson('version.json', { ...GOAML_CONFIG, schemas: { '9.9': {} } }))), /schemas/);
    writeFileSync(join(dir, 'not-a-schema.xsd'), '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    const hostile = await loadGoamlConfig(writeJson('hostile-xsd.json', { ...GOAML_CONFIG, schemas: { '5.0.2': { xsd: 'not-a-schema.xsd' } } }));
    assert.match(await conflict(loadGoamlSchema('5.0.2', hostile.schemas['5.0.2']!)), /XSD of schema 5\.0\.2.*DOCTYPE/);
    const crossed = await loadGoamlConfig(writeJson('crossed.json', {
      ...GOAML_CONFIG, schemas: { '5.0.2': { codeLists: join(SHIPPED_GOAML_DIR, 'code-lists', '2.0-example.json') } },
    }));
    assert.match(await conflict(loadGoamlSchema('5.0.2', crossed.schemas['5.0.2']!)), /are for schema 2\.0/);
  });

  test('an installation without configuration refuses to export, saying what to configure', async () => {
    const reports = new GoamlReports({ store: {} as never, settings: financeSettings(TEST_FINANCE), now: () => new Date() });
    const fiuCase = { id: 'fc_1', caseId: 'c1' } as never;
    const message = await conflict(reports.export({ kind: 'system', id: 'test' }, fiuCase, { schemaVersion: '5.0.2' }));
    assert.match(message, /reporting entity is not configured: set ARIADNE_GOAML_CONFIG/);
    assert.deepEqual(Object.keys(unconfiguredGoaml().schemas).sort(), ['2.0', '5.0.2']);
  });
});

for (const backend of backends) {
  describe(`goAML export against a stricter FIU schema (${backend})`, () => {
    let t: TestApp;
    let fiu: Signed;
    let caseId: string;

    before(async () => {
      // this FIU allows entity references of at most 8 characters: the writer cannot know, the XSD does
      const strict = readFileSync(join(SHIPPED_GOAML_DIR, 'schemas', 'goAMLSchema-5.0.2.xsd'), 'utf8')
        .replace(/(<xs:element name="entity_reference">\s*<xs:simpleType>\s*<xs:restriction base="xs:string">\s*<xs:maxLength value=")255/, '$18');
      assert.notEqual(strict, readFileSync(join(SHIPPED_GOAML_DIR, 'schemas', 'goAMLSchema-5.0.2.xsd'), 'utf8'));
      writeFileSync(join(dir, 'strict-5.0.2.xsd'), strict);
      const goamlConfigPath = writeJson('strict.json', { ...GOAML_CONFIG, schemas: { '5.0.2': { xsd: 'strict-5.0.2.xsd' } } });
      t = await openTestApp(backend, { config: { finance: { ...TEST_FINANCE, goamlConfigPath } } });
      caseId = await caseWith(t, 'Synthetic strict FIU case', ['fiu_analyst']);
      fiu = await t.signIn('fiu_analyst');
    });
    after(async () => t.close());

    test("the FIU's report codes and indicators are offered from its code lists; an unconfigured version is a conflict", async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/finance/goaml/code-lists?schemaVersion=5.0.2', headers: as(fiu) });
      assert.equal(res.statusCode, 200);
      const lists = res.json() as { reportCodes: { code: string }[]; indicators: { code: string; label?: string }[] };
      assert.ok(lists.reportCodes.some((c) => c.code === 'STR'));
      assert.ok(lists.indicators.length > 400);
      assert.ok(lists.indicators.find((c) => c.code === 'STRUC')?.label);
      const other = await t.app.inject({ method: 'GET', url: '/api/finance/goaml/code-lists?schemaVersion=2.0', headers: as(fiu) });
      assert.equal(other.statusCode, 409);
      const bad = await t.app.inject({ method: 'GET', url: '/api/finance/goaml/code-lists?schemaVersion=9', headers: as(fiu) });
      assert.equal(bad.statusCode, 400);
    });

    test('the XSD refuses the report: 422 naming the element, nothing recorded or journalled', async () => {
      const transactions = [1, 2, 3].map((n) => ({
        id: `ST-${n}`, from: `ACC-030${n}`, to: 'ACC-0200', amount: 700 + n, timestamp: `2026-02-0${n}T10:00:00Z`, fromBank: 'OTHRGB2L', toBank: 'OTHRGB2L',
      }));
      const streamed = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/finance/transactions`, headers: as(fiu), payload: { transactions } });
      assert.equal(streamed.statusCode, 200, streamed.body);
      const [alert] = streamed.json().alerts;
      assert.ok(alert, 'the third sender raises the fan-in');
      const created = await t.app.inject({ method: 'POST', url: '/api/finance/cases', headers: as(fiu), payload: { caseId, title: 'Strict FIU', alertIds: [alert.id] } });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id;
      await t.app.inject({ method: 'PATCH', url: `/api/finance/cases/${id}`, headers: as(fiu), payload: { indicators: ['STRUC'] } });

      const res = await t.app.inject({ method: 'POST', url: `/api/finance/cases/${id}/report`, headers: as(fiu), payload: { schemaVersion: '5.0.2' } });
      assert.equal(res.statusCode, 422, res.body);
      const problem = res.json();
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.match(problem.detail, /does not validate against the FIU's schema/);
      assert.match(problem.detail, /entity_reference/);
      assert.equal(problem.detail.includes(id), false, 'libxml2 messages keep the element, not the value');

      const fiuCase = await t.store.getFiuCase(id);
      assert.equal(fiuCase?.status, 'draft');
      assert.equal(fiuCase?.reportSha256, null);
      const journal = (await t.store.listJournal({ caseId }, { limit: 200 })).items;
      assert.equal(journal.some((e) => e.action === 'finance.report.export'), false);

      const other = await t.app.inject({ method: 'POST', url: `/api/finance/cases/${id}/report`, headers: as(fiu), payload: { schemaVersion: '2.0' } });
      assert.equal(other.statusCode, 409, 'this FIU takes 5.0.2 only');
      assert.match(other.json().detail, /2\.0 is not configured/);
    });
  });
}
