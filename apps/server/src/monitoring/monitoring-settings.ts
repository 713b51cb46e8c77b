/**
 * The monitoring service's settings: the configuration's `monitoring` options with their defaults
 * filled in and checked once, so a mistyped budget stops the server at startup instead of letting
 * releases spend from a budget nobody meant.
 */
import { AriadneError } from '@ariadne/schema';
import type { MonitoringOptions } from '../config.ts';

export interface MonitoringSettings {
  /** the total privacy budget of this instance's releases */
  readonly budget: { readonly epsilon: number; readonly delta: number };
  /** small-cell threshold: releases suppress below it, internal analyses mark counts below it `small` */
  readonly defaultK: number;
  readonly maxImportBytes: number;
  readonly maxAnalysisItems: number;
  readonly hotspotWorkerThreshold: number;
}

export const DEFAULT_MONITORING_IMPORT_BYTES = 256 * 1024 * 1024;
/** UNODC's own threshold: no configuration may publish cells below it */
const MIN_K = 5;

function number(value: number | undefined, fallback: number, name: string, ok: (v: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new AriadneError('VALIDATION_FAILED', `monitoring.${name} must be ${rule}.`, { details: { [name]: rule } });
  }
  return value;
}

/** @throws AriadneError VALIDATION_FAILED naming the option at fault */
export function monitoringSettings(options: MonitoringOptions = {}): MonitoringSettings {
  const whole = (v: number) => Number.isSafeInteger(v) && v >= 0;
  return {
    budget: {
      epsilon: number(options.budgetEpsilon, 5, 'budgetEpsilon', (v) => v > 0, 'a positive number'),
      delta: number(options.budgetDelta, 1e-6, 'budgetDelta', (v) => v >= 0 && v < 1, 'a number from 0 up to (not including) 1'),
    },
    defaultK: number(options.defaultK, 10, 'defaultK', (v) => Number.isSafeInteger(v) && v >= MIN_K, `a whole number of at least ${MIN_K}`),
    maxImportBytes: number(options.maxImportBytes, DEFAULT_MONITORING_IMPORT_BYTES, 'maxImportBytes', (v) => whole(v) && v > 0, 'a positive whole number'),
    maxAnalysisItems: number(options.maxAnalysisItems, 2_000_000, 'maxAnalysisItems', (v) => whole(v) && v > 0, 'a positive whole number'),
    hotspotWorkerThreshold: number(options.hotspotWorkerThreshold, 20_000, 'hotspotWorkerThreshold', whole, 'a whole number, 0 or more'),
  };
}
