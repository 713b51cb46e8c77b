/** Where commands write: results on stdout, progress and messages on stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** true when stderr is a terminal (progress bars), false in pipes, logs and tests */
  readonly interactive: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** a framed box for the one-time secrets the operator must copy */
export function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const edge = `+${'-'.repeat(width + 2)}+`;
  return [edge, ...lines.map((l) => `| ${l.padEnd(width)} |`), edge].join('\n') + '\n';
}
