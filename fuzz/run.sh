#!/bin/sh
# Runs each libFuzzer harness for a bounded time: run.sh BUILD_DIR SECONDS NAME...
# New inputs go to BUILD_DIR/corpus/NAME (the seeds in fuzz/corpus/NAME are
# only read), crashes, leaks, timeouts and out-of-memory inputs to
# BUILD_DIR/crashes/. One summary line per harness:
# "fuzz NAME: N runs in S s, C crashes"; exit status 1 if any crashed.
# FUZZ_CORPUS, if set, is the folder for new inputs instead: a short run
# from a fresh one starts from the seeds alone, whatever earlier long
# runs have gathered.
set -u
build=$1 seconds=$2
shift 2
here=$(dirname "$0")
corpus=${FUZZ_CORPUS:-$build/corpus}
status=0
for name in "$@"; do
    mkdir -p "$corpus/$name" "$build/crashes"
    log="$build/$name.log"
    # Findings of earlier runs stay for study; only this run's count.
    before=$(ls "$build/crashes" | grep -c "^$name-")
    # close_fd_mask=2: the programs' own log lines would drown the
    # report; libFuzzer still prints its own on a crash.
    "$build/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -close_fd_mask=2 \
        -artifact_prefix="$build/crashes/$name-" \
        "$corpus/$name" "$here/corpus/$name" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    crashes=$(( $(ls "$build/crashes" | grep -c "^$name-") - before ))
    echo "fuzz $name: ${runs:-0} runs in $seconds s, $crashes crashes (exit $rc; log $log)"
    if [ "$rc" -ne 0 ] || [ -z "$runs" ]; then
        tail -n 40 "$log"
        status=1
    fi
done
exit $status
