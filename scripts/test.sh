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
    # Each test makes its own pw_* schema; in CI (a machine running nothing else) drop the ones
    # earlier runs left behind, one per transaction: a schema holds many tables and locks. Not on a
    # developer's machine, where another checkout's tests may be using theirs right now.
    if [ "${CI:-}" = "true" ] && command -v psql >/dev/null 2>&1; then
        for schema in $(psql "$PG_URL" -Atqc "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pw\_%'" 2>/dev/null); do
            psql "$PG_URL" -qc "DROP SCHEMA \"$schema\" CASCADE" >/dev/null 2>&1 || true
        done
    fi
elif [ "${CI:-}" = "true" ]; then
    echo "test.sh: ERROR: PostgreSQL is not reachable at 127.0.0.1:5432 (trust auth, database 'test'); CI needs it" >&2
    exit 1
else
    echo "test.sh: WARNING: PostgreSQL not reachable at 127.0.0.1:5432; PostgreSQL tests will be skipped" >&2
fi

# Tools some tests drive, installed from Debian when missing (skip with PLANWATCH_NO_INSTALL=1):
# - headless Chromium and its WebDriver, a CJK font: browser tests (crates/web/tests/browser.rs)
#   and Chinese text in charts;
# - LibreOffice Writer and poppler: the generated .docx is opened and turned to PDF/text
#   (crates/report/tests).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
    if [ -z "${PLANWATCH_NO_INSTALL:-}" ] && command -v apt-get >/dev/null 2>&1; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "test.sh: installing ${need[*]}"
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "test.sh: WARNING: missing ${need[*]}; the tests that need them will be skipped" >&2
    fi
fi
# In CI a missing browser fails the browser tests instead of skipping them.
if [ "${CI:-}" = "true" ]; then export PLANWATCH_REQUIRE_BROWSER=1; fi

if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --no-fail-fast
    # nextest does not run doctests.
    cargo test --workspace --doc
else
    cargo test --workspace --no-fail-fast
fi

# A brief fuzz run of the report reader (crates/reader/fuzz): in CI, or when PLANWATCH_FUZZ is set.
# cargo-fuzz runs on stable Rust through RUSTC_BOOTSTRAP; a fixed seed and run count keep it
# reproducible, so a failure here is a real crash that reruns the same way.
if [ "${CI:-}" = "true" ] || [ -n "${PLANWATCH_FUZZ:-}" ]; then
    command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
    (cd crates/reader && RUSTC_BOOTSTRAP=1 cargo fuzz run read --sanitizer none -- -seed=1 -runs=200000)
    echo "test.sh: fuzz run of the reader: 200000 inputs, no crash"
fi
