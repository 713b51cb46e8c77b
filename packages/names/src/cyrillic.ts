/**
 * Cyrillic names to Latin, so "Умаров" meets "UMAROV": a simplified BGN/PCGN romanisation of
 * Russian (plus the Ukrainian, Belarusian and Kazakh letters seen in lists).
 */

const MAP: Record<string, string> = {
  'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ё': 'yo', 'ж': 'zh', 'з': 'z',
  'и': 'i', 'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r',
  'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh',
  'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '', 'э': 'e', 'ю': 'yu', 'я': 'ya',
  'і': 'i', 'ї': 'yi', 'є': 'ye', 'ґ': 'g', 'ў': 'w', 'ә': 'a', 'ғ': 'gh', 'қ': 'q',
  'ң': 'ng', 'ө': 'o', 'ұ': 'u', 'ү': 'u', 'һ': 'h', 'ҳ': 'h', 'ҷ': 'j', 'ӣ': 'i', 'ӯ': 'u',
};
const VOWELS = new Set(['а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'ъ', 'ь', 'й']);

/**
 * Transliterates Cyrillic letters in `s` to Latin (BGN/PCGN style: х → kh, ж → zh, ц → ts,
 * ч → ch, ш → sh, щ → shch, ю → yu, я → ya, е → ye at the start of a word or after a vowel,
 * ъ ь dropped). Case follows the source letter; non-Cyrillic text is left as it is.
 */
export function transliterateCyrillic(s: string): string {
  let out = '';
  let prev = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    let latin = MAP[lower];
    if (latin === undefined) {
      out += ch;
      prev = lower;
      continue;
    }
    if (lower === 'е' && (prev === '' || !/\p{L}/u.test(prev) || VOWELS.has(prev))) latin = 'ye';
    if (ch !== lower && latin.length > 0) latin = latin[0]!.toUpperCase() + latin.slice(1);
    out += latin;
    prev = lower;
  }
  return out;
}
