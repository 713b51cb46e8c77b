/**
 * The worker thread side of `LinkagePool`: a long-lived worker that parses and matches one
 * linkage run per message, in turn. Refusals travel back as their code, message and details, so
 * the route answers the same problem as if it had matched on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { isAriadneError } from '@ariadne/schema';
import { matchClkTexts, type LinkageMatchRequest } from './linkage-match.ts';

const port = parentPort!;
port.on('message', (message: { id: number; request: LinkageMatchRequest }) => {
  void matchClkTexts(message.request).then(
    (match) => port.postMessage({ id: message.id, type: 'result', match }),
    (error: unknown) => port.postMessage(isAriadneError(error)
      ? { id: message.id, type: 'error', code: error.code, message: error.message, details: error.details ?? null }
      : { id: message.id, type: 'error', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), details: null }),
  );
});
