/**
 * The matcher's answer and what each party makes of it, as CSV:
 * - the matched token pairs, `token_a,token_b` (what `link match` writes: random tokens only, no
 *   scores, because scores help re-identify people), one pair a row, each token at most once;
 * - a party's resolved pairs, `token_a,token_b,a_id` (or `b_id`): the same rows with the party's
 *   own record id added, so the two parties can speak of a pair by its tokens without showing
 *   each other any record they do not share.
 *
 * The pairs file may come from another party: it is parsed strictly and every refusal names the
 * line. Pure functions; the files are read and written by the commands.
 */
import { AriadneError } from '@ariadne/schema';
import type { RevealedPair } from '@ariadne/linkage';

export const TOKEN_PAIRS_HEADER = 'token_a,token_b';
const TOKEN = /^[0-9a-f]{32}$/;

/** the pairs file's text: header, then `token_a,token_b` per pair (LF) */
export function formatTokenPairs(pairs: readonly RevealedPair[]): string {
  let out = `${TOKEN_PAIRS_HEADER}\n`;
  for (const { tokenA, tokenB } of pairs) out += `${tokenA},${tokenB}\n`;
  return out;
}

function refuse(line: number, message: string): AriadneError {
  return new AriadneError('MALFORMED_INPUT', `line ${line}: ${message}`, { details: { line: String(line) } });
}

/**
 * Parses a pairs file. Refuses (MALFORMED_INPUT, naming the line) a header other than
 * `token_a,token_b`, a row that is not two tokens of 32 lower-case hex digits, and a token that
 * repeats (the matcher's pairs are one to one).
 */
export function parseTokenPairs(text: string): RevealedPair[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = lines[0]?.replace(/\r$/, '');
  if (header !== TOKEN_PAIRS_HEADER) throw refuse(1, `the pairs file must start with the header "${TOKEN_PAIRS_HEADER}" (the output of \`ariadne link match\`).`);
  const pairs: RevealedPair[] = [];
  const seenA = new Set<string>();
  const seenB = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const fields = lines[i]!.replace(/\r$/, '').split(',');
    const [tokenA, tokenB] = fields;
    if (fields.length !== 2 || tokenA === undefined || tokenB === undefined || !TOKEN.test(tokenA) || !TOKEN.test(tokenB)) {
      throw refuse(line, 'not two tokens of 32 hex digits separated by a comma.');
    }
    if (seenA.has(tokenA)) throw refuse(line, 'token_a repeats an earlier row; a record is in at most one pair.');
    if (seenB.has(tokenB)) throw refuse(line, 'token_b repeats an earlier row; a record is in at most one pair.');
    seenA.add(tokenA);
    seenB.add(tokenB);
    pairs.push({ tokenA, tokenB });
  }
  return pairs;
}

export interface ResolvedPair extends RevealedPair {
  /** the party's own record id of its side's token */
  readonly id: string;
}

/**
 * Maps each pair's token of `side` back to the party's record id. A token missing from the map
 * means the map is the other side's or another run's: refused (VALIDATION_FAILED, with the line).
 */
export function resolveTokenPairs(pairs: readonly RevealedPair[], tokenToId: ReadonlyMap<string, string>, side: 'a' | 'b'): ResolvedPair[] {
  return pairs.map((pair, k) => {
    const id = tokenToId.get(side === 'a' ? pair.tokenA : pair.tokenB);
    if (id === undefined) {
      throw new AriadneError('VALIDATION_FAILED', `line ${k + 2}: token_${side} is not in this token map; is it side ${side === 'a' ? 'b' : 'a'}'s map, or another linkage's?`, {
        details: { line: String(k + 2) },
      });
    }
    return { ...pair, id };
  });
}

/** RFC 4180 quoting, and for leading or trailing spaces (which a reader may trim): ids round-trip exactly */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** a party's resolved pairs: `token_a,token_b,a_id` (or `b_id`), one row per pair (LF) */
export function formatResolvedPairs(pairs: readonly ResolvedPair[], side: 'a' | 'b'): string {
  let out = `${TOKEN_PAIRS_HEADER},${side}_id\n`;
  for (const { tokenA, tokenB, id } of pairs) out += `${tokenA},${tokenB},${csvField(id)}\n`;
  return out;
}
