/**
 * The XML layer of the ISO 20022 reader: streams a document through saxes and hands the caller
 * small element trees (one statement entry, one credit transfer), so memory holds one record,
 * never the file. Outside data is hostile until proven otherwise, so the limits are enforced
 * before saxes buffers anything:
 *
 * - a DOCTYPE or any other `<!` declaration ends the document (no entity expansion, no external
 *   entities: ISO 20022 messages never carry a DTD);
 * - every text run, attribute value, comment, CDATA section, processing instruction and tag is
 *   cut off at `maxTextChars` by a character scanner in front of saxes (saxes keeps a whole text
 *   node in memory, so a 100 MB "name" would otherwise be held in full);
 * - element nesting is limited to `maxDepth`, the elements of the document to `maxElements` and
 *   those of one collected record to `maxRecordElements`;
 * - input that is not UTF-8, malformed or truncated ends with one error naming the line.
 *
 * Every failure throws an AriadneError (MALFORMED_INPUT, or PAYLOAD_TOO_LARGE for a limit) whose
 * message starts with `Line N:` and echoes nothing of the document's content.
 */
import { SaxesParser, type SaxesTag } from 'saxes';
import { AriadneError } from '@ariadne/schema';

export interface XmlLimits {
  /** deepest element nesting (the root is depth 1); default 64 */
  readonly maxDepth?: number;
  /** longest text run, attribute value, comment or tag, in characters; default 1,000,000 */
  readonly maxTextChars?: number;
  /**
   * most elements in the whole document; default 50,000,000 (a camt.053 entry has some 30, so
   * over a million entries). A server taking uploads caps the bytes first and may lower this.
   */
  readonly maxElements?: number;
  /**
   * most elements in one collected subtree, which is held in memory whole (one statement entry
   * with all its transaction details, one transfer); default 200,000, some 30 MB, room for a
   * batch booking of over ten thousand transfers
   */
  readonly maxRecordElements?: number;
}

export const DEFAULT_XML_LIMITS: Required<XmlLimits> = {
  maxDepth: 64,
  maxTextChars: 1_000_000,
  maxElements: 50_000_000,
  maxRecordElements: 200_000,
};

/** An element of a collected subtree: local name (prefix dropped), attributes by local name, text. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * What the caller does with the document. `path` is the element names from the root down to and
 * including the element concerned.
 */
export interface XmlSink {
  /** an element outside any collected subtree opened; return true to receive it whole in `element` */
  open(path: readonly string[], uri: string): boolean;
  /** a collected subtree is complete */
  element(path: readonly string[], node: XmlElement): void;
  /** an element that was not collected closed */
  close(path: readonly string[]): void;
}

const LT = 60; // <
const GT = 62; // >
const BANG = 33; // !
const QUESTION = 63; // ?
const DASH = 45; // -
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const NEWLINE = 10;
const DQUOTE = 34;
const SQUOTE = 39;

const enum Scan { Text, AfterLt, AfterBang, Tag, Comment, Cdata, Pi }

function tooLarge(line: number, what: string, limit: number): AriadneError {
  return new AriadneError('PAYLOAD_TOO_LARGE', `Line ${line}: ${what} is longer than ${limit} characters; the document is refused.`);
}

/**
 * The scanner in front of saxes: follows just enough of XML's lexical structure (text, tags with
 * quoted values, comments, CDATA, processing instructions) to measure every run and to see a
 * declaration before saxes does. It never changes the text; it throws.
 */
function makeScanner(limit: number): { scan(text: string): void; readonly line: number } {
  let state = Scan.Text;
  let quote = 0;
  let run = 0; // length of the current text run, value, comment, CDATA or PI
  let tag = 0; // length of the current tag outside its quoted values
  let tail = 0; // the last two characters inside a comment/CDATA/PI, packed, to see its end
  let line = 1;
  return {
    get line() { return line; },
    scan(text: string): void {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === NEWLINE) line++;
        switch (state) {
          case Scan.Text:
            if (c === LT) { state = Scan.AfterLt; run = 0; } else if (++run > limit) throw tooLarge(line, 'a text node', limit);
            break;
          case Scan.AfterLt:
            if (c === BANG) state = Scan.AfterBang;
            else if (c === QUESTION) { state = Scan.Pi; run = 0; tail = 0; } else { state = Scan.Tag; tag = 1; quote = 0; }
            break;
          case Scan.AfterBang:
            // `<!--` and `<![CDATA[` are content; anything else (DOCTYPE, ENTITY, ELEMENT…) is a declaration
            if (c === DASH) { state = Scan.Comment; run = 0; tail = 0; } else if (c === OPEN_BRACKET) { state = Scan.Cdata; run = 0; tail = 0; } else {
              throw new AriadneError('MALFORMED_INPUT', `Line ${line}: the document carries a DOCTYPE or other declaration; ISO 20022 messages never do, and DTD entities (expansion, external files) are refused.`);
            }
            break;
          case Scan.Tag:
            if (quote !== 0) {
              if (c === quote) quote = 0;
              else if (++run > limit) throw tooLarge(line, 'an attribute value', limit);
            } else if (c === DQUOTE || c === SQUOTE) { quote = c; run = 0; } else if (c === GT) state = Scan.Text;
            else if (++tag > limit) throw tooLarge(line, 'a tag', limit);
            if (state === Scan.Text) run = 0;
            break;
          case Scan.Comment:
          case Scan.Cdata:
          case Scan.Pi: {
            const end = state === Scan.Comment ? (tail & 0xffff) === DASH && tail >>> 16 === DASH
              : state === Scan.Cdata ? (tail & 0xffff) === CLOSE_BRACKET && tail >>> 16 === CLOSE_BRACKET
                : (tail & 0xffff) === QUESTION;
            if (c === GT && end) { state = Scan.Text; run = 0; break; }
            if (++run > limit) throw tooLarge(line, state === Scan.Cdata ? 'a CDATA section' : state === Scan.Comment ? 'a comment' : 'a processing instruction', limit);
            tail = ((tail & 0xffff) << 16) | c;
            break;
          }
        }
      }
    },
  };
}

/** Strict UTF-8 (ISO 20022 messages are UTF-8): a bad byte sequence ends the input rather than importing mojibake. */
async function* decodeUtf8(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let first = true;
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new AriadneError('MALFORMED_INPUT', `The input is not valid UTF-8 (an invalid byte sequence within bytes ${offset}-${offset + chunk.length}); ISO 20022 messages are UTF-8.`);
      }
      offset += chunk.length;
    }
    if (text === '') continue;
    first = false;
    yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new AriadneError('MALFORMED_INPUT', 'The input ends inside a UTF-8 character (truncated?).');
  }
  if (rest !== '') yield rest;
}

/** the namespace declarations among an element's attributes, by prefix ('' for the default) */
function declarations(attributes: Readonly<Record<string, string>>): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'xmlns') (found ??= {})[''] = value;
    else if (name.startsWith('xmlns:')) (found ??= {})[name.slice(6)] = value;
  }
  return found;
}

/** the namespace a prefix is bound to at the innermost open element ('' when unbound) */
function namespaceOf(scopes: readonly (Readonly<Record<string, string>> | undefined)[], prefix: string): string {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const uri = scopes[i]?.[prefix];
    if (uri !== undefined) return uri;
  }
  return '';
}

/** saxes writes errors as `file:line:column: message`; keep the message, which names XML syntax only */
function saxesReason(error: Error): string {
  return error.message.replace(/^[^:]*:\d+:\d+: /, '').replace(/^\d+:\d+: /, '').slice(0, 120);
}

/**
 * Parses the whole input, calling the sink as elements open and close.
 *
 * @example
 * await parseXml(chunks, { open: (path) => path.length === 3, element: (path, node) => …, close: () => {} });
 */
export async function parseXml(input: AsyncIterable<Uint8Array | string>, sink: XmlSink, limits: XmlLimits = {}): Promise<void> {
  const { maxDepth, maxTextChars, maxElements, maxRecordElements } = { ...DEFAULT_XML_LIMITS, ...limits };
  // saxes' own namespace processing costs a third of the parse; only the elements above the
  // records need their namespace (the caller looks at the Document's), so it is resolved here
  const parser = new SaxesParser({ xmlns: false, position: true });
  const namespaces: (Readonly<Record<string, string>> | undefined)[] = []; // declarations per open element, outside records
  const scanner = makeScanner(maxTextChars);
  const path: string[] = [];
  const stack: XmlElement[] = []; // the collected subtree being built, root first
  let collectedAt = -1; // depth of the collected subtree's root, -1 when none is open
  let elements = 0;
  let recordElements = 0;

  parser.on('error', (error) => {
    throw new AriadneError('MALFORMED_INPUT', `Line ${parser.line}: the XML is malformed (${saxesReason(error)}).`);
  });
  parser.on('doctype', () => {
    throw new AriadneError('MALFORMED_INPUT', `Line ${parser.line}: the document carries a DOCTYPE; DTD entities are refused.`);
  });
  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding?.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (encoding !== undefined && encoding !== 'utf8') {
      throw new AriadneError('MALFORMED_INPUT', `Line ${parser.line}: the document declares encoding "${(decl.encoding ?? '').slice(0, 20)}"; ISO 20022 messages are read as UTF-8 only.`);
    }
  });
  parser.on('opentag', (tag: SaxesTag) => {
    const tagAttributes = tag.attributes as Record<string, string>; // strings: namespaces are off
    const colon = tag.name.indexOf(':');
    const local = colon < 0 ? tag.name : tag.name.slice(colon + 1);
    path.push(local);
    if (path.length > maxDepth) throw new AriadneError('MALFORMED_INPUT', `Line ${parser.line}: elements are nested deeper than ${maxDepth} levels; the document is refused.`);
    if (++elements > maxElements) throw new AriadneError('PAYLOAD_TOO_LARGE', `Line ${parser.line}: the document has more than ${maxElements} elements; the document is refused.`);
    if (collectedAt < 0) {
      namespaces.push(declarations(tagAttributes));
      if (!sink.open(path, namespaceOf(namespaces, colon < 0 ? '' : tag.name.slice(0, colon)))) return;
      collectedAt = path.length;
      recordElements = 0;
    }
    if (++recordElements > maxRecordElements) {
      throw new AriadneError('PAYLOAD_TOO_LARGE', `Line ${parser.line}: one ${path[collectedAt - 1]} holds more than ${maxRecordElements} elements; the document is refused.`);
    }
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tagAttributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const at = name.indexOf(':');
      attributes[at < 0 ? name : name.slice(at + 1)] = value;
    }
    const node: XmlElement = { name: local, attributes, children: [], text: '' };
    stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  const onText = (text: string) => {
    const node = stack[stack.length - 1];
    if (node === undefined) return;
    if (node.text.length + text.length > maxTextChars) throw tooLarge(parser.line, `the text of one ${node.name}`, maxTextChars);
    node.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (collectedAt < 0) {
      sink.close(path);
      namespaces.pop();
    } else {
      const node = stack.pop()!;
      if (stack.length === 0) {
        collectedAt = -1;
        namespaces.pop();
        sink.element(path, node);
      }
    }
    path.pop();
  });

  for await (const text of decodeUtf8(input)) {
    scanner.scan(text);
    parser.write(text);
  }
  try {
    parser.close();
  } catch (error) {
    if (error instanceof AriadneError && /unclosed|root element|unexpected end/i.test(error.message)) {
      const where = path.length > 0 ? `inside ${path[path.length - 1]}` : 'before the root element closed';
      throw new AriadneError('MALFORMED_INPUT', `Line ${parser.line}: the document ends too early, ${where} (truncated?).`);
    }
    throw error;
  }
}

/** The first child named `name`, following a path of names. */
export function child(node: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = node;
  for (const name of names) {
    if (current === undefined) return undefined;
    current = current.children.find((c) => c.name === name);
  }
  return current;
}

/** All children named `name`. */
export function childrenNamed(node: XmlElement | undefined, name: string): XmlElement[] {
  return node === undefined ? [] : node.children.filter((c) => c.name === name);
}

/** The trimmed text at a path below `node`, or undefined when the element is missing or empty. */
export function textAt(node: XmlElement | undefined, ...names: string[]): string | undefined {
  const text = child(node, ...names)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}
