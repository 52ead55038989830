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

A broker whose queue is full answers "busy"; both calls then send the
document again under the same job id, waiting longer each time (50 ms
doubling up to 1 s), until the client's timeout has passed since it was
first sent: only then is it a SumqError("busy"). Client(retry_busy=False)
turns that off.

While documents are out and the broker is quiet, summarize_many asks it
for its status every second; when its instance has changed (a restart,
which loses the jobs it held in memory), the unanswered documents go out
again under the same job ids, as the CLI does.

Not thread-safe: one Client per thread, as with ZeroMQ sockets.
"""
import collections
import itertools
import json
import math
import os
import random
import time
import uuid

import zmq

DEFAULT_ENDPOINT = "tcp://127.0.0.1:7400"
PROTOCOL = b"SQC1"
BODY_VERSION = 1
BUSY_BACKOFF_MIN_S = 0.05
BUSY_BACKOFF_MAX_S = 1.0
# With documents out and the broker quiet this long, ask for its status: a
# new broker instance (a restart) has lost the jobs it held in memory.
PING_S = 1.0


class SumqError(Exception):
    """A document that failed, or a broker that did not answer."""

    def __init__(self, code, message, id=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.id = id


class Client:
    """One connection to a broker; many documents may be in flight on it."""

    def __init__(self, endpoint=None, timeout=30.0, context=None, retry_busy=True):
        """endpoint: default $SUMQ_BROKER, then tcp://127.0.0.1:7400.
        timeout: seconds to wait for the broker before broker_unavailable,
        and to keep sending a document the broker answers "busy".
        retry_busy: False makes a "busy" answer a failed document at once."""
        self.endpoint = endpoint or os.environ.get("SUMQ_BROKER") or DEFAULT_ENDPOINT
        self.timeout = timeout
        self.retry_busy = retry_busy
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
        self._instance = None       # the broker's, from its last STATUS
        # Instance changes seen, by whichever call read the STATUS answer:
        # summarize_many resends what it has out when this moves.
        self._restarts = 0
        # Replies that came while status() waited for its answer, for
        # recv and summarize_many to take first.
        self._replies = collections.deque()

    def close(self):
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the protocol -----------------------------------------------------

    def submit(self, text, id="doc", **options):
        """Sends one document; returns its job id (match it in recv)."""
        job = self._next_job()
        self._send(job, _request_body(text, id, options))
        return job

    def _next_job(self):
        return f"{self._prefix}{next(self._jobs)}"

    def _send(self, job, body):
        self._socket.send_multipart([PROTOCOL, b"SUBMIT", job.encode("ascii"), body])

    def recv(self, timeout=None):
        """The next reply as (job, ok, body dict): body is a result when ok,
        else an error body. Raises SumqError(broker_unavailable) when
        nothing comes within timeout (default: the client's)."""
        reply = self._recv_until(time.monotonic() + (self.timeout if timeout is None else timeout))
        if reply is None:
            raise _unavailable(self.endpoint)
        return reply

    def _recv_until(self, deadline, on_status=None):
        """The next reply as recv gives it, or None once deadline (of
        time.monotonic) has passed; on_status() is called after each STATUS
        answer read meanwhile."""
        if self._replies:
            return self._replies.popleft()
        while True:
            message = self._recv_message(deadline)
            if message is None:
                return None
            kind, value = message
            if kind == "result":
                return value
            if on_status:
                on_status()

    def _recv_message(self, deadline):
        """The next message as ("result", (job, ok, body)) or ("status",
        status dict); None once deadline has passed. A STATUS answer updates
        the broker's instance, whoever reads it. Anything else is skipped
        rather than failed."""
        while True:
            left = deadline - time.monotonic()
            # Rounded up: a wait rounded down to 0 ms would spin until then.
            if left <= 0 or not self._socket.poll(math.ceil(left * 1000)):
                return None
            frames = self._socket.recv_multipart()
            if len(frames) == 5 and frames[0] == PROTOCOL and frames[1] == b"RESULT":
                body = json.loads(frames[4])
                return "result", (frames[2].decode("ascii"), frames[3] == b"ok", body)
            if len(frames) == 3 and frames[0] == PROTOCOL and frames[1] == b"STATUS":
                status = json.loads(frames[2])
                self._note_instance(status)
                return "status", status

    def _note_instance(self, status):
        instance = status.get("instance") if isinstance(status, dict) else None
        if not instance:
            return
        if self._instance and instance != self._instance:
            self._restarts += 1
        self._instance = instance

    def _ping(self):
        self._socket.send_multipart([PROTOCOL, b"STATUS"])

    def status(self, timeout=5.0):
        """The broker's status body (schemas/status.json) as a dict. Replies
        to documents in flight that come meanwhile are kept for recv and
        summarize_many."""
        self._ping()
        deadline = time.monotonic() + timeout
        while True:
            message = self._recv_message(deadline)
            if message is None:
                raise SumqError("broker_unavailable", f"no status from {self.endpoint}")
            kind, value = message
            if kind == "status":
                return value
            self._replies.append(value)

    # -- conveniences -----------------------------------------------------

    def summarize(self, text, id="doc", **options):
        """Summarizes one document; returns the result dict or raises SumqError
        (a "busy" answer is retried first, see the module's docstring).
        options: sentences, ratio, words, keywords, lang, algorithm."""
        (result,) = self.summarize_many([(id, text)], window=1, **options)
        if isinstance(result, SumqError):
            raise result
        return result

    def summarize_many(self, documents, window=64, **options):
        """Yields one result per document, in input order. documents are
        (id, text) pairs; options apply to all. Failed documents come as
        SumqError instances; one the broker answered "busy" is sent again
        later, as the module's docstring says, and fails only when that
        has gone on for the client's timeout. At most `window` documents
        are unanswered at a time, those waiting to be sent again included.
        Documents out when the broker restarts are sent again (see the
        module's docstring). Raises SumqError(broker_unavailable) when
        documents are out and no answer to any comes within the timeout."""
        pending = {}                # job -> _Document, until answered
        done = {}                   # position -> result or SumqError
        next_out = 0
        source = enumerate(documents)
        exhausted = False
        # Silence counts from the last request or reply: a broker that
        # stops answering is noticed even while busy documents wait.
        last_heard = time.monotonic()
        # Learn the broker's instance before it can restart under us.
        if self._instance is None:
            self._ping()
        last_ping = last_heard
        restarts = self._restarts

        def resend_if_restarted():
            # Whichever call saw the new instance (status() too), the
            # documents out here were lost with the old one. Under the same
            # job ids: a job the broker still has (in its store) is
            # answered once, not run twice.
            nonlocal restarts
            if restarts == self._restarts:
                return
            restarts = self._restarts
            for job, document in pending.items():
                if document.resend_at is None:
                    self._send(job, document.body)
        while True:
            resend_if_restarted()
            while not exhausted and len(pending) < window:
                try:
                    position, (doc_id, text) = next(source)
                except StopIteration:
                    exhausted = True
                    break
                job = self._next_job()
                document = _Document(position, doc_id, _request_body(text, doc_id, options),
                                     time.monotonic() + self.timeout)
                self._send(job, document.body)
                last_heard = time.monotonic()
                pending[job] = document
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if not pending:
                return
            now = time.monotonic()
            for job, document in pending.items():
                if document.resend_at is not None and document.resend_at <= now:
                    # Under the same job id: the broker made no job of it.
                    document.resend_at = None
                    self._send(job, document.body)
                    last_heard = now
            if now - max(last_heard, last_ping) >= PING_S:
                self._ping()
                last_ping = now
            resends = [d.resend_at for d in pending.values() if d.resend_at is not None]
            give_up = last_heard + self.timeout if len(resends) < len(pending) else math.inf
            ping_at = max(last_heard, last_ping) + PING_S
            reply = self._recv_until(min(resends + [give_up, ping_at]), resend_if_restarted)
            if reply is None:
                if time.monotonic() >= give_up:
                    raise _unavailable(self.endpoint)
                continue
            last_heard = time.monotonic()
            job, ok, body = reply
            document = pending.get(job)
            if document is None or document.resend_at is not None:
                continue            # not ours, or a stale duplicate
            result = body if ok else _error_value(body, document.id)
            if not ok and result.code == "busy" and self.retry_busy and document.wait_for_room():
                continue
            del pending[job]
            done[document.position] = result


class _Document:
    """One document of summarize_many until it is answered: its request
    body is kept, so that a "busy" answer can send it again."""

    def __init__(self, position, id, body, deadline):
        self.position = position
        self.id = id
        self.body = body
        self.deadline = deadline
        self.backoff = 0.0
        self.resend_at = None       # set while waiting to be sent again

    def wait_for_room(self):
        """Schedules the next send after a "busy" answer; False when that
        would come after the document's deadline."""
        self.backoff = min(self.backoff * 2 or BUSY_BACKOFF_MIN_S, BUSY_BACKOFF_MAX_S)
        # Jitter: documents refused together should not come back together.
        resend_at = time.monotonic() + self.backoff * random.uniform(0.8, 1.2)
        if resend_at >= self.deadline:
            return False
        self.resend_at = resend_at
        return True


def _request_body(text, id, options):
    request = {"version": BODY_VERSION, "id": id, "text": text}
    if options:
        request["options"] = options
    return json.dumps(request, ensure_ascii=False).encode("utf-8")


def _error_value(body, id):
    """The SumqError of an error body. Errors the broker makes itself
    ("busy", "too_large", "timeout") carry no id, as it does not read
    request bodies: the document's own id stands in."""
    if not isinstance(body, dict):
        return SumqError("internal", "malformed error body", id)
    error = body.get("error", {})
    return SumqError(error.get("code", "internal"), error.get("message", "malformed error body"),
                     body.get("id", id))


def _unavailable(endpoint):
    return SumqError("broker_unavailable", f"no answer from {endpoint} within the timeout")
