/**
 * ForceAtlas2 for a few seconds, off the main thread: graphology's layout supervisor with its
 * worker spawned from our own same-origin file (fa2.worker.ts) rather than from a blob: URL the
 * CSP forbids. If no worker can start, a time-boxed run of the same algorithm on the main thread,
 * one iteration per animation frame.
 *
 * The worker answers many times a second; each time the supervisor would write every position into
 * the graph, and sigma would restyle and re-upload the whole graph (about half a second at 10,000
 * nodes and 50,000 ties on a slow machine). So on large graphs the positions are written at most
 * every `throttleMs`, and once more when the layout stops.
 */
import forceAtlas2, { type ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
import { assignLayoutChanges } from 'graphology-layout-forceatlas2/helpers.js';
import FA2LayoutSupervisor from 'graphology-layout-forceatlas2/worker';
import type { ExplorerGraph } from './build-graph.ts';

/** the supervisor's own fields this file touches (graphology-layout-forceatlas2 0.10) */
interface SupervisorInternals {
  worker: Worker | null;
  running: boolean;
  graph: ExplorerGraph;
  matrices: { nodes: Float32Array } | null;
  handleMessage: (event: MessageEvent) => void;
  askForIterations(): void;
  start(): void;
}

interface Supervisor {
  start(): void;
  stop(): void;
  kill(): void;
  /** write the latest positions into the graph now */
  flush(): void;
}

function workerSupervisor(graph: ExplorerGraph, settings: ForceAtlas2Settings, throttleMs: number, onWorkerError: () => void): Supervisor {
  let lastWrite = 0;
  let pending = false;
  class SameOriginSupervisor extends FA2LayoutSupervisor {
    // Called by the base constructor and on graph changes, in place of the blob: worker.
    spawnWorker(): void {
      const self = this as unknown as SupervisorInternals;
      if (self.worker) self.worker.terminate();
      self.worker = new Worker(new URL('./fa2.worker.ts', import.meta.url), { type: 'module' });
      self.worker.addEventListener('message', self.handleMessage);
      self.worker.addEventListener('error', onWorkerError);
      if (self.running) {
        self.running = false;
        self.start();
      }
    }

    // The base class's handler, writing positions at most every `throttleMs`.
    handleMessage(event: MessageEvent<{ nodes: ArrayBuffer }>): void {
      const self = this as unknown as SupervisorInternals;
      if (!self.running || !self.matrices) return;
      self.matrices.nodes = new Float32Array(event.data.nodes);
      const now = performance.now();
      if (now - lastWrite >= throttleMs) {
        assignLayoutChanges(self.graph, self.matrices.nodes, null);
        lastWrite = now;
        pending = false;
      } else {
        pending = true;
      }
      self.askForIterations();
    }

    flush(): void {
      const self = this as unknown as SupervisorInternals;
      if (pending && self.matrices) assignLayoutChanges(self.graph, self.matrices.nodes, null);
      pending = false;
    }
  }
  return new SameOriginSupervisor(graph, { settings, getEdgeWeight: null }) as unknown as Supervisor;
}

export interface LayoutRun {
  readonly running: boolean;
  /** re-read pinned nodes (the worker copies `fixed` when it starts) */
  restart(): void;
  stop(): void;
}

/** How long the layout runs: longer for larger graphs, never more than a few seconds. */
export function layoutDuration(order: number): number {
  return Math.round(Math.min(6000, 1500 + order * 0.45));
}

/** How often positions reach the screen while the layout runs: every answer for small graphs. */
export function layoutThrottle(order: number, size: number): number {
  return order + size <= 5000 ? 0 : 750;
}

export function runLayout(graph: ExplorerGraph, options: { durationMs?: number; onStop?: () => void } = {}): LayoutRun {
  const settings: ForceAtlas2Settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 1000 };
  const durationMs = options.durationMs ?? layoutDuration(graph.order);
  let running = true;
  let supervisor: Supervisor | null = null;
  let frame = 0;
  const stop = (): void => {
    if (!running) return;
    running = false;
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    supervisor?.flush();
    supervisor?.kill();
    supervisor = null;
    options.onStop?.();
  };
  const mainThread = (): void => {
    supervisor?.kill();
    supervisor = null;
    const step = (): void => {
      if (!running) return;
      forceAtlas2.assign(graph, { iterations: 1, settings, getEdgeWeight: null });
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  };
  try {
    supervisor = workerSupervisor(graph, settings, layoutThrottle(graph.order, graph.size), () => running && mainThread());
    supervisor.start();
  } catch {
    mainThread();
  }
  // `stop` reads it: only ever called after this line (a timer, a user action)
  const timer = setTimeout(stop, durationMs);
  return {
    get running() {
      return running;
    },
    restart() {
      if (!running || !supervisor) return;
      supervisor.flush();
      supervisor.stop();
      supervisor.start();
    },
    stop,
  };
}
