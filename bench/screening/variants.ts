/**
 * The perturbations that turn a listed name into a benchmark query: Arabic spelling families,
 * reorderings, a dropped middle name, single-character typos. Pure functions of a name and a
 * seeded PRNG; each returns undefined when it does not apply to the name.
 */
import type { Rng } from './prng.ts';

// Latin spelling families of Arabic names, as English-language lists write them.
const FAMILIES: readonly (readonly string[])[] = [
  ['mohammed', 'muhammad', 'mohamed', 'mohammad', 'muhammed', 'mohamad'],
  ['ahmed', 'ahmad'], ['mahmoud', 'mahmud', 'mahmood'], ['hussein', 'husayn', 'hussain', 'husain', 'hossein'],
  ['hassan', 'hasan'], ['yusuf', 'youssef', 'yousef', 'yousuf'], ['omar', 'umar'], ['osama', 'usama'],
  ['ibrahim', 'ebrahim', 'ibraheem'], ['khalid', 'khaled'], ['abdullah', 'abdallah', 'abdulla'],
  ['mustafa', 'mostafa', 'moustafa'], ['hamid', 'hamed'], ['nasser', 'nasir', 'naser'], ['saeed', 'said', 'sayeed'],
  ['ali', 'aly'], ['abu', 'abou'], ['qasim', 'kassem', 'kasim', 'qassem'], ['rahman', 'rehman'], ['karim', 'kareem'],
  ['salim', 'saleem', 'selim'], ['sulayman', 'suleiman', 'sulaiman', 'soleiman'], ['yahya', 'yehia', 'yahia'],
  ['jafar', 'jaafar', "ja'far"], ['faisal', 'faysal', 'feisal'], ['hamza', 'hamzah'], ['musa', 'mousa', 'moussa'],
];
const FAMILY_OF = new Map<string, readonly string[]>(FAMILIES.flatMap((f) => f.map((s) => [s, f] as const)));
const ARTICLE = /^(al|el|ad|ar|as|ash|at|az|an)-(.{2,})$/i;
const ABD_GLUED = /^abd(?:ul|el|al|u)?-?(?:al-)?([a-z]{3,})$/i;
const ABD_SPLIT = /^abd(?:ul|el|al|u)?$/i;

const upper = (s: string) => s.toUpperCase() === s;
const likeCase = (model: string, s: string) => (upper(model) ? s.toUpperCase() : model[0] === model[0]?.toUpperCase() ? s[0]!.toUpperCase() + s.slice(1) : s);

/** One or two spelling-family substitutions (Mohammed → Muhammad, al- → el-/dropped, Abdul → Abd al-). */
export function respell(name: string, rng: Rng): string | undefined {
  const tokens = name.split(/\s+/).filter((t) => t !== '');
  const edits: (() => void)[] = [];
  tokens.forEach((t, i) => {
    const bare = t.toLowerCase().replace(/,$/, '');
    const comma = t.endsWith(',') ? ',' : '';
    const family = FAMILY_OF.get(bare);
    if (family) edits.push(() => { tokens[i] = likeCase(t, rng.pick(family.filter((f) => f !== bare))) + comma; });
    const article = ARTICLE.exec(bare);
    if (article) {
      const rest = likeCase(t, article[2]!);
      edits.push(() => { tokens[i] = rng.pick([likeCase(t, 'el-') + rest, likeCase(t, 'al ') + rest, rest]) + comma; });
    }
    const glued = ABD_GLUED.exec(bare);
    if (glued && !ABD_SPLIT.test(bare) && !FAMILY_OF.has(bare)) {
      const rest = glued[1]!;
      edits.push(() => { tokens[i] = likeCase(t, rng.pick([`abd al-${rest}`, `abdul ${rest}`, `abdel ${rest}`])) + comma; });
    }
    if (ABD_SPLIT.test(bare) && tokens[i + 1]) {
      edits.push(() => {
        const next = tokens[i + 1]!.replace(/^(al|el)-/i, '');
        tokens[i] = likeCase(t, rng.pick(['abd al-', 'abdul', 'abdel']) + (rng.next() < 0.3 ? next.toLowerCase() : ''));
        if (tokens[i]!.length > 7) tokens[i + 1] = '';
      });
    }
  });
  if (edits.length === 0) return undefined;
  const chosen = rng.sample(edits, rng.next() < 0.5 ? 1 : 2);
  for (const e of chosen) e();
  const out = tokens.filter((t) => t !== '').join(' ');
  return out === name ? undefined : out;
}

/** Tokens reversed, or the last moved to the front ("Family Given Middle"). */
export function reorder(name: string, rng: Rng): string | undefined {
  const tokens = name.replace(/,/g, '').split(/\s+/).filter((t) => t !== '');
  if (tokens.length < 2) return undefined;
  const out = rng.next() < 0.5 ? [...tokens].reverse() : [tokens.at(-1)!, ...tokens.slice(0, -1)];
  const s = out.join(' ');
  return s.toLowerCase() === tokens.join(' ').toLowerCase() ? undefined : s;
}

/** One middle name dropped (names of at least three tokens). */
export function dropMiddle(name: string, rng: Rng): string | undefined {
  const tokens = name.replace(/,/g, '').split(/\s+/).filter((t) => t !== '');
  if (tokens.length < 3) return undefined;
  const drop = 1 + rng.int(tokens.length - 2);
  return tokens.filter((_, i) => i !== drop).join(' ');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One single-character typo (insert, delete, substitute or transpose) in a Latin token of ≥ 4 letters. */
export function typo(name: string, rng: Rng): { query: string; kind: string } | undefined {
  const tokens = name.split(/\s+/).filter((t) => t !== '');
  const eligible = tokens.map((t, i) => [t, i] as const).filter(([t]) => /^[A-Za-z]{4,}$/.test(t.replace(/,$/, '')));
  if (eligible.length === 0) return undefined;
  const [token, at] = rng.pick(eligible);
  const comma = token.endsWith(',') ? ',' : '';
  const t = token.replace(/,$/, '');
  const letter = () => { const l = LETTERS[rng.int(26)]!; return upper(t) ? l.toUpperCase() : l; };
  const p = rng.int(t.length);
  const kind = rng.pick(['insert', 'delete', 'substitute', 'transpose'] as const);
  let out: string;
  if (kind === 'insert') out = t.slice(0, p) + letter() + t.slice(p);
  else if (kind === 'delete') out = t.slice(0, p) + t.slice(p + 1);
  else if (kind === 'substitute') {
    let l = letter();
    while (l.toLowerCase() === t[p]!.toLowerCase()) l = letter();
    out = t.slice(0, p) + l + t.slice(p + 1);
  } else {
    const q = Math.min(p, t.length - 2);
    if (t[q] === t[q + 1]) return undefined;
    out = t.slice(0, q) + t[q + 1] + t[q] + t.slice(q + 2);
  }
  tokens[at] = out + comma;
  return { query: tokens.join(' '), kind };
}
