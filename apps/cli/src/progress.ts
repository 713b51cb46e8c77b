/**
 * Import progress: a bar (cli-progress) on a terminal, a plain line every few seconds otherwise
 * (logs and pipes should not fill with carriage returns).
 */
import cliProgress from 'cli-progress';
import type { ImportProgress } from '@ariadne/ingest';
import type { Io } from './io.ts';

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

export function progressReporter(io: Io, now: () => number = Date.now, intervalMs = 5000): ProgressReporter {
  if (io.interactive) {
    const bar = new cliProgress.SingleBar({
      format: 'importing [{bar}] {percentage}% | line {lines} | {ok} ok, {failed} bad',
      stream: process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(p) {
        const payload = { lines: p.linesDone, ok: p.rowsOk, failed: p.rowsFailed };
        if (!started) {
          bar.start(Math.max(1, p.totalBytes), p.bytesRead, payload);
          started = true;
        } else bar.update(p.bytesRead, payload);
      },
      stop: () => { if (started) bar.stop(); },
    };
  }
  let last = now();
  return {
    update(p) {
      if (now() - last < intervalMs) return;
      last = now();
      const percent = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
      io.err(`progress: ${percent}% line ${p.linesDone}, ${p.rowsOk} rows ok, ${p.rowsFailed} bad\n`);
    },
    stop: () => undefined,
  };
}

/** progress of a byte count (bundle export): a bar on a terminal, a line every few seconds otherwise */
export function byteProgress(io: Io, label: string, now: () => number = Date.now, intervalMs = 5000): { update(done: number, total: number): void; stop(): void } {
  if (io.interactive) {
    const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} bytes`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(Math.max(1, total), done);
          started = true;
        } else bar.update(done);
      },
      stop: () => { if (started) bar.stop(); },
    };
  }
  let last = now();
  return {
    update(done, total) {
      if (now() - last < intervalMs) return;
      last = now();
      io.err(`${label}: ${total > 0 ? Math.floor((100 * done) / total) : 100}% (${done} of ${total} bytes)\n`);
    },
    stop: () => undefined,
  };
}
