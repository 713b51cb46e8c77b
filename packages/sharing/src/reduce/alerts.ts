/**
 * Finance and screening alerts as they travel in a sharing package (issue 8): the shared format
 * `ariadne-alerts/1`, the sender's reduction of a case's alerts to it, the recipient's check of a
 * received document, and the move of its subjects into the recipient's id space.
 *
 * What a partner learns from an alert is the pattern (typology or list), the score, the status,
 * the detectors' reasons and the subjects, as those subjects travel in the same package. What it
 * never learns:
 *
 * - account numbers and transaction ids: they are identifiers. The alert's own accounts and
 *   transactions are dropped as fields and replaced by `[account]` / `[transaction]` in its text,
 *   and so is anything shaped like an IBAN or a long account number;
 * - victims: a clause of the explanation or of a reason that mentions a victim (the same
 *   `VictimMention` test the entity reduction drops values with, `scrub.ts`) becomes
 *   `[withheld]`; a victim subject travels as its `psn-` pseudonym; an alert none of whose
 *   subjects travel (all of them victims without consent, say) stays home;
 * - the case's own alert ids: each travels as `psa-` + a keyed hash, stable per partner;
 * - a screening hit's compared values: the matcher's lines quote the subject's names and birth
 *   date as typed in the case, which the agreement's property rules govern and the alert cannot
 *   know; only each feature's label and numbers travel.
 *
 * Pure: the caller reads the alerts, knows which entities travel and under which id, and hands
 * in the partner's pseudonym key and the victim-mention test.
 */
import { createHmac } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import type { ConformanceViolation } from './conformance.ts';
import type { PseudonymKey } from './pseudonym.ts';
import { localIdFor } from './remap.ts';
import type { VictimMention } from './scrub.ts';

export const ALERTS_FORMAT = 'ariadne-alerts/1' as const;
/** the package member that carries the alerts */
export const ALERTS_PATH = 'alerts.json';
export const SHARED_ALERT_ID_PATTERN = /^psa-[0-9a-f]{32}$/;

/** finance alerts' statuses, then screening alerts' (a screening false positive never travels) */
export const SHARED_ALERT_STATUSES = ['new', 'in_review', 'escalated', 'closed', 'open', 'needs_review', 'confirmed'] as const;
export type SharedAlertStatus = (typeof SHARED_ALERT_STATUSES)[number];

export const ACCOUNT_PLACEHOLDER = '[account]';
export const TRANSACTION_PLACEHOLDER = '[transaction]';
export const WITHHELD_PLACEHOLDER = '[withheld]';

const MAX_ALERTS = 100_000;
const MAX_EXPLANATION = 4000;
const MAX_REASON = 1000;
const MAX_FINDINGS = 100;
const MAX_SUBJECTS = 1000;

const label = z.string().min(1).max(200);
const findingSchema = z.strictObject({ detector: label, score: z.number().min(0).max(1), reason: z.string().max(MAX_REASON) });
const common = {
  id: z.string().regex(SHARED_ALERT_ID_PATTERN, 'psa- and 32 hex digits'),
  score: z.number().min(0).max(1),
  status: z.enum(SHARED_ALERT_STATUSES),
  createdAt: z.iso.datetime(),
  explanation: z.string().max(MAX_EXPLANATION),
  findings: z.array(findingSchema).max(MAX_FINDINGS),
  subjects: z.array(z.string().min(1).max(200)).min(1).max(MAX_SUBJECTS),
};
const sharedAlertSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('finance'), typology: label, ...common }),
  z.strictObject({ kind: z.literal('screening'), list: label, ...common }),
]);
const documentSchema = z.strictObject({ format: z.literal(ALERTS_FORMAT), alerts: z.array(z.unknown()).max(MAX_ALERTS) });

export type SharedAlertFinding = z.infer<typeof findingSchema>;
export type SharedAlert = z.infer<typeof sharedAlertSchema>;
export interface SharedAlertsDocument {
  readonly format: typeof ALERTS_FORMAT;
  readonly alerts: readonly SharedAlert[];
}

/** the fields of a finance alert the reduction reads (`FinanceAlert` of `@ariadne/store` fits) */
export interface SharedFinanceSource {
  readonly id: string;
  readonly typology: string;
  readonly score: number;
  readonly status: string;
  readonly createdAt: Date;
  readonly explanation: string;
  readonly findings: readonly { readonly detector: string; readonly score: number; readonly reason: string }[];
  /** never travel; only used to find them in the text */
  readonly accounts: readonly string[];
  readonly transactions: readonly string[];
}

/** the fields of a screening alert the reduction reads (`ScreeningAlert` of `@ariadne/store` fits) */
export interface SharedScreeningSource {
  readonly id: string;
  readonly subjectId: string;
  readonly list: string;
  /** the list's own public reference of the designation (`QDi.001`) */
  readonly entry: string;
  readonly score: number;
  readonly status: string;
  readonly createdAt: Date;
  readonly explanation: readonly string[];
}

export interface ReduceAlertsInput {
  /** each with the entities it is about (the holders of its accounts), original ids */
  readonly finance: readonly { readonly alert: SharedFinanceSource; readonly subjects: readonly string[] }[];
  readonly screening: readonly SharedScreeningSource[];
  /** original ids of the entities that travel in the package */
  readonly travelling: ReadonlySet<string>;
  /** the id a travelling entity has in the package when it is not its own (a victim's `psn-` pseudonym) */
  readonly pseudonymOf: (id: string) => string | undefined;
  /** `partnerPseudonymKey(identity.pseudonymSecret, partner…)`, the entities' key */
  readonly pseudonymKey: PseudonymKey;
  /** the entity reduction's victim-mention test (`victimMentions`) */
  readonly victimMentions: VictimMention;
}

export type AlertReductionCounts = {
  alertsShared: number;
  /** alerts none of whose subjects travel, or in a status that does not travel (a false positive) */
  alertsDropped: number;
  /** clauses of explanations and reasons withheld because they mention a victim */
  alertClausesWithheld: number;
};

export interface AlertReduction {
  readonly document: SharedAlertsDocument;
  readonly counts: AlertReductionCounts;
}

// ---- identifiers in text ----------------------------------------------------------------------

/** IBAN-shaped (compact or in groups of four), or a run of 10+ digits: an account number */
const ACCOUNT_LIKE = /(?<![\p{L}\p{N}])(?:[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)|\d{10,})(?![\p{L}\p{N}])/gu;

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function tokens(values: readonly string[]): RegExp | null {
  const needles = [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  return needles.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${needles.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** tells whether text still holds something shaped like an account number (the recipient's check) */
export function holdsAccountLike(text: string): boolean {
  ACCOUNT_LIKE.lastIndex = 0;
  const found = ACCOUNT_LIKE.test(text);
  ACCOUNT_LIKE.lastIndex = 0;
  return found;
}

interface TextScrub {
  readonly accounts: RegExp | null;
  readonly transactions: RegExp | null;
  readonly mentions: VictimMention;
  readonly counts: AlertReductionCounts;
}

// Clauses end at sentence or list punctuation; a victim's name never spans one, so testing clause
// by clause finds what testing the whole text finds, and withholds only the clause.
const CLAUSE = /(?<=[.;!?])\s+|\n+/;

function scrubText(scrub: TextScrub, text: string, max: number): string {
  let out = text;
  if (scrub.transactions) out = out.replace(scrub.transactions, TRANSACTION_PLACEHOLDER);
  if (scrub.accounts) out = out.replace(scrub.accounts, ACCOUNT_PLACEHOLDER);
  out = out.replace(ACCOUNT_LIKE, ACCOUNT_PLACEHOLDER);
  const clauses = out.split(CLAUSE).map((clause) => {
    if (!scrub.mentions(clause, 'text')) return clause;
    scrub.counts.alertClausesWithheld += 1;
    return WITHHELD_PLACEHOLDER;
  });
  return clauses.join(' ').slice(0, max);
}

// ---- the reduction ----------------------------------------------------------------------------

/** `psa-` + HMAC-SHA256(partner key, kind NUL id), 128 bits: stable per partner, unlinkable across partners */
function sharedAlertId(key: PseudonymKey, kind: SharedAlert['kind'], id: string): string {
  return `psa-${createHmac('sha256', key).update(`alert\u0000${kind}\u0000${id}`, 'utf8').digest('hex').slice(0, 32)}`;
}

const score01 = (score: number) => (Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0);
const isSharedStatus = (status: string): status is SharedAlertStatus => (SHARED_ALERT_STATUSES as readonly string[]).includes(status);

/** a matcher line: `<feature>: <detail> [<score> × <weight> = <contribution>]`; only the label and numbers travel */
const MATCHER_LINE = /^([A-Za-z][A-Za-z ]{0,39}):.*\[(\d+(?:\.\d+)?) × (\d+(?:\.\d+)?) = ([+-]?\d+(?:\.\d+)?)\]\s*$/;

function screeningFindings(lines: readonly string[]): SharedAlertFinding[] {
  const findings: SharedAlertFinding[] = [];
  for (const line of lines) {
    const match = MATCHER_LINE.exec(line);
    if (!match) continue;
    const [, feature, featureScore, weight, contribution] = match;
    findings.push({ detector: feature!.trim(), score: score01(Number(featureScore)), reason: `weight ${weight}, contributes ${contribution}` });
    if (findings.length === MAX_FINDINGS) break;
  }
  return findings;
}

/**
 * Reduces a case's alerts to what may travel with the package's entities.
 *
 * @example
 * const { document, counts } = reduceAlerts({
 *   finance: [{ alert, subjects: ['p-alpha'] }], screening: [], travelling: new Set(['p-alpha']),
 *   pseudonymOf: (id) => (victims.has(id) ? pseudonymId(key, id) : undefined), pseudonymKey: key,
 *   victimMentions: victimMentions(entities, victims, linked, model),
 * });
 */
export function reduceAlerts(input: ReduceAlertsInput): AlertReduction {
  const counts: AlertReductionCounts = { alertsShared: 0, alertsDropped: 0, alertClausesWithheld: 0 };
  const alerts: SharedAlert[] = [];
  const travellingAs = (ids: readonly string[]) =>
    [...new Set(ids.filter((id) => input.travelling.has(id)).map((id) => input.pseudonymOf(id) ?? id))].slice(0, MAX_SUBJECTS);

  for (const { alert, subjects } of input.finance) {
    const travelling = travellingAs(subjects);
    if (travelling.length === 0 || !isSharedStatus(alert.status)) {
      counts.alertsDropped += 1;
      continue;
    }
    const scrub: TextScrub = { accounts: tokens(alert.accounts), transactions: tokens(alert.transactions), mentions: input.victimMentions, counts };
    alerts.push({
      kind: 'finance', typology: alert.typology, id: sharedAlertId(input.pseudonymKey, 'finance', alert.id), score: score01(alert.score),
      status: alert.status, createdAt: alert.createdAt.toISOString(), explanation: scrubText(scrub, alert.explanation, MAX_EXPLANATION),
      findings: alert.findings.slice(0, MAX_FINDINGS).map((f) => ({ detector: f.detector.slice(0, 200), score: score01(f.score), reason: scrubText(scrub, f.reason, MAX_REASON) })),
      subjects: travelling,
    });
  }
  for (const alert of input.screening) {
    const travelling = travellingAs([alert.subjectId]);
    if (travelling.length === 0 || !isSharedStatus(alert.status)) {
      counts.alertsDropped += 1;
      continue;
    }
    const scrub: TextScrub = { accounts: null, transactions: null, mentions: input.victimMentions, counts };
    const summary = `Possible match on ${alert.list}, entry ${alert.entry} (score ${score01(alert.score).toFixed(2)}).`;
    alerts.push({
      kind: 'screening', list: alert.list, id: sharedAlertId(input.pseudonymKey, 'screening', alert.id), score: score01(alert.score),
      status: alert.status, createdAt: alert.createdAt.toISOString(), explanation: scrubText(scrub, summary, MAX_EXPLANATION),
      findings: screeningFindings(alert.explanation), subjects: travelling,
    });
  }
  counts.alertsShared = alerts.length;
  return { document: { format: ALERTS_FORMAT, alerts }, counts };
}

// ---- the recipient ----------------------------------------------------------------------------

const where = (path: readonly PropertyKey[]) => path.map(String).join('.') || 'document';

/**
 * Every way a received alerts document breaks its format or the package: strict shape (no field
 * beyond the format), subjects that are entities of the same package (`packageIds`, the
 * package's ids), unique ids, and no account-number-shaped text. Empty when it conforms.
 * Reasons name fields and ids, never values.
 *
 * @example if (checkAlertsConformance(JSON.parse(text), new Set(entities.map((e) => e.id))).length > 0) refuse('exceeds-agreement');
 */
export function checkAlertsConformance(doc: unknown, packageIds: ReadonlySet<string>): ConformanceViolation[] {
  const shape = documentSchema.safeParse(doc);
  if (!shape.success) return shape.error.issues.map((issue) => ({ id: where(issue.path), reason: issue.message }));
  const violations: ConformanceViolation[] = [];
  const seen = new Set<string>();
  shape.data.alerts.forEach((raw, index) => {
    const parsed = sharedAlertSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) violations.push({ id: `alerts.${index}`, reason: `${where(issue.path)}: ${issue.message}` });
      return;
    }
    const alert = parsed.data;
    if (seen.has(alert.id)) violations.push({ id: alert.id, reason: 'the id appears twice' });
    seen.add(alert.id);
    const absent = alert.subjects.filter((id) => !packageIds.has(id));
    if (absent.length > 0) violations.push({ id: alert.id, reason: `${absent.length} subject${absent.length === 1 ? ' is' : 's are'} not an entity of the package` });
    if (new Set(alert.subjects).size !== alert.subjects.length) violations.push({ id: alert.id, reason: 'a subject appears twice' });
    const texts = [alert.explanation, ...alert.findings.map((f) => f.reason)];
    if (texts.some(holdsAccountLike)) violations.push({ id: alert.id, reason: 'its text holds an account number' });
  });
  return violations;
}

/**
 * A conforming document's alerts with their subjects in our id space (`localIdFor`), so they point
 * at the entities the same package imported.
 *
 * @example const local = alertsForImport(doc, partner.id); // subjects: ['share-…']
 */
export function alertsForImport(doc: SharedAlertsDocument, partnerId: string): SharedAlert[] {
  return doc.alerts.map((alert) => ({ ...alert, findings: alert.findings.map((f) => ({ ...f })), subjects: alert.subjects.map((id) => localIdFor(partnerId, id)) }));
}

/**
 * Reads a kept alerts member back (checked when the package was imported; checked again, as a
 * file on disk is not the package).
 *
 * @throws AriadneError MALFORMED_INPUT when it is not a conforming document
 */
export function parseSharedAlerts(doc: unknown): SharedAlertsDocument {
  const shape = documentSchema.safeParse(doc);
  const alerts = shape.success ? shape.data.alerts.map((raw) => sharedAlertSchema.safeParse(raw)) : [];
  if (!shape.success || alerts.some((a) => !a.success)) {
    throw new AriadneError('MALFORMED_INPUT', `The alerts are not an ${ALERTS_FORMAT} document.`);
  }
  return { format: ALERTS_FORMAT, alerts: alerts.map((a) => a.data!) };
}
