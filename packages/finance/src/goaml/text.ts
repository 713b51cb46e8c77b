/**
 * Text as goAML and the HTML summary need it: characters XML cannot carry and control characters
 * removed, bidirectional overrides removed (they reorder what a reviewer sees, the "Trojan
 * Source" trick), and a transliteration to ASCII for the fields whose schema pattern admits ASCII
 * only (goAML 2.0's `reason` and `action`, person names in both example schemas).
 */

/**
 * C0 controls except tab, line feed and carriage return; DEL and the C1 controls; lone
 * surrogates; U+FFFE/U+FFFF (not XML characters); and the bidi embedding, override and isolate
 * controls (U+202A–U+202E, U+2066–U+2069). Marks such as U+200F RIGHT-TO-LEFT MARK stay: they
 * are ordinary characters that right-to-left text needs.
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Cleans free text (several lines allowed): unwanted characters removed, line ends made `\n`
 * (an XML parser would turn a bare `\r` into one anyway), NFC, outer space trimmed.
 */
export function cleanText(text: string): string {
  return text.replace(UNWANTED, '').replace(/\r\n?/g, '\n').normalize('NFC').trim();
}

/** Cleans one-line text (names, references, codes): as `cleanText`, and every run of white space becomes one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ');
}

/** Letters NFKD does not decompose into an ASCII base letter plus marks. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
  ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'Ng', ſ: 's', ĸ: 'k',
};
/** Typographic punctuation and spaces with a plain ASCII equivalent. */
const PUNCTUATION: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u2022\u00b7]/g, '*'],
  [/\u00d7/g, 'x'],
  [/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' '],
];

export interface Transliteration {
  readonly text: string;
  /** the first character left that has no ASCII form: its position in `text` and its code point (`U+0642`) */
  readonly untranslatable?: { readonly index: number; readonly codePoint: string };
}

/**
 * Latin-script text to ASCII: accents dropped (é→e), ligatures and special letters spelled out
 * (ß→ss, ø→o), typographic punctuation made plain (’→', –→-), invisible format characters
 * (U+200F, zero-width joiners, BOM) removed. A character of another script is not guessed at:
 * it is reported in `untranslatable` and the caller refuses the field.
 */
export function transliterateToAscii(text: string): Transliteration {
  let out = text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\p{Cf}/gu, '');
  for (const [pattern, replacement] of PUNCTUATION) out = out.replace(pattern, replacement);
  out = out.replace(/[^\x00-\x7f]/g, (ch) => LETTERS[ch] ?? ch); // eslint-disable-line no-control-regex
  // eslint-disable-next-line no-control-regex -- finding what is left outside ASCII
  const bad = /[^\x00-\x7f]/u.exec(out);
  if (bad === null) return { text: out };
  const codePoint = `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { text: out, untranslatable: { index: bad.index, codePoint } };
}

/** Length as XSD counts it: in characters (code points), not UTF-16 units. */
export function xsdLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
