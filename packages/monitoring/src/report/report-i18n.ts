/**
 * The fixed words of a monitoring report in English, French and Arabic: headings, column labels,
 * the closed vocabularies (forms of exploitation, sex, age bands, hotspot classes), the markers
 * for suppressed and censored values, and the disclosure-control sentence. The report model is
 * language-independent (codes and numbers); only this module and the renderers turn it into
 * words, so one report renders in any of the three languages without being rebuilt.
 *
 * The French and Arabic wording is ours and wants a review by a native-speaking reporting
 * officer before publication outside the project.
 */
import { visibleText } from '@ariadne/dossier';
import type { DisclosureNote } from '../types.ts';
import type { Label, ReportValue } from './report-model.ts';

import { REPORT_LANGUAGES, isReportLanguage, type ReportLanguage } from '../catalogue.ts';

export { REPORT_LANGUAGES, isReportLanguage, type ReportLanguage };


/** Arabic is the only right-to-left language of the three. */
export const directionOf = (lang: ReportLanguage): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

const STRINGS = {
  // document
  thematicReport: { en: 'Thematic report', fr: 'Rapport thématique', ar: 'تقرير مواضيعي' },
  countryProfile: { en: 'Country profile', fr: 'Profil de pays', ar: 'موجز قُطري' },
  period: { en: 'Period', fr: 'Période', ar: 'الفترة' },
  area: { en: 'Area', fr: 'Zone', ar: 'المنطقة' },
  generatedAt: { en: 'Generated', fr: 'Généré le', ar: 'تاريخ الإعداد' },
  contents: { en: 'Contents', fr: 'Sommaire', ar: 'المحتويات' },
  pageOf: { en: 'Page {n} of {m}', fr: 'Page {n} sur {m}', ar: 'الصفحة {n} من {m}' },
  protection: {
    en: 'Every figure in this report passed Ariadne’s publication gate. Each table states how it was protected. “suppressed” marks a count withheld because it is below the small-cell threshold; “<5” marks a value the source itself published only as below 5. Neither is zero.',
    fr: 'Chaque chiffre de ce rapport a franchi le contrôle de publication d’Ariadne. Chaque tableau indique comment il a été protégé. « masqué » signale un effectif retenu parce qu’il est inférieur au seuil des petits effectifs ; « <5 » signale une valeur que la source elle-même n’a publiée que comme inférieure à 5. Aucun des deux ne vaut zéro.',
    ar: 'اجتاز كل رقم في هذا التقرير بوابة النشر في أريادني. ويبيّن كل جدول كيف حُمي. تشير كلمة «محجوب» إلى عدد حُجب لأنه دون عتبة الخلايا الصغيرة، ويشير «<5» إلى قيمة لم ينشرها المصدر نفسه إلا على أنها أقل من 5. وليس أيٌّ منهما صفراً.',
  },
  noData: { en: 'no data', fr: 'aucune donnée', ar: 'لا بيانات' },
  noRows: { en: 'Nothing to show for this period.', fr: 'Rien à afficher pour cette période.', ar: 'لا شيء للعرض في هذه الفترة.' },
  suppressed: { en: 'suppressed', fr: 'masqué', ar: 'محجوب' },
  source: { en: 'Source', fr: 'Source', ar: 'المصدر' },
  disclosure: { en: 'Disclosure control', fr: 'Contrôle de la divulgation', ar: 'ضبط الإفصاح' },
  figure: { en: 'Figure', fr: 'Figure', ar: 'الشكل' },
  mapOf: { en: 'Map', fr: 'Carte', ar: 'خريطة' },
  mapHtmlOnly: { en: 'The map is in the HTML edition of this report.', fr: 'La carte figure dans l’édition HTML de ce rapport.', ar: 'الخريطة متاحة في نسخة HTML من هذا التقرير.' },
  // sections
  trends: { en: 'Trends', fr: 'Tendances', ar: 'الاتجاهات' },
  routes: { en: 'Routes', fr: 'Itinéraires', ar: 'المسارات' },
  topCorridors: { en: 'Top corridors', fr: 'Principaux couloirs', ar: 'أهم الممرات' },
  routesIn: { en: 'Routes into the country', fr: 'Itinéraires vers le pays', ar: 'المسارات إلى البلد' },
  routesOut: { en: 'Routes out of the country', fr: 'Itinéraires depuis le pays', ar: 'المسارات من البلد' },
  hotspots: { en: 'Hotspots', fr: 'Points chauds', ar: 'البؤر الساخنة' },
  forms: { en: 'Forms of exploitation', fr: 'Formes d’exploitation', ar: 'أشكال الاستغلال' },
  perpetrators: { en: 'Perpetrator groups', fr: 'Groupes auteurs', ar: 'الجماعات المرتكبة' },
  victims: { en: 'Victims by sex and age', fr: 'Victimes par sexe et âge', ar: 'الضحايا حسب الجنس والعمر' },
  justice: { en: 'Prosecutions and convictions', fr: 'Poursuites et condamnations', ar: 'الملاحقات القضائية والإدانات' },
  // column labels
  month: { en: 'Month', fr: 'Mois', ar: 'الشهر' },
  year: { en: 'Year', fr: 'Année', ar: 'السنة' },
  country: { en: 'Country', fr: 'Pays', ar: 'البلد' },
  origin: { en: 'Origin', fr: 'Origine', ar: 'المنشأ' },
  destination: { en: 'Destination', fr: 'Destination', ar: 'الوجهة' },
  incidents: { en: 'Incidents', fr: 'Incidents', ar: 'الحوادث' },
  persons: { en: 'Persons', fr: 'Personnes', ar: 'الأشخاص' },
  form: { en: 'Form of exploitation', fr: 'Forme d’exploitation', ar: 'شكل الاستغلال' },
  perpetratorGroup: { en: 'Perpetrator group', fr: 'Groupe auteur', ar: 'الجماعة المرتكبة' },
  ageBand: { en: 'Age', fr: 'Âge', ar: 'العمر' },
  cell: { en: 'Area (H3 cell)', fr: 'Zone (cellule H3)', ar: 'المنطقة (خلية H3)' },
  hotspotClass: { en: 'Pattern', fr: 'Configuration', ar: 'النمط' },
  zScore: { en: 'Z', fr: 'Z', ar: 'Z' },
  pValue: { en: 'p', fr: 'p', ar: 'p' },
  test: { en: 'Test', fr: 'Test', ar: 'الاختبار' },
  prosecuted: { en: 'Persons prosecuted', fr: 'Personnes poursuivies', ar: 'الأشخاص الملاحَقون' },
  convicted: { en: 'Persons convicted', fr: 'Personnes condamnées', ar: 'الأشخاص المدانون' },
  note: { en: 'Note', fr: 'Note', ar: 'ملاحظة' },
  // a corridor in a chart label; in Arabic in words, so the text starts right to left and an arrow cannot point the wrong way
  corridor: { en: '{a} → {b}', fr: '{a} → {b}', ar: 'من {a} إلى {b}' },
} as const satisfies Record<string, Record<ReportLanguage, string>>;

export type StringKey = keyof typeof STRINGS;
export const isStringKey = (x: string): x is StringKey => Object.hasOwn(STRINGS, x);

/** The fixed string `key` in `lang`, with `{name}` placeholders filled. */
export function t(key: StringKey, lang: ReportLanguage, fill: Readonly<Record<string, string>> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => fill[name] ?? m);
}

type Vocab = Readonly<Record<string, Readonly<Record<ReportLanguage, string>>>>;

const FORMS: Vocab = {
  sexual_exploitation: { en: 'Sexual exploitation', fr: 'Exploitation sexuelle', ar: 'الاستغلال الجنسي' },
  forced_labour: { en: 'Forced labour', fr: 'Travail forcé', ar: 'العمل القسري' },
  slavery: { en: 'Slavery', fr: 'Esclavage', ar: 'الاسترقاق' },
  practices_similar_to_slavery: { en: 'Practices similar to slavery', fr: 'Pratiques analogues à l’esclavage', ar: 'الممارسات الشبيهة بالرق' },
  servitude: { en: 'Servitude', fr: 'Servitude', ar: 'الاستعباد' },
  removal_of_organs: { en: 'Removal of organs', fr: 'Prélèvement d’organes', ar: 'نزع الأعضاء' },
  forced_marriage: { en: 'Forced marriage', fr: 'Mariage forcé', ar: 'الزواج القسري' },
  child_recruitment: { en: 'Recruitment of children', fr: 'Recrutement d’enfants', ar: 'تجنيد الأطفال' },
  sale_of_persons: { en: 'Sale of persons', fr: 'Vente de personnes', ar: 'بيع الأشخاص' },
  other: { en: 'Other', fr: 'Autre', ar: 'أخرى' },
  unknown: { en: 'Unknown', fr: 'Inconnue', ar: 'غير معروف' },
};

const SEXES: Vocab = {
  female: { en: 'Female', fr: 'Féminin', ar: 'إناث' },
  male: { en: 'Male', fr: 'Masculin', ar: 'ذكور' },
  other: { en: 'Other', fr: 'Autre', ar: 'آخر' },
  unknown: { en: 'Unknown', fr: 'Inconnu', ar: 'غير معروف' },
};

const AGE_BANDS: Vocab = {
  '0-11': { en: '0–11 years', fr: '0–11 ans', ar: '0–11 سنة' },
  '12-17': { en: '12–17 years', fr: '12–17 ans', ar: '12–17 سنة' },
  '0-17': { en: 'Children (0–17)', fr: 'Enfants (0–17 ans)', ar: 'أطفال (0–17)' },
  '18+': { en: 'Adults (18 and over)', fr: 'Adultes (18 ans et plus)', ar: 'بالغون (18 فأكثر)' },
  unknown: { en: 'Age unknown', fr: 'Âge inconnu', ar: 'العمر غير معروف' },
};

/**
 * Hotspot classes: Gi* confidence bins and the emerging-hotspot categories (ArcGIS's names).
 * The analysis module's output is mapped to these keys by the caller; an unknown key is shown
 * as given rather than dropped.
 */
const HOTSPOTS: Vocab = {
  'hot-99': { en: 'Hot spot, 99% confidence', fr: 'Point chaud, confiance 99 %', ar: 'بؤرة ساخنة، ثقة 99%' },
  'hot-95': { en: 'Hot spot, 95% confidence', fr: 'Point chaud, confiance 95 %', ar: 'بؤرة ساخنة، ثقة 95%' },
  'hot-90': { en: 'Hot spot, 90% confidence', fr: 'Point chaud, confiance 90 %', ar: 'بؤرة ساخنة، ثقة 90%' },
  'cold-99': { en: 'Cold spot, 99% confidence', fr: 'Point froid, confiance 99 %', ar: 'بؤرة باردة، ثقة 99%' },
  'cold-95': { en: 'Cold spot, 95% confidence', fr: 'Point froid, confiance 95 %', ar: 'بؤرة باردة، ثقة 95%' },
  'cold-90': { en: 'Cold spot, 90% confidence', fr: 'Point froid, confiance 90 %', ar: 'بؤرة باردة، ثقة 90%' },
  'not-significant': { en: 'Not significant', fr: 'Non significatif', ar: 'غير دال إحصائياً' },
  'no-pattern': { en: 'No pattern detected', fr: 'Aucune configuration', ar: 'لا نمط' },
  ...emerging('hot', { en: 'hot spot', fr: 'point chaud', ar: 'بؤرة ساخنة' }),
  ...emerging('cold', { en: 'cold spot', fr: 'point froid', ar: 'بؤرة باردة' }),
};

function emerging(kind: 'hot' | 'cold', noun: Record<ReportLanguage, string>): Vocab {
  const adjectives: Record<string, Record<ReportLanguage, string>> = {
    new: { en: 'New', fr: 'nouveau', ar: 'جديدة' },
    consecutive: { en: 'Consecutive', fr: 'consécutif', ar: 'متتالية' },
    intensifying: { en: 'Intensifying', fr: 'en intensification', ar: 'متزايدة الشدة' },
    persistent: { en: 'Persistent', fr: 'persistant', ar: 'مستمرة' },
    diminishing: { en: 'Diminishing', fr: 'en diminution', ar: 'متناقصة' },
    sporadic: { en: 'Sporadic', fr: 'sporadique', ar: 'متقطعة' },
    oscillating: { en: 'Oscillating', fr: 'oscillant', ar: 'متذبذبة' },
    historical: { en: 'Historical', fr: 'historique', ar: 'تاريخية' },
  };
  const out: Record<string, Record<ReportLanguage, string>> = {};
  for (const [adj, w] of Object.entries(adjectives)) {
    out[`${adj}-${kind}`] = {
      en: `${w.en} ${noun.en}`,
      fr: `${noun.fr[0]!.toUpperCase()}${noun.fr.slice(1)} ${w.fr}`,
      ar: `${noun.ar} ${w.ar}`,
    };
  }
  return out;
}

export const VOCABULARIES = { form: FORMS, sex: SEXES, ageBand: AGE_BANDS, hotspot: HOTSPOTS } as const;
export type Vocabulary = keyof typeof VOCABULARIES;

/** A term of a closed vocabulary in `lang`; a term the vocabulary lacks is shown as given, never dropped. */
export function term(vocabulary: Vocabulary, code: string, lang: ReportLanguage): string {
  const words = VOCABULARIES[vocabulary];
  return Object.hasOwn(words, code) ? words[code]![lang] : code;
}

const regionNames = new Map<ReportLanguage, Intl.DisplayNames>();

/**
 * A country's name from its ISO 3166-1 alpha-2 code, by the runtime's CLDR data (no table to keep
 * up to date here); a code CLDR does not know (synthetic "XT", or a non-ISO area) is shown as given.
 */
export function countryName(code: string, lang: ReportLanguage): string {
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    regionNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code; // "X1", lower case, three letters: Intl throws on anything that is not a region subtag
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the report language's conventions (grouping, decimal sign). */
export function formatNumber(n: number, lang: ReportLanguage, fractionDigits = 0): string {
  const key = `${lang}|${fractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** A p-value: three decimals, and "< 0.001" (localised) below that, as reports print them. */
export function formatPValue(p: number, lang: ReportLanguage): string {
  return p < 0.001 ? `< ${formatNumber(0.001, lang, 3)}` : formatNumber(p, lang, 3);
}

/** The "<5" marker of a censored value: the source's threshold, never a number standing for it. */
export const censoredMarker = (below: number, lang: ReportLanguage): string => `<${formatNumber(below, lang)}`;

const MECHANISM: Record<DisclosureNote['mechanism'], Record<ReportLanguage, string>> = {
  none: { en: 'No noise added.', fr: 'Aucun bruit ajouté.', ar: 'لم يُضف أي تشويش.' },
  'discrete-laplace': {
    en: 'Discrete Laplace noise added (ε = {e}, sensitivity 1).',
    fr: 'Bruit de Laplace discret ajouté (ε = {e}, sensibilité 1).',
    ar: 'أُضيف تشويش لابلاس المتقطع (ε = {e}، الحساسية 1).',
  },
  'discrete-gaussian': {
    en: 'Discrete Gaussian noise added (ε = {e}, δ = {d}, sensitivity 1).',
    fr: 'Bruit gaussien discret ajouté (ε = {e}, δ = {d}, sensibilité 1).',
    ar: 'أُضيف تشويش غاوسي متقطع (ε = {e}، δ = {d}، الحساسية 1).',
  },
};

const THRESHOLD: Record<ReportLanguage, string> = {
  en: 'Counts below {k} are suppressed.',
  fr: 'Les effectifs inférieurs à {k} sont masqués.',
  ar: 'تُحجب الأعداد التي تقل عن {k}.',
};

/**
 * The disclosure-control sentence of a table, written from the note's fields in the report's
 * language. The fields are the authority (they are what the gate did and what the ledger holds);
 * the note's own `text` is one language's rendering of them, so it is not repeated here.
 *
 * @example disclosureSentence({ k: 10, mechanism: 'discrete-laplace', epsilon: 1, delta: 0, text: '' }, 'en')
 * // 'Counts below 10 are suppressed. Discrete Laplace noise added (ε = 1, sensitivity 1).'
 */
export function disclosureSentence(note: DisclosureNote, lang: ReportLanguage): string {
  const fill = (s: string): string =>
    s
      .replace('{k}', formatNumber(note.k, lang))
      // ε and δ are shown as given (up to 6 significant digits), never rounded to 0
      .replace('{e}', new Intl.NumberFormat(lang, { maximumSignificantDigits: 6 }).format(note.epsilon))
      .replace('{d}', new Intl.NumberFormat(lang, { maximumSignificantDigits: 6 }).format(note.delta));
  return `${fill(THRESHOLD[lang])} ${fill(MECHANISM[note.mechanism][lang])}`;
}

/** A column label or caption in `lang`. */
export function labelText(label: Label, lang: ReportLanguage): string {
  if (typeof label === 'string') return t(label, lang);
  if ('vocabulary' in label) return term(label.vocabulary, label.code, lang);
  return visibleText(label.text);
}

/**
 * A figure as a reader sees it (outside text with its hidden bidi and control characters made
 * visible, as the dossier shows them, so an override cannot reorder a figure's row): counts formatted for the language, "suppressed" in words (never 0,
 * never blank), a censored value as "<5", a missing one as "no data".
 *
 * @example valueText({ kind: 'suppressed' }, 'fr') // 'masqué'
 */
export function valueText(v: ReportValue, lang: ReportLanguage): string {
  switch (v.kind) {
    case 'count':
      return formatNumber(v.value, lang);
    case 'suppressed':
      return t('suppressed', lang);
    case 'censored':
      return censoredMarker(v.below, lang);
    case 'missing':
      return t('noData', lang);
    case 'stat':
      return v.isP ? formatPValue(v.value, lang) : formatNumber(v.value, lang, v.digits);
    case 'term':
      return term(v.vocabulary, v.code, lang);
    case 'country':
      return countryName(v.code, lang);
    case 'text':
      return visibleText(v.text);
  }
}
