/**
 * `ariadne evidence add|export|verify`: take files into the encrypted vault with their intake
 * custody events, export a case's evidence as a bundle a court can verify offline, and verify a
 * bundle with no database and no network (exit 0 only when it is intact).
 */
import { readFile, stat } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { BUNDLE_PURPOSES, buildBundle, fileSource, journalExport, verifyBundle, verifyReceipt, type BundlePurpose } from '@ariadne/evidence';
import type { CaseRecord, EvidenceItemRecord, Store } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';
import { openVault } from '../open-vault.ts';
import { ledgerAccessFor } from './ledger.ts';
import { byteProgress } from '../progress.ts';

export interface EvidenceAddOptions {
  readonly case: string;
  readonly description?: string;
  readonly collectedBy?: string;
  readonly collectedAt?: string;
  readonly collectedWhere?: string;
  readonly source?: string;
  readonly purpose?: string;
}

/** a case by id, or by its exact name (case-insensitive) when that names exactly one */
export async function findCase(store: Store, idOrName: string): Promise<CaseRecord> {
  const byId = await store.getCase(idOrName);
  if (byId) return byId;
  const matches: CaseRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listCases(null, { limit: 200, cursor });
    matches.push(...page.items.filter((c) => c.name.toLowerCase() === idOrName.toLowerCase()));
    cursor = page.next;
  } while (cursor);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new CliError(EXIT.USAGE, `${matches.length} cases are named ${JSON.stringify(idOrName)}; give the case id instead.`);
  throw new CliError(EXIT.USAGE, `No case with the id or name ${JSON.stringify(idOrName)}.`);
}

function parseTime(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new CliError(EXIT.USAGE, `--collected-at must be an ISO 8601 date or time, not ${JSON.stringify(value)}.`);
  return date;
}

export async function runEvidenceAdd(config: CliConfig, io: Io, files: readonly string[], options: EvidenceAddOptions): Promise<number> {
  const collectedAt = parseTime(options.collectedAt);
  for (const file of files) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new CliError(EXIT.INPUT, `${file}: not a readable file.`);
  }
  const vault = await openVault(config);
  return withStore(config, async ({ store }) => {
    const target = await findCase(store, options.case);
    for (const file of files) {
      const filename = basename(file);
      const blob = await vault.put(fileSource(file), { filename });
      const { item } = await store.intakeEvidence(CLI_ACTOR, {
        caseId: target.id, origin: 'staff', filename, blob: { ...blob, metadata: { ...blob.metadata } },
        description: options.description, collectedBy: options.collectedBy ?? null, collectedAt,
        collectedWhere: options.collectedWhere ?? null, source: options.source ?? null, purpose: options.purpose ?? 'intake from the command line',
      });
      const notes = [blob.duplicate ? 'same bytes as an item already in the vault' : '', blob.mimeMismatch ? `the name says one type, the content is ${blob.mime}` : ''].filter(Boolean);
      io.out(`${item.id}  ${item.sha256}  ${item.size} bytes  ${item.mime}  ${filename}${notes.length ? `  (${notes.join('; ')})` : ''}\n`);
    }
    io.err(`Took ${files.length} file(s) into case "${target.name}"; each intake is a custody event in the journal.\n`);
    return EXIT.OK;
  });
}

export interface EvidenceVerifyOptions {
  /** the log's verifier key (text or a file holding it) the checkpoint must be signed with */
  readonly key?: string;
  readonly json?: boolean;
}

/** reads a verifier key given as text, or as the path of a file holding it */
async function keyText(value: string): Promise<string> {
  if (/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(value.trim())) return value.trim();
  const text = await readFile(value, 'utf8').catch(() => null);
  if (text === null) throw new CliError(EXIT.USAGE, `--key: neither a verifier key nor a readable file: ${JSON.stringify(value)}.`);
  return text.trim();
}

/**
 * Checks a bundle with no database and no network: exit 0 only when it is intact, 4 when it is
 * not (every problem listed), 5 when the file cannot be read.
 */
export async function runEvidenceVerify(io: Io, file: string, options: EvidenceVerifyOptions): Promise<number> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new CliError(EXIT.INPUT, `${file}: not a readable file.`);
  const key = options.key ? await keyText(options.key) : undefined;
  const result = await verifyBundle(file, key ? { key } : {});
  if (options.json) {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? EXIT.OK : EXIT.JOURNAL_BROKEN;
  }
  const s = result.summary;
  const keyLine = s.key ? `log key ${s.key.name}, fingerprint ${s.key.fingerprint}${s.keySource === 'bundle' ? ' (taken from the bundle: compare it with the key the organisation publishes, or pass --key)' : ''}` : 'no usable log key';
  if (result.ok) {
    io.out(`INTACT: ${s.items} item(s), ${s.events} custody event(s), ${s.fileBytes} bytes of evidence; every file matches its intake record and every event is in the signed log (tree size ${s.log?.treeSize}).\n${keyLine}\n`);
    return EXIT.OK;
  }
  io.out(`NOT INTACT: ${result.problems.length + s.moreProblems} problem(s).\n`);
  for (const p of result.problems) io.out(`  [${p.code}] ${p.message}\n`);
  if (s.moreProblems > 0) io.out(`  … and ${s.moreProblems} more\n`);
  io.out(`${keyLine}\n`);
  return EXIT.JOURNAL_BROKEN;
}

export interface EvidenceExportOptions {
  readonly case: string;
  readonly output: string;
  readonly purpose: BundlePurpose;
  readonly recipient: string;
  readonly note?: string;
  /** item ids; default: every item of the case */
  readonly item?: string[];
  readonly includeSealed?: boolean;
}

/**
 * Journals the export, signs a checkpoint covering it with the data folder's ledger key, and
 * writes the bundle (mode 0600). Refuses items whose recorded consent does not allow the purpose,
 * and sealed items unless --include-sealed (victims' own accounts leave only deliberately).
 */
export async function runEvidenceExport(config: CliConfig, io: Io, environment: NodeJS.ProcessEnv, options: EvidenceExportOptions): Promise<number> {
  if (!(BUNDLE_PURPOSES as readonly string[]).includes(options.purpose)) throw new CliError(EXIT.USAGE, `--purpose must be one of ${BUNDLE_PURPOSES.join(', ')}.`);
  if (await stat(options.output).catch(() => null)) throw new CliError(EXIT.USAGE, `${options.output} exists; choose a new file name (bundles are never overwritten).`);
  const vault = await openVault(config);
  return withStore(config, async ({ store }) => {
    const target = await findCase(store, options.case);
    let items: EvidenceItemRecord[] = [];
    if (options.item?.length) {
      for (const id of new Set(options.item)) {
        const item = await store.getEvidenceItem(id);
        if (!item || item.caseId !== target.id) throw new CliError(EXIT.USAGE, `No evidence item ${id} in case "${target.name}".`);
        items.push(item);
      }
    } else {
      let cursor: string | null = null;
      do {
        const page = await store.listEvidence({ caseId: target.id, includeSealed: true }, { limit: 200, cursor });
        items.push(...page.items);
        cursor = page.next;
      } while (cursor);
      items = items.reverse();
    }
    const sealed = items.filter((i) => i.sealed);
    if (sealed.length > 0 && !options.includeSealed) {
      throw new CliError(EXIT.USAGE, `${sealed.length} item(s) are sealed (victim or source data); name them with --item and add --include-sealed to export them.`);
    }
    const { ledger, signing } = await ledgerAccessFor(config, environment, store, io);
    const exported = await journalExport({ store }, CLI_ACTOR, { ...options, bundleId: randomUUID(), caseId: target.id, items });
    const progress = byteProgress(io, 'writing the bundle');
    const written = await buildBundle({ store, vault, ledger }, { caseRecord: target, items, exported }, resolve(options.output), (done, total) => progress.update(done, total));
    progress.stop();
    io.out(`${resolve(options.output)}\n  ${items.length} item(s), ${written.bytes} bytes, SHA-256 ${written.sha256}\n  signed by ${signing.verifierKey}\n`);
    io.err('Verify it anywhere with: npx ariadne evidence verify BUNDLE --key <the verifier key above>, or node verify-bundle.mjs BUNDLE (inside the bundle).\n');
    return EXIT.OK;
  });
}

export interface ReceiptVerifyOptions {
  readonly key?: string;
  /** files the holder kept, to check they are the ones the receipt names */
  readonly file?: string[];
}

const MAX_RECEIPT_BYTES = 16 * 1024 * 1024;

/** what a survivor or their lawyer runs on a receipt: exit 0 only when everything in it is proven */
export async function runReceiptVerify(io: Io, path: string, options: ReceiptVerifyOptions): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new CliError(EXIT.INPUT, `${path}: not a readable file.`);
  if (info.size > MAX_RECEIPT_BYTES) throw new CliError(EXIT.INPUT, `${path}: too large to be a receipt.`);
  let receipt: unknown;
  try {
    receipt = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new CliError(EXIT.INPUT, `${path}: not JSON; a receipt is the JSON file the submission page offered.`);
  }
  const fileHashes: string[] = [];
  for (const file of options.file ?? []) {
    const hash = createHash('sha256');
    for await (const chunk of fileSource(file)) hash.update(chunk);
    fileHashes.push(hash.digest('hex'));
  }
  const verdict = verifyReceipt(receipt, { ...(options.key ? { key: await keyText(options.key) } : {}), fileHashes });
  if (verdict.ok) {
    io.out(`PROVEN: ${verdict.items.length} item(s) recorded in the log of ${verdict.keyName} (tree size ${verdict.treeSize}):\n`);
    for (const item of verdict.items) io.out(`  ${item.role}  ${item.sha256}  ${item.size} bytes  recorded ${item.recordedAt}\n`);
    if (!options.key) io.out('The log key was taken from the receipt: compare its name with the key the organisation publishes, or pass --key.\n');
    return EXIT.OK;
  }
  io.out(`NOT PROVEN:\n${verdict.problems.map((p) => `  ${p}\n`).join('')}`);
  return EXIT.JOURNAL_BROKEN;
}
