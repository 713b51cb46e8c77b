/**
 * The "New agreement" form as pure data: the draft the form edits, its problems (by field, as
 * message keys), the API body it becomes, and the schema and property checklist's operations.
 * Pure (no DOM), so node tests cover it.
 */
import {
  SHARE_PURPOSES, type AgreementDirection, type AgreementTerms, type NewAgreementInput, type SharePurpose, type VictimRule,
} from '../../api/sharing-types.ts';
import type { PropertyView, SchemaView } from '../../api/types.ts';

/** the property types whose values can travel as keyed pseudonyms (`PSEUDONYMISABLE_TYPES` of `@ariadne/sharing`) */
export const PSEUDONYMISABLE_TYPES: ReadonlySet<string> = new Set(['name', 'string', 'identifier', 'phone', 'email']);

export interface AgreementDraft {
  readonly title: string;
  readonly partnerId: string;
  readonly caseId: string;
  readonly direction: AgreementDirection;
  readonly purpose: SharePurpose;
  readonly legalBasis: string;
  /** schema → properties that may travel (a schema absent never travels) */
  readonly allowed: Readonly<Record<string, readonly string[]>>;
  readonly victims: VictimRule;
  /** schema → properties that travel as keyed pseudonyms (always a subset of `allowed`) */
  readonly pseudonymise: Readonly<Record<string, readonly string[]>>;
  readonly alerts: boolean;
  readonly evidence: boolean;
  /** as typed, checked by `draftProblems` */
  readonly retentionDays: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly approvalsRequired: string;
}

export const MAX_APPROVALS = 5;
export const MAX_RETENTION_DAYS = 3650;
export const MAX_LEGAL_BASIS = 2000;
export const MIN_LEGAL_BASIS = 3;
export const MAX_TITLE = 200;

/** YYYY-MM-DD of a date, in UTC (the agreement's dates are calendar days) */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

/**
 * A fresh draft: outgoing, for an investigation, victims pseudonymised, nothing allowed yet, valid
 * from today for a year, a year's retention and two approvers (four eyes) before anything leaves.
 */
export function emptyDraft(today: Date): AgreementDraft {
  const from = isoDay(today);
  return {
    title: '', partnerId: '', caseId: '', direction: 'outgoing', purpose: 'investigation', legalBasis: '',
    allowed: {}, victims: 'pseudonymise', pseudonymise: {}, alerts: false, evidence: false,
    retentionDays: '365', validFrom: from, validUntil: addDays(from, 365), approvalsRequired: '2',
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDay(d) === value;
}

function wholeNumber(value: string): number | null {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}

export type DraftField =
  | 'title' | 'partnerId' | 'caseId' | 'purpose' | 'legalBasis' | 'allowed' | 'retentionDays' | 'validFrom' | 'validUntil' | 'approvalsRequired';

/**
 * What keeps the draft from being saved, field → message key (`sharing.form.problem.*`); empty
 * when it may be saved. The server checks the terms again.
 * @example draftProblems({ ...emptyDraft(new Date()), title: 'x' }).partnerId // 'sharing.form.problem.partner'
 */
export function draftProblems(draft: AgreementDraft): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  if (!draft.title.trim()) out.title = 'sharing.form.problem.title';
  else if (draft.title.trim().length > MAX_TITLE) out.title = 'sharing.form.problem.titleLong';
  if (!draft.partnerId) out.partnerId = 'sharing.form.problem.partner';
  if (!draft.caseId) out.caseId = 'sharing.form.problem.case';
  if (!(SHARE_PURPOSES as readonly string[]).includes(draft.purpose)) out.purpose = 'sharing.form.problem.purpose';
  if (draft.legalBasis.trim().length < MIN_LEGAL_BASIS) out.legalBasis = 'sharing.form.problem.legalBasis';
  else if (draft.legalBasis.trim().length > MAX_LEGAL_BASIS) out.legalBasis = 'sharing.form.problem.legalBasisLong';
  if (!Object.values(draft.allowed).some((props) => props.length > 0)) out.allowed = 'sharing.form.problem.allowed';
  const retention = wholeNumber(draft.retentionDays);
  if (retention === null || retention < 1 || retention > MAX_RETENTION_DAYS) out.retentionDays = 'sharing.form.problem.retention';
  if (!validDay(draft.validFrom)) out.validFrom = 'sharing.form.problem.date';
  if (!validDay(draft.validUntil)) out.validUntil = 'sharing.form.problem.date';
  else if (validDay(draft.validFrom) && draft.validUntil < draft.validFrom) out.validUntil = 'sharing.form.problem.dateOrder';
  const approvals = wholeNumber(draft.approvalsRequired);
  if (approvals === null || approvals < 1 || approvals > MAX_APPROVALS) out.approvalsRequired = 'sharing.form.problem.approvals';
  return out;
}

function compact(map: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const schema of Object.keys(map).sort()) {
    const props = [...new Set(map[schema] ?? [])].sort();
    if (props.length) out[schema] = props;
  }
  return out;
}

/** The terms the draft stands for (call only when `draftProblems` is empty). */
export function termsOf(draft: AgreementDraft): AgreementTerms {
  const allowed = compact(draft.allowed);
  const pseudonymise: Record<string, string[]> = {};
  for (const [schema, props] of Object.entries(compact(draft.pseudonymise))) {
    const kept = props.filter((p) => allowed[schema]?.includes(p));
    if (kept.length) pseudonymise[schema] = kept;
  }
  return {
    purpose: draft.purpose,
    legalBasis: draft.legalBasis.trim(),
    allowed,
    victims: draft.victims,
    pseudonymise,
    alerts: draft.alerts,
    evidence: draft.evidence,
    retentionDays: Number(draft.retentionDays),
    validFrom: draft.validFrom,
    validUntil: draft.validUntil,
    approvalsRequired: Number(draft.approvalsRequired),
  };
}

/** The body of `POST /api/sharing/agreements`. */
export function inputOf(draft: AgreementDraft): NewAgreementInput {
  return { title: draft.title.trim(), partnerId: draft.partnerId, caseId: draft.caseId, direction: draft.direction, terms: termsOf(draft) };
}

/**
 * The schemata an agreement may list: concrete ones, by label in the UI language, optionally
 * filtered by a text typed in the checklist's search box (label or name).
 */
export function shareableSchemata(schemata: Readonly<Record<string, SchemaView>>, locale: string, filter = ''): SchemaView[] {
  const needle = filter.trim().toLocaleLowerCase(locale);
  return Object.values(schemata)
    .filter((s) => !s.abstract)
    .filter((s) => !needle || s.label.toLocaleLowerCase(locale).includes(needle) || s.name.toLowerCase().includes(needle))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** Free text of a few types can travel as a pseudonym; closed lists of values (countries…) cannot. */
export function canPseudonymise(prop: Pick<PropertyView, 'type' | 'values'>): boolean {
  return PSEUDONYMISABLE_TYPES.has(prop.type) && prop.values === undefined;
}

export interface ShareableProperty {
  readonly name: string;
  readonly label: string;
  /** the schema requires it: its records cannot travel without it (pseudonymise it to keep the value home) */
  readonly required: boolean;
  readonly pseudonymisable: boolean;
}

/**
 * A schema's properties an agreement may list: the visible ones (not FtM's hidden ones nor the
 * stub side of a reverse, which the server refuses), required ones first, then by label.
 */
export function shareableProperties(schema: SchemaView, locale: string): ShareableProperty[] {
  const required = new Set(schema.required);
  return Object.values(schema.properties)
    .filter((p) => !p.hidden)
    .map((p) => ({ name: p.name, label: p.label || p.name, required: required.has(p.name), pseudonymisable: canPseudonymise(p) }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.label.localeCompare(b.label, locale));
}

/**
 * What ticking a schema allows at first (the user then adds or removes): its required properties
 * (without them none of its records could travel) and its featured ones, or every visible one
 * when it features none.
 */
export function defaultProperties(schema: SchemaView, locale: string): string[] {
  const visible = shareableProperties(schema, locale).map((p) => p.name);
  const featured = schema.featured.filter((p) => visible.includes(p));
  const picked = new Set([...schema.required.filter((p) => visible.includes(p)), ...(featured.length ? featured : visible)]);
  return visible.filter((p) => picked.has(p));
}

function withSchema(map: Readonly<Record<string, readonly string[]>>, schema: string, props: readonly string[]): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = { ...map };
  if (props.length) out[schema] = props;
  else delete out[schema];
  return out;
}

/** Allow (or stop) a whole schema; stopping it also stops its pseudonyms. */
export function toggleSchema(draft: AgreementDraft, schema: string, on: boolean, initial: readonly string[]): AgreementDraft {
  return on
    ? { ...draft, allowed: withSchema(draft.allowed, schema, initial) }
    : { ...draft, allowed: withSchema(draft.allowed, schema, []), pseudonymise: withSchema(draft.pseudonymise, schema, []) };
}

function toggled(list: readonly string[] | undefined, prop: string, on: boolean): string[] {
  const set = new Set(list ?? []);
  if (on) set.add(prop);
  else set.delete(prop);
  return [...set];
}

/**
 * Allow one property to travel (or not). A property no longer allowed is no longer pseudonymised;
 * a property pseudonymised is allowed.
 */
export function toggleProperty(draft: AgreementDraft, schema: string, prop: string, on: boolean): AgreementDraft {
  const allowed = withSchema(draft.allowed, schema, toggled(draft.allowed[schema], prop, on));
  const pseudonymise = on ? draft.pseudonymise : withSchema(draft.pseudonymise, schema, toggled(draft.pseudonymise[schema], prop, false));
  return { ...draft, allowed, pseudonymise };
}

export function togglePseudonym(draft: AgreementDraft, schema: string, prop: string, on: boolean): AgreementDraft {
  const pseudonymise = withSchema(draft.pseudonymise, schema, toggled(draft.pseudonymise[schema], prop, on));
  const allowed = on ? withSchema(draft.allowed, schema, toggled(draft.allowed[schema], prop, true)) : draft.allowed;
  return { ...draft, allowed, pseudonymise };
}
