/**
 * The privacy budget under sequential (basic) composition: releases with (ε₁, δ₁), (ε₂, δ₂), …
 * about the same people are together (Σεᵢ, Σδᵢ)-DP. This is the worst-case loss CTDC names as
 * the reason to move from k-anonymity to DP (privacy-and-data.md §3). Pure: the ledger is read,
 * never written; the caller persists the entry the gate returns.
 *
 * Arithmetic is exact on the decimals the values print as, in BigInt: with doubles 0.1 + 0.2 is
 * 0.30000000000000004 and a release that exactly uses up a budget of 0.3 would be refused (or,
 * the other way round, rounding could let a release slip over). Ledgers are short, so BigInt's
 * cost does not matter here.
 */

import { AriadneError } from '@ariadne/schema';
import type { LedgerEntry } from '../types.ts';

export interface PrivacyBudget {
  readonly epsilon: number;
  readonly delta: number;
}

export interface BudgetStatus {
  readonly total: PrivacyBudget;
  readonly spent: PrivacyBudget;
  /** total - spent, never below 0 */
  readonly remaining: PrivacyBudget;
}

/** An exact decimal coef·10^exp. */
interface Decimal {
  readonly coef: bigint;
  readonly exp: number;
}

const ZERO: Decimal = { coef: 0n, exp: 0 };

/** The exact decimal a finite non-negative number prints as (its shortest round-trip form). */
function decimalOf(x: number): Decimal {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (m === null) throw new AriadneError('INTERNAL', 'Not a non-negative decimal.');
  const fraction = m[2] ?? '';
  return { coef: BigInt(m[1]! + fraction), exp: Number(m[3] ?? 0) - fraction.length };
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = aligned(a, b);
  return { coef: x + y, exp };
}

function subtractAtLeastZero(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = aligned(a, b);
  return x > y ? { coef: x - y, exp } : ZERO;
}

function greater(a: Decimal, b: Decimal): boolean {
  const [x, y] = aligned(a, b);
  return x > y;
}

function toNumber(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

function checkAmount(value: unknown, field: string, max?: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (max !== undefined && value >= max)) {
    const range = max === undefined ? 'a finite number ≥ 0' : `a number in [0, ${max})`;
    throw new AriadneError('VALIDATION_FAILED', `${field} must be ${range}.`, { details: { [field]: range } });
  }
  return value;
}

function checkedTotal(total: PrivacyBudget): PrivacyBudget {
  return { epsilon: checkAmount(total.epsilon, 'budget.epsilon'), delta: checkAmount(total.delta, 'budget.delta', 1) };
}

function spentDecimals(ledger: readonly LedgerEntry[]): { epsilon: Decimal; delta: Decimal } {
  let epsilon = ZERO;
  let delta = ZERO;
  ledger.forEach((entry, i) => {
    // A damaged ledger must stop releases, not be read as "nothing spent".
    epsilon = add(epsilon, decimalOf(checkAmount(entry.epsilon, `ledger[${i}].epsilon`)));
    delta = add(delta, decimalOf(checkAmount(entry.delta, `ledger[${i}].delta`)));
  });
  return { epsilon, delta };
}

/** What the ledger has spent and what is left of `total`. */
export function budgetStatus(ledger: readonly LedgerEntry[], total: PrivacyBudget): BudgetStatus {
  const t = checkedTotal(total);
  const spent = spentDecimals(ledger);
  return {
    total: t,
    spent: { epsilon: toNumber(spent.epsilon), delta: toNumber(spent.delta) },
    remaining: {
      epsilon: toNumber(subtractAtLeastZero(decimalOf(t.epsilon), spent.epsilon)),
      delta: toNumber(subtractAtLeastZero(decimalOf(t.delta), spent.delta)),
    },
  };
}

/**
 * Decides whether a release costing `cost` fits: it does when spent + cost ≤ total for both ε and
 * δ (a release costing nothing always fits). Returns the status AFTER the release; throws an
 * AriadneError (CONFLICT: the request conflicts with what the ledger already holds) saying what
 * was asked and what is left when it does not fit.
 */
export function spendBudget(ledger: readonly LedgerEntry[], total: PrivacyBudget, cost: PrivacyBudget): BudgetStatus {
  const t = checkedTotal(total);
  const c = { epsilon: checkAmount(cost.epsilon, 'epsilon'), delta: checkAmount(cost.delta, 'delta', 1) };
  const spent = spentDecimals(ledger);
  const after = { epsilon: add(spent.epsilon, decimalOf(c.epsilon)), delta: add(spent.delta, decimalOf(c.delta)) };
  const details: Record<string, string> = {};
  const before = budgetStatus(ledger, t);
  if (c.epsilon > 0 && greater(after.epsilon, decimalOf(t.epsilon))) {
    details['epsilon'] = `asks ε = ${c.epsilon}; ${before.remaining.epsilon} of ${t.epsilon} is left`;
  }
  if (c.delta > 0 && greater(after.delta, decimalOf(t.delta))) {
    details['delta'] = `asks δ = ${c.delta}; ${before.remaining.delta} of ${t.delta} is left`;
  }
  if (Object.keys(details).length > 0) {
    throw new AriadneError('CONFLICT', `The release would exceed the privacy budget (${Object.values(details).join('; ')}); nothing was released.`, { details });
  }
  return {
    total: t,
    spent: { epsilon: toNumber(after.epsilon), delta: toNumber(after.delta) },
    remaining: {
      epsilon: toNumber(subtractAtLeastZero(decimalOf(t.epsilon), after.epsilon)),
      delta: toNumber(subtractAtLeastZero(decimalOf(t.delta), after.delta)),
    },
  };
}
