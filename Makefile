# The two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift

.PHONY: setup build build-release run test bench-redis bench-cluster clean

setup:
	@Scripts/setup.sh

build: setup
	$(SWIFT) build

build-release: setup
	$(SWIFT) build -c release --product shakedown-redis

run: build-release
	@Scripts/run-demo.sh

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test

bench-redis: build-release
	@python3 Benchmarks/redis_bench.py

bench-cluster: build-release
	@python3 Benchmarks/cluster_bench.py

clean:
	rm -rf .build
