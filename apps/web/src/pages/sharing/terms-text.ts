/**
 * An agreement's terms in plain language, in the UI's language: what may leave, what travels only
 * as a pseudonym, what happens to victims' records, how long the partner may keep it, when it is
 * valid and how many must approve. Shown before an agreement is saved and on its page, so nobody
 * approves JSON. Pure: the caller passes the translator and the schema labels.
 */
import { CONSENT_FOR, type AgreementTerms } from '../../api/sharing-types.ts';

export interface TermsTextContext {
  readonly t: (key: string, vars?: Readonly<Record<string, string | number>>) => string;
  readonly schemaLabel: (schema: string) => string;
  readonly propertyLabel: (schema: string, prop: string) => string;
  readonly formatNumber: (n: number) => string;
  /** a YYYY-MM-DD day for reading */
  readonly formatDay: (day: string) => string;
  /** the list separator of the language (", " or "، ") */
  readonly separator?: string;
}

export interface TermsLine {
  /** stable per kind of line, for tests and styling */
  readonly kind: 'purpose' | 'legalBasis' | 'allowed' | 'nothingAllowed' | 'pseudonymise' | 'victims' | 'alerts' | 'evidence' | 'retention' | 'validity' | 'approvals';
  readonly text: string;
  /** one entry per schema for `allowed` and `pseudonymise` */
  readonly items?: readonly string[];
}

function schemaItems(map: Readonly<Record<string, readonly string[]>>, ctx: TermsTextContext): string[] {
  const sep = ctx.separator ?? ', ';
  return Object.entries(map)
    .filter(([, props]) => props.length > 0)
    .map(([schema, props]) => ctx.t('sharing.terms.schemaItem', {
      schema: ctx.schemaLabel(schema), props: props.map((p) => ctx.propertyLabel(schema, p)).join(sep),
    }));
}

/**
 * The terms as sentences, in a fixed order.
 * @example describeTerms(terms, ctx).map((l) => l.text)
 */
export function describeTerms(terms: AgreementTerms, ctx: TermsTextContext): TermsLine[] {
  const { t } = ctx;
  const lines: TermsLine[] = [
    { kind: 'purpose', text: t('sharing.terms.purpose', { purpose: t(`sharing.purpose.${terms.purpose}`) }) },
    { kind: 'legalBasis', text: t('sharing.terms.legalBasis', { basis: terms.legalBasis }) },
  ];
  const allowed = schemaItems(terms.allowed, ctx);
  lines.push(allowed.length
    ? { kind: 'allowed', text: t('sharing.terms.allowed'), items: allowed }
    : { kind: 'nothingAllowed', text: t('sharing.terms.nothingAllowed') });
  const pseudonyms = schemaItems(terms.pseudonymise, ctx);
  if (pseudonyms.length) lines.push({ kind: 'pseudonymise', text: t('sharing.terms.pseudonymise'), items: pseudonyms });
  lines.push({
    kind: 'victims',
    text: terms.victims === 'exclude'
      ? t('sharing.terms.victims.exclude')
      : t('sharing.terms.victims.pseudonymise', { consent: t(`sharing.consentPurpose.${CONSENT_FOR[terms.purpose]}`) }),
  });
  lines.push({ kind: 'alerts', text: t(terms.alerts ? 'sharing.terms.alerts.yes' : 'sharing.terms.alerts.no') });
  lines.push({ kind: 'evidence', text: t(terms.evidence ? 'sharing.terms.evidence.yes' : 'sharing.terms.evidence.no') });
  lines.push({ kind: 'retention', text: t('sharing.terms.retention', { days: ctx.formatNumber(terms.retentionDays) }) });
  lines.push({ kind: 'validity', text: t('sharing.terms.validity', { from: ctx.formatDay(terms.validFrom), until: ctx.formatDay(terms.validUntil) }) });
  lines.push({ kind: 'approvals', text: t('sharing.terms.approvals', { count: ctx.formatNumber(terms.approvalsRequired) }) });
  return lines;
}
