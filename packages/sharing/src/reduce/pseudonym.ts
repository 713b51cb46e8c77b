/**
 * Keyed pseudonyms for what leaves under an agreement (issue 8): one key per partner, derived by
 * HKDF from this instance's pseudonym secret, so the same victim or identifier carries the same
 * pseudonym in every package to one partner (they can follow it across packages) and a different
 * one at every other partner (two partners cannot join their copies). Without the secret nobody
 * can reverse or recompute a pseudonym, even for a guessed name or passport number.
 *
 * Pseudonyms of property values are keyed by the property too, so an ID number and a phone number
 * that happen to be equal do not link. A few FtM types validate their values' shape (e-mail,
 * phone, IBAN): `typedPseudonym` wraps a pseudonym in a form that passes the type's check yet can
 * never be a real address, number or account, so the recipient's strict import accepts it.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';

/** HKDF `info`: the purpose and version of the derived key */
export const PSEUDONYM_KEY_INFO = 'ariadne-share-pseudonym/1';
/** the shortest pseudonym secret accepted (LocalIdentity.pseudonymSecret is ≥ 32 random bytes) */
export const MIN_PSEUDONYM_SECRET_BYTES = 32;

export const PSEUDONYM_ID_PATTERN = /^psn-[0-9a-f]{32}$/;
export const PSEUDONYM_VALUE_PATTERN = /^psv-[0-9a-f]{32}$/;

/** a per-partner pseudonym key; opaque, never logged */
export type PseudonymKey = Uint8Array;

/**
 * The pseudonym key for one partner: HKDF-SHA256(secret, salt = partner id, info =
 * `ariadne-share-pseudonym/1`), 32 bytes.
 *
 * @example const key = partnerPseudonymKey(identity.pseudonymSecret, partner.id);
 */
export function partnerPseudonymKey(secret: Uint8Array, partnerId: string): PseudonymKey {
  if (secret.byteLength < MIN_PSEUDONYM_SECRET_BYTES) {
    throw new AriadneError('VALIDATION_FAILED', 'The pseudonym secret is too short.', {
      details: { pseudonymSecret: `at least ${MIN_PSEUDONYM_SECRET_BYTES} bytes` },
    });
  }
  if (partnerId === '') {
    throw new AriadneError('VALIDATION_FAILED', 'A pseudonym key needs a partner id.', { details: { partnerId: 'empty' } });
  }
  return new Uint8Array(hkdfSync('sha256', secret, Buffer.from(partnerId, 'utf8'), PSEUDONYM_KEY_INFO, 32));
}

// HMAC-SHA256 truncated to 128 bits: collisions stay out of reach for any realistic case size.
function mac128(key: PseudonymKey, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex').slice(0, 32);
}

/**
 * The id a victim's record travels under: `psn-` + 32 hex.
 *
 * @example pseudonymId(key, 'vp-1') // 'psn-3f…' (the same for every package to this partner)
 */
export function pseudonymId(key: PseudonymKey, id: string): string {
  return `psn-${mac128(key, `id\u0000${id}`)}`;
}

// Equal values written differently (case, spacing, Unicode form) should still link.
function normaliseValue(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A property value's pseudonym: `psv-` + 32 hex, keyed by the property (pass its qualified
 * name, e.g. `LegalEntity:idNumber`, so the same property links across schemata).
 *
 * @example pseudonymValue(key, 'LegalEntity:idNumber', 'X-0000-SYNTH') // 'psv-…'
 */
export function pseudonymValue(key: PseudonymKey, prop: string, value: string): string {
  return `psv-${mac128(key, `value\u0000${prop}\u0000${normaliseValue(value)}`)}`;
}

/** e-mail pseudonyms live under a reserved top-level domain (RFC 2606): never deliverable */
const EMAIL_DOMAIN = 'pseudonym.invalid';
// E.164 has no country code 0: "+0…" passes FtM's phone check but can never ring anyone.
const PHONE_PREFIX = '+0';
const PHONE_DIGITS = 14;
// "XX" is a user-assigned ISO 3166 code: no bank account anywhere carries it.
const IBAN_COUNTRY = 'XX';

function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`;
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

/** the types and identifier formats whose values can carry a pseudonym (see `typedPseudonym`) */
export const PSEUDONYMISABLE_TYPES: ReadonlySet<string> = new Set(['name', 'string', 'identifier', 'phone', 'email']);
/** identifier formats too short to carry a pseudonym; a BIC names a bank, not a person */
export const UNPSEUDONYMISABLE_FORMATS: ReadonlySet<string> = new Set(['bic']);

/**
 * A `psv-` pseudonym in the shape its property's type accepts: unchanged for names, strings and
 * plain identifiers; `psv-…@pseudonym.invalid` for e-mail; `+0` and 14 digits for phones (about
 * 46 bits; E.164 has no country code 0); an IBAN in the user-assigned country `XX` for IBANs.
 *
 * @example typedPseudonym('psv-00ff…', 'email', null) // 'psv-00ff…@pseudonym.invalid'
 */
export function typedPseudonym(pseudonym: string, type: string, format: string | null): string {
  const hex = pseudonym.slice(4);
  if (type === 'email') return `${pseudonym}@${EMAIL_DOMAIN}`;
  if (type === 'phone') return PHONE_PREFIX + (BigInt(`0x${hex}`) % 10n ** BigInt(PHONE_DIGITS)).toString().padStart(PHONE_DIGITS, '0');
  if (type === 'identifier' && format === 'iban') {
    const bban = `PSV${BigInt(`0x${hex}`).toString(36).toUpperCase().padStart(25, '0')}`;
    return `${IBAN_COUNTRY}${ibanCheckDigits(IBAN_COUNTRY, bban)}${bban}`;
  }
  return pseudonym;
}

/**
 * Tells whether a received value has the shape of a pseudonym for its type (what
 * `typedPseudonym` produces); the recipient cannot recompute it, only recognise it.
 */
export function looksPseudonymised(value: string, type: string, format: string | null): boolean {
  if (type === 'email') return value.endsWith(`@${EMAIL_DOMAIN}`) && PSEUDONYM_VALUE_PATTERN.test(value.slice(0, -EMAIL_DOMAIN.length - 1));
  if (type === 'phone') return new RegExp(`^\\+0\\d{${PHONE_DIGITS}}$`).test(value);
  if (type === 'identifier' && format === 'iban') return /^XX\d{2}PSV[0-9A-Z]{25}$/.test(value);
  return PSEUDONYM_VALUE_PATTERN.test(value);
}
