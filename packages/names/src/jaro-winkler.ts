/**
 * Jaro-Winkler similarity, the one copy the repository has: the equivalence miner judges
 * spellings with it, and `@ariadne/sanctions` aligns name tokens with it (and re-exports it).
 */

// Scratch buffers reused by every call (a call never yields, so one pair per isolate is enough;
// allocating two arrays per call dominated the matcher's token alignment).
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity of two strings, 0..1 (1 for equal non-empty strings, 0 when either is
 * empty). Prefix bonus 0.1 per shared leading character, at most 4.
 * @example jaroWinkler('zawahiri', 'zawahri') // ≈ 0.97
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  const al = a.length;
  const bl = b.length;
  if (al === 0 || bl === 0) return 0;
  if (flagsA.length < al) flagsA = new Uint8Array(al * 2);
  if (flagsB.length < bl) flagsB = new Uint8Array(bl * 2);
  const aHit = flagsA;
  const bHit = flagsB;
  aHit.fill(0, 0, al);
  bHit.fill(0, 0, bl);
  const window = Math.max(0, Math.floor(Math.max(al, bl) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < al; i++) {
    const hi = Math.min(bl - 1, i + window);
    const ch = a.charCodeAt(i);
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (bHit[j] || ch !== b.charCodeAt(j)) continue;
      aHit[i] = 1;
      bHit[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < al; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / al + matches / bl + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < al && prefix < bl && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
