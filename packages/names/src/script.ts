/**
 * Which writing system a name is in, so the matcher knows whether to romanise or
 * transliterate it before comparing keys.
 */

export type NameScript = 'latin' | 'arabic' | 'cyrillic' | 'mixed' | 'other';

/**
 * The script of the letters in `s` (digits, spaces and punctuation are ignored). 'mixed' when
 * letters of more than one script occur; 'other' when there are no letters or they are of a
 * script other than Latin, Arabic or Cyrillic.
 */
export function detectScript(s: string): NameScript {
  let latin = false;
  let arabic = false;
  let cyrillic = false;
  let other = false;
  for (const m of s.matchAll(/\p{L}/gu)) {
    const ch = m[0];
    if (/\p{Script=Latin}/u.test(ch)) latin = true;
    else if (/\p{Script=Arabic}/u.test(ch)) arabic = true;
    else if (/\p{Script=Cyrillic}/u.test(ch)) cyrillic = true;
    else other = true;
  }
  const count = Number(latin) + Number(arabic) + Number(cyrillic) + Number(other);
  if (count > 1) return 'mixed';
  if (latin) return 'latin';
  if (arabic) return 'arabic';
  if (cyrillic) return 'cyrillic';
  return 'other';
}
