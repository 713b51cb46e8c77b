/**
 * Turning one line of mixed-script text into what a PDF draws left to right: runs of one font
 * and one direction, in visual order (Unicode Bidirectional Algorithm, UAX #9, via bidi-js).
 *
 * Shaping (Arabic initial/medial/final forms, ligatures) is fontkit's, inside pdfkit, and needs a
 * word in logical order: fontkit shapes an Arabic word and then reverses its glyphs itself. But
 * pdfkit lays a string out word by word and keeps the words in logical order, so an RTL run with
 * right-to-left letters is handed over one word at a time, words in visual order, each word in
 * logical order. An RTL run without such letters (brackets or spaces between Arabic words) is
 * reversed here, with its brackets mirrored.
 */
import bidiFactory from 'bidi-js';
import { subsetFor, type FontFace, type FontSubset } from './fonts.ts';

const bidi = bidiFactory();

export interface TextRun {
  readonly text: string;
  readonly subset: FontSubset;
  /** drawn right to left */
  readonly rtl: boolean;
}

/** one paragraph (no newline) analysed once, laid out line by line */
export interface AnalysedText {
  readonly text: string;
  /** the font subset of each UTF-16 code unit */
  readonly subsets: readonly FontSubset[];
  /** bidi levels, null when the text has nothing right to left */
  readonly levels: ReturnType<typeof bidi.getEmbeddingLevels> | null;
  /** the paragraph's base direction is right to left (its first strong character is) */
  readonly rtl: boolean;
}

const RTL_CHARS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

/**
 * Picks a font subset for each character and resolves bidi levels.
 *
 * @example analyseText('Testperson عبد', faces).subsets // latin for the first 11 units, arabic after
 */
export function analyseText(text: string, faces: readonly FontFace[]): AnalysedText {
  const subsets: FontSubset[] = new Array(text.length);
  let previous: FontSubset | null = null;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const wide = cp > 0xffff;
    // a space keeps the font of what it follows, so "عبد الاختبار" stays one shaped run
    const subset: FontSubset = cp === 0x20 && previous ? previous : (subsetFor(cp, faces) ?? previous ?? 'latin');
    subsets[i] = subset;
    if (wide) subsets[++i] = subset;
    previous = subset;
  }
  if (!RTL_CHARS.test(text)) return { text, subsets, levels: null, rtl: false };
  const levels = bidi.getEmbeddingLevels(text, 'auto');
  return { text, subsets, levels, rtl: ((levels.paragraphs[0]?.level ?? 0) & 1) === 1 };
}

function mirrored(s: string): string {
  return [...s].reverse().map((ch) => bidi.getMirroredCharacter(ch) ?? ch).join('');
}

/**
 * The runs of `a.text.slice(start, end)` in visual order (left to right on the page).
 *
 * @example visualRuns(analyseText('Name: عبد الاختبار', faces), 0, 18) // [{ 'Name: ', latin }, { 'عبد الاختبار', arabic, rtl }]
 */
export function visualRuns(a: AnalysedText, start: number, end: number): TextRun[] {
  if (end <= start) return [];
  const runs: TextRun[] = [];
  if (!a.levels) {
    let from = start;
    for (let i = start + 1; i <= end; i++) {
      if (i === end || a.subsets[i] !== a.subsets[from]) {
        runs.push({ text: a.text.slice(from, i), subset: a.subsets[from]!, rtl: false });
        from = i;
      }
    }
    return runs;
  }
  const levels = a.levels.levels;
  const order = bidi.getReorderedIndices(a.text, a.levels, start, end - 1);
  let group: number[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const odd = (levels[first]! & 1) === 1;
    const lo = Math.min(first, group[group.length - 1]!);
    const hi = Math.max(first, group[group.length - 1]!);
    const logical = a.text.slice(lo, hi + 1);
    const subset = a.subsets[first]!;
    if (!odd) runs.push({ text: logical, subset, rtl: false });
    else if (!RTL_LETTER.test(logical)) runs.push({ text: mirrored(logical), subset, rtl: true });
    else {
      // pdfkit lays a string out word by word, in logical order: hand it one word at a time, last word first
      for (const word of logical.split(/(\s+)/).filter(Boolean).reverse()) runs.push({ text: word, subset, rtl: true });
    }
    group = [];
  };
  for (const idx of order) {
    const last = group[group.length - 1];
    if (last !== undefined) {
      const odd = (levels[last]! & 1) === 1;
      const contiguous = odd ? idx === last - 1 : idx === last + 1;
      const sameParity = ((levels[idx]! ^ levels[last]!) & 1) === 0;
      if (!contiguous || !sameParity || a.subsets[idx] !== a.subsets[last]) flush();
    }
    group.push(idx);
  }
  flush();
  return runs;
}
