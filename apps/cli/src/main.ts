/**
 * `ariadne`: Ariadne's command line. The environment is read once (`config.ts`); each command
 * opens the store, does its work and closes it. Failures print one line on stderr
 * (`ariadne: <message>`) and exit with a documented code; stack traces only with ARIADNE_DEBUG=1.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isAriadneError } from '@ariadne/schema';
import { readEnvironment, withGlobalOptions, parsePort, type CliEnvironment } from './config.ts';
import { CliError, EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit-codes.ts';
import { processIo, type Io } from './io.ts';
import { ariadneVersion } from './version.ts';
import type { ImportCommandOptions } from './commands/import.ts';

// commands load on demand, so `--help` does not pay for the server and the database driver
const commands = {
  serve: () => import('./commands/serve.ts'),
  userAdd: () => import('./commands/user-add.ts'),
  importFile: () => import('./commands/import.ts'),
  exportEntities: () => import('./commands/export.ts'),
  journalVerify: () => import('./commands/journal-verify.ts'),
  jobs: () => import('./commands/jobs.ts'),
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

function portOption(value: string): number {
  try {
    return parsePort(value, '--port');
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 100_000) throw new InvalidArgumentError('expected a whole number from 1 to 100000.');
  return n;
}

function buildProgram(env: CliEnvironment, io: Io, setExit: (code: number) => void): Command {
  const program = new Command('ariadne')
    .description('Ariadne: case data against trafficking in persons in armed conflict (UN SC res. 2331).')
    .version(ariadneVersion(), '-V, --version')
    .option('--data <dir>', 'data folder (PGlite database in <dir>/db); env ARIADNE_DATA', env.dataDir)
    .addHelpText('after', `
Environment:
  ARIADNE_DATA            data folder (default ./data)
  DATABASE_URL            use this PostgreSQL server instead of the embedded database
  PORT                    port of \`serve\` (default 8080)
  ARIADNE_PASSWORD        password for \`user add\` (else a one-time password is printed)
  ARIADNE_ADMIN_PASSWORD  password of the first admin created by \`serve\`
  ARIADNE_SECURE_COOKIES  1 when a TLS proxy serves Ariadne over https
  ARIADNE_TRUST_PROXY     1 when a reverse proxy sets X-Forwarded-For
  ARIADNE_DEBUG           1 prints stack traces

${EXIT_CODES_HELP}`)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(`ariadne: ${s.replace(/^error: /, '')}`),
    });
  const config = () => withGlobalOptions(env, program.opts<{ data: string }>());

  program.command('serve')
    .description('Start the web app and HTTP API (creates the data folder and an admin user on first run).')
    .option('--port <n>', 'port to listen on (0: any free port); env PORT', portOption, env.port)
    .option('--host <host>', 'address to listen on; use 0.0.0.0 only to serve other machines', '127.0.0.1')
    .option('--demo', 'load the synthetic demo case (invented data) and demo users once', false)
    .addHelpText('after', '\nExamples:\n  npx ariadne serve\n  npx ariadne serve --demo --port 9000\n  ARIADNE_ADMIN_PASSWORD=… npx ariadne --data /srv/ariadne serve --host 0.0.0.0')
    .action(async (options: { port: number; host: string; demo: boolean }) => setExit(await (await commands.serve()).runServe(config(), io, options)));

  const user = program.command('user').description('Manage users.');
  user.command('add')
    .description('Create a user, who must choose a new password at first sign-in.')
    .requiredOption('--username <name>', 'sign-in name (letters, digits, . _ -)')
    .requiredOption('--role <role>', 'admin, investigator, analyst, fiu_analyst, caseworker or auditor (repeatable)', collect)
    .option('--display-name <name>', 'name shown in the app')
    .addHelpText('after', '\nThe password comes from ARIADNE_PASSWORD; without it a one-time password is printed once.\n\nExamples:\n  npx ariadne user add --username a.analyst --role fiu_analyst\n  ARIADNE_PASSWORD=… npx ariadne user add --username lead --role investigator --role analyst --display-name "Case Lead"')
    .action(async (options: { username: string; role: string[]; displayName?: string }) => setExit(await (await commands.userAdd()).runUserAdd(config(), io, options)));

  program.command('import')
    .description('Import FtM JSON lines or a CSV file; bad rows are reported by line and skipped. Re-running an interrupted import resumes it.')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--format <format>', 'file format').choices(['ftm', 'csv']).makeOptionMandatory())
    .option('--mapping <file>', 'CSV only: FtM-style mapping (JSON or YAML)')
    .option('--case <id>', 'the case the entities belong to (default: reference data, e.g. sanctions lists)')
    .option('--source <name>', 'provenance name of the statements (default: import:<file name>)')
    .option('--encoding <label>', 'CSV only: the file\'s encoding, e.g. windows-1256, latin1, utf-16le (default: BOM, else UTF-8)')
    .option('--merge-fragments', 'allow an id on several lines and merge them (default: report duplicates)', false)
    .option('--errors-file <path>', 'write every bad row to this file as JSON lines')
    .option('--batch-size <n>', 'rows per transaction (default 1000)', positiveInt)
    .option('--background', 'queue the import for `ariadne worker` processes instead (needs DATABASE_URL)', false)
    .addHelpText('after', '\nExamples:\n  npx ariadne import un-sc.ftm.jsonl --format ftm --source import:un-sc\n  npx ariadne import payments.csv --format csv --mapping payments.yaml --case <case id> --encoding windows-1256 --errors-file bad.jsonl\n  DATABASE_URL=… npx ariadne import big.ftm.jsonl --format ftm --background\n\nExit code 3: finished with bad rows (listed); 5: the file is unreadable or malformed as a whole.')
    .action(async (file: string, options: ImportCommandOptions & { background: boolean }) => {
      const { background, ...rest } = options;
      setExit(background
        ? await (await commands.jobs()).runEnqueueImport(config(), io, file, rest)
        : await (await commands.importFile()).runImportCommand(config(), io, file, rest));
    });

  program.command('worker')
    .description('Run queued background imports until stopped (needs DATABASE_URL; start as many as you like, on any machine).')
    .option('--concurrency <n>', 'imports run at once by this process', positiveInt, 1)
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://ariadne@db/ariadne npx ariadne worker')
    .action(async (options: { concurrency: number }) => setExit(await (await commands.jobs()).runWorker(config(), io, options)));

  const job = program.command('job').description('Background jobs.');
  job.command('show')
    .description('Show a job\'s state, progress and result (exit 1 when it failed).')
    .argument('<id>', 'the job id printed by `import --background`')
    .addHelpText('after', '\nExample:\n  DATABASE_URL=… npx ariadne job show 0b6f…')
    .action(async (id: string) => setExit(await (await commands.jobs()).runJobShow(config(), io, id)));

  program.command('export')
    .description('Export entities as FtM JSON lines (journalled as "export").')
    .option('--case <id>', 'export this case (default: the reference data)')
    .option('--schema <name>', 'only entities of this schema')
    .option('--output <file>', 'write to a file (mode 0600) instead of stdout')
    .addHelpText('after', '\nExamples:\n  npx ariadne export --case <case id> --output case.ftm.jsonl\n  npx ariadne export --schema Person > people.ftm.jsonl')
    .action(async (options: { case?: string; schema?: string; output?: string }) => setExit(await (await commands.exportEntities()).runExport(config(), io, options)));

  const journal = program.command('journal').description('The tamper-evident journal.');
  journal.command('verify')
    .description('Recompute every entry\'s hash chain; exit 4 and name the first bad entry if it was altered.')
    .addHelpText('after', '\nExample:\n  npx ariadne journal verify')
    .action(async () => setExit(await (await commands.journalVerify()).runJournalVerify(config(), io)));
  return program;
}

function describe(error: unknown, debug: boolean): string {
  if (debug && error instanceof Error && error.stack) return `${error.stack}\n`;
  if (error instanceof CliError || isAriadneError(error)) return `ariadne: ${error.message}\n`;
  return `ariadne: unexpected error${error instanceof Error ? ` (${error.name})` : ''}; run again with ARIADNE_DEBUG=1 for details.\n`;
}

/**
 * Runs the CLI; returns the exit code.
 *
 * @example process.exitCode = await main(process.argv, process.env);
 */
export async function main(argv: readonly string[], environment: NodeJS.ProcessEnv, io: Io = processIo): Promise<number> {
  let env: CliEnvironment;
  try {
    env = readEnvironment(environment);
  } catch (error) {
    io.err(describe(error, false));
    return exitCodeOf(error);
  }
  let code: number = EXIT.OK;
  const program = buildProgram(env, io, (c) => { code = c; });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    io.err(describe(error, env.debug));
    return exitCodeOf(error);
  }
}
