/**
 * Victims' data protection in reports (resolution 2331 para 6). A side flagged `victim` is
 * pseudonymised before anything is written: the holder's name becomes a stable keyed pseudonym
 * (`Protected person KQXBTR`), birth date, identity numbers, contacts and addresses are dropped,
 * the account number becomes `PROTECTED-KQXBTR`, and the side is no longer written as the
 * institution's own client (those goAML types demand the very data removed). The victim's full
 * name and identifiers are also replaced wherever they occur in the report's free text (grounds,
 * action, descriptions, references, alert explanations).
 *
 * The pseudonym is an HMAC-SHA256 of the person's stable identity under a key the institution
 * keeps: the same person gets the same pseudonym in every report made with that key (the FIU can
 * link them), nobody without the key can reverse it, and the institution can re-identify on a
 * lawful request. A report whose purpose needs the identities sets `includeVictims` and states
 * `victimPurpose`; nothing is pseudonymised then.
 */
import { createHmac } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { GoamlAccount, GoamlEntity, GoamlHolder, GoamlPerson, GoamlReportInput, GoamlSide, GoamlTransaction } from './report-input.ts';
import { cleanLine, transliterateToAscii } from './text.ts';

export const MIN_PSEUDONYM_KEY_BYTES = 16;
/** Consonants only: a tag never spells a word, and it fits goAML 2.0's letters-only last-name pattern. */
const TAG_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const TAG_LENGTH = 6;
const DOMAIN = 'ariadne/goaml/victim-pseudonym/v1\n';
export const PROTECTED_PERSON = 'Protected person';
export const PROTECTED_ENTITY = 'Protected entity';
const PROTECTED_ACCOUNT_PREFIX = 'PROTECTED-';
/** a stated purpose shorter than this is not a statement */
const MIN_PURPOSE_CHARS = 10;

export type PseudonymKey = string | Uint8Array;

export interface ProtectedReport {
  readonly input: GoamlReportInput;
  /** distinct victims pseudonymised */
  readonly pseudonymised: number;
  /** victims appear in full because the report states a purpose that needs them */
  readonly disclosed: boolean;
}

function keyBytes(key: PseudonymKey): Uint8Array {
  return typeof key === 'string' ? new TextEncoder().encode(key) : key;
}

/** The pseudonym tag (six consonants) of a stable identity under `key`. */
export function pseudonymTag(identity: string, key: PseudonymKey): string {
  const digest = createHmac('sha256', keyBytes(key)).update(DOMAIN).update(identity).digest();
  let n = digest.readBigUInt64BE(0);
  let tag = '';
  for (let i = 0; i < TAG_LENGTH; i++) {
    tag += TAG_ALPHABET[Number(n % BigInt(TAG_ALPHABET.length))];
    n /= BigInt(TAG_ALPHABET.length);
  }
  return tag;
}

function normalised(text: string): string {
  return transliterateToAscii(cleanLine(text)).text.toLowerCase();
}

/**
 * The keys a side's holder is known by, strongest first: the caller's stable id, the stated
 * identity (name and birth date, or name and registration), the name alone, the account. The
 * first keys a victim's pseudonym; any of them marks another side as the same victim.
 */
function identityKeys(side: GoamlSide): string[] {
  const keys: string[] = [];
  const holder = side.holder;
  if (holder.kind !== 'unknown' && holder.id !== undefined && holder.id.trim() !== '') keys.push(`id:${holder.id.trim()}`);
  if (holder.kind === 'person') {
    const name = normalised(`${holder.firstName} ${holder.lastName}`);
    keys.push(`person:${name}|${holder.birthDate ?? ''}`, `person-name:${name}`);
  } else if (holder.kind === 'entity') {
    const name = normalised(holder.name);
    keys.push(`entity:${name}|${holder.incorporationNumber ?? ''}`, `entity-name:${name}`);
  }
  if (side.account !== undefined) keys.push(`account:${cleanLine(side.account.number)}`);
  return keys;
}

/** Display name of a holder, as the summary and the account name show it. */
export function holderName(holder: GoamlHolder): string | undefined {
  if (holder.kind === 'person') return cleanLine([holder.firstName, holder.middleName, holder.lastName].filter(Boolean).join(' '));
  if (holder.kind === 'entity') return cleanLine(holder.name);
  return undefined;
}

/** The strings that identify a victim and must not survive in free text: names and numbers, and account references. */
function identifiers(side: GoamlSide): { personal: string[]; accounts: string[] } {
  const personal: string[] = [];
  const holder = side.holder;
  if (holder.kind === 'person') {
    const first = cleanLine(holder.firstName);
    const last = cleanLine(holder.lastName);
    const middle = holder.middleName === undefined ? '' : cleanLine(holder.middleName);
    personal.push(`${first} ${last}`, `${last} ${first}`, `${last}, ${first}`);
    if (middle !== '') personal.push(`${first} ${middle} ${last}`);
    if (holder.idNumber !== undefined) personal.push(holder.idNumber);
    for (const id of holder.identifications ?? []) personal.push(id.number);
    for (const phone of holder.phones ?? []) personal.push(phone.number);
    if (holder.email !== undefined) personal.push(holder.email);
  } else if (holder.kind === 'entity') {
    personal.push(holder.name);
    if (holder.incorporationNumber !== undefined) personal.push(holder.incorporationNumber);
  }
  const accounts: string[] = [];
  if (side.account !== undefined) {
    accounts.push(side.account.number);
    if (side.account.iban !== undefined) accounts.push(side.account.iban);
    if (side.account.clientNumber !== undefined) accounts.push(side.account.clientNumber);
  }
  // Also the ASCII spelling, which text written for a 2.0 FIU may use.
  const variants = (list: string[]): string[] => {
    const clean = list.map(cleanLine).filter((s) => s.length >= 3);
    return [...new Set([...clean, ...clean.map((s) => transliterateToAscii(s).text)])];
  };
  return { personal: variants(personal), accounts: variants(accounts) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces each identifier (whole words, any case) in free text by its pseudonym. */
class TextScrubber {
  private readonly rules: { pattern: RegExp; replacement: string }[] = [];
  private readonly seen = new Set<string>();

  add(identifier: string, replacement: string): void {
    const body = escapeRegExp(identifier).replace(/ /g, '\\s+');
    if (this.seen.has(body)) return;
    this.seen.add(body);
    this.rules.push({ pattern: new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu'), replacement });
  }

  finish(): void {
    // Longest first, so "Test Person" goes before anything it contains.
    this.rules.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
  }

  scrub(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    let out = text;
    for (const rule of this.rules) out = out.replace(rule.pattern, rule.replacement);
    return out;
  }
}

function protectedPerson(person: GoamlPerson, tag: string): GoamlPerson {
  // Gender, nationality and residence stay: they do not single a person out, and the FIU needs
  // victims' origins to see a trafficking route.
  return {
    kind: 'person',
    firstName: PROTECTED_PERSON,
    lastName: tag,
    ...(person.gender === undefined ? {} : { gender: person.gender }),
    ...(person.nationality === undefined ? {} : { nationality: person.nationality }),
    ...(person.residence === undefined ? {} : { residence: person.residence }),
  };
}

function protectedEntity(entity: GoamlEntity, tag: string): GoamlEntity {
  return {
    kind: 'entity',
    name: `${PROTECTED_ENTITY} ${tag}`,
    ...(entity.legalForm === undefined ? {} : { legalForm: entity.legalForm }),
    ...(entity.incorporationCountry === undefined ? {} : { incorporationCountry: entity.incorporationCountry }),
  };
}

function protectedAccount(account: GoamlAccount, tag: string): GoamlAccount {
  const { iban: _iban, clientNumber: _client, name: _name, number: _number, holderRole: _role, opened: _opened, ...rest } = account;
  return { ...rest, number: `${PROTECTED_ACCOUNT_PREFIX}${tag}` };
}

/** True when some side of the report is flagged as a victim. */
export function hasVictims(input: GoamlReportInput): boolean {
  return input.transactions.some((tx) => tx.fromParty.victim === true || tx.toParty.victim === true);
}

/**
 * Applies victims' protection to a report. Without victims the input comes back as it is. With
 * `includeVictims`, a `victimPurpose` of at least ten characters is required and the input comes
 * back as it is. Otherwise `key` (at least 16 bytes) is required and every victim side is
 * pseudonymised. Throws `VALIDATION_FAILED` for a missing purpose or key, `CONFLICT` in the
 * (astronomically unlikely) case of two victims sharing a pseudonym in one report.
 */
export function protectVictims(input: GoamlReportInput, key: PseudonymKey | undefined): ProtectedReport {
  if (!hasVictims(input)) return { input, pseudonymised: 0, disclosed: false };
  if (input.includeVictims === true) {
    if (input.victimPurpose === undefined || cleanLine(input.victimPurpose).length < MIN_PURPOSE_CHARS) {
      throw new AriadneError('VALIDATION_FAILED', 'The report discloses victims (includeVictims) but states no victimPurpose: say why its purpose needs their identities.', {
        details: { victimPurpose: 'required when includeVictims is set' },
      });
    }
    return { input, pseudonymised: 0, disclosed: true };
  }
  if (key === undefined || keyBytes(key).length < MIN_PSEUDONYM_KEY_BYTES) {
    throw new AriadneError('VALIDATION_FAILED', `The report names victims: a pseudonym key of at least ${MIN_PSEUDONYM_KEY_BYTES} bytes is needed to protect them.`, {
      details: { pseudonymKey: 'required when a side is a victim and the report does not disclose victims' },
    });
  }

  // Every key of every flagged victim, mapped to the victim's pseudonym identity. A side known by
  // any of these keys is the same victim, flagged or not: an analyst who flags one transaction
  // must not leak the others. (Over-protecting a namesake is the safe error.)
  const canonical = new Map<string, string>();
  input.transactions.forEach((tx) => {
    for (const side of [tx.fromParty, tx.toParty]) {
      if (side.victim !== true) continue;
      const keys = identityKeys(side);
      const identity = keys.find((k) => canonical.has(k)) ?? keys[0] ?? `transaction:${tx.id}`;
      const resolved = canonical.get(identity) ?? identity;
      for (const k of keys) if (!canonical.has(k)) canonical.set(k, resolved);
    }
  });
  const victimIdentity = (side: GoamlSide): string | undefined => {
    for (const k of identityKeys(side)) {
      const identity = canonical.get(k);
      if (identity !== undefined) return identity;
    }
    return undefined;
  };

  const tagByIdentity = new Map<string, string>();
  const identityByTag = new Map<string, string>();
  const scrubber = new TextScrubber();
  const tagOf = (side: GoamlSide, identity: string): string => {
    let tag = tagByIdentity.get(identity);
    if (tag === undefined) {
      tag = pseudonymTag(identity, key);
      const other = identityByTag.get(tag);
      if (other !== undefined && other !== identity) {
        throw new AriadneError('CONFLICT', 'Two victims in this report share a pseudonym; report them in separate reports or change the key.');
      }
      identityByTag.set(tag, identity);
      tagByIdentity.set(identity, tag);
    }
    const display = side.holder.kind === 'entity' ? `${PROTECTED_ENTITY} ${tag}` : `${PROTECTED_PERSON} ${tag}`;
    const { personal, accounts } = identifiers(side);
    for (const identifier of personal) scrubber.add(identifier, display);
    for (const account of accounts) scrubber.add(account, `${PROTECTED_ACCOUNT_PREFIX}${tag}`);
    return tag;
  };
  const protectSide = (side: GoamlSide, txId: string): GoamlSide => {
    const identity = side.victim === true ? victimIdentity(side) ?? `transaction:${txId}` : victimIdentity(side);
    if (identity === undefined) return side;
    const tag = tagOf(side, identity);
    const holder: GoamlHolder =
      side.holder.kind === 'person' ? protectedPerson(side.holder, tag)
        : side.holder.kind === 'entity' ? protectedEntity(side.holder, tag)
          : side.holder;
    return {
      ...side,
      holder,
      victim: true,
      myClient: false,
      ...(side.account === undefined ? {} : { account: protectedAccount(side.account, tag) }),
    };
  };

  const transactions: GoamlTransaction[] = input.transactions.map((tx) => ({
    ...tx,
    fromParty: protectSide(tx.fromParty, tx.id),
    toParty: protectSide(tx.toParty, tx.id),
  }));
  scrubber.finish();
  const scrub = (text: string | undefined): string | undefined => scrubber.scrub(text);
  const victimAccounts = new Map<string, string>();
  input.transactions.forEach((tx, i) => {
    for (const [before, after] of [[tx.fromParty, transactions[i]?.fromParty], [tx.toParty, transactions[i]?.toParty]] as const) {
      if (after?.victim === true && before.account !== undefined && after.account !== undefined) victimAccounts.set(before.account.number, after.account.number);
    }
  });

  const output: GoamlReportInput = {
    ...input,
    ...(input.reason === undefined ? {} : { reason: scrub(input.reason) }),
    ...(input.action === undefined ? {} : { action: scrub(input.action) }),
    transactions: transactions.map((tx) => ({
      ...tx,
      ...(tx.reference === undefined ? {} : { reference: scrub(tx.reference) }),
      ...(tx.description === undefined ? {} : { description: scrub(tx.description) }),
      ...(tx.location === undefined ? {} : { location: scrub(tx.location) }),
      ...(tx.fromParty.fundsComment === undefined ? {} : { fromParty: { ...tx.fromParty, fundsComment: scrub(tx.fromParty.fundsComment) } }),
      ...(tx.toParty.fundsComment === undefined ? {} : { toParty: { ...tx.toParty, fundsComment: scrub(tx.toParty.fundsComment) } }),
    })),
    ...(input.alerts === undefined ? {} : {
      alerts: input.alerts.map((alert) => ({
        ...alert,
        accounts: alert.accounts.map((account) => victimAccounts.get(account) ?? account),
        explanation: scrub(alert.explanation) ?? '',
      })),
    }),
  };
  return { input: output, pseudonymised: tagByIdentity.size, disclosed: false };
}
