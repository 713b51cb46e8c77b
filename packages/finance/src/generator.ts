/**
 * Labelled synthetic transactions for tests, demos and the benchmark: realistic background
 * traffic (salaries from employers' payrolls, card payments at merchants, rent and bills to the
 * same payees each month, friends and family, ATM cash, mutual loans, shared bills forwarded,
 * suppliers, savings) with laundering and trafficking patterns hidden in it, each labelled.
 *
 * Deterministic for a seed (mulberry32 from @ariadne/network, one independent stream per stage),
 * in time order, planted transactions interleaved with the background. The stream variant holds
 * the population and the planted transactions (a few per mille) in memory and builds one day of
 * background at a time, so five million transactions never sit in memory at once.
 *
 * Everything is invented: accounts `ACC-000001`, customers `CUST-000001`, holders `Test Person 17`
 * and `ACME Synthetic Grocery 12 Ltd`, places `US-CITY-03`, banks `BANK-US-2`.
 *
 * @example
 * ```ts
 * const data = generateTransactionStream({ seed: 7, accounts: 500_000, transactions: 5_000_000 });
 * graph.addAccounts(data.accounts);
 * for (const tx of data.transactions) graph.add(tx);
 * evaluateAlerts(alerts, data.patterns, illicitTransactionIds(data.patterns), graph.size);
 * ```
 */
import { seededRandom } from '@ariadne/network';
import type { AccountRecord, CurrencyTable, TransactionRecord } from './types.ts';
import { BASE_CURRENCY, resolveGeneratorOptions, type GeneratorContext, type GeneratorOptions, type PlantedPattern } from './generator-config.ts';
import { backgroundStream } from './generator-background.ts';
import { buildPopulation } from './generator-population.ts';
import { freshNeeds, plantPatterns } from './generator-patterns.ts';
import { buildRelations } from './generator-relations.ts';
import { subSeed } from './generator-sampling.ts';

export {
  PLANTED_TYPOLOGIES, type GeneratorContext, type GeneratorOptions, type PlantedPattern, type PlantedTypology,
} from './generator-config.ts';

/** The generated data with its transactions as a re-iterable stream in time order. */
export interface GeneratedStream {
  /** KYC for every account, home and foreign */
  readonly accounts: readonly AccountRecord[];
  readonly patterns: readonly PlantedPattern[];
  readonly currency: CurrencyTable;
  readonly context: GeneratorContext;
  /** each iteration yields the same transactions in the same order */
  readonly transactions: Iterable<TransactionRecord>;
}

export interface GeneratedData extends Omit<GeneratedStream, 'transactions'> {
  readonly transactions: TransactionRecord[];
}

/**
 * The data with the transactions streamed: the population, relationships and planted patterns are
 * built now (a second or two for 500,000 accounts); the transactions when iterated.
 */
export function generateTransactionStream(options: GeneratorOptions): GeneratedStream {
  const config = resolveGeneratorOptions(options);
  const population = buildPopulation(config, freshNeeds(config), seededRandom(subSeed(config.seed, 0)));
  const relations = buildRelations(config, population, seededRandom(subSeed(config.seed, 1)));
  const idKey = subSeed(config.seed, 4);
  const planner = plantPatterns(config, population, seededRandom(subSeed(config.seed, 2)), idKey);
  const transactions = backgroundStream({ config, population, relations, planted: planner.drafts, salaryPlanned: planner.salaryPlanned, idKey });
  return {
    accounts: population.records,
    patterns: planner.patterns,
    currency: { base: BASE_CURRENCY, rates: { [BASE_CURRENCY]: 1, EUR: config.eurRate }, asOf: new Date(config.start).toISOString().slice(0, 10) },
    context: { reportingThreshold: config.reportingThreshold, homeCountry: config.homeCountry, conflictCountries: config.conflictCountries },
    transactions,
  };
}

/** The data with every transaction in one array: for tests and small sets (use the stream for millions). */
export function generateTransactions(options: GeneratorOptions): GeneratedData {
  const stream = generateTransactionStream(options);
  return { ...stream, transactions: [...stream.transactions] };
}
