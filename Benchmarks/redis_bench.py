#!/usr/bin/env python3
"""shakedown-redis versus redis-server, side by side in one run.

For each test of `redis-benchmark -t set,get,incr,lpush,hset,zadd -n 200000 -c 50`, with -P 1
and -P 16, runs both servers alternately over three rounds and reports the medians of
  - ops/s as redis-benchmark measures it, and
  - the server's CPU time per operation (utime + stime from /proc/PID/stat, before and after),
    the steadier figure on a shared 2-core machine,
with the ratio ours/theirs for ops/s and theirs/ours for CPU (so >= 1 means we are at least
as good). Then loads 1,000,000 small keys into each (DEBUG POPULATE) and prints the RSS.
Build first: `swift build -c release --product shakedown-redis` (make bench-redis does).
"""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, ".build", "release", "shakedown-redis")
TESTS = ["set", "get", "incr", "lpush", "hset", "zadd"]
PIPELINES = [1, 16]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CLIENTS = 50
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Server:
    def __init__(self, name, binary):
        self.name = name
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix=f"bench-{name}-")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", self.dir, "--enable-debug-command", "yes", "--logfile", os.path.join(self.dir, "log")]
        self.proc = subprocess.Popen(args)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.call("PING") == "PONG":
                return
            time.sleep(0.05)
        raise SystemExit(f"{name} did not start; see {self.dir}/log")

    def call(self, *args):
        r = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return r.stdout.strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def run_one(server, test, pipeline):
    server.call("FLUSHALL")
    before = cpu_seconds(server.proc.pid)
    out = subprocess.run(
        ["redis-benchmark", "-p", str(server.port), "-t", test, "-n", str(REQUESTS), "-c", str(CLIENTS),
         "-P", str(pipeline), "--csv"], capture_output=True, text=True, check=True).stdout
    after = cpu_seconds(server.proc.pid)
    rows = [l.split(",") for l in out.splitlines() if l.startswith('"') and not l.startswith('"test"')]
    rps = float(rows[0][1].strip('"'))
    return rps, (after - before) / REQUESTS * 1e6  # µs of server CPU per op


def binaries():
    """(ours, redis-server): the release build and the reference, or exit saying what is missing."""
    if not os.path.exists(OURS):
        raise SystemExit(f"{OURS} is missing: run `swift build -c release --product shakedown-redis`")
    reference = shutil.which("redis-server")
    if not reference:
        raise SystemExit("redis-server is not installed (make setup installs it)")
    return OURS, reference


def main():
    _, reference = binaries()
    servers = [Server("shakedown-redis", OURS), Server("redis-server", reference)]
    results = {}  # (test, P, name) -> [(rps, cpu)]
    try:
        for r in range(ROUNDS):
            order = servers if r % 2 == 0 else servers[::-1]
            for pipeline in PIPELINES:
                for test in TESTS:
                    for s in order:
                        results.setdefault((test, pipeline, s.name), []).append(run_one(s, test, pipeline))
            print(f"round {r + 1}/{ROUNDS} done", file=sys.stderr)

        print(f"redis-benchmark -n {REQUESTS} -c {CLIENTS}, medians of {ROUNDS} alternating rounds")
        header = f"{'test':6} {'P':>3} {'ours ops/s':>12} {'redis ops/s':>12} {'ratio':>6}   " \
                 f"{'ours cpu/op':>11} {'redis cpu/op':>12} {'ratio':>6}"
        print(header)
        print("-" * len(header))
        worst = []
        for pipeline in PIPELINES:
            for test in TESTS:
                ours = results[(test, pipeline, "shakedown-redis")]
                theirs = results[(test, pipeline, "redis-server")]
                o_rps = statistics.median(x[0] for x in ours)
                t_rps = statistics.median(x[0] for x in theirs)
                o_cpu = statistics.median(x[1] for x in ours)
                t_cpu = statistics.median(x[1] for x in theirs)
                rps_ratio = o_rps / t_rps
                cpu_ratio = t_cpu / o_cpu if o_cpu > 0 else float("inf")
                worst += [rps_ratio, cpu_ratio]
                print(f"{test:6} {pipeline:>3} {o_rps:>12.0f} {t_rps:>12.0f} {rps_ratio:>6.2f}   "
                      f"{o_cpu:>9.2f}µs {t_cpu:>10.2f}µs {cpu_ratio:>6.2f}")
        print(f"lowest ratio: {min(worst):.2f} (target >= 0.80; cpu ratio = redis cpu / ours)")

        print("\nRSS after DEBUG POPULATE 1000000 (keys key:N, values value:N):")
        for s in servers:
            s.call("FLUSHALL")
            before = rss_bytes(s.proc.pid)
            s.call("DEBUG", "POPULATE", "1000000")
            keys = s.call("DBSIZE")
            after = rss_bytes(s.proc.pid)
            print(f"  {s.name:16} keys={keys:>8} rss={after / 2**20:8.1f} MiB (before {before / 2**20:.1f} MiB)")
        ours_rss, theirs_rss = (rss_bytes(s.proc.pid) for s in servers)
        print(f"  ratio ours/redis: {ours_rss / theirs_rss:.2f} (target <= 2.0)")
    finally:
        for s in servers:
            s.stop()


if __name__ == "__main__":
    main()
