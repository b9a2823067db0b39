#!/usr/bin/env python3
"""Captures real Redis Cluster bus packets sent by redis-server 7.0 (redis-server and
redis-cli on PATH), for the golden-bytes tests of the Swift bus codec.

Writes, next to this script:

  meet-lone.bin        MEET from a lone node (no gossip, no extension) to a fake node
                       (a TCP listener on Q+10000) after `CLUSTER MEET 127.0.0.1 Q`
  meet-gossip.bin      MEET from node A (cluster-announce-hostname set, already joined to B)
                       to the fake node: one gossip entry about B and a HOSTNAME extension
  ping-hostname.bin    the PING A sends when that link is closed and reopened (MEET is sent
                       once per handshake), with the HOSTNAME extension
  pong-gossip.bin      PONG that A sends back when the bytes of meet-lone.bin are replayed
                       to A's bus port (A answers every MEET with a PONG): gossip about B
                       and the HOSTNAME extension
  captured.json        what the tests check: node ids (CLUSTER MYID), ports, hostname

Usage: Fixtures/cluster-bus/capture.py
"""

import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from redis_capture import cli, free_ports, wait_until  # noqa: E402
HOSTNAME_A = "node-a.shakedown.test"
HEADER_LEN = 2256


def read_packet(sock):
    """One whole bus message: sig + totlen first, then the rest."""
    def read_exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError("connection closed mid-packet")
            data += chunk
        return data

    head = read_exactly(8)
    assert head[:4] == b"RCmb", head
    (totlen,) = struct.unpack(">I", head[4:8])
    return head + read_exactly(totlen - 8)


def gossip_count(packet):
    return struct.unpack(">H", packet[14:16])[0]


class Servers:
    def __init__(self, root):
        self.root = root
        self.procs = []

    def start(self, name, port, *extra):
        d = os.path.join(self.root, name)
        os.makedirs(d)
        p = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
             "--cluster-config-file", os.path.join(d, "nodes.conf"), "--dir", d, "--save", "",
             "--appendonly", "no", "--logfile", os.path.join(d, "log"), *extra])
        self.procs.append(p)
        wait_until(f"{name} on {port}", lambda: cli(port, "ping") == "PONG")
        return cli(port, "cluster", "myid")

    def stop(self):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            p.wait()


def handshake_ids(port):
    return [l.split()[0] for l in cli(port, "cluster", "nodes").splitlines() if "handshake" in l]


def capture_meet(from_port, taken, want_gossip):
    """MEETs a fake node (a listener on a free bus port) and returns the MEET, and the PING
    sent once that link is closed and reopened (Redis sends MEET once per handshake, then
    PINGs). The gossip entry is picked at random, so with want_gossip the handshake is
    forgotten and retried with a new fake node until the MEET names another node."""
    for _ in range(50):
        (fake_port,) = free_ports(1, taken)
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", fake_port + 10000))
        listener.listen(8)
        listener.settimeout(20)
        try:
            cli(from_port, "cluster", "meet", "127.0.0.1", str(fake_port))
            packets = []
            for _ in range(2):
                conn, _ = listener.accept()
                with conn:
                    conn.settimeout(20)
                    packets.append(read_packet(conn))
        finally:
            listener.close()
        for node in handshake_ids(from_port):
            cli(from_port, "cluster", "forget", node)
        if not want_gossip or gossip_count(packets[0]) > 0:
            return packets
    sys.exit("no MEET with a gossip entry after 50 attempts")


def main():
    root = tempfile.mkdtemp(prefix="cluster-bus-capture-")
    servers = Servers(root)
    try:
        lone_port, a_port, b_port = free_ports(3, set())
        taken = {lone_port, a_port, b_port}
        lone_id = servers.start("lone", lone_port)
        a_id = servers.start("a", a_port, "--cluster-announce-hostname", HOSTNAME_A)
        b_id = servers.start("b", b_port)

        cli(a_port, "cluster", "meet", "127.0.0.1", str(b_port))
        wait_until("A and B joined", lambda: all(
            len([l for l in cli(p, "cluster", "nodes").splitlines() if "handshake" not in l and "connected" in l]) == 2
            for p in (a_port, b_port)))

        meet_lone, _ = capture_meet(lone_port, taken, want_gossip=False)
        meet_gossip, ping = capture_meet(a_port, taken, want_gossip=True)

        # Replay the lone node's MEET to A: A answers with a PONG on the same link. Retry
        # until its gossip section names B.
        pong = None
        for _ in range(200):
            with socket.create_connection(("127.0.0.1", a_port + 10000), timeout=20) as s:
                s.sendall(meet_lone)
                reply = read_packet(s)
            if struct.unpack(">H", reply[12:14])[0] == 1 and gossip_count(reply) > 0:
                pong = reply
                break
            time.sleep(0.05)
        if pong is None:
            sys.exit("no PONG with a gossip entry")

        for name, data in (("meet-lone.bin", meet_lone), ("meet-gossip.bin", meet_gossip),
                           ("pong-gossip.bin", pong), ("ping-hostname.bin", ping)):
            with open(os.path.join(HERE, name), "wb") as f:
                f.write(data)
        info = {
            "redis_version": cli(lone_port, "info", "server").split("redis_version:")[1].split()[0],
            "lone": {"id": lone_id, "port": lone_port, "cport": lone_port + 10000},
            "a": {"id": a_id, "port": a_port, "cport": a_port + 10000, "hostname": HOSTNAME_A},
            "b": {"id": b_id, "port": b_port, "cport": b_port + 10000},
        }
        with open(os.path.join(HERE, "captured.json"), "w") as f:
            json.dump(info, f, indent=2, sort_keys=True)
            f.write("\n")
        print(json.dumps(info, indent=2, sort_keys=True))
    finally:
        servers.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
