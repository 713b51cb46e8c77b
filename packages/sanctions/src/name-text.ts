/**
 * Cleans a name taken from a sanctions list: bidirectional control characters are removed (they
 * can make a name display as something else, "Trojan Source" style), whitespace is collapsed,
 * and names that are empty or only digits/punctuation are reported rather than imported.
 */

// LRM, RLM, ALM, LRE…RLO, LRI…PDI
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

/** @example stripBidi('abc\u202Edef') // 'abcdef' */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Collapses whitespace and strips bidi controls; '' for a blank value. */
export function cleanText(text: string | undefined): string {
  return stripBidi(text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Why a cleaned name is not a name, or null when it is one. People and organisations need a
 * letter; vessels and aircraft (`allowDigits`) may be called "7-28" but need a letter or digit.
 */
export function nameProblem(name: string, allowDigits = false): string | null {
  if (name === '') return 'the name is empty';
  if (!(allowDigits ? /[\p{L}\p{N}]/u : /\p{L}/u).test(name)) return `the name ${JSON.stringify(name.slice(0, 40))} has no letters (numeric or punctuation only)`;
  return null;
}
