/**
 * The linkage schema: its validation, its fingerprint and the features it encodes.
 *
 * Both parties must encode with the same schema, so the schema is checked strictly (unknown keys
 * refused, no defaults filled in: what is hashed is exactly what was written) and identified by
 * the SHA-256 of its canonical JSON, which travels in every CLK file. The checks beyond shape
 * carry the safety rules of the research note (target L6): an encoding of fewer than three fields
 * is refused, because a Bloom filter of a single field falls to a frequency attack.
 */

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import type { LinkageFeature, LinkageSchema } from './types.ts';

export const MIN_ENCODED_FEATURES = 3;
export const MIN_CLK_BITS = 512;
export const MAX_CLK_BITS = 4096;
export const MAX_BITS_PER_TOKEN = 100;
export const DEFAULT_THRESHOLD = 0.8;
export const DEFAULT_MAX_LENGTH = 128;
const MAX_MAX_LENGTH = 1024;
const RESERVED_IDENTIFIER = 'blocking';

// Identifiers are CSV headers: printable, short, no control characters.
const identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'must not contain control or format characters');

const positiveInt = z.number().int('must be an integer');

const fieldFormat = z.strictObject({
  case: z.enum(['lower', 'none']).optional(),
  keep: z.enum(['letters', 'digits', 'alphanumeric', 'any']).optional(),
  maxLength: positiveInt.min(1).max(MAX_MAX_LENGTH).optional(),
});

const comparison = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ngram'), n: z.union([z.literal(1), z.literal(2), z.literal(3)]), positional: z.boolean().optional() }),
  z.strictObject({ type: z.literal('exact') }),
]);

const strategy = z.union([
  z.strictObject({ bitsPerToken: positiveInt.min(1, 'must be 1–100').max(MAX_BITS_PER_TOKEN, 'must be 1–100') }),
  // the upper bound (l) is checked below, where l is known
  z.strictObject({ bitsPerFeature: positiveInt.min(1, 'must be at least 1') }),
]);

const fieldHashing = z.strictObject({
  comparison,
  strategy,
  missingValue: z.strictObject({ sentinel: z.string().max(128) }).nullable().optional(),
});

const feature = z.strictObject({
  identifier,
  ignored: z.boolean().optional(),
  format: fieldFormat.optional(),
  hashing: fieldHashing.optional(),
});

const blockingKey = z.strictObject({
  name: identifier,
  parts: z
    .array(z.strictObject({ identifier, transform: z.enum(['exact', 'soundex', 'first3', 'year', 'digits']) }))
    .min(1, 'a blocking key needs at least one part')
    .max(8),
});

const linkageSchema = z.strictObject({
  version: z.literal(3),
  name: z.string().min(1, 'must not be empty').max(200),
  description: z.string().max(10_000).optional(),
  clkConfig: z.strictObject({
    l: positiveInt
      .min(MIN_CLK_BITS, `must be ${MIN_CLK_BITS}–${MAX_CLK_BITS}`)
      .max(MAX_CLK_BITS, `must be ${MIN_CLK_BITS}–${MAX_CLK_BITS}`)
      .multipleOf(64, 'must be a multiple of 64'),
    kdf: z.strictObject({
      type: z.literal('HKDF'),
      hash: z.literal('SHA256'),
      salt: z.string().min(1, 'must not be empty').max(1024),
      info: z.string().max(1024),
    }),
  }),
  features: z.array(feature).min(1).max(200),
  blocking: z.array(blockingKey).max(32),
  threshold: z.number().gt(0, 'must be in (0, 1]').lte(1, 'must be in (0, 1]').optional(),
});

function refuse(path: string, message: string): never {
  throw new AriadneError('VALIDATION_FAILED', `The linkage schema is not valid: ${path}: ${message}`, { details: { [path]: message } });
}

/**
 * Checks a parsed JSON value as a linkage schema and returns it typed. Throws
 * `VALIDATION_FAILED` whose details name each bad path (`features.2.hashing.strategy`…).
 */
export function parseLinkageSchema(json: unknown): LinkageSchema {
  const parsed = linkageSchema.safeParse(json);
  if (!parsed.success) {
    const details: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 20)) details[issue.path.join('.') || '(root)'] = issue.message;
    const list = Object.entries(details).map(([path, message]) => `${path}: ${message}`).join('; ');
    throw new AriadneError('VALIDATION_FAILED', `The linkage schema is not valid: ${list}`, { details });
  }
  const schema = parsed.data as LinkageSchema;
  checkRules(schema);
  return schema;
}

function checkRules(schema: LinkageSchema): void {
  const { l } = schema.clkConfig;
  const seen = new Set<string>();
  schema.features.forEach((f, i) => {
    if (seen.has(f.identifier)) refuse(`features.${i}.identifier`, `duplicate identifier "${f.identifier}"`);
    seen.add(f.identifier);
    // the blocking key is derived with info `<info>:blocking`: a field of that name would share it
    if (f.identifier === RESERVED_IDENTIFIER && !f.ignored) refuse(`features.${i}.identifier`, `"${RESERVED_IDENTIFIER}" is reserved for the blocking key`);
    const s = f.hashing?.strategy;
    if (s && 'bitsPerFeature' in s && s.bitsPerFeature > l) refuse(`features.${i}.hashing.strategy.bitsPerFeature`, `must be at most l (${l})`);
  });
  const encoded = encodedFeatures(schema).length;
  if (encoded < MIN_ENCODED_FEATURES) {
    refuse(
      'features',
      `an encoding of fewer than ${MIN_ENCODED_FEATURES} fields is refused: single fields are open to frequency attacks (this schema encodes ${encoded})`,
    );
  }
  const names = new Set<string>();
  schema.blocking.forEach((key, i) => {
    if (names.has(key.name)) refuse(`blocking.${i}.name`, `duplicate blocking key name "${key.name}"`);
    names.add(key.name);
    key.parts.forEach((part, j) => {
      if (!seen.has(part.identifier)) refuse(`blocking.${i}.parts.${j}.identifier`, `names no feature of the schema ("${part.identifier}")`);
    });
  });
}

/** the features that go into the CLK: not ignored, with a hashing section, in schema order */
export function encodedFeatures(schema: LinkageSchema): LinkageFeature[] {
  return schema.features.filter((f) => !f.ignored && f.hashing !== undefined);
}

/** the schema's Dice threshold (0.8 unless it says otherwise) */
export function schemaThreshold(schema: LinkageSchema): number {
  return schema.threshold ?? DEFAULT_THRESHOLD;
}

/** JSON with object keys sorted at every level and no whitespace: one text per schema */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** SHA-256 (hex) of the schema's canonical JSON: the two parties' schemas agree iff these agree */
export function schemaSha256(schema: LinkageSchema): string {
  return createHash('sha256').update(canonicalJson(schema), 'utf8').digest('hex');
}
