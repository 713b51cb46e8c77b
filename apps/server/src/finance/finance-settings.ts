/**
 * The finance service's settings: the server configuration's `finance` options with their
 * defaults filled in and checked once, so a typo in a typology or a rate stops the server at
 * startup instead of refusing every import later.
 */
import { DEFAULT_SCORING, DETECTORS, parseCurrencyTable, parseScoringConfig, type AnyDetector, type CurrencyTable, type DetectContext, type ScoringConfig } from '@ariadne/finance';
import { AriadneError } from '@ariadne/schema';
import type { FinanceOptions } from '../config.ts';

export interface FinanceSettings {
  readonly goamlConfigPath: string | null;
  readonly currency: CurrencyTable;
  readonly scoring: ScoringConfig;
  readonly detectors: ReadonlyMap<string, AnyDetector>;
  /** what every scan is told about the world (threshold, home country, conflict areas) */
  readonly context: DetectContext;
  readonly maxImportBytes: number;
  readonly streamCases: number;
  readonly streamIdleMs: number;
  readonly sseHeartbeatMs: number;
  readonly sseMaxMs: number;
}

export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const COUNTRY = /^[A-Z]{2}$/;

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new AriadneError('VALIDATION_FAILED', `finance.${name} must be a positive number.`, { details: { [name]: 'not a positive number' } });
  return value;
}

function country(code: string, name: string): string {
  if (!COUNTRY.test(code)) throw new AriadneError('VALIDATION_FAILED', `finance.${name} holds a value that is not an ISO 3166-1 alpha-2 code (upper case).`, { details: { [name]: 'not a country code' } });
  return code;
}

/** @throws AriadneError VALIDATION_FAILED naming the option at fault */
export function financeSettings(options: FinanceOptions = {}): FinanceSettings {
  const detectors: ReadonlyMap<string, AnyDetector> = options.detectors === undefined ? DETECTORS : new Map([...DETECTORS, ...options.detectors]);
  const scoring = parseScoringConfig(options.scoring ?? DEFAULT_SCORING, detectors);
  const currency = parseCurrencyTable(options.currency ?? { base: 'USD', rates: {} });
  const reportingThreshold = positive(options.reportingThreshold, 10_000, 'reportingThreshold');
  const context: DetectContext = {
    reportingThreshold,
    ...(options.homeCountry === undefined ? {} : { homeCountry: country(options.homeCountry, 'homeCountry') }),
    ...(options.conflictCountries === undefined ? {} : { conflictCountries: new Set(options.conflictCountries.map((c) => country(c, 'conflictCountries'))) }),
  };
  return {
    goamlConfigPath: options.goamlConfigPath ?? null,
    currency,
    scoring,
    detectors,
    context,
    maxImportBytes: positive(options.maxImportBytes, DEFAULT_MAX_IMPORT_BYTES, 'maxImportBytes'),
    streamCases: Math.floor(positive(options.streamCases, 4, 'streamCases')),
    streamIdleMs: positive(options.streamIdleMs, 15 * 60_000, 'streamIdleMs'),
    sseHeartbeatMs: positive(options.sseHeartbeatMs, 15_000, 'sseHeartbeatMs'),
    sseMaxMs: positive(options.sseMaxMs, 30 * 60_000, 'sseMaxMs'),
  };
}
