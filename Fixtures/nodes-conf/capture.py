#!/usr/bin/env python3
"""Captures nodes.conf files written by a real redis-server 7.0 (redis-server and redis-cli
on PATH), for the nodes.conf parse/render tests.

Builds a 3-master cluster with one replica (cluster-node-timeout 1000), an open slot (100
migrating from M1 to M2), a hostname on M2 (cluster-announce-hostname), then kills the
replica and waits until the others flag it `fail`. Writes, next to this script:

  m1.conf        M1's nodes.conf: myself,master with slots and [100->-<M2>], a failed
                 disconnected replica, the other masters
  m2.conf        M2's nodes.conf: myself with hostname and [100-<-<M1>]
  captured.json  ids and ports of the nodes, and CLUSTER NODES of M1 (which is nodes.conf
                 without the vars line, in another order)

Usage: Fixtures/nodes-conf/capture.py
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from redis_capture import cli, free_ports, wait_until  # noqa: E402


def main():
    root = tempfile.mkdtemp(prefix="nodes-conf-capture-")
    procs = {}
    try:
        ports = free_ports(4)
        m1, m2, m3, r1 = ports
        for port in ports:
            d = os.path.join(root, str(port))
            os.makedirs(d)
            extra = ["--cluster-announce-hostname", "m2.shakedown.test"] if port == m2 else []
            procs[port] = subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                 "--cluster-config-file", os.path.join(d, "nodes.conf"), "--dir", d, "--save", "",
                 "--appendonly", "no", "--cluster-node-timeout", "1000", "--logfile", os.path.join(d, "log"),
                 *extra])
        for port in ports:
            wait_until(f"server on {port}", lambda: cli(port, "ping") == "PONG")
        ids = {port: cli(port, "cluster", "myid") for port in ports}

        subprocess.run(["redis-cli", "--cluster", "create", *(f"127.0.0.1:{p}" for p in (m1, m2, m3)),
                        "--cluster-yes"], check=True, capture_output=True)
        cli(r1, "cluster", "meet", "127.0.0.1", str(m1))
        wait_until("replica joined", lambda: ids[m1] in cli(r1, "cluster", "nodes"))
        wait_until("replicate", lambda: cli(r1, "cluster", "replicate", ids[m1]) == "OK")
        for port in (m1, m2):
            wait_until(f"replica seen as such by {port}", lambda: any(
                l.startswith(ids[r1]) and " slave " in l for l in cli(port, "cluster", "nodes").splitlines()))
        # Slot 100 belongs to M1 (create gives M1 0-5460): open it towards M2.
        assert cli(m2, "cluster", "setslot", "100", "importing", ids[m1]) == "OK"
        assert cli(m1, "cluster", "setslot", "100", "migrating", ids[m2]) == "OK"

        procs[r1].kill()
        procs[r1].wait()
        del procs[r1]
        for port in (m1, m2):
            wait_until(f"replica failed on {port}", lambda: any(
                l.startswith(ids[r1]) and ",fail " in l for l in cli(port, "cluster", "nodes").splitlines()))
        for port in (m1, m2):
            assert cli(port, "cluster", "saveconfig") == "OK"

        shutil.copy(os.path.join(root, str(m1), "nodes.conf"), os.path.join(HERE, "m1.conf"))
        shutil.copy(os.path.join(root, str(m2), "nodes.conf"), os.path.join(HERE, "m2.conf"))
        info = {
            "redis_version": cli(m1, "info", "server").split("redis_version:")[1].split()[0],
            "m1": {"id": ids[m1], "port": m1}, "m2": {"id": ids[m2], "port": m2},
            "m3": {"id": ids[m3], "port": m3}, "r1": {"id": ids[r1], "port": r1},
            "m1_cluster_nodes": subprocess.run(["redis-cli", "-p", str(m1), "cluster", "nodes"], check=True,
                                               capture_output=True, text=True).stdout,
        }
        with open(os.path.join(HERE, "captured.json"), "w") as f:
            json.dump(info, f, indent=2, sort_keys=True)
            f.write("\n")
        print(json.dumps(info, indent=2, sort_keys=True))
    finally:
        for p in procs.values():
            p.terminate()
        for p in procs.values():
            p.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
