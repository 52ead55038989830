"""End-to-end tests: real broker and worker processes, the real CLI."""
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import (Cluster, PYTHON, SAMPLES, SCHEMAS, SHARED, json_lines, program,  # noqa: E402
                     run, schema_validator, sumq, wait_until)

SAMPLE_FILES = sorted(glob.glob(os.path.join(SAMPLES, "*.txt")))
ROOT_MODELS = os.path.join(os.path.dirname(SAMPLES), "models")


def doc_line(id, text, **options):
    line = {"id": id, "text": text}
    if options:
        line["options"] = options
    return json.dumps(line, ensure_ascii=False)


class PipelineTest(unittest.TestCase):
    """One cluster (broker + one worker of each kind) for several tests."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster().start()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def test_bundled_samples_through_the_broker(self):
        self.assertGreaterEqual(len(SAMPLE_FILES), 3)
        r = self.cluster.summarize("--format", "json", *SAMPLE_FILES)
        self.assertEqual(r.returncode, 0, r.stderr.decode() + self.cluster.logs())
        results = json_lines(r)
        self.assertEqual([x["id"] for x in results], SAMPLE_FILES)
        validator = schema_validator("result")
        for result in results:
            validator.validate(result)
            self.assertGreaterEqual(len(result["summary"]), 1)
            self.assertGreaterEqual(len(result["keywords"]), 3)
            indexes = [s["index"] for s in result["summary"]]
            self.assertEqual(indexes, sorted(indexes), "summary is in document order")
            with open(result["id"], encoding="utf-8") as f:
                text = f.read()
            for sentence in result["summary"]:
                # Extractive: each sentence is the document's own text
                # (modulo whitespace folding).
                self.assertIn(" ".join(sentence["text"].split()[:4]), " ".join(text.split()))

    def test_local_gives_the_same_results(self):
        remote = self.cluster.summarize("--format", "json", *SAMPLE_FILES)
        local = sumq("summarize", "--local", "--format", "json", *SAMPLE_FILES)
        self.assertEqual(local.returncode, 0, local.stderr.decode())
        self.assertEqual(json_lines(remote), json_lines(local))

    def test_long_ids_come_back_byte_for_byte(self):
        # Long strings travel in members frames between the stages; what a
        # client gets must still be the bytes --local prints.
        lines = "".join(json.dumps({"id": "doc-" + "x" * (300 + n), "text": open(f, encoding="utf-8").read()}) + "\n"
                        for n, f in enumerate(SAMPLE_FILES))
        remote = self.cluster.summarize("--jsonl", "-", input=lines.encode())
        local = sumq("summarize", "--local", "--jsonl", "-", input=lines.encode())
        self.assertEqual(remote.returncode, 0, remote.stderr.decode())
        self.assertEqual(remote.stdout, local.stdout)
        self.assertEqual(len(remote.stdout.splitlines()), len(SAMPLE_FILES))

    def test_text_format_prints_sentences_then_keywords(self):
        r = self.cluster.summarize("--sentences", "2", SAMPLE_FILES[0])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        lines = r.stdout.decode().splitlines()
        self.assertEqual(len(lines), 3, lines)
        self.assertTrue(lines[2].startswith("Keywords: "))

    def test_stdin_and_length_options(self):
        with open(SAMPLE_FILES[0], "rb") as f:
            text = f.read()
        for args, check in ((["--sentences", "1"], lambda s: len(s) == 1),
                            (["--sentences", "4"], lambda s: len(s) == 4),
                            (["--words", "40"], lambda s: len(s) >= 1 and (
                                len(s) == 1 or sum(len(x["text"].split()) for x in s) <= 40)),
                            (["--ratio", "0.5"], lambda s: len(s) >= 2)):
            r = self.cluster.summarize("--format", "json", *args, "-", input=text)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            result = json_lines(r)[0]
            self.assertTrue(check(result["summary"]), (args, result["summary"]))

    def test_jsonl_batch_answers_every_line_in_order(self):
        with open(SAMPLE_FILES[1], encoding="utf-8") as f:
            good = f.read()
        lines = [
            doc_line("a", good),
            "this is not json",
            doc_line("empty", ""),
            doc_line("junk", ";;; ---"),
            doc_line("b", good, sentences=2, keywords=3),
            json.dumps({"id": "big", "text": "word " * 3000}),
            json.dumps({"id": 7, "text": "x"}),
            json.dumps({"id": "badopt", "text": good, "options": {"sentences": "many"}}),
            json.dumps({"id": "ver", "text": good}) + "   ",
        ]
        batch = ("\n".join(lines) + "\n").encode()
        r = self.cluster.summarize("--jsonl", "--max-doc", "10000", "-", input=batch)
        self.assertEqual(r.returncode, 1, "some documents failed: exit 1")
        out = json_lines(r)
        self.assertEqual(len(out), len(lines))
        codes = [x.get("error", {}).get("code") for x in out]
        self.assertEqual(codes, [None, "bad_json", "empty_document", "empty_document", None,
                                 "too_large", "bad_request", "bad_request", None])
        self.assertEqual(out[0]["id"], "a")
        self.assertEqual(len(out[4]["summary"]), 2)
        self.assertEqual(len(out[4]["keywords"]), 3)
        self.assertEqual(out[2]["id"], "empty")
        for x in out:
            if "error" in x:
                self.assertIn("message", x["error"])
                self.assertIn("id", x)

    def test_invalid_utf8_file_fails_alone(self):
        bad = os.path.join(self.cluster.dir, "bad.txt")
        with open(bad, "wb") as f:
            f.write(b"Caf\xe9 au lait is good. \xff\xfe Binary.\n")
        r = self.cluster.summarize("--format", "json", SAMPLE_FILES[0], bad, SAMPLE_FILES[1])
        self.assertEqual(r.returncode, 1)
        out = json_lines(r)
        self.assertEqual(len(out), 3)
        self.assertIn("summary", out[0])
        self.assertEqual(out[1]["error"]["code"], "invalid_utf8")
        self.assertEqual(out[1]["id"], bad)
        self.assertIn("summary", out[2])

    def test_missing_file_and_oversized_file(self):
        big = os.path.join(self.cluster.dir, "big.txt")
        with open(big, "w") as f:
            f.write("Words are here. " * 1000)
        r = self.cluster.summarize("--format", "json", "--max-doc", "2000",
                                   os.path.join(self.cluster.dir, "nope.txt"), big)
        self.assertEqual(r.returncode, 1)
        codes = [x["error"]["code"] for x in json_lines(r)]
        self.assertEqual(codes, ["io_error", "too_large"])

    def test_many_jobs_in_flight(self):
        with open(SAMPLE_FILES[0], encoding="utf-8") as f:
            text = f.read()
        n = 300
        batch = "".join(doc_line(f"d{i}", text) + "\n" for i in range(n)).encode()
        r = self.cluster.summarize("--jsonl", "--window", "64", "-", input=batch, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = json_lines(r)
        self.assertEqual([x["id"] for x in out], [f"d{i}" for i in range(n)])
        self.assertEqual(len({json.dumps(x["summary"]) for x in out}), 1, "same text, same summary")
        status = self.cluster.status()
        self.assertGreaterEqual(status["services"]["summarize"]["done"], n)

    def test_progress_on_a_terminal_only(self):
        import pty
        with open(SAMPLE_FILES[0], encoding="utf-8") as f:
            batch = "".join(doc_line(f"p{i}", f.read() if i == 0 else "Short text here. And more.") + "\n"
                            for i in range(20)).encode()
        master, slave = pty.openpty()
        try:
            proc = subprocess.run([program("sumq"), "summarize", "--broker", self.cluster.endpoint,
                                   "--jsonl", "-"], input=batch, stdout=subprocess.PIPE,
                                  stderr=slave, timeout=60)
            os.close(slave)
            slave = None
            seen = b""
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            if slave is not None:
                os.close(slave)
            os.close(master)
        self.assertEqual(proc.returncode, 0)
        self.assertIn(b"20 documents done", seen)
        quiet = self.cluster.summarize("--jsonl", "-", input=batch)
        self.assertNotIn(b"documents done", quiet.stderr, "no progress when stderr is not a terminal")

    def test_status_matches_schema(self):
        status = self.cluster.status()
        schema_validator("status").validate(status)
        for service in ("parse", "rank", "summarize"):
            self.assertEqual(status["services"][service]["workers"], 1)


class IdfModelTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="sumq-idf-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def test_build_a_model_and_use_it(self):
        folder = self.folder
        model = os.path.join(folder, "news.idf")
        r = sumq("idf", "build", SAMPLES, "-o", model, "--lang", "en")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        english = [f for f in SAMPLE_FILES if os.path.basename(f).startswith("en-")]
        with open(model, encoding="utf-8") as f:
            header = f.readline().split()
            self.assertEqual(header[:3], ["sumq-idf", "1", "en"])
            self.assertEqual(int(header[3]), len(english), "other languages are skipped")
            self.assertTrue(any(line.endswith("\tbridg\n") for line in f))
        r = sumq("summarize", "--local", "--idf", model, "--format", "json", english[0])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(json_lines(r)[0]["idf"], "model:news")
        self.assertEqual(sumq("idf", "build", folder + "/none", "-o", model).returncode, 1)
        self.assertEqual(sumq("idf", "build", SAMPLES).returncode, 2, "no -o")

    def test_import_word_counts_and_use_them(self):
        folder = self.folder
        counts = os.path.join(folder, "counts.txt")
        with open(counts, "w", encoding="utf-8") as f:
            f.write("och 5000\nkommer 900\nkommun 300\nmat\t120\nmaten 30\nskolmat 2\n")
        model = os.path.join(folder, "svtal.idf")
        r = sumq("idf", "import", counts, "-o", model, "--lang", "sv", "--name", "tal")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(model, encoding="utf-8") as f:
            header = f.readline().split()
            self.assertEqual(header[:3], ["sumq-idf", "1", "sv"])
            df = {stem: int(n) for n, stem in (line.rstrip("\n").split("\t") for line in f)}
        self.assertNotIn("och", df, "stopwords are left out")
        self.assertEqual(df["skolm"], 1, "the rarest stem (of skolmat) is in one document")
        self.assertGreater(df["mat"], df["skolm"])
        self.assertEqual(len(df), 4, "mat and maten are one stem")
        swedish = os.path.join(SAMPLES, "sv-skolmat.txt")
        r = sumq("summarize", "--local", "--idf", model, "--format", "json", swedish)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(json_lines(r)[0]["idf"], "model:svtal",
                         "a loaded model is named after its file")
        r = sumq("idf", "import", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"Usage: sumq idf import", r.stdout)
        self.assertEqual(sumq("idf", "import", counts, "-o", model).returncode, 2, "no --lang")
        self.assertEqual(sumq("idf", "import", counts, "--lang", "sv").returncode, 2, "no -o")
        self.assertEqual(sumq("idf", "import", counts, "-o", model, "--lang", "Swedish").returncode, 2)
        self.assertEqual(sumq("idf", "import", counts, "-o", model, "--lang", "sv", "-c", "0").returncode, 2)
        r = sumq("idf", "import", folder + "/none.txt", "-o", model, "--lang", "sv")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"none.txt", r.stderr)
        with open(counts, "a", encoding="utf-8") as f:
            f.write("broken line\n")
        r = sumq("idf", "import", counts, "-o", model, "--lang", "sv")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"counts.txt:7:", r.stderr)


class NoBrokerTest(unittest.TestCase):
    def test_summarize_without_broker_fails_clearly(self):
        started = time.monotonic()
        r = sumq("summarize", "--broker", "ipc:///tmp/sumq-no-such-broker.ipc", "--timeout", "0.5",
                 SAMPLE_FILES[0], timeout=20)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"no answer from the broker", r.stderr)
        # The document read is still answered, with the reason.
        self.assertIn(b"error: broker_unavailable", r.stdout)

    def test_status_without_broker(self):
        r = sumq("status", "--broker", "ipc:///tmp/sumq-no-such-broker.ipc", "--timeout", "0.3")
        self.assertEqual(r.returncode, 3)

    def test_sumq_broker_env_is_the_default(self):
        r = sumq("status", "--timeout", "0.3", env={"SUMQ_BROKER": "ipc:///tmp/sumq-env-test.ipc"})
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"ipc:///tmp/sumq-env-test.ipc", r.stderr)


class ProgramsTest(unittest.TestCase):
    PROGRAMS = ["sumq", "sumq-broker", "sumq-parser", "sumq-ranker", "sumq-summarizer"]

    def test_help_version_and_usage_errors(self):
        for name in self.PROGRAMS:
            r = run([program(name), "--help"])
            self.assertEqual(r.returncode, 0, name)
            self.assertIn(b"Usage", r.stdout, name)
            r = run([program(name), "--version"])
            self.assertEqual(r.returncode, 0, name)
            self.assertIn(b"0.", r.stdout, name)
            r = run([program(name), "--no-such-option"])
            self.assertEqual(r.returncode, 2, name)
        for command in ("summarize", "up", "status"):
            r = sumq(command, "--help")
            self.assertEqual(r.returncode, 0, command)
        self.assertEqual(sumq("summarize", "--sentences", "2", "--words", "9").returncode, 2)
        self.assertEqual(sumq("summarize", "--ratio", "7").returncode, 2)
        self.assertEqual(sumq("frobnicate").returncode, 2)


class ScalingAndFaultsTest(unittest.TestCase):
    def test_two_workers_per_stage_share_the_load(self):
        with Cluster(parsers=2, rankers=2, summarizers=2) as cluster:
            # ready means a worker per stage; under load the second one
            # may register after a short batch is already done
            self.assertTrue(wait_until(lambda: all(
                (cluster.status() or {}).get("services", {}).get(service, {}).get("workers") == 2
                for service in ("parse", "rank", "summarize")), timeout=15), cluster.logs())
            with open(SAMPLE_FILES[0], encoding="utf-8") as f:
                text = f.read()
            batch = "".join(doc_line(f"d{i}", text) + "\n" for i in range(100)).encode()
            r = cluster.summarize("--jsonl", "-", input=batch, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            self.assertEqual(len(json_lines(r)), 100)
            status = cluster.status()
            self.assertEqual(status["services"]["parse"]["workers"], 2)

    def test_workers_survive_a_broker_restart(self):
        with Cluster(broker_args=["--heartbeat", "200"],
                     worker_args=["--heartbeat", "200"]) as cluster:
            self.assertEqual(cluster.stop_process(cluster.broker), 0, "clean broker exit")
            cluster.start_broker()
            cluster.wait_ready(timeout=15)
            r = cluster.summarize("--format", "json", SAMPLE_FILES[0])
            self.assertEqual(r.returncode, 0, r.stderr.decode() + cluster.logs())

    def test_a_killed_worker_is_replaced_by_another(self):
        with Cluster(parsers=2, broker_args=["--heartbeat", "200"],
                     worker_args=["--heartbeat", "200"]) as cluster:
            parser = next(p for p in cluster.procs if "sumq-parser" in " ".join(p.args))
            parser.send_signal(signal.SIGKILL)
            parser.wait(timeout=5)
            gone = wait_until(lambda: (cluster.status() or {}).get("services", {})
                              .get("parse", {}).get("workers") == 1, timeout=10)
            self.assertTrue(gone, "broker noticed the dead worker")
            r = cluster.summarize("--format", "json", *SAMPLE_FILES)
            self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_clean_shutdown_on_sigterm(self):
        cluster = Cluster().start()
        try:
            codes = cluster.stop()
            self.assertEqual(sorted(set(codes.values())), [0], cluster.logs())
        finally:
            cluster.cleanup()


class PythonWorkerTest(unittest.TestCase):
    """A worker written from proto/PROTOCOL.md alone replaces the C ranker."""

    def test_python_ranker_in_the_pipeline(self):
        worker = [PYTHON, os.path.join(os.path.dirname(os.path.abspath(__file__)), "py_worker.py"),
                  "--check-schemas", SCHEMAS]
        with Cluster(rankers=0, worker_commands=[worker]) as cluster:
            r = cluster.summarize("--format", "json", *SAMPLE_FILES)
            self.assertEqual(r.returncode, 0, r.stderr.decode() + cluster.logs())
            results = json_lines(r)
            self.assertEqual(len(results), len(SAMPLE_FILES))
            validator = schema_validator("result")
            for result in results:
                validator.validate(result)
                self.assertEqual(result["idf"], "sentence")
                self.assertGreaterEqual(len(result["keywords"]), 1)
            # The Python worker validated every parsed document it got from
            # the C parser and every ranked document it sent (exit 4 if not).
            extra = [p for p in cluster.procs if p.args[0] == PYTHON][0]
            self.assertIsNone(extra.poll(), cluster.logs())


class UpTest(unittest.TestCase):
    def test_sumq_up_runs_restarts_and_stops(self):
        cluster = Cluster()
        try:
            up = cluster._spawn("up", [program("sumq"), "up", "--bind", cluster.endpoint,
                                       "--parsers", "2", "--heartbeat", "200", "--credit", "3"])
            cluster.wait_ready()
            # Ready means one worker per stage: the second parser may come later.
            status = {}

            def two_parsers():
                nonlocal status
                status = json.loads(sumq("status", "--broker", cluster.endpoint,
                                         "--format", "json").stdout)
                return status["services"]["parse"]["workers"] == 2
            self.assertTrue(wait_until(two_parsers, timeout=10), cluster.logs())
            self.assertEqual({w["credit"] for w in status["workers"]}, {3})
            r = cluster.summarize("--format", "json", *SAMPLE_FILES)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            children = subprocess.run(["pgrep", "-P", str(up.pid)], capture_output=True)
            pids = [int(p) for p in children.stdout.split()]
            self.assertEqual(len(pids), 5)
            os.kill(pids[-1], signal.SIGKILL)
            restarted = wait_until(lambda: len(subprocess.run(
                ["pgrep", "-P", str(up.pid)], capture_output=True).stdout.split()) == 5
                and pids[-1] not in [int(p) for p in subprocess.run(
                    ["pgrep", "-P", str(up.pid)], capture_output=True).stdout.split()], timeout=10)
            self.assertTrue(restarted, cluster.logs())
            self.assertEqual(cluster.stop_process(up), 0, cluster.logs())
            for pid in pids[:-1]:
                self.assertFalse(os.path.exists(f"/proc/{pid}"), "children stopped")
        finally:
            cluster.cleanup()


class DurableJobsTest(unittest.TestCase):
    """A broker with --store: submit now, fetch later, survive SIGKILL."""

    def store_cluster(self, **kwargs):
        cluster = Cluster(**kwargs)
        cluster.broker_args = ["--store", os.path.join(cluster.dir, "jobs.db"), "--heartbeat", "200"]
        cluster.worker_args = ["--heartbeat", "200"]
        self.addCleanup(cluster.cleanup)
        return cluster

    def test_submit_then_wait_across_a_broker_crash(self):
        cluster = self.store_cluster(parsers=0, rankers=0, summarizers=0)
        cluster.start(wait=False)
        r = cluster.summarize("--help")
        self.assertEqual(r.returncode, 0)
        r = sumq("submit", "--broker", cluster.endpoint, "--format", "json", "--timeout", "10", *SAMPLE_FILES)
        self.assertEqual(r.returncode, 0, r.stderr.decode() + cluster.logs())
        accepted = json_lines(r)
        self.assertEqual([a["id"] for a in accepted], SAMPLE_FILES)
        jobs = [a["job"] for a in accepted]
        self.assertEqual(len(set(jobs)), len(jobs))
        r = sumq("result", "--broker", cluster.endpoint, jobs[0], "no-such-job")
        self.assertEqual(r.returncode, 1)
        self.assertEqual([x["error"]["code"] for x in json_lines(r)], ["pending", "unknown_job"])
        # No worker ever saw them; the broker dies without a chance to save.
        cluster.stop_process(cluster.broker, signal.SIGKILL)
        cluster.start_broker()
        for kind in ("parser", "ranker", "summarizer"):
            cluster.start_worker(kind)
        r = sumq("wait", "--broker", cluster.endpoint, "--timeout", "20", *jobs, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode() + cluster.logs())
        waited = json_lines(r)
        local = json_lines(sumq("summarize", "--local", "--format", "json", *SAMPLE_FILES))
        self.assertEqual([x["summary"] for x in waited], [x["summary"] for x in local])
        r = sumq("result", "--broker", cluster.endpoint, "--format", "text", jobs[0])
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"Keywords:", r.stdout)

    def test_a_batch_survives_a_broker_sigkill(self):
        cluster = self.store_cluster()
        cluster.start()
        with open(SAMPLE_FILES[0], encoding="utf-8") as f:
            text = f.read()
        n = 400
        batch = "".join(doc_line(f"d{i}", text) + "\n" for i in range(n)).encode()
        out_path = os.path.join(cluster.dir, "out.jsonl")
        in_path = os.path.join(cluster.dir, "in.jsonl")
        err_path = os.path.join(cluster.dir, "client.log")
        with open(in_path, "wb") as f:
            f.write(batch)
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            client = subprocess.Popen([program("sumq"), "summarize", "--broker", cluster.endpoint,
                                       "--jsonl", "--window", "32", "--timeout", "30", in_path],
                                      stdout=out, stderr=err)
            # Kill the broker once some answers are out, then bring it back.
            self.assertTrue(wait_until(lambda: os.path.getsize(out_path) > 0, timeout=20))
            cluster.stop_process(cluster.broker, signal.SIGKILL)
            cluster.start_broker()
            rc = client.wait(timeout=120)
        with open(err_path, errors="replace") as f:
            self.assertEqual(rc, 0, f.read() + cluster.logs())
        with open(out_path, encoding="utf-8") as f:
            results = [json.loads(line) for line in f]
        self.assertEqual([x["id"] for x in results], [f"d{i}" for i in range(n)])
        self.assertEqual(len({json.dumps(x["summary"]) for x in results}), 1)


class RawProtocolTest(unittest.TestCase):
    """Speaks the wire protocol directly, as a program in another language would."""

    def test_client_messages_match_the_schemas(self):
        import zmq
        ctx = zmq.Context()
        router = ctx.socket(zmq.ROUTER)
        folder = tempfile.mkdtemp(prefix="sumq-raw-")
        endpoint = f"ipc://{folder}/fake.ipc"
        router.bind(endpoint)
        cli = subprocess.Popen([program("sumq"), "summarize", "--broker", endpoint, "--format", "json",
                                "--sentences", "2", "--timeout", "10", SAMPLE_FILES[0]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            frames = []
            while len(frames) != 5:
                # The client asks for the broker's status first (to know
                # its instance); this fake broker does not answer that.
                self.assertTrue(router.poll(10000), "the client sent its request")
                frames = router.recv_multipart()
                if len(frames) == 3:
                    self.assertEqual(frames[1:], [b"SQC1", b"STATUS"])
            identity, proto, command, job, body = frames
            self.assertEqual((proto, command), (b"SQC1", b"SUBMIT"))
            request = json.loads(body)
            schema_validator("request").validate(request)
            self.assertEqual(request["options"], {"sentences": 2})
            result = {"version": 1, "id": request["id"], "lang": "en",
                      "summary": [{"index": 0, "text": "Hello.", "score": 1.0}], "keywords": []}
            router.send_multipart([identity, b"SQC1", b"RESULT", job, b"ok",
                                   json.dumps(result).encode()])
            out, err = cli.communicate(timeout=10)
            self.assertEqual(cli.returncode, 0, err)
            self.assertEqual(json.loads(out), result)
        finally:
            cli.kill()
            cli.wait()
            router.close(0)
            ctx.term()

    def test_example_messages_match_the_schemas(self):
        folder = os.path.join(os.path.dirname(SCHEMAS), "examples")
        names = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json"))
        self.assertEqual(names, ["error", "parsed", "ranked", "request", "result", "status"])
        for name in names:
            with open(os.path.join(folder, name + ".json"), encoding="utf-8") as f:
                schema_validator(name).validate(json.load(f))

    def test_c_workers_stage_bodies_match_the_schemas(self):
        """Plays broker to the three C workers and checks every body they send."""
        import zmq
        folder = tempfile.mkdtemp(prefix="sumq-raw-")
        endpoint = f"ipc://{folder}/fake.ipc"
        ctx = zmq.Context()
        router = ctx.socket(zmq.ROUTER)
        router.bind(endpoint)
        procs = [subprocess.Popen([program(f"sumq-{kind}"), "--broker", endpoint],
                                  stderr=subprocess.DEVNULL) for kind in ("parser", "ranker", "summarizer")]
        try:
            workers = {}

            def next_message(command):
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    if router.poll(500):
                        frames = router.recv_multipart()
                        self.assertEqual(frames[1], b"SQW1")
                        if frames[2] == command:
                            return frames
                        self.assertIn(frames[2], (b"HEARTBEAT", b"READY"), frames[:3])
                        if frames[2] == b"READY":
                            workers[frames[3]] = frames[0]
                self.fail(f"no {command} from the workers")

            while len(workers) < 3:
                frames = next_message(b"READY")
                self.assertEqual(frames[4:], [b"16", b"members"], "the default credit, members frames")
                workers[frames[3]] = frames[0]
            self.assertEqual(sorted(workers), [b"parse", b"rank", b"summarize"])
            with open(SAMPLE_FILES[0], encoding="utf-8") as f:
                body = json.dumps({"version": 1, "id": "s", "text": f.read(),
                                   "options": {"keywords": 5}}).encode()
            for service, schema in ((b"parse", "parsed"), (b"rank", "ranked"), (b"summarize", "result")):
                router.send_multipart([workers[service], b"SQW1", b"JOB", b"42", body])
                reply = next_message(b"REPLY")
                self.assertEqual(reply[0], workers[service])
                self.assertEqual(reply[3:5], [b"42", b"ok"])
                schema_validator(schema).validate(json.loads(reply[5]))
                body = reply[5]
            self.assertEqual(len(json.loads(body)["keywords"]), 5)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                self.assertEqual(proc.wait(timeout=10), 0, "clean exit on SIGTERM")
            router.close(0)
            ctx.term()

    def test_workers_reply_per_the_schemas_and_survive_garbage(self):
        import zmq
        with Cluster() as cluster:
            ctx = zmq.Context()
            client = ctx.socket(zmq.DEALER)
            client.connect(cluster.endpoint)
            with open(SAMPLE_FILES[0], encoding="utf-8") as f:
                text = f.read()

            def submit(job, body):
                client.send_multipart([b"SQC1", b"SUBMIT", job, body])
                self.assertTrue(client.poll(10000), f"answer to {job}")
                return client.recv_multipart()

            garbage = [[b"SQC1"], [b"SQC1", b"SUBMIT"], [b"XXXX", b"hello"], [b"SQC1", b"NOPE", b"j"],
                       [b"SQW1", b"REPLY", b"1", b"ok", b"{}"], [b""], [b"SQC1", b"SUBMIT", b"j", b"a", b"b"]]
            for frames in garbage:
                client.send_multipart(frames)
            ok = submit(b"j1", json.dumps({"version": 1, "id": "x", "text": text}).encode())
            while ok[1] != b"RESULT" or ok[2] != b"j1":
                self.assertTrue(client.poll(10000))
                ok = client.recv_multipart()
            self.assertEqual(ok[3], b"ok", ok)
            schema_validator("result").validate(json.loads(ok[4]))
            cases = {b"v2": (json.dumps({"version": 2, "id": "x", "text": text}), "unsupported_version"),
                     b"nojson": ("{not json", "bad_request"),
                     b"notext": (json.dumps({"version": 1, "id": "x"}), "bad_request"),
                     b"nul": (json.dumps({"version": 1, "id": "x", "text": "a\u0000b"}), None)}
            for job, (body, code) in cases.items():
                reply = submit(job, body.encode())
                self.assertEqual(reply[:3], [b"SQC1", b"RESULT", job])
                self.assertEqual(reply[3], b"error", reply)
                error = json.loads(reply[4])
                schema_validator("error").validate(error)
                if code:
                    self.assertEqual(error["error"]["code"], code)
            status = cluster.status()
            self.assertIsNotNone(status, "the broker still answers")
            client.close(0)
            ctx.term()


@unittest.skipUnless(os.path.isdir(os.path.join(SHARED, "samples")),
                     "../shared/samples is not here (it is not part of the project)")
class SharedSamplesTest(unittest.TestCase):
    def test_every_shared_sample_gets_a_result(self):
        files = sorted(glob.glob(os.path.join(SHARED, "samples", "*.txt")))
        with Cluster() as cluster:
            r = cluster.summarize("--format", "json", *files)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            results = json_lines(r)
            self.assertEqual(len(results), len(files))
            local = sumq("summarize", "--local", "--format", "json", *files)
            self.assertEqual([x["summary"] for x in json_lines(local)],
                             [x["summary"] for x in results])
            by_name = {os.path.basename(x["id"]): x for x in results}
            swedish = by_name["004_7e5a3b85da258eff.txt"]
            self.assertEqual(swedish["lang"], "sv")
            terms = {k["term"] for k in swedish["keywords"]}
            self.assertFalse(terms & {"och", "att", "det", "som", "en", "också"}, terms)
            for x in results:
                text = " ".join(s["text"] for s in x["summary"])
                self.assertNotIn("By /Oct 21, 2025", text)
                self.assertNotIn("发表回复", text)


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="iso-8859-1"><title>Harbour ferry | Town Gazette</title>
<style>body { font-family: serif }</style>
<script>window.tracker = "PAGEVIEW-TRACKER";</script></head>
<body>
<header><a href="/">Town Gazette</a> <a href="/login">Sign in</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li><li>Weather</li></ul></nav>
<!-- advertisement slot: BannerAdvertisement -->
<main><article>
<header><h1>Electric ferry crosses the harbour</h1></header>
<p>The town&#39;s first electric ferry made its maiden crossing of the harbour on Monday,
carrying 120 passengers from the old quay to the caf&eacute; district of Öresund in eleven minutes.</p>
<p>The ferry charges its batteries at the quay while passengers board, so it never needs diesel
&amp; never stops for fuel.</p>
<p>Harbour officials said the electric ferry cuts the crossing&#8217;s emissions to almost nothing
and costs less to run than the diesel boats it replaces.</p>
<figure><img src="ferry.jpg" alt=""><figcaption>Photo: the ferry at the quay</figcaption></figure>
<p>Two more electric ferries are planned for the harbour next year, when the second quay has its charger.</p>
<footer>Share on social media</footer>
</article></main>
<aside><h2>Most read</h2><article>Council votes on parking fees</article></aside>
<footer>Copyright Town Gazette. <form><button>Subscribe to our newsletter</button></form></footer>
</body></html>
"""

#  Page furniture of HTML_PAGE that must reach neither summary nor keywords.
HTML_JUNK = ("PAGEVIEW", "Sign in", "Sport", "Weather", "BannerAdvertisement", "Photo:",
             "Share on", "parking", "Subscribe", "Copyright", "<", "&eacute;", "&amp;")


def lingua_stopwords():
    """Debian's Lingua::StopWords lists (what lib/stopwords is made from), by language."""
    script = ('use Lingua::StopWords qw(getStopWords); use JSON::PP; my %out; '
              'for my $l (qw(da de en es fi fr hu id it nl no pt ro ru sv)) '
              '{ $out{$l} = [keys %{getStopWords($l, "UTF-8")}] } '
              'binmode STDOUT, ":encoding(UTF-8)"; print JSON::PP->new->encode(\\%out);')
    r = subprocess.run(["perl", "-e", script], capture_output=True, check=True)
    return {lang: set(words) for lang, words in json.loads(r.stdout.decode()).items()}


class ModelsKeywordsHtmlTest(unittest.TestCase):
    """The default IDF models, content-word keywords and HTML input, through
    the broker and in-process alike."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster().start()
        cls.stopwords = lingua_stopwords()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def both(self, *args, input=None):
        """The JSON results of args through the broker and with --local, checked equal."""
        remote = self.cluster.summarize("--format", "json", *args, input=input)
        local = sumq("summarize", "--local", "--format", "json", *args, input=input)
        self.assertEqual(remote.returncode, 0, remote.stderr.decode() + self.cluster.logs())
        self.assertEqual(local.returncode, 0, local.stderr.decode())
        self.assertEqual(json_lines(remote), json_lines(local))
        return json_lines(remote)

    def test_default_models_in_workers_and_local(self):
        results = self.both(*SAMPLE_FILES)
        shipped = {os.path.basename(f)[:-4] for f in glob.glob(os.path.join(ROOT_MODELS, "*.idf"))}
        for result in results:
            expected = "model:" + result["lang"] if result["lang"] in shipped else "sentence"
            self.assertEqual(result["idf"], expected, result["id"])
        self.assertIn("model:en", [x["idf"] for x in results])
        # The folder comes from $SUMQ_MODEL_DIR when it is set: an empty
        # one means no model at all.
        import tempfile
        empty = tempfile.mkdtemp(prefix="sumq-models-")
        try:
            english = [f for f in SAMPLE_FILES if os.path.basename(f).startswith("en-")]
            r = sumq("summarize", "--local", "--format", "json", english[0], env={"SUMQ_MODEL_DIR": empty})
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            self.assertEqual(json_lines(r)[0]["idf"], "sentence")
        finally:
            os.rmdir(empty)

    def check_content_keywords(self, results):
        for result in results:
            words = self.stopwords.get(result["lang"], set())
            if result["lang"] == "en":
                words = words | {"said", "will"}      # in most documents of the English model
            self.assertGreaterEqual(len(result["keywords"]), 3, result["id"])
            for keyword in result["keywords"]:
                self.assertLessEqual(len(keyword["term"].split()), 3, keyword)
                for word in keyword["term"].split():
                    self.assertNotIn(word, words, f"{result['id']}: keyword \"{keyword['term']}\"")

    def test_keywords_are_content_words(self):
        self.check_content_keywords(self.both(*SAMPLE_FILES))

    @unittest.skipUnless(os.path.isdir(os.path.join(SHARED, "samples")),
                         "../shared/samples is not here (it is not part of the project)")
    def test_keywords_of_the_shared_samples(self):
        files = sorted(glob.glob(os.path.join(SHARED, "samples", "*.txt")))
        results = self.both(*files)
        self.assertEqual([x["lang"] for x in results], ["en", "en", "en", "en", "sv"])
        self.check_content_keywords(results)

    def test_html_page(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as f:
            f.write(HTML_PAGE)
        try:
            result = self.both("--html", "--sentences", "3", f.name)[0]
        finally:
            os.unlink(f.name)
        summary = " ".join(s["text"] for s in result["summary"])
        keywords = " ".join(k["term"] for k in result["keywords"])
        self.assertEqual(result["lang"], "en")
        self.assertEqual(len(result["summary"]), 3)
        self.assertIn("electric ferry", keywords)
        self.assertIn("caf\u00e9 district of \u00d6resund", summary)   # UTF-8 whatever <meta> says
        for junk in HTML_JUNK:
            self.assertNotIn(junk, summary)
            self.assertNotIn(junk.lower(), keywords)
        # The same page as plain text keeps its markup in the words.
        plain = self.both("-", input=HTML_PAGE.encode())[0]
        self.assertIn("eacute", " ".join(s["text"] for s in plain["summary"]) + " ".join(
            k["term"] for k in plain["keywords"]))

    def test_script_glued_to_text(self):
        # A flattened web copy: the page's player script ends the last paragraph.
        text = ("Electric ferry crosses the harbour\n\n"
                "The town's first electric ferry made its maiden crossing of the harbour on Monday.\n\n"
                "Harbour officials said the ferry cuts the crossing's emissions to almost nothing. "
                "window.pvp_7cce = new Pvp('dmpublic', {idDM: \"x3oe2gx\", mediaType: \"dm-public\"}, "
                "{ 'domNode': \"pvpContainer_7cce\", \"mute\": true, \"autoplay\": false\n")
        result = self.both("--sentences", "100", "-", input=text.encode())[0]
        summary = [s["text"] for s in result["summary"]]
        self.assertTrue(summary[-1].endswith("almost nothing."), summary)
        self.assertNotIn("window.", " ".join(summary))
        self.assertEqual(result["stats"]["dropped"], 1)

    def test_html_in_jsonl_and_bad_format(self):
        lines = "\n".join([doc_line("page", HTML_PAGE, format="html"),
                           doc_line("odd", "Some text. More text here.", format="pdf")]) + "\n"
        r = self.cluster.summarize("--jsonl", "-", input=lines.encode())
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        page, odd = json_lines(r)
        self.assertIn("electric ferry", " ".join(k["term"] for k in page["keywords"]))
        self.assertEqual(odd["error"]["code"], "bad_request")
        self.assertIn("options.format", odd["error"]["message"])

if __name__ == "__main__":
    unittest.main()
