/**
 * What a goAML report is made from: the reporting entity, the report's header (code, reference,
 * grounds, action, indicators), the transactions with their two sides, and the FIU's mapping of
 * Ariadne's transaction kinds onto its codes. One shape serves both schema versions and the HTML
 * summary; `parseGoamlReportInput` checks a JSON document (from the API or the CLI) against it.
 *
 * Codes (report code, indicators, countries, currencies, gender, account types…) are the FIU's
 * codes as given; the writer checks each against the FIU's code lists. A required code left out
 * is written as the FIU's "unknown" code `-` where its list has one.
 */
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import { TX_KINDS, type AlertLine, type CurrencyTable, type TxKind } from '../types.ts';

export interface GoamlAddress {
  /** `contact_type` code (business, private…) */
  readonly type?: string;
  /** the street line */
  readonly address: string;
  readonly city: string;
  /** `country_type` code */
  readonly countryCode: string;
  /** region or emirate; schema 5.0.2 requires it */
  readonly state?: string;
  readonly zip?: string;
}

export interface GoamlPhone {
  /** `contact_type` code */
  readonly contactType?: string;
  /** `communication_type` code (landline, mobile…) */
  readonly communicationType?: string;
  readonly countryPrefix?: string;
  readonly number: string;
}

/** An identity document. */
export interface GoamlIdentification {
  /** `identifier_type` code (passport, national id…) */
  readonly type: string;
  readonly number: string;
  /** `country_type` code */
  readonly issueCountry: string;
  /** YYYY-MM-DD; schema 5.0.2 requires both dates */
  readonly issueDate?: string;
  readonly expiryDate?: string;
  readonly issuedBy?: string;
}

export interface GoamlPerson {
  readonly kind: 'person';
  /**
   * A stable identifier of the person (Ariadne entity id, customer id). It keys the victim
   * pseudonym, so the same person gets the same pseudonym in every report made with one key.
   */
  readonly id?: string;
  /** `gender_type` code */
  readonly gender?: string;
  readonly title?: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName: string;
  /** YYYY-MM-DD */
  readonly birthDate?: string;
  /** the national identity number (`id_number`) */
  readonly idNumber?: string;
  /** `country_type` codes */
  readonly nationality?: string;
  readonly residence?: string;
  readonly phones?: readonly GoamlPhone[];
  readonly addresses?: readonly GoamlAddress[];
  readonly email?: string;
  readonly occupation?: string;
  readonly identifications?: readonly GoamlIdentification[];
  /** schema 5.0.2 (UAE) wants one character for the institution's own clients */
  readonly taxRegNumber?: string;
  readonly comments?: string;
}

export interface GoamlEntity {
  readonly kind: 'entity';
  /** a stable identifier (Ariadne entity id, customer id), as for a person */
  readonly id?: string;
  readonly name: string;
  readonly commercialName?: string;
  /** `legal_form_type` code */
  readonly legalForm?: string;
  readonly incorporationNumber?: string;
  /** line of business */
  readonly business?: string;
  readonly incorporationState?: string;
  /** `country_type` code */
  readonly incorporationCountry?: string;
  /** YYYY-MM-DD */
  readonly incorporationDate?: string;
  readonly phones?: readonly GoamlPhone[];
  readonly addresses?: readonly GoamlAddress[];
  readonly email?: string;
  /** directors, owners, representatives, each with an `entity_person_role_type` code */
  readonly directors?: readonly { readonly person: GoamlPerson; readonly role?: string }[];
  readonly taxNumber?: string;
  readonly taxRegNumber?: string;
  readonly comments?: string;
}

/** The side's holder is not known (a counterparty account the institution knows only by number). */
export interface GoamlUnknownHolder {
  readonly kind: 'unknown';
}

export type GoamlHolder = GoamlPerson | GoamlEntity | GoamlUnknownHolder;

export interface GoamlAccount {
  /** the account number as the institution keeps it */
  readonly number: string;
  /** for the reporting institution's own accounts these default to the reporting entity's */
  readonly institutionName?: string;
  readonly bic?: string;
  /** the FIU's code for the institution (not writable in schema 2.0, which takes only a BIC) */
  readonly institutionCode?: string;
  readonly nonBankInstitution?: boolean;
  readonly branch?: string;
  /** `currency_type` code of the account */
  readonly currency?: string;
  /** the account's name; defaults to the holder's name */
  readonly name?: string;
  readonly iban?: string;
  readonly clientNumber?: string;
  /** `account_type` code */
  readonly type?: string;
  /** `account_status_type` code */
  readonly status?: string;
  /** YYYY-MM-DD */
  readonly opened?: string;
  /** `account_person_role_type` code of a person holder (primary holder…) */
  readonly holderRole?: string;
  /** the persons who may operate the account (needed for an entity's account at the reporting institution) */
  readonly signatories?: readonly { readonly person: GoamlPerson; readonly role?: string }[];
}

/** One side of a transaction: where the money came from, or where it went. */
export interface GoamlSide {
  /** absent for cash handed over by a person, or a party known without an account */
  readonly account?: GoamlAccount;
  readonly holder: GoamlHolder;
  /** `country_type` code of the side */
  readonly country?: string;
  /**
   * The holder is the reporting institution's own client: the side is written as
   * `t_from_my_client` / `t_to_my_client`, whose types demand the full know-your-customer data.
   */
  readonly myClient?: boolean;
  /**
   * The holder is a victim: pseudonymised in the XML and the summary (resolution 2331 para 6)
   * unless the report sets `includeVictims` with a `victimPurpose`.
   */
  readonly victim?: boolean;
  /** overrides the code mapping's `funds_type` code for this side */
  readonly fundsCode?: string;
  readonly fundsComment?: string;
}

/**
 * One transaction: the fields of a `TransactionRecord` (spread one in) plus its two sides. The
 * sides are `fromParty` / `toParty` so a record's `from` / `to` account references can be
 * spread in beside them.
 */
export interface GoamlTransaction {
  readonly id: string;
  /** epoch milliseconds, UTC */
  readonly timestamp: number;
  readonly amount: number;
  /** the institution's decimal text, preferred over `amount` for the report */
  readonly amountText?: string;
  /** ISO 4217 */
  readonly currency: string;
  readonly kind: TxKind;
  /** remittance information (personal data: shown in the summary, scrubbed of victims' names) */
  readonly reference?: string;
  /** branch, ATM or place */
  readonly location?: string;
  readonly internalRef?: string;
  /** `transaction_description`; defaults to the kind and the reference */
  readonly description?: string;
  /** epoch milliseconds */
  readonly valueDate?: number;
  /** overrides the mapping's `conduction_type` code */
  readonly transmodeCode?: string;
  readonly transmodeComment?: string;
  /**
   * The amount in the report's local currency, when `currency` is another one and no currency
   * table converts it (decimal text or number).
   */
  readonly amountLocal?: string | number;
  readonly fromParty: GoamlSide;
  readonly toParty: GoamlSide;
}

/** The FIU's codes for one kind of transaction. */
export interface GoamlKindCodes {
  /** `conduction_type` code */
  readonly transmode: string;
  /** `funds_type` codes of the two sides */
  readonly fromFunds: string;
  readonly toFunds: string;
  /** written as `transmode_comment` (schema 5.0.2 requires one character) */
  readonly transmodeComment?: string;
}

/** How Ariadne's transaction kinds map onto the FIU's codes: configuration, like the code lists. */
export interface GoamlCodeMapping {
  readonly kinds: Partial<Readonly<Record<TxKind, GoamlKindCodes>>>;
  /** for a kind `kinds` does not name */
  readonly fallback?: GoamlKindCodes;
}

export interface GoamlReportingPerson {
  readonly gender?: string;
  readonly title?: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly idNumber?: string;
  readonly nationality?: string;
  readonly email?: string;
  readonly occupation?: string;
  readonly phones?: readonly GoamlPhone[];
  readonly addresses?: readonly GoamlAddress[];
}

export interface GoamlReportingEntity {
  /** `rentity_id`: the FIU's number for the reporting entity */
  readonly id: number;
  readonly branch?: string;
  /** the institution's own name, BIC or FIU code: the defaults of its clients' accounts */
  readonly institutionName?: string;
  readonly bic?: string;
  readonly institutionCode?: string;
  readonly nonBankInstitution?: boolean;
  readonly reportingPerson: GoamlReportingPerson;
  /** where the reported activity took place (`location`) */
  readonly location?: GoamlAddress;
}

export interface GoamlReportInput {
  readonly reportingEntity: GoamlReportingEntity;
  /** `report_type` code (STR, SAR…) */
  readonly reportCode: string;
  /** `submission_type` code; default `E` (electronic) */
  readonly submissionCode?: string;
  /** the reporting entity's own reference for the report */
  readonly entityReference: string;
  readonly fiuRefNumber?: string;
  /** epoch milliseconds */
  readonly submissionDate: number;
  /** `currency_type` code of the local currency */
  readonly currencyCodeLocal: string;
  /** grounds for suspicion */
  readonly reason?: string;
  /** action taken */
  readonly action?: string;
  /** `report_indicator_type` codes; at least one */
  readonly indicators: readonly string[];
  readonly transactions: readonly GoamlTransaction[];
  readonly codeMapping: GoamlCodeMapping;
  /** the alerts behind the report; their explanations appear in the summary (not in the XML) */
  readonly alerts?: readonly AlertLine[];
  /** disclose victims' identities in full; needs `victimPurpose` (resolution 2331 para 6) */
  readonly includeVictims?: boolean;
  /** why the report's purpose needs the victims' identities; shown in the summary */
  readonly victimPurpose?: string;
  /** IANA zone the FIU expects dates in (goAML dates carry no offset); default UTC */
  readonly timeZone?: string;
  /** converts foreign-currency amounts into `currencyCodeLocal` (its base must be that currency) */
  readonly currencyTable?: CurrencyTable;
}

// ---- JSON input -------------------------------------------------------------------------------

const MAX_TEXT = 20_000;
const MAX_LINE = 1_000;
const code = z.string().min(1).max(100);
const line = z.string().max(MAX_LINE);
const text = z.string().max(MAX_TEXT);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const epochMs = z.number().int().min(-6_847_804_800_000).max(253_402_300_799_000);

const addressSchema = z.object({
  type: code.optional(), address: line, city: line, countryCode: code, state: line.optional(), zip: line.optional(),
}).strict();
const phoneSchema = z.object({
  contactType: code.optional(), communicationType: code.optional(), countryPrefix: line.optional(), number: line,
}).strict();
const identificationSchema = z.object({
  type: code, number: line, issueCountry: code, issueDate: date.optional(), expiryDate: date.optional(), issuedBy: line.optional(),
}).strict();
const personSchema = z.object({
  kind: z.literal('person'), id: line.optional(), gender: code.optional(), title: line.optional(),
  firstName: line, middleName: line.optional(), lastName: line, birthDate: date.optional(), idNumber: line.optional(),
  nationality: code.optional(), residence: code.optional(), phones: z.array(phoneSchema).max(20).optional(),
  addresses: z.array(addressSchema).max(20).optional(), email: line.optional(), occupation: line.optional(),
  identifications: z.array(identificationSchema).max(20).optional(), taxRegNumber: line.optional(), comments: text.optional(),
}).strict();
const roleOf = z.object({ person: personSchema, role: code.optional() }).strict();
const entitySchema = z.object({
  kind: z.literal('entity'), id: line.optional(), name: line, commercialName: line.optional(), legalForm: code.optional(),
  incorporationNumber: line.optional(), business: line.optional(), incorporationState: line.optional(),
  incorporationCountry: code.optional(), incorporationDate: date.optional(), phones: z.array(phoneSchema).max(20).optional(),
  addresses: z.array(addressSchema).max(20).optional(), email: line.optional(), directors: z.array(roleOf).max(50).optional(),
  taxNumber: line.optional(), taxRegNumber: line.optional(), comments: text.optional(),
}).strict();
const holderSchema = z.discriminatedUnion('kind', [personSchema, entitySchema, z.object({ kind: z.literal('unknown') }).strict()]);
const accountSchema = z.object({
  number: line, institutionName: line.optional(), bic: line.optional(), institutionCode: line.optional(),
  nonBankInstitution: z.boolean().optional(), branch: line.optional(), currency: code.optional(), name: line.optional(),
  iban: line.optional(), clientNumber: line.optional(), type: code.optional(), status: code.optional(), opened: date.optional(),
  holderRole: code.optional(), signatories: z.array(roleOf).max(50).optional(),
}).strict();
const sideSchema = z.object({
  account: accountSchema.optional(), holder: holderSchema, country: code.optional(), myClient: z.boolean().optional(),
  victim: z.boolean().optional(), fundsCode: code.optional(), fundsComment: line.optional(),
}).strict();
const kindCodesSchema = z.object({ transmode: code, fromFunds: code, toFunds: code, transmodeComment: line.optional() }).strict();

/** Every report field, bounded: a JSON report is outside data. */
const reportInputSchema = z.object({
  reportingEntity: z.object({
    id: z.number().int().min(1).max(2_147_483_647), branch: line.optional(), institutionName: line.optional(),
    bic: line.optional(), institutionCode: line.optional(), nonBankInstitution: z.boolean().optional(),
    reportingPerson: z.object({
      gender: code.optional(), title: line.optional(), firstName: line, lastName: line, idNumber: line.optional(),
      nationality: code.optional(), email: line.optional(), occupation: line.optional(),
      phones: z.array(phoneSchema).max(20).optional(), addresses: z.array(addressSchema).max(20).optional(),
    }).strict(),
    location: addressSchema.optional(),
  }).strict(),
  reportCode: code,
  submissionCode: code.optional(),
  entityReference: line,
  fiuRefNumber: line.optional(),
  submissionDate: epochMs,
  currencyCodeLocal: code,
  reason: text.optional(),
  action: text.optional(),
  indicators: z.array(code).min(1).max(500),
  transactions: z.array(z.object({
    id: line, timestamp: epochMs, amount: z.number().finite().nonnegative(), amountText: line.optional(), currency: code,
    kind: z.enum(TX_KINDS), reference: text.optional(), location: line.optional(), internalRef: line.optional(),
    description: text.optional(), valueDate: epochMs.optional(), transmodeCode: code.optional(),
    transmodeComment: line.optional(), amountLocal: z.union([line, z.number().finite().nonnegative()]).optional(),
    fromParty: sideSchema, toParty: sideSchema,
    // the rest of a TransactionRecord, accepted so a record can be spread in, and not used
    from: line.optional(), to: line.optional(), rawType: line.optional(), fromBank: line.optional(), toBank: line.optional(),
    fromCountry: code.optional(), toCountry: code.optional(), merchantCategory: line.optional(), beneficiaryName: line.optional(),
  }).strict()).min(1).max(100_000),
  codeMapping: z.object({
    kinds: z.partialRecord(z.enum(TX_KINDS), kindCodesSchema),
    fallback: kindCodesSchema.optional(),
  }).strict(),
  alerts: z.array(z.object({
    detector: line, typology: line, score: z.number().finite(), accounts: z.array(line).max(10_000),
    transactions: z.array(line).max(100_000), explanation: text,
  }).strict()).max(10_000).optional(),
  includeVictims: z.boolean().optional(),
  victimPurpose: text.optional(),
  timeZone: line.optional(),
  currencyTable: z.object({
    base: code, rates: z.record(code, z.number().finite().positive()), asOf: line.optional(),
  }).strict().optional(),
}).strict();

/**
 * Checks a JSON report (parsed) against the input model. Throws `VALIDATION_FAILED` with one
 * detail per bad path (at most 20), naming the problem without echoing the value.
 */
export function parseGoamlReportInput(value: unknown): GoamlReportInput {
  const parsed = reportInputSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details: Record<string, string> = {};
  for (const issue of parsed.error.issues.slice(0, 20)) details[issue.path.join('.') || '(root)'] = issue.message;
  throw new AriadneError('VALIDATION_FAILED', `The report input is not valid: ${Object.keys(details).join(', ')}.`, { details });
}
