// The batch screening contract (`ariadne screen`) and list versions from the command line
// (`ariadne lists import|update|versions|changes`, `ariadne screening run`), on the committed
// extracts of the real UN and OFAC lists.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from './run-cli.ts';

const FIXTURES = new URL('../../../packages/sanctions/test/fixtures/', import.meta.url).pathname;
const UN = join(FIXTURES, 'un-consolidated-extract.xml');
const dir = mkdtempSync(join(tmpdir(), 'ariadne-screen-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// the OFAC legacy set as a folder, under the names OFAC publishes
const ofac = join(dir, 'ofac');
mkdirSync(ofac);
for (const name of ['sdn', 'alt', 'add', 'sdn_comments']) copyFileSync(join(FIXTURES, `ofac-${name}.csv`), join(ofac, `${name}.csv`));

const queries = join(dir, 'queries.csv');
writeFileSync(queries, [
  'id,name,birth_date,nationality,gender',
  'q1,Mohamed Salah al-Din Abdelhalim Zidan,1963,,male',
  'q2,Ayman al-Zawahri,,,',
  'q3,محمد صلاح الدين عبدالحليم زيدان,,,',
  'q4,Synthetic Nobody Example,,,',
  'q5,12345,,,',
].join('\n'));

test('screen writes one JSON line per query, matches ordered by score with their explanations', async () => {
  const output = join(dir, 'results.jsonl');
  const run = await runCli(['screen', '--list', UN, '--list', ofac, '--input', queries, '--output', output]);
  assert.equal(run.code, 3, run.stderr); // q5 is a bad row
  assert.match(run.stderr, /un-xml, list un-sc/);
  assert.match(run.stderr, /ofac-csv, list ofac-sdn/);
  assert.match(run.stderr, /line 6: the name "12345" has no letters/);
  assert.match(run.stderr, /4 queries screened \(3 with a match, 1 bad rows\)/);
  const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.id), ['q1', 'q2', 'q3', 'q4', 'q5']);
  const [q1, q2, q3, q4, q5] = lines;
  assert.deepEqual([q1.matches[0].entry, q1.matches[0].list, q1.matches[0].match], ['QDi.001', 'un-sc', true]);
  assert.ok(q1.matches[0].score > 0.7 && q1.matches[0].score <= 1);
  assert.ok(Array.isArray(q1.matches[0].explanation) && q1.matches[0].explanation.length > 0);
  for (const l of lines) for (let i = 1; i < l.matches.length; i++) assert.ok(l.matches[i - 1].score >= l.matches[i].score);
  assert.deepEqual([q2.matches[0].entry, q2.matches[0].list], ['2676', 'ofac-sdn']);
  assert.equal(q3.matches[0].entry, 'QDi.001');
  assert.deepEqual(q4.matches.filter((m: { match: boolean }) => m.match), []);
  assert.match(q5.error, /no letters/);
  assert.ok(!existsSync(`${output}.partial-${process.pid}`));
});

test('screen --threads 2 writes exactly the file --threads 1 writes, bad rows included, in input order', async () => {
  // synthetic respellings of two listed names and invented names that match nothing, more rows
  // than one batch of a worker holds, so batches come back out of order and must be put back
  const given = ['Mohamed', 'Muhammad', 'Mohammed', 'Mohamad'];
  const family = ['Zidan', 'Zidane', 'Zeidan', 'Zaydan'];
  const rows = ['id,name,birth_date,nationality,gender'];
  for (let i = 0; i < 1200; i++) {
    if (i === 600) rows.push('bad-600,12345,,,');
    else if (i % 3 === 0) rows.push(`r${i},${given[i % 4]} Salah al-Din Abdelhalim ${family[(i >> 2) % 4]},${i % 2 ? '1963' : ''},,`);
    else if (i % 3 === 1) rows.push(`r${i},Ayman ${['al-Zawahri', 'el-Zawahiri', 'Zawahry'][i % 3]},,,`);
    else rows.push(`r${i},Testperson ${i.toString(36)} Synthetic,,,`);
  }
  const many = join(dir, 'many-queries.csv');
  writeFileSync(many, rows.join('\n'));
  const outputs: string[] = [];
  for (const threads of ['1', '2']) {
    const output = join(dir, `threads-${threads}.jsonl`);
    const run = await runCli(['screen', '--list', UN, '--list', ofac, '--input', many, '--output', output, '--threads', threads]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /many-queries\.csv line 602: the name "12345" has no letters/);
    assert.match(run.stderr, new RegExp(`1199 queries screened \\(\\d+ with a match, 1 bad rows\\).* on ${threads} thread`));
    outputs.push(readFileSync(output, 'utf8'));
  }
  assert.equal(outputs[1], outputs[0]);
  const lines = outputs[0]!.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.id), rows.slice(1).map((r) => r.split(',')[0]));
  assert.match(lines[600].error, /no letters/);
  assert.equal(lines[0].matches[0].entry, 'QDi.001');
  assert.equal(lines[1].matches[0].entry, '2676');
});

test('screen refuses --threads 0 as a usage error', async () => {
  const run = await runCli(['screen', '--list', UN, '--input', queries, '--output', join(dir, 'never-threads.jsonl'), '--threads', '0']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--threads/);
});

test('screen refuses an unreadable list or queries file with one line and exit 5, writing nothing', async () => {
  const output = join(dir, 'never.jsonl');
  const hostile = join(dir, 'hostile.xml');
  writeFileSync(hostile, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST>&e;</CONSOLIDATED_LIST>');
  const refused = await runCli(['screen', '--list', hostile, '--input', queries, '--output', output]);
  assert.equal(refused.code, 5, refused.stderr);
  assert.match(refused.stderr, /DOCTYPE/);
  const noHeader = join(dir, 'no-header.csv');
  writeFileSync(noHeader, 'who,fullname\nq1,Testperson\n');
  const bad = await runCli(['screen', '--list', UN, '--input', noHeader, '--output', output]);
  assert.equal(bad.code, 5);
  assert.match(bad.stderr, /no id or name column/);
  assert.equal(existsSync(output), false);
  const missing = await runCli(['screen', '--list', join(dir, 'nope.xml'), '--input', queries, '--output', output]);
  assert.equal(missing.code, 5);
});

test('lists import stores versions with their delta; update falls back to a local copy without a network', async () => {
  const data = join(dir, 'data');
  const first = await runCli(['--data', data, 'lists', 'import', UN, ofac]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /un-sc: version \S+ from un-consolidated-extract\.xml \(un-xml, published 2026-02-27\S*\): 18 designations, 18 added, 0 removed, 0 changed/);
  assert.match(first.stdout, /ofac-sdn: version \S+ .*0 removed/);

  const again = await runCli(['--data', data, 'lists', 'import', UN]);
  assert.match(again.stdout, /un-sc: unchanged/);

  const changed = join(dir, 'un-next.xml');
  writeFileSync(changed, readFileSync(UN, 'utf8').replace('SALAHALDIN', 'SALAH ALDIN'));
  const second = await runCli(['--data', data, 'lists', 'import', changed]);
  assert.match(second.stdout, /18 designations, 0 added, 0 removed, 1 changed/);

  const versions = await runCli(['--data', data, 'lists', 'versions', '--list', 'un-sc']);
  const rows = versions.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(rows.map((r) => r[2]), ['current', 'old']);
  const delta = await runCli(['--data', data, 'lists', 'changes', rows[0]![0]!]);
  assert.match(delta.stdout, /^changed\tQDi\.001\t.*name/m);

  // a mirror nobody answers on stands for "no network": the local copy given is imported instead
  const nowhere = 'http://127.0.0.1:9/consolidated.xml';
  const update = await runCli(['--data', data, 'lists', 'update', '--list', 'un-sc', '--mirror', nowhere, '--local', UN, '--timeout', '5']);
  assert.equal(update.code, 0, update.stderr);
  assert.match(update.stderr, /un-sc: .*importing the local copy/);
  assert.match(update.stdout, /1 changed/);
  const unreachable = await runCli(['--data', data, 'lists', 'update', '--list', 'eu-fsf', '--mirror', nowhere, '--timeout', '5']);
  assert.equal(unreachable.code, 6);

  const screening = await runCli(['--data', data, 'screening', 'run']);
  assert.equal(screening.code, 0, screening.stderr);
  assert.match(screening.stdout, /0 subjects screened/);
});

test('alerts, duplicates and the dossier from the command line', async () => {
  const data = join(dir, 'review');
  const caseId = (await runCli(['--data', data, 'case', 'create', 'Synthetic review case'])).stdout.trim();
  const people = join(dir, 'people.ftm.jsonl');
  writeFileSync(people, [
    { id: 'syn-p1', schema: 'Person', properties: { name: ['Mohammed Salahaldin Zidane'] } },
    { id: 'syn-p2', schema: 'Person', properties: { name: ['Testperson Abdulrahman Synthetic'], birthDate: ['1980-02-03'] } },
    { id: 'syn-p3', schema: 'Person', properties: { name: ['Abd al-Rahman Testperson Synthetic'], birthDate: ['1980-02-03'] } },
  ].map((e) => JSON.stringify(e)).join('\n'));
  assert.equal((await runCli(['--data', data, 'import', people, '--format', 'ftm', '--case', caseId])).code, 0);
  assert.equal((await runCli(['--data', data, 'lists', 'import', UN])).code, 0);
  assert.match((await runCli(['--data', data, 'screening', 'run'])).stdout, /3 subjects screened, 1 new alerts/);

  const [alert] = (await runCli(['--data', data, 'alerts', 'list', '--status', 'open'])).stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual([alert![1], alert![3], alert![4], alert![5]], ['open', 'un-sc', 'QDi.001', 'syn-p1']);
  const noReason = await runCli(['--data', data, 'alerts', 'decide', alert![0]!, '--status', 'false_positive']);
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /--note/);
  const decided = await runCli(['--data', data, 'alerts', 'decide', alert![0]!, '--status', 'false_positive', '--note', 'Synthetic subject, not the listed person.']);
  assert.match(decided.stdout, /\tfalse_positive\tun-sc\tQDi\.001/);
  assert.equal((await runCli(['--data', data, 'alerts', 'list', '--status', 'open'])).stdout, '');

  assert.match((await runCli(['--data', data, 'duplicates', 'scan', '--case', caseId])).stdout, /3 persons and organisations compared, 1 pairs proposed, 1 new/);
  const [pair] = (await runCli(['--data', data, 'duplicates', 'list', '--status', 'open'])).stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual([pair![3], pair![4]], ['syn-p2', 'syn-p3']);
  assert.match((await runCli(['--data', data, 'duplicates', 'decide', pair![0]!, '--status', 'merged'])).stdout, /\tmerged\t/);
  assert.match((await runCli(['--data', data, 'duplicates', 'undo', pair![0]!])).stdout, /\topen\t/);

  const pdf = join(dir, 'dossier.pdf');
  const dossier = await runCli(['--data', data, 'dossier', 'syn-p1', '--format', 'pdf', '--output', pdf]);
  assert.equal(dossier.code, 0, dossier.stderr);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  assert.equal((await runCli(['--data', data, 'dossier', 'syn-p1', '--output', pdf])).code, 2, 'an existing file is never overwritten');
});
