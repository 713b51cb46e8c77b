/**
 * Streams an XML document as small element trees, one per record (an element at a given depth,
 * e.g. each INDIVIDUAL under CONSOLIDATED_LIST/INDIVIDUALS), so memory holds one record, never
 * the list. Hostile input is refused, not survived: a DOCTYPE (the door to entity expansion and
 * external entities) ends the document; an over-long text run is cut before the XML parser
 * buffers it and its record is reported; truncated or malformed XML ends with a clear error
 * after the records already complete.
 */
import { SaxesParser } from 'saxes';
import { decodeStrictUtf8, ListInputError } from './strict-utf8.ts';
import { MAX_FIELD_CHARS, type ByteSource } from './list-item.ts';

export interface XmlNode {
  readonly name: string;
  readonly children: XmlNode[];
  text: string;
}

export type XmlRecordItem =
  | { readonly node: XmlNode; readonly index: number; readonly oversized: string | null }
  | { readonly fatal: string };

export interface XmlRecordOptions {
  /** depth of the record elements (root = 0); UN INDIVIDUAL/ENTITY are at 2 */
  readonly recordDepth: number;
  readonly maxFieldChars?: number;
}

/**
 * Cuts every run of text between `<`s to `limit + 1` characters before saxes sees it: saxes keeps
 * a whole text node in memory, so a 100 MB name would otherwise be held in full. The cut run is
 * still longer than `limit`, so the record it lands in is reported as oversized.
 */
function makeRunLimiter(limit: number): (text: string) => string {
  let run = 0;
  return (text) => {
    let out = '';
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 60 /* < */) {
        run = 0;
        continue;
      }
      run++;
      if (run === limit + 2) {
        out += text.slice(start, i);
        const next = text.indexOf('<', i);
        if (next === -1) {
          run += text.length - i - 1;
          return out;
        }
        run = 0;
        start = next;
        i = next;
      }
    }
    return out + text.slice(start);
  };
}

/** @example for await (const item of readXmlRecords(bytes, { recordDepth: 2 })) if ('node' in item) … */
export async function* readXmlRecords(source: ByteSource, options: XmlRecordOptions): AsyncGenerator<XmlRecordItem> {
  const limit = options.maxFieldChars ?? MAX_FIELD_CHARS;
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: XmlRecordItem[] = [];
  const stack: XmlNode[] = [];
  let depth = -1;
  let index = 0;
  let oversized: string | null = null;
  let fatal: string | null = null;

  const fail = (message: string) => {
    fatal ??= message;
  };
  parser.on('doctype', () => fail(`Line ${parser.line}: the document declares a DOCTYPE; sanctions lists never do, and DTD entities (expansion, external files) are refused.`));
  parser.on('error', (error) => fail(`Line ${parser.line}: the XML is malformed (${error.message.replace(/^\d+:\d+: /, '')}).`));
  parser.on('opentag', (tag) => {
    depth++;
    if (depth < options.recordDepth) return;
    const node: XmlNode = { name: tag.name, children: [], text: '' };
    if (depth === options.recordDepth) {
      oversized = null;
      index++;
    } else stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  const onText = (text: string) => {
    const node = stack[stack.length - 1];
    if (!node) return;
    if (node.text.length + text.length > limit) oversized ??= node.name;
    else node.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (depth >= options.recordDepth) {
      const node = stack.pop();
      if (node && depth === options.recordDepth && fatal === null) ready.push({ node, index, oversized });
    }
    depth--;
  });

  const limitRuns = makeRunLimiter(limit);
  try {
    for await (const text of decodeStrictUtf8(source)) {
      parser.write(limitRuns(text));
      yield* ready.splice(0);
      if (fatal !== null) {
        yield { fatal };
        return;
      }
    }
    parser.close();
  } catch (error) {
    if (!(error instanceof ListInputError)) throw error;
    yield* ready.splice(0);
    yield { fatal: error.message };
    return;
  }
  yield* ready.splice(0);
  if (fatal !== null) yield { fatal: /unclosed|root element/i.test(fatal) ? `The document ends too early (truncated?). ${fatal}` : fatal };
}
