/**
 * `ariadne share …`: information sharing with partner instances (issue 8) from the command line.
 *
 * - `share identity` creates this instance's sharing identity on first use (`<data>/sharing.key`,
 *   mode 0600: signing, decryption and pseudonym secrets) and prints its public party card, to
 *   send to partners, with the fingerprint to read aloud to them. `serve` loads the same file. The
 *   card carries our ledger verifier key when this instance has one (ARIADNE_LEDGER_KEY or
 *   `<data>/ledger.key`): partners check our evidence bundles against it. It is never created here.
 * - `share partner add`, `share partners`: the partners' cards, registered after the fingerprint
 *   was confirmed out of band; `share partner ledger-key` sets (or clears) a partner's ledger key
 *   after registration.
 * - `share agreements`, `share agreement approve|revoke`, `share packages`: the agreements and what
 *   travelled under them. An approval is a person's decision (the store refuses a system actor):
 *   it is made as a named user, who proves it with their password (ARIADNE_PASSWORD) and must hold
 *   `share:approve` and be a member of the agreement's case, as through the API.
 * - `share send`, `share receive`, and `revoke` (which sends the partner a revocation package) go
 *   through the server's `SharingService`, the same code as the API, run here on the store without
 *   HTTP: the case reduced to the agreement, signed, encrypted; a package verified and imported all
 *   or nothing, or refused with its reason (exit 4).
 *
 * Lists are tab-separated, one record a line, on stdout; messages on stderr. Nothing printed
 * holds secret material: the identity object hides its secrets, and only the card is printed.
 */
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dummyVerifyPassword, hasPermission, verifyPassword } from '@ariadne/access';
import { isAriadneError } from '@ariadne/schema';
import { SharingService, openSharing } from '@ariadne/server';
import {
  fingerprint, formatPartyIdentity, isPartyName, ledgerKeyFingerprint, loadOrCreateIdentityFile, parsePartyIdentity, publicIdentity, type LocalIdentity,
} from '@ariadne/sharing';
import type { Actor, Page, PageRequest, SharePackageRecord, SharingAgreement, SharingPartner, Store } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';
import { ledgerSigningFor } from './ledger.ts';

/** what every `share` command works with */
export interface ShareContext {
  readonly config: CliConfig;
  readonly io: Io;
  readonly environment: NodeJS.ProcessEnv;
}

/** the identity file in the data folder */
export const SHARING_KEY_FILE = 'sharing.key';
/** a party card is a few hundred bytes; anything far larger is the wrong file */
const MAX_CARD_BYTES = 64 * 1024;

export function sharingKeyPath(config: Pick<CliConfig, 'dataDir'>): string {
  return join(config.dataDir, SHARING_KEY_FILE);
}

export function sharingDirOf(config: Pick<CliConfig, 'dataDir'>): string {
  return join(config.dataDir, 'shares');
}

/** ARIADNE_SHARING_NAME, checked; null when unset */
function configuredName(environment: NodeJS.ProcessEnv): string | null {
  const name = environment.ARIADNE_SHARING_NAME;
  if (name === undefined || name === '') return null;
  if (!isPartyName(name)) throw new CliError(EXIT.USAGE, 'ARIADNE_SHARING_NAME must be 1–200 characters without surrounding spaces or control characters.');
  return name;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(EXIT.USAGE, `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * This instance's sharing identity: `<data>/sharing.key`, created (mode 0600) on first use and
 * named ARIADNE_SHARING_NAME or `Ariadne <instance id>`. `instanceId` is asked only when the file
 * is created. A file other users can read, or a damaged one, is refused (exit 2).
 */
export async function sharingIdentityFor(
  config: Pick<CliConfig, 'dataDir'>, environment: NodeJS.ProcessEnv, instanceId: () => Promise<string>, io: Io,
): Promise<{ identity: LocalIdentity; path: string; created: boolean }> {
  const path = sharingKeyPath(config);
  const given = configuredName(environment);
  let name = given ?? 'Ariadne';
  if (!(await exists(path))) {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    name = given ?? `Ariadne ${await instanceId()}`;
  }
  let loaded: { identity: LocalIdentity; created: boolean };
  try {
    loaded = await loadOrCreateIdentityFile(path, name);
  } catch (error) {
    if (isAriadneError(error)) throw new CliError(EXIT.USAGE, `Cannot use the sharing identity: ${error.message}.`);
    throw error;
  }
  if (loaded.created) io.err(`Created the sharing identity ${path} (mode 0600; keep it private and backed up: it signs and opens what this instance shares).\n`);
  return { ...loaded, path };
}

/** writes a public file whole or not at all (beside it, then renamed) */
async function writePublicFile(path: string, text: string): Promise<void> {
  const part = `${path}.part-${process.pid}`;
  try {
    await writeFile(part, text, { mode: 0o644, flag: 'w' });
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true });
    throw new CliError(EXIT.USAGE, `Cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * Our ledger's verifier key, the one `serve` signs checkpoints with, when this instance has a
 * ledger key (ARIADNE_LEDGER_KEY, or `<data>/ledger.key`); null when it has none, which is then
 * not created: a card is no reason to start signing a log.
 */
async function ourLedgerKey(config: CliConfig, environment: NodeJS.ProcessEnv, instanceId: () => Promise<string>, io: Io): Promise<string | null> {
  const configured = (environment['ARIADNE_LEDGER_KEY'] ?? '').trim() !== '';
  if (!configured && !(await exists(join(config.dataDir, 'ledger.key')))) return null;
  return (await ledgerSigningFor(config, environment, { ledgerInstanceId: instanceId }, io)).verifierKey;
}

/** `share identity [--card FILE]`: creates the identity on first use; prints (or writes) the public card, and the fingerprint on stderr */
export async function runShareIdentity({ config, io, environment }: ShareContext, options: { card?: string }): Promise<number> {
  const instanceId = () => withStore(config, ({ store }) => store.ledgerInstanceId());
  const { identity } = await sharingIdentityFor(config, environment, instanceId, io);
  const ledgerKey = await ourLedgerKey(config, environment, instanceId, io);
  const card = formatPartyIdentity({ ...publicIdentity(identity), ...(ledgerKey === null ? {} : { ledgerKey }) });
  if (options.card === undefined) io.out(card);
  else {
    await writePublicFile(options.card, card);
    io.err(`Wrote the party card of "${identity.name}" to ${options.card}: send it to your partners.\n`);
  }
  io.err(`Fingerprint: ${fingerprint(identity)} (read it to each partner by phone or in person, so they know the card is yours)\n`);
  if (ledgerKey !== null) io.err(`Ledger key fingerprint: ${ledgerKeyFingerprint(ledgerKey)} (partners check our evidence bundles against this key)\n`);
  return EXIT.OK;
}

/** reads a partner's card file: missing, oversized or malformed cards are input errors (exit 5) */
async function readCard(path: string) {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(EXIT.INPUT, `The party card ${path} is not a file.`);
    if (info.size > MAX_CARD_BYTES) throw new CliError(EXIT.INPUT, `The party card ${path} is larger than 64 KiB; is it the right file?`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(EXIT.INPUT, code === 'ENOENT' ? `The party card ${path} does not exist.` : `Cannot read the party card ${path} (${code}).`);
  }
  try {
    return parsePartyIdentity(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    if (isAriadneError(error)) throw new CliError(EXIT.INPUT, `${path}: ${error.message}.`);
    throw error;
  }
}

/** `share partner add --card FILE [--note TEXT]`: registers a partner's public identity */
export async function runSharePartnerAdd({ config, io }: ShareContext, options: { card: string; note?: string }): Promise<number> {
  const card = await readCard(options.card);
  const ownKey = sharingKeyPath(config);
  if (await exists(ownKey)) {
    const { identity } = await loadOrCreateIdentityFile(ownKey, 'Ariadne').catch(() => ({ identity: null }));
    if (identity?.signingKey === card.signingKey) throw new CliError(EXIT.USAGE, `${options.card} is this instance's own card; add your partners' cards.`);
  }
  return withStore(config, async ({ store }) => {
    const partner = await store.addPartner(CLI_ACTOR, { ...card, ...(options.note === undefined ? {} : { note: options.note }) });
    io.out(`${partner.id}\n`);
    io.err(`Added the partner "${partner.name}", fingerprint ${fingerprint(partner)}. Confirm the fingerprint with them by phone or in person before sharing anything.\n`);
    return EXIT.OK;
  });
}

/** `share partner ledger-key PARTNER_ID --key KEY | --clear`: sets or clears a registered partner's ledger verifier key */
export async function runSharePartnerLedgerKey({ config, io }: ShareContext, partnerId: string, options: { key?: string; clear?: boolean }): Promise<number> {
  if ((options.key === undefined) === (options.clear !== true)) throw new CliError(EXIT.USAGE, 'Give either --key KEY (the partner\'s ledger verifier key) or --clear.');
  const ledgerKey = options.key === undefined ? null : options.key.trim();
  return withStore(config, async ({ store }) => {
    let partner: SharingPartner;
    try {
      partner = await store.setPartnerLedgerKey(CLI_ACTOR, partnerId, ledgerKey);
    } catch (error) {
      if (isAriadneError(error) && error.code === 'NOT_FOUND') throw new CliError(EXIT.USAGE, `No partner ${partnerId}; see \`ariadne share partners\`.`);
      if (isAriadneError(error) && error.code === 'VALIDATION_FAILED') throw new CliError(EXIT.INPUT, 'That is not a ledger verifier key (name+key id+base64 key, the key id matching the key).');
      throw error;
    }
    if (partner.ledgerKey === undefined) {
      io.err(`Cleared the ledger key of "${partner.name}": its evidence bundles are now checked against the key they carry.\n`);
    } else {
      io.out(`${ledgerKeyFingerprint(partner.ledgerKey)}\n`);
      io.err(`Set the ledger key of "${partner.name}". Confirm its fingerprint (above) with them by phone or in person: their evidence bundles are checked against it.\n`);
    }
    return EXIT.OK;
  });
}

/** every page of a listing */
async function all<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list({ limit: 200, cursor });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== null);
  return items;
}

/** one tab-separated line; tabs and line breaks inside a field become spaces */
function row(fields: readonly (string | number | null)[]): string {
  return `${fields.map((f) => String(f ?? '').replace(/[\t\r\n]+/g, ' ')).join('\t')}\n`;
}

/** `share partners`: id, name, fingerprint, registered, note */
export async function runSharePartners({ config, io }: ShareContext): Promise<number> {
  return withStore(config, async ({ store }) => {
    const partners = await all((page) => store.listPartners(page));
    for (const p of partners) io.out(row([p.id, p.name, fingerprint(p), p.createdAt.toISOString(), p.note]));
    if (partners.length === 0) io.err('No partners yet: add one with `ariadne share partner add --card FILE`.\n');
    return EXIT.OK;
  });
}

async function partnerNames(store: Store): Promise<Map<string, string>> {
  return new Map((await all((page) => store.listPartners(page))).map((p: SharingPartner) => [p.id, p.name]));
}

function agreementRow(a: SharingAgreement, partners: ReadonlyMap<string, string>): string {
  return row([a.id, a.status, a.direction, `${a.approvals.length}/${a.terms.approvalsRequired}`, partners.get(a.partnerId) ?? a.partnerId, a.caseId, a.terms.validUntil, a.title]);
}

/** `share agreements [--case ID]`: id, status, direction, approvals, partner, case, valid until, title */
export async function runShareAgreements({ config, io }: ShareContext, options: { case?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    if (options.case !== undefined && !(await store.getCase(options.case))) throw new CliError(EXIT.USAGE, `No case has the id ${options.case}.`);
    const filter = options.case === undefined ? {} : { caseIds: [options.case] };
    const agreements = await all((page) => store.listAgreements(filter, page));
    const partners = await partnerNames(store);
    for (const a of agreements) io.out(agreementRow(a, partners));
    if (agreements.length === 0) io.err('No sharing agreements yet (they are made in the web app or through the API).\n');
    return EXIT.OK;
  });
}

/**
 * The user an approval is made as, proven by their password: the account must exist, be usable
 * (enabled, not locked, its first password changed), hold `share:approve` and be a member of the
 * agreement's case. One message for an unknown user and a wrong password.
 */
async function approvingUser(store: Store, username: string, password: string | null, caseId: string): Promise<Actor> {
  if (password === null) throw new CliError(EXIT.USAGE, `Set ARIADNE_PASSWORD to ${username}'s password: an approval is a person's decision, made as that person.`);
  const user = await store.getCredentialsByUsername(username);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await dummyVerifyPassword(password);
  if (!user || !valid) throw new CliError(EXIT.USAGE, 'Wrong username or password.');
  if (user.disabled) throw new CliError(EXIT.USAGE, `The user ${user.username} is disabled.`);
  if (user.lockedUntil !== null && user.lockedUntil > new Date()) throw new CliError(EXIT.USAGE, `The user ${user.username} is locked after failed sign-ins; try again later.`);
  if (user.mustChangePassword) throw new CliError(EXIT.USAGE, `The user ${user.username} must first choose a new password (sign in to the web app).`);
  if (!hasPermission(user.roles, 'share:approve')) throw new CliError(EXIT.USAGE, `The user ${user.username} may not approve sharing agreements (roles: ${user.roles.join(', ')}).`);
  if (!(await store.memberCaseIds(user.id)).includes(caseId)) throw new CliError(EXIT.USAGE, `The user ${user.username} is not a member of the agreement's case ${caseId}.`);
  return { kind: 'user', id: user.id };
}

async function agreementOf(store: Store, id: string): Promise<SharingAgreement> {
  const agreement = await store.getAgreement(id);
  if (!agreement) throw new CliError(EXIT.USAGE, `No sharing agreement has the id ${id}.`);
  return agreement;
}

/** `share agreement approve ID --as USER` (password in ARIADNE_PASSWORD) */
export async function runShareAgreementApprove({ config, io }: ShareContext, id: string, options: { as: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const agreement = await agreementOf(store, id);
    const actor = await approvingUser(store, options.as, config.userPassword, agreement.caseId);
    const approved = await store.approveAgreement(actor, id);
    io.out(agreementRow(approved, await partnerNames(store)));
    io.err(approved.status === 'active'
      ? `Approved as ${options.as}: the agreement is active (${approved.approvals.length} of ${approved.terms.approvalsRequired} approvals).\n`
      : `Approved as ${options.as}: ${approved.approvals.length} of ${approved.terms.approvalsRequired} approvals; another user must approve before anything travels.\n`);
    return EXIT.OK;
  });
}

function packageRow(p: SharePackageRecord): string {
  return row([p.id, p.direction, p.status, p.kind, p.sequence, p.agreementId, p.partnerId, p.bytes, p.at.toISOString(), p.expiresAt?.toISOString() ?? '', p.refusal ?? '']);
}

/** `share packages [--agreement ID] [--direction D]`: id, direction, status, kind, sequence, agreement, partner, bytes, at, expires, refusal */
export async function runSharePackages({ config, io }: ShareContext, options: { agreement?: string; direction?: 'outgoing' | 'incoming' }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const filter = { ...(options.agreement === undefined ? {} : { agreementId: options.agreement }), ...(options.direction === undefined ? {} : { direction: options.direction }) };
    const packages = await all((page) => store.listPackages(filter, page));
    for (const p of packages) io.out(packageRow(p));
    if (packages.length === 0) io.err('No packages sent or received yet.\n');
    return EXIT.OK;
  });
}

// ---- exchanging packages: the server's sharing service, on the store, without HTTP ----------

/** where the service leaves what a command need not show: info lines carry ids and counts only */
function serviceLog(io: Io) {
  const warn = (_fields: Record<string, unknown>, message: string) => io.err(`warning: ${message}\n`);
  return { info: () => undefined, warn, error: warn };
}

/**
 * The server's `SharingService` for this data folder: our identity (`<data>/sharing.key`), the
 * folder `<data>/shares` (outgoing packages in `outgoing/`), no retention timer. The CLI sends no
 * evidence bundles (they are built by a running server, which keeps them in memory), so the
 * bundle service is one that has none.
 */
async function sharingServiceFor({ config, environment, io }: ShareContext, store: Store) {
  const { identity } = await sharingIdentityFor(config, environment, () => store.ledgerInstanceId(), io);
  type Bundles = ConstructorParameters<typeof SharingService>[0]['bundles'];
  const noBundles = { get: async () => null, pathOf: (id: string) => id } as unknown as Bundles;
  const setup = await openSharing({ identity, dir: sharingDirOf(config) }, identity.name);
  const service = new SharingService({
    store, setup, bundles: noBundles, clock: () => new Date(), log: serviceLog(io),
    maxPackageBytes: MAX_PACKAGE_BYTES, packageTtlDays: PACKAGE_TTL_DAYS, retentionSweepMs: 0,
  });
  return service;
}

/** as the server's defaults: 1 GiB packages, 30 days to open one */
const MAX_PACKAGE_BYTES = 1024 ** 3;
const PACKAGE_TTL_DAYS = 30;

/** the reason a refused package or send names (`members.reason` of the service's problem) */
function reasonOf(error: unknown): string | undefined {
  const reason = (error as { members?: { reason?: unknown } } | null)?.members?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * Copies a package out of `<data>/shares/outgoing` to where the operator wants it, whole or not
 * at all (the caller has checked that nothing is there: outputs are never overwritten).
 */
async function deliver(from: string, to: string): Promise<void> {
  const part = `${to}.part-${process.pid}`;
  try {
    await copyFile(from, part, constants.COPYFILE_EXCL);
    await rename(part, to);
  } catch (error) {
    await rm(part, { force: true });
    throw new CliError(EXIT.USAGE, `Cannot write ${to} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the package is kept at ${from}.`);
  }
}

function counts(record: SharePackageRecord): string {
  return Object.entries(record.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';
}

/** `share send AGREEMENT --output FILE [--omit-without-consent]`: the agreement's case, reduced to its terms, as one package */
export async function runShareSend(context: ShareContext, agreementId: string, options: { output: string; omitWithoutConsent?: boolean }): Promise<number> {
  const { config, io } = context;
  if (await exists(options.output)) throw new CliError(EXIT.USAGE, `${options.output} already exists and is never overwritten.`);
  return withStore(config, async ({ store }) => {
    const agreement = await agreementOf(store, agreementId);
    const service = await sharingServiceFor(context, store);
    try {
      const record = await service.send(CLI_ACTOR, agreement, { missingConsent: options.omitWithoutConsent ? 'omit' : 'refuse' });
      await deliver(service.outgoingFile(record.id), options.output);
      io.out(packageRow(record));
      io.err(`Sent package ${record.id} (sequence ${record.sequence}) under ${agreement.id}: ${counts(record)}. `
        + `Give ${options.output} to the partner: it is signed by us and only they can open it, until ${record.expiresAt?.toISOString().slice(0, 10) ?? 'its expiry'}.\n`);
      return EXIT.OK;
    } catch (error) {
      const reason = reasonOf(error);
      if (reason !== undefined && isAriadneError(error)) throw new CliError(EXIT.USAGE, `Nothing was sent (${reason}): ${error.message}`);
      throw error;
    } finally {
      await service.stop();
    }
  });
}

/** `share receive FILE`: verify and import a partner's package all or nothing, or refuse it with its reason (exit 4) */
export async function runShareReceive(context: ShareContext, file: string): Promise<number> {
  const { config, io } = context;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(EXIT.INPUT, `The package ${file} is not a file.`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(EXIT.INPUT, code === 'ENOENT' ? `The package ${file} does not exist.` : `Cannot read the package ${file} (${code}).`);
  }
  return withStore(config, async ({ store }) => {
    const service = await sharingServiceFor(context, store);
    try {
      const received = await service.receive(CLI_ACTOR, createReadStream(file));
      io.out(packageRow(received.record));
      io.err(`Imported package ${received.record.id} (${received.record.kind}, sequence ${received.record.sequence}) under ${received.record.agreementId}: `
        + `${received.written} entities written into case ${received.record.caseId}, with the partner as their provenance.\n`);
      if (received.mla) io.err(`It is a mutual legal assistance request: its request and cover documents are kept in ${join(sharingDirOf(config), 'incoming', received.record.id)}.\n`);
      return EXIT.OK;
    } catch (error) {
      const reason = reasonOf(error);
      // recorded as refused (journalled), nothing imported
      if (reason !== undefined && isAriadneError(error)) throw new CliError(EXIT.JOURNAL_BROKEN, `Refused (${reason}): ${error.message} Nothing was imported.`);
      throw error;
    } finally {
      await service.stop();
    }
  });
}

/**
 * `share agreement revoke ID --reason TEXT [--output FILE]`: final. When it was in force, the
 * partner is sent a revocation package (copied to FILE, else left in `<data>/shares/outgoing`);
 * what we received under it is purged.
 */
export async function runShareAgreementRevoke(context: ShareContext, id: string, options: { reason: string; output?: string }): Promise<number> {
  const { config, io } = context;
  if (options.output !== undefined && await exists(options.output)) throw new CliError(EXIT.USAGE, `${options.output} already exists and is never overwritten.`);
  return withStore(config, async ({ store }) => {
    const agreement = await agreementOf(store, id);
    const service = await sharingServiceFor(context, store);
    try {
      const { agreement: revoked, revocationPackage, purged } = await service.revoke(CLI_ACTOR, agreement, options.reason);
      io.out(agreementRow(revoked, await partnerNames(store)));
      io.err(`Revoked. Purged what was received under it: ${purged.packages} packages, ${purged.statements} statements, ${purged.entities} entities.\n`);
      if (revocationPackage) {
        const file = service.outgoingFile(revocationPackage.id);
        if (options.output !== undefined) await deliver(file, options.output);
        io.err(`Give the partner the revocation package ${options.output ?? file}: their instance revokes the agreement and purges what we sent when it receives it.\n`);
      }
      return EXIT.OK;
    } finally {
      await service.stop();
    }
  });
}
