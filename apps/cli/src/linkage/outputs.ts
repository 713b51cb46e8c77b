/**
 * How `ariadne link …` writes its files: all at the end, each beside its target (mode 0600: the
 * pairs and maps name records) and renamed onto it only when every one was written, so a
 * failure leaves no half-written output; and never onto one of the command's own inputs.
 */
import { resolve } from 'node:path';
import { AtomicOutput } from '../commands/finance-files.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export interface PlannedOutput {
  readonly path: string;
  /** what it is, for messages ("pairs file") */
  readonly what: string;
  /** the whole text (ending in a newline), or its lines without their newlines */
  readonly content: string | Iterable<string>;
}

/** Writes every output to a temporary file, then renames them all; on any failure removes them all. */
export async function writeOutputs(outputs: readonly PlannedOutput[]): Promise<void> {
  const opened: AtomicOutput[] = [];
  try {
    for (const output of outputs) {
      const file = await AtomicOutput.open(output.path, output.what);
      opened.push(file);
      if (typeof output.content === 'string') {
        if (output.content !== '') await file.line(output.content.replace(/\n$/, ''));
      } else {
        for (const line of output.content) await file.line(line);
      }
    }
    for (const file of opened) await file.commit();
  } catch (error) {
    for (const file of opened) await file.abandon();
    throw error;
  }
}

/**
 * Refuses (exit 2) an output path that is also an input or another output: writing it would
 * destroy the input, or one output would overwrite the other.
 */
export function checkDistinctPaths(inputs: Readonly<Record<string, string>>, outputs: Readonly<Record<string, string>>): void {
  const seen = new Map<string, string>();
  for (const [option, path] of Object.entries(inputs)) seen.set(resolve(path), option);
  for (const [option, path] of Object.entries(outputs)) {
    const other = seen.get(resolve(path));
    if (other !== undefined) throw new CliError(EXIT.USAGE, `${option} and ${other} name the same file (${path}); give the output a path of its own.`);
    seen.set(resolve(path), option);
  }
}
