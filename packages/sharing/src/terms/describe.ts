/**
 * Agreement terms in plain words, for the people who approve them and the partner who reads
 * them: one short line per point ("Persons: name, nationality, birth date"), in English,
 * French or Arabic, with schema and property labels from the model's translations.
 */
import type { AriadneModel, Locale } from '@ariadne/schema';
import { CONSENT_FOR, type AgreementTerms, type ConsentPurpose, type SharePurpose } from '../types.ts';

interface Phrases {
  readonly purpose: Readonly<Record<SharePurpose, string>>;
  readonly consent: Readonly<Record<ConsentPurpose, string>>;
  readonly lines: {
    /** a schema and the list of its properties */
    schema(label: string, list: string): string;
    purpose(purpose: string): string;
    legalBasis(text: string): string;
    pseudonymised(label: string): string;
    nothingAllowed: string;
    victimsPseudonymised(consent: string): string;
    victimsExcluded: string;
    alerts(yes: boolean): string;
    evidence(yes: boolean): string;
    retention(days: number): string;
    validity(from: string, until: string): string;
    approvals(count: number): string;
  };
  readonly listSeparator: string;
}

const PHRASES: Readonly<Record<Locale, Phrases>> = {
  en: {
    purpose: {
      investigation: 'investigation', prosecution: 'prosecution', 'mutual-legal-assistance': 'mutual legal assistance',
      'financial-intelligence': 'financial intelligence', sanctions: 'sanctions', 'victim-assistance': 'victim assistance', statistics: 'statistics',
    },
    consent: { assistance: 'assistance', referral: 'referral', prosecution: 'prosecution', sanctions: 'sanctions', statistics: 'statistics', research: 'research' },
    lines: {
      schema: (l, list) => `${l}: ${list}`,
      purpose: (p) => `Purpose: ${p}`,
      legalBasis: (t) => `Legal basis: ${t}`,
      pseudonymised: (l) => `${l} (pseudonymised)`,
      nothingAllowed: 'No records may be shared',
      victimsPseudonymised: (c) => `Victims' records: pseudonymised, and only with the survivor's consent to ${c}; names, identifiers, dates and free text never leave`,
      victimsExcluded: "Victims' records: never shared",
      alerts: (y) => (y ? 'Alerts: shared' : 'Alerts: not shared'),
      evidence: (y) => (y ? 'Evidence bundles: shared' : 'Evidence bundles: not shared'),
      retention: (d) => `The partner deletes what it receives after ${d} day${d === 1 ? '' : 's'}`,
      validity: (f, u) => `Valid from ${f} to ${u}, inclusive`,
      approvals: (n) => `Approvals needed before it applies: ${n}`,
    },
    listSeparator: ', ',
  },
  fr: {
    purpose: {
      investigation: 'enquête', prosecution: 'poursuites', 'mutual-legal-assistance': 'entraide judiciaire',
      'financial-intelligence': 'renseignement financier', sanctions: 'sanctions', 'victim-assistance': 'assistance aux victimes', statistics: 'statistiques',
    },
    consent: { assistance: 'assistance', referral: 'orientation', prosecution: 'poursuites', sanctions: 'sanctions', statistics: 'statistiques', research: 'recherche' },
    lines: {
      schema: (l, list) => `${l} : ${list}`,
      purpose: (p) => `Finalité : ${p}`,
      legalBasis: (t) => `Base juridique : ${t}`,
      pseudonymised: (l) => `${l} (pseudonymisé)`,
      nothingAllowed: 'Aucun enregistrement ne peut être partagé',
      victimsPseudonymised: (c) => `Dossiers des victimes : pseudonymisés, et seulement avec le consentement de la personne (${c}) ; noms, identifiants, dates et textes libres ne sortent jamais`,
      victimsExcluded: 'Dossiers des victimes : jamais partagés',
      alerts: (y) => (y ? 'Alertes : partagées' : 'Alertes : non partagées'),
      evidence: (y) => (y ? 'Dossiers de preuves : partagés' : 'Dossiers de preuves : non partagés'),
      retention: (d) => `Le partenaire supprime ce qu'il reçoit après ${d} jour${d === 1 ? '' : 's'}`,
      validity: (f, u) => `Valable du ${f} au ${u} inclus`,
      approvals: (n) => `Approbations nécessaires avant application : ${n}`,
    },
    listSeparator: ', ',
  },
  ar: {
    purpose: {
      investigation: 'التحقيق', prosecution: 'الملاحقة القضائية', 'mutual-legal-assistance': 'المساعدة القانونية المتبادلة',
      'financial-intelligence': 'الاستخبارات المالية', sanctions: 'العقوبات', 'victim-assistance': 'مساعدة الضحايا', statistics: 'الإحصاءات',
    },
    consent: { assistance: 'المساعدة', referral: 'الإحالة', prosecution: 'الملاحقة القضائية', sanctions: 'العقوبات', statistics: 'الإحصاءات', research: 'البحث' },
    lines: {
      schema: (l, list) => `${l}: ${list}`,
      purpose: (p) => `الغرض: ${p}`,
      legalBasis: (t) => `الأساس القانوني: ${t}`,
      pseudonymised: (l) => `${l} (باسم مستعار)`,
      nothingAllowed: 'لا يجوز تبادل أي سجل',
      victimsPseudonymised: (c) => `سجلات الضحايا: بأسماء مستعارة، وفقط بموافقة الناجي أو الناجية على ${c}؛ لا تخرج الأسماء والمعرّفات والتواريخ والنصوص الحرة أبداً`,
      victimsExcluded: 'سجلات الضحايا: لا تُتبادل أبداً',
      alerts: (y) => (y ? 'التنبيهات: تُتبادل' : 'التنبيهات: لا تُتبادل'),
      evidence: (y) => (y ? 'حزم الأدلة: تُتبادل' : 'حزم الأدلة: لا تُتبادل'),
      retention: (d) => `يحذف الشريك ما يتلقاه بعد ${d} يوماً`,
      validity: (f, u) => `سارية من ${f} إلى ${u} ضمناً`,
      approvals: (n) => `الموافقات اللازمة قبل السريان: ${n}`,
    },
    listSeparator: '، ',
  },
};

// "Birth date" reads as "birth date" inside a list; "IBAN" or "ID Number" keep their capitals.
function inList(label: string, locale: Locale): string {
  const second = label.charAt(1);
  return second !== '' && second === second.toLocaleLowerCase(locale) ? label.charAt(0).toLocaleLowerCase(locale) + label.slice(1) : label;
}

/**
 * Short plain-language lines describing the terms, for the UI and the approval screen.
 *
 * @example describeTerms(terms, loadModel(), 'en')[2] // 'Persons: name, nationality, birth date'
 */
export function describeTerms(terms: AgreementTerms, model: AriadneModel, locale: Locale): string[] {
  const phrases = PHRASES[locale];
  const views = model.view(locale);
  const lines = [phrases.lines.purpose(phrases.purpose[terms.purpose]), phrases.lines.legalBasis(terms.legalBasis)];
  const schemata = Object.keys(terms.allowed);
  for (const schema of schemata) {
    const view = views[schema];
    const pseudonymised = new Set(terms.pseudonymise[schema] ?? []);
    const labels = (terms.allowed[schema] ?? []).map((prop) => {
      const label = inList(view?.properties[prop]?.label ?? prop, locale);
      return pseudonymised.has(prop) ? phrases.lines.pseudonymised(label) : label;
    });
    lines.push(phrases.lines.schema(view?.plural ?? schema, labels.join(phrases.listSeparator)));
  }
  if (schemata.length === 0) lines.push(phrases.lines.nothingAllowed);
  lines.push(terms.victims === 'exclude' ? phrases.lines.victimsExcluded : phrases.lines.victimsPseudonymised(phrases.consent[CONSENT_FOR[terms.purpose]]));
  lines.push(
    phrases.lines.alerts(terms.alerts),
    phrases.lines.evidence(terms.evidence),
    phrases.lines.retention(terms.retentionDays),
    phrases.lines.validity(terms.validFrom, terms.validUntil),
    phrases.lines.approvals(terms.approvalsRequired),
  );
  return lines;
}
