"""Observability: `sumq stats`, the extended STATUS body, the broker's
Prometheus endpoint (--metrics) and structured logs (--log-json)."""
import glob
import json
import os
import re
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import SAMPLES, Cluster, program, run, schema_validator, sumq, wait_until  # noqa: E402

SAMPLE_FILES = sorted(glob.glob(os.path.join(SAMPLES, "*.txt")))
SERVICES = ("parse", "rank", "summarize")
HTTP_TIMEOUT_S = 5


def metrics_port(cluster, timeout=10):
    """The port the broker logged for --metrics 127.0.0.1:0."""
    path = os.path.join(cluster.dir, "broker-0.log")

    def port():
        with open(path, errors="replace") as f:
            found = re.search(r'"?port"?[=:]"?(\d+)', "".join(
                line for line in f if "metrics_listening" in line))
        return int(found.group(1)) if found else None
    found = wait_until(port, timeout)
    if not found:
        raise AssertionError("the broker logged no metrics port\n" + cluster.logs())
    return found


def http_get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=HTTP_TIMEOUT_S) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode()


def prometheus_samples(page):
    """{'name{labels}': value} of a text-format page; checks each line's shape."""
    samples = {}
    for line in page.splitlines():
        if not line or line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        match = re.fullmatch(r'([a-z_]+(?:\{[^}]*\})?) (-?[0-9.e+-]+|NaN)', line)
        if not match:
            raise AssertionError(f"not a Prometheus sample line: {line!r}")
        samples[match.group(1)] = float(match.group(2))
    return samples


class StatsTest(unittest.TestCase):
    """One cluster with two parsers; a batch through it, then the views."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(parsers=2, broker_args=["--metrics", "127.0.0.1:0"]).start()
        r = cls.cluster.summarize("--format", "json", *SAMPLE_FILES * 4)
        if r.returncode != 0:
            cls.cluster.cleanup()
            raise AssertionError(r.stderr.decode())
        cls.jobs = len(SAMPLE_FILES) * 4

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def test_status_body_has_the_new_fields_and_matches_the_schema(self):
        status = self.cluster.status()
        schema_validator("status").validate(status)
        self.assertEqual(status["jobs_done"], self.jobs)
        self.assertEqual(status["jobs_failed"], 0)
        for name in SERVICES:
            service = status["services"][name]
            self.assertEqual(service["done"], self.jobs)
            self.assertGreater(service["latency_ms"]["p50"], 0, name)
            self.assertGreaterEqual(service["latency_ms"]["p99"], service["latency_ms"]["p50"])
            # All jobs finished seconds ago at most: inside the 10 s span.
            self.assertGreater(service["throughput"], 0, name)
        workers = status["workers"]
        self.assertEqual(sorted(w["service"] for w in workers),
                         ["parse", "parse", "rank", "summarize"])
        for name in SERVICES:
            self.assertEqual(sum(w["jobs"] for w in workers if w["service"] == name), self.jobs)
        for worker in workers:
            self.assertFalse(worker["busy"])
            # Heartbeats every second: nobody is silent for long.
            self.assertLess(worker["last_heartbeat_ms"], 3000)

    def test_stats_text(self):
        r = sumq("stats", "--broker", self.cluster.endpoint)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = r.stdout.decode()
        self.assertIn(f"{self.jobs} done, 0 failed", out)
        rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
        for name in SERVICES:
            row = rows[name]
            self.assertEqual(row[4], str(self.jobs), out)          # done
            self.assertGreater(float(row[7]), 0, out)               # p50 ms
        self.assertEqual(sum(1 for line in out.splitlines() if " parse " in line), 2, out)

    def test_stats_watch_json_refreshes(self):
        r = sumq("stats", "--broker", self.cluster.endpoint, "--watch", "0.2", "--count", "3",
                 "--format", "json", timeout=20)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        bodies = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual(len(bodies), 3)
        uptimes = [b["uptime_ms"] for b in bodies]
        self.assertEqual(uptimes, sorted(uptimes))
        self.assertGreaterEqual(uptimes[2] - uptimes[0], 300)

    def test_metrics_endpoint_agrees_with_status(self):
        port = metrics_port(self.cluster)
        # The page is published once per heartbeat: wait for the batch.
        def page():
            code, ctype, body = http_get(port, "/metrics")
            samples = prometheus_samples(body) if code == 200 else {}
            return (ctype, samples) if samples.get('sumq_jobs_total{result="done"}') == self.jobs else None
        found = wait_until(page, 10, interval=0.2)
        self.assertTrue(found, http_get(port, "/metrics")[2])
        ctype, samples = found
        self.assertTrue(ctype.startswith("text/plain; version=0.0.4"), ctype)
        for name in SERVICES:
            self.assertEqual(samples[f'sumq_service_jobs_total{{service="{name}",result="done"}}'],
                             self.jobs)
            self.assertGreater(samples[f'sumq_service_latency_seconds{{service="{name}",quantile="0.5"}}'], 0)
        self.assertEqual(samples['sumq_service_workers{service="parse"}'], 2)
        per_worker = [v for k, v in samples.items() if k.startswith("sumq_worker_jobs_total{service=\"parse\"")]
        self.assertEqual(sum(per_worker), self.jobs)
        self.assertEqual(http_get(port, "/healthz")[:1], (200,))
        self.assertEqual(http_get(port, "/other")[0], 404)


class StatsCommandTest(unittest.TestCase):
    def test_help_usage_errors_and_no_broker(self):
        r = sumq("stats", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--watch", r.stdout.decode())
        for args in (["--format", "xml"], ["--watch", "0"], ["--count", "0"], ["extra"]):
            self.assertEqual(sumq("stats", *args).returncode, 2, args)
        with tempfile.TemporaryDirectory(prefix="sumq-test-") as directory:
            r = sumq("stats", "--broker", f"ipc://{directory}/none.ipc", "--timeout", "0.3")
        self.assertEqual(r.returncode, 3)
        self.assertIn("no answer from the broker", r.stderr.decode())
        self.assertIn("stats", sumq("--help").stdout.decode())


class MetricsOptionTest(unittest.TestCase):
    def test_bad_or_busy_metrics_address_fails_to_start(self):
        r = run([program("sumq-broker"), "--bind", "ipc:///nonexistent-dir/x", "--metrics", "nonsense"],
                timeout=10)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not HOST:PORT", r.stderr.decode())
        cluster = Cluster(parsers=0, rankers=0, summarizers=0,
                          broker_args=["--metrics", "127.0.0.1:0"]).start(wait=False)
        try:
            port = metrics_port(cluster)
            r = run([program("sumq-broker"), "--bind", f"ipc://{cluster.dir}/second.ipc",
                     "--metrics", f"127.0.0.1:{port}"], timeout=10)
            self.assertEqual(r.returncode, 1)
            self.assertIn("cannot serve metrics", r.stderr.decode())
        finally:
            cluster.cleanup()


class LogFormatTest(unittest.TestCase):
    def _lines(self, cluster, kind):
        """The log lines of the one process of that kind (cluster.py names
        the logs kind-N.log)."""
        (path,) = glob.glob(os.path.join(cluster.dir, f"{kind}-*.log"))
        with open(path, errors="replace") as f:
            return [line for line in f.read().splitlines() if line.strip()]

    def test_log_json_and_key_value_lines(self):
        # Broker with --log-json; the workers inherit SUMQ_LOG_FORMAT=json
        # except the parser, started in the default key=value format.
        os.environ["SUMQ_LOG_FORMAT"] = "json"
        try:
            cluster = Cluster(parsers=0, broker_args=["--log-json"])
            cluster.start(wait=False)
        finally:
            del os.environ["SUMQ_LOG_FORMAT"]
        try:
            cluster.start_worker("parser")
            cluster.wait_ready()
            self.assertEqual(cluster.summarize(SAMPLE_FILES[0]).returncode, 0)
            cluster.stop()
            events = [json.loads(line) for line in self._lines(cluster, "broker")]
            for event in events:
                self.assertEqual(event["prog"], "sumq-broker")
                self.assertIsInstance(event["pid"], int)
                self.assertIn(event["level"], ("debug", "info", "warn", "error"))
                self.assertRegex(event["ts"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            joined = [e for e in events if e.get("event") == "worker_joined"]
            self.assertEqual(sorted(e["service"] for e in joined), ["parse", "rank", "summarize"])
            for name in ("ranker", "summarizer"):
                for line in self._lines(cluster, name):
                    self.assertEqual(json.loads(line)["prog"][:5], "sumq-")
            for line in self._lines(cluster, "parser"):
                self.assertRegex(line, r'^ts=\S+ prog=sumq-parser pid=\d+ level=\w+ msg=("(\\.|[^"\\])*"|\S+)')
        finally:
            cluster.cleanup()


if __name__ == "__main__":
    unittest.main()
