#!/usr/bin/env python3
"""Records `redis-benchmark.pcap` for Suites/replay/: tcpdump on lo while the real redis-benchmark
runs against the real redis-server 7.0 (persistence off). One client for the commands whose
replies depend on the order of all commands (INCR counts, list lengths), so that a replay in
captured order sees the same replies. Needs root, tcpdump, redis-server and redis-benchmark;
the result is committed, so the suite needs none of them.

    sudo python3 Fixtures/pcap/capture_redis_benchmark.py [OUTPUT_FILE]
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

TESTS = "ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,zadd,zpopmin,lrange_100,mset"
REQUESTS = 40


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "redis-benchmark.pcap")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="capture-redis-benchmark-")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", folder], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        dump = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "--immediate-mode", "-U", "-Z", "root", "-s", "262144", "-w", out_path,
                                 "tcp port %d" % port], stderr=subprocess.PIPE, text=True)
        if "listening" not in dump.stderr.readline():
            raise SystemExit("tcpdump did not start")
        subprocess.run(["redis-benchmark", "-p", str(port), "-n", str(REQUESTS), "-c", "1", "-q", "-t", TESTS],
                       check=True, stdout=subprocess.DEVNULL)
        time.sleep(0.3)
        dump.send_signal(signal.SIGINT)
        _, err = dump.communicate()
        print(err.strip())
    finally:
        server.terminate()
        server.wait()
    print("wrote", out_path, os.path.getsize(out_path), "bytes")


if __name__ == "__main__":
    main()
