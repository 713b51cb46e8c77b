/**
 * `ariadne monitor …` (issue 7): the command definitions, their help with examples, and the lazy
 * loading of each command's code, so `ariadne --help` pays for neither the analyses nor the
 * database. The work is in `monitor-analyses.ts` (hotspots, routes: on a file or the store),
 * `monitor-publish.ts` (import, release through the publication gate, ledger, reports),
 * `monitor-sources.ts` (files in and out, places) and `monitor-settings.ts` (budget, k, filters).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliConfig } from '../config.ts';
import type { Io } from '../io.ts';

const load = {
  analyses: () => import('./monitor-analyses.ts'),
  publish: () => import('./monitor-publish.ts'),
};

const KINDS = ['hxl', 'acled', 'htcds', 'glotip', 'boundaries'];
const TABLES = [
  'incidents-by-period', 'incidents-by-country-period', 'incidents-by-pcode-period', 'incidents-by-form', 'incidents-by-category',
  'incidents-by-perpetrator', 'victims-by-sex-age', 'corridors', 'hotspot-cells-by-category', 'hotspot-cells-by-period',
];

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d{1,9}$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(value) || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0, e.g. 0.5.');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface MonitorCommandDeps {
  readonly config: () => CliConfig;
  readonly io: Io;
  readonly setExit: (code: number) => void;
  /** the privacy budget and k are read from it (ARIADNE_MONITORING_*), as `serve` reads them */
  readonly environment: NodeJS.ProcessEnv;
}

const SOURCE_HELP = `
Figures are true counts for the analyst (counts below k are marked "small"): publish only through \`monitor release\`.
Filters: --from/--to (YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY), --countries XX,YY, --categories, --forms, --groups,
--pcodes, --verification (default verified, as the API; "all" for every status).
Exit code 2: a bad option or an analysis that cannot run (too few time steps); 5: the file is unreadable or malformed.`;

/** Adds `monitor …` to the program. */
export function addMonitorCommands(program: Command, { config, io, setExit, environment }: MonitorCommandDeps): void {
  const monitor = program.command('monitor').description('Monitoring and reporting (issue 7): import outside data, find hotspots and routes, publish tables through the publication gate, write reports.');

  const withFilters = (cmd: Command) => cmd
    .option('--from <date>', 'first day, month, quarter or year')
    .option('--to <date>', 'last day, month, quarter or year')
    .option('--countries <list>', 'ISO 3166-1 alpha-2 codes, comma-separated')
    .option('--pcodes <list>', 'P-codes, comma-separated')
    .option('--categories <list>', 'incident categories (tip:recruitment, crsv:rape, …), comma-separated')
    .option('--forms <list>', 'forms of exploitation (forced_labour, …), comma-separated')
    .option('--groups <list>', 'perpetrator groups as the sources name them, comma-separated')
    .option('--verification <list>', 'statuses counted: reported, verified, unverified, discredited, or all (default verified)');
  const withSource = (cmd: Command) => withFilters(cmd)
    .option('--input <file>', 'an HXL-tagged, ACLED or HTCDS CSV file, analysed directly (no store)')
    .option('--store', "analyse the store's imported datasets instead", false)
    .addOption(new Option('--kind <kind>', 'the kind of --input (default: detected)').choices(['hxl', 'acled', 'htcds']))
    .option('--output <file>', 'write the JSON to a new file (mode 0600, never overwritten) instead of stdout');

  monitor.command('import')
    .description("Import an outside data file into the store (HXL-tagged CSV, ACLED, HTCDS, UNODC GLOTIP workbook, GeoJSON boundaries); prints the dataset and its first problems as JSON. The same file (SHA-256) is imported once.")
    .argument('<file>', 'the file to import')
    .addOption(new Option('--kind <kind>', 'what the file is (default: detected from its content)').choices(KINDS))
    .option('--pcode-property <name>', 'boundary files: the feature property holding the P-code (default: the deepest ADMn_PCODE)')
    .option('--output <file>', 'write the JSON to a new file instead of stdout')
    .addHelpText('after', '\nPoints of later imports get the P-code of the boundary files already imported.\n\nExamples:\n  npx ariadne monitor import incidents-hxl.csv\n  npx ariadne monitor import data_glotip.xlsx --kind glotip\n  npx ariadne monitor import xx-adm2.geojson --pcode-property ADM2_PCODE\n\nExit code 3: imported, but some records were refused (listed with their record number); 5: the file is unreadable or malformed as a whole.')
    .action(async (file: string, options: import('./monitor-publish.ts').MonitorImportOptions) => setExit(await (await load.publish()).runMonitorImport(config(), io, file, options)));

  withSource(monitor.command('hotspots'))
    .description('Hot and cold spots (Getis-Ord Gi* on H3 hexagons) and emerging-hotspot classes over time (Mann-Kendall), every cell with its test and p-value; JSON.')
    .option('--resolution <n>', 'H3 resolution, 0 (continent) … 15', wholeNumber(0, 15), 6)
    .addOption(new Option('--step <step>', 'time step').choices(['week', 'month', 'year']).default('month'))
    .addHelpText('after', `${SOURCE_HELP}\n\nExamples:\n  npx ariadne monitor hotspots --input incidents-hxl.csv --resolution 5 --from 2024-01 --to 2024-12\n  npx ariadne monitor hotspots --store --countries XX --verification all --output hotspots.json`)
    .action(async (options: import('./monitor-analyses.ts').HotspotsOptions) => setExit(await (await load.analyses()).runMonitorHotspots(config(), io, options, environment)));

  withSource(monitor.command('routes'))
    .description('Routes: origin → transit → destination flows with counts and dates, corridors, and how corridors changed between two periods; JSON.')
    .addOption(new Option('--level <level>', 'aggregate places by').choices(['country', 'pcode']).default('country'))
    .option('--compare <periods...>', 'two periods to compare corridors over: the earlier then the later (each FROM..TO, or a month, quarter or year)')
    .addHelpText('after', `${SOURCE_HELP}\n\nExamples:\n  npx ariadne monitor routes --input htcds-events.csv --compare 2023 2024\n  npx ariadne monitor routes --store --level pcode --compare 2024-01..2024-06 2024-07..2024-12`)
    .action(async (options: import('./monitor-analyses.ts').RoutesOptions) => setExit(await (await load.analyses()).runMonitorRoutes(config(), io, options, environment)));

  withFilters(monitor.command('release'))
    .description("Publish a table of the catalogue over the store's data through the publication gate: cells below k suppressed, differentially private noise, the privacy budget checked and the ledger appended atomically; prints the release and the budget left.")
    .addOption(new Option('--table <id>', 'the catalogue table').choices(TABLES).makeOptionMandatory())
    .addOption(new Option('--step <step>', 'time step of the period dimension').choices(['month', 'quarter', 'year']).default('month'))
    .option('--k <n>', 'small-cell threshold (default ARIADNE_MONITORING_K, else 10; never below 5)', wholeNumber(1, 1_000_000))
    .addOption(new Option('--mechanism <mechanism>', 'noise').choices(['discrete-laplace', 'discrete-gaussian', 'none']).default('discrete-laplace'))
    .option('--epsilon <ε>', 'privacy loss of this release (default 1; none for mechanism none)', positiveNumber)
    .option('--delta <δ>', 'discrete-gaussian only: δ in (0, 1)', positiveNumber)
    .option('--title <text>', 'the release title (default: table and period)')
    .option('--max-records-per-person <n>', 'the most records one person appears in (scales the noise; default 1)', wholeNumber(1, 10_000))
    .option('--output <file>', 'write the JSON to a new file instead of stdout')
    .addHelpText('after', '\nTables whose dimension is a country, P-code or group list need that list (--countries, --pcodes, --groups): a\ndomain is never taken from the data, whose presence it would reveal.\n\nExamples:\n  npx ariadne monitor release --table incidents-by-period --from 2024-01 --to 2024-12 --epsilon 0.5\n  npx ariadne monitor release --table incidents-by-country-period --countries XX,YY --from 2024 --to 2024 --step quarter --k 10\n\nExit code 2: refused (over budget, k below 5, a bad option); nothing was released and the ledger is unchanged.')
    .action(async (options: import('./monitor-publish.ts').MonitorReleaseOptions) => setExit(await (await load.publish()).runMonitorRelease(config(), io, options, environment)));

  monitor.command('ledger')
    .description('The privacy ledger (every release: ε, δ, mechanism, k, query, date) and the budget spent and remaining; JSON.')
    .option('--output <file>', 'write the JSON to a new file instead of stdout')
    .addHelpText('after', '\nExample:\n  npx ariadne monitor ledger')
    .action(async (options: { output?: string }) => setExit(await (await load.publish()).runMonitorLedger(config(), io, options, environment)));

  monitor.command('report')
    .description('A report of released tables, each figure with its disclosure note: self-contained HTML, PDF, or one table as HXL-tagged CSV; prints what was written as JSON.')
    .requiredOption('--release <id>', 'a release (repeatable; one for hxl)', collect)
    .addOption(new Option('--format <format>', 'document format').choices(['html', 'pdf', 'hxl']).makeOptionMandatory())
    .addOption(new Option('--lang <lang>', 'language').choices(['en', 'fr', 'ar']).default('en'))
    .requiredOption('--out <file>', 'the file to write (mode 0600; never overwritten)')
    .option('--title <text>', 'the report title (default: the release title)')
    .addHelpText('after', '\nExamples:\n  npx ariadne monitor report --release mr_… --release mr_… --format pdf --lang fr --out report.pdf\n  npx ariadne monitor report --release mr_… --format hxl --out trends.csv')
    .action(async (options: import('./monitor-publish.ts').MonitorReportOptions) => setExit(await (await load.publish()).runMonitorReport(config(), io, options)));

  monitor.addHelpText('after', `
Environment (the same settings as \`serve\`):
  ARIADNE_MONITORING_EPSILON  total privacy budget ε of every release (default 5)
  ARIADNE_MONITORING_DELTA    total δ (default 1e-6)
  ARIADNE_MONITORING_K        small-cell threshold k (default 10, never below 5)`);
}
