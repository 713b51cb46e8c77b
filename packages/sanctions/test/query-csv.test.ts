// The batch screening queries file: a header naming id and name (any order and case, optional
// birth_date, nationality, gender); each bad row is an error with its line, the rest are read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readQueryCsv, type QueryRow } from '../src/index.ts';

async function rows(...chunks: (string | Uint8Array)[]): Promise<QueryRow[]> {
  const out: QueryRow[] = [];
  for await (const row of readQueryCsv((async function* () { yield* chunks; })())) out.push(row);
  return out;
}

test('reads queries with optional columns in any order and case', async () => {
  const got = await rows('\uFEFFName,ID,Gender,birth_date,nationality,extra\n"Testperson, Alpha",q1,F,1970-05,SY,x\nSynthetic Beta,q2,,,,\n');
  assert.deepEqual(got, [
    { query: { id: 'q1', name: 'Testperson, Alpha', birthDate: '1970-05', nationality: 'sy', gender: 'female' }, line: 2 },
    { query: { id: 'q2', name: 'Synthetic Beta' }, line: 3 },
  ]);
});

test('a bad row is reported with its line and id, and the next row is still read', async () => {
  const got = await rows('id,name,birth_date,nationality\nq1,12345,,\nq2,Testperson Gamma,31/12/1970,\nq3,Testperson Delta,,Syria\n,Testperson Epsilon,,\nq5,Testperson Zeta,,\n');
  assert.deepEqual(got.map((r) => ('error' in r ? [r.error.line, r.error.id ?? null, r.error.message.slice(0, 30)] : r.query.id)), [
    [2, 'q1', 'the name "12345" has no letter'],
    [3, 'q2', 'birth_date "31/12/1970" is not'],
    [4, 'q3', 'nationality "syria" is not an '],
    [5, null, 'the id is empty'],
    'q5',
  ]);
});

test('bidirectional controls are stripped from names', async () => {
  const [row] = await rows('id,name\nq1,Test\u202Eperson Alpha\n');
  assert.ok(row && 'query' in row);
  assert.equal(row.query.name, 'Testperson Alpha');
});

test('a file without id and name columns, an empty file, UTF-16 and a broken quote end with one file error', async () => {
  const noHeader = await rows('identifier,fullname\nq1,Testperson\n');
  assert.equal(noHeader.length, 1);
  assert.match(JSON.stringify(noHeader[0]), /"line":"file".*no id or name column/);
  assert.match(JSON.stringify(await rows('')), /empty/);
  assert.match(JSON.stringify(await rows(new Uint8Array([0xff, 0xfe, 0x69, 0x00, 0x64, 0x00]))), /UTF-16/);
  const broken = await rows('id,name\nq1,Testperson Alpha\nq2,"Testperson Beta\n');
  assert.equal('query' in broken[0]! && broken[0].query.id, 'q1');
  assert.match(JSON.stringify(broken.at(-1)), /"line":"file".*never closed/);
});

test('a huge row is refused as a whole file error after the rows before it', async () => {
  const got = await rows('id,name\nq1,Testperson Alpha\n', `q2,${'A'.repeat(200_000)}\n`, 'q3,Testperson Gamma\n');
  assert.equal('query' in got[0]! && got[0].query.id, 'q1');
  assert.match(JSON.stringify(got.at(-1)), /"line":"file".*longer than/);
});

test('a name longer than the matcher reads is refused per row', async () => {
  const got = await rows(`id,name\nq1,${'Testperson '.repeat(60)}\nq2,Testperson Beta\n`);
  assert.match(JSON.stringify(got[0]), /longer than 500/);
  assert.equal('query' in got[1]! && got[1].query.id, 'q2');
});
