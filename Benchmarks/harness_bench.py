#!/usr/bin/env python3
"""The harness's own speed (make bench-harness).

1. Cluster start: wall time from launching `shakedown up redis-cluster --masters 3
   --replicas 1` to its endpoint lines (processes started, every node cluster_state:ok, all
   agreeing, every replica's link up), for Swift nodes and for redis-server nodes; next to
   it, for six already-running nodes of each kind, the time from `redis-cli --cluster create
   --cluster-replicas 1 --cluster-yes` to cluster_state:ok on every node, and to every
   replica's link up (redis-server 7.0 delays a first sync by repl-diskless-sync-delay, 5 s).
2. The linearizability checker on generated register histories (shakedown-lincheck-bench):
   10,000 operations from 8 clients over 100 keys, and 100,000.
Build first: `make build-release` (make bench-harness does).
"""
import os
import signal
import statistics
import subprocess
import sys
import time

from cluster_bench import Cluster, wait
from redis_bench import binaries

TRIALS = int(os.environ.get("BENCH_TRIALS", "3"))
SHAKEDOWN = ".build/release/shakedown"
LINCHECK = ".build/release/shakedown-lincheck-bench"


def shakedown_up(target):
    """Seconds from launch to the endpoints being printed."""
    t0 = time.monotonic()
    p = subprocess.Popen([SHAKEDOWN, "up", "redis-cluster", "--masters", "3", "--replicas", "1", "--target", target,
                          "--network", "proxy"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in p.stdout:
            if line.startswith("Ctrl-C"):
                return time.monotonic() - t0
            if "ready in" not in line and not line.startswith(("n", "files", "clients")):
                print("   ", line.rstrip())
        raise RuntimeError(f"shakedown up {target} ended before it was ready")
    finally:
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def main():
    ours, reference = binaries()
    for path in (SHAKEDOWN, LINCHECK):
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: run `make build-release`")
    print(f"cluster start, 6 nodes (3 masters + 1 replica each), median of {TRIALS}:")
    rows = []
    for name, target, binary in (("Swift nodes", "swift", ours), ("redis-server nodes", "redis-server", reference)):
        up = statistics.median(shakedown_up(target) for _ in range(TRIALS))
        creates, synced = [], []
        for _ in range(TRIALS):
            cluster = Cluster(binary, 6, 1000, 1)
            creates.append(cluster.create_seconds)
            wait(cluster.replicas_synced, 60, "replicas in sync")
            synced.append(time.monotonic() - cluster.create_started)
            cluster.stop()
        rows.append((name, up, statistics.median(creates), statistics.median(synced)))
    print(f"  {'':20} {'shakedown up':>13} {'redis-cli --cluster create: ok':>31} {'and synced':>11}")
    for name, up, create, sync in rows:
        print(f"  {name:20} {up:12.2f}s {create:30.2f}s {sync:10.2f}s")
    print(f"  target: shakedown up under 3 s for Swift nodes -> {'met' if rows[0][1] < 3 else 'NOT met'}")
    print()
    print("linearizability checker (release build):")
    sys.stdout.flush()
    subprocess.run([LINCHECK], check=True)


if __name__ == "__main__":
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    sys.path.insert(0, "Benchmarks")
    main()
