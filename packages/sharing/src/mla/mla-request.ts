/**
 * The `ariadne-mla/1` document: a request for mutual legal assistance or extradition assembled from
 * a case (issue 8 part 4; resolution 2331 (17): "enhance cooperation in documentation, extradition
 * and legal assistance"). Its fields follow the headings of the UNODC Mutual Legal Assistance
 * Request Writer Tool: requesting and requested authority, reference, urgency, confidentiality,
 * legal basis, summary of facts, offences with the text of the provisions and penalties, persons
 * concerned, assistance requested with the link between facts and each measure, execution
 * procedures and contact. Evidence bundles (with their ledger proofs) are listed by hash and travel
 * beside it in the same package.
 *
 * `checkMlaRequest` is the one gate: the sender runs it before anything is written and the
 * recipient before anything is shown. It refuses a victim who appears other than by pseudonym, so
 * a request can never carry a victim's name, identifiers or birth date (resolution 2331 (6)).
 * Error messages name the field and the rule, never the value.
 */
import { z } from 'zod';
import { AriadneError, ENTITY_ID_PATTERN } from '@ariadne/schema';
import type { ExploitationFormValue } from '@ariadne/schema';
import { isCountryCode } from './countries.ts';

export const MLA_FORMAT = 'ariadne-mla/1' as const;
export const MLA_KINDS = ['mutual-legal-assistance', 'extradition'] as const;
export type MlaKind = (typeof MLA_KINDS)[number];

export const URGENCY_LEVELS = ['normal', 'urgent'] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];

export const VICTIM_ROLE = 'victim (pseudonymised)' as const;
export const SUBJECT_ROLES = ['suspect', 'accused', 'convicted', 'witness', VICTIM_ROLE, 'account holder', 'company'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

export const MEASURE_KINDS = [
  'evidence-taking', 'search-and-seizure', 'asset-freeze', 'confiscation', 'records-production', 'service-of-documents',
  'hearing-by-video', 'provisional-arrest', 'extradition', 'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** measures only an extradition request may ask for, and only against an accused or convicted person */
export const EXTRADITION_MEASURES: ReadonlySet<MeasureKind> = new Set(['provisional-arrest', 'extradition']);
/** roles of a person whose arrest or surrender may be requested */
const SURRENDERABLE: ReadonlySet<SubjectRole> = new Set(['accused', 'convicted']);

/**
 * The forms of exploitation of resolution 2331 and the Trafficking Protocol (art. 3), as the
 * Exploitation schema names them (`ExploitationFormValue`, checked below to be complete).
 */
export const EXPLOITATION_FORMS = [
  'sexual_exploitation', 'forced_labour', 'slavery', 'practices_similar_to_slavery', 'servitude', 'removal_of_organs',
  'forced_marriage', 'child_recruitment', 'sale_of_persons',
] as const satisfies readonly ExploitationFormValue[];
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];
// a form added to the schema without being added here fails to compile
const _everyForm: [Exclude<ExploitationFormValue, ExploitationForm>] extends [never] ? true : never = true;
void _everyForm;

/** a victim's pseudonym as the reduction gives it: `psn-` and 128 bits in hex (`pseudonymId`) */
export const PSEUDONYM_PATTERN = /^psn-[0-9a-f]{32}$/;
export const MAX_FACTS_CHARS = 20_000;

/** an office of a State (a prosecution service, a ministry's central authority), never a private person */
export interface MlaAuthority {
  readonly name: string;
  /** ISO 3166-1 alpha-2, upper case */
  readonly country: string;
  /** postal address of the office; may span lines */
  readonly address: string;
  /** the function that handles the request, e.g. "International Cooperation Unit, duty prosecutor" */
  readonly contactRole: string;
}

export interface MlaUrgency {
  readonly level: UrgencyLevel;
  /** why it is urgent (a hearing date, a person about to leave, a limitation period); required when urgent */
  readonly reason?: string;
}

export interface MlaOffence {
  readonly name: string;
  /** the instrument and article, e.g. "Penal Code of Examplestan, art. 293" */
  readonly legalProvision: string;
  /** the text of the provision, so the requested State can assess dual criminality */
  readonly provisionText: string;
  readonly maximumPenalty: string;
  readonly form?: ExploitationForm;
}

export interface MlaIdentifier {
  /** e.g. "passport", "national identity number", "IBAN", "company registration number" */
  readonly kind: string;
  readonly value: string;
  /** the issuing country, ISO 3166-1 alpha-2 */
  readonly country?: string;
}

export interface MlaSubject {
  /** the entity id in the requesting case; a victim's is its pseudonym */
  readonly entityId: string;
  readonly role: SubjectRole;
  /** a victim's is its pseudonym (`psn-…`) */
  readonly name: string;
  readonly aliases: readonly string[];
  /** YYYY, YYYY-MM or YYYY-MM-DD; never for a victim */
  readonly birthDate?: string;
  /** ISO 3166-1 alpha-2 (for a company: where it is registered) */
  readonly nationality?: string;
  /** never for a victim */
  readonly identifiers?: readonly MlaIdentifier[];
  /** where the person or company is believed to be in the requested State; never for a victim */
  readonly whereabouts?: string;
}

export interface MlaMeasure {
  readonly kind: MeasureKind;
  readonly description: string;
  /** why this measure serves the investigation: the link between the facts and what is asked */
  readonly linkToFacts: string;
  /** entity ids of the subjects the measure concerns */
  readonly subjects: readonly string[];
}

export interface MlaCheckpoint {
  /** the ledger's origin line, e.g. "ariadne.example-prosecution" */
  readonly origin: string;
  readonly treeSize: number;
  /** the checkpoint's root hash, hex */
  readonly rootHash: string;
}

/** an evidence bundle travelling as the package member `evidence/<fileName>` */
export interface MlaEvidence {
  readonly bundleId: string;
  /** one path segment: letters, digits, `.`, `_`, `-`, starting with a letter or digit */
  readonly fileName: string;
  /** SHA-256 of the bundle file, lowercase hex */
  readonly sha256: string;
  /** number of evidence items in the bundle */
  readonly items: number;
  /** the signed ledger checkpoint the bundle's inclusion proofs lead to */
  readonly checkpoint?: MlaCheckpoint;
}

export interface MlaContact {
  readonly office: string;
  /** how to reach it, e.g. "secure e-mail of the central authority; telephone during office hours" */
  readonly channel: string;
}

export interface MlaRequest {
  readonly format: typeof MLA_FORMAT;
  readonly kind: MlaKind;
  readonly reference: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly requestingAuthority: MlaAuthority;
  readonly requestedAuthority: MlaAuthority;
  readonly urgency: MlaUrgency;
  readonly confidentiality: string;
  /** treaties, conventions and laws, e.g. "UNTOC, art. 18", "Trafficking in Persons Protocol" */
  readonly legalBasis: readonly string[];
  readonly case: { readonly id: string; readonly title: string };
  /** at most `MAX_FACTS_CHARS` characters */
  readonly summaryOfFacts: string;
  readonly offences: readonly MlaOffence[];
  readonly subjects: readonly MlaSubject[];
  readonly measures: readonly MlaMeasure[];
  readonly evidence: readonly MlaEvidence[];
  readonly executionProcedures: string;
  readonly contact: MlaContact;
}

// ---- the shape -------------------------------------------------------------------------------

// C0/C1 controls (tab and newline allowed in text, not in a line), DEL, lone surrogates
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** one line of text, trimmed */
const line = (max = 300) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`)
  .refine((s) => !LINE_FORBIDDEN.test(s), 'one line without control characters');
/** text that may span lines; CRLF becomes LF so the same text gives the same bytes */
const text = (max: number) => z.string().transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`)
    .refine((s) => !TEXT_FORBIDDEN.test(s), 'text without control characters other than tab and newline'));

const country = z.string().transform((s) => s.toUpperCase())
  .refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code, e.g. IQ');

function isCalendarDate(value: string): boolean {
  const [y, m = 1, d = 1] = value.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? NaN, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine(isCalendarDate, 'not a calendar date');
const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD').refine(isCalendarDate, 'not a calendar date');
const entityId = z.string().regex(ENTITY_ID_PATTERN, 'an entity id: 1–200 letters, digits, ".", "_", ":" or "-"');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits (SHA-256)');

const authority = z.strictObject({ name: line(), country, address: text(1_000), contactRole: line() });

const offence = z.strictObject({
  name: line(),
  legalProvision: line(500),
  provisionText: text(10_000),
  maximumPenalty: line(500),
  form: z.enum(EXPLOITATION_FORMS).optional(),
});

const identifier = z.strictObject({ kind: line(100), value: line(200), country: country.optional() });

const subject = z.strictObject({
  entityId,
  role: z.enum(SUBJECT_ROLES),
  name: line(),
  aliases: z.array(line()).max(20, 'at most 20 aliases'),
  birthDate: partialDate.optional(),
  nationality: country.optional(),
  identifiers: z.array(identifier).max(20, 'at most 20 identifiers').optional(),
  whereabouts: text(1_000).optional(),
});

const measure = z.strictObject({
  kind: z.enum(MEASURE_KINDS),
  description: text(5_000),
  linkToFacts: text(5_000),
  subjects: z.array(entityId).max(200, 'at most 200 subjects'),
});

const evidence = z.strictObject({
  bundleId: entityId,
  fileName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'a file name: letters, digits, ".", "_", "-", starting with a letter or digit, at most 200 characters'),
  sha256,
  items: z.number().int().min(1).max(1_000_000),
  checkpoint: z.strictObject({ origin: line(), treeSize: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), rootHash: sha256 }).optional(),
});

const requestSchema = z.strictObject({
  format: z.literal(MLA_FORMAT),
  kind: z.enum(MLA_KINDS),
  reference: line(100),
  date: isoDate,
  requestingAuthority: authority,
  requestedAuthority: authority,
  urgency: z.strictObject({ level: z.enum(URGENCY_LEVELS), reason: text(2_000).optional() }),
  confidentiality: text(5_000),
  legalBasis: z.array(line(500)).min(1, 'name at least one treaty, convention or law').max(20, 'at most 20 entries'),
  case: z.strictObject({ id: entityId, title: line() }),
  summaryOfFacts: text(MAX_FACTS_CHARS),
  offences: z.array(offence).min(1, 'name at least one offence').max(50, 'at most 50 offences'),
  subjects: z.array(subject).max(200, 'at most 200 subjects'),
  measures: z.array(measure).min(1, 'ask for at least one measure').max(50, 'at most 50 measures'),
  evidence: z.array(evidence).max(100, 'at most 100 evidence bundles'),
  executionProcedures: text(10_000),
  contact: z.strictObject({ office: line(), channel: text(2_000) }),
});

// the schema's output is an MlaRequest (checked at compile time)
const _schemaGivesRequest: (value: z.output<typeof requestSchema>) => MlaRequest = (value) => value;
void _schemaGivesRequest;

// ---- the rules across fields -----------------------------------------------------------------

/** a broken rule: the path of the field, and the rule in words (never the value) */
interface MlaProblem {
  readonly path: string;
  readonly message: string;
}

function victimProblems(s: MlaSubject, at: string): MlaProblem[] {
  const problems: MlaProblem[] = [];
  if (!PSEUDONYM_PATTERN.test(s.entityId)) problems.push({ path: `${at}.entityId`, message: 'a victim is identified only by its pseudonym (psn- and 32 hex digits)' });
  if (!PSEUDONYM_PATTERN.test(s.name)) problems.push({ path: `${at}.name`, message: 'a victim appears only by pseudonym (psn- and 32 hex digits), never by name' });
  if (s.aliases.length > 0) problems.push({ path: `${at}.aliases`, message: 'a victim has no aliases in a request: they would identify them' });
  if (s.birthDate !== undefined) problems.push({ path: `${at}.birthDate`, message: "a victim's birth date does not travel" });
  if (s.identifiers !== undefined && s.identifiers.length > 0) problems.push({ path: `${at}.identifiers`, message: "a victim's identifiers do not travel" });
  if (s.whereabouts !== undefined) problems.push({ path: `${at}.whereabouts`, message: "a victim's whereabouts do not travel" });
  return problems;
}

function subjectProblems(subjects: readonly MlaSubject[]): MlaProblem[] {
  const problems: MlaProblem[] = [];
  const seen = new Set<string>();
  subjects.forEach((s, i) => {
    const at = `subjects.${i}`;
    if (seen.has(s.entityId)) problems.push({ path: `${at}.entityId`, message: 'the same entity appears twice among the subjects' });
    seen.add(s.entityId);
    if (s.role === VICTIM_ROLE) problems.push(...victimProblems(s, at));
    else if (PSEUDONYM_PATTERN.test(s.name)) problems.push({ path: `${at}.role`, message: 'a pseudonymised person must have the role "victim (pseudonymised)"' });
    if (s.role === 'company' && s.birthDate !== undefined) problems.push({ path: `${at}.birthDate`, message: 'a company has no birth date: give its registration number as an identifier' });
  });
  return problems;
}

function measureProblems(request: z.output<typeof requestSchema>): MlaProblem[] {
  const problems: MlaProblem[] = [];
  const roles = new Map(request.subjects.map((s) => [s.entityId, s.role]));
  request.measures.forEach((m, i) => {
    const at = `measures.${i}`;
    if (new Set(m.subjects).size !== m.subjects.length) problems.push({ path: `${at}.subjects`, message: 'a subject is named twice' });
    m.subjects.forEach((id, j) => {
      if (!roles.has(id)) problems.push({ path: `${at}.subjects.${j}`, message: 'names no subject of this request' });
    });
    if (!EXTRADITION_MEASURES.has(m.kind)) return;
    if (request.kind !== 'extradition') {
      problems.push({ path: `${at}.kind`, message: 'provisional arrest and extradition are asked for only in a request of kind "extradition"' });
      return;
    }
    if (m.subjects.length === 0) problems.push({ path: `${at}.subjects`, message: 'name the accused or convicted person to be arrested or surrendered' });
    m.subjects.forEach((id, j) => {
      const role = roles.get(id);
      if (role !== undefined && !SURRENDERABLE.has(role)) problems.push({ path: `${at}.subjects.${j}`, message: 'only an accused or convicted person may be arrested or surrendered' });
    });
  });
  if (request.kind === 'extradition') {
    if (!request.subjects.some((s) => SURRENDERABLE.has(s.role))) problems.push({ path: 'subjects', message: 'an extradition request needs a subject who is accused or convicted' });
    if (!request.measures.some((m) => m.kind === 'extradition')) problems.push({ path: 'measures', message: 'an extradition request asks for extradition: add a measure of kind "extradition"' });
  }
  return problems;
}

function evidenceProblems(evidence: readonly MlaEvidence[]): MlaProblem[] {
  const problems: MlaProblem[] = [];
  const files = new Set<string>();
  const bundles = new Set<string>();
  evidence.forEach((e, i) => {
    if (files.has(e.fileName.toLowerCase())) problems.push({ path: `evidence.${i}.fileName`, message: 'two bundles share this file name (compared without case)' });
    if (bundles.has(e.bundleId)) problems.push({ path: `evidence.${i}.bundleId`, message: 'the same bundle is listed twice' });
    files.add(e.fileName.toLowerCase());
    bundles.add(e.bundleId);
  });
  return problems;
}

/** the rules that span fields, on a request of the right shape */
function crossFieldProblems(request: z.output<typeof requestSchema>): MlaProblem[] {
  const problems: MlaProblem[] = [];
  if (request.requestingAuthority.country === request.requestedAuthority.country) {
    problems.push({ path: 'requestedAuthority.country', message: 'the requested authority is in the requesting State: assistance and extradition are between States' });
  }
  if (request.urgency.level === 'urgent' && request.urgency.reason === undefined) {
    problems.push({ path: 'urgency.reason', message: 'say why the request is urgent' });
  }
  return [...problems, ...subjectProblems(request.subjects), ...measureProblems(request), ...evidenceProblems(request.evidence)];
}

const MAX_DETAILS = 20;

function refuse(problems: readonly MlaProblem[]): never {
  const details: Record<string, string> = {};
  for (const p of problems.slice(0, MAX_DETAILS)) details[p.path] ??= p.message;
  const more = problems.length > MAX_DETAILS ? ` (and ${problems.length - MAX_DETAILS} more)` : '';
  throw new AriadneError('VALIDATION_FAILED', `The MLA request is not valid: ${Object.keys(details).join(', ')}${more}.`, { details });
}

/**
 * Checks a parsed JSON value against `ariadne-mla/1` and returns it normalised (lines trimmed,
 * CRLF as LF, country codes upper case). Unknown fields are refused. Throws VALIDATION_FAILED
 * whose `details` map each bad field's path (e.g. `subjects.1.name`) to the rule it breaks.
 *
 * @example checkMlaRequest(JSON.parse(text)).measures[0].kind // 'evidence-taking'
 */
export function checkMlaRequest(raw: unknown): MlaRequest {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    refuse(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })));
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) refuse(problems);
  return parsed.data;
}
