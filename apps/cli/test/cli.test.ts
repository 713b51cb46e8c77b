/**
 * The real CLI as a child process (`node apps/cli/bin/ariadne.mjs …`) on a temp data folder:
 * help texts, users, imports with their exit codes, an export round trip, journal verification
 * before and after tampering, DATABASE_URL, and `serve` answering /api/health.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@ariadne/store';
import { createTestBackend } from '@ariadne/store/testing';
import { BIN, runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-cli-'));
const data = join(dir, 'data');
const file = (name: string, content: string) => { const p = join(dir, name); writeFileSync(p, content); return p; };

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, env);

const person = (id: string, name: string) => JSON.stringify({ id, schema: 'Person', properties: { name: [name] } });

describe('ariadne CLI', () => {
  it('has --help for every command, with examples and exit codes', async () => {
    const runs = await Promise.all([[], ['serve'], ['user', 'add'], ['import'], ['export'], ['journal', 'verify'], ['worker'], ['job', 'show'], ['case', 'create'], ['evidence', 'add'], ['evidence', 'export'], ['evidence', 'verify'], ['evidence', 'verify-receipt']].map((c) => cli([...c, '--help'])));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.match(runs[0]!.stdout, /Exit codes:[\s\S]*4 {2}the journal, an evidence bundle or a sharing package does not verify/);
    for (const run of runs.slice(1)) assert.match(run.stdout, /Examples?:/);
    const bad = await cli(['import', 'x.jsonl', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^ariadne: .*Allowed choices are ftm, csv/);
  });

  describe('on one PGlite data folder', () => {
    it('adds a user with a one-time password, refuses bad roles', async () => {
      const added = await cli(['--data', data, 'user', 'add', '--username', 'test.investigator', '--role', 'investigator', '--display-name', 'Test Investigator']);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /One-time password for test\.investigator: \S{5}-\S{5}-\S{5}-\S{5}/);
      const again = await cli(['--data', data, 'user', 'add', '--username', 'test.investigator', '--role', 'nobody']);
      assert.equal(again.code, 2);
      assert.equal(again.stderr.trim().split('\n').length, 1, 'one line, no stack');
    });

    it('imports good and bad files with exit codes 0, 3 and 5', async () => {
      const good = file('good.jsonl', [person('cli-p1', 'Testperson Alpha'), person('cli-p2', 'Testperson Beta')].join('\n'));
      const ok = await cli(['--data', data, 'import', good, '--format', 'ftm']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /rows imported: +2/);

      const bad = file('bad.jsonl', [person('cli-p3', 'Testperson Gamma'), '{nope', person('cli-p3', 'Testperson Gamma')].join('\n'));
      const errorsFile = join(dir, 'errors.jsonl');
      const withBad = await cli(['--data', data, 'import', bad, '--format', 'ftm', '--errors-file', errorsFile]);
      assert.equal(withBad.code, 3, withBad.stderr);
      assert.match(withBad.stdout, /line 2: not valid JSON/);
      assert.match(withBad.stdout, /line 3: duplicate id cli-p3, first seen on line 1/);
      assert.equal(readFileSync(errorsFile, 'utf8').trim().split('\n').length, 2);

      const mapping = file('map.yaml', 'entities:\n  p:\n    schema: Person\n    keys: [id]\n    properties:\n      name: { column: name }\n');
      const broken = file('broken.csv', 'id,name\n1,Testperson Delta\n2,"Testperson Open\n');
      const failed = await cli(['--data', data, 'import', broken, '--format', 'csv', '--mapping', mapping]);
      assert.equal(failed.code, 5);
      assert.match(failed.stderr, /stopped at line 3/);
      const missing = await cli(['--data', data, 'import', join(dir, 'nope.jsonl'), '--format', 'ftm']);
      assert.equal(missing.code, 5);
      assert.match(missing.stderr, /^ariadne: Cannot read .*ENOENT/);
      const badMapping = file('bad-map.json', '{"entities": {"p": {"schema": "Persn", "keys": ["id"]}}}');
      const usage = await cli(['--data', data, 'import', broken, '--format', 'csv', '--mapping', badMapping]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /entities\.p\.schema: unknown schema "Persn"/);
    });

    it('round-trips an export: import → export → re-import gives the same entities', async () => {
      const exported = await cli(['--data', data, 'export']);
      assert.equal(exported.code, 0, exported.stderr);
      const lines = exported.stdout.trim().split('\n');
      const ids = lines.map((l) => JSON.parse(l).id).sort();
      // the CSV row committed before the unterminated quote has FtM's id sha1('' + '1')
      assert.deepEqual(ids, ['356a192b7913b04c54574d18c28d46e6395428ab', 'cli-p1', 'cli-p2', 'cli-p3']);
      const path = file('export.jsonl', exported.stdout);
      const reimport = await cli(['--data', data, 'import', path, '--format', 'ftm', '--source', 'roundtrip']);
      assert.equal(reimport.code, 0, reimport.stderr);
      const second = await cli(['--data', data, 'export', '--output', join(dir, 'export2.jsonl')]);
      assert.equal(second.code, 0);
      assert.equal(readFileSync(join(dir, 'export2.jsonl'), 'utf8'), exported.stdout);
    });

    it('verifies the journal, and names the altered entry after tampering (exit 4)', async () => {
      const ok = await cli(['--data', data, 'journal', 'verify']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /OK/);
      assert.match(ok.stdout, /head: +[0-9a-f]{64}/);
      const db = await openDatabase({ dataDir: join(data, 'db') });
      await db.executeSql('alter table journal disable trigger journal_append_only');
      await db.executeSql("update journal set action = 'entity.tampered' where seq = 3");
      await db.close();
      const broken = await cli(['--data', data, 'journal', 'verify']);
      assert.equal(broken.code, 4);
      assert.match(broken.stdout, /BROKEN: entry 3 /);
    });
  });

  describe('with DATABASE_URL', () => {
    let backend: Awaited<ReturnType<typeof createTestBackend>>;
    before(async () => { backend = await createTestBackend('postgres'); });
    after(() => backend.drop());

    it('uses the PostgreSQL server instead of the data folder', async () => {
      const env = { DATABASE_URL: (backend.options as { databaseUrl: string }).databaseUrl, ARIADNE_PASSWORD: 'a long test passphrase 42' };
      const emptyData = join(dir, 'unused');
      const added = await cli(['--data', emptyData, 'user', 'add', '--username', 'pg.user', '--role', 'analyst'], env);
      assert.equal(added.code, 0, added.stderr);
      assert.doesNotMatch(added.stdout, /One-time password/);
      const verify = await cli(['--data', emptyData, 'journal', 'verify'], env);
      assert.equal(verify.code, 0);
      assert.match(verify.stdout, /entries: 1/);
      const bad = await cli(['journal', 'verify'], { DATABASE_URL: 'mysql://nope' });
      assert.equal(bad.code, 2);
    });

    it('queues a background import that a separate worker process runs, with progress', async () => {
      const env = { DATABASE_URL: (backend.options as { databaseUrl: string }).databaseUrl };
      const lines = Array.from({ length: 30 }, (_, i) => person(`bg-${i}`, `Testperson Background ${i}`));
      const queued = await cli(['import', file('background.jsonl', [...lines, '{broken'].join('\n')), '--format', 'ftm', '--background', '--batch-size', '10'], env);
      assert.equal(queued.code, 0, queued.stderr);
      const id = /Queued import job (\S+)\./.exec(queued.stdout)?.[1];
      assert.ok(id, queued.stdout);
      const pending = JSON.parse((await cli(['job', 'show', id], env)).stdout);
      assert.equal(pending.state, 'queued');

      const worker = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      worker.stdout.on('data', (c) => (log += c));
      worker.stderr.resume();
      try {
        let job = pending;
        for (let i = 0; i < 100 && job.state !== 'completed' && job.state !== 'failed'; i++) {
          await new Promise((r) => setTimeout(r, 300));
          job = JSON.parse((await cli(['job', 'show', id], env)).stdout);
        }
        assert.equal(job.state, 'completed', JSON.stringify(job));
        assert.equal(job.result.rowsOk, 30);
        assert.equal(job.result.rowsFailed, 1);
        assert.equal(job.result.firstErrors[0].line, 31);
        assert.ok(job.progress && job.progress.done === job.progress.total, 'progress reached the end of the file');
        assert.match(log, new RegExp(`job ${id}: import \\S+ done, 30 rows ok, 1 bad`));
      } finally {
        worker.kill('SIGTERM');
      }
      const [code] = await new Promise<[number | null]>((r) => worker.on('close', (c) => r([c])));
      assert.equal(code, 0);
      const pglite = await cli(['--data', data, 'worker']);
      assert.equal(pglite.code, 2, 'a worker needs a shared PostgreSQL server');
    });
  });

  it('serves /api/health, creates the admin once, loads the demo, stops on SIGTERM', async () => {
    const serveData = join(dir, 'serve-data');
    const child = spawn(process.execPath, [BIN, '--data', serveData, 'serve', '--port', '0', '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stderr.resume();
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}`)), 60_000);
      child.stdout.on('data', (c) => {
        stdout += c;
        const found = /listening on (http:\/\/\S+\/)/.exec(stdout);
        if (found) { clearTimeout(timer); resolve(found[1]!); }
      });
      child.on('exit', () => reject(new Error(`serve exited: ${stdout}`)));
    });
    const health = await fetch(new URL('api/health', url));
    assert.equal(health.status, 200);
    assert.equal((await health.json() as { status: string }).status, 'ok');
    assert.match(stdout, /created the user "admin"[\s\S]*One-time password: \S+/);
    assert.match(stdout, /Loaded the demo case "DEMO — synthetic trafficking network \(invented data\)" \(30 entities, 2 evidence items/);
    assert.match(stdout, /an extract of the UN sanctions list \(18 designations/);
    assert.match(stdout, /demo\.investigator: \S+/);
    const code = await new Promise<number | null>((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); });
    assert.equal(code, 0);
  });
});
