// Checks for identifier formats FtM marks with `format:` (BankAccount.iban, .bic). Other formats
// (lei, inn, imo, …) are accepted as plain identifiers.

/** ISO 13616 IBAN: country, two check digits, BBAN; valid when the number mod 97 is 1. */
function cleanIban(value: string): string | null {
  const iban = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return null;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1 ? iban : null;
}

/** ISO 9362 BIC: bank, country, location and an optional branch code. */
function cleanBic(value: string): string | null {
  const bic = value.replace(/\s/g, '').toUpperCase();
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic) ? bic : null;
}

/**
 * Cleans an identifier of the given FtM format; `null` when it fails the format's check.
 *
 * @example cleanIdentifier('DE89 3704 0044 0532 0130 00', 'iban') // 'DE89370400440532013000'
 */
export function cleanIdentifier(value: string, format: string | null): string | null {
  if (format === 'iban') return cleanIban(value);
  if (format === 'bic') return cleanBic(value);
  return value.replace(/\s+/g, ' ');
}
