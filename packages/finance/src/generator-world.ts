/**
 * The fixed vocabulary of the synthetic world: account roles, places, banks, merchant categories
 * and lines of business. Every name is obviously invented (`US-CITY-03`, `BANK-US-2`,
 * `ACME Synthetic Grocery 12 Ltd`, `Test Person 17`).
 */
import type { GeneratorConfig } from './generator-config.ts';

/** What an account is in the synthetic world; background and patterns pick parties by role. */
export const ROLE = {
  /** an individual's main account: salary, rent, bills, card spending, friends */
  person: 0,
  /** an individual's second account (same customer): savings, some kept in EUR */
  savings: 1,
  /** a card merchant: fan-in of card payments, pays suppliers and staff */
  merchant: 2,
  /** a business paying wages: monthly payroll fan-out */
  employer: 3,
  /** a property business receiving rent */
  landlord: 4,
  /** a utility or telecom company receiving bills */
  biller: 5,
  /** an individual abroad: family receiving remittances or sending support */
  foreignPerson: 6,
  /** a supplier abroad */
  foreignBusiness: 7,
  /** a newly seen individual: light card spending, used as a mule */
  freshPerson: 8,
  /** a newly seen company with no staff and no customers: a shell */
  freshShell: 9,
  /** a newly seen individual abroad in a diaspora country: ransom contributions */
  freshDiaspora: 10,
  /** a newly seen account abroad: the spigot of rivulets */
  freshAbroad: 11,
  /** a newly seen account in a conflict country: the ransom's destination */
  freshConflict: 12,
} as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];
export const ROLE_COUNT = 13;

export const HOME_CITIES = 20;
export const HOME_BANKS = 4;

/** ISO 18245 merchant category codes with a typical card amount (USD) and a popularity weight */
export const MERCHANT_CATEGORIES: readonly { readonly mcc: string; readonly label: string; readonly median: number; readonly weight: number; readonly cash: boolean }[] = [
  { mcc: '5411', label: 'Grocery', median: 55, weight: 0.24, cash: true },
  { mcc: '5812', label: 'Restaurant', median: 38, weight: 0.17, cash: true },
  { mcc: '5814', label: 'Fast Food', median: 14, weight: 0.12, cash: true },
  { mcc: '5541', label: 'Fuel', median: 48, weight: 0.1, cash: false },
  { mcc: '5912', label: 'Pharmacy', median: 28, weight: 0.07, cash: false },
  { mcc: '5311', label: 'Department Store', median: 85, weight: 0.06, cash: false },
  { mcc: '5651', label: 'Clothing', median: 70, weight: 0.06, cash: true },
  { mcc: '5999', label: 'Retail', median: 45, weight: 0.05, cash: true },
  { mcc: '7230', label: 'Beauty Salon', median: 45, weight: 0.05, cash: true },
  { mcc: '4121', label: 'Taxi', median: 22, weight: 0.03, cash: true },
  { mcc: '7011', label: 'Hotel', median: 160, weight: 0.03, cash: false },
  { mcc: '8011', label: 'Medical', median: 120, weight: 0.02, cash: false },
];

export const EMPLOYER_TYPES = ['construction', 'agriculture', 'manufacturing', 'cleaning services', 'logistics', 'healthcare', 'software', 'education'] as const;
export const BILLER_TYPES = ['utilities', 'telecommunications', 'insurance'] as const;
export const SHELL_TYPES = ['consulting', 'import-export', 'trading', 'holding'] as const;
export const FOREIGN_BUSINESS_TYPES = ['manufacturing', 'wholesale', 'shipping'] as const;

/** Foreign countries in the scenario, minus the home and conflict countries. */
export interface Countries {
  /** where family abroad lives and suppliers sit */
  readonly abroad: readonly string[];
  /** where diaspora senders of ransom contributions live */
  readonly diaspora: readonly string[];
  readonly conflict: readonly string[];
}

const EURO_COUNTRIES = new Set(['DE', 'FR', 'NL']);

export function scenarioCountries(config: GeneratorConfig): Countries {
  const usable = (list: readonly string[]) => list.filter((c) => c !== config.homeCountry && !config.conflictCountries.includes(c));
  const abroad = usable(['MX', 'PH', 'IN', 'DE', 'FR', 'TR', 'CN', 'GB']);
  const diaspora = usable(['DE', 'GB', 'NL', 'FR', 'SE', 'CA']);
  return {
    abroad: abroad.length ? abroad : ['ZZ'],
    diaspora: diaspora.length ? diaspora : ['ZZ'],
    conflict: config.conflictCountries,
  };
}

/** accounts abroad in the euro area keep euros; home accounts keep the base currency unless flagged */
export function isEuroCountry(country: string): boolean {
  return EURO_COUNTRIES.has(country);
}

export function homeCity(country: string, i: number): string {
  return `${country}-CITY-${String(i + 1).padStart(2, '0')}`;
}

export function bankName(country: string, i: number): string {
  return `BANK-${country}-${i + 1}`;
}

export function accountId(i: number, width: number): string {
  return `ACC-${String(i + 1).padStart(width, '0')}`;
}
