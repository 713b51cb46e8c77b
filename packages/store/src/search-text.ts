/**
 * Normalises names and text for trigram and full-text search: NFKD, combining marks removed
 * (Latin diacritics, Arabic harakat and tatweel), case folded, punctuation to spaces. The names
 * package (issue 4) brings script-aware folding and romanisation on top of this.
 */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{M}\u0640]/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** many names joined into one searchable string; distinct, in first-seen order */
export function joinForSearch(values: readonly string[], maxLength = 8000): string {
  const seen = new Set<string>();
  for (const value of values) {
    const n = normaliseForSearch(value);
    if (n) seen.add(n);
  }
  const joined = [...seen].join(' | ');
  return joined.length > maxLength ? joined.slice(0, maxLength) : joined;
}
