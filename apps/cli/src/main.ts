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
// command definitions only: each finance command loads its code when it runs
import { addFinanceCommands } from './commands/finance.ts';
import { addMonitorCommands } from './commands/monitor.ts';

// commands load on demand, so `--help` does not pay for the server and the database driver
const commands = {
  serve: () => import('./commands/serve.ts'),
  userAdd: () => import('./commands/user-add.ts'),
  importFile: () => import('./commands/import.ts'),
  exportEntities: () => import('./commands/export.ts'),
  journalVerify: () => import('./commands/journal-verify.ts'),
  jobs: () => import('./commands/jobs.ts'),
  evidence: () => import('./commands/evidence.ts'),
  cases: () => import('./commands/cases.ts'),
  ledger: () => import('./commands/ledger.ts'),
  screen: () => import('./commands/screen.ts'),
  lists: () => import('./commands/lists.ts'),
  review: () => import('./commands/review.ts'),
  names: () => import('./commands/names.ts'),
  network: () => import('./commands/network.ts'),
  link: () => import('./commands/link.ts'),
  share: () => import('./commands/share.ts'),
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

function score(value: string): number {
  const n = Number(value);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(value)) throw new InvalidArgumentError('expected a score from 0 to 1, e.g. 0.7.');
  return n;
}

/** a tree size or journal seq: a whole number from 1 to 2^53 */
function treeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d{1,16}$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number from 1.');
  return n;
}

type NetworkSource = import('./commands/network.ts').NetworkSourceOptions;

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0 || n > 100) throw new InvalidArgumentError('expected a positive number up to 100, e.g. 1.0.');
  return n;
}

/** `ariadne network …`: one subcommand per analysis, each on --case or --file with the same filters */
function addNetworkCommands(program: Command, config: () => ReturnType<typeof withGlobalOptions>, io: Io, setExit: (code: number) => void): void {
  const network = program.command('network').description('Network analysis of a case or an FtM JSON lines file (issue 5): centrality, communities, structure, paths, ego networks, disruption plans, timelines, exports. Prints JSON.');
  const withSource = (cmd: Command) => cmd
    .option('--case <id>', 'analyse this case of the store')
    .option('--file <ftm.jsonl>', 'analyse an FtM JSON lines file instead')
    .option('--from <date>', 'keep ties active on or after this date (YYYY[-MM[-DD]])')
    .option('--to <date>', 'keep ties active on or before this date')
    .option('--dated-only', 'leave out ties without dates', false)
    .option('--kinds <list>', 'relation kinds to keep, comma-separated (membership, payment, communication, movement, exploitation, family, associate, ownership, identifier, other)')
    .option('--sources <list>', 'keep ties asserted by these provenance sources, comma-separated')
    .option('--no-shared', 'do not link entities that share a phone, e-mail, account or document number')
    .option('--include-sealed', "include victims' sealed records (each read is journalled)", false);
  const run = (request: (o: Record<string, unknown>) => import('@ariadne/network').AnalysisRequest) => async (options: NetworkSource & Record<string, unknown>) =>
    setExit(await (await commands.network()).runNetworkAnalysis(config(), io, options, request(options)));
  const measure = () => new Option('--measure <measure>', 'centrality measure').choices(['degree', 'betweenness', 'eigenvector', 'pagerank']).default('betweenness');

  withSource(network.command('show').description('The network itself: nodes, ties and what the build dropped.'))
    .action(async (options: NetworkSource) => setExit(await (await commands.network()).runNetworkShow(config(), io, options)));
  withSource(network.command('centrality').description('Rank nodes by degree, betweenness (exact, or sampled on large graphs), eigenvector or PageRank, each with its explanation.'))
    .addOption(measure())
    .option('--top <n>', 'how many to list', positiveInt, 20)
    .option('--sample <n>', 'betweenness from n sampled pivots (default: exact up to 20,000 nodes)', positiveInt)
    .option('--between-sources <role>', 'betweenness counting only paths from these roles (repeatable)', collect)
    .option('--between-targets <role>', '… to these roles (repeatable)', collect)
    .addHelpText('after', '\nExamples:\n  npx ariadne network centrality --case <id> --measure betweenness --top 10\n  npx ariadne network centrality --file case.ftm.jsonl --between-sources recruiter --between-targets schema:Address')
    .action(run((o) => ({
      kind: 'centrality', measure: o.measure as 'betweenness', top: o.top as number, sample: (o.sample as number | undefined) ?? 'auto',
      ...(o.betweenSources || o.betweenTargets ? { between: { sources: (o.betweenSources as string[] | undefined) ?? [], targets: (o.betweenTargets as string[] | undefined) ?? [] } } : {}),
    })));
  withSource(network.command('communities').description('Groups that are tied more among themselves than to the rest (Louvain or Leiden), with modularity.'))
    .addOption(new Option('--method <method>', 'algorithm').choices(['louvain', 'leiden']).default('leiden'))
    .option('--resolution <r>', 'higher finds smaller groups', nonNegativeNumber, 1)
    .option('--seed <n>', 'random seed (same seed, same answer)', positiveInt, 1)
    .action(run((o) => ({ kind: 'communities', method: o.method as 'leiden', resolution: o.resolution as number, seed: o.seed as number })));
  withSource(network.command('structure').description('Components, k-cores, cut vertices and bridges: where the network is dense and where it hangs by a thread.'))
    .option('--top <n>', 'how many to list', positiveInt, 20)
    .action(run((o) => ({ kind: 'structure', top: o.top as number })));
  withSource(network.command('paths').description('Shortest, k shortest, or all paths up to a length between two entities.'))
    .requiredOption('--from-entity <id>', 'the first entity id')
    .requiredOption('--to-entity <id>', 'the second entity id')
    .addOption(new Option('--mode <mode>', 'which paths').choices(['shortest', 'k-shortest', 'all']).default('shortest'))
    .option('--k <n>', 'how many shortest paths (k-shortest)', positiveInt, 3)
    .option('--max-length <n>', 'longest path in ties (all; at most 10)', positiveInt, 4)
    .action(run((o) => ({ kind: 'paths', from: o.fromEntity as string, to: o.toEntity as string, mode: o.mode as 'shortest', k: o.k as number, maxLength: o.maxLength as number })));
  withSource(network.command('ego').description("An entity's neighbourhood up to a radius, as a network."))
    .requiredOption('--entity <id>', 'the entity id')
    .option('--radius <n>', 'ties away from the entity', positiveInt, 1)
    .action(run((o) => ({ kind: 'ego', id: o.entity as string, radius: o.radius as number })));
  withSource(network.command('disruption').description('The k entities whose removal (arrest, account freeze) most fragments the network or cuts sources from targets, against the top-k-by-degree baseline.'))
    .option('--k <n>', 'how many to remove (1–50)', positiveInt, 5)
    .addOption(new Option('--objective <objective>', 'what to maximise').choices(['fragmentation', 'distance-fragmentation', 'cut']).default('fragmentation'))
    .option('--source-role <role>', 'cut: the roles to separate from the targets, e.g. recruiter or schema:BankAccount (repeatable)', collect)
    .option('--target-role <role>', 'cut: the target roles, e.g. buyer or id:<entity id> (repeatable)', collect)
    .option('--no-local-search', 'greedy only')
    .addHelpText('after', '\nExamples:\n  npx ariadne network disruption --case <id> --k 5\n  npx ariadne network disruption --case <id> --objective cut --source-role recruiter --target-role buyer')
    .action(run((o) => ({
      kind: 'disruption', k: o.k as number, objective: o.objective as 'cut', localSearch: o.localSearch as boolean,
      ...(o.sourceRole ? { sources: o.sourceRole as string[] } : {}), ...(o.targetRole ? { targets: o.targetRole as string[] } : {}),
    })));
  withSource(network.command('timeline').description('Who became central when: the centrality ranking per month, quarter or year, and who rose.'))
    .addOption(measure().default('degree'))
    .addOption(new Option('--interval <interval>', 'window length').choices(['month', 'quarter', 'year']).default('quarter'))
    .option('--top <n>', 'how many per window', positiveInt, 10)
    .action(run((o) => ({ kind: 'timeline', measure: o.measure as 'degree', interval: o.interval as 'quarter', top: o.top as number })));
  withSource(network.command('export').description('The network as GEXF (Gephi) or GraphML (Cytoscape, yEd); journalled for a case.'))
    .addOption(new Option('--format <format>', 'file format').choices(['gexf', 'graphml']).makeOptionMandatory())
    .option('--output <file>', 'write to a file (mode 0600, never overwritten) instead of stdout')
    .action(async (options: NetworkSource & { format: 'gexf'; output?: string }) => setExit(await (await commands.network()).runNetworkExport(config(), io, options)));
}

/** a Dice threshold: a number in (0, 1] */
function diceThreshold(value: string): number {
  const n = Number(value);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(value) || !(n > 0 && n <= 1)) throw new InvalidArgumentError('expected a Dice score above 0 and at most 1, e.g. 0.8.');
  return n;
}

const LINK_HELP = `
Run without a subcommand, \`link\` is \`link run\`: the whole protocol for one party holding both sides.
  npx ariadne link --schema examples/linkage/febrl.schema.json --a dataset4a.csv --b dataset4b.csv --output pairs.csv

Two parties, each keeping its records (the matcher sees random tokens and Bloom filters, never a name or an id):
  npx ariadne link secret --output link.key                      # one party; hand link.key to the other safely
  npx ariadne link encode --schema S.json --input mine.csv --secret-file link.key --output mine.clk --map mine.map
  npx ariadne link match --a a.clk --b b.clk --output pairs.csv  # the matcher: token_a,token_b, no scores
  npx ariadne link resolve --map mine.map --pairs pairs.csv --side a --output mine-pairs.csv

Records files: CSV with a header, the record id first (FEBRL's ", " separator is fine), UTF-8.
Exit code 2: a bad option, linkage schema (unknown key, fewer than 3 encoded fields…) or secret file (short,
not hex, readable by others); 5: a records, CLK, map or pairs file is missing, unreadable, malformed (the line
is named), lacks a column the schema needs, or does not fit its partner file. Outputs are written whole or not at all.`;

/** `ariadne link …`: record linkage through files (issue 8); no database */
function addLinkCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const link = program.command('link')
    .description('Privacy-preserving record linkage (CLK Bloom filters, keyed blocking, Dice, one-to-one): find the people two files both hold without revealing anyone else.')
    .addHelpText('after', LINK_HELP);
  link.command('run', { isDefault: true })
    .description('The whole protocol for one party holding both sides: a fresh secret, both sides encoded, blocked, matched one to one; writes a_id,b_id,score (one row per linked pair) and a one-line summary on stderr.')
    .requiredOption('--schema <SCHEMA.json>', 'the linkage schema (fields, weights, blocking keys, threshold)')
    .requiredOption('--a <A.csv>', "side a's records (header, record id first)")
    .requiredOption('--b <B.csv>', "side b's records")
    .requiredOption('--output <PAIRS.csv>', 'where the pairs go (mode 0600; written whole or not at all)')
    .option('--threshold <t>', "Dice score at or above which a pair may link (default: the schema's, else 0.8)", diceThreshold)
    .option('--no-blocking', 'compare every pair instead of the pairs sharing a blocking key')
    .option('--secret-file <K>', 'use this secret (hex) instead of a fresh one, e.g. to compare with the two-party steps')
    .addHelpText('after', `\nExample:\n  npx ariadne link --schema examples/linkage/febrl.schema.json --a dataset4a.csv --b dataset4b.csv --output pairs.csv\n${LINK_HELP.slice(LINK_HELP.indexOf('Records files'))}`)
    .action(async (options: import('./commands/link.ts').LinkRunOptions) => setExit(await (await commands.link()).runLink(io, options)));
  link.command('secret')
    .description('Make a fresh linkage secret (256 bits, hex) in a new file of mode 0600; one secret per linkage, never reused.')
    .requiredOption('--output <K>', 'the secret file to create (never overwritten)')
    .addHelpText('after', '\nExample:\n  npx ariadne link secret --output link.key')
    .action(async (options: { output: string }) => setExit(await (await commands.link()).runLinkSecret(io, options)));
  link.command('encode')
    .description("Encode a party's records: the CLK file for the matcher (random tokens, Bloom filters and keyed blocking hashes; no name, no id) and the party's private token map (token,id).")
    .requiredOption('--schema <SCHEMA.json>', 'the linkage schema both parties use')
    .requiredOption('--input <A.csv>', 'the records (header, record id first)')
    .requiredOption('--secret-file <K>', 'the shared secret of this linkage (at least 32 hex digits; mode 0600)')
    .requiredOption('--output <A.clk>', 'the CLK file to give the matcher')
    .requiredOption('--map <A.map>', 'the token map to keep (it turns the matched tokens back into your ids)')
    .addHelpText('after', '\nExample:\n  npx ariadne link encode --schema febrl.schema.json --input a.csv --secret-file link.key --output a.clk --map a.map\n\nExit code 2: a bad schema or secret file; 5: the records file is missing, malformed or lacks a column.')
    .action(async (options: import('./commands/link.ts').LinkEncodeOptions) => setExit(await (await commands.link()).runLinkEncode(io, options)));
  link.command('match')
    .description("The matcher: two parties' CLK files in, the matched pairs of tokens out (token_a,token_b; one to one; no scores).")
    .requiredOption('--a <A.clk>', "side a's CLK file")
    .requiredOption('--b <B.clk>', "side b's CLK file")
    .requiredOption('--output <PAIRS.csv>', 'where the token pairs go (written whole or not at all)')
    .option('--threshold <t>', 'Dice score at or above which a pair may match (default 0.8)', diceThreshold)
    .option('--no-blocking', 'compare every pair instead of the pairs sharing a blocking hash')
    .addHelpText('after', '\nExample:\n  npx ariadne link match --a a.clk --b b.clk --output pairs.csv\n\nExit code 5: a CLK file is missing or malformed (the line is named), or the two were made with different schemas.')
    .action(async (options: import('./commands/link.ts').LinkMatchOptions) => setExit(await (await commands.link()).runLinkMatch(io, options)));
  link.command('resolve')
    .description("A party maps the matcher's token pairs back to its own record ids: writes token_a,token_b,a_id (or b_id).")
    .requiredOption('--map <A.map>', 'your token map (from link encode)')
    .requiredOption('--pairs <PAIRS.csv>', 'the token pairs (from link match)')
    .addOption(new Option('--side <side>', 'which side you encoded').choices(['a', 'b']).makeOptionMandatory())
    .requiredOption('--output <IDS.csv>', 'where your resolved pairs go (mode 0600)')
    .addHelpText('after', "\nExample:\n  npx ariadne link resolve --map a.map --pairs pairs.csv --side a --output a-pairs.csv\n\nExit code 5: a file is missing or malformed, or a token of your side is not in the map (the other side's map?).")
    .action(async (options: import('./commands/link.ts').LinkResolveOptions) => setExit(await (await commands.link()).runLinkResolve(io, options)));
}

/** `ariadne share …`: this instance's sharing identity, partners, agreements and packages (issue 8) */
function addShareCommands(program: Command, { config, io, setExit, environment }: {
  config: () => ReturnType<typeof withGlobalOptions>; io: Io; setExit: (code: number) => void; environment: NodeJS.ProcessEnv;
}): void {
  const context = () => ({ config: config(), io, environment });
  const share = program.command('share').description('Information sharing with partner Ariadne instances (issue 8): identity, partners, agreements, packages. Lists are tab-separated.');
  share.command('identity')
    .description('This instance\'s sharing identity: created on first use (<data>/sharing.key, mode 0600; named ARIADNE_SHARING_NAME or "Ariadne <instance id>"); prints its public party card (JSON) and, on stderr, its fingerprint. The card carries our ledger verifier key when there is one (ARIADNE_LEDGER_KEY or <data>/ledger.key; never created here).')
    .option('--card <FILE>', 'write the card to this file instead of stdout')
    .addHelpText('after', '\nSend the card to each partner and read them the fingerprint by phone or in person.\n\nExamples:\n  npx ariadne share identity --card our-card.json\n  ARIADNE_SHARING_NAME="FIU Examplestan" npx ariadne share identity')
    .action(async (options: { card?: string }) => setExit(await (await commands.share()).runShareIdentity(context(), options)));
  const partner = share.command('partner').description('Partners: other Ariadne instances, known by their party card.');
  partner.command('add')
    .description('Register a partner from its party card (after confirming its fingerprint with them out of band); prints its id.')
    .requiredOption('--card <FILE>', 'the partner\'s card (the output of their `share identity`)')
    .option('--note <TEXT>', 'who they are, how the fingerprint was confirmed')
    .addHelpText('after', '\nExit code 5: the card is missing or malformed (or its fingerprint does not match its key); 2: the partner is already registered.\n\nExample:\n  npx ariadne share partner add --card fiu-card.json --note "Fingerprint confirmed by phone with the FIU duty officer, 2026-05-02"')
    .action(async (options: { card: string; note?: string }) => setExit(await (await commands.share()).runSharePartnerAdd(context(), options)));
  partner.command('ledger-key')
    .description('Set (or clear) the ledger verifier key of a registered partner, for one registered before it published it or that rotated it; prints its fingerprint. Their evidence bundles are then checked against it.')
    .argument('<PARTNER_ID>', 'the partner id (see `share partners`)')
    .option('--key <KEY>', 'the partner\'s ledger verifier key, name+key id+base64 key (their `GET /api/ledger/key`, or the ledgerKey of their card)')
    .option('--clear', 'remove the key: their bundles are checked against the key they carry')
    .addHelpText('after', '\nConfirm the printed fingerprint with the partner by phone or in person. Exit code 5: not a verifier key (or its key id does not match the key); 2: unknown partner, or neither/both of --key and --clear.\n\nExamples:\n  npx ariadne share partner ledger-key sp_… --key "fiu.example/log+1a2b3c4d+AQ…"\n  npx ariadne share partner ledger-key sp_… --clear')
    .action(async (partnerId: string, options: { key?: string; clear?: boolean }) => setExit(await (await commands.share()).runSharePartnerLedgerKey(context(), partnerId, options)));
  share.command('partners')
    .description('Partners: id, name, fingerprint, registered, note (tab-separated).')
    .action(async () => setExit(await (await commands.share()).runSharePartners(context())));
  share.command('agreements')
    .description('Sharing agreements: id, status, direction, approvals, partner, case, valid until, title (tab-separated).')
    .option('--case <id>', 'only this case\'s')
    .action(async (options: { case?: string }) => setExit(await (await commands.share()).runShareAgreements(context(), options)));
  const agreement = share.command('agreement').description('Approve or revoke a sharing agreement.');
  agreement.command('approve')
    .description('Approve an agreement as a user (their password in ARIADNE_PASSWORD; they need share:approve and membership of its case). It becomes active at its required number of distinct approvers.')
    .argument('<id>', 'the agreement id')
    .requiredOption('--as <username>', 'the user approving')
    .addHelpText('after', '\nExample:\n  ARIADNE_PASSWORD=… npx ariadne share agreement approve sa_… --as a.investigator')
    .action(async (id: string, options: { as: string }) => setExit(await (await commands.share()).runShareAgreementApprove(context(), id, options)));
  agreement.command('revoke')
    .description('Revoke an agreement for good (journalled with the reason): what was received under it is purged and, when it was in force, the partner is sent a revocation package.')
    .argument('<id>', 'the agreement id')
    .requiredOption('--reason <text>', 'why')
    .option('--output <FILE>', 'copy the revocation package here (default: it stays in <data>/shares/outgoing)')
    .addHelpText('after', '\nExample:\n  npx ariadne share agreement revoke sa_… --reason "MoU terminated on 2026-06-30." --output revocation.ariadne-share')
    .action(async (id: string, options: { reason: string; output?: string }) => setExit(await (await commands.share()).runShareAgreementRevoke(context(), id, options)));
  share.command('send')
    .description("Send the agreement's case, reduced to its terms (fields dropped, victims pseudonymised, consent checked), as one package signed by us and encrypted to the partner.")
    .argument('<agreement>', 'the agreement id (active, outgoing or both, within its dates)')
    .requiredOption('--output <FILE>', 'where the package goes (never overwritten); give it to the partner')
    .option('--omit-without-consent', "leave out victims' records without consent for the agreement's purpose, instead of refusing the send", false)
    .addHelpText('after', '\nExit code 2: nothing was sent (agreement not active or expired, a victim\'s consent missing: their record ids are named), or FILE exists.\n\nExample:\n  npx ariadne share send sa_… --output to-partner.ariadne-share')
    .action(async (id: string, options: { output: string; omitWithoutConsent: boolean }) => setExit(await (await commands.share()).runShareSend(context(), id, options)));
  share.command('receive')
    .description("Verify a partner's package (decryption, signature, addressee, hashes, sender, agreement, dates, replay, conformance to the terms) and import it all or nothing, the partner the provenance of every statement.")
    .argument('<file>', 'the package (.ariadne-share)')
    .addHelpText('after', '\nExit code 4: the package was refused (the reason is printed, the refusal recorded); nothing was imported. 5: the file cannot be read.\n\nExample:\n  npx ariadne share receive from-partner.ariadne-share')
    .action(async (file: string) => setExit(await (await commands.share()).runShareReceive(context(), file)));
  share.command('packages')
    .description('Packages sent and received: id, direction, status, kind, sequence, agreement, partner, bytes, at, expires, refusal (tab-separated).')
    .option('--agreement <id>', 'only under this agreement')
    .addOption(new Option('--direction <direction>', 'only these').choices(['outgoing', 'incoming']))
    .action(async (options: { agreement?: string; direction?: 'outgoing' | 'incoming' }) => setExit(await (await commands.share()).runSharePackages(context(), options)));
}

function buildProgram(env: CliEnvironment, io: Io, setExit: (code: number) => void, environment: NodeJS.ProcessEnv): Command {
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
  ARIADNE_LEDGER_KEY      the journal log's C2SP signer key (else <data>/ledger.key, created mode 0600)
  ARIADNE_LEDGER_ORIGIN   the journal log's name (default ariadne.local/<instance id>)
  ARIADNE_CHECKPOINT_ENTRIES  \`serve\` signs a checkpoint after this many new entries (default 1000)
  ARIADNE_CHECKPOINT_SECONDS  …and every this many seconds when the journal grew (default 60)
  ARIADNE_VAULT_KEY       the evidence vault's master key, base64 of 32 bytes (else <data>/vault.key, created mode 0600)
  ARIADNE_GOAML_CONFIG    the goAML configuration of \`finance report\` and \`serve\` (reporting entity, FIU schemas, code lists, pseudonym key)
  ARIADNE_FINANCE_HOME_COUNTRY       the institution's country (ISO 3166-1 alpha-2): what "abroad" means to the finance red flags
  ARIADNE_FINANCE_CONFLICT_COUNTRIES areas where armed groups operate, comma-separated (e.g. SY,YE,SD)
  ARIADNE_MONITORING_EPSILON  the total privacy budget ε every published monitoring table spends from (default 5)
  ARIADNE_MONITORING_DELTA    …and its δ (default 1e-6)
  ARIADNE_MONITORING_K        the small-cell threshold of published tables (default 10, never below 5)
  ARIADNE_SHARING_NAME    this instance's name in its sharing identity, when <data>/sharing.key is created (default "Ariadne <instance id>")
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
    .action(async (options: { port: number; host: string; demo: boolean }) => setExit(await (await commands.serve()).runServe(config(), io, options, environment)));

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
    .description('Run queued background imports and re-screening until stopped (needs DATABASE_URL; start as many as you like, on any machine).')
    .option('--concurrency <n>', 'imports run at once by this process', positiveInt, 1)
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://ariadne@db/ariadne npx ariadne worker')
    .action(async (options: { concurrency: number }) => setExit(await (await commands.jobs()).runWorker(config(), io, options)));

  const job = program.command('job').description('Background jobs.');
  job.command('show')
    .description('Show a job\'s state, progress and result (exit 1 when it failed).')
    .argument('<id>', 'the job id printed by `import --background`')
    .addHelpText('after', '\nExample:\n  DATABASE_URL=… npx ariadne job show 0b6f…')
    .action(async (id: string) => setExit(await (await commands.jobs()).runJobShow(config(), io, id)));

  program.command('screen')
    .description('Batch screening: every query of a CSV against sanctions list files, one JSON line of matches per query (no database needed).')
    .requiredOption('--list <file>', 'a list file or OFAC CSV folder (UN XML, OFAC sdn_advanced.xml or legacy CSV, EU XML, UK XML, FtM JSON; detected from content; repeatable)', collect)
    .requiredOption('--input <queries.csv>', 'CSV with a header: id,name and optionally birth_date,nationality,gender')
    .requiredOption('--output <results.jsonl>', 'where the JSON lines go (- for stdout); written whole or not at all')
    .option('--threshold <score>', 'score from which `match` is true (default: the algorithm\'s)', score)
    .option('--min-score <score>', 'candidates below this score are left out', score, 0.5)
    .option('--limit <n>', 'most candidates per query', positiveInt, 10)
    .option('--threads <n>', 'worker threads screening, each with its own index; 1 screens on the main thread (default: 2, or 1 on a single core)', positiveInt)
    .addHelpText('after', '\nEach output line: {"id": …, "matches": [{"entry": "QDi.001", "list": "un-sc", "name": …, "score": 0.93, "match": true, "explanation": [...]}]}, best first.\n\nExample:\n  npx ariadne screen --list consolidated.xml --list ofac/ --input queries.csv --output results.jsonl\n\nExit code 3: some query rows were bad (listed on stderr); 5: a list or the queries file is unreadable as a whole.')
    .action(async (options: { list: string[]; input: string; output: string; threshold?: number; minScore: number; limit: number; threads?: number }) => setExit(await (await commands.screen()).runScreen(io, options)));

  program.command('names').description('Name tools for screening.').command('mine')
    .description("Mine a name-equivalence table (Mohammed ~ Muhammad) from list files' own name pairs: persons' Latin names, aliases and original-script names.")
    .requiredOption('--list <file>', 'a list file or OFAC CSV folder (format detected from content; repeatable)', collect)
    .requiredOption('--output <table.json>', 'where the table goes (- for stdout); written whole or not at all')
    .option('--min-support <n>', 'keep equivalences seen in at least this many designations', positiveInt, 2)
    .addHelpText('after', '\nExample:\n  npx ariadne names mine --list consolidated.xml --list ofac/ --output name-equivalences.json\n\nExit code 5: a list file is unreadable as a whole.')
    .action(async (options: { list: string[]; output: string; minSupport: number }) => setExit(await (await commands.names()).runNamesMine(io, options)));

  const lists = program.command('lists').description('Sanctions lists kept as versions, each with its delta; stored subjects are re-screened against every new version.');
  lists.command('import')
    .description('Import list files as new versions (format detected from content); prints each delta.')
    .argument('<files...>', 'list files, or OFAC legacy CSV folders')
    .option('--list <name>', 'store under this list name (default: from the format, or an FtM file\'s dataset)')
    .addHelpText('after', '\nExample:\n  npx ariadne lists import consolidated.xml sdn_advanced.xml\n\nExit code 3: imported, but some records were refused (listed); 5: a file was refused as a whole (nothing imported from it).')
    .action(async (files: string[], options: { list?: string }) => setExit(await (await commands.lists()).runListsImport(config(), io, files, options)));
  lists.command('update')
    .description("Download the publishers' files (UN, OFAC, EU, UK) and import them; where there is no network, import the local copies given instead.")
    .option('--list <name>', 'only this list: un-sc, ofac-sdn, eu-fsf, gb-fcdo (repeatable)', collect)
    .option('--local <file>', 'a local copy to import when its publisher cannot be reached (repeatable)', collect)
    .option('--timeout <seconds>', 'per download', positiveInt, 120)
    .option('--mirror <url>', "download the one --list from this mirror instead of its publisher (https; http only on this machine)")
    .addHelpText('after', '\nExample:\n  npx ariadne lists update --local ./consolidated.xml\n\nExit code 6: a publisher could not be reached and no local copy was given.')
    .action(async (options: { list?: string[]; local?: string[]; timeout: number; mirror?: string }) => setExit(await (await commands.lists()).runListsUpdate(config(), io, options)));
  lists.command('versions')
    .description('Every imported version: id, list, current, imported, published, designations, +added -removed ~changed !refused, source (tab-separated).')
    .option('--list <name>', 'only this list')
    .action(async (options: { list?: string }) => setExit(await (await commands.lists()).runListsVersions(config(), io, options)));
  lists.command('changes')
    .description("A version's delta: kind, entry, name, changed fields (tab-separated).")
    .argument('<version>', 'the version id (see lists versions)')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['added', 'removed', 'changed']))
    .action(async (version: string, options: { kind?: 'added' | 'removed' | 'changed' }) => setExit(await (await commands.lists()).runListsChanges(config(), io, version, options)));

  program.command('screening')
    .description('Screening of stored subjects.')
    .command('run')
    .description('Screen now every person and organisation that is due (new, changed, or not yet screened against the current list versions); hits become alerts.')
    .action(async () => setExit(await (await commands.lists()).runScreeningRun(config(), io)));

  const alerts = program.command('alerts').description('Screening alerts: possible matches of stored subjects on sanctions lists, and their disposition.');
  alerts.command('list')
    .description('Alerts: id, status, score, list, entry, subject id, listed name (tab-separated).')
    .addOption(new Option('--status <status>', 'only this status').choices(['open', 'needs_review', 'confirmed', 'false_positive']))
    .option('--case <id>', 'only this case (default: every case and reference data)')
    .action(async (options: { status?: 'open'; case?: string }) => setExit(await (await commands.review()).runAlertsList(config(), io, options)));
  alerts.command('decide')
    .description('Decide an alert: confirmed, false_positive (never raised again for this subject and entry) or needs_review; journalled.')
    .argument('<id>', 'the alert id')
    .addOption(new Option('--status <status>', 'the decision').choices(['confirmed', 'false_positive', 'needs_review']).makeOptionMandatory())
    .option('--note <reason>', 'why (required to confirm or dismiss)')
    .addHelpText('after', '\nExample:\n  npx ariadne alerts decide sa_… --status false_positive --note "Different birth year and nationality."')
    .action(async (id: string, options: { status: 'confirmed'; note?: string }) => setExit(await (await commands.review()).runAlertsDecide(config(), io, id, options)));

  const duplicates = program.command('duplicates').description('Entity resolution: proposed duplicate persons and organisations, merged (undoable), linked across cases, or rejected.');
  duplicates.command('scan')
    .description('Propose duplicates among the persons and organisations of the cases (default: every case).')
    .option('--case <id>', 'a case to compare within and across (repeatable)', collect)
    .action(async (options: { case?: string[] }) => setExit(await (await commands.review()).runDuplicatesScan(config(), io, options)));
  duplicates.command('list')
    .description('Proposals: id, status, score, entity a, entity b, explanation (tab-separated).')
    .addOption(new Option('--status <status>', 'only this status').choices(['open', 'merged', 'same', 'rejected']))
    .option('--case <id>', 'only pairs within this case')
    .action(async (options: { status?: 'open'; case?: string }) => setExit(await (await commands.review()).runDuplicatesList(config(), io, options)));
  duplicates.command('decide')
    .description('merged (same case: b joins a, every statement kept), same (the same subject across cases, kept apart), or rejected (not proposed again).')
    .argument('<id>', 'the proposal id')
    .addOption(new Option('--status <status>', 'the decision').choices(['merged', 'same', 'rejected']).makeOptionMandatory())
    .action(async (id: string, options: { status: 'merged' }) => setExit(await (await commands.review()).runDuplicatesDecide(config(), io, id, options)));
  duplicates.command('undo')
    .description('Undo a merge (b gets its statements back) or reopen a same/rejected judgement.')
    .argument('<id>', 'the proposal id')
    .action(async (id: string) => setExit(await (await commands.review()).runDuplicatesUndo(config(), io, id)));

  program.command('dossier')
    .description('The designation dossier of a person or organisation (resolution 2331, para 13): identifiers, aliases in every script, criteria the facts support, linked incidents and evidence with ledger proofs.')
    .argument('<entity>', 'the entity id')
    .requiredOption('--output <file>', 'where to write it (never overwritten; mode 0600)')
    .addOption(new Option('--format <format>', 'document format').choices(['html', 'pdf']).default('pdf'))
    .option('--recipient <who>', 'to whom it goes (evidence appears only where consent allows the sanctions purpose for them)', 'United Nations Security Council sanctions committee')
    .addHelpText('after', '\nExample:\n  npx ariadne dossier 3f2c… --format pdf --output dossier.pdf')
    .action(async (entity: string, options: { format: 'html' | 'pdf'; output: string; recipient: string }) => setExit(await (await commands.review()).runDossier(config(), io, { entity, ...options }, environment)));

  addNetworkCommands(program, config, io, setExit);
  addFinanceCommands(program, { config, io, setExit });
  addMonitorCommands(program, { config, io, setExit, environment });
  addLinkCommands(program, io, setExit);
  addShareCommands(program, { config, io, setExit, environment });

  program.command('export')
    .description('Export entities as FtM JSON lines (journalled as "export").')
    .option('--case <id>', 'export this case (default: the reference data)')
    .option('--schema <name>', 'only entities of this schema')
    .option('--output <file>', 'write to a file (mode 0600) instead of stdout')
    .addHelpText('after', '\nExamples:\n  npx ariadne export --case <case id> --output case.ftm.jsonl\n  npx ariadne export --schema Person > people.ftm.jsonl')
    .action(async (options: { case?: string; schema?: string; output?: string }) => setExit(await (await commands.exportEntities()).runExport(config(), io, options)));

  const cases = program.command('case').description('Cases: the unit of need-to-know.');
  cases.command('create')
    .description('Create a case (prints its id).')
    .argument('<name>', 'the case name')
    .option('--description <text>', 'what the case is about')
    .addHelpText('after', '\nExample:\n  npx ariadne case create "Synthetic case"')
    .action(async (name: string, options: { description?: string }) => setExit(await (await commands.cases()).runCaseCreate(config(), io, name, options)));
  cases.command('list')
    .description('List every case: id, status, name (tab-separated).')
    .action(async () => setExit(await (await commands.cases()).runCaseList(config(), io)));

  const evidence = program.command('evidence').description('The evidence vault: files kept encrypted, with a custody log a court can verify.');
  evidence.command('add')
    .description('Take files into the vault (encrypted; SHA-256 recorded) as evidence of a case; each intake is journalled.')
    .argument('<files...>', 'the files to take in, kept byte for byte')
    .requiredOption('--case <id-or-name>', 'the case the evidence belongs to')
    .option('--description <text>', 'what the files show')
    .option('--collected-by <name>', 'who collected them')
    .option('--collected-at <time>', 'when they were collected (ISO 8601)')
    .option('--collected-where <place>', 'where they were collected')
    .option('--source <text>', 'from whom they were obtained')
    .option('--purpose <text>', 'why they are taken in (recorded in the custody log)')
    .addHelpText('after', '\nExample:\n  npx ariadne evidence add photos/*.jpg chat-export.json --case "Synthetic case" --collected-at 2026-03-01T10:00:00Z')
    .action(async (files: string[], options: import('./commands/evidence.ts').EvidenceAddOptions) => setExit(await (await commands.evidence()).runEvidenceAdd(config(), io, files, options)));

  evidence.command('export')
    .description("Export a case's evidence as one bundle a court can verify offline: files, manifest, custody events with inclusion proofs, a signed checkpoint, the log key and a custody report.")
    .requiredOption('--case <id-or-name>', 'the case whose evidence to export')
    .requiredOption('--output <file>', 'the bundle to write (.tar; never overwritten)')
    .addOption(new Option('--purpose <purpose>', 'what the bundle is for (checked against each item\'s consent)').choices(['prosecution', 'sanctions', 'mutual-legal-assistance', 'other']).default('prosecution'))
    .option('--recipient <who>', 'to whom it goes (recorded in the custody log)', 'unspecified recipient')
    .option('--note <text>', 'a reference such as the MLA request number')
    .option('--item <id>', 'export only this item (repeatable)', collect)
    .option('--include-sealed', 'also export sealed items (victim or source data) named with --item', false)
    .addHelpText('after', '\nThe data folder\'s ledger key (or ARIADNE_LEDGER_KEY) signs the checkpoint.\n\nExample:\n  npx ariadne evidence export --case "Synthetic case" --output case.tar --purpose prosecution --recipient "Office of the Prosecutor" --note MLA-2026-014')
    .action(async (options: import('./commands/evidence.ts').EvidenceExportOptions) => setExit(await (await commands.evidence()).runEvidenceExport(config(), io, environment, options)));
  evidence.command('verify')
    .description('Check a bundle offline (no database, no network): exit 0 only when every file, event, proof and signature is intact.')
    .argument('<bundle>', 'the bundle (.tar) to check')
    .option('--key <vkey-or-file>', "the log's published verifier key; without it the bundle's own key is used and its fingerprint shown")
    .option('--json', 'print the full result as JSON', false)
    .addHelpText('after', '\nExit code 4: the bundle is not intact (each problem is listed); 5: it cannot be read.\n\nExample:\n  npx ariadne evidence verify bundle.tar --key ariadne.local+1a2b3c4d+AbC…')
    .action(async (file: string, options: import('./commands/evidence.ts').EvidenceVerifyOptions) => setExit(await (await commands.evidence()).runEvidenceVerify(io, file, options)));

  const ledger = program.command('ledger').description('The journal as a signed Merkle log (RFC 9162): checkpoints and proofs.');
  ledger.command('checkpoint')
    .description('Sign a checkpoint of the journal\'s tree, after proving it extends the last one; print the signed note.')
    .addHelpText('after', '\nExit code 4: the tree does not extend the last checkpoint (nothing is signed; the reason is printed).\n\nExample:\n  npx ariadne ledger checkpoint > checkpoint.txt')
    .action(async () => setExit(await (await commands.ledger()).runLedgerCheckpoint(config(), io, environment)));
  ledger.command('prove')
    .description('Print, as JSON, an inclusion proof (--seq) or a consistency proof (--from), by default against the latest checkpoint.')
    .option('--seq <n>', 'the journal entry to prove', treeNumber)
    .option('--size <n>', 'with --seq: the tree size to prove it in (default: the latest checkpoint)', treeNumber)
    .option('--from <n>', 'the older tree size', treeNumber)
    .option('--to <n>', 'with --from: the newer tree size (default: the latest checkpoint)', treeNumber)
    .addHelpText('after', '\nExamples:\n  npx ariadne ledger prove --seq 42 > entry-42.json\n  npx ariadne ledger prove --from 1000 > growth.json')
    .action(async (options: import('./commands/ledger.ts').LedgerProveOptions) => setExit(await (await commands.ledger()).runLedgerProve(config(), io, options)));
  ledger.command('verify')
    .description('Check offline (no database): a checkpoint\'s signature, that it extends an older one, that an entry is in it. Exit 0 only when all of it holds.')
    .requiredOption('--checkpoint <file>', 'the signed checkpoint (the output of `ledger checkpoint` or GET /api/ledger/checkpoint\'s note)')
    .option('--key <vkey-or-file>', 'the log\'s published verifier key, or a file holding it (default: from <data>/ledger.key)')
    .option('--old <file>', 'an older signed checkpoint it must extend (with a consistency proof)')
    .option('--proof <file>', 'a proof printed by `ledger prove` or the API (repeatable)', collect)
    .option('--entry <file>', 'the entry: its canonical bytes, or the JSON of `ledger prove --seq` or GET /api/ledger/entries/:seq')
    .addHelpText('after', '\nExit code 4: something does not verify (the reason is printed); 5: a file cannot be read or parsed.\n\nExamples:\n  npx ariadne ledger verify --checkpoint new.txt --key ariadne.local/…+1a2b3c4d+AbC… --old old.txt --proof growth.json\n  npx ariadne ledger verify --checkpoint new.txt --key key.txt --proof entry-42.json --entry entry-42.json')
    .action(async (options: import('./commands/ledger.ts').LedgerVerifyOptions) => setExit(await (await commands.ledger()).runLedgerVerify(config(), io, options)));

  evidence.command('verify-receipt')
    .description("Check a submission receipt offline: each item's hash is in the intake record, proven in the log's signed checkpoint.")
    .argument('<receipt>', 'the receipt (JSON) from the submission page')
    .option('--key <vkey-or-file>', "the log's published verifier key")
    .option('--file <path>', 'a file you submitted, to check it is one the receipt names (repeatable)', collect)
    .addHelpText('after', '\nExit code 4: the receipt does not prove what it claims (each problem is listed).\n\nExample:\n  npx ariadne evidence verify-receipt receipt.json --file my-video.mp4 --key ariadne.local+1a2b3c4d+AbC…')
    .action(async (file: string, options: import('./commands/evidence.ts').ReceiptVerifyOptions) => setExit(await (await commands.evidence()).runReceiptVerify(io, file, options)));

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
  const program = buildProgram(env, io, (c) => { code = c; }, environment);
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
