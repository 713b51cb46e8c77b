/**
 * Log checkpoints in the C2SP tlog-checkpoint format: the log's origin (a unique name), the tree
 * size in decimal, the root hash in base64, each on its own line, optionally followed by
 * extension lines; signed as a note (signed-note.ts).
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  readonly extensions: readonly string[];
}

export function formatCheckpoint(checkpoint: { origin: string; size: number; root: Uint8Array; extensions?: readonly string[] }): string {
  if (!checkpoint.origin || /[\n\r]/.test(checkpoint.origin)) throw new Error('a checkpoint needs a one-line origin');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw new Error('a checkpoint\'s size is a whole number');
  if (checkpoint.root.length !== 32) throw new Error('a checkpoint\'s root is a SHA-256 hash');
  const extensions = (checkpoint.extensions ?? []).map((e) => {
    if (!e || /[\n\r]/.test(e)) throw new Error('an extension is one non-empty line');
    return `${e}\n`;
  });
  return `${checkpoint.origin}\n${checkpoint.size}\n${Buffer.from(checkpoint.root).toString('base64')}\n${extensions.join('')}`;
}

/** parses a checkpoint body (the text of an opened note); null when it is not one */
export function parseCheckpoint(text: string): Checkpoint | null {
  if (!text.endsWith('\n')) return null;
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (!origin || !size || !root || !/^(0|[1-9][0-9]{0,15})$/.test(size)) return null;
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) return null;
  if (extensions.some((e) => e === '')) return null;
  const n = Number(size);
  if (!Number.isSafeInteger(n)) return null;
  return { origin, size: n, root: rootBytes, extensions };
}
