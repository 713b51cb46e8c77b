/**
 * Streams an XML document as small element trees, one per record (an element at a given depth,
 * e.g. each INDIVIDUAL under CONSOLIDATED_LIST/INDIVIDUALS), so memory holds one record, never
 * the list. Hostile input is refused, not survived: a DOCTYPE (the door to entity expansion and
 * external entities) ends the document; an over-long text run is cut before the XML parser
 * buffers it and its record is reported; truncated or malformed XML ends with a clear error
 * after the records already complete. Besides the records at `recordDepth`, named shallower elements
 * (OFAC's `DateOfIssue`) can be read whole too, and the elements above the records (the root and
 * its sections) are announced with their attributes, so a parser can read a root date or a namespace.
 */
import { SaxesParser } from 'saxes';
import { decodeStrictUtf8, ListInputError } from './strict-utf8.ts';
import { MAX_FIELD_CHARS, type ByteSource } from './list-item.ts';

export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

export type XmlRecordItem =
  /** `parent`: the name of the element holding the record (UN `INDIVIDUALS`, OFAC `DistinctParties`) */
  | { readonly node: XmlNode; readonly index: number; readonly oversized: string | null; readonly parent: string }
  | { readonly fatal: string };

export interface XmlRecordOptions {
  /** depth of the record elements (root = 0); UN INDIVIDUAL/ENTITY are at 2 */
  readonly recordDepth: number;
  readonly maxFieldChars?: number;
  /** names of elements above `recordDepth` that are read whole as records too (OFAC `DateOfIssue`) */
  readonly shallowRecords?: ReadonlySet<string>;
  /** called for each element above `recordDepth` that is not a record (the root, its sections) */
  readonly onOpen?: (name: string, attributes: Readonly<Record<string, string>>, depth: number) => void;
}

const LT = 60; // <
const GT = 62; // >
const BANG = 33; // ! (comment, CDATA, DOCTYPE)
const QUESTION = 63; // ? (processing instruction)
const QUOTES = new Set([34, 39]); // " '

/**
 * Cuts every run of text between tags, and every attribute value, to `limit + 1` characters before
 * saxes sees it: saxes keeps a whole text node or attribute in memory, so a 100 MB name would
 * otherwise be held in full. The cut value is still longer than `limit`, so the record it lands in
 * is reported as oversized; the tag around a cut attribute (the EU list keeps names in attributes)
 * stays well-formed, so only that record is lost. Comments, CDATA and declarations count as text
 * runs. A tag whose own syntax (names, spaces) outruns the limit cannot be cut safely: it ends the
 * document.
 */
function makeRunLimiter(limit: number): (text: string) => string {
  let inTag = false; // between the `<` and `>` of an element tag
  let afterLt = false; // just read `<`; the next character tells a tag from `<!` / `<?`
  let quote = 0; // the open quote inside a tag, 0 outside attribute values
  let run = 0; // length of the current text run or attribute value
  let tagLength = 0; // characters of the current tag outside its attribute values
  let dropping = false; // skipping the rest of an over-long run or value
  return (text) => {
    let out = '';
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (dropping) {
        if (quote !== 0 ? c !== quote : c !== LT) continue;
        dropping = false;
        start = i;
      }
      if (c === LT) {
        afterLt = true;
        inTag = false;
        quote = 0;
        run = 0;
        continue;
      }
      if (afterLt) {
        afterLt = false;
        inTag = c !== BANG && c !== QUESTION;
        tagLength = 0;
      }
      if (inTag && quote === 0) {
        if (QUOTES.has(c)) {
          quote = c;
          run = 0;
        } else if (c === GT) {
          inTag = false;
          run = 0;
        } else if (++tagLength > limit) throw new ListInputError(`A tag is longer than ${limit} characters outside its attribute values; the document is refused.`);
        continue;
      }
      if (inTag && c === quote) {
        quote = 0;
        continue;
      }
      if (++run > limit + 1) {
        out += text.slice(start, i);
        dropping = true;
      }
    }
    return dropping ? out : out + text.slice(start);
  };
}

/** @example for await (const item of readXmlRecords(bytes, { recordDepth: 2 })) if ('node' in item) … */
export async function* readXmlRecords(source: ByteSource, options: XmlRecordOptions): AsyncGenerator<XmlRecordItem> {
  const limit = options.maxFieldChars ?? MAX_FIELD_CHARS;
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: XmlRecordItem[] = [];
  const stack: XmlNode[] = [];
  const open: string[] = []; // names of the elements above the current record
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
    const attributes = tag.attributes as Record<string, string>;
    if (stack.length === 0 && depth < options.recordDepth && !options.shallowRecords?.has(tag.name)) {
      open[depth] = tag.name;
      options.onOpen?.(tag.name, attributes, depth);
      return;
    }
    const node: XmlNode = { name: tag.name, attributes, children: [], text: '' };
    if (stack.length === 0) {
      oversized = null;
      index++;
    } else stack[stack.length - 1]?.children.push(node);
    for (const [name, value] of Object.entries(attributes)) if (value.length > limit) oversized ??= `${tag.name} ${name}`;
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
    const node = stack.pop();
    if (node && stack.length === 0 && fatal === null) ready.push({ node, index, oversized, parent: open[depth - 1] ?? '' });
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
