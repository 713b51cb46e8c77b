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
  /**
   * For an abd/abu/umm compound ("abd-rahman"): the part after the head ("rahman"), keyed on its
   * own, so a matcher can meet it when the other side writes the head apart, elsewhere or not
   * at all ("Fatah Abdul", "Rahman" for "Abdul Fatah", "Abd al-Rahman").
   */
  tail?: NameToken;
  /**
   * For a part written with its article glued on ("Alzahrani", "Elsayed", "Essabar"): the part
   * without it ("zahrani", "sayed", "sabar"), keyed on its own. Only an alternative: "Albert" is
   * still "albert".
   */
  unglued?: NameToken;
  /**
   * For a short part beginning "ch" and a vowel ("Cho", "Chang", "Chae"): the part as the other
   * romanisation of Korean (and pinyin against Wade-Giles) writes it, with "j" ("Jo", "Jang",
   * "Jae"), keyed on its own.
   */
  reading?: NameToken;
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
// punctuation): no evidence of a name either way. "wa" is the Arabic "and" written apart
// ("al-Muhajirin wa al-Ansar", "المهاجرين و الأنصار"), "fi" its "in" ("al-Qaida fi Iraq", "القاعدة في العراق").
// French organisation names translate them ("Mouvement pour l'unification et le jihad en Afrique
// de l'Ouest"); le and la are left out, being family names too (Le Van, La Tour).
const CONNECTIVES = new Set(['and', 'of', 'the', 'for', 'wa', 'fi', 'et', 'pour', 'du', 'des', 'aux', 'au']);
/**
 * Legal forms of organisations ("Shipping Company Limited", "Shipping Co", "Aviatrans
 * Anstalt"): what kind of entity, not which one, and written in full, abbreviated or translated
 * at will.
 */
const LEGAL_FORMS = new Set([
  'company', 'co', 'corporation', 'corp', 'limited', 'ltd', 'llc', 'inc', 'incorporated', 'plc', 'gmbh',
  'establishment', 'anstalt', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'ooo', 'zao', 'oao', 'pao', 'fze', 'fzco', 'pte', 'pvt', 'sarl', 'srl',
  // "limited" as Arabic script writes it (لمتد)
  'lmtd',
]);
/** The legal forms long enough that one typing slip in them ("Compyany", "Corporateon") still reads as them. */
const LONG_LEGAL_FORMS = [...LEGAL_FORMS].filter((f) => f.length >= 7);

/** Whether `p` is a legal form, or one typing slip (a letter inserted, dropped, changed, two swapped) from a long one. */
function isLegalForm(p: string): boolean {
  return LEGAL_FORMS.has(p) || (p.length >= 6 && LONG_LEGAL_FORMS.some((f) => oneSlip(p, f)));
}

/** Optimal-string-alignment distance exactly 1 (one letter inserted, dropped, changed, or two swapped). */
export function oneSlip(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let ea = a.length - 1;
  let eb = b.length - 1;
  while (ea >= i && eb >= i && a[ea] === b[eb]) { ea--; eb--; }
  const da = ea - i + 1;
  const db = eb - i + 1;
  if (da <= 1 && db <= 1) return true;
  return da === 2 && db === 2 && a[i] === b[i + 1] && a[i + 1] === b[i];
}

/** Abbreviations of words of organisation names, as OFAC writes them. */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([['shpg', 'shipping'], ['intl', 'international']]);
const ABD_FORMS = new Set(['abd', 'abdu', 'abdul', 'abdel', 'abdal', 'abdil', 'abdoul', 'abdol', 'abdur', 'abdus', 'abdun', 'abder', 'abdes', 'abdar', 'abdas']);
const ABU_FORMS = new Set(['abu', 'abou', 'abo', 'abi']);
const UMM_FORMS = new Set(['umm', 'um', 'om', 'omm', 'oum']);
const ARTICLE_LIKE = new Set([...ARTICLES, 'ud', 'ur', 'us', 'ut', 'uz']);
const ALLAH = /^(?:a|u|i|e|o)?ll?[aeiou]h?$/;
/** The divine name written apart after the name it completes ("Khair Ullah", "Habib Allah"): one spelling, as glued. */
const DIVINE_NAME = /^[aeiou]ll[aeiou]h$/;
/** Starts that are words merely ending so, not names before the divine name ("Musallah", armed; "Musalla", prayer hall). */
const NOT_BEFORE_ALLAH: ReadonlySet<string> = new Set(['mus', 'mas', 'mos', 'mis']);
/** The same for -ud-din written apart ("Nor Eldin", "Salah Uddin"). */
const DIN_ALONE = /^[aeiou][ld]dine?$/;
/** The heads of compounds: what `tail` is cut after. */
const COMPOUND_HEADS: ReadonlySet<string> = new Set(['abd', 'abu', 'umm']);
/**
 * An article written glued to its part: al/el before a consonant and three or more letters
 * ("alzahrani"; not "Alireza", "Alexander"), or a sun-letter article assimilated to the part's
 * first consonant, doubled ("essabar" = es-sabar, "ettoumi" = et-toumi), before four or more
 * letters.
 */
const GLUED_ARTICLE = /^(?:al|el)([b-df-hj-np-tv-z][a-z]{3,})$|^[ae]([tdrszn])(\2[a-z]{3,})$/;
/** A part after a separate abd that carries its own glued article: "Abdel Olhassan" is Abd al-Hassan (as "Abdolhassan" is). */
const ARTICLE_AFTER_ABD = /^[aeiou]l([a-z]{4,})$/;

/** Splits glued forms: "abdurrahman" → abd + rahman, "khayrallah" → khayr + allah, "nuruddin" → nur + din, "abubakar" → abu + bakar. */
function unglue(piece: string): string[] {
  const n = piece.length;
  if (n === 5 && DIVINE_NAME.test(piece)) return ['allah'];
  if ((n === 5 || n === 6) && DIN_ALONE.test(piece)) return ['din'];
  const full = n === 4 ? ABBREVIATIONS.get(piece) : undefined;
  if (full !== undefined) return [full];
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
  if (allah && !NOT_BEFORE_ALLAH.has(allah[1]!)) return [allah[1]!, 'allah'];
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
 * of the next part (a trailing article is dropped); bin/ibn/bint/ould, the connectives
 * and/of/the/for/wa/fi and organisations' legal forms (company, co, limited, ltd…) are
 * 'particle' tokens;
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
    if (t.tail && a.tail && a.tail.key !== t.tail.key) {
      t.tail.altKey = a.tail.key;
      t.tail.altPhonetic = a.tail.phonetic;
    }
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
    if (role === 'name') addParts(t);
    article = undefined;
    out.push(t);
  };
  for (const p of pieces) {
    if (HONORIFICS.has(p)) { if (head) { emit(head, 'name'); head = undefined; } emit(p, 'honorific'); continue; }
    if (KIN_PARTICLES.has(p) || CONNECTIVES.has(p) || isLegalForm(p)) { if (head) { emit(head, 'name'); head = undefined; } emit(p, 'particle'); continue; }
    if (ARTICLE_LIKE.has(p)) { article = p; continue; }
    const h = compoundHead(p);
    if (h !== undefined && head === undefined) { head = h; continue; }
    if (head !== undefined) {
      const rest = head === 'abd' && !ALLAH.test(p) ? ARTICLE_AFTER_ABD.exec(p)?.[1] : undefined;
      const k = `${head}-${rest ?? p}`;
      head = undefined;
      emit(k, 'name');
      continue;
    }
    emit(p, 'name');
  }
  if (head !== undefined) emit(head, 'name');
  return out;
}

/** A name token of `text` (lower-case ASCII), keyed. */
function partToken(text: string): NameToken {
  const key = asciiSpellingKey(text);
  return { text, role: 'name', key, phonetic: phoneticOfSpellingKey(key) };
}

/** Longest part given a `tail`, `unglued` or `reading`. */
const MAX_PART_LETTERS = 64;
/** Short parts whose initial "ch" other romanisations write "j" (Cho/Jo, Chong/Jong): a syllable or two. */
const CH_AS_J = /^ch([aeiouy][a-z]{0,3})$/;

/** Sets `tail` of a compound, `unglued` of a part with a glued article, `reading` of a short part in "ch". */
function addParts(t: NameToken): void {
  // no name part is this long: hostile input gets no alternatives to key
  if (t.text.length > MAX_PART_LETTERS) return;
  const first = t.text.charCodeAt(0);
  const ch = first === 99 ? CH_AS_J.exec(t.text) : null; // c
  if (ch) t.reading = partToken(`j${ch[1]}`);
  const dash = t.text.indexOf('-');
  if (dash > 0) {
    if (COMPOUND_HEADS.has(t.text.slice(0, dash)) && dash + 1 < t.text.length) {
      const tail = partToken(t.text.slice(dash + 1));
      if (tail.key !== '') t.tail = tail;
    }
    return;
  }
  const glued = first === 97 || first === 101 ? GLUED_ARTICLE.exec(t.text) : null; // a, e
  const rest = glued?.[1] ?? glued?.[3];
  if (rest !== undefined) t.unglued = partToken(rest);
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
