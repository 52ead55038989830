#!/usr/bin/python3
"""Writes proto/examples/: one real message body of each kind, as the C
programs send them, for a short document. Plays broker to the three C
workers (bin/) over a private ipc:// endpoint, then asks a real broker
with one worker of each stage for its status. Run it again when a body
changes; the tests check every example against proto/schemas/.

    tools/make-examples.py
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import zmq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, os.environ.get("SUMQ_BIN", "bin"))
OUT = os.path.join(ROOT, "proto", "examples")
TEXT = ("Harbour bridge approved\n\n"
        "The city council voted on Tuesday to build a bridge across the harbour. "
        "The car-free bridge will carry trams, bicycles and pedestrians. "
        "Construction starts next spring and takes four years.\n")


def write(name, body):
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(body, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    folder = tempfile.mkdtemp(prefix="sumq-examples-")
    endpoint = f"ipc://{folder}/fake.ipc"
    ctx = zmq.Context()
    router = ctx.socket(zmq.ROUTER)
    router.bind(endpoint)
    procs = [subprocess.Popen([os.path.join(BIN, f"sumq-{kind}"), "--broker", endpoint],
                              stderr=subprocess.DEVNULL) for kind in ("parser", "ranker", "summarizer")]
    try:
        workers = {}
        deadline = time.monotonic() + 10

        def receive(command):
            while time.monotonic() < deadline:
                if router.poll(200):
                    frames = router.recv_multipart()
                    if frames[2] == b"READY":
                        workers[frames[3]] = frames[0]
                    if frames[2] == command:
                        return frames
            sys.exit(f"make-examples: no {command.decode()} from the workers")

        while len(workers) < 3:
            receive(b"READY")
        request = {"version": 1, "id": "harbour", "text": TEXT,
                   "options": {"sentences": 2, "keywords": 5}}
        write("request", request)
        body = json.dumps(request).encode()
        for service, name in ((b"parse", "parsed"), (b"rank", "ranked"), (b"summarize", "result")):
            router.send_multipart([workers[service], b"SQW1", b"JOB", b"1", body])
            reply = receive(b"REPLY")
            write(name, json.loads(reply[5]))
            body = reply[5]
        router.send_multipart([workers[b"parse"], b"SQW1", b"JOB", b"2",
                               json.dumps({"version": 1, "id": "blank", "text": " "}).encode()])
        write("error", json.loads(receive(b"REPLY")[5]))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
        router.close(0)
    # The status of a real broker with one worker of each stage, so that
    # the example shows the per-worker fields too.
    broker = subprocess.Popen([os.path.join(BIN, "sumq-broker"), "--bind", endpoint],
                              stderr=subprocess.DEVNULL)
    procs = [subprocess.Popen([os.path.join(BIN, f"sumq-{kind}"), "--broker", endpoint],
                              stderr=subprocess.DEVNULL) for kind in ("parser", "ranker", "summarizer")]
    try:
        r = subprocess.run([os.path.join(BIN, "sumq"), "status", "--broker", endpoint,
                            "--wait", "10", "--format", "json"], capture_output=True, timeout=20)
        if r.returncode != 0:
            sys.exit("make-examples: the broker's workers did not register: " + r.stderr.decode())
        write("status", json.loads(r.stdout))
    finally:
        for proc in procs + [broker]:
            proc.terminate()
            proc.wait(timeout=10)
        ctx.term()


if __name__ == "__main__":
    main()
