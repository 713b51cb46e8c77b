/**
 * Worker thread of the screening benchmark's two-core figure: builds its own index of the same
 * lists (an index is not shared between isolates), then screens the share of the queries it is
 * given, once per run, reporting each run's seconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex, screenQuery } from '@ariadne/sanctions';
import { loadBenchLists } from './lists.ts';

const { queries, runs } = workerData as { queries: string[]; runs: number };
const lists = await loadBenchLists();
const index = buildIndex([{ list: 'un-sc', entities: lists.un }, { list: 'ofac-sdn', entities: lists.ofac }]);
parentPort!.postMessage({ ready: true });
parentPort!.once('message', () => {
  const seconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    for (let i = 0; i < queries.length; i++) screenQuery(index, { id: `q${i}`, name: queries[i]! });
    seconds.push((performance.now() - started) / 1000);
  }
  parentPort!.postMessage({ seconds });
});
