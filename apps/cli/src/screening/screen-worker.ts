/**
 * A screening worker of `ariadne screen --threads N`: builds its own index of the lists it is
 * sent first (an index cannot be shared between isolates), says it is ready, then renders each
 * batch it is sent into JSON lines and sends them back, batches answered in the order they
 * came. Any error escapes to the main thread's `error` event, which fails the run.
 */
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex, type ListEntities, type ScreeningIndex } from '@ariadne/sanctions';
import { resultLine, withThreshold } from './result-lines.ts';
import type { BatchItem, BatchOutput, ListsMessage, WorkerReady, WorkerSetup } from './screen-protocol.ts';

const setup = workerData as WorkerSetup;
const limits = { minScore: setup.minScore, limit: setup.limit };
let index: ScreeningIndex | undefined;

function build(message: ListsMessage): WorkerReady {
  index = withThreshold(buildIndex(deserialize(message.lists) as ListEntities[]), setup.threshold);
  const { name, version, threshold } = index.algorithm;
  return { ready: true, names: index.names.length, algorithm: { name, version, threshold } };
}

function screen(built: ScreeningIndex, items: readonly BatchItem[]): BatchOutput {
  let text = '';
  let matched = 0;
  for (const item of items) {
    if ('text' in item) {
      text += item.text;
      continue;
    }
    const result = resultLine(built, item.query, limits);
    text += result.line;
    if (result.matched) matched++;
  }
  return { text, matched };
}

parentPort!.on('message', (message: ListsMessage | readonly BatchItem[]) => {
  parentPort!.postMessage(index ? screen(index, message as readonly BatchItem[]) : build(message as ListsMessage));
});
