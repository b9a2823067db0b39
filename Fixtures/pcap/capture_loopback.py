#!/usr/bin/env python3
"""Records real captures for the reader's tests: `tcpdump` on loopback while a Python client
and server exchange a few messages over TCP (IPv4 on `lo` as Ethernet, IPv6 on `any` as Linux
cooked v2). Needs root, tcpdump and editcap (tshark's package); the results are committed, so tests need neither.

    sudo python3 Fixtures/pcap/capture_loopback.py [OUTPUT_DIR]

The exchange (checked by Tests/CaptureTests/Reader/RealCaptureTests.swift): the client sends
CLIENT_MESSAGES one by one, the server answers each with its upper-case form, then both close.
"""

import os
import socket
import subprocess
import sys
import threading
import time

CLIENT_MESSAGES = [b"hello from the client\n", b"x" * 3000 + b"\n", b"bye\n"]


def free_port(family, host):
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def exchange(family, host, port):
    server = socket.socket(family)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(1)

    def serve():
        conn, _ = server.accept()
        with conn:
            pending = b""
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    conn.sendall(line.upper() + b"\n")
        server.close()

    thread = threading.Thread(target=serve)
    thread.start()
    with socket.socket(family) as client:
        client.connect((host, port))
        for message in CLIENT_MESSAGES:
            client.sendall(message)
            expected = len(message)
            got = b""
            while len(got) < expected:
                got += client.recv(65536)
    thread.join()


def record(out_path, interface, family, host, extra=()):
    port = free_port(family, host)
    tcpdump = subprocess.Popen(
        ["tcpdump", "-i", interface, *extra, "-U", "-s", "262144", "-w", out_path, "tcp port %d" % port],
        stderr=subprocess.PIPE)
    time.sleep(1.5)  # tcpdump has no "ready" signal; it prints "listening on" to stderr
    exchange(family, host, port)
    time.sleep(1.0)  # let the last packets reach the file
    tcpdump.terminate()
    tcpdump.wait()
    print("%s: port %d" % (out_path, port))


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    record(os.path.join(out_dir, "tcpdump-lo-ipv4.pcap"), "lo", socket.AF_INET, "127.0.0.1")
    record(os.path.join(out_dir, "tcpdump-any-ipv6.pcap"), "any", socket.AF_INET6, "::1", extra=("-y", "LINUX_SLL2"))
    # The same packets as pcapng written by Wireshark's own library (section and interface options).
    subprocess.run(["editcap", "-F", "pcapng", os.path.join(out_dir, "tcpdump-lo-ipv4.pcap"),
                    os.path.join(out_dir, "tcpdump-lo-ipv4.pcapng")], check=True)


if __name__ == "__main__":
    main()
