#!/usr/bin/env python3
"""`shakedown replay --speed max` against redis-server and against shakedown-redis, side by side.

1. Records a capture of at least 1,000,000 RESP commands with the real tools: tcpdump on lo
   while redis-benchmark (-P 16, 50 clients, SET and GET) runs against redis-server. tcpdump's
   own "dropped by kernel" count is printed; a capture with drops is retried with a larger
   buffer.
2. Replays it with `shakedown replay --speed max --order connection --compare` against a
   fresh redis-server and a fresh shakedown-redis, alternately, BENCH_ROUNDS times, and prints
   the median commands/s each and the ratio (target: >= 100,000 commands/s).
3. Records a capture of about 1 GB (SETs of 1,000-byte values) and reads it with
   `shakedown replay --summary` (the reader alone: libpcap, TCP reassembly, RESP decoding)
   under /usr/bin/time, printing its peak RSS (target: < 200 MB) and its read rate.

Build first (make bench-replay does): swift build -c release --product shakedown / shakedown-redis.
Needs root (tcpdump on lo). Captures go to a temporary folder and are removed at the end.
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAKEDOWN = os.path.join(ROOT, ".build", "release", "shakedown")
OURS = os.path.join(ROOT, ".build", "release", "shakedown-redis")
COMMANDS = int(os.environ.get("BENCH_COMMANDS", "1000000"))
BIG_BYTES = int(os.environ.get("BENCH_BIG_BYTES", str(1 << 30)))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name, binary, folder):
        self.name = name
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix=f"replay-bench-{name}-", dir=folder)
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--logfile", os.path.join(self.dir, "log")])
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"{name} did not start on port {self.port}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def record(path, folder, benchmark_args, buffer_kib):
    """tcpdump on lo around redis-benchmark against a fresh redis-server; returns kernel drops."""
    server = Server("redis-server-capture", "redis-server", folder)
    try:
        dump = subprocess.Popen(
            ["tcpdump", "-i", "lo", "-n", "-Z", "root", "-B", str(buffer_kib), "-s", "262144", "-w", path,
             f"tcp port {server.port}"], stderr=subprocess.PIPE, text=True)
        line = dump.stderr.readline()
        if "listening" not in line:
            raise SystemExit(f"tcpdump did not start: {line}")
        subprocess.run(["redis-benchmark", "-p", str(server.port), "-q"] + benchmark_args, check=True,
                       stdout=subprocess.DEVNULL)
        # A ring block is handed to tcpdump when full or after its timeout (1 s); SIGINT before
        # that would drop the capture's tail.
        time.sleep(1.5)
        dump.send_signal(2)
        _, err = dump.communicate()
        dropped = re.search(r"(\d+) packets? dropped by kernel", err)
        return int(dropped.group(1)) if dropped else 0, err.strip().replace("\n", "; ")
    finally:
        server.stop()


def record_without_drops(path, folder, benchmark_args):
    for buffer_kib in (65536, 262144, 1048576):
        dropped, summary = record(path, folder, benchmark_args, buffer_kib)
        print(f"  tcpdump (-B {buffer_kib}): {summary}")
        if dropped == 0:
            return
    raise SystemExit("tcpdump kept dropping packets; the capture would not be whole")


def replay(capture, server):
    started = time.time()
    run = subprocess.run(
        [SHAKEDOWN, "replay", capture, "--target", f"127.0.0.1:{server.port}", "--speed", "max", "--order", "connection",
         "--compare"], capture_output=True, text=True)
    wall = time.time() - started
    sent = re.search(r"replayed (\d+) requests on (\d+) connections in ([\d.]+) s \((\d+) requests/s\)", run.stdout)
    compared = re.search(r"compared (\d+) replies.*: (\d+) divergence", run.stdout)
    if not sent:
        raise SystemExit(f"replay against {server.name} failed (exit {run.returncode}):\n{run.stdout}\n{run.stderr}")
    return {
        "requests": int(sent.group(1)), "connections": int(sent.group(2)), "rate": int(sent.group(4)), "wall": wall,
        "compared": int(compared.group(1)) if compared else 0, "divergences": int(compared.group(2)) if compared else -1,
        "exit": run.returncode,
    }


def main():
    if os.geteuid() != 0:
        raise SystemExit("needs root: tcpdump records on lo (run as root)")
    for path in (SHAKEDOWN, OURS):
        if not os.access(path, os.X_OK):
            raise SystemExit(f"{path} is missing: swift build -c release --product {os.path.basename(path)}")
    folder = tempfile.mkdtemp(prefix="replay-bench-")
    try:
        capture = os.path.join(folder, "commands.pcap")
        half = COMMANDS // 2
        print(f"recording {COMMANDS} commands: redis-benchmark -n {half} -P 16 -c 50 -t set,get against redis-server")
        record_without_drops(capture, folder, ["-n", str(half), "-P", "16", "-c", "50", "-t", "set,get"])
        print(f"  capture: {os.path.getsize(capture) / 1e6:.1f} MB")

        results = {"redis-server": [], "shakedown-redis": []}
        for round_number in range(ROUNDS):
            for name, binary in (("redis-server", "redis-server"), ("shakedown-redis", OURS)):
                server = Server(name, binary, folder)
                try:
                    result = replay(capture, server)
                finally:
                    server.stop()
                results[name].append(result)
                print(f"  round {round_number + 1} {name:16} {result['requests']} requests on {result['connections']} connections, "
                      f"{result['rate']:,} commands/s, {result['compared']} compared, {result['divergences']} divergences")

        print()
        print(f"replay --speed max --order connection --compare, {ROUNDS} rounds, median commands/s")
        medians = {name: statistics.median(r["rate"] for r in rs) for name, rs in results.items()}
        for name, rate in medians.items():
            verdict = "met" if rate >= 100_000 else "MISSED"
            print(f"  against {name:16} {rate:>12,.0f}   (target >= 100,000: {verdict})")
        print(f"  ratio shakedown-redis / redis-server: {medians['shakedown-redis'] / medians['redis-server']:.2f}")

        big = os.path.join(folder, "big.pcap")
        sets = max(1, BIG_BYTES // 1150)
        print()
        print(f"recording about {BIG_BYTES / 1e9:.1f} GB: redis-benchmark -n {sets} -P 16 -c 50 -d 1000 -t set")
        os.remove(capture)
        record_without_drops(big, folder, ["-n", str(sets), "-P", "16", "-c", "50", "-d", "1000", "-t", "set"])
        size = os.path.getsize(big)
        started = time.time()
        run = subprocess.run(["/usr/bin/time", "-v", SHAKEDOWN, "replay", big, "--summary"], capture_output=True, text=True)
        wall = time.time() - started
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
        if not rss:
            raise SystemExit(f"reading the big capture failed:\n{run.stdout}\n{run.stderr}")
        rss_mb = int(rss.group(1)) / 1024
        print(run.stdout.strip())
        print(f"reader over {size / 1e9:.2f} GB: peak RSS {rss_mb:.0f} MB (target < 200 MB: {'met' if rss_mb < 200 else 'MISSED'}), "
              f"{wall:.1f} s ({size / 1e6 / wall:.0f} MB/s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
