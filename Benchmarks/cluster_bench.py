#!/usr/bin/env python3
"""Cluster failover time and cluster throughput: shakedown-redis versus redis-server.

1. Failover: six nodes (three masters, one replica each) with the same node-timeout
   (1000 and 5000 ms). Once every replica reports master_link_status:up, a master is killed
   with SIGKILL and a client retries SET on a key of that master's slots (at the replica,
   following MOVED) until one succeeds. The time from the kill to that first successful
   write, over several trials: median and max, side by side.
2. Throughput: `redis-benchmark --cluster -t set,get -n 200000 -c 50` on a three-master
   cluster of each, and the ratio ours/theirs.
Build first: `swift build -c release --product shakedown-redis` (make bench-cluster does).
"""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from redis_bench import binaries, free_port

TRIALS = int(os.environ.get("BENCH_TRIALS", "3"))
TIMEOUTS = [int(t) for t in os.environ.get("BENCH_TIMEOUTS", "1000,5000").split(",")]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200000"))


def cli(port, *args, timeout=5):
    try:
        r = subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=timeout)
        return r.stdout.strip()
    except subprocess.TimeoutExpired:
        return ""


def field(text, name):
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return None


def wait(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


class Cluster:
    def __init__(self, binary, count, node_timeout, replicas):
        self.dir = tempfile.mkdtemp(prefix="bench-cluster-")
        self.nodes = []  # (port, process)
        for i in range(count):
            d = os.path.join(self.dir, f"n{i}")
            os.makedirs(d)
            port, bus = free_port(), free_port()
            args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", str(node_timeout),
                    "--cluster-port", str(bus), "--dir", d, "--save", "", "--appendonly", "no",
                    "--logfile", os.path.join(d, "log")]
            self.nodes.append((port, subprocess.Popen(args)))
        for port, _ in self.nodes:
            wait(lambda: cli(port, "ping") == "PONG", 10, f"node {port}")
        addresses = [f"127.0.0.1:{p}" for p, _ in self.nodes]
        t0 = self.create_started = time.monotonic()
        r = subprocess.run(["redis-cli", "--cluster", "create", *addresses, "--cluster-replicas", str(replicas),
                            "--cluster-yes"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(r.stdout + r.stderr)
        for port, _ in self.nodes:
            wait(lambda: field(cli(port, "cluster", "info"), "cluster_state") == "ok", 30, f"state ok on {port}")
        # From `redis-cli --cluster create` to cluster_state:ok on every node (harness_bench).
        self.create_seconds = time.monotonic() - t0

    def replicas_synced(self):
        for port, _ in self.nodes:
            info = cli(port, "info", "replication")
            if field(info, "role") == "slave" and field(info, "master_link_status") != "up":
                return False
        return True

    def stop(self):
        for _, p in self.nodes:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def failover_trial(binary, node_timeout):
    cluster = Cluster(binary, 6, node_timeout, 1)
    try:
        wait(cluster.replicas_synced, 60, "replicas in sync")
        first = cluster.nodes[0][0]

        def view():
            return [l.split() for l in cli(first, "cluster", "nodes").splitlines()]

        def every_master_has_a_replica():
            lines = view()
            masters = [l for l in lines if "master" in l[2]]
            return len(masters) == 3 and all(any(r[3] == m[0] for r in lines) for m in masters)

        wait(every_master_has_a_replica, 30, "node 0 to know every replica")
        # A master, one of its replicas, and a key in its slots.
        lines = view()
        master = next(l for l in lines if "master" in l[2] and "myself" not in l[2])
        replica = next(l for l in lines if l[3] == master[0])
        master_port = int(master[1].split("@")[0].rsplit(":", 1)[1])
        replica_port = int(replica[1].split("@")[0].rsplit(":", 1)[1])
        start, end = (int(x) for x in master[8].split("-"))
        key = next(f"k{i}" for i in range(100000) if start <= int(cli(first, "cluster", "keyslot", f"k{i}")) <= end)
        victim = next(p for port, p in cluster.nodes if port == master_port)
        victim.send_signal(signal.SIGKILL)
        t0 = time.monotonic()
        deadline = t0 + 120
        while time.monotonic() < deadline:
            if cli(replica_port, "-c", "set", key, "x", timeout=2) == "OK":
                return time.monotonic() - t0
            time.sleep(0.01)
        raise RuntimeError("no successful write within 120 s")
    finally:
        cluster.stop()


def throughput(binary):
    cluster = Cluster(binary, 3, 5000, 0)
    try:
        port = cluster.nodes[0][0]
        out = subprocess.run(["redis-benchmark", "--cluster", "-p", str(port), "-t", "set,get", "-n", str(REQUESTS),
                              "-c", "50", "--csv"], capture_output=True, text=True, check=True).stdout
        rows = [l.split(",") for l in out.splitlines() if l.startswith('"') and not l.startswith('"test"')]
        return {r[0].strip('"'): float(r[1].strip('"')) for r in rows}
    finally:
        cluster.stop()


def main():
    ours, reference = binaries()
    kinds = [("shakedown-redis", ours), ("redis-server", reference)]
    times = {}
    for node_timeout in TIMEOUTS:
        for trial in range(TRIALS):
            for name, binary in (kinds if trial % 2 == 0 else kinds[::-1]):
                t = failover_trial(binary, node_timeout)
                times.setdefault((name, node_timeout), []).append(t)
                print(f"failover {name} node-timeout {node_timeout}: {t:.2f}s", file=sys.stderr)
    print(f"Failover: SIGKILL of a master -> first successful write to its slots ({TRIALS} trials)")
    print(f"{'node-timeout':>12} {'ours median':>12} {'ours max':>9} {'redis median':>13} {'redis max':>10} {'ratio':>6}")
    for node_timeout in TIMEOUTS:
        o = times[("shakedown-redis", node_timeout)]
        r = times[("redis-server", node_timeout)]
        print(f"{node_timeout:>10}ms {statistics.median(o):>11.2f}s {max(o):>8.2f}s {statistics.median(r):>12.2f}s "
              f"{max(r):>9.2f}s {statistics.median(r) / statistics.median(o):>6.2f}")
    print("(ratio = redis median / ours: >= 1 means we fail over at least as fast; target >= 1)")
    print()
    ours, theirs = throughput(ours), throughput(reference)
    print(f"redis-benchmark --cluster -n {REQUESTS} -c 50, three masters")
    print(f"{'test':6} {'ours ops/s':>12} {'redis ops/s':>12} {'ratio':>6}")
    for test in ours:
        print(f"{test:6} {ours[test]:>12.0f} {theirs.get(test, 0):>12.0f} {ours[test] / theirs[test]:>6.2f}")
    print("(target: ratio >= 0.8)")


if __name__ == "__main__":
    main()
