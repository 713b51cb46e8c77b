/**
 * Writes a goAML STR/SAR report (schema 2.0 or 5.0.2) from a `GoamlReportInput`: elements in
 * exactly the `xs:sequence` order of each version, every code checked against the FIU's code
 * lists, every text cleaned, checked against the version's lengths and character sets and, where
 * a field admits ASCII only, transliterated (or refused with the offending character named).
 * Victims are pseudonymised first (`protectVictims`). Problems are collected over the whole
 * report and thrown together as one `VALIDATION_FAILED` naming each element by its path, so an
 * analyst fixes the report in one pass; nothing is returned half-written.
 *
 * This checks what the writer knows of each version; `exportGoamlReport` then validates the
 * result against the XSD the FIU supplies, the final judge.
 */
import { AriadneError } from '@ariadne/schema';
import type { TxKind } from '../types.ts';
import { UNKNOWN_CODE, type CodeLists, type GoamlCodeListType } from './code-lists.ts';
import type {
  GoamlAccount, GoamlAddress, GoamlEntity, GoamlHolder, GoamlIdentification, GoamlKindCodes, GoamlPerson, GoamlPhone,
  GoamlReportInput, GoamlReportingPerson, GoamlSide, GoamlTransaction,
} from './report-input.ts';
import { GOAML_PROFILES, type GoamlProfile, type GoamlSchemaVersion, type TextField } from './schema-profiles.ts';
import { cleanLine, cleanText, transliterateToAscii, xsdLength } from './text.ts';
import { goamlDate, goamlDateTime, isKnownTimeZone, localAmount, type LocalAmount } from './values.ts';
import { holderName, protectVictims, type PseudonymKey } from './victims.ts';
import { XmlEmitter } from './xml-emitter.ts';

export interface GoamlBuildOptions {
  readonly schemaVersion: GoamlSchemaVersion;
  /** the FIU's code lists (`loadCodeLists` / `extractCodeLists`) for that schema */
  readonly codeLists: CodeLists;
  /** HMAC key for victims' pseudonyms (≥ 16 bytes); needed when a side is a victim and the report does not disclose victims */
  readonly pseudonymKey?: PseudonymKey;
}

/** One thing wrong with a report: the element's path and what is wrong, without the value. */
export interface GoamlProblem {
  readonly path: string;
  readonly message: string;
}

/** Problems kept per report: enough to fix a report in one pass, bounded for a hostile one. */
const MAX_PROBLEMS = 200;
const MESSAGE_PROBLEMS = 10;

const KIND_LABELS: Readonly<Record<TxKind, string>> = {
  transfer: 'Transfer', wire: 'Wire transfer', cash_deposit: 'Cash deposit', cash_withdrawal: 'Cash withdrawal',
  card: 'Card payment', salary: 'Salary payment', cheque: 'Cheque', crypto: 'Virtual asset transfer',
  msb: 'Money service business transfer', fee: 'Fee', other: 'Transaction',
};

/** A plain-English name for a transaction kind, as descriptions and the summary show it. */
export function kindLabel(kind: TxKind): string {
  return KIND_LABELS[kind] ?? 'Transaction';
}

/** `transaction_description` when the input gives none: the kind, and the remittance reference when there is one. */
export function describeTransaction(tx: GoamlTransaction): string {
  const reference = tx.reference === undefined ? '' : cleanLine(tx.reference);
  return reference === '' ? kindLabel(tx.kind) : `${kindLabel(tx.kind)}, reference: ${reference}`;
}

/** The FIU codes of a transaction's kind (`kinds[kind]`, else `fallback`). */
export function kindCodes(input: GoamlReportInput, kind: TxKind): GoamlKindCodes | undefined {
  return input.codeMapping.kinds[kind] ?? input.codeMapping.fallback;
}

type TextNeed = 'optional' | 'required' | 'empty-ok';
type CodeNeed = 'optional' | 'required' | 'or-unknown';

interface Signatory {
  readonly person: GoamlPerson;
  readonly role?: string;
  readonly primary: boolean;
}

class ReportWriter {
  readonly xml = new XmlEmitter();
  readonly problems: GoamlProblem[] = [];
  private readonly version: string;
  private readonly timeZone: string;
  private readonly timeZoneKnown: boolean;

  constructor(
    private readonly profile: GoamlProfile,
    private readonly codes: CodeLists,
    private readonly input: GoamlReportInput,
  ) {
    this.version = `goAML ${profile.version}`;
    const zone = input.timeZone ?? 'UTC';
    this.timeZoneKnown = isKnownTimeZone(zone);
    // An unknown zone is reported once (in `report`); dates are formatted in UTC meanwhile so the
    // rest of the report is still checked.
    this.timeZone = this.timeZoneKnown ? zone : 'UTC';
  }

  problem(field: string | undefined, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path: this.xml.path(field), message });
  }

  // ---- values ---------------------------------------------------------------------------------

  /** Writes a one-line text element after cleaning and checking it; `empty-ok` writes `<name></name>` when there is no text. */
  text(name: string, field: TextField, raw: string | undefined, need: TextNeed = 'optional'): void {
    this.writeText(name, field, raw, { need, multiline: false });
  }

  /** Writes a free-text element (several lines allowed), as `text`. */
  freeText(name: string, field: TextField, raw: string | undefined, need: TextNeed = 'optional'): void {
    this.writeText(name, field, raw, { need, multiline: true });
  }

  private writeText(name: string, field: TextField, raw: string | undefined, { need, multiline }: { need: TextNeed; multiline: boolean }): void {
    const value = raw === undefined ? '' : multiline ? cleanText(raw) : cleanLine(raw);
    if (value === '') {
      if (need === 'required') this.problem(name, `is required by ${this.version} but was not given`);
      else if (need === 'empty-ok') this.xml.leaf(name, '');
      return;
    }
    const fitted = this.fit(name, field, value, multiline);
    if (fitted !== null) this.xml.leaf(name, fitted);
  }

  private fit(name: string, field: TextField, value: string, multiline: boolean): string | null {
    const rule = this.profile.text[field];
    let out = value;
    if (rule.pattern !== undefined && !rule.pattern.test(out)) {
      const ascii = transliterateToAscii(out);
      if (ascii.untranslatable !== undefined) {
        const { codePoint, index } = ascii.untranslatable;
        this.problem(name, `${this.version} admits ${rule.says} here; character ${codePoint} at position ${index + 1} has no ASCII transliteration: write the field in Latin script`);
        return null;
      }
      out = multiline ? ascii.text.trim() : ascii.text.replace(/\s+/g, ' ').trim();
      if (!rule.pattern.test(out)) {
        this.problem(name, `does not fit ${this.version}'s pattern for this field (${rule.says})`);
        return null;
      }
    }
    const length = xsdLength(out);
    if (rule.min !== undefined && length < rule.min) {
      this.problem(name, `is ${length} characters long; ${this.version} needs at least ${rule.min}`);
      return null;
    }
    if (length > rule.max) {
      this.problem(name, `is ${length} characters long; ${this.version} allows at most ${rule.max}`);
      return null;
    }
    return out;
  }

  /**
   * Writes a code after checking it against the FIU's list. `or-unknown`: a required code nobody
   * gave is written as the list's unknown code `-` when the list has one.
   */
  code(name: string, list: GoamlCodeListType, raw: string | undefined, need: CodeNeed): void {
    let code = raw === undefined ? '' : cleanLine(raw);
    if (code === '') {
      if (need === 'optional') return;
      if (need === 'or-unknown' && this.codes.has(list, UNKNOWN_CODE)) {
        code = UNKNOWN_CODE;
      } else {
        this.problem(name, `is required by ${this.version} but was not given`);
        return;
      }
    }
    if (!this.codes.hasList(list)) {
      this.problem(name, `the code lists have no ${list} list: add it to the FIU's code-lists file`);
      return;
    }
    if (!this.codes.has(list, code)) {
      const entries = this.codes.entries(list);
      const preview = entries.slice(0, 12).map((e) => e.code).join(', ');
      // A code is not personal data, but whatever was typed into a code field might be: show it only if it looks like a code.
      const shown = /^[A-Za-z0-9_.-]{1,20}$/.test(code) ? `'${code}'` : 'the value given';
      this.problem(name, `${shown} is not in the FIU's ${list} code list (${entries.length} codes: ${preview}${entries.length > 12 ? ', …' : ''})`);
      return;
    }
    this.xml.leaf(name, code);
  }

  dateTime(name: string, epochMs: number | undefined, need: 'optional' | 'required'): void {
    if (epochMs === undefined) {
      if (need === 'required') this.problem(name, `is required by ${this.version} but was not given`);
      return;
    }
    const text = goamlDateTime(epochMs, this.timeZone);
    if (text === null) this.problem(name, 'is not a date goAML can hold (years 1753 to 9999)');
    else this.xml.leaf(name, text);
  }

  date(name: string, ymd: string | undefined, need: 'optional' | 'required'): void {
    if (ymd === undefined || ymd.trim() === '') {
      if (need === 'required') this.problem(name, `is required by ${this.version} but was not given`);
      return;
    }
    const text = goamlDate(ymd.trim());
    if (text === null) this.problem(name, 'is not a calendar date YYYY-MM-DD from 1753 on');
    else this.xml.leaf(name, text);
  }

  // ---- the report -----------------------------------------------------------------------------

  report(): void {
    const { input, profile, xml } = this;
    const entity = input.reportingEntity;
    xml.start('report');
    if (!this.timeZoneKnown) this.problem(undefined, 'the report\'s timeZone is not an IANA zone this runtime knows');
    if (profile.writesSchemaVersion) xml.leaf('schema_version', profile.version);
    if (!Number.isInteger(entity.id) || entity.id < 1 || entity.id > profile.maxRentityId) {
      this.problem('rentity_id', `must be a whole number from 1 to ${profile.maxRentityId} in ${this.version}`);
    } else {
      xml.leaf('rentity_id', String(entity.id));
    }
    this.text('rentity_branch', 'rentity_branch', entity.branch);
    this.code('submission_code', 'submission_type', input.submissionCode ?? 'E', 'required');
    this.code('report_code', 'report_type', input.reportCode, 'required');
    this.text('entity_reference', 'entity_reference', input.entityReference, 'required');
    this.text('fiu_ref_number', 'fiu_ref_number', input.fiuRefNumber);
    this.dateTime('submission_date', input.submissionDate, 'required');
    this.code('currency_code_local', 'currency_type', input.currencyCodeLocal, 'required');
    this.reportingPerson(entity.reportingPerson);
    if (entity.location !== undefined) this.address('location', entity.location);
    this.freeText('reason', 'reason', input.reason);
    this.freeText('action', 'action', input.action);
    if (input.transactions.length === 0) this.problem('transaction', 'a report needs at least one transaction');
    const seen = new Map<string, number>();
    input.transactions.forEach((tx, i) => {
      const id = cleanLine(tx.id);
      const first = seen.get(id);
      if (first !== undefined) this.problem(`transaction[${i + 1}]`, `repeats the transaction number of transaction[${first + 1}]`);
      else seen.set(id, i);
      this.transaction(tx, i);
    });
    xml.start('report_indicators');
    if (input.indicators.length === 0) this.problem('indicator', `${this.version} needs at least one indicator`);
    for (const indicator of new Set(input.indicators.map(cleanLine))) this.code('indicator', 'report_indicator_type', indicator, 'required');
    xml.end();
    xml.end();
  }

  private reportingPerson(person: GoamlReportingPerson): void {
    this.xml.start('reporting_person');
    this.code('gender', 'gender_type', person.gender, 'optional');
    this.text('title', 'title', person.title);
    this.text('first_name', 'reporting_first_name', person.firstName, 'required');
    this.text('last_name', 'reporting_last_name', person.lastName, 'required');
    this.text('id_number', 'reporting_id_number', person.idNumber);
    this.code('nationality1', 'country_type', person.nationality, 'optional');
    this.phones(person.phones, 'optional');
    this.addresses(person.addresses, 'optional');
    this.text('email', 'email', person.email);
    this.text('occupation', 'occupation', person.occupation);
    this.xml.end();
  }

  private phones(phones: readonly GoamlPhone[] | undefined, need: 'optional' | 'empty-ok'): void {
    if (phones === undefined || phones.length === 0) {
      if (need === 'empty-ok') {
        this.xml.start('phones');
        this.xml.end();
      }
      return;
    }
    this.xml.start('phones');
    phones.forEach((phone, i) => {
      this.xml.start('phone', `phone[${i + 1}]`);
      this.code('tph_contact_type', 'contact_type', phone.contactType, 'or-unknown');
      this.code('tph_communication_type', 'communication_type', phone.communicationType, 'or-unknown');
      this.text('tph_country_prefix', 'tph_country_prefix', phone.countryPrefix);
      this.text('tph_number', 'tph_number', phone.number, 'required');
      this.xml.end();
    });
    this.xml.end();
  }

  private addresses(addresses: readonly GoamlAddress[] | undefined, need: 'optional' | 'required' | 'empty-ok'): void {
    if (addresses === undefined || addresses.length === 0) {
      if (need === 'required') this.problem('addresses', `${this.version} needs at least one address for the institution's own client`);
      if (need === 'empty-ok') {
        this.xml.start('addresses');
        this.xml.end();
      }
      return;
    }
    this.xml.start('addresses');
    addresses.forEach((address, i) => this.address('address', address, `address[${i + 1}]`));
    this.xml.end();
  }

  private address(name: string, address: GoamlAddress, segment: string = name): void {
    this.xml.start(name, segment);
    this.code('address_type', 'contact_type', address.type, 'or-unknown');
    this.text('address', 'address', address.address, 'required');
    this.text('city', 'city', address.city, 'required');
    this.text('zip', 'zip', address.zip);
    this.code('country_code', 'country_type', address.countryCode, 'or-unknown');
    this.text('state', 'state', address.state, this.profile.requiresAddressState ? 'required' : 'optional');
    this.xml.end();
  }

  // ---- transactions ---------------------------------------------------------------------------

  private transaction(tx: GoamlTransaction, index: number): void {
    const { xml, profile } = this;
    xml.start('transaction', `transaction[${index + 1}]`);
    const codes = kindCodes(this.input, tx.kind);
    if (codes === undefined && (tx.transmodeCode === undefined || tx.fromParty.fundsCode === undefined || tx.toParty.fundsCode === undefined)) {
      this.problem(undefined, `the code mapping has no codes for kind '${tx.kind}' (codeMapping.kinds.${tx.kind} or codeMapping.fallback)`);
    }
    this.text('transactionnumber', 'transactionnumber', tx.id, 'required');
    this.text('internal_ref_number', 'internal_ref_number', tx.internalRef);
    this.text('transaction_location', 'transaction_location', tx.location, profile.requiresTransactionLocation ? 'empty-ok' : 'optional');
    this.freeText('transaction_description', 'transaction_description', tx.description ?? describeTransaction(tx), 'required');
    this.dateTime('date_transaction', tx.timestamp, 'required');
    this.dateTime('value_date', tx.valueDate, 'optional');
    this.code('transmode_code', 'conduction_type', tx.transmodeCode ?? codes?.transmode, 'required');
    this.text('transmode_comment', 'transmode_comment', tx.transmodeComment ?? codes?.transmodeComment, profile.requiresTransmodeComment ? 'required' : 'optional');
    const amount = localAmount(tx, this.input.currencyCodeLocal, this.input.currencyTable);
    if (typeof amount === 'string') this.problem('amount_local', amount);
    else xml.leaf('amount_local', amount.local);
    this.side('from', tx.fromParty, codes?.fromFunds, typeof amount === 'string' ? undefined : amount.foreign);
    this.side('to', tx.toParty, codes?.toFunds, undefined);
    xml.end();
  }

  private side(direction: 'from' | 'to', side: GoamlSide, mappedFunds: string | undefined, foreign: LocalAmount['foreign']): void {
    const { xml } = this;
    const mine = side.myClient === true;
    xml.start(mine ? `t_${direction}_my_client` : `t_${direction}`);
    this.code(`${direction}_funds_code`, 'funds_type', side.fundsCode ?? mappedFunds, 'required');
    this.text(`${direction}_funds_comment`, 'funds_comment', side.fundsComment);
    if (foreign !== undefined) {
      xml.start(`${direction}_foreign_currency`);
      this.code('foreign_currency_code', 'currency_type', foreign.currency, 'required');
      xml.leaf('foreign_amount', foreign.amount);
      if (foreign.rate !== undefined) xml.leaf('foreign_exchange_rate', foreign.rate);
      else if (this.profile.requiresExchangeRate) this.problem('foreign_exchange_rate', `${this.version} needs the exchange rate, which a zero amount does not give`);
      xml.end();
    }
    const holder = side.holder;
    if (side.account !== undefined) this.account(`${direction}_account`, side.account, holder, mine);
    else if (holder.kind === 'person') this.person(`${direction}_person`, holder, mine);
    else if (holder.kind === 'entity') this.entity(`${direction}_entity`, holder, mine);
    else this.problem(`${direction}_account`, 'the side needs an account or a known holder (a person or an entity)');
    this.code(`${direction}_country`, 'country_type', side.country, 'or-unknown');
    xml.end();
  }

  private account(name: string, account: GoamlAccount, holder: GoamlHolder, mine: boolean): void {
    const { xml, profile } = this;
    const own = this.input.reportingEntity;
    xml.start(name);
    this.text('institution_name', mine ? 'institution_name_my_client' : 'institution_name',
      account.institutionName ?? (mine ? own.institutionName : undefined),
      mine || profile.accountNeedsInstitutionName ? 'required' : 'optional');
    const bic = account.bic ?? (mine ? own.bic : undefined);
    const institutionCode = account.institutionCode ?? (mine ? own.institutionCode : undefined);
    if (bic !== undefined && cleanLine(bic) !== '') this.text('swift', 'swift', bic, 'required');
    else if (institutionCode !== undefined && profile.acceptsInstitutionCode) this.text('institution_code', 'institution_code', institutionCode, 'required');
    else if (profile.accountNeedsInstitutionCode) this.problem('swift', `${this.version} needs the institution's BIC (swift) or its FIU institution code`);
    const nonBank = account.nonBankInstitution ?? (mine ? own.nonBankInstitution ?? false : undefined);
    if (nonBank !== undefined) xml.leaf('non_bank_institution', nonBank ? 'true' : 'false');
    this.text('branch', mine ? 'branch_my_client' : 'branch', account.branch ?? (mine ? own.branch : undefined), mine ? 'required' : 'optional');
    this.text('account', mine ? 'account_my_client' : 'account', account.number, 'required');
    this.code('currency_code', 'currency_type', account.currency, mine ? 'required' : 'optional');
    this.text('account_name', 'account_name', account.name ?? holderName(holder), profile.accountNeedsName ? 'required' : 'optional');
    this.text('iban', 'iban', account.iban);
    this.text('client_number', 'client_number', account.clientNumber);
    this.code('personal_account_type', 'account_type', account.type, mine ? 'or-unknown' : 'optional');

    const signatories: Signatory[] = [];
    if (holder.kind === 'person') signatories.push({ person: holder, primary: true, ...(account.holderRole === undefined ? {} : { role: account.holderRole }) });
    for (const s of account.signatories ?? []) signatories.push({ ...s, primary: false });
    if (holder.kind === 'entity') this.entity('t_entity', holder, mine);
    // 2.0's own-client account holds an entity or signatories, not both: the entity wins.
    const entityOnly = holder.kind === 'entity' && mine && profile.myClient.accountEntityExcludesSignatories;
    if (!entityOnly) {
      signatories.forEach((signatory, i) => this.signatory(signatory, i, mine));
      if (mine && signatories.length === 0) {
        this.problem('signatory', `${this.version} needs at least one signatory (the holder, or a person who operates the account) for the institution's own account`);
      }
    }
    this.date('opened', account.opened, mine && profile.myClient.accountOpened ? 'required' : 'optional');
    this.code('status_code', 'account_status_type', account.status, mine ? 'or-unknown' : 'optional');
    if (mine && profile.myClient.accountBeneficiary === 'empty-ok') xml.leaf('beneficiary', '');
    xml.end();
  }

  private signatory(signatory: Signatory, index: number, mine: boolean): void {
    const { xml } = this;
    xml.start('signatory', `signatory[${index + 1}]`);
    // 2.0 fixes is_primary to "1"; "1" is a valid boolean in 5.0.2 too.
    if (signatory.primary) xml.leaf('is_primary', '1');
    xml.start('t_person');
    this.personFields(signatory.person, mine);
    xml.end();
    this.code('role', 'account_person_role_type', signatory.role, mine ? 'or-unknown' : 'optional');
    xml.end();
  }

  private person(name: string, person: GoamlPerson, mine: boolean): void {
    this.xml.start(name);
    this.personFields(person, mine);
    this.xml.end();
  }

  private personFields(person: GoamlPerson, mine: boolean): void {
    const { profile } = this;
    const my = profile.myClient;
    this.code('gender', 'gender_type', person.gender, mine && my.personGender ? 'or-unknown' : 'optional');
    this.text('title', 'title', person.title);
    this.text('first_name', 'first_name', person.firstName, 'required');
    this.text('middle_name', 'middle_name', person.middleName);
    this.text('last_name', 'last_name', person.lastName, 'required');
    this.date('birthdate', person.birthDate, mine ? 'required' : 'optional');
    const documentsInComments = profile.identityDocumentsInComments;
    if (!documentsInComments) this.text('id_number', 'id_number', person.idNumber, mine && my.personIdNumber === 'empty-ok' ? 'empty-ok' : 'optional');
    this.code('nationality1', 'country_type', person.nationality, mine ? 'or-unknown' : 'optional');
    this.code('residence', 'country_type', person.residence, mine ? 'or-unknown' : 'optional');
    this.phones(person.phones, mine && my.personPhones === 'empty-ok' ? 'empty-ok' : 'optional');
    this.addresses(person.addresses, mine && my.personAddress ? 'required' : 'optional');
    this.text('email', 'email', person.email);
    this.text('occupation', mine ? 'occupation_my_client' : 'occupation', person.occupation, mine && my.personOccupation ? 'required' : 'optional');
    if (!documentsInComments) this.identifications(person.identifications, mine && my.personIdentification);
    this.text('tax_reg_number', mine ? 'tax_reg_number_my_client' : 'tax_reg_number', person.taxRegNumber, mine && my.taxRegNumber ? 'required' : 'optional');
    const comments = documentsInComments ? joinText(person.comments, identityDocumentsText(person)) : person.comments;
    this.freeText('comments', 'person_comments', comments);
  }

  private identifications(documents: readonly GoamlIdentification[] | undefined, required: boolean): void {
    const { xml, profile } = this;
    if (documents === undefined || documents.length === 0) {
      if (required) this.problem('identifications', `${this.version} needs at least one identity document for the institution's own client`);
      return;
    }
    const datesNeed = profile.identificationNeedsDates ? 'required' : 'optional';
    xml.start('identifications');
    documents.forEach((document, i) => {
      xml.start('identification', `identification[${i + 1}]`);
      this.code('type', 'identifier_type', document.type, 'required');
      this.text('number', 'identification_number', document.number, 'required');
      this.date('issue_date', document.issueDate, datesNeed);
      this.date('expiry_date', document.expiryDate, datesNeed);
      this.text('issued_by', 'issued_by', document.issuedBy);
      this.code('issue_country', 'country_type', document.issueCountry, 'or-unknown');
      xml.end();
    });
    xml.end();
  }

  private entity(name: string, entity: GoamlEntity, mine: boolean): void {
    const { xml, profile } = this;
    const my = profile.myClient;
    xml.start(name);
    this.text('name', 'entity_name', entity.name, 'required');
    this.text('commercial_name', 'commercial_name', entity.commercialName);
    this.code('incorporation_legal_form', 'legal_form_type', entity.legalForm, mine ? 'or-unknown' : 'optional');
    this.text('incorporation_number', 'incorporation_number', entity.incorporationNumber, mine && my.entityIncorporationNumber ? 'required' : 'optional');
    this.text('business', mine ? 'business_my_client' : 'business', entity.business, mine ? (my.entityBusiness === 'required' ? 'required' : 'empty-ok') : 'optional');
    this.phones(entity.phones, 'optional');
    this.addresses(entity.addresses, mine ? my.entityAddress : 'optional');
    this.text('email', 'email', entity.email);
    this.text('incorporation_state', 'incorporation_state', entity.incorporationState, mine && my.entityIncorporationState === 'empty-ok' ? 'empty-ok' : 'optional');
    this.code('incorporation_country_code', 'country_type', entity.incorporationCountry, mine ? 'or-unknown' : 'optional');
    const directors = entity.directors ?? [];
    directors.forEach((director, i) => {
      xml.start('director_id', `director_id[${i + 1}]`);
      this.personFields(director.person, false);
      this.code('role', 'entity_person_role_type', director.role, profile.directorNeedsRole ? 'or-unknown' : 'optional');
      xml.end();
    });
    if (mine && directors.length === 0) this.problem('director_id', `${this.version} needs at least one director or representative for the institution's own client`);
    this.date('incorporation_date', entity.incorporationDate, mine && my.entityIncorporationDate ? 'required' : 'optional');
    this.text('tax_number', 'tax_number', entity.taxNumber);
    this.text('tax_reg_number', mine ? 'tax_reg_number_my_client' : 'tax_reg_number', entity.taxRegNumber, mine && my.taxRegNumber ? 'required' : 'optional');
    this.freeText('comments', 'person_comments', entity.comments);
    xml.end();
  }
}

function joinText(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p.trim() !== '');
  return kept.length === 0 ? undefined : kept.join('\n');
}

/** Identity documents as a sentence, for a schema (2.0) whose identity-number fields accept no real number. */
function identityDocumentsText(person: GoamlPerson): string | undefined {
  const parts: string[] = [];
  if (person.idNumber !== undefined && cleanLine(person.idNumber) !== '') parts.push(`id number ${cleanLine(person.idNumber)}`);
  for (const d of person.identifications ?? []) {
    const dates = [d.issueDate && `issued ${d.issueDate}`, d.expiryDate && `expires ${d.expiryDate}`].filter(Boolean).join(', ');
    parts.push(`${cleanLine(d.type)} ${cleanLine(d.number)} (${cleanLine(d.issueCountry)}${dates ? `, ${dates}` : ''})`);
  }
  return parts.length === 0 ? undefined : `Identity documents: ${parts.join('; ')}.`;
}

/** The error thrown for problems: the first few in the message, all (bounded) in `details` by path. */
export function goamlProblemsError(version: string, problems: readonly GoamlProblem[]): AriadneError {
  const shown = problems.slice(0, MESSAGE_PROBLEMS).map((p) => `${p.path}: ${p.message}`);
  const more = problems.length > MESSAGE_PROBLEMS ? ` (and ${problems.length - MESSAGE_PROBLEMS} more)` : '';
  const details: Record<string, string> = {};
  for (const p of problems) {
    let key = p.path;
    for (let n = 2; key in details; n++) key = `${p.path} (${n})`;
    details[key] = p.message;
  }
  return new AriadneError('VALIDATION_FAILED', `The goAML ${version} report cannot be written: ${shown.join('; ')}${more}.`, { details });
}

/**
 * Writes the report as goAML XML for `schemaVersion`. Throws `VALIDATION_FAILED` listing every
 * problem (bad or missing code, missing required field, text too long or outside the version's
 * character set, a victim without a pseudonym key…).
 */
export function buildGoamlReport(input: GoamlReportInput, options: GoamlBuildOptions): string {
  const profile = GOAML_PROFILES[options.schemaVersion];
  if (profile === undefined) {
    throw new AriadneError('VALIDATION_FAILED', `Unknown goAML schema version; this writer supports ${Object.keys(GOAML_PROFILES).join(' and ')}.`);
  }
  const listsVersion = options.codeLists.schemaVersion;
  if (listsVersion !== undefined && listsVersion !== profile.version) {
    throw new AriadneError('VALIDATION_FAILED', `The code lists are for goAML ${listsVersion}, the report is written for ${profile.version}: use the FIU's lists for that schema.`);
  }
  const { input: safe } = protectVictims(input, options.pseudonymKey);
  const writer = new ReportWriter(profile, options.codeLists, safe);
  writer.report();
  if (writer.problems.length > 0) throw goamlProblemsError(profile.version, writer.problems);
  return writer.xml.toString();
}
