# The two commands a new user needs: `make run` and `make test`. Both install what is missing first.
.PHONY: deps build run test bench bench-http bench-events chaos clean

deps:
	@scripts/install-deps.sh

build: deps
	swift build

run: deps
	scripts/run.sh

test: deps
	WITH_REDIS_CLUSTER=1 scripts/with-redis.sh scripts/test.sh

bench: deps
	REDIS_EXTRA_ARGS="--enable-debug-command yes" scripts/with-redis.sh scripts/bench.sh

bench-http: deps
	scripts/bench-http.sh

bench-events: deps
	BENCH_ONLY=events scripts/bench-http.sh

chaos: deps
	scripts/chaos.sh

clean:
	swift package clean
	swift package --package-path Packages/Domain clean
