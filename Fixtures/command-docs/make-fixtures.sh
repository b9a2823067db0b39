#!/bin/sh
# Captures what a real redis-server 7.0 replies to COMMAND DOCS for the cluster and
# replication commands, byte for byte, in RESP2 and RESP3. The server runs with
# cluster-enabled yes (CLUSTER is documented either way; this is how it is used).
#
#   cluster-replication.resp2   COMMAND DOCS <names>, RESP2 reply
#   cluster-replication.resp3   the same after HELLO 3
#
# The names are in NAMES below; CLUSTER brings all its subcommands. Redis lists them in
# its dict's (seeded, so run-dependent) order; tests compare them as a map.
#
# Usage: Fixtures/command-docs/make-fixtures.sh [port]   (default port 6405; the cluster
# bus takes port + 10000; needs redis-server, redis-cli and python3 on PATH)
set -eu

PORT=${1:-6405}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../wait-for-redis.sh"
WORK=$(mktemp -d)
PID=""
NAMES="cluster readonly readwrite asking replicaof slaveof psync sync replconf wait role failover"

cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

redis-server --port "$PORT" --save "" --appendonly no --dir "$WORK" --cluster-enabled yes \
    --cluster-config-file "$WORK/nodes.conf" --logfile "$WORK/server.log" &
PID=$!
wait_for_redis "$PORT"
redis-cli -p "$PORT" info server | grep -q '^redis_version:7\.0\.' || { echo "not redis 7.0" >&2; exit 1; }

# capture <protocol> <file>: one COMMAND DOCS reply, raw.
capture() {
    python3 - "$PORT" "$1" "$2" $NAMES <<'PY'
import socket, sys

port, proto, out, names = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
sock = socket.create_connection(("127.0.0.1", port))
buf = b""

def need(n):
    global buf
    while len(buf) < n:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("connection closed")
        buf += chunk

def line(pos):
    while True:
        end = buf.find(b"\r\n", pos)
        if end >= 0:
            return end
        need(len(buf) + 1)

def value(pos):
    """Returns where the RESP value starting at pos ends."""
    end = line(pos)
    kind, head = buf[pos:pos + 1], buf[pos + 1:end]
    pos = end + 2
    if kind in b"$=!":
        n = int(head)
        if n < 0:
            return pos
        need(pos + n + 2)
        return pos + n + 2
    if kind in b"*~>%|":
        n = int(head) * (2 if kind in b"%|" else 1)
        for _ in range(max(n, 0)):
            pos = value(pos)
        return pos
    return pos

def command(*args):
    global buf
    req = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a.encode()) for a in args)
    sock.sendall(req)
    end = value(0)
    reply, buf = buf[:end], buf[end:]
    return reply

if proto == "3":
    command("HELLO", "3")
reply = command("COMMAND", "DOCS", *names)
with open(out, "wb") as f:
    f.write(reply)
PY
}

capture 2 "$HERE/cluster-replication.resp2"
capture 3 "$HERE/cluster-replication.resp3"
redis-cli -p "$PORT" shutdown nosave > /dev/null 2>&1 || true
wait "$PID" 2>/dev/null || true
PID=""
