/**
 * Feeding csv-parse by hand: each write (or the end) resolves once the parser has consumed it,
 * and a parse error rejects it, so a reader can take records from `on_record` between writes and
 * never lose those parsed before an error. Shared by the CSV importer and the sanctions lists.
 */
import type { parse } from 'csv-parse';

export type CsvParser = ReturnType<typeof parse>;

/** writes text into the parser (or ends it, with null) and waits until it has been parsed */
export function feedCsvParser(parser: CsvParser, text: string | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    parser.once('error', onError);
    const done = (error?: Error | null) => {
      // on failure the stream also emits 'error' on a later tick: the listener stays to take it
      if (error) return reject(error);
      parser.off('error', onError);
      resolve();
    };
    if (text === null) parser.end(done);
    else parser.write(text, done);
  });
}
