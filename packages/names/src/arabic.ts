/**
 * Arabic-script names: orthographic folding (the same name is written with or without hamza,
 * with ة or ه, ى or ي, Persian or Arabic letter forms, with or without vowel marks) and a
 * romanisation to a Latin consonant skeleton that English-language sanctions lists' spellings
 * reduce to under `spellingKey`.
 */

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;

const FOLD: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
  'ؤ': 'و', 'ئ': 'ي', 'ء': '',
  'ة': 'ه', 'ۀ': 'ه', 'ە': 'ه', 'ہ': 'ه', 'ھ': 'ه', 'ۃ': 'ه',
  'ى': 'ي', 'ی': 'ي', 'ې': 'ي', 'ێ': 'ي',
  'ک': 'ك', 'ڪ': 'ك', 'گ': 'ك',
  'پ': 'ب', 'چ': 'ج', 'ژ': 'ز', 'ڤ': 'ف',
};

function foldDigits(s: string): string {
  return s
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * Folds Arabic orthographic variants to one form: NFKC (presentation forms), tatweel and
 * harakat/Quranic marks removed, alef variants (أ إ آ ٱ) → ا, hamza carriers ؤ → و and ئ → ي,
 * lone hamza ء dropped, ة → ه, ى → ي, Persian/Urdu ک گ → ك, ی → ي, پ → ب, چ → ج, ژ → ز,
 * Arabic-Indic and extended Arabic-Indic digits → ASCII digits. Other characters are kept.
 */
export function foldArabic(s: string): string {
  const base = foldDigits(s.normalize('NFKC').replace(DIACRITICS, ''));
  let out = '';
  for (const ch of base) out += FOLD[ch] ?? ch;
  return out;
}

// Letters romanised after the light fold below (alef/hamza forms are kept until here because
// إ is usually "i" and word-initial ع is a vowel in English spellings).
const LETTERS: Record<string, string> = {
  'ا': 'a', 'أ': 'a', 'إ': 'i', 'آ': 'a', 'ٱ': 'a', 'ٲ': 'a', 'ٳ': 'i',
  'ء': "'", 'ؤ': "'", 'ئ': "'",
  'ب': 'b', 'پ': 'p', 'ت': 't', 'ث': 'th', 'ج': 'j', 'چ': 'ch', 'ح': 'h', 'خ': 'kh',
  'د': 'd', 'ذ': 'dh', 'ر': 'r', 'ز': 'z', 'ژ': 'zh', 'س': 's', 'ش': 'sh', 'ص': 's',
  // ظ as Iraqi and Gulf names write it in English (Kadhim, Hafidh); its Persian reading is z (Kazim)
  'ض': 'd', 'ط': 't', 'ظ': 'dh', 'ع': "'", 'غ': 'gh', 'ف': 'f', 'ڤ': 'v', 'ق': 'q',
  'ك': 'k', 'ک': 'k', 'ڪ': 'k', 'گ': 'g', 'ل': 'l', 'م': 'm', 'ن': 'n', 'ه': 'h', 'ہ': 'h', 'ھ': 'h', 'ۃ': 'a',
  'ة': 'a', 'ۀ': 'a', 'ە': 'a', 'و': 'u', 'ي': 'i', 'ی': 'i', 'ى': 'a', 'ې': 'e', 'ێ': 'e',
  // Pashto and Urdu letters (without them ځدران loses its first letter and never meets "Zadran")
  'ځ': 'z', 'څ': 's', 'ټ': 't', 'ډ': 'd', 'ړ': 'r', 'ږ': 'zh', 'ښ': 'sh', 'ڼ': 'n', 'ګ': 'g', 'ۍ': 'i',
  'ٹ': 't', 'ڈ': 'd', 'ڑ': 'r', 'ں': 'n', 'ے': 'e', 'ۓ': 'e', 'ڭ': 'g', 'ﻻ': 'la',
};

/**
 * How Persian, Dari, Pashto and Urdu speakers (and the lists spelling their names) read the
 * letters Arabic pronounces otherwise: ثاقب "Saqib" not "Thaqib", فضل "Fazl" not "Fadl", نذیر
 * "Nazir" not "Nadhir".
 */
const PERSIAN_READING: Record<string, string> = { 'ث': 's', 'ذ': 'z', 'ض': 'z', 'ظ': 'z' };

/** Arabic (the default) or Persian reading of the letters that the two pronounce differently. */
export type ArabicReading = 'arabic' | 'persian';

// Whole words with a settled English spelling (particles and the divine name).
const WORDS: Record<string, string> = {
  'الله': 'allah', 'لله': 'allah', 'اللہ': 'allah', 'عبد': 'abd', 'ابو': 'abu', 'أبو': 'abu', 'ابي': 'abi', 'أبي': 'abi',
  'ام': 'umm', 'أم': 'umm', 'بن': 'bin', 'ابن': 'ibn', 'إبن': 'ibn', 'بنت': 'bint', 'ولد': 'ould',
  // "and" written apart from the word it joins
  'و': 'wa',
};

// A name ending in the divine name written joined (خيرالله, عبیدالله): English lists write "-ullah".
const JOINED_ALLAH = /^(.+?)(?:ال|ا)?لله$/u;

function romaniseWord(word: string, reading: ArabicReading): string {
  const w = word.replace(DIACRITICS, '');
  const whole = WORDS[w];
  if (whole !== undefined) return whole;
  const allah = JOINED_ALLAH.exec(w);
  if (allah && Array.from(allah[1]!).length >= 2) return `${romaniseWord(allah[1]!, reading)}allah`;
  // The article ال (and وال "and the") is written joined; English lists write "al-".
  let prefix = '';
  let stem = w;
  if (stem.length > 3 && stem.startsWith('وال')) { prefix = 'wal-'; stem = stem.slice(3); }
  // لل "for the" (للصرافة, li-l-sirafa "for exchange") as English lists drop it
  else if (stem.length > 4 && stem.startsWith('لل') && !stem.startsWith('للہ')) { prefix = 'lil-'; stem = stem.slice(2); }
  else if (stem.length > 3 && (stem.startsWith('ال') || stem.startsWith('أل'))) { prefix = 'al-'; stem = stem.slice(2); }
  const letters = Array.from(stem);
  let out = '';
  letters.forEach((ch, i) => {
    const first = i === 0;
    if (first && ch === 'ع') out += 'a';
    else if (first && ch === 'و') out += 'w';
    else if ((first && ch === 'ي') || (first && ch === 'ی')) out += 'y';
    else if (ch === 'ة' && i !== letters.length - 1) out += 't';
    else out += (reading === 'persian' ? PERSIAN_READING[ch] : undefined) ?? LETTERS[ch] ?? ch;
  });
  return prefix + out;
}

/**
 * Romanises the Arabic-script words of `s` to a Latin consonant skeleton in the style of
 * English-language lists (unwritten short vowels stay absent: محمد → "mhmd", التكريتي →
 * "al-tkriti", عبد الله → "abd allah"); non-Arabic text is left as it is. Digits are folded.
 * The output is meant for `spellingKey`, which reduces Latin spellings to the same skeleton.
 * `reading: 'persian'` reads ث ذ ض ظ as Persian, Dari, Pashto and Urdu do (s, z, z, z).
 * @example romaniseArabic('فضل') // 'fdl'; romaniseArabic('فضل', 'persian') // 'fzl'
 */
export function romaniseArabic(s: string, reading: ArabicReading = 'arabic'): string {
  return foldDigits(s.normalize('NFKC')).replace(/[\p{Script=Arabic}\u064B-\u065F\u0670]+/gu, (w) => romaniseWord(w, reading));
}

/** Whether `s` has a letter that the Persian reading romanises differently (so a second reading is worth computing). */
export function hasPersianReading(s: string): boolean {
  return /[ثذضظ]/.test(s);
}
