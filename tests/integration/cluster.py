"""Start and stop real sumq processes for the integration tests.

Every cluster lives in its own temporary folder with its own ipc://
endpoint, so tests can run in parallel; every wait is bounded; every
process is stopped (SIGTERM, then SIGKILL) whatever the test did.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, os.environ.get("SUMQ_BIN", "bin"))
SCHEMAS = os.path.join(ROOT, "proto", "schemas")
SAMPLES = os.path.join(ROOT, "samples")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
PYTHON = "/usr/bin/python3"
SCHEMA_BASE = "https://sumq.invalid/schemas/"  # the $id prefix of proto/schemas
READY_TIMEOUT_S = 15

# `sumq up` keeps its job store under $XDG_STATE_HOME: the tests' stores go
# to a folder of their own, never into the user's home.
_STATE = tempfile.mkdtemp(prefix="sumq-test-state-")
os.environ["XDG_STATE_HOME"] = _STATE
import atexit  # noqa: E402
atexit.register(shutil.rmtree, _STATE, ignore_errors=True)
STOP_TIMEOUT_S = 10


def program(name):
    return os.path.join(BIN, name)


def run(args, timeout=60, input=None, env=None):
    """Runs the CLI (or another program) to completion, bounded in time."""
    full_env = dict(os.environ)
    full_env.pop("SUMQ_BROKER", None)
    if env:
        full_env.update(env)
    return subprocess.run(args, input=input, capture_output=True, timeout=timeout, env=full_env)


def sumq(*args, **kwargs):
    return run([program("sumq")] + [str(a) for a in args], **kwargs)


class Cluster:
    """A broker and workers on a private ipc:// endpoint."""

    def __init__(self, parsers=1, rankers=1, summarizers=1, worker_commands=None,
                 broker_args=(), worker_args=()):
        self.dir = tempfile.mkdtemp(prefix="sumq-test-")
        self.endpoint = f"ipc://{self.dir}/broker.ipc"
        self.counts = {"parser": parsers, "ranker": rankers, "summarizer": summarizers}
        self.worker_commands = list(worker_commands or [])
        self.broker_args = list(broker_args)
        self.worker_args = list(worker_args)
        self.procs = []
        self.broker = None

    def _spawn(self, name, args):
        log = open(os.path.join(self.dir, f"{name}-{len(self.procs)}.log"), "wb")
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def start_broker(self):
        self.broker = self._spawn("broker", [program("sumq-broker"), "--bind", self.endpoint]
                                  + self.broker_args)
        return self.broker

    def start_worker(self, kind):
        return self._spawn(kind, [program(f"sumq-{kind}"), "--broker", self.endpoint]
                           + self.worker_args)

    def start(self, wait=True):
        self.start_broker()
        for kind, count in self.counts.items():
            for _ in range(count):
                self.start_worker(kind)
        for i, command in enumerate(self.worker_commands):
            self._spawn(f"extra{i}", command + ["--broker", self.endpoint])
        if wait:
            self.wait_ready()
        return self

    def status(self, timeout=5):
        r = sumq("status", "--broker", self.endpoint, "--format", "json", "--timeout", timeout)
        return json.loads(r.stdout) if r.returncode == 0 else None

    def wait_for_jobs(self, count, timeout=READY_TIMEOUT_S):
        """Waits until the broker holds count jobs; False if it never does."""
        return wait_until(lambda: (self.status() or {}).get("jobs_in_flight") == count, timeout)

    def wait_ready(self, timeout=READY_TIMEOUT_S):
        r = sumq("status", "--broker", self.endpoint, "--wait", timeout, "--format", "json",
                 timeout=timeout + 10)
        if r.returncode != 0:
            raise AssertionError(f"cluster not ready in {timeout} s: {r.stderr.decode()}\n"
                                 + self.logs())
        return json.loads(r.stdout)

    def summarize(self, *args, **kwargs):
        return sumq("summarize", "--broker", self.endpoint, *args, **kwargs)

    def logs(self):
        out = []
        for name in sorted(os.listdir(self.dir)):
            if name.endswith(".log"):
                with open(os.path.join(self.dir, name), errors="replace") as f:
                    out.append(f"--- {name}\n" + f.read()[-3000:])
        return "\n".join(out)

    def stop_process(self, proc, sig=signal.SIGTERM):
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
        try:
            return proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_TIMEOUT_S)
            return None

    def stop(self):
        """Stops everything; returns {pid: exit status} (None: had to be killed)."""
        codes = {}
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        # One SIGTERM each: a second one could cut short a clean shutdown
        # that is merely slow (as under AddressSanitizer).
        for proc in self.procs:
            try:
                codes[proc.pid] = proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=STOP_TIMEOUT_S)
                codes[proc.pid] = None
        return codes

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


def json_lines(completed):
    return [json.loads(line) for line in completed.stdout.decode().splitlines() if line.strip()]


def schema_validator(name):
    """A validator for proto/schemas/<name>.json with local $refs resolved."""
    import jsonschema
    store = {}
    for fname in os.listdir(SCHEMAS):
        if fname.endswith(".json"):
            with open(os.path.join(SCHEMAS, fname), encoding="utf-8") as f:
                schema = json.load(f)
            store[schema["$id"]] = schema
    schema = store[f"{SCHEMA_BASE}{name}.json"]
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def wait_until(predicate, timeout, interval=0.05):
    """Polls predicate until true or timeout; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
