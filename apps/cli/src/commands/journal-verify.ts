/** `ariadne journal verify`: recomputes every leaf and chain hash; exit 4 on the first break. */
import type { CliConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { withStore } from '../open-store.ts';

export async function runJournalVerify(config: CliConfig, io: Io): Promise<number> {
  return withStore(config, async ({ store }) => {
    const result = await store.verifyJournal();
    io.out(`entries: ${result.entries}\nhead:    ${result.head ?? '(empty journal)'}\n`);
    if (result.ok) {
      io.out('OK: every entry verifies.\n');
      return EXIT.OK;
    }
    io.out(`BROKEN: entry ${result.firstBadSeq ?? '?'} does not verify${result.reason ? ` (${result.reason})` : ''}.\n`);
    return EXIT.JOURNAL_BROKEN;
  });
}
