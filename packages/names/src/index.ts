/**
 * @module @ariadne/names
 * Name handling for sanctions screening, pure functions only: Unicode normalisation, script
 * detection, Arabic orthographic folding and romanisation, Cyrillic transliteration,
 * tokenisation with particles and honorifics, spelling and phonetic keys, rarity weights.
 *
 * @example
 * ```ts
 * import { nameKeys } from '@ariadne/names';
 * nameKeys('صدام حسين التكريتي'); // shares its keys with nameKeys('SADDAM HUSSEIN AL-TIKRITI')
 * ```
 */
export { normaliseName } from './normalise.ts';
export { detectScript, type NameScript } from './script.ts';
export { foldArabic, hasPersianReading, romaniseArabic, type ArabicReading } from './arabic.ts';
export { mainRendering } from './renderings.ts';
export { transliterateCyrillic } from './cyrillic.ts';
export { ARTICLES, asciiSpellingKey, phoneticKey, phoneticOfSpellingKey, spellingForm, spellingKey, spellingTypoKeys, SPELLING_TYPO_LETTERS, typoKeys } from './keys.ts';
export { HONORIFICS, nameKeys, nameTokens, oneSlip, type NameToken, type NameTokenRole } from './tokens.ts';
export { TokenWeights } from './weights.ts';
export { jaroWinkler } from './jaro-winkler.ts';
export { ORGANISATION_WORDS, organisationWordSpellings, withOrganisationWords } from './organisation-words.ts';
