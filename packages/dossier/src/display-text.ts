/**
 * Values as a dossier shows them. Every value comes from outside (lists, imports, analysts), so
 * invisible characters that change how text *looks* — bidi overrides and isolates, other control
 * characters — are made visible as `[U+202E]`: a committee must never read a reordered passport
 * number or a name spoofed by an override. Zero-width (non-)joiners stay: Persian and Arabic
 * spelling uses them.
 */
import { detectScript } from '@ariadne/names';
import type { DisplayText } from './dossier-types.ts';

/** longer values are cut (the full value stays in Ariadne); keeps one hostile value from making a 10,000-page document */
export const MAX_VALUE_CHARS = 4_000;

// C0 except tab and newline, DEL, C1, ALM, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI, BOM, interlinear annotation marks
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/g;

const hex = (ch: string): string => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

/**
 * Shows hidden control characters as `[U+XXXX]` and cuts overlong values.
 *
 * @example visibleText('AB\u202E12') // 'AB[U+202E]12'
 */
export function visibleText(s: string): string {
  let out = s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}… [cut: ${s.length.toLocaleString('en')} characters]` : s;
  out = out.replace(HIDDEN, (ch) => `[U+${hex(ch)}]`);
  // a lone surrogate cannot be encoded in HTML or drawn in a PDF
  return out.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const LANG: Partial<Record<string, string>> = { arabic: 'und-Arab', cyrillic: 'und-Cyrl' };

/**
 * A value with its script, a script-only language tag and its direction. Mixed-script values get
 * `dir: 'auto'` so the reader's first strong character decides, as for any user text.
 *
 * @example displayText('عبد الاختبار') // { text: 'عبد الاختبار', script: 'arabic', lang: 'und-Arab', dir: 'rtl' }
 */
const memo = new Map<string, DisplayText>();

export function displayText(value: string): DisplayText {
  // dossiers repeat the same captions and labels thousands of times; script detection is per letter
  const known = memo.get(value);
  if (known) return known;
  const shown = describe(value);
  if (value.length <= 200) {
    if (memo.size >= 20_000) memo.clear();
    memo.set(value, shown);
  }
  return shown;
}

function describe(value: string): DisplayText {
  const text = visibleText(value);
  const script = detectScript(text);
  // numbers, dates and codes without letters read left to right in every script
  const dir = script === 'arabic' ? 'rtl' : script === 'latin' || script === 'cyrillic' || !/\p{L}/u.test(text) ? 'ltr' : 'auto';
  return { text, script, lang: LANG[script] ?? null, dir };
}

export const SCRIPT_LABELS: Record<string, string> = {
  latin: 'Latin script',
  arabic: 'Arabic script',
  cyrillic: 'Cyrillic script',
  mixed: 'Mixed scripts',
  other: 'Other scripts',
};
