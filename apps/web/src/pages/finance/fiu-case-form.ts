/**
 * The FIU case page's logic: the editable draft of a case, the patch that saves only what
 * changed, the checks the server makes (so the form says what is wrong before sending), a search
 * over the FIU's code lists, and a refused export's schema errors laid out for reading. Pure: node
 * tests run it.
 */
import type { FiuCase, FiuCasePatch, FiuCaseStatus, GoamlCode } from '../../api/finance-types.ts';
import type { Problem } from '../../api/problem.ts';

/** the server's shapes for a report code and an indicator code */
export const REPORT_CODE = /^[A-Z][A-Z0-9_]{0,19}$/;
export const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;
export const MAX_TITLE = 200;
export const MAX_TEXT = 4000;

export interface FiuCaseDraft {
  readonly title: string;
  /** `reported` is set by the export, never by the form */
  readonly status: FiuCaseStatus;
  readonly reportCode: string;
  readonly reason: string;
  readonly action: string;
  readonly indicators: readonly string[];
  readonly entityIds: readonly string[];
}

export function draftOfCase(c: FiuCase): FiuCaseDraft {
  return {
    title: c.title, status: c.status, reportCode: c.reportCode, reason: c.reason, action: c.action,
    indicators: [...c.indicators], entityIds: [...c.entityIds],
  };
}

/** field → message key, for what the server would refuse */
export function draftProblems(d: FiuCaseDraft): Partial<Record<keyof FiuCaseDraft, string>> {
  const out: Partial<Record<keyof FiuCaseDraft, string>> = {};
  if (!d.title.trim()) out.title = 'finance.fiu.problem.title';
  else if (d.title.trim().length > MAX_TITLE) out.title = 'finance.fiu.problem.tooLong';
  if (!REPORT_CODE.test(d.reportCode)) out.reportCode = 'finance.fiu.problem.reportCode';
  if (d.reason.length > MAX_TEXT) out.reason = 'finance.fiu.problem.tooLong';
  if (d.action.length > MAX_TEXT) out.action = 'finance.fiu.problem.tooLong';
  if (d.indicators.some((c) => !INDICATOR_CODE.test(c))) out.indicators = 'finance.fiu.problem.indicator';
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Only what changed, as the PATCH body; null when nothing did.
 * @example patchOf(fiu, { ...draftOfCase(fiu), reason: 'Funnel account' }) // { reason: 'Funnel account' }
 */
export function patchOf(c: FiuCase, d: FiuCaseDraft): FiuCasePatch | null {
  const patch: { -readonly [K in keyof FiuCasePatch]: FiuCasePatch[K] } = {};
  if (d.title.trim() !== c.title) patch.title = d.title.trim();
  if (d.status !== c.status && d.status !== 'reported') patch.status = d.status;
  if (d.reportCode !== c.reportCode) patch.reportCode = d.reportCode;
  if (d.reason !== c.reason) patch.reason = d.reason;
  if (d.action !== c.action) patch.action = d.action;
  if (!sameList(d.indicators, c.indicators)) patch.indicators = [...d.indicators];
  if (!sameList(d.entityIds, c.entityIds)) patch.entityIds = [...d.entityIds];
  return Object.keys(patch).length > 0 ? patch : null;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Codes matching a query: codes starting with it first, then codes whose label has a word starting
 * with each word of it (accents and case ignored); `exclude` (already chosen) left out; at most `limit`.
 * @example searchCodes([{ code: 'TF01', label: 'Terrorist financing' }], 'terror', [], 20) // [TF01]
 */
export function searchCodes(codes: readonly GoamlCode[], query: string, exclude: readonly string[], limit: number): GoamlCode[] {
  const q = fold(query.trim());
  if (!q) return [];
  const skip = new Set(exclude);
  const words = q.split(/\s+/);
  const byCode: GoamlCode[] = [];
  const byLabel: GoamlCode[] = [];
  for (const c of codes) {
    if (skip.has(c.code)) continue;
    if (fold(c.code).startsWith(q)) byCode.push(c);
    else if (c.label) {
      const labelWords = fold(c.label).split(/[^\p{L}\p{N}]+/u);
      if (words.every((w) => labelWords.some((lw) => lw.startsWith(w)))) byLabel.push(c);
    }
  }
  return [...byCode, ...byLabel].slice(0, limit);
}

export interface SchemaError {
  /** where in the report (a line, an element path) or '' */
  readonly where: string;
  readonly message: string;
}

/**
 * A refused export's problems (the 422's `errors`: the writer's or the XSD validator's first
 * findings) as a list, in the server's order, with where each is when the server says.
 */
export function schemaErrors(problem: Problem): SchemaError[] {
  return Object.entries(problem.errors).map(([where, message]) => ({ where: /^\d+$/.test(where) ? '' : where, message }));
}
