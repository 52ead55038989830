"""Chaos: a batch keeps going while workers and the broker are killed.

A batch of 2,000 documents runs through a cluster with a job store while
a thread SIGKILLs a random worker every second (and starts a new one in
its place) and SIGKILLs the broker once, then starts it again on the
same store. Every document must get exactly one answer, in order, equal
to what the fault-free in-process pipeline gives.
"""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import SAMPLES, Cluster, program, sumq  # noqa: E402

DOCUMENTS = 2000
KILL_EVERY_S = 1.0
# Faults start once answers flow, and the broker dies a quarter of the
# way through, however fast the machine runs the batch.
FIRST_KILL_AT = 50
BROKER_KILL_AT = DOCUMENTS // 4
BATCH_LIMIT_S = 240


def make_batch(path):
    texts = []
    for name in sorted(os.listdir(SAMPLES)):
        with open(os.path.join(SAMPLES, name), encoding="utf-8") as f:
            texts.append(f.read())
    with open(path, "w", encoding="utf-8") as f:
        for i in range(DOCUMENTS):
            # Each document its own: a sample with a numbered closing line.
            text = texts[i % len(texts)] + f"\n\nThis is note {i} of the batch."
            f.write(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n")


class ChaosTest(unittest.TestCase):
    def test_every_document_answered_once_through_kills(self):
        cluster = Cluster(parsers=2, rankers=2, summarizers=2)
        self.addCleanup(cluster.cleanup)
        store = os.path.join(cluster.dir, "jobs.db")
        # Many attempts: with a kill a second, a job may lose a worker more
        # than three times; poison-job handling has its own tests.
        cluster.broker_args = ["--store", store, "--heartbeat", "200", "--max-attempts", "50"]
        cluster.worker_args = ["--heartbeat", "200"]
        cluster.start()
        batch = os.path.join(cluster.dir, "in.jsonl")
        make_batch(batch)
        expected = sumq("summarize", "--local", "--jsonl", "--quiet", batch, timeout=300)
        self.assertEqual(expected.returncode, 0, expected.stderr.decode())
        expected = [json.loads(line) for line in expected.stdout.decode().splitlines()]

        out_path = os.path.join(cluster.dir, "out.jsonl")
        err_path = os.path.join(cluster.dir, "client.log")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            client = subprocess.Popen([program("sumq"), "summarize", "--broker", cluster.endpoint,
                                       "--jsonl", "--window", "64", "--timeout", "60", batch],
                                      stdout=out, stderr=err)
        kills = {"workers": 0, "broker": 0}
        stop = threading.Event()

        def answered():
            with open(out_path, "rb") as f:
                return f.read().count(b"\n")

        def chaos():
            rng = random.Random(7)
            next_kill = None
            while not stop.wait(0.02):
                now = time.monotonic()
                done = answered()
                if next_kill is None and done >= FIRST_KILL_AT:
                    next_kill = now
                if not kills["broker"] and done >= BROKER_KILL_AT:
                    cluster.stop_process(cluster.broker, signal.SIGKILL)
                    cluster.start_broker()
                    kills["broker"] += 1
                if next_kill is not None and now >= next_kill:
                    workers = [p for p in cluster.procs if p.poll() is None and p is not cluster.broker
                               and "sumq-broker" not in p.args[0]]
                    victim = rng.choice(workers)
                    kind = os.path.basename(victim.args[0])[len("sumq-"):]
                    cluster.stop_process(victim, signal.SIGKILL)
                    cluster.start_worker(kind)
                    kills["workers"] += 1
                    next_kill = now + KILL_EVERY_S

        thread = threading.Thread(target=chaos)
        thread.start()
        try:
            rc = client.wait(timeout=BATCH_LIMIT_S)
        finally:
            stop.set()
            thread.join()
        with open(err_path, errors="replace") as f:
            self.assertEqual(rc, 0, f.read()[-3000:] + cluster.logs())
        self.assertEqual(kills["broker"], 1, "the broker was killed during the batch")
        self.assertGreaterEqual(kills["workers"], 1)
        with open(out_path, encoding="utf-8") as f:
            results = [json.loads(line) for line in f]
        self.assertEqual([r["id"] for r in results], [f"d{i}" for i in range(DOCUMENTS)])
        for got, want in zip(results, expected):
            self.assertEqual(got, want)
        print(f"\nchaos: {DOCUMENTS} documents, {kills['workers']} workers and the broker "
              f"killed once; all answered once, as without faults", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
