/**
 * What differs between the two goAML schema versions the writer supports, for the values it
 * writes: lengths, the character sets some fields admit, and a few structural quirks. Read from
 * the two example schemas in `packages/finance/goaml/schemas/`. The writer checks these before
 * it writes so an analyst gets a plain error naming the field; the XSD the FIU supplies stays the
 * final judge (`exportGoamlReport` validates against it), so an FIU whose copy differs still gets
 * a precise error, from libxml2, pointing at the element.
 */

export const GOAML_SCHEMA_VERSIONS = ['2.0', '5.0.2'] as const;
export type GoamlSchemaVersion = (typeof GOAML_SCHEMA_VERSIONS)[number];

export interface TextRule {
  readonly min?: number;
  readonly max: number;
  /** the characters the schema's pattern admits (anchored); text that fails is transliterated to ASCII if that makes it fit */
  readonly pattern?: RegExp;
  /** the pattern in words, for the error message */
  readonly says?: string;
}

/** The text fields the writer emits, named after their goAML element (with the owning type where rules differ). */
export type TextField =
  | 'rentity_branch' | 'entity_reference' | 'fiu_ref_number' | 'reason' | 'action'
  | 'first_name' | 'middle_name' | 'last_name' | 'reporting_first_name' | 'reporting_last_name' | 'title'
  | 'id_number' | 'reporting_id_number' | 'occupation' | 'occupation_my_client' | 'email'
  | 'tax_reg_number' | 'tax_reg_number_my_client' | 'person_comments'
  | 'entity_name' | 'commercial_name' | 'incorporation_number' | 'business' | 'business_my_client' | 'incorporation_state' | 'tax_number'
  | 'institution_name' | 'institution_name_my_client' | 'swift' | 'institution_code' | 'branch' | 'branch_my_client'
  | 'account' | 'account_my_client' | 'account_name' | 'iban' | 'client_number' | 'beneficiary'
  | 'address' | 'city' | 'state' | 'zip'
  | 'tph_country_prefix' | 'tph_number'
  | 'transactionnumber' | 'internal_ref_number' | 'transaction_location' | 'transaction_description'
  | 'transmode_comment' | 'funds_comment'
  | 'identification_number' | 'issued_by';

export interface GoamlProfile {
  readonly version: GoamlSchemaVersion;
  /** `rentity_id` upper bound (2.0: three digits) */
  readonly maxRentityId: number;
  /** 5.0.2 opens with `schema_version` */
  readonly writesSchemaVersion: boolean;
  /** `transmode_comment` must be present (5.0.2 UAE: exactly one character) */
  readonly requiresTransmodeComment: boolean;
  /** `transaction_location` must be present (may be empty) */
  readonly requiresTransactionLocation: boolean;
  /**
   * 2.0 anchors `id_number` and `identification/number` with `^…$`, which XSD reads as literal
   * characters, so no real number validates: identity documents go into the person's comments.
   */
  readonly identityDocumentsInComments: boolean;
  /** 5.0.2 requires `state` in every address */
  readonly requiresAddressState: boolean;
  /** `t_account` (a counterparty's account) needs its institution's BIC or code, and an account name (5.0.2) */
  readonly accountNeedsInstitutionCode: boolean;
  readonly accountNeedsName: boolean;
  /** 2.0 cannot carry `institution_code` at all (maxOccurs 0): only `swift` */
  readonly acceptsInstitutionCode: boolean;
  /** 5.0.2 requires `issue_date` and `expiry_date` on an identification */
  readonly identificationNeedsDates: boolean;
  /** `t_foreign_currency/foreign_exchange_rate` is required (2.0) */
  readonly requiresExchangeRate: boolean;
  /** `t_account/institution_name` is required even for a counterparty's account (2.0) */
  readonly accountNeedsInstitutionName: boolean;
  /** `director_id/role` is required (2.0) */
  readonly directorNeedsRole: boolean;
  /**
   * What the `*_my_client` types (the reporting institution's own clients, full know-your-customer
   * data) require beyond the plain types. `'empty-ok'`: the element must be there but may be empty.
   */
  readonly myClient: {
    readonly personGender: boolean;
    readonly personIdNumber: 'no' | 'empty-ok';
    readonly personPhones: 'no' | 'empty-ok';
    readonly personAddress: boolean;
    readonly personOccupation: boolean;
    readonly personIdentification: boolean;
    readonly taxRegNumber: boolean;
    readonly entityIncorporationNumber: boolean;
    readonly entityBusiness: 'required' | 'empty-ok';
    readonly entityAddress: 'required' | 'empty-ok';
    readonly entityIncorporationState: 'no' | 'empty-ok';
    readonly entityIncorporationDate: boolean;
    /** 2.0: an entity's account carries `t_entity` or signatories, not both */
    readonly accountEntityExcludesSignatories: boolean;
    readonly accountOpened: boolean;
    readonly accountBeneficiary: 'no' | 'empty-ok';
  };
  readonly text: Readonly<Record<TextField, TextRule>>;
}

const ASCII_TEXT: Pick<TextRule, 'pattern' | 'says'> = { pattern: /^[\x20-\x7e\t\n\r]*$/, says: 'printable ASCII only' };
const NAME_2: Pick<TextRule, 'pattern' | 'says'> = { pattern: /^[A-Za-z]+(?: [A-Za-z]+)*$/, says: 'ASCII letters, words separated by single spaces' };
const LAST_NAME_2: Pick<TextRule, 'pattern' | 'says'> = { pattern: /^[A-Za-z]+$/, says: 'ASCII letters only, no spaces' };
const NAME_5: Pick<TextRule, 'pattern' | 'says'> = { pattern: /^[a-zA-Z0-9 .'-]*$/, says: "ASCII letters, digits, spaces and . ' -" };

const COMMON = {
  rentity_branch: { max: 255 },
  entity_reference: { max: 255 },
  fiu_ref_number: { max: 255 },
  title: { max: 30 },
  occupation: { min: 1, max: 255 },
  tax_number: { max: 100 },
  commercial_name: { max: 255 },
  incorporation_state: { max: 255 },
  iban: { max: 34 },
  client_number: { min: 1, max: 30 },
  beneficiary: { max: 50 },
  state: { min: 1, max: 255 },
  zip: { max: 10 },
  tph_country_prefix: { min: 1, max: 4 },
  tph_number: { min: 1, max: 50 },
  transaction_location: { max: 255 },
  funds_comment: { max: 255 },
  issued_by: { max: 255 },
} as const satisfies Partial<Record<TextField, TextRule>>;

const PROFILE_2_0: GoamlProfile = {
  version: '2.0',
  maxRentityId: 999,
  writesSchemaVersion: false,
  requiresTransmodeComment: false,
  requiresTransactionLocation: false,
  identityDocumentsInComments: true,
  requiresAddressState: false,
  accountNeedsInstitutionCode: false,
  accountNeedsName: false,
  acceptsInstitutionCode: false,
  identificationNeedsDates: false,
  requiresExchangeRate: true,
  accountNeedsInstitutionName: true,
  directorNeedsRole: true,
  myClient: {
    personGender: false,
    personIdNumber: 'no',
    personPhones: 'no',
    personAddress: true,
    personOccupation: true,
    personIdentification: false,
    taxRegNumber: false,
    entityIncorporationNumber: false,
    entityBusiness: 'required',
    entityAddress: 'required',
    entityIncorporationState: 'no',
    entityIncorporationDate: false,
    accountEntityExcludesSignatories: true,
    accountOpened: false,
    accountBeneficiary: 'no',
  },
  text: {
    ...COMMON,
    reason: { max: 4000, ...ASCII_TEXT },
    action: { max: 4000, ...ASCII_TEXT },
    first_name: { min: 2, max: 100, ...NAME_2 },
    middle_name: { max: 100, ...NAME_2 },
    last_name: { min: 2, max: 100, ...LAST_NAME_2 },
    reporting_first_name: { min: 2, max: 100, ...NAME_2 },
    reporting_last_name: { min: 2, max: 100 },
    id_number: { min: 3, max: 255 },
    reporting_id_number: { min: 3, max: 255, pattern: /^[A-Za-z0-9]{3,}$/, says: 'ASCII letters and digits' },
    occupation_my_client: { min: 3, max: 255, pattern: /^[-A-Za-z /,]+$/, says: 'ASCII letters, spaces and - / ,' },
    email: { max: 255 },
    tax_reg_number: { max: 100 },
    tax_reg_number_my_client: { max: 100 },
    person_comments: { max: 4000 },
    entity_name: { min: 2, max: 255 },
    incorporation_number: { min: 3, max: 50 },
    business: { max: 255 },
    business_my_client: { min: 3, max: 255, pattern: /^[A-Za-z0-9 ,-]+$/, says: 'ASCII letters, digits, spaces and , -' },
    institution_name: { min: 3, max: 255 },
    institution_name_my_client: { min: 3, max: 255 },
    swift: { min: 4, max: 11 },
    institution_code: { min: 1, max: 50 },
    branch: { min: 1, max: 255 },
    branch_my_client: { min: 3, max: 255 },
    account: { min: 3, max: 50, pattern: /^[A-Za-z0-9\\|_/-]+$/, says: 'ASCII letters, digits and \\ | _ / -' },
    account_my_client: { min: 3, max: 50 },
    account_name: { min: 1, max: 255 },
    address: { min: 8, max: 100 },
    city: { min: 2, max: 255, pattern: /^[\sA-Za-z-]{2,}.*[A-Za-z].*$/, says: 'starting with two ASCII letters' },
    transactionnumber: { min: 1, max: 50 },
    internal_ref_number: { min: 1, max: 50 },
    transaction_description: { max: 4000 },
    transmode_comment: { max: 50 },
    identification_number: { min: 3, max: 255 },
  },
};

const PROFILE_5_0_2: GoamlProfile = {
  version: '5.0.2',
  maxRentityId: 2_147_483_647,
  writesSchemaVersion: true,
  requiresTransmodeComment: true,
  requiresTransactionLocation: true,
  identityDocumentsInComments: false,
  requiresAddressState: true,
  accountNeedsInstitutionCode: true,
  accountNeedsName: true,
  acceptsInstitutionCode: true,
  identificationNeedsDates: true,
  requiresExchangeRate: false,
  accountNeedsInstitutionName: false,
  directorNeedsRole: false,
  myClient: {
    personGender: true,
    personIdNumber: 'empty-ok',
    personPhones: 'empty-ok',
    personAddress: false,
    personOccupation: false,
    personIdentification: true,
    taxRegNumber: true,
    entityIncorporationNumber: true,
    entityBusiness: 'empty-ok',
    entityAddress: 'empty-ok',
    entityIncorporationState: 'empty-ok',
    entityIncorporationDate: true,
    accountEntityExcludesSignatories: false,
    accountOpened: true,
    accountBeneficiary: 'empty-ok',
  },
  text: {
    ...COMMON,
    reason: { max: 8000 },
    action: { max: 8000 },
    first_name: { min: 1, max: 100, ...NAME_5 },
    middle_name: { max: 100, ...NAME_5 },
    last_name: { min: 1, max: 100, ...NAME_5 },
    reporting_first_name: { min: 1, max: 100, ...NAME_5 },
    reporting_last_name: { min: 1, max: 100, ...NAME_5 },
    id_number: { max: 255 },
    reporting_id_number: { max: 255 },
    occupation_my_client: { min: 1, max: 255 },
    email: {
      max: 255,
      pattern: /^[_a-zA-Z0-9+-]+(?:\.[_a-zA-Z0-9+-]+)*@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,15}$/,
      says: 'an e-mail address in ASCII',
    },
    tax_reg_number: { max: 100 },
    tax_reg_number_my_client: { min: 1, max: 1 },
    person_comments: { max: 8000 },
    entity_name: { min: 1, max: 255, ...NAME_5 },
    incorporation_number: { min: 1, max: 50 },
    business: { max: 255 },
    business_my_client: { max: 255 },
    institution_name: { min: 1, max: 255 },
    institution_name_my_client: { min: 1, max: 255 },
    swift: { min: 1, max: 11 },
    institution_code: { min: 1, max: 50 },
    branch: { min: 1, max: 255 },
    branch_my_client: { min: 1, max: 255 },
    account: { min: 1, max: 255 },
    account_my_client: { min: 1, max: 255 },
    account_name: { min: 1, max: 255, ...NAME_5 },
    address: { min: 1, max: 100 },
    city: { min: 1, max: 255 },
    transactionnumber: { min: 1, max: 100 },
    internal_ref_number: { min: 1, max: 100 },
    transaction_description: { max: 8000 },
    transmode_comment: { min: 1, max: 1 },
    identification_number: { max: 255 },
  },
};

export const GOAML_PROFILES: Readonly<Record<GoamlSchemaVersion, GoamlProfile>> = {
  '2.0': PROFILE_2_0,
  '5.0.2': PROFILE_5_0_2,
};
