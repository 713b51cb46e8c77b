/**
 * The composition root for the store: opens PGlite in `<data>/db` (creating the data folder,
 * mode 0700: it holds victim data) or the PostgreSQL server of DATABASE_URL. `createStore`
 * migrates on open.
 */
import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, type AriadneModel } from '@ariadne/schema';
import { createStore, storeModelOf, type Actor, type OpenedStore } from '@ariadne/store';
import type { CliConfig } from './config.ts';
import { CliError, EXIT } from './exit-codes.ts';

/** the actor of everything the CLI does on the operator's behalf */
export const CLI_ACTOR: Actor = { kind: 'system', id: 'cli' };

export interface OpenedCli {
  readonly store: OpenedStore;
  readonly model: AriadneModel;
}

async function ensureDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    if (!info.isDirectory()) throw new CliError(EXIT.USAGE, `${dir} is not a folder.`);
    if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.USAGE, `Cannot use the data folder ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

export async function openStore(config: CliConfig): Promise<OpenedCli> {
  const model = loadModel();
  if (config.databaseUrl !== null) {
    try {
      return { store: await createStore({ databaseUrl: config.databaseUrl, model: storeModelOf(model) }), model };
    } catch (error) {
      // the driver's message may carry the connection string: say only what failed
      throw new CliError(EXIT.USAGE, `Cannot open the database of DATABASE_URL (${(error as NodeJS.ErrnoException).code ?? 'connection failed'}).`);
    }
  }
  await ensureDataDir(config.dataDir);
  return { store: await createStore({ dataDir: join(config.dataDir, 'db'), model: storeModelOf(model) }), model };
}

/** opens the store, runs `work`, always closes */
export async function withStore<T>(config: CliConfig, work: (opened: OpenedCli) => Promise<T>): Promise<T> {
  const opened = await openStore(config);
  try {
    return await work(opened);
  } finally {
    await opened.store.close();
  }
}
