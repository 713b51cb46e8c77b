/**
 * XSD validation in process with libxml2 compiled to WebAssembly (`libxml2-wasm`), the same
 * validator as `xmllint --schema`. Documents are parsed with network access and external entities
 * off, and a DOCTYPE is refused before libxml2 sees it (a goAML report has none; it is the door to
 * entity expansion). Every native object is freed when done.
 *
 * Error messages keep libxml2's wording and the element's path but not the offending value
 * ("The value '…' is not accepted…" becomes "The value (withheld) is not accepted…"): a goAML
 * report is full of personal data, and these messages reach logs and screens.
 */
import { ParseOption, XmlDocument, XmlLibError, XsdValidator, type ErrorDetail } from 'libxml2-wasm';
import { AriadneError } from '@ariadne/schema';

export interface XsdError {
  /** 1-based line in the validated document (0 when libxml2 gives none) */
  readonly line: number;
  readonly message: string;
  /** the element's path, when libxml2 gives it (`/report/transaction[2]/t_from/from_country`) */
  readonly path?: string;
}

export interface XsdValidationResult {
  readonly valid: boolean;
  /** the first errors, in document order (at most `MAX_XSD_ERRORS`) */
  readonly errors: XsdError[];
}

export const MAX_XSD_ERRORS = 100;
/** A goAML report of 100,000 transactions is about 150 MB; past this, split the report. */
export const MAX_XML_CHARS = 256 * 1024 * 1024;
const MAX_SCHEMA_CHARS = 16 * 1024 * 1024;
const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/** True when the prolog (before the root element) holds a DOCTYPE declaration. */
function hasDoctype(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 3;
    } else {
      return text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i);
    }
  }
}

/** libxml2's message without the value it quotes. */
export function withholdValues(message: string): string {
  return message
    .replace(/\s+$/, '')
    .replace(/The value '[\s\S]*?'(?= (?:is|has) )/g, 'The value (withheld)')
    .replace(/^(Element '[^']*'(?:, attribute '[^']*')?: )'[\s\S]*?'(?= is not a valid value)/, '$1(withheld)');
}

function toErrors(details: readonly ErrorDetail[]): XsdError[] {
  return details
    .filter((d) => d.level >= 2)
    .slice(0, MAX_XSD_ERRORS)
    .map((d) => ({
      line: d.line > 0 ? d.line : 0,
      message: withholdValues(d.message),
      ...(d.xpath === undefined ? {} : { path: d.xpath }),
    }));
}

/** A compiled XSD, reusable for many documents; dispose it (or use `using`) when done. */
export class XsdSchema implements Disposable {
  private disposed = false;

  private constructor(
    private readonly schemaDocument: XmlDocument,
    private readonly validator: XsdValidator,
  ) {}

  /**
   * Compiles an XSD held in memory. The schema must be self-contained: a DOCTYPE, `xs:include`,
   * `xs:import` or `xs:redefine` is refused (`MALFORMED_INPUT`), so compiling never reaches for
   * another file. An XSD libxml2 cannot compile is `MALFORMED_INPUT` with its first error.
   */
  static fromText(xsdText: string): XsdSchema {
    if (xsdText.length > MAX_SCHEMA_CHARS) throw new AriadneError('PAYLOAD_TOO_LARGE', `The schema is larger than ${MAX_SCHEMA_CHARS} characters.`);
    if (hasDoctype(xsdText)) throw new AriadneError('MALFORMED_INPUT', 'The schema has a DOCTYPE, which a goAML XSD does not need; it is refused.');
    if (/<(?:[A-Za-z_][\w.-]*:)?(?:include|import|redefine|override)\b/.test(xsdText)) {
      throw new AriadneError('MALFORMED_INPUT', 'The schema includes or imports other files; supply it as one self-contained XSD.');
    }
    let document: XmlDocument;
    try {
      document = XmlDocument.fromString(xsdText, { option: PARSE_OPTIONS });
    } catch (error) {
      throw new AriadneError('MALFORMED_INPUT', `The schema is not well-formed XML: ${firstMessage(error)}`);
    }
    try {
      return new XsdSchema(document, XsdValidator.fromDoc(document));
    } catch (error) {
      document.dispose();
      throw new AriadneError('MALFORMED_INPUT', `The schema is not a valid XSD: ${firstMessage(error)}`);
    }
  }

  /** Validates one document. Malformed XML is a result with its parse errors, not an exception. */
  validate(xml: string): XsdValidationResult {
    if (this.disposed) throw new AriadneError('INTERNAL', 'The XSD schema was used after it was disposed.');
    if (xml.length > MAX_XML_CHARS) throw new AriadneError('PAYLOAD_TOO_LARGE', `The document is larger than ${MAX_XML_CHARS} characters.`);
    if (hasDoctype(xml)) return { valid: false, errors: [{ line: 1, message: 'A DOCTYPE is not allowed in a goAML report.' }] };
    let document: XmlDocument;
    try {
      document = XmlDocument.fromString(xml, { option: PARSE_OPTIONS });
    } catch (error) {
      const errors = error instanceof XmlLibError ? toErrors(error.details) : [];
      return { valid: false, errors: errors.length > 0 ? errors : [{ line: 0, message: `The document is not well-formed XML: ${firstMessage(error)}` }] };
    }
    try {
      this.validator.validate(document);
      return { valid: true, errors: [] };
    } catch (error) {
      if (!(error instanceof XmlLibError)) throw error;
      const errors = toErrors(error.details);
      return { valid: false, errors: errors.length > 0 ? errors : [{ line: 0, message: withholdValues(error.message) }] };
    } finally {
      document.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.validator.dispose();
    this.schemaDocument.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function firstMessage(error: unknown): string {
  const details = error instanceof XmlLibError ? error.details : [];
  const first = details[0];
  const text = first !== undefined ? `line ${first.line}: ${first.message}` : error instanceof Error ? error.message : String(error);
  return withholdValues(text.split('\n')[0] ?? text);
}

/** Validates `xml` against the XSD text: compiles the schema, validates, frees both. */
export function validateAgainstXsd(xml: string, xsdText: string): XsdValidationResult {
  const schema = XsdSchema.fromText(xsdText);
  try {
    return schema.validate(xml);
  } finally {
    schema.dispose();
  }
}
