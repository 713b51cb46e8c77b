/** `ariadne case create|list`: cases from the command line (journalled as the `cli` actor). */
import type { CliConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';

export async function runCaseCreate(config: CliConfig, io: Io, name: string, options: { description?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const created = await store.createCase(CLI_ACTOR, { name, ...(options.description ? { description: options.description } : {}) });
    io.out(`${created.id}\n`);
    io.err(`Created the case "${created.name}". Add members in the web app (Cases → the case → Members).\n`);
    return EXIT.OK;
  });
}

export async function runCaseList(config: CliConfig, io: Io): Promise<number> {
  return withStore(config, async ({ store }) => {
    let cursor: string | null = null;
    do {
      const page = await store.listCases(null, { limit: 200, cursor });
      for (const c of page.items) io.out(`${c.id}\t${c.status}\t${c.name}\n`);
      cursor = page.next;
    } while (cursor);
    return EXIT.OK;
  });
}
