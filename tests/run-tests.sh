#!/bin/sh
# Runs the Check unit suites given as arguments, then the integration
# tests (unless --unit-only), and ends with one line that counts them all:
# "N passed, N failed, N skipped". Exit status 0 only when nothing failed.
set -u
unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
passed=0 failed=0 skipped=0
for suite in "$@"; do
    out=$(CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-30} "$suite" 2>&1)
    rc=$?
    summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    checks=$(printf '%s' "$summary" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
    bad=$(printf '%s' "$summary" | sed -n 's/.*Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2/p')
    if [ -z "$checks" ]; then
        printf '%s\n' "$out"
        echo "$(basename "$suite"): no Check summary (exit $rc)"
        failed=$((failed + 1))
        continue
    fi
    nbad=$(( $(echo "$bad" | cut -d' ' -f1) + $(echo "$bad" | cut -d' ' -f2) ))
    if [ "$rc" -ne 0 ] || [ "$nbad" -ne 0 ]; then
        printf '%s\n' "$out" | grep -vE '^Running suite' | grep -vE ':P:' || true
        [ "$nbad" -eq 0 ] && nbad=1
    fi
    echo "unit $(basename "$suite"): $summary"
    passed=$((passed + checks - nbad))
    failed=$((failed + nbad))
done
if [ "$unit_only" -eq 0 ]; then
    counts=$(/usr/bin/python3 "$(dirname "$0")/integration/run.py" 3>&1 1>&2) || true
    set -- $counts
    if [ $# -eq 3 ]; then
        passed=$((passed + $1)) failed=$((failed + $2)) skipped=$((skipped + $3))
    else
        echo "integration tests did not report their counts"
        failed=$((failed + 1))
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
