/**
 * Tokens of a normalised value, as they go into the Bloom filter. Character n-grams are taken
 * over code points (an Arabic or emoji character is one character). For n > 1 the value is
 * padded with one space on each end, so first and last letters weigh as much as middle ones;
 * positional n-grams carry their 1-based position instead (`3:7` is a 7 in third place), which
 * suits numbers and dates where "7 in the day" and "7 in the year" must differ. Tokens carry no
 * field prefix: each field hashes with its own key, which keeps equal tokens of two fields apart.
 */

import type { FieldHashing } from './types.ts';

/** the tokens of `value` (already normalised) under a comparison; none for a blank value */
export function tokenise(value: string, comparison: FieldHashing['comparison']): string[] {
  if (value === '') return [];
  if (comparison.type === 'exact') return [value];
  return ngrams(value, comparison.n, comparison.positional === true);
}

/** character n-grams of `value`; padded with a space on both ends when n > 1 and not positional */
export function ngrams(value: string, n: number, positional: boolean): string[] {
  const chars = Array.from(!positional && n > 1 ? ` ${value} ` : value);
  const out: string[] = [];
  if (chars.length < n) {
    // shorter than one n-gram (only possible when positional): the whole value is the one token
    out.push(positional ? `1:${chars.join('')}` : chars.join(''));
    return out;
  }
  for (let i = 0; i + n <= chars.length; i++) {
    let gram = chars[i]!;
    for (let j = 1; j < n; j++) gram += chars[i + j]!;
    out.push(positional ? `${i + 1}:${gram}` : gram);
  }
  return out;
}
