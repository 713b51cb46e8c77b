/**
 * Names published in two scripts at once. The UN list writes some names as "Latin (original
 * script)" or "original script (Latin)", and some original-script names carry the Latin note
 * "(original script)". Read as one name, such a string holds every part twice (or the words
 * "original script"), so no single rendering of the name covers more than half of it.
 */

// "(original script)", "(name in original script)", with or without its closing parenthesis
const ORIGINAL_SCRIPT_NOTE = /\(?\s*(?:name\s+in\s+)?original\s+script\s*\)?/giu;
const LATIN_LETTER = /\p{Script=Latin}/u;
const ARABIC_LETTERS = /[\p{Script=Arabic}\u064B-\u065F\u0670]+/gu;
const LATIN_LETTERS = /\p{Script=Latin}+/gu;

/**
 * One rendering of a name: "(original script)" notes removed, and of a name written in both
 * Latin and Arabic script, the Latin rendering (it carries the vowels the Arabic script leaves
 * unwritten). Other names are returned as they are.
 * @example mainRendering('Testperson Alpha (تست ألفا)') // 'Testperson Alpha ( )'
 * @example mainRendering('هيئة تست (original script)') // 'هيئة تست '
 */
export function mainRendering(name: string): string {
  const bare = name.replace(ORIGINAL_SCRIPT_NOTE, ' ');
  ARABIC_LETTERS.lastIndex = 0;
  if (!LATIN_LETTER.test(bare) || !ARABIC_LETTERS.test(bare)) return bare;
  const latin = bare.replace(ARABIC_LETTERS, ' ');
  // a stray Latin letter or two (an initial) beside an Arabic name is not a rendering of it
  const letters = latin.match(LATIN_LETTERS)?.join('').length ?? 0;
  return letters >= 3 ? latin : bare.replace(LATIN_LETTERS, ' ');
}
