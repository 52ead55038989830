#!/bin/sh
#   The benchmark (bench/README.md): `make bench`, or from the project
#   folder, after `make all`:
#       SUMQ_BIN=bin BENCH=quick|full|profile bench/run.sh
#   Builds the C helper (bench/qbench.c) against the libraries `make all`
#   left in SUMQ_BUILD (default build), then runs every measure in a
#   private temporary folder, which it removes. Installs nothing: the
#   Makefile's deps target does (without ots, its rows are left out).
set -eu
cd "$(dirname "$0")/.."
BIN=${SUMQ_BIN:-bin}
BUILD=${SUMQ_BUILD:-build}
MODE=${BENCH:-quick}
case $MODE in
    quick|full|profile) ;;
    *) echo "bench/run.sh: BENCH must be quick, full or profile, not '$MODE'" >&2; exit 2 ;;
esac
for program in sumq sumq-broker sumq-parser sumq-ranker sumq-summarizer; do
    if [ ! -x "$BIN/$program" ]; then
        echo "bench/run.sh: $BIN/$program is missing; run make all first" >&2
        exit 2
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sumq-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

#   `sumq up` keeps its broker's job store under XDG_STATE_HOME, one file
#   per endpoint: here, in the folder that goes away with the run.
export XDG_STATE_HOME="$TMP/state"

#   The programs as they are now: a rebuild during a long run must not
#   change what is measured halfway. They look for their IDF models
#   beside their own folder (lib/models.h), so the copies get a link.
mkdir "$TMP/bin"
cp "$BIN"/sumq "$BIN"/sumq-* "$TMP/bin/"
if [ -d "$BIN/../models" ]; then
    ln -s "$(cd "$BIN/../models" && pwd)" "$TMP/models"
fi

#   The client API and the worker loop, as the Makefile archives them.
#   Without the helper, the table only lacks latency and routing rows.
QBENCH=$TMP/qbench
CLIENT_OBJ=$(ls "$BUILD"/clients/*.o | grep -v -e '/sumq\.o$' -e '/cli_[^/]*\.o$')
if ! cc -O2 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
        -Ilib -Iproto -Iservices/common -Iclients -o "$QBENCH" bench/qbench.c \
        "$BUILD/libsumq-services.a" $CLIENT_OBJ "$BUILD/libsumq.a" \
        $(pkg-config --cflags --libs libczmq libzmq jansson) 2> "$TMP/qbench-build.log"; then
    echo "bench/run.sh: bench/qbench.c did not build:" >&2
    cat "$TMP/qbench-build.log" >&2
    QBENCH=
fi

if [ "$MODE" = profile ]; then
    python3 bench/hotspots.py --bin "$TMP/bin" --samples samples --tmp "$TMP"
else
    python3 bench/bench.py --mode "$MODE" --bin "$TMP/bin" --samples samples --tmp "$TMP" \
        ${QBENCH:+--qbench "$QBENCH"}
fi
