/**
 * goAML code lists as configuration. Every FIU ships its own lists (report codes, indicators,
 * funds and conduction types, even the country list) inside the XSD it supplies, as the
 * enumerations of named simple types (`report_type`, `funds_type`…). `extractCodeLists` reads them
 * from that XSD; `loadCodeLists` reads the JSON an administrator keeps (generated from the XSD by
 * `scripts/extract-goaml-code-lists.ts`, then edited if the FIU publishes changes between schema
 * releases). The writer checks every code it writes against these lists, so a report never
 * carries a code the FIU would reject.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';

/** The simple types whose codes a report written by `buildGoamlReport` uses, by goAML type name. */
export const GOAML_CODE_LIST_TYPES = [
  'submission_type',
  'report_type',
  'report_indicator_type',
  'conduction_type',
  'funds_type',
  'country_type',
  'currency_type',
  'gender_type',
  'contact_type',
  'communication_type',
  'account_type',
  'account_status_type',
  'account_person_role_type',
  'entity_person_role_type',
  'identifier_type',
  'legal_form_type',
] as const;
export type GoamlCodeListType = (typeof GOAML_CODE_LIST_TYPES)[number];

/** The code goAML lists use for "unknown" (most lists carry it; the writer falls back to it for a required code nobody gave). */
export const UNKNOWN_CODE = '-';

export interface CodeEntry {
  readonly code: string;
  /** the FIU's description of the code (an XSD comment or xs:documentation), when it gives one */
  readonly label?: string;
}

/** What `toJSON` writes and `loadCodeLists` reads. */
export interface CodeListsJson {
  readonly format: typeof CODE_LISTS_FORMAT;
  readonly schemaVersion?: string;
  /** where the lists come from (the XSD's file name and digest), for the administrator */
  readonly source?: string;
  readonly lists: Readonly<Record<string, readonly CodeEntry[]>>;
}

export const CODE_LISTS_FORMAT = 'ariadne-goaml-code-lists/1';

const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
/** An FIU's XSD is a few hundred kB; anything far larger is not one. */
export const MAX_XSD_CHARS = 16 * 1024 * 1024;
const MAX_CODES_PER_LIST = 20_000;
const MAX_CODE_CHARS = 100;
const MAX_LABEL_CHARS = 300;
const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/** The code lists of one FIU schema, with constant-time look-ups. */
export class CodeLists {
  readonly schemaVersion: string | undefined;
  readonly source: string | undefined;
  private readonly lists = new Map<string, readonly CodeEntry[]>();
  private readonly index = new Map<string, Map<string, CodeEntry>>();

  constructor(lists: Readonly<Record<string, readonly CodeEntry[]>>, meta: { schemaVersion?: string; source?: string } = {}) {
    this.schemaVersion = meta.schemaVersion;
    this.source = meta.source;
    for (const [type, entries] of Object.entries(lists)) {
      const byCode = new Map<string, CodeEntry>();
      for (const entry of entries) if (!byCode.has(entry.code)) byCode.set(entry.code, entry);
      this.lists.set(type, [...byCode.values()]);
      this.index.set(type, byCode);
    }
  }

  /** The type names configured. */
  types(): string[] {
    return [...this.lists.keys()];
  }

  hasList(type: string): boolean {
    return this.lists.has(type);
  }

  has(type: string, code: string): boolean {
    return this.index.get(type)?.has(code) ?? false;
  }

  entries(type: string): readonly CodeEntry[] {
    return this.lists.get(type) ?? [];
  }

  label(type: string, code: string): string | undefined {
    return this.index.get(type)?.get(code)?.label;
  }

  toJSON(): CodeListsJson {
    const lists: Record<string, readonly CodeEntry[]> = {};
    for (const [type, entries] of this.lists) lists[type] = entries;
    return {
      format: CODE_LISTS_FORMAT,
      ...(this.schemaVersion === undefined ? {} : { schemaVersion: this.schemaVersion }),
      ...(this.source === undefined ? {} : { source: this.source }),
      lists,
    };
  }
}

export interface ExtractOptions {
  /** the type names to read; default `GOAML_CODE_LIST_TYPES`; `'all'` reads every named enumerated type */
  readonly types?: readonly string[] | 'all';
  /** overrides the version the XSD's root declares (`goaml:schemaVersion`); 2.0 schemas declare none */
  readonly schemaVersion?: string;
  readonly source?: string;
}

/**
 * Reads the enumerations of the named simple types in an FIU's goAML XSD. Streams the text with
 * saxes (no DTD, no entity expansion, no includes followed): only the schema's own top-level
 * `xs:simpleType name=…` definitions count, and an enumeration's label is the comment or
 * `xs:documentation` inside it. Throws `MALFORMED_INPUT` when the text is not XML or holds none
 * of the wanted lists, `PAYLOAD_TOO_LARGE` past `MAX_XSD_CHARS` or 20,000 codes in a list.
 */
export function extractCodeLists(xsdText: string, options: ExtractOptions = {}): CodeLists {
  if (xsdText.length > MAX_XSD_CHARS) {
    throw new AriadneError('PAYLOAD_TOO_LARGE', `The schema is larger than ${MAX_XSD_CHARS} characters; an FIU's goAML XSD is far smaller.`);
  }
  const wanted = options.types === 'all' ? null : new Set(options.types ?? GOAML_CODE_LIST_TYPES);
  const lists: Record<string, CodeEntry[]> = {};
  let declaredVersion: string | undefined;

  // The element stack, as local names in the XSD namespace ('' for any other element).
  const stack: string[] = [];
  let currentType: string | null = null; // the named simple type being read
  let typeDepth = -1; // its depth in `stack`
  let entry: { code: string; comment?: string; documentation?: string } | null = null;
  let inDocumentation = false;

  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: string | null = null;
  parser.on('error', (error) => {
    failure ??= error.message.split('\n')[0] ?? 'malformed XML';
  });
  parser.on('doctype', () => {
    failure ??= 'a DOCTYPE is not allowed in a goAML schema';
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const local = tag.uri === XSD_NS ? tag.local : '';
    const depth = stack.length;
    if (depth === 0) {
      if (local !== 'schema') failure ??= 'the root element is not xs:schema';
      for (const attribute of Object.values(tag.attributes)) {
        if (attribute.local === 'schemaVersion') declaredVersion = attribute.value.trim().slice(0, 20);
      }
    }
    stack.push(local);
    if (local === 'simpleType' && depth === 1) {
      const name = tag.attributes['name']?.value;
      if (name !== undefined && TYPE_NAME.test(name) && (wanted === null || wanted.has(name))) {
        currentType = name;
        typeDepth = depth;
      }
    } else if (currentType !== null && local === 'enumeration') {
      const code = tag.attributes['value']?.value ?? '';
      if (code.length === 0 || code.length > MAX_CODE_CHARS) {
        failure ??= `the ${currentType} list has a code that is empty or longer than ${MAX_CODE_CHARS} characters`;
      }
      entry = { code };
    } else if (entry !== null && local === 'documentation') {
      inDocumentation = true;
    }
  });
  parser.on('comment', (text) => {
    if (entry !== null && entry.comment === undefined) entry.comment = text;
  });
  parser.on('text', (text) => {
    if (inDocumentation && entry !== null) entry.documentation = (entry.documentation ?? '') + text.slice(0, MAX_LABEL_CHARS);
  });
  parser.on('closetag', () => {
    const local = stack.pop();
    if (local === 'documentation') inDocumentation = false;
    if (local === 'enumeration' && entry !== null && currentType !== null) {
      const list = (lists[currentType] ??= []);
      if (list.length >= MAX_CODES_PER_LIST) {
        throw new AriadneError('PAYLOAD_TOO_LARGE', `The ${currentType} list has more than ${MAX_CODES_PER_LIST} codes.`);
      }
      const label = cleanLabel(entry.documentation ?? entry.comment);
      list.push(label === undefined ? { code: entry.code } : { code: entry.code, label });
      entry = null;
    }
    if (local === 'simpleType' && stack.length === typeDepth) {
      currentType = null;
      typeDepth = -1;
    }
  });

  // Feed in slices so a failure stops the work early instead of after the whole text.
  const SLICE = 1 << 16;
  for (let at = 0; at < xsdText.length && failure === null; at += SLICE) parser.write(xsdText.slice(at, at + SLICE));
  if (failure === null) parser.close();
  if (failure !== null) throw new AriadneError('MALFORMED_INPUT', `The goAML schema could not be read: ${failure}.`);
  if (Object.keys(lists).length === 0) {
    throw new AriadneError('MALFORMED_INPUT', 'The schema defines none of the goAML code lists (named simple types with enumerations such as report_type).');
  }
  const schemaVersion = options.schemaVersion ?? declaredVersion;
  return new CodeLists(lists, {
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
}

function cleanLabel(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- labels are one line of plain text
  const label = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL_CHARS);
  return label.length > 0 ? label : undefined;
}

const codeSchema = z.string().min(1).max(MAX_CODE_CHARS).refine((code) => code.trim() === code, 'a code has no leading or trailing spaces');
const entrySchema = z.union([codeSchema, z.object({ code: codeSchema, label: z.string().max(MAX_LABEL_CHARS).optional() }).strict()]);
const listsFileSchema = z
  .object({
    format: z.literal(CODE_LISTS_FORMAT).optional(),
    schemaVersion: z.string().min(1).max(20).optional(),
    source: z.string().max(500).optional(),
    lists: z.record(z.string().regex(TYPE_NAME, 'a goAML type name such as report_type'), z.array(entrySchema).max(MAX_CODES_PER_LIST)),
  })
  .strict();

/** A code-lists JSON file is small; this bounds what `JSON.parse` is asked to build. */
const MAX_JSON_CHARS = 8 * 1024 * 1024;

/**
 * Reads a code-lists JSON document (text or already parsed): `{ "schemaVersion": "5.0.2",
 * "lists": { "report_type": ["STR", { "code": "SAR", "label": "…" }], … } }`. An administrator
 * may write entries as bare codes or as `{ code, label }`. Throws `MALFORMED_INPUT` for bad JSON
 * and `VALIDATION_FAILED` naming each bad path.
 */
export function loadCodeLists(json: string | unknown): CodeLists {
  let value: unknown = json;
  if (typeof json === 'string') {
    if (json.length > MAX_JSON_CHARS) throw new AriadneError('PAYLOAD_TOO_LARGE', `The code-lists file is larger than ${MAX_JSON_CHARS} characters.`);
    try {
      value = JSON.parse(json);
    } catch {
      throw new AriadneError('MALFORMED_INPUT', 'The code-lists file is not valid JSON.');
    }
  }
  const parsed = listsFileSchema.safeParse(value);
  if (!parsed.success) {
    const details: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 20)) details[issue.path.join('.') || '(root)'] = issue.message;
    throw new AriadneError('VALIDATION_FAILED', `The code-lists file is not valid: ${Object.entries(details).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { details });
  }
  const lists: Record<string, CodeEntry[]> = {};
  for (const [type, entries] of Object.entries(parsed.data.lists)) {
    lists[type] = entries.map((e) => (typeof e === 'string' ? { code: e } : e.label === undefined ? { code: e.code } : { code: e.code, label: e.label }));
  }
  return new CodeLists(lists, {
    ...(parsed.data.schemaVersion === undefined ? {} : { schemaVersion: parsed.data.schemaVersion }),
    ...(parsed.data.source === undefined ? {} : { source: parsed.data.source }),
  });
}
