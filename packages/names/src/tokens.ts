/**
 * A name as the matcher sees it: tokens in Latin, with articles (al-, el-, ash-…) folded into
 * the part they belong to, kinship particles (bin, ibn, bint, ould), organisation-name
 * connectives (and, of, the, for) and honorifics (sheikh, mullah,
 * haji…) marked so they do not count as name evidence, and abd/abu/umm compounds kept as one
 * token whether written "Abd al-Rahman", "Abdul Rahman", "Abdurrahman" or "عبد الرحمن".
 */
import { hasPersianReading, romaniseArabic, type ArabicReading } from './arabic.ts';
import { transliterateCyrillic } from './cyrillic.ts';
import { ARTICLES, asciiSpellingKey, phoneticOfSpellingKey, toLatinAscii } from './keys.ts';
import { normaliseName } from './normalise.ts';

export type NameTokenRole = 'name' | 'particle' | 'honorific';

export interface NameToken {
  /** Latin form; compounds joined with "-" ("abd-rahman", "abu-bakr"). */
  text: string;
  role: NameTokenRole;
  /** The article written before this part, if any ("al" for "al-Tikriti"). */
  article?: string;
  /** `spellingKey(text)`; empty for particles and honorifics. */
  key: string;
  /** `phoneticKey(text)`; empty for particles and honorifics. */
  phonetic: string;
  /**
   * For a part written in Arabic script with a letter Persian reads otherwise (ث ذ ض ظ): the
   * spelling key of the Persian reading, when it differs from `key` (فضل: key "fdl", altKey "fzl").
   */
  altKey?: string;
  /** `phoneticOfSpellingKey(altKey)`, alongside `altKey`. */
  altPhonetic?: string;
}

/** Titles and religious/military honorifics, in Latin spellings and as romaniseArabic writes them. */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'sheikh', 'sheik', 'shaikh', 'shaykh', 'shaik', 'cheikh', 'cheik', 'shikh', 'shekh',
  'mullah', 'mulla', 'molla', 'mollah', 'mla', 'mulah',
  'maulavi', 'mawlawi', 'maulvi', 'moulvi', 'mawlavi', 'molvi', 'maulawi', 'mului', 'mulwi',
  'maulana', 'mawlana', 'moulana', 'mulana',
  'haji', 'hajji', 'hadji', 'hadj', 'hajj', 'haj', 'alhaj', 'alhajj', 'elhadj', 'elhaj',
  'dr', 'doctor', 'dktur', 'qari', 'qary', 'mufti', 'mfti', 'imam', 'ustadh', 'ustad', 'ustaz',
  'mr', 'mrs', 'ms', 'miss', 'sir', 'prof', 'professor', 'general', 'gen', 'colonel', 'col',
  'brigadier', 'major', 'maj', 'capt', 'captain', 'lt',
]);
// ould / ولد: "son of" in Mauritanian and Saharan names (Hamada Ould Mohamed), like bin
const KIN_PARTICLES = new Set(['bin', 'ibn', 'bint', 'ben', 'bn', 'binti', 'ould', 'uld', 'wuld']);
// Connectives of organisation names ("Shipping and Marine" is "Shipping & Marine", whose "&" is
// punctuation): no evidence of a name either way.
const CONNECTIVES = new Set(['and', 'of', 'the', 'for']);
const ABD_FORMS = new Set(['abd', 'abdu', 'abdul', 'abdel', 'abdal', 'abdil', 'abdoul', 'abdol', 'abdur', 'abdus', 'abdun', 'abder', 'abdes', 'abdar', 'abdas']);
const ABU_FORMS = new Set(['abu', 'abou', 'abo', 'abi']);
const UMM_FORMS = new Set(['umm', 'um', 'om', 'omm', 'oum']);
const ARTICLE_LIKE = new Set([...ARTICLES, 'ud', 'ur', 'us', 'ut', 'uz']);
const ALLAH = /^(?:a|u|i|e|o)?ll?[aeiou]h?$/;

/** Splits glued forms: "abdurrahman" → abd + rahman, "khayrallah" → khayr + allah, "nuruddin" → nur + din, "abubakar" → abu + bakar. */
function unglue(piece: string): string[] {
  if (piece.startsWith('abd') && !ABD_FORMS.has(piece) && piece.length >= 6) {
    let rest = piece.slice(3);
    if (ALLAH.test(rest)) rest = 'allah';
    else if (/^[aeiou]l/.test(rest) && rest.length >= 5) rest = rest.slice(2);
    else if (/^[aeiou]([tdrszn])\1/.test(rest)) rest = rest.slice(2);
    else if (/^[aeiou]/.test(rest) && rest.length >= 4) rest = rest.slice(1);
    return ['abd', rest];
  }
  const abu = /^(abu|abou)([a-z]{4,})$/.exec(piece);
  if (abu) return ['abu', abu[2]!];
  const allah = /^([a-z]{3,}?)(allah|ullah|ollah|illah|ellah|ulla|olla|alla)$/.exec(piece);
  if (allah) return [allah[1]!, 'allah'];
  const din = /^([a-z]{3,}?)(uddin|eddin|addin|iddin|oddin|aldin|uldin|eldin|ud?din|uddine|eddine|addine|iddine|oddine|aldine|eldine)$/.exec(piece);
  if (din) return [din[1]!, 'din'];
  return [piece];
}

function compoundHead(p: string): string | undefined {
  if (ABD_FORMS.has(p)) return 'abd';
  if (ABU_FORMS.has(p)) return 'abu';
  if (UMM_FORMS.has(p)) return 'umm';
  return undefined;
}

/**
 * Tokenises a name in any of Latin, Arabic or Cyrillic script. Articles become the `article`
 * of the next part (a trailing article is dropped); bin/ibn/bint/ould and the connectives
 * and/of/the/for are 'particle' tokens;
 * honorifics are 'honorific' tokens; abd/abu/umm plus the next part make one 'name' token.
 * Arabic-script parts with a letter Persian reads otherwise (ث ذ ض ظ) also carry the keys of
 * that reading (`altKey`, `altPhonetic`).
 */
export function nameTokens(s: string): NameToken[] {
  const normal = normaliseName(s);
  const out = tokensOf(normal, 'arabic');
  if (!hasPersianReading(normal)) return out;
  // the Persian reading changes letters only, so its parts line up with the Arabic reading's
  const alt = tokensOf(normal, 'persian');
  if (alt.length !== out.length) return out;
  out.forEach((t, i) => {
    const a = alt[i]!;
    if (t.role !== 'name' || a.role !== 'name' || a.key === t.key || a.key === '') return;
    t.altKey = a.key;
    t.altPhonetic = a.phonetic;
  });
  return out;
}

function tokensOf(normal: string, reading: ArabicReading): NameToken[] {
  const latin = transliterateCyrillic(romaniseArabic(normal, reading));
  const pieces = toLatinAscii(latin.replace(/ /g, '-'))
    .split('-')
    .filter((p) => p !== '')
    .flatMap(unglue);
  const out: NameToken[] = [];
  let article: string | undefined;
  let head: string | undefined;
  const emit = (text: string, role: NameTokenRole): void => {
    const key = role === 'name' ? asciiSpellingKey(text) : '';
    const t: NameToken = { text, role, key, phonetic: role === 'name' ? phoneticOfSpellingKey(key) : '' };
    if (article !== undefined && role === 'name') t.article = article;
    article = undefined;
    out.push(t);
  };
  for (const p of pieces) {
    if (HONORIFICS.has(p)) { if (head) { emit(head, 'name'); head = undefined; } emit(p, 'honorific'); continue; }
    if (KIN_PARTICLES.has(p) || CONNECTIVES.has(p)) { if (head) { emit(head, 'name'); head = undefined; } emit(p, 'particle'); continue; }
    if (ARTICLE_LIKE.has(p)) { article = p; continue; }
    const h = compoundHead(p);
    if (h !== undefined && head === undefined) { head = h; continue; }
    if (head !== undefined) {
      const k = `${head}-${p}`;
      head = undefined;
      emit(k, 'name');
      continue;
    }
    emit(p, 'name');
  }
  if (head !== undefined) emit(head, 'name');
  return out;
}

/**
 * The keys a matcher indexes for a name, sorted and without duplicates (so independent of
 * word order): "s:" + spelling key and "p:" + phonetic key of every 'name' token.
 */
export function nameKeys(s: string): string[] {
  const keys = new Set<string>();
  for (const t of nameTokens(s)) {
    if (t.role !== 'name' || t.key === '') continue;
    keys.add(`s:${t.key}`);
    keys.add(`p:${t.phonetic}`);
  }
  return [...keys].sort();
}
