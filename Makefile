# The two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift

.PHONY: setup build build-release run test bench-redis bench-cluster bench-harness bench-lincheck bench-broker bench-mesh bench-replay clean

setup:
	@Scripts/setup.sh

build: setup
	$(SWIFT) build

build-release: setup
	$(SWIFT) build -c release --product shakedown-redis
	$(SWIFT) build -c release --product shakedown

# The default suites against our nodes; the summary is printed and Reports/latest written.
run: build-release
	.build/release/shakedown run Suites/redis Suites/replay

# MeshTests run in a process of their own: their in-process HTTP servers and clients need
# Swift's cooperative pool (two threads here), which the process-spawning tests elsewhere hold
# in synchronous waits; beside them the mesh's 5 s client deadlines ran out.
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip MeshTests
	$(SWIFT) test --skip-build --filter MeshTests

bench-redis: build-release
	@python3 Benchmarks/redis_bench.py

bench-cluster: build-release
	@python3 Benchmarks/cluster_bench.py

bench-harness: build-release
	$(SWIFT) build -c release --product shakedown-lincheck-bench
	@python3 Benchmarks/harness_bench.py

# Linearizability checker on generated register histories (10,000 and 100,000 operations).
bench-lincheck: setup
	$(SWIFT) run -c release shakedown-lincheck-bench

# Our broker against Debian's rabbitmq-server 3.10, same Swift client; e.g.
# `make bench-broker BENCH_BROKER_ARGS="--seconds 5"`.
BENCH_BROKER_ARGS ?=
bench-broker: setup
	$(SWIFT) build -c release --product shakedown-broker
	$(SWIFT) build -c release --product shakedown-broker-bench
	.build/release/shakedown-broker-bench $(BENCH_BROKER_ARGS)

# An app directly and through one sidecar, with wrk: added p50/p99 and the throughput ratio.
bench-mesh: setup
	$(SWIFT) build -c release --product shakedown-mesh
	@python3 Benchmarks/mesh_bench.py

# `shakedown replay --speed max` of a 1,000,000-command redis-benchmark capture against
# redis-server and shakedown-redis; the reader's peak RSS over a 1 GB capture. Needs root.
bench-replay: build-release
	@python3 Benchmarks/replay_bench.py

clean:
	rm -rf .build
