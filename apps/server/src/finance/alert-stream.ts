/**
 * One client's Server-Sent Events stream of a case's alerts (WHATWG HTML §9.2). It sends
 * `event: alert` with `{ id, typology, score, change }` as alerts are raised or updated, a comment
 * line as heartbeat (which keeps proxies from timing the connection out), and ends itself when the
 * caller's access lapses (checked at every heartbeat: a logout, a revoked token, a removed
 * membership), after `maxMs` (the browser's EventSource reconnects and is authorised afresh), or
 * when the client goes away.
 */
import { PassThrough } from 'node:stream';
import type { AlertEvents } from './alert-events.ts';

export interface AlertStreamOptions {
  readonly events: AlertEvents;
  readonly caseId: string;
  readonly heartbeatMs: number;
  readonly maxMs: number;
  /** false (or a throw) when the caller may no longer read the case's alerts */
  readonly stillAllowed: () => Promise<boolean>;
  /** how long the browser waits before reconnecting, sent as `retry:` */
  readonly retryMs?: number;
}

export interface AlertStream {
  readonly body: PassThrough;
  /** ends the stream with a last `event: close` saying why (idempotent) */
  close(reason: 'timeout' | 'unauthorised' | 'shutdown'): void;
}

export function openAlertStream(options: AlertStreamOptions): AlertStream {
  const body = new PassThrough();
  let open = true;
  let checking = false;

  const write = (text: string): void => {
    if (open && !body.destroyed && !body.writableEnded) body.write(text);
  };
  const unsubscribe = options.events.subscribe(options.caseId, (event, seq) => {
    write(`id: ${seq}\nevent: alert\ndata: ${JSON.stringify({ id: event.id, typology: event.typology, score: event.score, change: event.change })}\n\n`);
  });
  const stop = (): void => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    unsubscribe();
  };
  const close = (reason: 'timeout' | 'unauthorised' | 'shutdown'): void => {
    if (!open) return;
    write(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
    stop();
    body.end();
  };

  const heartbeat = setInterval(() => {
    if (checking) return;
    checking = true;
    write(': heartbeat\n\n');
    void options.stillAllowed().catch(() => false).then((allowed) => {
      checking = false;
      if (!allowed) close('unauthorised');
    });
  }, options.heartbeatMs);
  const lifetime = setTimeout(() => close('timeout'), options.maxMs);
  // the server may shut down with a stream open: neither timer keeps the process alive
  heartbeat.unref();
  lifetime.unref();
  body.on('close', stop);
  body.on('error', stop);

  write(`retry: ${options.retryMs ?? 5000}\n: connected\n\n`);
  return { body, close };
}
