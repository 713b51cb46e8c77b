/**
 * The plain-language note every released table carries, saying how it was protected, in English,
 * French and Arabic (the languages of the reports Ariadne's users write). It states the
 * guarantee so a reader can judge the figures: the small-cell threshold, the noise and its ε
 * (and δ), and, when no noise was added, that the figures carry no DP guarantee.
 */

import type { DisclosureNote, DpMechanism } from '../types.ts';

export const NOTE_LANGUAGES = ['en', 'fr', 'ar'] as const;
export type NoteLanguage = (typeof NOTE_LANGUAGES)[number];

export interface NoteParameters {
  readonly k: number;
  readonly mechanism: DpMechanism;
  /** 0 for mechanism 'none' */
  readonly epsilon: number;
  /** 0 for pure DP and for 'none' */
  readonly delta: number;
  /** How many cells one person can count in (the L1 sensitivity of the table); default 1. */
  readonly sensitivity?: number;
}

/** Latin digits in every language so the note's numbers read like the table's. */
const LOCALES: Record<NoteLanguage, string> = { en: 'en', fr: 'fr', ar: 'ar-u-nu-latn' };

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

function formatNumber(x: number, language: NoteLanguage): string {
  const format = new Intl.NumberFormat(LOCALES[language], { maximumSignificantDigits: 6 });
  if (x === 0 || x >= 1e-3) return format.format(x);
  // δ is usually tiny: "10⁻⁶" reads better than "0.000001"
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  const power = `10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  return Number(mantissa) === 1 ? power : `${format.format(Number(mantissa))} × ${power}`;
}

interface Phrases {
  suppressedExact(k: string): string;
  suppressedNoisy(k: string): string;
  laplace(epsilon: string, sensitivity: string): string;
  gaussian(epsilon: string, delta: string, sensitivity: string): string;
  none: string;
}

const PHRASES: Record<NoteLanguage, Phrases> = {
  en: {
    suppressedExact: (k) => `Counts below ${k} are suppressed.`,
    suppressedNoisy: (k) => `Counts below ${k} are suppressed (after noise is added).`,
    laplace: (e, s) => `Discrete Laplace noise added, ε = ${e} (sensitivity ${s}).`,
    gaussian: (e, d, s) => `Discrete Gaussian noise added, ε = ${e}, δ = ${d} (sensitivity ${s}).`,
    none: 'No noise added: the figures are exact and carry no differential-privacy guarantee.',
  },
  fr: {
    suppressedExact: (k) => `Les effectifs inférieurs à ${k} sont masqués.`,
    suppressedNoisy: (k) => `Les effectifs inférieurs à ${k} sont masqués (après ajout du bruit).`,
    laplace: (e, s) => `Bruit de Laplace discret ajouté, ε = ${e} (sensibilité ${s}).`,
    gaussian: (e, d, s) => `Bruit gaussien discret ajouté, ε = ${e}, δ = ${d} (sensibilité ${s}).`,
    none: 'Aucun bruit ajouté : les chiffres sont exacts et n’offrent aucune garantie de confidentialité différentielle.',
  },
  ar: {
    suppressedExact: (k) => `تُحجب الأعداد التي تقل عن ${k}.`,
    suppressedNoisy: (k) => `تُحجب الأعداد التي تقل عن ${k} (بعد إضافة الضجيج).`,
    laplace: (e, s) => `أُضيف ضجيج لابلاس المنفصل، ε = ${e} (الحساسية ${s}).`,
    gaussian: (e, d, s) => `أُضيف ضجيج غاوسي منفصل، ε = ${e}، δ = ${d} (الحساسية ${s}).`,
    none: 'لم يُضف أي ضجيج: الأرقام دقيقة ولا تقدّم أي ضمان للخصوصية التفاضلية.',
  },
};

/** The note's sentence in one language. */
export function disclosureNoteText(p: NoteParameters, language: NoteLanguage = 'en'): string {
  const phrases = PHRASES[language];
  const n = (x: number) => formatNumber(x, language);
  const sensitivity = n(p.sensitivity ?? 1);
  switch (p.mechanism) {
    case 'none':
      return `${phrases.suppressedExact(n(p.k))} ${phrases.none}`;
    case 'discrete-laplace':
      return `${phrases.suppressedNoisy(n(p.k))} ${phrases.laplace(n(p.epsilon), sensitivity)}`;
    case 'discrete-gaussian':
      return `${phrases.suppressedNoisy(n(p.k))} ${phrases.gaussian(n(p.epsilon), n(p.delta), sensitivity)}`;
  }
}

/** The note for a release, its text in `language`. */
export function disclosureNote(p: NoteParameters, language: NoteLanguage = 'en'): DisclosureNote {
  return { k: p.k, mechanism: p.mechanism, epsilon: p.epsilon, delta: p.delta, text: disclosureNoteText(p, language) };
}

/** The note's text in every language, for reports published in several. */
export function disclosureNoteTexts(p: NoteParameters): Record<NoteLanguage, string> {
  return { en: disclosureNoteText(p, 'en'), fr: disclosureNoteText(p, 'fr'), ar: disclosureNoteText(p, 'ar') };
}
