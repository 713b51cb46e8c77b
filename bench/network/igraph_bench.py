#!/usr/bin/env python3
"""igraph's side of the network benchmark (bench/network.bench.ts runs this once per benchmark run).

Reads a manifest (JSON, path as the only argument) that lists edge lists the TypeScript side
generated: int32 little-endian, interleaved source/target pairs over nodes 0..n-1. Loads each into
igraph, simplifies it as Ariadne's CompactGraph does (parallel edges merged, self-loops dropped),
and times the requested algorithms, each `runs` times, loading excluded, as CPU and wall-clock
seconds. Values that the benchmark compares go to binary files (float64 or int32, little-endian,
one per node). Prints one JSON object on stdout; progress goes to stderr.

Each task runs in a forked child with a CPU-time limit per run (`capSeconds` in the manifest, or
per graph; 0 for none): igraph 0.10's multilevel (Louvain) grows faster than linearly on
scale-free graphs, and a run that passes the cap is reported as such ("more than N s") instead of
holding up the benchmark.

Uses only python3-igraph from Debian and the standard library: Debian's python3 has no numpy.
"""
import json
import os
import random
import resource
import signal
import sys
import time
from array import array

import igraph


def log(message):
    print(f"[igraph] {message}", file=sys.stderr, flush=True)


def load(spec):
    ends = array("i")
    with open(spec["file"], "rb") as f:
        ends.frombytes(f.read())
    if sys.byteorder != "little":
        ends.byteswap()
    it = iter(ends)
    g = igraph.Graph(n=spec["n"], edges=list(zip(it, it)), directed=False)
    raw_edges = g.ecount()
    loops = sum(1 for is_loop in g.is_loop() if is_loop)
    # weight 1 per input edge, summed when merged: the same weights CompactGraph keeps
    g.es["weight"] = [1.0] * raw_edges
    g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    merged = raw_edges - loops - g.ecount()
    return g, {"nodes": g.vcount(), "edges": g.ecount(), "rawEdges": raw_edges, "selfLoops": loops, "parallelMerged": merged}


def write(path, typecode, values):
    out = array(typecode, values)
    if sys.byteorder != "little":
        out.byteswap()
    with open(path, "wb") as f:
        out.tofile(f)


def cpu_used():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def runs_of(runs, cap, fn):
    """Yields (wall, cpu, result) per run; the kernel ends the process (SIGXCPU) past `cap` CPU seconds in one run."""
    for r in range(runs):
        if cap:
            limit = int(cpu_used() + cap) + 1
            resource.setrlimit(resource.RLIMIT_CPU, (limit, resource.RLIM_INFINITY))
        w, c = time.perf_counter(), time.process_time()
        result = fn(r)
        yield time.perf_counter() - w, time.process_time() - c, result


def task_work(g, task, name, out_dir, weights):
    """(function of the run number, what to keep of the last run's result)."""
    if task == "betweenness":
        # unweighted: CompactGraph's merged weights are counts of records, not lengths
        def keep(values):
            path = f"{out_dir}/{name}.betweenness.f64"
            write(path, "d", values)
            return {"values": path}
        return (lambda r: g.betweenness(directed=False)), keep
    if task == "pagerank":
        def keep(values):
            path = f"{out_dir}/{name}.pagerank.f64"
            write(path, "d", values)
            return {"values": path}
        return (lambda r: g.pagerank(directed=False, damping=0.85, weights=weights)), keep
    if task == "louvain":
        def multilevel(r):
            # igraph shuffles the node order with Python's random module: seed each run
            random.seed(2331 + r)
            return g.community_multilevel(weights=weights)

        def keep(clustering):
            path = f"{out_dir}/{name}.louvain.i32"
            write(path, "i", clustering.membership)
            return {"communities": len(clustering), "membership": path}
        return multilevel, keep
    raise ValueError(f"unknown task {task}")


def run_task(g, task, name, out_dir, runs, cap, weights):
    """Runs one task in a forked child (which shares the loaded graph) and collects its runs."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        out = os.fdopen(write_end, "w")
        try:
            fn, keep = task_work(g, task, name, out_dir, weights)
            last = None
            for wall, cpu, result in runs_of(runs, cap, fn):
                message = {"wall": wall, "cpu": cpu}
                if task == "louvain":
                    message["modularity"] = result.modularity
                out.write(json.dumps(message) + "\n")
                out.flush()
                last = result
            out.write(json.dumps({"kept": keep(last)}) + "\n")
            out.flush()
            os._exit(0)
        except BaseException as error:  # noqa: BLE001 - reported to the parent, then the child ends
            out.write(json.dumps({"error": repr(error)}) + "\n")
            out.flush()
            os._exit(1)
    os.close(write_end)
    with os.fdopen(read_end) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    _, status = os.waitpid(pid, 0)
    result = {"wall": [], "cpu": []}
    if task == "louvain":
        result["modularity"] = []
    for line in lines:
        if "error" in line:
            raise RuntimeError(f"{name} {task}: {line['error']}")
        if "kept" in line:
            result.update(line["kept"])
            continue
        result["wall"].append(line["wall"])
        result["cpu"].append(line["cpu"])
        if task == "louvain":
            result["modularity"].append(line["modularity"])
    if os.WIFSIGNALED(status):
        if os.WTERMSIG(status) not in (signal.SIGXCPU, signal.SIGKILL):
            raise RuntimeError(f"{name} {task}: the child died of signal {os.WTERMSIG(status)}")
        result["timedOut"] = True
        result["capSeconds"] = cap
        log(f"{name}: {task} passed the cap of {cap} CPU seconds in run {len(result['cpu']) + 1}")
    return result


def run_graph(spec, runs, default_cap, out_dir):
    started = time.perf_counter()
    g, shape = load(spec)
    result = {**shape, "loadSeconds": time.perf_counter() - started}
    # all generated graphs are simple, so every weight is 1 and igraph's faster unweighted code
    # paths give the same values; a merged edge would make the weights matter
    weights = None if all(w == 1.0 for w in g.es["weight"]) else "weight"
    result["weighted"] = weights is not None
    # a graph may lift the cap (0): the exact betweenness that sampled betweenness is checked against
    cap = spec.get("capSeconds", default_cap)
    for task in spec["tasks"]:
        task_runs = spec.get("runs", runs)
        log(f"{spec['name']}: {task} x{task_runs} ({shape['nodes']} nodes, {shape['edges']} edges)")
        result[task] = run_task(g, task, spec["name"], out_dir, task_runs, cap, weights)
    return result


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    graphs = {}
    for spec in manifest["graphs"]:
        graphs[spec["name"]] = run_graph(spec, manifest["runs"], manifest.get("capSeconds"), manifest["outDir"])
    # ru_maxrss is in kilobytes on Linux; the children hold the algorithms' working memory
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({
        "igraph": igraph.__version__,
        "python": sys.version.split()[0],
        "peakRssMb": peak / 1024,
        "graphs": graphs,
    }))


if __name__ == "__main__":
    main()
