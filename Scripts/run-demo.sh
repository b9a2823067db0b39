#!/usr/bin/env bash
# `make run` until the harness lands: start a shakedown-redis node on a free port, run the
# real redis-benchmark's default test set against it, print a summary and keep the output
# under Reports/<run-id>/.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.build/release/shakedown-redis
run_id=$(date -u +%Y%m%dT%H%M%SZ)
# Absolute: the node's `--dir` changes its working directory before it opens the log.
report=$PWD/Reports/$run_id
mkdir -p "$report"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

"$bin" --port "$port" --bind 127.0.0.1 --save "" --dir "$work" --logfile "$report/shakedown-redis.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 100); do
  grep -q "Ready to accept connections" "$report/shakedown-redis.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "Ready to accept connections" "$report/shakedown-redis.log" || { echo "node did not start; see $report/shakedown-redis.log" >&2; exit 1; }

echo "shakedown-redis on 127.0.0.1:$port — running redis-benchmark -q -n 100000 (default tests)"
redis-benchmark -h 127.0.0.1 -p "$port" -q -n 100000 2>&1 | tr '\r' '\n' | grep -v '^\s*$' | grep -v 'rps=' | tee "$report/redis-benchmark.txt"
errors=$(grep -ci 'error' "$report/redis-benchmark.txt" || true)
tests=$(grep -c 'requests per second' "$report/redis-benchmark.txt" || true)
echo
echo "summary: $tests redis-benchmark tests ran against shakedown-redis, $errors with errors; report in Reports/$run_id/"
[[ $errors -eq 0 && $tests -gt 0 ]]
