/**
 * `ariadne finance …` (issue 10): the command definitions, their help texts with examples, and
 * the lazy loading of each command's code, so `ariadne --help` pays for neither the detectors nor
 * the server. The work itself is in `finance-scan.ts` (the batch scan), `finance-synthetic.ts`
 * (generate, evaluate), `finance-store.ts` (import, alerts, triage, FIU cases) and
 * `finance-report.ts` (the goAML export).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliConfig } from '../config.ts';
import type { Io } from '../io.ts';

const load = {
  scan: () => import('./finance-scan.ts'),
  synthetic: () => import('./finance-synthetic.ts'),
  store: () => import('./finance-store.ts'),
  report: () => import('./finance-report.ts'),
};

/** a whole number in min..max, for commander */
function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d{1,16}$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.`);
    }
    return n;
  };
}

function share(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?(e-?\d+)?$/i.test(value) || !Number.isFinite(n) || n < 0 || n > 0.1) throw new InvalidArgumentError('expected a share from 0 to 0.1, e.g. 0.003.');
  return n;
}

const SCAN_HELP = `
Each output line is one alert:
  {"detector": "fan-in", "typology": "…", "score": 0.82, "accounts": [...], "transactions": [ids in time order], "explanation": "…"}
MAP.json names the columns: {"id": …, "from": …, "to": …, "amount": …, "timestamp": …} and optionally currency, type,
from_bank, to_bank, from_country, to_country, location, merchant_category, reference, beneficiary_name, amount_received,
currency_received, with delimiter, decimal_separator and default_currency. Timestamps are ISO 8601 with a zone.

Examples:
  npx ariadne finance scan --transactions tx.csv --map map.json --output alerts.jsonl
  npx ariadne finance scan --transactions tx.csv --map map.json --accounts kyc.csv --accounts-map kyc-map.json \\
      --rates rates.json --context context.json --errors refused.jsonl --stats --output alerts.jsonl

Exit code 3: alerts written, but some records were refused (the first 20 on stderr with their line; all with --errors);
5: the transactions or accounts file is unreadable or malformed as a whole; 2: a bad map, configuration or option.`;

export interface FinanceCommandDeps {
  /** the configuration (ARIADNE_GOAML_CONFIG, ARIADNE_FINANCE_HOME_COUNTRY, ARIADNE_FINANCE_CONFLICT_COUNTRIES, the data folder) */
  readonly config: () => CliConfig;
  readonly io: Io;
  readonly setExit: (code: number) => void;
}

/** what the environment tells every scan about the world; a --context file overrides it key by key */
function contextOf(config: CliConfig): import('@ariadne/finance').DetectContext {
  return {
    ...(config.financeHomeCountry ? { homeCountry: config.financeHomeCountry } : {}),
    ...(config.financeConflictCountries.length > 0 ? { conflictCountries: new Set(config.financeConflictCountries) } : {}),
  };
}

/** Adds `finance …` to the program. */
export function addFinanceCommands(program: Command, { config, io, setExit }: FinanceCommandDeps): void {
  const finance = program.command('finance').description('Financial intelligence (issue 10): scan transactions for laundering and trafficking patterns, triage alerts, build FIU cases, export goAML reports.');

  finance.command('scan')
    .description('Batch scan of a transactions CSV (no database): every typology on every party, one JSON line per alert.')
    .requiredOption('--transactions <TX.csv>', 'the transactions (CSV, UTF-8)')
    .requiredOption('--map <MAP.json>', 'the column map naming the CSV\'s columns')
    .option('--output <ALERTS.jsonl>', 'where the alert lines go (written whole or not at all; default stdout)')
    .option('--accounts <KYC.csv>', 'KYC of the accounts: a customer\'s accounts are one party (with --accounts-map)')
    .option('--accounts-map <MAP.json>', 'the column map of --accounts (id, customer_id, holder_id, holder_name, kind, business_type, bank, country, city)')
    .option('--rates <RATES.json>', 'currency table {"base": "USD", "rates": {"EUR": 1.08}} (default: the map\'s default_currency, or USD, alone)')
    .option('--typologies <FILE.json>', 'scoring configuration: typologies of weighted detectors with thresholds (default: the built-in one)')
    .option('--context <FILE.json>', 'what the red flags need: {"reportingThreshold": 10000, "homeCountry": "US", "conflictCountries": ["SY"]} (default: env ARIADNE_FINANCE_HOME_COUNTRY, ARIADNE_FINANCE_CONFLICT_COUNTRIES)')
    .option('--errors <ERRORS.jsonl>', 'write every refused record here as JSON lines')
    .option('--stats', 'print the run\'s figures on stderr: transactions, parties, alerts per typology, seconds per phase, peak RSS', false)
    .option('--threads <n>', 'threads the scan runs on (default: the machine\'s cores, at most 4; each thread costs memory; 1 also times each detector)', wholeNumber(1, 64))
    .addHelpText('after', SCAN_HELP)
    .action(async (options: import('./finance-scan.ts').FinanceScanOptions) => setExit(await (await load.scan()).runFinanceScan(io, options, contextOf(config()))));

  finance.command('generate')
    .description('Write a labelled synthetic data set (transactions with planted laundering and trafficking patterns, KYC, labels, rates, context) for tests, demos and the benchmark.')
    .requiredOption('--out <DIR>', 'the folder to write into (created if missing)')
    .option('--transactions <n>', 'transactions in all (default 200,000)', wholeNumber(1_000, 20_000_000))
    .option('--accounts <n>', 'accounts, home and foreign (default 10,000)', wholeNumber(1_000, 2_000_000))
    .option('--days <n>', 'length of the period in days (default 60)', wholeNumber(28, 366))
    .option('--seed <n>', 'random seed: the same seed and options give the same files (default 1)', wholeNumber(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER))
    .option('--illicit-share <x>', 'share of transactions in planted patterns (default 0.003)', share)
    .addHelpText('after', '\nWrites transactions.csv, map.json, accounts.csv, accounts-map.json, patterns.jsonl, currency.json and context.json.\n\nExample:\n  npx ariadne finance generate --out synthetic --transactions 100000 --accounts 5000 --seed 7\n  npx ariadne finance scan --transactions synthetic/transactions.csv --map synthetic/map.json --accounts synthetic/accounts.csv \\\n      --accounts-map synthetic/accounts-map.json --rates synthetic/currency.json --context synthetic/context.json --output alerts.jsonl')
    .action(async (options: import('./finance-synthetic.ts').FinanceGenerateOptions) => setExit(await (await load.synthetic()).runFinanceGenerate(io, options)));

  finance.command('evaluate')
    .description('Score a scan\'s alerts against the planted patterns: per-typology recall, alert precision and transaction-level F1 on the illicit class, as JSON.')
    .requiredOption('--alerts <ALERTS.jsonl>', 'the output of finance scan')
    .requiredOption('--patterns <patterns.jsonl>', 'the labels written by finance generate')
    .requiredOption('--transactions <TX.csv>', 'the scanned transactions (their count is the denominator)')
    .requiredOption('--map <MAP.json>', 'the column map of --transactions')
    .addHelpText('after', '\nExample:\n  npx ariadne finance evaluate --alerts alerts.jsonl --patterns synthetic/patterns.jsonl --transactions synthetic/transactions.csv --map synthetic/map.json\n\nExit code 5: a file is unreadable or holds a malformed line (named).')
    .action(async (options: import('./finance-synthetic.ts').FinanceEvaluateOptions) => setExit(await (await load.synthetic()).runFinanceEvaluate(io, options)));

  finance.command('import')
    .description('Import transactions (and KYC) into a case of the store, scan the case and record the new alerts; prints the counts as JSON.')
    .requiredOption('--case <id>', 'the case the data belongs to')
    .requiredOption('--transactions <FILE>', 'the transactions file')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'iso20022', 'ftm']).default('csv'))
    .option('--map <MAP.json>', 'CSV only: the column map')
    .option('--accounts <KYC.csv>', 'KYC of the accounts (with --accounts-map)')
    .option('--accounts-map <MAP.json>', 'the column map of --accounts')
    .option('--rates <RATES.json>', 'currency table (default: the map\'s default_currency, or USD, alone)')
    .addHelpText('after', '\nA file the case already holds (same SHA-256) is not imported again.\n\nExamples:\n  npx ariadne finance import --case <case id> --transactions tx.csv --map map.json --accounts kyc.csv --accounts-map kyc-map.json --rates rates.json\n  npx ariadne finance import --case <case id> --transactions statement.xml --format iso20022\n\nExit code 3: imported, but some records were refused (listed); 5: the file is unreadable or malformed as a whole.')
    .action(async (options: import('./finance-store.ts').FinanceImportOptions) => setExit(await (await load.store()).runFinanceImport(config(), io, options)));

  finance.command('alerts')
    .description('Alerts of the store, highest score first, one JSON line each.')
    .option('--case <id>', 'only this case (default: every case)')
    .addOption(new Option('--status <status>', 'only this status').choices(['new', 'in_review', 'escalated', 'closed']))
    .option('--typology <id>', 'only this typology')
    .option('--limit <n>', 'at most this many', wholeNumber(1, 100_000), 100)
    .addHelpText('after', '\nExample:\n  npx ariadne finance alerts --case <case id> --status new --limit 20')
    .action(async (options: import('./finance-store.ts').FinanceAlertsOptions) => setExit(await (await load.store()).runFinanceAlerts(config(), io, options)));

  finance.command('alert')
    .description('Show an alert with its history; triage it: assign, review, close with a disposition and a note, or add a note (journalled). Prints JSON.')
    .argument('<id>', 'the alert id')
    .option('--assign <user-id>', 'assign it to this user')
    .option('--unassign', 'remove the assignee', false)
    .addOption(new Option('--status <status>', 'move it on').choices(['in_review', 'closed']))
    .addOption(new Option('--disposition <disposition>', 'the finding (required to close)').choices(['suspicious', 'not_suspicious', 'insufficient_information']))
    .option('--note <text>', 'why (required to close); alone, adds a note')
    .addHelpText('after', '\nExamples:\n  npx ariadne finance alert fa_… --assign <user id> --status in_review\n  npx ariadne finance alert fa_… --status closed --disposition not_suspicious --note "Payroll of a seasonal employer."')
    .action(async (id: string, options: import('./finance-store.ts').FinanceAlertOptions) => setExit(await (await load.store()).runFinanceAlert(config(), io, id, options)));

  finance.command('case').description('FIU cases: alerts and entities gathered for one suspicious transaction report.')
    .command('create')
    .description('Escalate alerts into a new FIU case (prints it as JSON).')
    .requiredOption('--case <id>', 'the case the alerts belong to')
    .requiredOption('--title <text>', 'the FIU case title')
    .requiredOption('--alerts <ids>', 'alert ids, comma-separated')
    .option('--report-code <code>', 'the goAML report code from the FIU\'s list (default STR)')
    .option('--reason <text>', 'the grounds for suspicion (the report\'s reason)')
    .option('--action <text>', 'what the institution did (the report\'s action)')
    .option('--indicators <codes>', 'goAML indicator codes from the FIU\'s list, comma-separated (5.0.2 needs at least one)')
    .addHelpText('after', '\nExample:\n  npx ariadne finance case create --case <case id> --title "Wage pooling, Test Employer Ltd" --alerts fa_1,fa_2 --reason "Wages of several workers pooled and swept abroad." --indicators AFQSC')
    .action(async (options: import('./finance-store.ts').FiuCaseCreateOptions) => setExit(await (await load.store()).runFiuCaseCreate(config(), io, options)));

  finance.command('report')
    .description('Export an FIU case as a goAML STR/SAR that validates against the FIU\'s schema, with a readable HTML summary beside it.')
    .requiredOption('--fiu-case <id>', 'the FIU case')
    .addOption(new Option('--schema <version>', 'the goAML schema version of the FIU').choices(['5.0.2', '2.0']).makeOptionMandatory())
    .requiredOption('--output <REPORT.xml>', 'where the XML goes (never overwritten; mode 0600)')
    .option('--summary <REPORT.html>', 'also write the readable summary here (never overwritten; mode 0600)')
    .option('--goaml-config <FILE.json>', 'the goAML configuration: reporting entity, the FIU\'s XSD, code lists and code mapping, pseudonym key (default: env ARIADNE_GOAML_CONFIG)')
    .option('--disclose-victims <purpose>', 'name victims in the report, stating why it needs them (journalled per victim); without it they are pseudonymised')
    .addHelpText('after', '\nThe report is validated against the FIU\'s XSD before anything is written; a report that would not validate lists its first problems and records nothing. Once exported, the FIU case is read-only.\n\nExample:\n  npx ariadne finance report --fiu-case fc_… --schema 5.0.2 --output report.xml --summary report.html --goaml-config goaml.json\n\nExit code 5: the case\'s data cannot make a report valid against the schema (the problems are listed); 2: the goAML configuration is missing or incomplete.')
    .action(async (options: import('./finance-report.ts').FinanceReportOptions) => setExit(await (await load.report()).runFinanceReport(config(), io, options)));
}
