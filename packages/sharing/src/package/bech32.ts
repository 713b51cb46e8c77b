/**
 * Bech32 (BIP-173), the text encoding of age keys: `age1…` recipients and `AGE-SECRET-KEY-1…`
 * identities. An encoding with a checksum, not cryptography: we need it to check a pasted
 * recipient for typos and to derive an identity's recipient synchronously (`node:crypto` does the
 * X25519 part). Checked against `age-encryption`'s own encoder in the tests.
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}

/** regroups bits; from 8 to 5 pads the tail, from 5 to 8 refuses leftover non-zero bits */
function convertBits(data: readonly number[], from: number, to: number, pad: boolean): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & max);
    }
    acc &= (1 << bits) - 1;
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & max);
  } else if (bits >= from || ((acc << (to - bits)) & max) !== 0) {
    return null;
  }
  return out;
}

/** encodes bytes under a (lower-case) human-readable part */
export function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const lowerHrp = hrp.toLowerCase();
  const data = convertBits([...bytes], 8, 5, true)!;
  const mod = polymod([...hrpExpand(lowerHrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >> (5 * (5 - i))) & 31);
  return `${lowerHrp}1${[...data, ...checksum].map((d) => CHARSET[d]).join('')}`;
}

/** decodes `text` (all lower or all upper case); null when the checksum or shape is wrong */
export function bech32Decode(text: string): { hrp: string; bytes: Uint8Array } | null {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return null;
  const lower = text.toLowerCase();
  const cut = lower.lastIndexOf('1');
  if (cut < 1 || lower.length - cut - 1 < 6) return null;
  const hrp = lower.slice(0, cut);
  if ([...hrp].some((c) => c.charCodeAt(0) < 33 || c.charCodeAt(0) > 126)) return null;
  const data: number[] = [];
  for (const c of lower.slice(cut + 1)) {
    const value = CHARSET.indexOf(c);
    if (value < 0) return null;
    data.push(value);
  }
  if (polymod([...hrpExpand(hrp), ...data]) !== 1) return null;
  const bytes = convertBits(data.slice(0, -6), 5, 8, false);
  return bytes ? { hrp, bytes: Uint8Array.from(bytes) } : null;
}
