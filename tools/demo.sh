#!/bin/sh
# make demo: a private cluster (sumq up) summarizes the bundled samples,
# then stops. Needs the programs in $SUMQ_BIN (default bin/).
set -eu
cd "$(dirname "$0")/.."
bin=${SUMQ_BIN:-bin}
dir=$(mktemp -d /tmp/sumq-demo.XXXXXX)
endpoint="ipc://$dir/broker.ipc"
"$bin/sumq" up --bind "$endpoint" --store "$dir/jobs.db" 2>"$dir/up.log" &
up=$!
stop() {
    kill -TERM "$up" 2>/dev/null || true
    wait "$up" 2>/dev/null || true
    rm -rf "$dir"
}
trap stop EXIT INT TERM
echo "== sumq up --bind $endpoint (broker + parse, rank, summarize workers)"
if ! "$bin/sumq" status --broker "$endpoint" --wait 20 >/dev/null; then
    cat "$dir/up.log" >&2
    exit 1
fi
"$bin/sumq" status --broker "$endpoint"
echo
echo "== sumq summarize --sentences 3 samples/*.txt"
"$bin/sumq" summarize --broker "$endpoint" --sentences 3 samples/*.txt
echo
echo "== the same, one JSON object per document (first one shown)"
"$bin/sumq" summarize --broker "$endpoint" --format json --sentences 2 --keywords 5 samples/*.txt | head -n 1
echo
echo "== stopping the cluster"
