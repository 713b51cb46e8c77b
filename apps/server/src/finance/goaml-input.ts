/**
 * An FIU case as a goAML report input: its transactions from the store, each side's account
 * (number, institution, holder) from the case's KYC, and each holder from the entity the KYC links
 * (a Person's names, birth date, nationality and id number; an Organization's name, registration
 * number, jurisdiction and incorporation date). A holder who is a victim is flagged so the writer
 * pseudonymises them. Codes (gender, countries) are written only when the FIU's lists hold them.
 *
 * Every side is written as a counterparty (`t_from` / `t_to`), not as the institution's own
 * client: goAML's `*_my_client` types demand full KYC (identity documents, addresses,
 * occupation) that a case's bank data rarely carries, and a report that cannot validate helps
 * nobody. Accounts the case holds KYC for are the reporting institution's own: their institution
 * defaults to the reporting entity's.
 */
import {
  CASH_ACCOUNT, type AccountRecord, type AlertLine, type CodeLists, type CurrencyTable, type GoamlAccount, type GoamlEntity, type GoamlHolder,
  type GoamlPerson, type GoamlReportInput, type GoamlReportingEntity, type GoamlSide, type GoamlTransaction, type TransactionRecord,
} from '@ariadne/finance';
import type { EntityRecord, FinanceAlert, FiuCase } from '@ariadne/store';
import { isVictim, type Holder } from './holders.ts';

const BIC = /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const GENDER_CODES: Readonly<Record<string, string>> = { male: 'M', female: 'F', other: 'O' };

export interface GoamlSources {
  readonly fiuCase: FiuCase;
  readonly transactions: readonly TransactionRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly holders: ReadonlyMap<string, Holder>;
  readonly alerts: readonly FinanceAlert[];
}

export interface GoamlInputOptions {
  readonly reportingEntity: GoamlReportingEntity;
  readonly codeLists: CodeLists;
  readonly codeMapping: GoamlReportInput['codeMapping'];
  readonly currencyCodeLocal: string;
  readonly currencyTable: CurrencyTable;
  readonly timeZone: string | undefined;
  readonly submissionDate: number;
  readonly includeVictims: boolean;
  readonly victimPurpose: string | undefined;
}

function first(entity: EntityRecord, ...props: string[]): string | undefined {
  for (const prop of props) {
    const value = entity.properties[prop]?.find((v) => v.trim() !== '');
    if (value !== undefined) return value.trim();
  }
  return undefined;
}

/** a code the FIU's list holds, or nothing */
function listed(codes: CodeLists, type: 'country_type' | 'gender_type', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const code = value.toUpperCase();
  return codes.has(type, code) ? code : undefined;
}

/** `Test Person 1` → first `Test Person`, last `1`: the family name is the last word when the entity has no name parts */
function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return { firstName: words[0] ?? name, lastName: words[0] ?? name };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
}

export function personOf(entity: EntityRecord, codes: CodeLists): GoamlPerson {
  const name = first(entity, 'name') ?? entity.caption;
  const split = splitName(name);
  const birthDate = entity.properties.birthDate?.find((d) => FULL_DATE.test(d));
  const gender = first(entity, 'gender');
  const nationality = listed(codes, 'country_type', first(entity, 'nationality', 'citizenship'));
  return {
    kind: 'person', id: entity.id,
    firstName: first(entity, 'firstName') ?? split.firstName,
    lastName: first(entity, 'lastName') ?? split.lastName,
    ...(first(entity, 'middleName') === undefined ? {} : { middleName: first(entity, 'middleName')! }),
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(gender === undefined || listed(codes, 'gender_type', GENDER_CODES[gender]) === undefined ? {} : { gender: GENDER_CODES[gender]! }),
    ...(nationality === undefined ? {} : { nationality }),
    ...(first(entity, 'idNumber') === undefined ? {} : { idNumber: first(entity, 'idNumber')! }),
  };
}

export function organisationOf(entity: EntityRecord, codes: CodeLists): GoamlEntity {
  const incorporated = entity.properties.incorporationDate?.find((d) => FULL_DATE.test(d));
  const country = listed(codes, 'country_type', first(entity, 'jurisdiction', 'country'));
  const number = first(entity, 'registrationNumber');
  return {
    kind: 'entity', id: entity.id, name: first(entity, 'name') ?? entity.caption,
    ...(number === undefined ? {} : { incorporationNumber: number }),
    ...(country === undefined ? {} : { incorporationCountry: country }),
    ...(incorporated === undefined ? {} : { incorporationDate: incorporated }),
  };
}

function holderOf(account: AccountRecord | undefined, holders: ReadonlyMap<string, Holder>, codes: CodeLists): GoamlHolder {
  const holder = account?.holderId === undefined ? undefined : holders.get(account.holderId);
  if (holder) return holder.entity.schema === 'Person' ? personOf(holder.entity, codes) : organisationOf(holder.entity, codes);
  const name = account?.holderName;
  if (name === undefined) return { kind: 'unknown' };
  if (account?.kind === 'personal') return { kind: 'person', ...splitName(name) };
  return account?.kind === 'business' || account?.kind === 'msb' ? { kind: 'entity', name } : { kind: 'unknown' };
}

function holderName(holder: GoamlHolder): string | undefined {
  if (holder.kind === 'person') return `${holder.firstName} ${holder.lastName}`;
  if (holder.kind === 'entity') return holder.name;
  return undefined;
}

/** an account as goAML writes it: the institution from KYC or the transaction, the reporting entity's for the accounts the case has KYC for */
function accountOf(ref: string, known: { kyc: AccountRecord | undefined; bank: string | undefined; holder: GoamlHolder }, own: GoamlReportingEntity): GoamlAccount {
  const { kyc, bank, holder } = known;
  const institution = kyc?.bank ?? bank;
  const isBic = institution !== undefined && BIC.test(institution);
  const ours = kyc !== undefined && (institution === undefined || institution === own.bic || institution === own.institutionName);
  return {
    number: ref,
    ...(ours
      ? { ...(own.institutionName === undefined ? {} : { institutionName: own.institutionName }), ...(own.bic === undefined ? {} : { bic: own.bic }), ...(own.institutionCode === undefined ? {} : { institutionCode: own.institutionCode }), ...(own.branch === undefined ? {} : { branch: own.branch }) }
      : { ...(institution === undefined ? {} : { institutionName: institution }), ...(isBic ? { bic: institution } : {}) }),
    // goAML 5.0.2 needs an account name: the holder's, else "Unknown" (an honest value for a counterparty known only by number)
    name: holderName(holder) ?? kyc?.holderName ?? 'Unknown',
  };
}

export function goamlInputOf(sources: GoamlSources, options: GoamlInputOptions): GoamlReportInput {
  const { fiuCase, holders } = sources;
  const kyc = new Map(sources.accounts.map((a) => [a.id, a]));
  const codes = options.codeLists;
  const sideOf = (ref: string, bank: string | undefined, country: string | undefined, other: { ref: string }): GoamlSide => {
    const countryCode = listed(codes, 'country_type', country ?? kyc.get(ref)?.country);
    if (ref === CASH_ACCOUNT) {
      // cash handed over: the person is the holder of the account on the other side, when known
      const holder = holderOf(kyc.get(other.ref), holders, codes);
      const account = kyc.get(other.ref);
      const victim = account?.holderId !== undefined && isVictim(holders.get(account.holderId));
      return { holder, ...(countryCode === undefined ? {} : { country: countryCode }), ...(victim ? { victim: true } : {}) };
    }
    const account = kyc.get(ref);
    const holder = holderOf(account, holders, codes);
    const victim = account?.holderId !== undefined && isVictim(holders.get(account.holderId));
    return {
      account: accountOf(ref, { kyc: account, bank, holder }, options.reportingEntity), holder,
      ...(countryCode === undefined ? {} : { country: countryCode }), ...(victim ? { victim: true } : {}),
    };
  };
  const transactions: GoamlTransaction[] = sources.transactions.map((tx) => ({
    id: tx.id, timestamp: tx.timestamp, amount: tx.amount, amountText: tx.amountText, currency: tx.currency, kind: tx.kind,
    ...(tx.reference === undefined ? {} : { reference: tx.reference }),
    ...(tx.location === undefined ? {} : { location: tx.location }),
    fromParty: sideOf(tx.from, tx.fromBank, tx.fromCountry, { ref: tx.to }),
    toParty: sideOf(tx.to, tx.toBank, tx.toCountry, { ref: tx.from }),
  }));
  const alerts: AlertLine[] = sources.alerts.map((a) => ({
    detector: a.detectors[0] ?? '', typology: a.typology, score: a.score, accounts: a.accounts, transactions: a.transactions, explanation: a.explanation,
  }));
  return {
    reportingEntity: options.reportingEntity,
    reportCode: fiuCase.reportCode,
    entityReference: fiuCase.id,
    submissionDate: options.submissionDate,
    currencyCodeLocal: options.currencyCodeLocal,
    ...(fiuCase.reason.trim() === '' ? {} : { reason: fiuCase.reason }),
    ...(fiuCase.action.trim() === '' ? {} : { action: fiuCase.action }),
    indicators: fiuCase.indicators,
    transactions,
    codeMapping: options.codeMapping,
    alerts,
    ...(options.includeVictims ? { includeVictims: true, victimPurpose: options.victimPurpose ?? '' } : {}),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.currencyTable.base === options.currencyCodeLocal ? { currencyTable: options.currencyTable } : {}),
  };
}
