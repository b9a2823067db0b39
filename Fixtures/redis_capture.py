"""Helpers shared by the fixture capture scripts that drive a real redis-server: free ports
(whose bus port, +10000, is free too), redis-cli calls, polling."""

import random
import socket
import subprocess
import sys
import time


def port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_ports(n, taken=()):
    """n client ports P whose bus port P+10000 is also free, avoiding `taken`."""
    ports = []
    while len(ports) < n:
        p = random.randint(20000, 45000)
        if p in taken or p in ports or p + 10000 in taken:
            continue
        if port_free(p) and port_free(p + 10000):
            ports.append(p)
    return ports


def cli(port, *args):
    out = subprocess.run(["redis-cli", "-p", str(port), *args], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def wait_until(what, predicate, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except (subprocess.CalledProcessError, OSError):
            pass
        time.sleep(0.1)
    sys.exit(f"timed out waiting for {what}")
