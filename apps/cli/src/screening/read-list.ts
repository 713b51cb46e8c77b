/**
 * Reads one list file for a command that works on its entities (`screen`, `names mine`): the
 * format detected from the content, a file refused as a whole ending the command with exit 5
 * and one line, and a bad record only named (the first few) and counted.
 */
import { basename } from 'node:path';
import { openListFile, type OpenedList } from '@ariadne/sanctions';
import type { EntityData } from '@ariadne/schema';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';

/** how many record errors of a list are printed (all are counted) */
const SHOWN_ERRORS = 5;

export interface ReadList {
  readonly opened: OpenedList;
  readonly entities: EntityData[];
  /** records refused */
  readonly errors: number;
}

export async function readListEntities(path: string, io: Io): Promise<ReadList> {
  let opened: OpenedList;
  try {
    opened = await openListFile(path);
  } catch (error) {
    throw new CliError(EXIT.INPUT, `${basename(path)}: ${(error as Error).message}`);
  }
  const entities: EntityData[] = [];
  let errors = 0;
  for await (const item of opened.items()) {
    if ('entity' in item) {
      entities.push(item.entity);
      continue;
    }
    if (item.error.record === 'document') throw new CliError(EXIT.INPUT, `${opened.source}: ${item.error.message}`);
    if (++errors <= SHOWN_ERRORS) io.err(`${opened.source}: record ${item.error.record} skipped: ${item.error.message}\n`);
  }
  if (errors > SHOWN_ERRORS) io.err(`${opened.source}: ${errors} records skipped in all.\n`);
  return { opened, entities, errors };
}
