/**
 * The contracts of privacy-preserving record linkage (issue 8, part 3): two parties find the
 * people they both hold without revealing anyone else. Each party encodes its records into
 * cryptographic long-term keys (CLKs: Bloom filters of keyed n-gram hashes, Schnell et al., as in
 * data61's clkhash) with a secret the two share for this one linkage; a matcher compares CLKs by
 * the Dice coefficient within blocks (records sharing a keyed blocking hash), assigns pairs one to
 * one, and reveals only the matched pairs, never the scores, to the parties.
 */

/** one field's text normalisation before tokenising */
export interface FieldFormat {
  /** `lower` (default) folds case; `none` keeps it */
  readonly case?: 'lower' | 'none';
  /** keep only these character classes: `letters`, `digits`, `alphanumeric`, or all (`any`, default) */
  readonly keep?: 'letters' | 'digits' | 'alphanumeric' | 'any';
  /** values longer than this (after normalisation) are cut (default 128) */
  readonly maxLength?: number;
}

/** how one field's tokens go into the Bloom filter */
export interface FieldHashing {
  /** `ngram`: character n-grams (`n`, padded unless `positional`); `exact`: the whole value is one token */
  readonly comparison: { readonly type: 'ngram'; readonly n: 1 | 2 | 3; readonly positional?: boolean } | { readonly type: 'exact' };
  /** `bitsPerToken`: k bits per token; `bitsPerFeature`: about this many bits for the whole field */
  readonly strategy: { readonly bitsPerToken: number } | { readonly bitsPerFeature: number };
  /** a missing (blank) value sets no bit (default) */
  readonly missingValue?: { readonly sentinel: string } | null;
}

export interface LinkageFeature {
  /** the CSV header / record field name */
  readonly identifier: string;
  /** ignored fields are read but never encoded (the record id column, for instance) */
  readonly ignored?: boolean;
  readonly format?: FieldFormat;
  readonly hashing?: FieldHashing;
}

/** a blocking key: records meet as candidates only when they share at least one key's keyed hash */
export interface BlockingKey {
  readonly name: string;
  /** the parts concatenated into the key; all must be non-blank for the record to get this key */
  readonly parts: readonly { readonly identifier: string; readonly transform: 'exact' | 'soundex' | 'first3' | 'year' | 'digits' }[];
}

/** a linkage schema, in the clkhash v3 spirit, with Ariadne's blocking section */
export interface LinkageSchema {
  readonly version: 3;
  readonly name: string;
  readonly description?: string;
  /** `l`: Bloom filter length in bits (multiple of 64, 512–4096) */
  readonly clkConfig: { readonly l: number; readonly kdf: { readonly type: 'HKDF'; readonly hash: 'SHA256'; readonly salt: string; readonly info: string } };
  readonly features: readonly LinkageFeature[];
  readonly blocking: readonly BlockingKey[];
  /** the Dice threshold at or above which a pair may match (default 0.8) */
  readonly threshold?: number;
}

/** one side's records: ids kept apart from fields so ids never reach an encoding */
export interface RecordTable {
  /** header names, the first being the id column */
  readonly columns: readonly string[];
  readonly ids: readonly string[];
  /** rows of field values in `columns` order, without the id */
  readonly rows: readonly (readonly string[])[];
}

/**
 * One side's encodings, as shared with the matcher. Each record is known only by a random token
 * (the party keeps token → id to itself), in a random order (row order can leak).
 */
export interface ClkSet {
  readonly schemaSha256: string;
  /** bits per CLK */
  readonly l: number;
  readonly tokens: readonly string[];
  /** `tokens.length × l / 32` words, record i at `[i * l/32, (i+1) * l/32)` */
  readonly clks: Uint32Array;
  /** per record, its keyed blocking hashes (hex, 16 characters) */
  readonly blocks: readonly (readonly string[])[];
}

/** a matched pair by row index into the two sides, with its Dice score (kept inside the matcher) */
export interface ScoredPair {
  readonly a: number;
  readonly b: number;
  readonly score: number;
}

export interface MatchStats {
  readonly recordsA: number;
  readonly recordsB: number;
  /** distinct candidate pairs compared */
  readonly candidatePairs: number;
  /** 1 − candidatePairs / (recordsA × recordsB) */
  readonly reductionRatio: number;
  readonly matches: number;
}
