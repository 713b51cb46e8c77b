/**
 * Runs igraph_bench.py under a Python that has python3-igraph (Debian's package), installing it
 * with apt-get when no Python has it, and reads back what it measured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Timing } from './compare.ts';

export type IgraphTask = 'betweenness' | 'pagerank' | 'louvain';

export interface IgraphGraphSpec {
  readonly name: string;
  readonly n: number;
  readonly file: string;
  readonly tasks: readonly IgraphTask[];
  /** runs for this graph's tasks, when not the benchmark's BENCH_RUNS */
  readonly runs?: number;
  /** CPU seconds one run may take, when not the benchmark's cap; 0 for no limit */
  readonly capSeconds?: number;
}

/** Runs that finished; `timedOut` when a run passed the CPU cap (then no values were written). */
export interface IgraphTiming extends Timing {
  readonly timedOut?: boolean;
  readonly capSeconds?: number;
}

export interface IgraphGraphResult {
  readonly nodes: number;
  readonly edges: number;
  readonly rawEdges: number;
  readonly selfLoops: number;
  readonly parallelMerged: number;
  readonly loadSeconds: number;
  readonly weighted: boolean;
  readonly betweenness?: IgraphTiming & { readonly values?: string };
  readonly pagerank?: IgraphTiming & { readonly values?: string };
  readonly louvain?: IgraphTiming & { readonly modularity: number[]; readonly communities?: number; readonly membership?: string };
}

export interface IgraphResult {
  readonly igraph: string;
  readonly python: string;
  readonly peakRssMb: number;
  readonly graphs: Readonly<Record<string, IgraphGraphResult>>;
}

const script = new URL('./igraph_bench.py', import.meta.url).pathname;

const hasIgraph = (python: string): boolean => spawnSync(python, ['-c', 'import igraph'], { stdio: 'ignore' }).status === 0;

/**
 * A Python interpreter that imports igraph. Debian's python3-igraph lives in /usr/bin/python3's
 * dist-packages, which a `python3` first on PATH (pyenv, a virtualenv) does not see, so that one is
 * tried explicitly; BENCH_PYTHON overrides both.
 */
export function igraphPython(): string {
  const candidates = [process.env.BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const python of candidates) if (hasIgraph(python)) return python;
  console.log('python3-igraph is missing: installing it with apt-get (Debian) …');
  const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  // the package lists may be missing or stale on a fresh machine: update once, then retry
  if (!apt(['install', '-y', 'python3-igraph']) && apt(['update'])) apt(['install', '-y', 'python3-igraph']);
  for (const python of candidates) if (hasIgraph(python)) return python;
  throw new Error(
    'The network benchmark compares against igraph, but no Python here can `import igraph`, and ' +
      '`apt-get install -y python3-igraph` did not fix that (it needs root and Debian\'s package lists). ' +
      'Install python3-igraph and, if it is not /usr/bin/python3 that sees it, point BENCH_PYTHON at the interpreter that does.',
  );
}

/**
 * Starts the whole igraph side as one child process; its progress lines pass through to our
 * stderr. `capSeconds` bounds the CPU time of any one run (see igraph_bench.py).
 */
export function runIgraph(python: string, dir: string, plan: { runs: number; capSeconds: number; graphs: readonly IgraphGraphSpec[] }): Promise<IgraphResult> {
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ runs: plan.runs, capSeconds: plan.capSeconds, outDir: dir, graphs: plan.graphs }));
  const child = spawn(python, [script, manifest], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) reject(new Error(`igraph_bench.py failed (${signal ?? `exit ${code}`}); its messages are above`));
      else resolve(JSON.parse(out) as IgraphResult);
    });
  });
}

export const readFloat64 = (file: string): Float64Array => {
  const b = readFileSync(file);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

export const readInt32 = (file: string): Int32Array => {
  const b = readFileSync(file);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
