// The hostile-input tests every XML list parser must pass, written once and registered by each
// parser's test file with a description of its format. The parsers share the XML reader, the
// strict UTF-8 decoder and the name checks, so they must fail the same way on the same attacks:
// a parser that drifts (a new DOCTYPE path, a field without a size limit) fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import type { ByteSource, ListItem, ListRecordError } from '../src/index.ts';

/** How one XML list format builds synthetic records and names what it reports. */
export interface HostileXmlSpec {
  /** the parser under test, with default options */
  readonly parse: (source: ByteSource) => AsyncIterable<ListItem>;
  /** the id of the n-th synthetic record (n = 1, 2, 3, 4), as the file would carry it */
  readonly id: (n: number) => string;
  /** one record with this id, primary name and, when given, one (strong) alias */
  readonly record: (id: string, name: string, alias?: string) => string;
  /** a whole document, declaration first, around these records (their ids alongside, for formats that list them again) */
  readonly document: (records: readonly string[], ids: readonly string[]) => string;
  /** the id of the subject entity imported from a record */
  readonly subjectId: (id: string) => string;
  /** how a per-record error names the record */
  readonly recordRef: (id: string) => string;
  /** the element (and attribute) holding the primary name, as an oversize message names it */
  readonly nameElement: string;
}

/**
 * Registers the shared hostile-input tests for one XML list parser.
 *
 * @example
 * hostileXmlSuite({
 *   parse: (source) => parseEuFsf(source),
 *   id: (n) => String(n),
 *   record: (id, name, alias) => entry(id, name, alias ? `<nameAlias wholeName="${alias}" strong="true"/>` : ''),
 *   document: (records) => HEAD + records.join('') + TAIL,
 *   subjectId: (id) => `eu-fsf-${id}`,
 *   recordRef: (id) => `eu-fsf ${id}`,
 *   nameElement: 'nameAlias wholeName',
 * });
 */
export function hostileXmlSuite(spec: HostileXmlSpec): void {
  const [first, second, third, fourth] = [1, 2, 3, 4].map((n) => spec.id(n)) as [string, string, string, string];
  const documentOf = (...records: (readonly [string, string, string?])[]) =>
    spec.document(records.map(([id, name, alias]) => spec.record(id, name, alias)), records.map(([id]) => id));

  async function collect(source: ByteSource) {
    const entities = new Map<string, EntityData>();
    const errors: ListRecordError[] = [];
    for await (const item of spec.parse(source)) {
      if ('entity' in item) entities.set(item.entity.id, item.entity);
      else errors.push(item.error);
    }
    return { entities, errors };
  }
  const subjects = (entities: Map<string, EntityData>) => [...entities.keys()].filter((id) => !id.endsWith('-sanction'));

  test('a DOCTYPE with entity expansion or an external entity is refused before any record, the file it names never read', async () => {
    const withDoctype = (doctype: string, name: string) => '<?xml version="1.0"?>\n' + doctype + '\n' + documentOf([first, name]).replace(/^<\?xml[^>]*\?>\s*/, '');
    const laughs = withDoctype('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>', '&lol3;');
    const xxe = withDoctype('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;');
    for (const input of [laughs, xxe]) {
      const { entities, errors } = await collect(chunks(input));
      assert.equal(entities.size, 0);
      assert.deepEqual(errors.map((e) => e.record), ['document']);
      assert.match(errors[0]?.message ?? '', /DOCTYPE.*refused/);
      assert.ok(!JSON.stringify(errors).includes('root:'));
    }
  });

  test('a truncated document keeps the records before the cut and ends with a clear error', async () => {
    const full = documentOf([first, 'Synthetic Witness'], [second, 'Synthetic Other']);
    const { entities, errors } = await collect(chunks(full.slice(0, full.indexOf('Synthetic Other'))));
    assert.deepEqual(subjects(entities), [spec.subjectId(first)]);
    assert.deepEqual(errors.map((e) => e.record), ['document']);
    assert.match(errors[0]?.message ?? '', /ends too early \(truncated\?\)/);
  });

  test('a 100 MB name, streamed in 1 MB chunks, rejects its record alone', async () => {
    const marker = 'SYNTHETIC-HUGE-NAME';
    const [before, after] = documentOf([first, 'Synthetic Before'], [second, marker], [third, 'Synthetic After']).split(marker) as [string, string];
    async function* hostile(): AsyncGenerator<Uint8Array> {
      const encoder = new TextEncoder();
      yield encoder.encode(before);
      const block = encoder.encode('A'.repeat(1024 * 1024));
      for (let i = 0; i < 100; i++) yield block;
      yield encoder.encode(after);
    }
    const { entities, errors } = await collect(hostile());
    assert.deepEqual(subjects(entities), [spec.subjectId(first), spec.subjectId(third)]);
    assert.ok(![...entities.keys()].some((id) => id.startsWith(spec.subjectId(second))), 'nothing of the rejected record, not even its sanction');
    assert.deepEqual(errors.map((e) => e.record), [spec.recordRef(second)]);
    assert.match(errors[0]?.message ?? '', new RegExp(`${spec.nameElement}.*longer than 65536`));
  });

  test('invalid UTF-8 (Latin-1) and UTF-16 end the document with the encoding named', async () => {
    const latin1 = await collect(chunks(Buffer.from(documentOf([first, 'Synthetic José']), 'latin1')));
    assert.equal(latin1.entities.size, 0);
    assert.deepEqual(latin1.errors.map((e) => e.record), ['document']);
    assert.match(latin1.errors[0]?.message ?? '', /not valid UTF-8.*Latin-1/);
    const utf16 = await collect(chunks(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(documentOf([first, 'Synthetic Witness']), 'utf16le')])));
    assert.equal(utf16.entities.size, 0);
    assert.deepEqual(utf16.errors.map((e) => e.record), ['document']);
    assert.match(utf16.errors[0]?.message ?? '', /UTF-16/);
  });

  test('bidi controls are stripped from names and aliases', async () => {
    const { entities, errors } = await collect(chunks(documentOf([first, 'Synthetic\u202E Witness\u202C', '\u2067Synthetic Alias\u2069'])));
    assert.deepEqual(errors, []);
    assert.deepEqual(entities.get(spec.subjectId(first))?.properties.name, ['Synthetic Witness']);
    assert.deepEqual(entities.get(spec.subjectId(first))?.properties.alias, ['Synthetic Alias']);
  });

  test('empty and numeric names are errors of their own record; the records around them are read', async () => {
    const { entities, errors } = await collect(chunks(documentOf([first, 'Synthetic First'], [second, ''], [third, '12345'], [fourth, 'Synthetic Last'])));
    assert.deepEqual(subjects(entities), [spec.subjectId(first), spec.subjectId(fourth)]);
    assert.deepEqual(errors.map((e) => e.record), [spec.recordRef(second), spec.recordRef(third)]);
    assert.match(errors[0]?.message ?? '', /empty/);
    assert.match(errors[1]?.message ?? '', /no letters/);
  });
}

/** The parts as a byte stream, one chunk each (strings UTF-8 encoded), as a file or HTTP body arrives. */
export async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}
