#!/usr/bin/env python3
"""Summary quality of sumq on a set of documents with reference summaries.

    tools/eval.py --docs SET/docs --refs SET/refs [--rouge PATH] [--local]
                  [--algorithms default,textrank,lexrank,lead] [--lengths ref,3]
                  [--ots-ratio 40] [--limit N] [--keep DIR] [--unicode] [--limit-words N]

Summarizes every SET/docs/ID.txt through a private cluster (`sumq up` on an
ipc:// endpoint in a temporary folder; --local runs in-process instead),
writes each summary one sentence per line into a folder per run, and scores
it with ROUGE (the scorer given by --rouge, e.g. ../shared/eval/rouge.py).
Length "ref" asks for as many sentences as the reference has; a number asks
for that many. Prints one table row per algorithm and length, with docs/s,
and the exact commands it ran. When the Open Text Summarizer (`ots`, Debian
package ots) is on PATH, a last row scores `ots --ratio R FILE` as a peer:
it has no sentence-count option, so its length is a percentage of the
document (R = --ots-ratio, default 40: the references are about 40% of
their articles).

Then, for every algorithm run at a length where lead ran too, a paired
comparison with lead on the same documents, from the scorer's per-document
ROUGE-1 F (its --per-doc output): the mean difference in points with a 95%
paired bootstrap interval, how many documents scored better, worse or the
same, and the two-sided sign test's p-value. On a few dozen documents a
difference of a point or two is often chance; the interval says when it is
not. Standard library only.
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, os.environ.get("SUMQ_BIN", "bin"))


def read_set(docs, refs, limit):
    ids = sorted(f[:-4] for f in os.listdir(docs) if f.endswith(".txt"))
    if limit:
        ids = ids[:limit]
    out = []
    for id in ids:
        with open(os.path.join(docs, id + ".txt"), encoding="utf-8", errors="replace") as f:
            text = f.read()
        with open(os.path.join(refs, id + ".txt"), encoding="utf-8", errors="replace") as f:
            ref_sentences = sum(1 for line in f if line.strip())
        out.append((id, text, max(1, ref_sentences)))
    return out


def start_cluster(folder):
    endpoint = f"ipc://{folder}/broker.ipc"
    log = open(os.path.join(folder, "up.log"), "wb")
    up = subprocess.Popen([os.path.join(BIN, "sumq"), "up", "--bind", endpoint,
                           "--store", os.path.join(folder, "jobs.db")],
                          stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    r = subprocess.run([os.path.join(BIN, "sumq"), "status", "--broker", endpoint, "--wait", "20"],
                       capture_output=True)
    if r.returncode != 0:
        up.kill()
        sys.exit(f"eval: the cluster did not start: {r.stderr.decode()}")
    return up, endpoint


def run_one(docs, algorithm, length, where, sysdir):
    batch = "".join(json.dumps({"id": id, "text": text, "options": {
        "sentences": n if length == "ref" else int(length), "algorithm": algorithm, "keywords": 0}},
        ensure_ascii=False) + "\n" for id, text, n in docs).encode()
    command = [os.path.join(BIN, "sumq"), "summarize", "--jsonl", "--quiet"] + where + ["-"]
    started = time.monotonic()
    r = subprocess.run(command, input=batch, capture_output=True)
    seconds = time.monotonic() - started
    os.makedirs(sysdir, exist_ok=True)
    failed = 0
    for line in r.stdout.decode().splitlines():
        result = json.loads(line)
        if "error" in result:
            failed += 1
            continue
        with open(os.path.join(sysdir, result["id"] + ".txt"), "w", encoding="utf-8") as f:
            for sentence in result["summary"]:
                f.write(" ".join(sentence["text"].split()) + "\n")
    return seconds, failed, " ".join(command)


# OTS prints its sentences as paragraphs of running text; ROUGE-L wants one
# sentence per line. A sentence ends at . ! or ? (with any closing quotes or
# brackets) before white space and something that does not start in lower
# case; abbreviations such as "Mr. Smith" are cut too, which only costs OTS.
OTS_SENTENCE_END = re.compile(r"""([.!?]["'\u2019\u201d)\]]*)\s+(?=[^\s\w]*[^\W_a-z])""")


def split_sentences(text):
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            out += OTS_SENTENCE_END.sub("\\1\n", line).split("\n")
    return out


def run_ots(docs, folder, ratio, sysdir):
    os.makedirs(sysdir, exist_ok=True)
    failed = 0
    started = time.monotonic()
    for id, _, _ in docs:
        r = subprocess.run(["ots", "--ratio", str(ratio), os.path.join(folder, id + ".txt")], capture_output=True)
        if r.returncode != 0:
            failed += 1
            continue
        with open(os.path.join(sysdir, id + ".txt"), "w", encoding="utf-8") as f:
            f.write("".join(s + "\n" for s in split_sentences(r.stdout.decode("utf-8", "replace"))))
    return time.monotonic() - started, failed, f"ots --ratio {ratio} {os.path.join(folder, 'ID.txt')} (per document)"


def rouge(scorer, refs, sysdir, ids_file, extra):
    """Scores one run; returns (totals, per-document ROUGE-1 F by id, command).
    The per-document scores are empty when the scorer cannot write them."""
    per_doc = sysdir.rstrip("/") + ".perdoc.tsv"
    command = [sys.executable, scorer, "--refs", refs, "--sys", sysdir, "--ids", ids_file] + extra
    r = subprocess.run(command + ["--per-doc", per_doc], capture_output=True)
    wrote_per_doc = r.returncode == 0
    if wrote_per_doc:
        command += ["--per-doc", per_doc]
    else:
        r = subprocess.run(command, capture_output=True)
    if r.returncode != 0:
        return None, {}, " ".join(command)
    #  a per-document file left by an earlier run in a kept folder is not this run's
    by_doc = read_per_doc(per_doc) if wrote_per_doc else {}
    return json.loads(r.stdout.decode().strip().splitlines()[-1]), by_doc, " ".join(command)


def read_per_doc(path):
    """ROUGE-1 F by document id from a per-document TSV (header: id, ..., rouge1_f, ...)."""
    try:
        with open(path, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    except OSError:
        return {}
    if not rows or "id" not in rows[0] or "rouge1_f" not in rows[0]:
        return {}
    id_at, f_at = rows[0].index("id"), rows[0].index("rouge1_f")
    return {row[id_at]: float(row[f_at]) for row in rows[1:] if len(row) > max(id_at, f_at)}


BOOTSTRAP_SAMPLES = 2000


def paired(scores, baseline, seed=1):
    """Compares two runs on the documents both have scores for. Returns None
    when they share none, else a dict: n, mean (difference, in the scores'
    units), low and high (95% percentile bootstrap interval of the mean,
    resampling documents with a fixed seed so a rerun prints the same),
    better / worse / tied (document counts) and p (two-sided sign test,
    ties left out)."""
    ids = sorted(set(scores) & set(baseline))
    if not ids:
        return None
    diffs = [scores[id] - baseline[id] for id in ids]
    n = len(diffs)
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(diffs, k=n)) / n for _ in range(BOOTSTRAP_SAMPLES))
    better = sum(d > 0 for d in diffs)
    worse = sum(d < 0 for d in diffs)
    return {"n": n, "mean": sum(diffs) / n,
            "low": means[int(0.025 * BOOTSTRAP_SAMPLES)], "high": means[int(0.975 * BOOTSTRAP_SAMPLES) - 1],
            "better": better, "worse": worse, "tied": n - better - worse,
            "p": sign_test(better, worse)}


def sign_test(better, worse):
    """Two-sided exact binomial test of better vs worse at one half."""
    n = better + worse
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(better, worse) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def print_paired(per_doc, runs):
    rows = []
    for algorithm, length in runs:
        if algorithm in ("lead", "ots") or ("lead", length) not in per_doc or (algorithm, length) not in per_doc:
            continue
        c = paired(per_doc[(algorithm, length)], per_doc[("lead", length)])
        if c:
            rows.append((algorithm, length, c))
    if not rows:
        return
    print("\npaired with lead on the same documents (ROUGE-1 F points; 95% bootstrap interval of the mean difference):")
    print(f"{'algorithm':<10} {'length':>6} {'diff':>7} {'95% interval':>15} {'better':>7} {'worse':>6} {'tied':>5} {'sign p':>7}")
    for algorithm, length, c in rows:
        interval = f"{100 * c['low']:+.2f}..{100 * c['high']:+.2f}"
        p = f"{c['p']:7.3f}" if c["p"] >= 0.001 else f"{'<0.001':>7}"
        print(f"{algorithm:<10} {length:>6} {100 * c['mean']:+7.2f} {interval:>15} "
              f"{c['better']:>7} {c['worse']:>6} {c['tied']:>5} {p}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", required=True)
    p.add_argument("--refs", required=True)
    p.add_argument("--rouge", default=os.path.join(os.path.dirname(ROOT), "shared", "eval", "rouge.py"))
    p.add_argument("--algorithms", default="default,textrank,lexrank,lead")
    p.add_argument("--lengths", default="ref,3")
    p.add_argument("--local", action="store_true", help="run in-process, no cluster")
    p.add_argument("--ots-ratio", type=int, default=40, help="percent of each document OTS keeps")
    p.add_argument("--limit", type=int, default=0, help="only the first N documents")
    p.add_argument("--keep", help="keep the summaries in this folder")
    p.add_argument("--unicode", action="store_true",
                   help="score non-ASCII letters too (the scorer's --unicode): for other languages than English")
    p.add_argument("--limit-words", type=int, default=0, help="the scorer cuts every summary to N words")
    args = p.parse_args()
    scorer_args = (["--unicode"] if args.unicode else []) + \
                  (["--limit-words", str(args.limit_words)] if args.limit_words else [])
    if not os.path.exists(args.rouge):
        sys.exit(f"eval: no ROUGE scorer at {args.rouge} (give --rouge PATH)")
    docs = read_set(args.docs, args.refs, args.limit)
    folder = tempfile.mkdtemp(prefix="sumq-eval-")
    up = None
    try:
        if args.local:
            where = ["--local"]
        else:
            up, endpoint = start_cluster(folder)
            where = ["--broker", endpoint]
        out = args.keep or folder
        ids_file = os.path.join(folder, "ids.txt")
        with open(ids_file, "w") as f:
            f.write("".join(id + "\n" for id, _, _ in docs))
        print(f"{len(docs)} documents from {args.docs}; {'in-process' if args.local else 'through the broker'}")
        print(f"{'algorithm':<10} {'length':>6} {'R-1 F':>7} {'R-2 F':>7} {'R-L F':>7} {'docs/s':>8} {'failed':>6}")
        commands = []
        per_doc = {}
        runs = [(algorithm, length) for length in args.lengths.split(",") for algorithm in args.algorithms.split(",")]
        if shutil.which("ots"):
            runs.append(("ots", f"{args.ots_ratio}%"))
        for algorithm, length in runs:
            sysdir = os.path.join(out, f"{algorithm}-{length}")
            if algorithm == "ots":
                seconds, failed, command = run_ots(docs, args.docs, args.ots_ratio, sysdir)
            else:
                seconds, failed, command = run_one(docs, algorithm, length, where, sysdir)
            scores, per_doc[(algorithm, length)], rouge_command = rouge(args.rouge, args.refs, sysdir, ids_file,
                                                                        scorer_args)
            commands += [command, rouge_command]
            f = lambda k: scores[k]["f"] if scores and isinstance(scores.get(k), dict) else float("nan")  # noqa: E731
            if scores and "ROUGE-1" not in scores:
                f = lambda k: scores.get(k.replace("ROUGE-", "rouge") + "_f", float("nan"))  # noqa: E731
            print(f"{algorithm:<10} {length:>6} {f('ROUGE-1'):7.2f} {f('ROUGE-2'):7.2f} "
                  f"{f('ROUGE-L'):7.2f} {len(docs) / seconds:8.0f} {failed:>6}", flush=True)
        print_paired(per_doc, runs)
        print("\ncommands (summaries in " + out + "):")
        for c in dict.fromkeys(commands):
            print("  " + c)
    finally:
        if up:
            os.killpg(up.pid, signal.SIGTERM)
            up.wait(timeout=15)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
