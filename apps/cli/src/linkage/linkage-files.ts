/**
 * The files `ariadne link …` reads, each with its checks and a one-line error naming the file:
 * the linkage schema and the secret are the operator's configuration (a fault is exit 2); the
 * records, CLK files, token maps and pairs files are data, often another party's (a fault is
 * exit 5). Messages name lines and columns, never values: the values are people's names, and a
 * secret file's content must not reach a terminal or a log.
 */
import { createReadStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { isAriadneError } from '@ariadne/schema';
import {
  encodedFeatures, linkageSecret, parseLinkageSchema, randomLinkageSecret, readClkFile, readRecordCsv, readTokenMap,
  type ClkSet, type LinkageSchema, type LinkageSecret, type RecordTable,
} from '@ariadne/linkage';
import { CliError, EXIT, type ExitCode } from '../exit-codes.ts';
import { checkTextInput, readJsonConfig } from '../commands/finance-files.ts';

/** a secret file holds 32–… hex digits and a newline; anything much larger is the wrong file */
const MAX_SECRET_FILE_BYTES = 4096;
/** a token map line is a 32-digit token and an id; 2,000,000 records stay well below this */
export const MAX_TEXT_FILE_BYTES = 256 * 1024 * 1024;

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/** an Ariadne error raised while reading `path`, as a one-line CLI error naming the file */
export function fileError(path: string, error: unknown, exit: ExitCode): unknown {
  if (isAriadneError(error)) return new CliError(exit, `${path}: ${error.message}`);
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new CliError(exit, code === 'ENOENT' ? `${path} does not exist.` : `Cannot read ${path} (${code}).`);
  }
  return error;
}

/** checks that `path` is a readable regular file, failing with a one-line error (exit `exit`) */
async function checkFile(path: string, what: string, exit: ExitCode): Promise<Stats> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(exit, `The ${what} ${path} is not a file.`);
    return info;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(exit, errnoOf(error) === 'ENOENT' ? `The ${what} ${path} does not exist.` : `Cannot read the ${what} ${path} (${errnoOf(error)}).`);
  }
}

/** The linkage schema file, checked (fewer than 3 encoded fields, unknown keys… refused: exit 2). */
export async function readSchemaFile(path: string): Promise<LinkageSchema> {
  const json = await readJsonConfig(path, 'linkage schema');
  try {
    return parseLinkageSchema(json);
  } catch (error) {
    throw fileError(path, error, EXIT.USAGE);
  }
}

/**
 * A party's records CSV (header first, the record id in the first column). Refused with exit 5:
 * a missing or binary file, a malformed row (named by its line), and a header without a column
 * the schema encodes or blocks on.
 */
export async function readRecordsFile(path: string, schema: LinkageSchema): Promise<RecordTable> {
  await checkTextInput(path, 'records file');
  let table: RecordTable;
  try {
    table = await readRecordCsv(createReadStream(path));
  } catch (error) {
    throw fileError(path, error, EXIT.INPUT);
  }
  requireColumns(schema, table, path);
  return table;
}

/** the header names every column the schema encodes or blocks on, and none of them is the id column */
export function requireColumns(schema: LinkageSchema, table: Pick<RecordTable, 'columns'>, path: string): void {
  const needed = new Set(encodedFeatures(schema).map((f) => f.identifier));
  for (const key of schema.blocking) for (const part of key.parts) needed.add(part.identifier);
  const [idColumn, ...fields] = table.columns;
  if (idColumn !== undefined && needed.has(idColumn)) {
    throw new CliError(EXIT.INPUT, `${path}: the first column "${idColumn}" is the record id, but the linkage schema encodes or blocks on it; put the id first and the fields after it.`);
  }
  const present = new Set(fields);
  const missing = [...needed].filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new CliError(EXIT.INPUT, `${path}: the header lacks the column${missing.length === 1 ? '' : 's'} the linkage schema encodes or blocks on: ${missing.map((m) => JSON.stringify(m)).join(', ')}.`);
  }
}

/**
 * The linkage secret from a file of hex digits (at least 32, i.e. 16 bytes). A file other users
 * can read is refused (exit 2), as is a short or non-hex secret; the content is never quoted.
 */
export async function readSecretFile(path: string): Promise<LinkageSecret> {
  const info = await checkFile(path, 'secret file', EXIT.USAGE);
  // POSIX modes only: Windows reports every file as readable by all
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new CliError(EXIT.USAGE, `The secret file ${path} can be read by other users; make it private (chmod 600 ${path}) before using it.`);
  }
  if (info.size > MAX_SECRET_FILE_BYTES) throw new CliError(EXIT.USAGE, `The secret file ${path} is larger than ${MAX_SECRET_FILE_BYTES} bytes; it should hold only hex digits.`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, error, EXIT.USAGE);
  }
  try {
    return linkageSecret(text.trim());
  } catch (error) {
    throw fileError(`The secret file ${path}`, error, EXIT.USAGE);
  }
}

/** Writes a fresh 256-bit secret as hex to a new file of mode 0600; an existing file is never overwritten (exit 2). */
export async function writeNewSecretFile(path: string): Promise<void> {
  const text = `${randomLinkageSecret().toHex()}\n`;
  try {
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = errnoOf(error);
    if (code !== 'EEXIST') await rm(path, { force: true }).catch(() => undefined);
    throw new CliError(EXIT.USAGE, code === 'EEXIST'
      ? `${path} already exists; a secret file is never overwritten (use a new name, and a fresh secret for each linkage).`
      : `Cannot write the secret file ${path} (${code}).`);
  }
}

/** A CLK file (`ariadne-clk/1`), streamed and checked line by line; any fault is exit 5, naming the line. */
export async function readClkSetFile(path: string): Promise<ClkSet> {
  await checkFile(path, 'CLK file', EXIT.INPUT);
  try {
    return await readClkFile(createReadStream(path));
  } catch (error) {
    throw fileError(path, error, EXIT.INPUT);
  }
}

/** A whole text file of at most `MAX_TEXT_FILE_BYTES` (exit 5 otherwise). */
export async function readTextFile(path: string, what: string): Promise<string> {
  const { size } = await checkFile(path, what, EXIT.INPUT);
  if (size > MAX_TEXT_FILE_BYTES) throw new CliError(EXIT.INPUT, `The ${what} ${path} is larger than ${MAX_TEXT_FILE_BYTES / (1024 * 1024)} MiB.`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, error, EXIT.INPUT);
  }
}

/** A party's token map (`token,id`), as written by `link encode --map`. */
export async function readTokenMapFile(path: string): Promise<Map<string, string>> {
  const text = await readTextFile(path, 'token map');
  try {
    return readTokenMap(text);
  } catch (error) {
    throw fileError(path, error, EXIT.INPUT);
  }
}
