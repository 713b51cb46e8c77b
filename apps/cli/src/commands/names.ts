/**
 * `ariadne names mine`: a name-equivalence table mined from list files' own name pairs (a
 * person's Latin names and aliases, and the name in original script), for the matcher to treat
 * "Mohammed" and "Muhammad" as one name part. Needs no database.
 */
import { writeFile, rename, rm } from 'node:fs/promises';
import { minePairs, mineEquivalences, namesOfSubject, serialiseEquivalenceTable, type DesignationNames } from '@ariadne/names/equivalences';
import { groupDesignations } from '@ariadne/sanctions';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { readListEntities } from '../screening/read-list.ts';

export interface NamesMineOptions {
  readonly list: readonly string[];
  /** where the table goes (- for stdout) */
  readonly output: string;
  /** equivalences seen in fewer designations are dropped (default 2) */
  readonly minSupport?: number;
}

/** The names of a list's persons, one entry per designation; a description of the list for `source`. */
async function personNames(path: string, io: Io): Promise<{ designations: DesignationNames[]; described: string }> {
  const { opened, entities, errors } = await readListEntities(path, io);
  // persons only: organisations' aliases are mostly translations ("Company" ~ "Complex"), not spellings
  const designations = groupDesignations(entities).entries
    .filter((d) => d.entities[0]!.schema === 'Person')
    .map((d) => namesOfSubject(d.entities[0]!.properties));
  io.err(`${opened.source}: ${opened.format}, list ${opened.list}, ${designations.length} persons${errors ? `, ${errors} records skipped` : ''}.\n`);
  const described = `${opened.list} ${opened.source} (published ${opened.publishedAt() ?? 'undated'}, sha256 ${(await opened.sha256()).slice(0, 16)}…, ${designations.length} persons)`;
  return { designations, described };
}

export async function runNamesMine(io: Io, options: NamesMineOptions): Promise<number> {
  const minSupport = options.minSupport ?? 2;
  const designations: DesignationNames[] = [];
  const sources: string[] = [];
  for (const path of options.list) {
    const read = await personNames(path, io);
    designations.push(...read.designations);
    sources.push(read.described);
  }
  const pairs = minePairs(designations);
  const table = mineEquivalences(pairs, { minSupport, source: `mined from ${sources.join('; ')}; ${pairs.length} name pairs; min support ${minSupport}` });
  const text = serialiseEquivalenceTable(table);
  if (options.output === '-') {
    io.out(text);
  } else {
    // written beside the target and renamed: a failed run never leaves half a table
    const partial = `${options.output}.partial-${process.pid}`;
    try {
      await writeFile(partial, text, { flag: 'wx' });
      await rename(partial, options.output);
    } catch (error) {
      await rm(partial, { force: true });
      throw new CliError(EXIT.INPUT, `${options.output}: ${(error as Error).message}`);
    }
  }
  io.err(`${table.groups.length} equivalence groups from ${pairs.length} name pairs of ${designations.length} persons (min support ${minSupport}).\n`);
  return EXIT.OK;
}
