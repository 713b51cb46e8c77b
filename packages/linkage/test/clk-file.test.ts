import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { clkFileLines, readClkFile, readTokenMap, writeClkFile, writeTokenMap } from '../src/clk-file.ts';
import { encodeTable } from '../src/encode.ts';
import { linkageSecret } from '../src/secret.ts';
import { schemaSha256 } from '../src/linkage-schema.ts';
import type { ClkSet } from '../src/types.ts';
import { febrlSchema, febrlTable } from './febrl-fixture.ts';

const schema = febrlSchema();
const table = febrlTable('a');
const secret = linkageSecret('8f3a5c7e9b1d2f4a6c8e0b2d4f6a8c0e');
const encoded = encodeTable(schema, secret, table);
const file = writeClkFile(encoded.set);
const lines = file.trimEnd().split('\n');
const header = JSON.parse(lines[0]!) as Record<string, unknown>;
const record = JSON.parse(lines[1]!) as Record<string, unknown>;

/** the file with its header replaced or changed */
function withHeader(change: Record<string, unknown>): string {
  return [JSON.stringify({ ...header, ...change }), ...lines.slice(1)].join('\n');
}

/** a small valid file of the first n records, with line `at` (1-based, 1 = header) replaced */
function smallFile(n: number, replace?: { at: number; line: string }): string {
  const out = [JSON.stringify({ ...header, count: n }), ...lines.slice(1, n + 1)];
  if (replace) out[replace.at - 1] = replace.line;
  return `${out.join('\n')}\n`;
}

async function refusal(input: Parameters<typeof readClkFile>[0], code: string, line: number, options = {}): Promise<Error> {
  let caught: unknown;
  try {
    await readClkFile(input, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, 'the file was accepted');
  assert.equal((caught as { code?: string }).code, code, caught.message);
  assert.equal((caught as { details?: Record<string, string> }).details?.line, String(line), caught.message);
  assert.match(caught.message, new RegExp(`line ${line}\\b`));
  return caught;
}

describe('writeClkFile / readClkFile', () => {
  test('a written file reads back to the same set', async () => {
    assert.deepEqual(header, { format: 'ariadne-clk/1', schemaSha256: schemaSha256(schema), l: 1024, count: 250 });
    assert.deepEqual(Object.keys(record), ['t', 'c', 'b']);
    const read = await readClkFile(file, { expectSchemaSha256: schemaSha256(schema) });
    assert.deepEqual(read, encoded.set);
  });

  test('reads from a stream whose chunks split lines and characters anywhere', async () => {
    const bytes = Buffer.from(file.replace(/\n/g, '\r\n'));
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 777) chunks.push(bytes.subarray(at, at + 777));
    const read = await readClkFile(Readable.from(chunks));
    assert.deepEqual(read.tokens, encoded.set.tokens);
    assert.deepEqual(read.clks, encoded.set.clks);
  });

  test('the file holds no record id and no field value of the fixture', () => {
    for (const id of table.ids) assert.ok(!file.includes(id), id);
    const values = new Set(table.rows.flat().filter((v) => v.trim() !== ''));
    for (const value of values) {
      assert.ok(!file.includes(JSON.stringify(value)), value); // not as a JSON string
      // nor anywhere in the text (values of 6+ characters cannot turn up in base64 by chance)
      if (value.length >= 6) assert.ok(!file.includes(value), value);
    }
    const names = new Set(table.rows.flatMap((r) => [r[0]!, r[1]!]).filter((v) => v.length >= 3));
    for (const name of names) assert.ok(!new RegExp(`[^A-Za-z0-9+/]${name}[^A-Za-z0-9+/=]`).test(file), name);
  });

  test('clkFileLines streams the same lines', () => {
    assert.equal([...clkFileLines(encoded.set)].map((l) => `${l}\n`).join(''), file);
  });

  test('a set whose tokens are not random hex (ids, say) is not written', () => {
    const leaky: ClkSet = { ...encoded.set, tokens: encoded.set.tokens.map((t, i) => (i === 0 ? 'rec-1070-org' : t)) };
    assert.throws(() => writeClkFile(leaky), { code: 'VALIDATION_FAILED' });
  });
});

describe('readClkFile refuses hostile files, naming the line', () => {
  test('not JSON, not an object, or an empty line', async () => {
    await refusal('hello\n', 'MALFORMED_INPUT', 1);
    await refusal(smallFile(3, { at: 3, line: '{"t": ' }), 'MALFORMED_INPUT', 3);
    await refusal(smallFile(3, { at: 2, line: '[1,2]' }), 'MALFORMED_INPUT', 2);
    await refusal(smallFile(3, { at: 4, line: '' }), 'MALFORMED_INPUT', 4);
    await refusal('', 'MALFORMED_INPUT', 1);
  });

  test('another format, or a bad header', async () => {
    await refusal(withHeader({ format: 'clkhash' }), 'MALFORMED_INPUT', 1);
    await refusal(withHeader({ l: 1000 }), 'MALFORMED_INPUT', 1);
    await refusal(withHeader({ schemaSha256: 'abc' }), 'MALFORMED_INPUT', 1);
    await refusal(withHeader({ count: -1 }), 'MALFORMED_INPUT', 1);
    await refusal(withHeader({ extra: 1 }), 'MALFORMED_INPUT', 1);
  });

  test('a CLK of the wrong length or not in canonical base64', async () => {
    const short = JSON.stringify({ ...record, c: Buffer.alloc(64).toString('base64') });
    await refusal(smallFile(3, { at: 2, line: short }), 'MALFORMED_INPUT', 2);
    const garbage = JSON.stringify({ ...record, c: '!'.repeat((record.c as string).length) });
    await refusal(smallFile(3, { at: 2, line: garbage }), 'MALFORMED_INPUT', 2);
    const c = record.c as string;
    const nonCanonical = JSON.stringify({ ...record, c: `${c.slice(0, -3)}B==` }); // stray bits in the padding
    await refusal(smallFile(3, { at: 2, line: nonCanonical }), 'MALFORMED_INPUT', 2);
  });

  test('tokens that are not 32 hex digits (an id, say), and repeated tokens', async () => {
    await refusal(smallFile(3, { at: 2, line: JSON.stringify({ ...record, t: 'rec-1070-org' }) }), 'MALFORMED_INPUT', 2);
    await refusal(smallFile(3, { at: 4, line: lines[1]! }), 'VALIDATION_FAILED', 4);
  });

  test('malformed, repeated or too many blocking hashes, and unknown keys', async () => {
    await refusal(smallFile(2, { at: 2, line: JSON.stringify({ ...record, b: ['surname'] }) }), 'MALFORMED_INPUT', 2);
    await refusal(smallFile(2, { at: 2, line: JSON.stringify({ ...record, b: ['00112233aabbccdd', '00112233aabbccdd'] }) }), 'MALFORMED_INPUT', 2);
    await refusal(smallFile(2, { at: 2, line: JSON.stringify({ ...record, b: Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(16, '0')) }) }), 'MALFORMED_INPUT', 2);
    await refusal(smallFile(2, { at: 3, line: JSON.stringify({ ...record, name: 'Testperson Alpha' }) }), 'MALFORMED_INPUT', 3);
  });

  test('a line over 64 KiB, even one that never ends', async () => {
    await refusal(smallFile(2, { at: 3, line: `{"t":"${'a'.repeat(70_000)}"}` }), 'PAYLOAD_TOO_LARGE', 3);
    async function* endless(): AsyncGenerator<string> {
      yield `${lines[0]}\n`;
      for (;;) yield 'x'.repeat(10_000);
    }
    await refusal(endless(), 'PAYLOAD_TOO_LARGE', 2);
  });

  test('more records than allowed, or than the header says, or fewer', async () => {
    await refusal(file, 'PAYLOAD_TOO_LARGE', 1, { maxRecords: 100 });
    await refusal(withHeader({ count: 249 }), 'VALIDATION_FAILED', 251);
    await refusal(withHeader({ count: 251 }), 'VALIDATION_FAILED', 251);
  });

  test('another schema than the linkage uses', async () => {
    await refusal(file, 'VALIDATION_FAILED', 1, { expectSchemaSha256: 'ab'.repeat(32) });
  });

  test('bytes that are not UTF-8', async () => {
    const bad = Buffer.concat([Buffer.from(`${lines[0]}\n`), Buffer.from([0xff, 0xfe, 0x0a])]);
    await refusal(bad, 'MALFORMED_INPUT', 2);
  });

  test('a header announcing two million records of 4096 bits, with none following, is refused (nothing is allocated up front)', async () => {
    const huge = `${JSON.stringify({ ...header, l: 4096, count: 2_000_000 })}\n`;
    await refusal(huge, 'VALIDATION_FAILED', 1);
  });
});

describe('token map', () => {
  test('round-trips ids with commas, quotes, line breaks and any script', () => {
    const map = new Map<string, string>([
      ['0'.repeat(32), 'case-1, Testperson Alpha'],
      ['1'.repeat(32), 'say "hello"'],
      ['2'.repeat(32), 'two\nlines'],
      ['3'.repeat(32), 'سجل-٧'],
      ['4'.repeat(32), ' padded '],
    ]);
    const text = writeTokenMap(map);
    assert.ok(text.startsWith('token,id\n'));
    assert.deepEqual(readTokenMap(text), map);
    assert.deepEqual(readTokenMap(writeTokenMap(encoded.tokenToId)), encoded.tokenToId);
  });

  test('refuses a bad header, a bad token or a repeated token, naming the row', () => {
    assert.throws(() => readTokenMap('id,token\n'), { code: 'MALFORMED_INPUT' });
    assert.throws(() => readTokenMap(`token,id\n${'0'.repeat(32)},a\nnot-a-token,b\n`), { code: 'MALFORMED_INPUT', message: /row 3/ });
    assert.throws(() => readTokenMap(`token,id\n${'0'.repeat(32)},a\n${'0'.repeat(32)},b\n`), { code: 'VALIDATION_FAILED', message: /row 3/ });
    assert.throws(() => readTokenMap('token,id\n"unclosed'), { code: 'MALFORMED_INPUT' });
  });
});
