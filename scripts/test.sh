#!/usr/bin/env bash
# The whole test suite, on a fresh machine: checks the services the tests need, then runs
# every crate's tests. `.ci/run` calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: the suite runs storage tests against it when PLANWATCH_TEST_POSTGRES is set.
PG_URL="${PLANWATCH_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "test.sh: PostgreSQL reachable at 127.0.0.1:5432"
    export PLANWATCH_TEST_POSTGRES="$PG_URL"
elif [ "${CI:-}" = "true" ]; then
    echo "test.sh: ERROR: PostgreSQL is not reachable at 127.0.0.1:5432 (trust auth, database 'test'); CI needs it" >&2
    exit 1
else
    echo "test.sh: WARNING: PostgreSQL not reachable at 127.0.0.1:5432; PostgreSQL tests will be skipped" >&2
fi

if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --no-fail-fast
    # nextest does not run doctests.
    cargo test --workspace --doc
else
    cargo test --workspace --no-fail-fast
fi
