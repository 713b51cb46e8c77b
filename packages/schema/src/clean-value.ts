import { cleanDate } from './clean-date.ts';
import { cleanIdentifier } from './clean-identifier.ts';
import { isEntityId } from './entity-data.ts';
import type { LocalizedText } from './locale.ts';

/** What a property asks of its values: its FtM type, limits and allowed codes. */
export interface ValueRule {
  readonly type: string;
  readonly maxLength: number;
  /** FtM identifier format (`iban`, `bic`, …) or null */
  readonly format: string | null;
  /** the type's closed vocabulary (country, gender, language, topic), or null */
  readonly typeValues: ReadonlyMap<string, string> | null;
  /** the property's own enumeration (`values:` in the schema YAML), or null */
  readonly enumeration: ReadonlyMap<string, LocalizedText> | null;
}

/** `value: ''` means the value was blank and is dropped without complaint. */
export type CleanedValue = { readonly value: string } | { readonly error: string };

// C0 controls except tab/newline/carriage return, DEL and C1 controls; lone UTF-16 surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MULTILINE_TYPES = new Set(['text', 'html', 'json']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^[-+]?(?:\d|\d[\d,.' ]*\d)(?:[eE][-+]?\d+)?$/;
const PHONE = /^\+?\d{5,15}$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const MIMETYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

function sanitize(value: string, type: string): string {
  let text = value.replace(LONE_SURROGATE, '').replace(CONTROL, '');
  if (!MULTILINE_TYPES.has(type)) text = text.replace(/\s+/g, ' ');
  return text.trim();
}

function cleanUrl(value: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    return ['http:', 'https:', 'ftp:'].includes(url.protocol) && url.hostname !== '' ? url.href : null;
  } catch {
    return null;
  }
}

function cleanIp(value: string): string | null {
  if (IPV4.test(value)) return value;
  if (!value.includes(':')) return null;
  try {
    return new URL(`http://[${value}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

function cleanPhone(value: string): string | null {
  const compact = value.replace(/[\s().\-/]/g, '').replace(/^00/, '+');
  return PHONE.test(compact) ? compact : null;
}

function cleanEmail(value: string): string | null {
  if (!EMAIL.test(value)) return null;
  const at = value.lastIndexOf('@');
  return value.slice(0, at) + value.slice(at).toLowerCase();
}

function cleanJson(value: string): string | null {
  try {
    JSON.parse(value);
    return value;
  } catch {
    return null;
  }
}

function cleanByType(value: string, rule: ValueRule): string | null {
  if (rule.typeValues) {
    const code = value.toLowerCase();
    return rule.typeValues.has(code) ? code : null;
  }
  switch (rule.type) {
    case 'date':
      return cleanDate(value);
    case 'email':
      return cleanEmail(value);
    case 'url':
      return cleanUrl(value);
    case 'phone':
      return cleanPhone(value);
    case 'identifier':
      return cleanIdentifier(value, rule.format);
    case 'checksum':
      return /^[0-9a-f]{40}$/i.test(value) ? value.toLowerCase() : null;
    case 'number':
      return NUMBER.test(value) ? value : null;
    case 'entity':
      return isEntityId(value) ? value : null;
    case 'ip':
      return cleanIp(value);
    case 'mimetype':
      return MIMETYPE.test(value.toLowerCase()) ? value.toLowerCase() : null;
    case 'json':
      return cleanJson(value);
    default:
      return value; // name, string, text, html, address: sanitizing is all
  }
}

function matchEnumeration(value: string, enumeration: ReadonlyMap<string, LocalizedText>): string | null {
  if (enumeration.has(value)) return value;
  const lower = value.toLowerCase();
  for (const code of enumeration.keys()) if (code.toLowerCase() === lower) return code;
  return null;
}

/**
 * Cleans one property value per its FtM type (and enumeration, if any). Never throws.
 *
 * @example cleanValue('DE', { type: 'country', maxLength: 16, format: null, typeValues, enumeration: null })
 * // { value: 'de' }
 */
export function cleanValue(raw: unknown, rule: ValueRule): CleanedValue {
  if (typeof raw !== 'string') {
    return { error: `expected a string, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}` };
  }
  const text = sanitize(raw, rule.type);
  if (text === '') return { value: '' };
  if (text.length > rule.maxLength) return { error: `longer than ${rule.maxLength} characters` };
  const cleaned = cleanByType(text, rule);
  if (cleaned === null) return { error: `not a valid ${rule.type}${rule.format ? ` (${rule.format})` : ''}: ${preview(text)}` };
  if (rule.enumeration) {
    const code = matchEnumeration(cleaned, rule.enumeration);
    if (code === null) return { error: `not one of ${[...rule.enumeration.keys()].join(', ')}: ${preview(text)}` };
    return { value: code };
  }
  return { value: cleaned };
}

function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
