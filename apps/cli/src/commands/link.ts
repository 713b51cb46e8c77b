/**
 * `ariadne link …`: privacy-preserving record linkage (issue 8) from the command line, no
 * database needed.
 *
 * - `link` runs the whole protocol for one party holding both sides (and for evaluation): a
 *   fresh random secret (never printed or written), both sides encoded, blocked, matched one to
 *   one, `a_id,b_id,score` written.
 * - Two parties run it in steps: `link secret` (one party makes the secret and hands it over),
 *   `link encode` (each party: its CLK file for the matcher and its private token map),
 *   `link match` (the matcher: token pairs, no scores), `link resolve` (each party: its own ids).
 *
 * Files are read and checked in `../linkage/linkage-files.ts`, written whole or not at all in
 * `../linkage/outputs.ts`; the protocol itself is `@ariadne/linkage`.
 */
import { isAriadneError } from '@ariadne/schema';
import {
  clkFileLines, DEFAULT_THRESHOLD, encodeTable, linkRecords, matchClkSets, randomLinkageSecret, revealPairs, schemaThreshold, writePairsCsv,
  writeTokenMap, type ClkSet,
} from '@ariadne/linkage';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { fileError, readClkSetFile, readRecordsFile, readSchemaFile, readSecretFile, readTextFile, readTokenMapFile, writeNewSecretFile } from '../linkage/linkage-files.ts';
import { checkDistinctPaths, writeOutputs } from '../linkage/outputs.ts';
import { matchSummary, secondsSince } from '../linkage/summary.ts';
import { formatResolvedPairs, formatTokenPairs, parseTokenPairs, resolveTokenPairs } from '../linkage/token-pairs.ts';

export interface LinkRunOptions {
  readonly schema: string;
  readonly a: string;
  readonly b: string;
  readonly output: string;
  /** default: the schema's threshold */
  readonly threshold?: number;
  /** false: compare every pair (`--no-blocking`); default: block when the schema has blocking keys */
  readonly blocking?: boolean;
  /** use this secret instead of a fresh one (to reproduce a run, or compare with the two-party steps) */
  readonly secretFile?: string;
}

/** `ariadne link --schema S --a A.csv --b B.csv --output PAIRS.csv` */
export async function runLink(io: Io, options: LinkRunOptions): Promise<number> {
  const started = performance.now();
  checkDistinctPaths(
    { '--schema': options.schema, '--a': options.a, '--b': options.b, ...(options.secretFile ? { '--secret-file': options.secretFile } : {}) },
    { '--output': options.output },
  );
  const schema = await readSchemaFile(options.schema);
  const secret = options.secretFile === undefined ? randomLinkageSecret() : await readSecretFile(options.secretFile);
  const a = await readRecordsFile(options.a, schema);
  const b = await readRecordsFile(options.b, schema);
  const threshold = options.threshold ?? schemaThreshold(schema);
  const result = linkRecords(schema, secret, a, b, { threshold, ...(options.blocking === false ? { blocking: false } : {}) });
  await writeOutputs([{ path: options.output, what: 'pairs file', content: writePairsCsv(result.pairs) }]);
  io.err(`${matchSummary({ verb: 'Linked', things: 'records', stats: result.stats, threshold, seconds: secondsSince(started) })}\n`);
  return EXIT.OK;
}

export interface LinkEncodeOptions {
  readonly schema: string;
  readonly input: string;
  readonly secretFile: string;
  /** the CLK file, for the matcher */
  readonly output: string;
  /** the token map, kept by the party */
  readonly map: string;
}

/** `ariadne link encode`: a party's records into its CLK file (for the matcher) and its token map (private) */
export async function runLinkEncode(io: Io, options: LinkEncodeOptions): Promise<number> {
  const started = performance.now();
  checkDistinctPaths({ '--schema': options.schema, '--input': options.input, '--secret-file': options.secretFile }, { '--output': options.output, '--map': options.map });
  const schema = await readSchemaFile(options.schema);
  const secret = await readSecretFile(options.secretFile);
  const table = await readRecordsFile(options.input, schema);
  const { set, tokenToId } = encodeTable(schema, secret, table);
  await writeOutputs([
    { path: options.output, what: 'CLK file', content: clkFileLines(set) },
    { path: options.map, what: 'token map', content: writeTokenMap(tokenToId) },
  ]);
  io.err(`Encoded ${set.tokens.length.toLocaleString('en')} records into CLKs of ${set.l} bits with ${schema.blocking.length} blocking keys in ${secondsSince(started).toFixed(2)} s. `
    + `Give ${options.output} to the matcher; keep ${options.map} and the secret to yourself.\n`);
  return EXIT.OK;
}

export interface LinkMatchOptions {
  readonly a: string;
  readonly b: string;
  readonly output: string;
  /** default 0.8 */
  readonly threshold?: number;
  /** false: compare every pair; default: block when the CLK files carry blocking hashes */
  readonly blocking?: boolean;
}

const hasBlocks = (set: ClkSet): boolean => set.blocks.some((b) => b.length > 0);

/** `ariadne link match`: the matcher, two CLK files in, the matched token pairs out (no scores) */
export async function runLinkMatch(io: Io, options: LinkMatchOptions): Promise<number> {
  const started = performance.now();
  checkDistinctPaths({ '--a': options.a, '--b': options.b }, { '--output': options.output });
  const a = await readClkSetFile(options.a);
  const b = await readClkSetFile(options.b);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  let result: ReturnType<typeof matchClkSets>;
  try {
    result = matchClkSets(a, b, { threshold, blocking: options.blocking !== false && (hasBlocks(a) || hasBlocks(b)) });
  } catch (error) {
    if (isAriadneError(error) && error.code === 'VALIDATION_FAILED') throw new CliError(EXIT.INPUT, `${options.a} and ${options.b} cannot be matched: ${error.message}`);
    throw error;
  }
  await writeOutputs([{ path: options.output, what: 'pairs file', content: formatTokenPairs(revealPairs(result, a, b)) }]);
  io.err(`${matchSummary({ verb: 'Matched', things: 'CLKs', stats: result.stats, threshold, seconds: secondsSince(started) })}\n`);
  return EXIT.OK;
}

export interface LinkResolveOptions {
  readonly map: string;
  readonly pairs: string;
  readonly side: 'a' | 'b';
  readonly output: string;
}

/** `ariadne link resolve`: a party turns the matcher's token pairs into its own record ids */
export async function runLinkResolve(io: Io, options: LinkResolveOptions): Promise<number> {
  checkDistinctPaths({ '--map': options.map, '--pairs': options.pairs }, { '--output': options.output });
  const tokenToId = await readTokenMapFile(options.map);
  const text = await readTextFile(options.pairs, 'pairs file');
  let resolved: ReturnType<typeof resolveTokenPairs>;
  try {
    resolved = resolveTokenPairs(parseTokenPairs(text), tokenToId, options.side);
  } catch (error) {
    throw fileError(options.pairs, error, EXIT.INPUT);
  }
  await writeOutputs([{ path: options.output, what: 'resolved pairs file', content: formatResolvedPairs(resolved, options.side) }]);
  io.err(`Resolved ${resolved.length.toLocaleString('en')} pairs to side ${options.side}'s record ids (${tokenToId.size.toLocaleString('en')} records in the map).\n`);
  return EXIT.OK;
}

/** `ariadne link secret --output K`: a fresh secret for one linkage, in a new file of mode 0600 */
export async function runLinkSecret(io: Io, options: { readonly output: string }): Promise<number> {
  await writeNewSecretFile(options.output);
  io.err(`Wrote a fresh linkage secret to ${options.output} (mode 0600). Hand it to the other party over a safe channel, and use it for this one linkage only.\n`);
  return EXIT.OK;
}
