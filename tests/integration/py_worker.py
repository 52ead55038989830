#!/usr/bin/python3
"""A sumq worker in Python, written from proto/PROTOCOL.md alone.

It offers the "rank" service: TF-IDF over the parsed document's own
sentences, as the spec describes the ranked document. The integration
tests run it in place of the C ranker to show that a worker in another
language can join a cluster.

    py_worker.py --broker ENDPOINT [--service rank] [--check-schemas DIR]

With --check-schemas, every job body received and every reply sent is
validated against the JSON Schemas in DIR; a violation is logged and
the worker exits with status 4, which the tests look for.
"""
import argparse
import json
import math
import os
import signal
import sys
import time

import zmq

PROTO = b"SQW1"
SCHEMA_BASE = "https://sumq.invalid/schemas/"  # the $id prefix of proto/schemas
HEARTBEAT_S = 1.0
LIVENESS = 3


def log(msg):
    print(f"py_worker[{os.getpid()}] {msg}", file=sys.stderr, flush=True)


def make_validators(schema_dir):
    """Validators for parsed.json and ranked.json, resolving $refs locally."""
    import jsonschema
    store = {}
    for name in os.listdir(schema_dir):
        if name.endswith(".json"):
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                schema = json.load(f)
            store[schema["$id"]] = schema
    resolver_for = lambda schema: jsonschema.RefResolver(  # noqa: E731
        base_uri=schema["$id"], referrer=schema, store=store)
    out = {}
    for key in ("parsed", "ranked", "error"):
        schema = store[f"{SCHEMA_BASE}{key}.json"]
        out[key] = jsonschema.Draft202012Validator(schema, resolver=resolver_for(schema))
    return out


def rank(doc):
    """The rank stage: sentence-level TF-IDF weights and top keywords."""
    forms = doc["forms"].split(" ") if doc["forms"] else []
    stop = {int(t) for t in doc["stop"].split()}
    lowercase = {int(t) for t in doc.get("lowercase", "").split()}
    columns = doc["sentences"]
    ntokens = [int(count) for count in columns["ntokens"].split()]
    tokens = columns["tokens"].split()
    if sum(ntokens) != len(tokens):
        raise ValueError("ntokens do not add up to the fields of tokens")
    n = len(forms)
    tf = [0] * n
    sf = [0] * n
    at = 0
    for count in ntokens:
        seen = set()
        for field in tokens[at:at + count]:
            if field == "-":
                continue
            t = int(field)
            if t >= n:
                raise ValueError("token id out of range")
            tf[t] += 1
            seen.add(t)
        at += count
        for t in seen:
            sf[t] += 1
    s = len(ntokens)
    weights = []
    for t in range(n):
        if t in stop or tf[t] == 0:
            weights.append(0.0)
        else:
            idf = math.log((s + 1) / (sf[t] + 1)) + 1
            weights.append((1 + math.log(tf[t])) * idf)
    k = doc.get("options", {}).get("keywords", 10)
    best = sorted((t for t in range(n) if weights[t] > 0 and t not in lowercase),
                  key=lambda t: (-weights[t], t))[:k]
    out = dict(doc)
    # 4 decimals, as the C ranker sends them; trailing zeros add nothing
    out["weights"] = " ".join(("%.4f" % w).rstrip("0").rstrip(".") for w in weights)
    out["keywords"] = [{"term": forms[t], "score": round(weights[t], 4)} for t in best]
    out["idf"] = "sentence"
    return out


class Worker:
    def __init__(self, endpoint, service, validators):
        self.endpoint = endpoint
        self.service = service.encode()
        self.validators = validators
        self.ctx = zmq.Context()
        self.sock = None
        self.running = True

    def connect(self):
        if self.sock is not None:
            self.sock.close(linger=0)
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.connect(self.endpoint)
        self.sock.send_multipart([PROTO, b"READY", self.service])
        self.last_sent = time.monotonic()
        self.last_heard = time.monotonic()
        log(f"connected to {self.endpoint} as {self.service.decode()}")

    def send(self, frames):
        self.sock.send_multipart(frames)
        self.last_sent = time.monotonic()

    def check(self, key, body):
        if self.validators:
            errors = list(self.validators[key].iter_errors(body))
            if errors:
                log(f"schema violation ({key}): {errors[0].message}")
                sys.exit(4)

    def handle_job(self, job, body):
        try:
            doc = json.loads(body)
        except ValueError:
            err = {"version": 1, "error": {"code": "bad_request", "message": "body is not JSON"}}
            self.send([PROTO, b"REPLY", job, b"error", json.dumps(err).encode()])
            return
        self.check("parsed", doc)
        try:
            out = rank(doc)
        except (KeyError, TypeError, ValueError) as e:
            err = {"version": 1, "id": str(doc.get("id", "")),
                   "error": {"code": "bad_request", "message": f"cannot rank: {e}"}}
            self.check("error", err)
            self.send([PROTO, b"REPLY", job, b"error", json.dumps(err).encode()])
            return
        self.check("ranked", out)
        self.send([PROTO, b"REPLY", job, b"ok",
                   json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode()])

    def run(self):
        self.connect()
        poller = zmq.Poller()
        poller.register(self.sock, zmq.POLLIN)
        while self.running:
            events = dict(poller.poll(int(HEARTBEAT_S * 1000 / 2)))
            now = time.monotonic()
            if events.get(self.sock):
                frames = self.sock.recv_multipart()
                self.last_heard = now
                if len(frames) < 2 or frames[0] != PROTO:
                    log("dropped a malformed message")
                elif frames[1] == b"JOB" and len(frames) == 4:
                    self.handle_job(frames[2], frames[3])
                elif frames[1] == b"DISCONNECT":
                    log("broker asked us to reconnect")
                    poller.unregister(self.sock)
                    self.connect()
                    poller.register(self.sock, zmq.POLLIN)
                elif frames[1] != b"HEARTBEAT":
                    log(f"dropped unknown command {frames[1]!r}")
            if now - self.last_heard > HEARTBEAT_S * LIVENESS:
                log("broker silent; reconnecting")
                poller.unregister(self.sock)
                self.connect()
                poller.register(self.sock, zmq.POLLIN)
            if now - self.last_sent >= HEARTBEAT_S:
                self.send([PROTO, b"HEARTBEAT"])
        self.sock.send_multipart([PROTO, b"DISCONNECT"])
        self.sock.close(linger=100)
        self.ctx.term()


def main():
    parser = argparse.ArgumentParser(description="A sumq rank worker in Python.")
    parser.add_argument("--broker", default=os.environ.get("SUMQ_BROKER", "tcp://127.0.0.1:7400"))
    parser.add_argument("--service", default="rank", choices=["rank"])
    parser.add_argument("--check-schemas", metavar="DIR")
    args = parser.parse_args()
    validators = make_validators(args.check_schemas) if args.check_schemas else None
    worker = Worker(args.broker, args.service, validators)

    def stop(signum, frame):
        worker.running = False
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker.run()


if __name__ == "__main__":
    main()
