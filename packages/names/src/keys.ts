/**
 * Keys under which the spellings of one name meet. English-language lists write the same
 * Arabic name as Muhammad / Mohammed / Mohamed, Husayn / Hussein / Hussain, Qasim / Kassem:
 * short vowels, doubled letters and digraph choices vary, the consonants mostly do not.
 * `spellingKey` keeps that consonant skeleton; `phoneticKey` also merges letter classes.
 */
import { romaniseArabic } from './arabic.ts';
import { transliterateCyrillic } from './cyrillic.ts';
import { normaliseName } from './normalise.ts';

/** Articles written before a name part ("al-", "el-", sun-letter "ash-", "ad-"…, "wal-"). */
export const ARTICLES: ReadonlySet<string> = new Set([
  'al', 'el', 'ul', 'il', 'ol', 'ad', 'adh', 'ar', 'as', 'ash', 'at', 'ath', 'az', 'an',
  'ed', 'er', 'es', 'esh', 'et', 'ez', 'en', 'wal', 'wel', 'lil',
]);

// Spellings of abd ("servant of") when written apart from what follows.
const ABD_FORMS = new Set(['abd', 'abdu', 'abdul', 'abdel', 'abdal', 'abdil', 'abdoul', 'abdol', 'abdur', 'abdus', 'abdun', 'abdar', 'abdas', 'abder', 'abdes', 'abdan', 'abdat', 'abdaz', 'abduz']);
// Abbreviations of Muhammad seen on lists.
const MUHAMMAD_ABBREVIATIONS = new Set(['mohd', 'muhd', 'mhd', 'md', 'mohamad']);

/** Latin/Arabic/Cyrillic token → lower-case ASCII letters and digits, hyphens kept. */
export function toLatinAscii(token: string): string {
  return transliterateCyrillic(romaniseArabic(normaliseName(token)))
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/ø/g, 'o')
    .replace(/đ/g, 'd')
    .replace(/ł/g, 'l')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/'/g, '')
    .replace(/[^a-z0-9-]+/g, '');
}

const VOWEL = /[aeiou]/;

/** The letter-family rewrites the keys make, vowels still in (digraphs as one capital letter). */
function unifyLetters(part: string): string {
  return part
    .replace(/x/g, 'ks')
    .replace(/dzh/g, 'j')
    .replace(/dj/g, 'j')
    .replace(/kh/g, 'K')
    .replace(/gh/g, 'g')
    .replace(/sh/g, 'S')
    .replace(/ch/g, 'C')
    .replace(/zh/g, 'Z')
    .replace(/th/g, 't')
    .replace(/dh/g, 'd')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/([aeiouy])h$/, '$1');
}

function skeleton(part: string): string {
  if (part === '') return '';
  if (ABD_FORMS.has(part)) return 'abd';
  if (MUHAMMAD_ABBREVIATIONS.has(part)) return 'mhmd';
  let p = unifyLetters(part);
  const first = p[0] ?? '';
  // Dedupe into an array: indexing a string being built by += flattens it every time (quadratic).
  const out = [VOWEL.test(first) ? 'a' : first];
  p = p.slice(1).replace(/[aeiouyw]/g, '');
  for (const ch of p) if (ch !== out[out.length - 1]) out.push(ch);
  return out.join('').replace(/K/g, 'kh').replace(/S/g, 'sh').replace(/C/g, 'ch').replace(/Z/g, 'zh');
}

/**
 * A spelling with the letter families the keys unify written one way (q as k, kh/gh/sh/ch/zh/th/
 * dh/ph as one letter each, x as ks, soft c as s) and doubled letters single, but its vowels
 * kept: what is left to compare of two spellings that share a key. Kassem and Qasim become
 * "kasem" and "kasim" (close); Hassan and Hsien "hasan" and "hsien" (not).
 * @example spellingForm('qassim') // 'kasim'
 */
export function spellingForm(ascii: string): string {
  const out: string[] = [];
  for (const ch of unifyLetters(ascii)) if (ch !== out[out.length - 1]) out.push(ch);
  return out.join('');
}

function parts(ascii: string): string[] {
  const ps = ascii.split('-').filter((p) => p !== '');
  while (ps.length > 1 && ARTICLES.has(ps[0]!)) ps.shift();
  return ps;
}

/**
 * The spelling-family key of one name token, in any of Latin, Arabic or Cyrillic script:
 * romanised/transliterated, ASCII-folded, apostrophes dropped; digraphs unified (dj/dzh → j,
 * gh → g, th → t, dh → d, ph → f, q/ck/hard c → k, soft c → s, x → ks); a final h after a
 * vowel dropped ("Hamzah" = "Hamza"); vowels, and y/w after the first letter, dropped, an
 * initial vowel kept as "a"; doubled letters collapsed. Hyphenated parts are keyed separately
 * and joined with "-", after a leading article ("al-") is dropped. Abd spellings (abd, abdul,
 * abdel, abdur…) key as "abd"; Mohd/Muhd as Muhammad.
 * Muhammad, Mohammed, Mohamed, محمد → "mhmd"; Yusuf, Youssef, يوسف → "ysf".
 */
export function spellingKey(token: string): string {
  return asciiSpellingKey(toLatinAscii(token));
}

/** `spellingKey` of text already in `toLatinAscii` form (lower-case a–z, 0–9, "-"). */
export function asciiSpellingKey(ascii: string): string {
  return parts(ascii).map(skeleton).filter((k) => k !== '').join('-');
}

const CLASSES: Record<string, string> = {
  a: 'A', b: 'B', p: 'B', f: 'F', v: 'F', t: 'T', d: 'T', s: 'S', z: 'S', j: 'J',
  k: 'K', g: 'K', h: 'H', l: 'L', m: 'M', n: 'N', r: 'R', w: 'W', y: 'Y',
};
const DIGRAPH_CLASSES: Record<string, string> = { kh: 'K', sh: 'S', ch: 'S', zh: 'S' };

/**
 * A coarser key for transliterated (Arabic, Cyrillic) names: the `spellingKey` skeleton with
 * letter classes merged — b/p; f/v; t/d (so th, dh); s/z/sh/ch/zh; k/g/q/kh/gh; j; h; l; m;
 * n; r; initial vowel "A"; initial w, y — and repeats of a class collapsed. Upper case.
 * Kassem, Qasim, Kasim → "KSM"; Hussein, Husayn, حسين → "HSN"; Magomed, Maghomed → "MKMT".
 */
export function phoneticKey(token: string): string {
  return phoneticOfSpellingKey(spellingKey(token));
}

/** `phoneticKey` from a spelling key already computed. */
export function phoneticOfSpellingKey(key: string): string {
  return key
    .split('-')
    .map((k) => {
      const out: string[] = [];
      for (let i = 0; i < k.length; i++) {
        const pair = k.slice(i, i + 2);
        let cls = DIGRAPH_CLASSES[pair];
        if (cls !== undefined) i++;
        else cls = CLASSES[k[i]!] ?? k[i]!.toUpperCase();
        if (cls !== out[out.length - 1]) out.push(cls);
      }
      return out.join('');
    })
    .join('-');
}

/**
 * Blocking keys that survive one typo: a spelling key with each one of its letters deleted in
 * turn (the symmetric-deletion idea: two keys one insertion, deletion, substitution or
 * adjacent transposition apart share one of these). Keys shorter than 4 letters have none (a
 * two-letter remainder such as "al" would block thousands of names); "-" joined parts are
 * treated as one key.
 * @example typoKeys('zwhr') // ['whr', 'zhr', 'zwr', 'zwh']
 */
export function typoKeys(key: string): string[] {
  if (key.length < 4) return [];
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

/** Shortest spelling `spellingTypoKeys` keys, and the longest by default. */
export const SPELLING_TYPO_LETTERS = { min: 3, max: 8 } as const;

/**
 * Blocking keys of a short spelling that survive one typo where its consonant key does not:
 * the spelling itself and each one-letter deletion of it of at least three letters (symmetric
 * deletion on the letters, not the key, so "Mkario" meets "Mario", "Rua" meets "Ruba", "Nomez"
 * meets "Gomez"). Spellings of 3 to `maxLetters` letters a–z only; others have none (a long
 * part keeps the deletion keys of its consonant key, `typoKeys`).
 * @example spellingTypoKeys('ruba') // ['ruba', 'uba', 'rba', 'rua', 'rub']
 */
export function spellingTypoKeys(text: string, maxLetters: number = SPELLING_TYPO_LETTERS.max): string[] {
  if (text.length < SPELLING_TYPO_LETTERS.min || text.length > maxLetters || !/^[a-z]+$/.test(text)) return [];
  const out = new Set<string>([text]);
  if (text.length > SPELLING_TYPO_LETTERS.min) for (let i = 0; i < text.length; i++) out.add(text.slice(0, i) + text.slice(i + 1));
  return [...out];
}
