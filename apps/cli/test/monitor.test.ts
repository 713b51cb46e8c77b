// `ariadne monitor …` end to end, as the operator runs it: hotspots and routes on files (no store),
// import into a temporary store (PGlite), the same analyses on the store, releases through the
// publication gate with the budget from the environment, the ledger, and reports. Every datum is
// synthetic: places are uninhabited territories (AQ, BV, HM), incidents are invented.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-monitor-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/**
 * 2024, month by month: a cluster near (-70.0, 10.0) growing from 1 to 12 incidents a month, one
 * incident a month at each of eight places far apart, and one unverified incident a month that
 * the default verification filter leaves out.
 */
function incidentsCsv(extraRows: readonly string[] = []): string {
  const rows = ['Incident,Date,Country,Latitude,Longitude,Type,Status', '#event+id,#date+occurred,#country+code,#geo+lat,#geo+lon,#event+type,#status+verification'];
  let id = 0;
  for (let month = 1; month <= 12; month++) {
    const date = `2024-${String(month).padStart(2, '0')}-15`;
    for (let i = 0; i < month; i++) rows.push(`${++id},${date},AQ,${(-70 + (i % 4) * 0.001).toFixed(3)},${(10 + (i % 3) * 0.001).toFixed(3)},tip:exploitation,verified`);
    for (let place = 0; place < 8; place++) rows.push(`${++id},${date},AQ,${-72 - place},${-40 + place * 9},tip:recruitment,verified`);
    rows.push(`${++id},${date},AQ,-80,100,tip:transit,reported`);
  }
  return [...rows, ...extraRows].join('\n') + '\n';
}

/** HTCDS events: 2 cases through AQ → BV → HM in 2023; in 2024, 5 through BV and 3 straight AQ → HM */
function htcdsCsv(): string {
  const rows = ['cas_Id,prs_Gender,vic_TraffickingStatus,vic_AgeWhenTrafficked,vic_TypeOfExploitation,hte_Type,hte_Date,hte_Country,con_Consent'];
  const trip = (caseId: string, year: number, transit: boolean) => {
    rows.push(`${caseId},Female,ActualVictimOfTrafficking,16,ForcedLabour,Recruitment,${year}-03-01,AQ,true`);
    if (transit) rows.push(`${caseId},Female,ActualVictimOfTrafficking,16,ForcedLabour,Transit,${year}-03-10,BV,true`);
    rows.push(`${caseId},Female,ActualVictimOfTrafficking,16,ForcedLabour,Exploitation,${year}-04-01,HM,true`);
  };
  for (let i = 1; i <= 2; i++) trip(`CASE-${i}`, 2023, true);
  for (let i = 3; i <= 7; i++) trip(`CASE-${i}`, 2024, true);
  for (let i = 8; i <= 10; i++) trip(`CASE-${i}`, 2024, false);
  return rows.join('\n') + '\n';
}

const INCIDENTS = file('incidents-hxl.csv', incidentsCsv());
const ROUTES = file('routes-htcds.csv', htcdsCsv());

interface HotspotsJson {
  steps: string[];
  counted: number;
  cells: { cell: string; count: number; z: number; p: number; hot: string; category: string; trendZ: number; trendP: number; reason: string; small: boolean }[];
}

describe('monitor hotspots and routes on a file (no store)', () => {
  test('hotspots finds the growing cluster as a hot spot with its test and p-value; small counts are marked', async () => {
    const run = await runCli(['monitor', 'hotspots', '--input', INCIDENTS, '--resolution', '6', '--step', 'month', '--from', '2024-01', '--to', '2024-12']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as HotspotsJson;
    assert.equal(result.steps.length, 12);
    // 78 in the cluster + 96 elsewhere; the 12 unverified incidents are left out by default
    assert.equal(result.counted, 78 + 96);
    const cluster = [...result.cells].sort((a, b) => b.count - a.count)[0]!;
    assert.equal(cluster.count, 78);
    assert.match(cluster.hot, /^hot-(90|95|99)$/);
    assert.match(cluster.category, /hot spot/);
    assert.ok(cluster.p < 0.1 && cluster.z > 0);
    assert.match(cluster.reason, /Mann-Kendall|Gi\*/);
    const lone = result.cells.find((c) => c.count === 12)!;
    assert.equal(lone.small, false);
    assert.ok(result.cells.every((c) => c.small === c.count < 10));
  });

  test('--verification all counts every status', async () => {
    const run = await runCli(['monitor', 'hotspots', '--input', INCIDENTS, '--verification', 'all']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as HotspotsJson).counted, 78 + 96 + 12);
  });

  test('routes gives flows with transit, corridors, and corridor changes between two periods', async () => {
    const run = await runCli(['monitor', 'routes', '--input', ROUTES, '--compare', '2023', '2024']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(result.flows.map((f: { origin: string; transit: string[]; destination: string; count: number; small: boolean }) => [f.origin, f.transit, f.destination, f.count, f.small]), [
      ['AQ', ['BV'], 'HM', 7, true],
      ['AQ', [], 'HM', 3, true],
    ]);
    assert.deepEqual(result.corridors, [{ origin: 'AQ', destination: 'HM', count: 10, small: false }]);
    assert.deepEqual(result.changes, [{ origin: 'AQ', destination: 'HM', before: 2, after: 8, change: 'growing' }]);
  });

  test('bad input: one line on stderr and the documented exit code, never a stack trace', async () => {
    const neither = await runCli(['monitor', 'hotspots']);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /--input <file> or --store/);

    const missing = await runCli(['monitor', 'hotspots', '--input', join(dir, 'nope.csv')]);
    assert.equal(missing.code, 5);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /^ariadne: Cannot read nope\.csv: no such file\.$/m);

    const garbage = await runCli(['monitor', 'hotspots', '--input', file('garbage.csv', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x80, 0x81]))]);
    assert.equal(garbage.code, 5);
    assert.match(garbage.stderr, /Cannot tell what garbage\.csv is/);
    assert.doesNotMatch(garbage.stderr, /\n\s+at /);

    const badDate = await runCli(['monitor', 'routes', '--input', ROUTES, '--from', '2024-13', '--to', '2024-12']);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--from\/--to/);

    const overlap = await runCli(['monitor', 'routes', '--input', ROUTES, '--compare', '2024', '2023']);
    assert.equal(overlap.code, 2);
    assert.match(overlap.stderr, /earlier period must end before the later/);
  });
});

describe('monitor on the store: import, analyses, release, ledger, report', () => {
  const data = join(dir, 'data');
  // a budget of ε = 1.5: one release at ε = 1 fits, a second does not
  const env = { ARIADNE_MONITORING_EPSILON: '1.5' };
  const cli = (args: readonly string[]) => runCli(['--data', data, 'monitor', ...args], env);
  let releaseId = '';

  test('import: the dataset and its problems as JSON; bad records named by number (exit 3); the same file once', async () => {
    const withBad = file('incidents-with-bad.csv', incidentsCsv(['999,2024-02-30,AQ,-70,10,tip:exploitation,verified']));
    const run = await cli(['import', withBad]);
    assert.equal(run.code, 3, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.created, true);
    assert.equal(result.dataset.kind, 'hxl');
    assert.equal(result.dataset.fileName, 'incidents-with-bad.csv');
    assert.equal(result.dataset.items, 78 + 96 + 12);
    assert.equal(result.dataset.problems, 1);
    assert.equal(result.problems[0].record, 2 + 186 + 1);
    assert.match(run.stderr, /1 record refused/);

    const again = await cli(['import', withBad]);
    assert.equal(JSON.parse(again.stdout).created, false);
    assert.match(again.stderr, /imported before/);

    const routes = await cli(['import', ROUTES]);
    assert.equal(routes.code, 0, routes.stderr);
    assert.equal(JSON.parse(routes.stdout).dataset.kind, 'htcds');
  });

  test('import refuses a file it cannot read as a whole, with one line and exit 5', async () => {
    const run = await cli(['import', file('empty.csv', '')]);
    assert.equal(run.code, 5);
    assert.equal(run.stderr, 'ariadne: empty.csv is empty.\n');
    const noTags = await cli(['import', file('plain.csv', 'a,b\n1,2\n'), '--kind', 'hxl']);
    assert.equal(noTags.code, 5);
    assert.equal(noTags.stderr.trim().split('\n').length, 1);
  });

  test('hotspots and routes on the store give what they give on the files', async () => {
    const fromStore = JSON.parse((await cli(['hotspots', '--store', '--from', '2024-01', '--to', '2024-12'])).stdout) as HotspotsJson;
    const fromFile = JSON.parse((await runCli(['monitor', 'hotspots', '--input', INCIDENTS, '--from', '2024-01', '--to', '2024-12'])).stdout) as HotspotsJson;
    assert.deepEqual(fromStore.cells, fromFile.cells);
    const routes = await cli(['routes', '--store', '--compare', '2023', '2024']);
    assert.equal(routes.code, 0, routes.stderr);
    assert.deepEqual(JSON.parse(routes.stdout).changes, [{ origin: 'AQ', destination: 'HM', before: 2, after: 8, change: 'growing' }]);
  });

  test('release goes through the gate: k, noise, the note, and the budget spent from the environment\'s total', async () => {
    const run = await cli(['release', '--table', 'incidents-by-period', '--from', '2024-01', '--to', '2024-12', '--step', 'quarter', '--epsilon', '1', '--title', 'Synthetic 2024 by quarter']);
    assert.equal(run.code, 0, run.stderr);
    const { release, budget } = JSON.parse(run.stdout);
    releaseId = release.id;
    assert.equal(release.table, 'incidents-by-period');
    assert.equal(release.title, 'Synthetic 2024 by quarter');
    assert.deepEqual(release.cells.map((c: { key: { period: string } }) => c.key.period), ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    for (const cell of release.cells) {
      if (cell.suppressed) assert.equal(cell.value, null);
      else assert.ok(Number.isInteger(cell.value) && cell.value >= 10);
    }
    assert.deepEqual([release.note.k, release.note.mechanism, release.note.epsilon], [10, 'discrete-laplace', 1]);
    assert.deepEqual(budget, { total: { epsilon: 1.5, delta: 1e-6 }, spent: { epsilon: 1, delta: 0 }, remaining: { epsilon: 0.5, delta: 1e-6 } });
  });

  test('a release over budget, or below k = 5, is refused and the ledger is unchanged', async () => {
    const over = await cli(['release', '--table', 'incidents-by-period', '--from', '2024-01', '--to', '2024-12', '--epsilon', '1']);
    assert.equal(over.code, 2);
    assert.match(over.stderr, /^ariadne: The release would exceed the privacy budget/);
    assert.equal(over.stdout, '');
    const lowK = await cli(['release', '--table', 'incidents-by-period', '--from', '2024-01', '--to', '2024-12', '--epsilon', '0.1', '--k', '3']);
    assert.equal(lowK.code, 2);
    assert.match(lowK.stderr, /below the minimum of 5/);
    const noDomain = await cli(['release', '--table', 'incidents-by-country-period', '--from', '2024', '--to', '2024', '--epsilon', '0.1']);
    assert.equal(noDomain.code, 2);

    const ledger = await cli(['ledger']);
    assert.equal(ledger.code, 0, ledger.stderr);
    const { entries, budget } = JSON.parse(ledger.stdout);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].epsilon, 1);
    assert.match(entries[0].query, /^incidents-by-period: 2024-01-01 to 2024-12-31 by quarter/);
    assert.deepEqual(budget.remaining, { epsilon: 0.5, delta: 1e-6 });
  });

  test('report writes HTML, PDF and HXL-tagged CSV of released tables, whole and never over an existing file', async () => {
    const html = join(dir, 'report.html');
    const run = await cli(['report', '--release', releaseId, '--format', 'html', '--lang', 'fr', '--out', html]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).file, html);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<html[^>]*lang="fr"/);
    assert.doesNotMatch(page, /<script/i);

    const pdf = join(dir, 'report.pdf');
    assert.equal((await cli(['report', '--release', releaseId, '--format', 'pdf', '--out', pdf])).code, 0);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');

    const csv = join(dir, 'trends.csv');
    assert.equal((await cli(['report', '--release', releaseId, '--format', 'hxl', '--out', csv])).code, 0);
    assert.match(readFileSync(csv, 'utf8').split('\r\n')[1]!, /#date\+quarter.*#event\+num/);

    const again = await cli(['report', '--release', releaseId, '--format', 'html', '--out', html]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists; it is never overwritten/);
    assert.equal(readFileSync(html, 'utf8'), page);
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.partial-')), []);

    const unknown = await cli(['report', '--release', 'mr_nope', '--format', 'html', '--out', join(dir, 'nope.html')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No release with id "mr_nope"/);
    assert.equal(existsSync(join(dir, 'nope.html')), false);
  });

  test('a mistyped budget stops the command before anything is read', async () => {
    const run = await runCli(['--data', data, 'monitor', 'ledger'], { ARIADNE_MONITORING_EPSILON: 'lots' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /ARIADNE_MONITORING_EPSILON must be a positive number/);
  });
});
