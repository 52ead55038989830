"""sumq_client: a small Python client for a sumq broker.

Speaks the client side of proto/PROTOCOL.md (section 2) over one pyzmq
DEALER socket; needs only pyzmq (Debian: python3-zmq).

    from sumq_client import Client

    with Client("tcp://127.0.0.1:7400") as client:
        result = client.summarize(open("article.txt").read(), sentences=2)
        for sentence in result["summary"]:
            print(sentence["text"])
        print([k["term"] for k in result["keywords"]])

A result is the result body of schemas/result.json as a dict. A document
that fails raises SumqError with the protocol's stable code (e.g.
"empty_document"); no answer within the timeout raises SumqError with
"broker_unavailable". summarize_many keeps many documents in flight and
yields results in input order, failed ones as SumqError instances
(not raised, so one bad document does not stop a batch).

Not thread-safe: one Client per thread, as with ZeroMQ sockets.
"""
import itertools
import json
import os
import time
import uuid

import zmq

DEFAULT_ENDPOINT = "tcp://127.0.0.1:7400"
PROTOCOL = b"SQC1"
BODY_VERSION = 1


class SumqError(Exception):
    """A document that failed, or a broker that did not answer."""

    def __init__(self, code, message, id=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.id = id


class Client:
    """One connection to a broker; many documents may be in flight on it."""

    def __init__(self, endpoint=None, timeout=30.0, context=None):
        """endpoint: default $SUMQ_BROKER, then tcp://127.0.0.1:7400.
        timeout: seconds to wait for the broker before broker_unavailable."""
        self.endpoint = endpoint or os.environ.get("SUMQ_BROKER") or DEFAULT_ENDPOINT
        self.timeout = timeout
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.DEALER)
        # Unsent requests are dropped at close instead of blocking exit.
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.connect(self.endpoint)
        # A job id names a job for the broker as a whole, and a broker with
        # a store answers an id it has seen with that job's stored answer:
        # ids must not repeat across clients or runs (PROTOCOL.md).
        self._jobs = itertools.count(1)
        self._prefix = f"py{os.getpid()}-{uuid.uuid4().hex[:12]}-"

    def close(self):
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the protocol -----------------------------------------------------

    def submit(self, text, id="doc", **options):
        """Sends one document; returns its job id (match it in recv)."""
        request = {"version": BODY_VERSION, "id": id, "text": text}
        if options:
            request["options"] = options
        job = f"{self._prefix}{next(self._jobs)}"
        body = json.dumps(request, ensure_ascii=False).encode("utf-8")
        self._socket.send_multipart([PROTOCOL, b"SUBMIT", job.encode("ascii"), body])
        return job

    def recv(self, timeout=None):
        """The next reply as (job, ok, body dict): body is a result when ok,
        else an error body. Raises SumqError(broker_unavailable) when
        nothing comes within timeout (default: the client's)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self._socket.poll(int(left * 1000)):
                raise SumqError("broker_unavailable",
                                f"no answer from {self.endpoint} within the timeout")
            frames = self._socket.recv_multipart()
            # Anything but a RESULT is not for us here (a late STATUS
            # answer, say): skip it rather than fail.
            if len(frames) == 5 and frames[0] == PROTOCOL and frames[1] == b"RESULT":
                body = json.loads(frames[4])
                return frames[2].decode("ascii"), frames[3] == b"ok", body

    def status(self, timeout=5.0):
        """The broker's status body (schemas/status.json) as a dict. Call it
        when no documents are in flight: their replies would be dropped."""
        self._socket.send_multipart([PROTOCOL, b"STATUS"])
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self._socket.poll(int(left * 1000)):
                raise SumqError("broker_unavailable", f"no status from {self.endpoint}")
            frames = self._socket.recv_multipart()
            if len(frames) == 3 and frames[0] == PROTOCOL and frames[1] == b"STATUS":
                return json.loads(frames[2])

    # -- conveniences -----------------------------------------------------

    def summarize(self, text, id="doc", **options):
        """Summarizes one document; returns the result dict or raises SumqError.
        options: sentences, ratio, words, keywords, lang, algorithm."""
        job = self.submit(text, id=id, **options)
        while True:
            reply_job, ok, body = self.recv()
            if reply_job == job:
                return body if ok else _error(body)

    def summarize_many(self, documents, window=64, **options):
        """Yields one result per document, in input order. documents are
        (id, text) pairs; options apply to all. Failed documents come as
        SumqError instances (a full broker's "busy" too: this client does
        not retry; the C client's batch runner does). At most `window`
        documents are in flight."""
        pending = {}                # job -> position
        done = {}                   # position -> result or SumqError
        next_out = 0
        source = enumerate(documents)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                try:
                    position, (doc_id, text) = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending[self.submit(text, id=doc_id, **options)] = position
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if not pending:
                return
            job, ok, body = self.recv()
            if job in pending:
                done[pending.pop(job)] = body if ok else _error_value(body)


def _error_value(body):
    error = body.get("error", {}) if isinstance(body, dict) else {}
    return SumqError(error.get("code", "internal"), error.get("message", "malformed error body"),
                     body.get("id") if isinstance(body, dict) else None)


def _error(body):
    raise _error_value(body)
