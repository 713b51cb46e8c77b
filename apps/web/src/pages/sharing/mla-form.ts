/**
 * The "Send an MLA request" form as pure data (docs/mla-package.md, `ariadne-mla/1`): the draft
 * the form edits, following the request's headings; the checks that mirror the server's main rules
 * (problems by request path, as message keys); the body the server takes; and where the server's
 * own problems (by request path too) go on the form. Pure (no DOM), so node tests cover it.
 *
 * A victim among the subjects is sent by their record id with the role "victim (pseudonymised)"
 * and nothing else that could identify them: the server replaces the id by the partner's pseudonym
 * (`psn-…`), so the victim's name never leaves this browser in the request.
 */
import {
  MEASURE_KINDS, VICTIM_ROLE, type ExploitationForm, type MeasureKind, type MlaKind, type MlaSendBody, type SubjectRole, type UrgencyLevel,
} from '../../api/sharing-types.ts';

export interface AuthorityDraft {
  readonly name: string;
  /** ISO 3166-1 alpha-2, as typed */
  readonly country: string;
  readonly address: string;
  readonly contactRole: string;
}

export interface OffenceDraft {
  /** stable React key, never sent */
  readonly key: string;
  readonly name: string;
  readonly legalProvision: string;
  readonly provisionText: string;
  readonly maximumPenalty: string;
  readonly form: ExploitationForm | '';
}

export interface SubjectDraft {
  /** the record in the case (a victim's is replaced by its pseudonym on the server) */
  readonly entityId: string;
  readonly schema: string;
  /** a record of a sealed schema (a victim's profile): it may travel only as a pseudonymised victim */
  readonly sealed: boolean;
  readonly role: SubjectRole;
  /** the record's caption as found; empty for a victim (never shown nor sent) */
  readonly name: string;
  /** a victim's profile's own pseudonym in this case (its caption), shown instead of a name; never sent */
  readonly localPseudonym: string;
  /** comma- or line-separated */
  readonly aliases: string;
  readonly birthDate: string;
  readonly nationality: string;
  readonly whereabouts: string;
}

export interface MeasureDraft {
  readonly key: string;
  readonly kind: MeasureKind;
  readonly description: string;
  readonly linkToFacts: string;
  /** entity ids of the draft's subjects */
  readonly subjects: readonly string[];
}

export interface MlaDraft {
  readonly kind: MlaKind;
  readonly reference: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly requestingAuthority: AuthorityDraft;
  readonly requestedAuthority: AuthorityDraft;
  readonly urgency: UrgencyLevel;
  readonly urgencyReason: string;
  readonly confidentiality: string;
  /** one treaty, convention or law a line */
  readonly legalBasis: string;
  readonly summaryOfFacts: string;
  readonly offences: readonly OffenceDraft[];
  readonly subjects: readonly SubjectDraft[];
  readonly measures: readonly MeasureDraft[];
  readonly executionProcedures: string;
  readonly contactOffice: string;
  readonly contactChannel: string;
  /** evidence bundles of the case to send along, one id a line (only when the terms allow evidence) */
  readonly evidenceBundleIds: string;
}

/** a broken rule: a message key of `sharing.mla.problem.*` and its values */
export interface MlaProblem {
  readonly key: string;
  readonly vars?: Readonly<Record<string, string | number>>;
}

/** request path (e.g. `offences.0.name`) → its first problem */
export type MlaProblems = Readonly<Record<string, MlaProblem>>;

export const MAX_FACTS_CHARS = 20_000;
const MAX_OFFENCES = 50;
const MAX_MEASURES = 50;
const MAX_SUBJECTS = 200;
const MAX_LEGAL_BASIS = 20;
const MAX_ALIASES = 20;
const MAX_BUNDLES = 100;

/** measures only an extradition request may ask for, and only against an accused or convicted person */
export const EXTRADITION_MEASURES: ReadonlySet<MeasureKind> = new Set(['provisional-arrest', 'extradition']);
const SURRENDERABLE: ReadonlySet<SubjectRole> = new Set(['accused', 'convicted']);

const emptyAuthority: AuthorityDraft = { name: '', country: '', address: '', contactRole: '' };

/** YYYY-MM-DD of the day in the browser's time zone: the date the requesting authority signs */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function emptyOffence(key: string): OffenceDraft {
  return { key, name: '', legalProvision: '', provisionText: '', maximumPenalty: '', form: '' };
}

export function emptyMeasure(key: string): MeasureDraft {
  return { key, kind: 'evidence-taking', description: '', linkToFacts: '', subjects: [] };
}

/** a fresh request: mutual legal assistance, normal urgency, dated today, one empty offence and one empty measure */
export function emptyMlaDraft(today: Date): MlaDraft {
  return {
    kind: 'mutual-legal-assistance', reference: '', date: localDay(today),
    requestingAuthority: emptyAuthority, requestedAuthority: emptyAuthority,
    urgency: 'normal', urgencyReason: '', confidentiality: '', legalBasis: '', summaryOfFacts: '',
    offences: [emptyOffence('o1')], subjects: [], measures: [emptyMeasure('m1')],
    executionProcedures: '', contactOffice: '', contactChannel: '', evidenceBundleIds: '',
  };
}

/**
 * The role a record picked as a subject starts with: a victim's record (a sealed schema such as a
 * VictimProfile) is a pseudonymised victim, an organisation a company, anyone else a suspect.
 */
export function defaultRole(hit: { schema: string; sealed: boolean; legalEntity: boolean; person: boolean }): SubjectRole {
  if (hit.sealed) return VICTIM_ROLE;
  if (hit.legalEntity && !hit.person) return 'company';
  return 'suspect';
}

/**
 * Adds a record as a subject (once). A victim's name is not kept; a victim's profile (a sealed
 * record, captioned by its pseudonym) keeps that pseudonym to be recognised by on the form.
 */
export function addSubject(draft: MlaDraft, record: { id: string; schema: string; caption: string; sealed: boolean; role: SubjectRole }): MlaDraft {
  if (draft.subjects.some((s) => s.entityId === record.id)) return draft;
  const victim = record.role === VICTIM_ROLE;
  const subject: SubjectDraft = {
    entityId: record.id, schema: record.schema, sealed: record.sealed, role: record.role, name: victim ? '' : record.caption,
    localPseudonym: victim && record.sealed ? record.caption : '', aliases: '', birthDate: '', nationality: '', whereabouts: '',
  };
  return { ...draft, subjects: [...draft.subjects, subject] };
}

/** changes a subject; becoming a victim drops everything that could identify them */
export function updateSubject(draft: MlaDraft, entityId: string, patch: Partial<Omit<SubjectDraft, 'entityId' | 'schema' | 'sealed' | 'localPseudonym'>>): MlaDraft {
  return {
    ...draft,
    subjects: draft.subjects.map((s) => {
      if (s.entityId !== entityId) return s;
      const next = { ...s, ...patch };
      return next.role === VICTIM_ROLE ? { ...next, name: '', aliases: '', birthDate: '', whereabouts: '' } : next;
    }),
  };
}

/** removes a subject, and it from every measure that named it */
export function removeSubject(draft: MlaDraft, entityId: string): MlaDraft {
  return {
    ...draft,
    subjects: draft.subjects.filter((s) => s.entityId !== entityId),
    measures: draft.measures.map((m) => (m.subjects.includes(entityId) ? { ...m, subjects: m.subjects.filter((id) => id !== entityId) } : m)),
  };
}

/** names a subject in a measure, or stops naming it */
export function toggleMeasureSubject(draft: MlaDraft, measureKey: string, entityId: string, on: boolean): MlaDraft {
  return {
    ...draft,
    measures: draft.measures.map((m) => {
      if (m.key !== measureKey) return m;
      const rest = m.subjects.filter((id) => id !== entityId);
      return { ...m, subjects: on ? [...rest, entityId] : rest };
    }),
  };
}

/** a new key for an offence or measure, unused in the draft */
export function nextKey(draft: MlaDraft, prefix: 'o' | 'm'): string {
  const used = new Set([...draft.offences.map((o) => o.key), ...draft.measures.map((m) => m.key)]);
  let n = draft.offences.length + draft.measures.length + 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

// ---- text as the request holds it -------------------------------------------------------------

/** non-empty lines, trimmed, without repeats */
export function lines(text: string): string[] {
  return [...new Set(text.split(/\r\n?|\n/).map((s) => s.trim()).filter(Boolean))];
}

/** aliases typed on one line with commas, or one a line */
export function aliasList(text: string): string[] {
  return [...new Set(text.split(/[,\n\r]+/).map((s) => s.trim()).filter(Boolean))];
}

function ids(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

/** text that may span lines: CRLF as LF, trimmed (what the server does too) */
function block(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

function authority(a: AuthorityDraft): Record<string, string> {
  return { name: a.name.trim(), country: a.country.trim().toUpperCase(), address: block(a.address), contactRole: a.contactRole.trim() };
}

function subjectOf(s: SubjectDraft): Record<string, unknown> {
  const nationality = s.nationality.trim().toUpperCase();
  if (s.role === VICTIM_ROLE) {
    // the record id only: the server puts the partner's pseudonym in both `entityId` and `name`
    return { entityId: s.entityId, role: s.role, name: s.entityId, aliases: [], ...(nationality ? { nationality } : {}) };
  }
  const whereabouts = block(s.whereabouts);
  return {
    entityId: s.entityId, role: s.role, name: s.name.trim(), aliases: aliasList(s.aliases),
    ...(s.birthDate.trim() ? { birthDate: s.birthDate.trim() } : {}),
    ...(nationality ? { nationality } : {}),
    ...(whereabouts ? { whereabouts } : {}),
  };
}

/**
 * The body of `POST /api/sharing/agreements/:id/mla`: the request (the server adds `format`,
 * `case` and `evidence`), and the evidence bundles when the agreement allows evidence.
 */
export function mlaSendBody(draft: MlaDraft, options: { evidenceAllowed: boolean }): MlaSendBody {
  const reason = block(draft.urgencyReason);
  const request: Record<string, unknown> = {
    kind: draft.kind,
    reference: draft.reference.trim(),
    date: draft.date.trim(),
    requestingAuthority: authority(draft.requestingAuthority),
    requestedAuthority: authority(draft.requestedAuthority),
    urgency: { level: draft.urgency, ...(draft.urgency === 'urgent' && reason ? { reason } : {}) },
    confidentiality: block(draft.confidentiality),
    legalBasis: lines(draft.legalBasis),
    summaryOfFacts: block(draft.summaryOfFacts),
    offences: draft.offences.map((o) => ({
      name: o.name.trim(), legalProvision: o.legalProvision.trim(), provisionText: block(o.provisionText), maximumPenalty: o.maximumPenalty.trim(),
      ...(o.form ? { form: o.form } : {}),
    })),
    subjects: draft.subjects.map(subjectOf),
    measures: draft.measures.map((m) => ({ kind: m.kind, description: block(m.description), linkToFacts: block(m.linkToFacts), subjects: [...m.subjects] })),
    executionProcedures: block(draft.executionProcedures),
    contact: { office: draft.contactOffice.trim(), channel: block(draft.contactChannel) },
  };
  const bundles = options.evidenceAllowed ? ids(draft.evidenceBundleIds).slice(0, MAX_BUNDLES) : [];
  return bundles.length > 0 ? { request, evidenceBundleIds: bundles } : { request };
}

// ---- the checks (the server's main rules, so most mistakes show before anything is sent) -------

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const COUNTRY = /^[A-Z]{2}$/;

function isCalendarDate(value: string): boolean {
  const [y, m = 1, d = 1] = value.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? NaN, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

class Problems {
  readonly found: Record<string, MlaProblem> = {};
  add(path: string, key: string, vars?: Record<string, string | number>): void {
    this.found[path] ??= vars ? { key: `sharing.mla.problem.${key}`, vars } : { key: `sharing.mla.problem.${key}` };
  }
  /** a required line of at most `max` characters */
  line(path: string, value: string, max: number): void {
    const v = value.trim();
    if (!v) this.add(path, 'required');
    else if (v.length > max) this.add(path, 'tooLong', { max });
    else if (LINE_FORBIDDEN.test(v)) this.add(path, 'oneLine');
  }
  /** a required text of at most `max` characters (it may span lines) */
  text(path: string, value: string, max: number): void {
    const v = block(value);
    if (!v) this.add(path, 'required');
    else if (v.length > max) this.add(path, 'tooLong', { max });
    else if (TEXT_FORBIDDEN.test(v)) this.add(path, 'controlCharacters');
  }
  country(path: string, value: string, required: boolean): void {
    const v = value.trim().toUpperCase();
    if (!v) {
      if (required) this.add(path, 'required');
    } else if (!COUNTRY.test(v)) this.add(path, 'country');
  }
}

function authorityProblems(p: Problems, at: string, a: AuthorityDraft): void {
  p.line(`${at}.name`, a.name, 300);
  p.country(`${at}.country`, a.country, true);
  p.text(`${at}.address`, a.address, 1_000);
  p.line(`${at}.contactRole`, a.contactRole, 300);
}

function subjectProblems(p: Problems, subjects: readonly SubjectDraft[]): void {
  if (subjects.length > MAX_SUBJECTS) p.add('subjects', 'tooMany', { max: MAX_SUBJECTS });
  const seen = new Set<string>();
  subjects.forEach((s, i) => {
    const at = `subjects.${i}`;
    if (seen.has(s.entityId)) p.add(`${at}.entityId`, 'duplicateSubject');
    seen.add(s.entityId);
    p.country(`${at}.nationality`, s.nationality, false);
    if (s.sealed && s.role !== VICTIM_ROLE) p.add(`${at}.role`, 'victimRecord');
    if (s.role === VICTIM_ROLE) return;
    p.line(`${at}.name`, s.name, 300);
    const aliases = aliasList(s.aliases);
    if (aliases.length > MAX_ALIASES) p.add(`${at}.aliases`, 'tooMany', { max: MAX_ALIASES });
    else if (aliases.some((a) => a.length > 300)) p.add(`${at}.aliases`, 'tooLong', { max: 300 });
    const birth = s.birthDate.trim();
    if (birth && s.role === 'company') p.add(`${at}.birthDate`, 'companyBirthDate');
    else if (birth && (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birth) || !isCalendarDate(birth))) p.add(`${at}.birthDate`, 'partialDate');
    if (block(s.whereabouts).length > 1_000) p.add(`${at}.whereabouts`, 'tooLong', { max: 1_000 });
  });
}

function measureProblems(p: Problems, draft: MlaDraft): void {
  if (draft.measures.length === 0) p.add('measures', 'measureNone');
  else if (draft.measures.length > MAX_MEASURES) p.add('measures', 'tooMany', { max: MAX_MEASURES });
  const roles = new Map(draft.subjects.map((s) => [s.entityId, s.role]));
  draft.measures.forEach((m, i) => {
    const at = `measures.${i}`;
    p.text(`${at}.description`, m.description, 5_000);
    p.text(`${at}.linkToFacts`, m.linkToFacts, 5_000);
    if (m.subjects.some((id) => !roles.has(id))) p.add(`${at}.subjects`, 'unknownSubject');
    if (!EXTRADITION_MEASURES.has(m.kind)) return;
    if (draft.kind !== 'extradition') p.add(`${at}.kind`, 'extraditionOnly');
    else if (m.subjects.length === 0) p.add(`${at}.subjects`, 'arrestSubjectsNone');
    else if (m.subjects.some((id) => !SURRENDERABLE.has(roles.get(id) ?? 'witness'))) p.add(`${at}.subjects`, 'arrestRole');
  });
  if (draft.kind === 'extradition') {
    if (!draft.subjects.some((s) => SURRENDERABLE.has(s.role))) p.add('subjects', 'extraditionSubject');
    if (!draft.measures.some((m) => m.kind === 'extradition')) p.add('measures', 'extraditionMeasure');
  }
}

/**
 * What is wrong with the draft, by request path (`reference`, `requestedAuthority.country`,
 * `offences.0.provisionText`, `measures.1.subjects`…), as message keys: the shape the server
 * checks (required fields, lengths, dates, country codes) and its rules across fields (two
 * different States, a reason when urgent, extradition measures only in an extradition request
 * and only against an accused or convicted person). The server checks everything again.
 */
export function mlaProblems(draft: MlaDraft): MlaProblems {
  const p = new Problems();
  p.line('reference', draft.reference, 100);
  const date = draft.date.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isCalendarDate(date)) p.add('date', 'date');
  authorityProblems(p, 'requestingAuthority', draft.requestingAuthority);
  authorityProblems(p, 'requestedAuthority', draft.requestedAuthority);
  const [from, to] = [draft.requestingAuthority.country, draft.requestedAuthority.country].map((c) => c.trim().toUpperCase());
  if (from && from === to) p.add('requestedAuthority.country', 'sameCountry');
  if (draft.urgency === 'urgent') p.text('urgency.reason', draft.urgencyReason, 2_000);
  p.text('confidentiality', draft.confidentiality, 5_000);
  const basis = lines(draft.legalBasis);
  if (basis.length === 0) p.add('legalBasis', 'legalBasisNone');
  else if (basis.length > MAX_LEGAL_BASIS) p.add('legalBasis', 'tooMany', { max: MAX_LEGAL_BASIS });
  else if (basis.some((b) => b.length > 500)) p.add('legalBasis', 'tooLong', { max: 500 });
  p.text('summaryOfFacts', draft.summaryOfFacts, MAX_FACTS_CHARS);
  if (draft.offences.length === 0) p.add('offences', 'offenceNone');
  else if (draft.offences.length > MAX_OFFENCES) p.add('offences', 'tooMany', { max: MAX_OFFENCES });
  draft.offences.forEach((o, i) => {
    p.line(`offences.${i}.name`, o.name, 300);
    p.line(`offences.${i}.legalProvision`, o.legalProvision, 500);
    p.text(`offences.${i}.provisionText`, o.provisionText, 10_000);
    p.line(`offences.${i}.maximumPenalty`, o.maximumPenalty, 500);
  });
  subjectProblems(p, draft.subjects);
  measureProblems(p, draft);
  p.text('executionProcedures', draft.executionProcedures, 10_000);
  p.line('contact.office', draft.contactOffice, 300);
  p.text('contact.channel', draft.contactChannel, 2_000);
  return p.found;
}

// ---- the server's problems on the form ---------------------------------------------------------

/** the form's fields, as the request paths the checks and the server use */
export function fieldPaths(draft: MlaDraft): string[] {
  const authorityFields = (at: string) => ['name', 'country', 'address', 'contactRole'].map((f) => `${at}.${f}`);
  return [
    'kind', 'reference', 'date', ...authorityFields('requestingAuthority'), ...authorityFields('requestedAuthority'), 'urgency.level', 'urgency.reason',
    'confidentiality', 'legalBasis', 'summaryOfFacts', 'offences',
    ...draft.offences.flatMap((_, i) => ['name', 'legalProvision', 'provisionText', 'maximumPenalty', 'form'].map((f) => `offences.${i}.${f}`)),
    'subjects',
    ...draft.subjects.flatMap((_, i) => ['entityId', 'role', 'name', 'aliases', 'birthDate', 'nationality', 'whereabouts'].map((f) => `subjects.${i}.${f}`)),
    'measures',
    ...draft.measures.flatMap((_, i) => ['kind', 'description', 'linkToFacts', 'subjects'].map((f) => `measures.${i}.${f}`)),
    'executionProcedures', 'contact.office', 'contact.channel', 'evidence',
  ];
}

/**
 * The field a path of the server's problem belongs to: an entry of a list shown as one field
 * (`legalBasis.2`, `subjects.0.aliases.1`, `measures.0.subjects.1`) goes to that field, a path
 * deeper than any field to its nearest field (`evidence.0.sha256` → `evidence`). Null when the
 * form has no such field (it is shown above the form).
 * @example fieldOfServerPath('legalBasis.2', ['legalBasis']) // 'legalBasis'
 */
export function fieldOfServerPath(path: string, fields: readonly string[]): string | null {
  const known = new Set(fields);
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const candidate = parts.slice(0, n).join('.');
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/**
 * The server's problems (request path → the rule in words) placed on the form's fields, and the
 * ones no field takes.
 */
export function placeServerProblems(errors: Readonly<Record<string, string>>, draft: MlaDraft): { byField: Record<string, string>; unplaced: [string, string][] } {
  const fields = fieldPaths(draft);
  const byField: Record<string, string> = {};
  const unplaced: [string, string][] = [];
  for (const [path, message] of Object.entries(errors)) {
    const field = fieldOfServerPath(path, fields);
    if (field === null) unplaced.push([path, message]);
    else byField[field] = byField[field] ? `${byField[field]} ${message}` : message;
  }
  return { byField, unplaced };
}

/**
 * The message key suffix of a subject's role: `victim (pseudonymised)` → `victim-pseudonymised`.
 * @example roleKey('account holder') // 'account-holder'
 */
export function roleKey(role: SubjectRole): string {
  return role.replace(/\W+/g, '-').replace(/^-|-$/g, '');
}

/** the measure kinds the form offers for a request of this kind (arrest and extradition only in an extradition request) */
export function measureKindsFor(kind: MlaKind): MeasureKind[] {
  return MEASURE_KINDS.filter((k) => kind === 'extradition' || !EXTRADITION_MEASURES.has(k));
}
