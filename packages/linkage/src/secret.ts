/**
 * The linkage secret and the keys derived from it. The two parties share one secret for one
 * linkage (never reused: clkhash #49); whoever lacks it cannot test a guessed name against a CLK.
 * Each encoded feature hashes with its own key, HKDF-SHA256(secret, schema salt,
 * `info:identifier`), so equal tokens of two fields set unrelated bits, and blocking hashes use a
 * key of their own (`info:blocking`), so a blocking hash says nothing about CLK bits.
 */

import { hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { AriadneError } from '@ariadne/schema';
import type { LinkageSchema } from './types.ts';
import { encodedFeatures } from './linkage-schema.ts';

/** 128 bits: below this a secret could be searched */
export const MIN_SECRET_BYTES = 16;
const RANDOM_SECRET_BYTES = 32;
const DERIVED_KEY_BYTES = 32;

/**
 * A checked linkage secret. It hides its bytes from `console.log`, `JSON.stringify` and string
 * conversion, so a secret that strays into a log line shows as `[linkage secret]`.
 */
export class LinkageSecret {
  readonly #bytes: Buffer;

  constructor(bytes: Uint8Array) {
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new AriadneError(
        'VALIDATION_FAILED',
        `The linkage secret is too short: it needs at least ${MIN_SECRET_BYTES} bytes (${MIN_SECRET_BYTES * 8} bits), it has ${bytes.length}.`,
        { details: { secret: `at least ${MIN_SECRET_BYTES} bytes` } },
      );
    }
    this.#bytes = Buffer.from(bytes);
  }

  /** a copy of the secret's bytes */
  bytes(): Buffer {
    return Buffer.from(this.#bytes);
  }

  /** the secret as hex, for the one place that must show it (handing it to the other party) */
  toHex(): string {
    return this.#bytes.toString('hex');
  }

  toString(): string {
    return '[linkage secret]';
  }

  toJSON(): string {
    return '[linkage secret]';
  }

  [inspect.custom](): string {
    return '[linkage secret]';
  }
}

/** Checks a secret given as bytes or as hex (at least 32 hex digits); throws `VALIDATION_FAILED` otherwise. */
export function linkageSecret(secret: Uint8Array | string): LinkageSecret {
  if (typeof secret === 'string') {
    const hex = secret.trim();
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
      throw new AriadneError('VALIDATION_FAILED', 'The linkage secret must be hexadecimal (an even number of 0–9, a–f).', {
        details: { secret: 'not hexadecimal' },
      });
    }
    return new LinkageSecret(Buffer.from(hex, 'hex'));
  }
  return new LinkageSecret(secret);
}

/** a fresh 256-bit secret from the operating system's CSPRNG */
export function randomLinkageSecret(): LinkageSecret {
  return new LinkageSecret(randomBytes(RANDOM_SECRET_BYTES));
}

export interface FieldKeys {
  /** per encoded feature identifier, its 32-byte HMAC key */
  readonly features: ReadonlyMap<string, Buffer>;
  /** the 32-byte key of the blocking hashes */
  readonly blocking: Buffer;
}

function derive(secret: LinkageSecret, salt: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret.bytes(), Buffer.from(salt, 'utf8'), Buffer.from(info, 'utf8'), DERIVED_KEY_BYTES));
}

/**
 * The per-feature keys, HKDF-SHA256 with the schema's salt (its UTF-8 bytes) and info
 * `<kdf.info>:<identifier>`, and the blocking key with info `<kdf.info>:blocking`.
 */
export function fieldKeys(secret: LinkageSecret, schema: LinkageSchema): FieldKeys {
  const { salt, info } = schema.clkConfig.kdf;
  const features = new Map<string, Buffer>();
  for (const f of encodedFeatures(schema)) features.set(f.identifier, derive(secret, salt, `${info}:${f.identifier}`));
  return { features, blocking: derive(secret, salt, `${info}:blocking`) };
}
