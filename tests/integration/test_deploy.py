"""Deployment and integration: the compose file, the Kubernetes examples,
the image recipe, the Python and Node.js clients against a live cluster,
and a multi-host run over real TCP between network namespaces."""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import (READY_TIMEOUT_S, ROOT, SAMPLES, Cluster, json_lines,  # noqa: E402
                     program, run, schema_validator, wait_until)

SAMPLE_FILES = sorted(glob.glob(os.path.join(SAMPLES, "*.txt")))
COMPOSE = os.path.join(ROOT, "docker-compose.yml")
K8S = os.path.join(ROOT, "deploy", "k8s")
NODE_DIR = os.path.join(ROOT, "clients", "node")
PYTHON_DIR = os.path.join(ROOT, "clients", "python")
WORKER_KINDS = ("parser", "ranker", "summarizer")
SERVICES = ("parse", "rank", "summarize")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def sample_documents(copies=1):
    """(id, text) pairs of the sample files, copies times over, ids d0, d1, ..."""
    return [(f"d{i}", read(path)) for i, path in enumerate(SAMPLE_FILES * copies)]


def python_client():
    """The module of clients/python, which is not on the path otherwise."""
    sys.path.insert(0, PYTHON_DIR)
    try:
        import sumq_client
    finally:
        sys.path.remove(PYTHON_DIR)
    return sumq_client


class FullBroker(Cluster):
    """A broker that holds one unfinished job at most, with no summarizer
    until release(): the job start() leaves in it stays, so every other
    request is answered busy until then, however fast the workers are."""

    def __init__(self):
        super().__init__(summarizers=0, broker_args=["--max-queue", "1"])

    def start(self):
        super().start(wait=False)
        try:
            with python_client().Client(self.endpoint, timeout=READY_TIMEOUT_S) as client:
                client.submit("This job fills the queue. It waits for a summarizer.", id="filler")
                # Closing the client before the broker has the job could drop it.
                if not self.wait_for_jobs(1):
                    raise AssertionError("the broker did not take the filler job\n" + self.logs())
        except BaseException:
            self.cleanup()
            raise
        return self

    def release(self):
        self.start_worker("summarizer")


class StalledCluster(Cluster):
    """A cluster whose jobs stop before their last stage (no summarizer
    until finish()), with heartbeats quick enough for workers to come
    back to a restarted broker in a second."""

    def __init__(self):
        super().__init__(summarizers=0, broker_args=["--heartbeat", "200"],
                         worker_args=["--heartbeat", "200"])

    def start(self):
        return super().start(wait=False)

    def restart_broker(self):
        """SIGKILLs the broker and starts a new one, which has none of its
        jobs (no store), then lets jobs finish."""
        self.stop_process(self.broker, signal.SIGKILL)
        self.start_broker()
        self.start_worker("summarizer")


def refused_busy(cluster):
    """The job ids the cluster's broker has answered busy, from its log."""
    (log,) = glob.glob(os.path.join(cluster.dir, "broker-*.log"))
    return set(re.findall(r"refused job (\S+) of client \S+: busy:", read(log)))


class ComposeTest(unittest.TestCase):
    def test_compose_file_is_valid_for_docker_compose(self):
        tool = shutil.which("docker-compose")
        if not tool:
            self.skipTest("docker-compose is not installed (Debian package docker-compose)")
        r = run([tool, "-f", COMPOSE, "config", "-q"], timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        # The resolved file, as docker-compose reads it, with a setting
        # from the environment applied.
        r = run([tool, "-f", COMPOSE, "config"], timeout=60, env={"SUMQ_PORT": "7411"})
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        import yaml
        config = yaml.safe_load(r.stdout)
        self.assertTrue(config["version"].startswith("3."))
        services = config["services"]
        self.assertEqual(sorted(services), ["broker", "parser", "ranker", "summarizer"])
        for name, service in services.items():
            self.assertEqual(service["restart"], "unless-stopped", name)
            self.assertIn("healthcheck", service, name)
            self.assertIn(f"sumq-{name}", service["command"][0])
            if name != "broker":
                self.assertEqual(service["environment"]["SUMQ_BROKER"], "tcp://broker:7400")
                # Scalable: a worker publishes no port and has no fixed name.
                self.assertNotIn("ports", service, name)
                self.assertNotIn("container_name", service, name)
        self.assertIn("127.0.0.1:7411:7400/tcp", services["broker"]["ports"])
        self.assertTrue(any(v.endswith(":/var/lib/sumq:rw") for v in services["broker"]["volumes"]))


class KubernetesTest(unittest.TestCase):
    def test_manifests_parse_and_fit_together(self):
        import yaml
        documents = []
        for path in sorted(glob.glob(os.path.join(K8S, "*.yaml"))):
            documents += [d for d in yaml.safe_load_all(read(path)) if d]
        kinds = {}
        for doc in documents:
            kinds.setdefault(doc["kind"], []).append(doc)
        deployments = {d["metadata"]["name"]: d for d in kinds["Deployment"]}
        self.assertEqual(sorted(deployments), ["sumq-broker", "sumq-parser", "sumq-ranker",
                                               "sumq-summarizer"])
        (service,) = kinds["Service"]
        broker_pod = deployments["sumq-broker"]["spec"]["template"]
        self.assertLessEqual(service["spec"]["selector"].items(), broker_pod["metadata"]["labels"].items())
        for name, deployment in deployments.items():
            spec = deployment["spec"]
            labels = spec["template"]["metadata"]["labels"]
            self.assertLessEqual(spec["selector"]["matchLabels"].items(), labels.items(), name)
            (container,) = spec["template"]["spec"]["containers"]
            self.assertEqual(container["command"][0], name)
            self.assertTrue(spec["template"]["spec"]["securityContext"]["runAsNonRoot"])
            if name != "sumq-broker":
                self.assertGreaterEqual(spec["replicas"], 2, name)
                env = {e["name"]: e["value"] for e in container["env"]}
                self.assertEqual(env["SUMQ_BROKER"], f"tcp://{service['metadata']['name']}:7400")
        self.assertEqual(deployments["sumq-broker"]["spec"]["replicas"], 1)
        kustomization = yaml.safe_load(read(os.path.join(K8S, "kustomization.yaml")))
        self.assertEqual(sorted(kustomization["resources"]), ["broker.yaml", "workers.yaml"])

    def test_yamllint_and_kustomize(self):
        ran = []
        if shutil.which("yamllint"):
            r = run(["yamllint", "-c", os.path.join(ROOT, "deploy", "yamllint.yml"), K8S, COMPOSE])
            self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
            ran.append("yamllint")
        if shutil.which("kubectl"):
            # Builds the kustomization offline (no cluster needed).
            r = run(["kubectl", "kustomize", K8S], timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            self.assertEqual(r.stdout.decode().count("\nkind: Deployment"), 4)
            ran.append("kubectl")
        if not ran:
            self.skipTest("neither yamllint nor kubectl is installed")


class DockerfileTest(unittest.TestCase):
    def test_image_recipe(self):
        text = read(os.path.join(ROOT, "Dockerfile"))
        stages = [line.split()[1] for line in text.splitlines() if line.startswith("FROM ")]
        self.assertEqual(stages, ["debian:12-slim", "debian:12-slim"])
        self.assertIn("COPY --from=build /src/bin/", text)
        users = [line for line in text.splitlines() if line.startswith("USER ")]
        self.assertTrue(users and users[-1].split()[1] not in ("root", "0", "0:0"))
        self.assertIn("HEALTHCHECK", text)

    def test_runtime_stage_installs_every_library_the_programs_need(self):
        # The Debian package of each library our programs link directly
        # (ELF NEEDED, resolved by ldd, owner from dpkg) must be installed
        # by the runtime stage, unless the base image has it already.
        if not shutil.which("dpkg") or not shutil.which("readelf"):
            self.skipTest("needs dpkg and readelf (binutils) to map libraries to packages")
        runtime = read(os.path.join(ROOT, "Dockerfile")).split("FROM debian:12-slim\n", 1)[1]
        in_base_image = {"libc6", "libgcc-s1", "libstdc++6"}
        libraries = set()
        for binary in glob.glob(os.path.join(program("sumq*"))):
            needed = re.findall(r"\(NEEDED\).*\[(.+)\]", run(["readelf", "-d", binary]).stdout.decode())
            paths = dict(re.findall(r"^\s*(\S+) => (\S+)", run(["ldd", binary]).stdout.decode(), re.M))
            libraries |= {os.path.realpath(paths[library]) for library in needed}
        self.assertGreater(len(libraries), 5)
        owners = run(["dpkg", "-S", *sorted(libraries)]).stdout.decode()
        for line in owners.splitlines():
            package, library = line.split(": ", 1)
            package = package.split(":")[0]            # drop the architecture
            if re.match(r"lib(a|ub|t|l)san", package):
                continue                                # make check-asan's build
            self.assertTrue(package in in_base_image or re.search(rf"\s{re.escape(package)}\s", runtime),
                            f"the programs need {library} from {package}, "
                            "which the Dockerfile's runtime stage does not install")


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sumq_client = python_client()
        cls.cluster = Cluster().start()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def test_summarize_gives_what_the_cli_gives(self):
        with open(SAMPLE_FILES[0], encoding="utf-8") as f:
            text = f.read()
        with self.sumq_client.Client(self.cluster.endpoint, timeout=20) as client:
            result = client.summarize(text, id=SAMPLE_FILES[0], sentences=2, keywords=5)
        schema_validator("result").validate(result)
        r = self.cluster.summarize("--format", "json", "--sentences", "2", "--keywords", "5",
                                   SAMPLE_FILES[0])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(result, json_lines(r)[0])

    def test_many_in_order_with_a_failure_and_status(self):
        documents = sample_documents(5)
        documents.insert(3, ("empty", "   "))
        with self.sumq_client.Client(self.cluster.endpoint, timeout=20) as client:
            results = list(client.summarize_many(documents, window=8, sentences=1))
            status = client.status()
        self.assertEqual(len(results), len(documents))
        self.assertIsInstance(results[3], self.sumq_client.SumqError)
        self.assertEqual(results[3].code, "empty_document")
        ok = [r for r in results if not isinstance(r, Exception)]
        self.assertEqual([r["id"] for r in ok], [d[0] for d in documents if d[0] != "empty"])
        self.assertTrue(all(len(r["summary"]) == 1 for r in ok))
        schema_validator("status").validate(status)

    def test_status_keeps_the_replies_that_come_before_it(self):
        with self.sumq_client.Client(self.cluster.endpoint, timeout=20) as client:
            job = client.submit(read(SAMPLE_FILES[0]), id="early", sentences=1)
            # The reply is waiting on the socket ahead of the STATUS answer.
            self.assertTrue(client._socket.poll(20000))
            status = client.status()
            schema_validator("status").validate(status)
            got, ok, body = client.recv(timeout=5)
            self.assertEqual((got, ok, body["id"]), (job, True, "early"))

    def test_documents_out_are_sent_again_after_a_broker_restart(self):
        documents = sample_documents()
        outcome = []
        with StalledCluster() as cluster:
            def summarize():
                with self.sumq_client.Client(cluster.endpoint, timeout=60) as client:
                    try:
                        outcome.extend(client.summarize_many(documents, sentences=1))
                    except self.sumq_client.SumqError as e:
                        outcome.append(e)
            thread = threading.Thread(target=summarize, daemon=True)
            thread.start()
            self.assertTrue(cluster.wait_for_jobs(len(documents)), cluster.logs())
            cluster.restart_broker()
            # Well within the client's timeout: it resent, it did not wait it out.
            thread.join(30)
            self.assertFalse(thread.is_alive(), cluster.logs())
        self.assertEqual([r for r in outcome if isinstance(r, self.sumq_client.SumqError)], [])
        self.assertEqual([r["id"] for r in outcome], [d[0] for d in documents])

    def test_a_restart_that_status_sees_still_sends_the_documents_again(self):
        documents = sample_documents()
        with StalledCluster() as cluster:
            with self.sumq_client.Client(cluster.endpoint, timeout=10) as client:
                client.status()     # the first instance, known before any document

                def documents_then_restart():
                    yield from documents
                    # Every document is out when the broker loses them; its
                    # new instance is read by status() here, not by
                    # summarize_many. Twice: an answer to a ping of the old
                    # instance may come first.
                    self.assertTrue(cluster.wait_for_jobs(len(documents)), cluster.logs())
                    cluster.restart_broker()
                    client.status(timeout=10)
                    client.status(timeout=10)
                outcome = list(client.summarize_many(documents_then_restart(), sentences=1))
        self.assertEqual([r["id"] for r in outcome], [d[0] for d in documents])

    def test_no_broker(self):
        directory = tempfile.mkdtemp(prefix="sumq-test-")
        try:
            with self.sumq_client.Client(f"ipc://{directory}/none.ipc", timeout=0.3) as client:
                with self.assertRaises(self.sumq_client.SumqError) as caught:
                    client.summarize("Some text here.")
            self.assertEqual(caught.exception.code, "broker_unavailable")
        finally:
            shutil.rmtree(directory)

    def test_many_through_a_tiny_queue(self):
        documents = sample_documents(4)
        with Cluster(broker_args=["--max-queue", "2"]) as cluster:
            with self.sumq_client.Client(cluster.endpoint, timeout=20) as client:
                results = list(client.summarize_many(documents, window=len(documents), sentences=1))
            refused = refused_busy(cluster)
            with self.sumq_client.Client(cluster.endpoint, timeout=20, retry_busy=False) as client:
                unretried = list(client.summarize_many(documents, window=len(documents), sentences=1))
        self.assertEqual([r["id"] for r in results], [d[0] for d in documents])
        self.assertTrue(all(len(r["summary"]) == 1 for r in results))
        self.assertTrue(refused, "the queue was never full: nothing was retried")
        self.assertEqual(len(unretried), len(documents))
        busy = [i for i, r in enumerate(unretried) if isinstance(r, self.sumq_client.SumqError)]
        self.assertTrue(busy, "without retries, a full queue fails documents")
        self.assertEqual({unretried[i].code for i in busy}, {"busy"})
        # the broker's own errors carry no id: the client puts the document's in
        self.assertEqual([unretried[i].id for i in busy], [documents[i][0] for i in busy])
        self.assertEqual([r["id"] for i, r in enumerate(unretried) if i not in busy],
                         [d[0] for i, d in enumerate(documents) if i not in busy])

    def test_summarize_waits_for_room_until_its_timeout(self):
        text = read(SAMPLE_FILES[0])
        SumqError = self.sumq_client.SumqError
        with FullBroker() as cluster:
            # Busy at once without retries; with them, once the timeout is up.
            for timeout, retry_busy in ((20, False), (0.3, True)):
                with self.sumq_client.Client(cluster.endpoint, timeout=timeout,
                                             retry_busy=retry_busy) as client:
                    with self.assertRaises(SumqError) as caught:
                        client.summarize(text)
                    self.assertEqual(caught.exception.code, "busy", (timeout, retry_busy))
                    self.assertEqual(caught.exception.id, "doc")
            # summarize() blocks, and room must be made while it retries.
            refused_before = refused_busy(cluster)
            outcome = []
            def summarize():
                with self.sumq_client.Client(cluster.endpoint, timeout=20) as client:
                    try:
                        outcome.append(client.summarize(text, id="waiting", sentences=2))
                    except SumqError as e:
                        outcome.append(e)
            thread = threading.Thread(target=summarize, daemon=True)
            thread.start()
            self.assertTrue(wait_until(lambda: refused_busy(cluster) - refused_before, 10), cluster.logs())
            cluster.release()
            thread.join(30)
        self.assertFalse(thread.is_alive())
        (result,) = outcome
        self.assertNotIsInstance(result, SumqError)
        schema_validator("result").validate(result)
        self.assertEqual((result["id"], len(result["summary"])), ("waiting", 2))


NODE_SCRIPT = r"""
const { Client, SumqError } = require(process.argv[1]);
const fs = require('fs');
(async () => {
  const client = new Client(process.argv[2], { timeout: 20000 });
  const text = fs.readFileSync(process.argv[3], 'utf8');
  const [result, failed] = await Promise.allSettled([
    client.summarize(text, { sentences: 2, keywords: 5 }, process.argv[3]),
    client.summarize('   ', {}, 'empty'),
  ]);
  const status = await client.status();
  client.close();
  console.log(JSON.stringify({
    result: result.value,
    error: failed.reason instanceof SumqError ? failed.reason.code : String(failed.reason),
    status,
  }));
})().catch((err) => { console.error(err); process.exit(1); });
"""


# Summarizes the files given all at once, with retryBusy as given; prints
# each one's result id or error code, in order.
NODE_BUSY_SCRIPT = r"""
const { Client } = require(process.argv[1]);
const fs = require('fs');
(async () => {
  const [endpoint, retryBusy, ...files] = process.argv.slice(2);
  const client = new Client(endpoint, { timeout: 20000, retryBusy: retryBusy === 'true' });
  const settled = await Promise.allSettled(files.map((file, i) =>
    client.summarize(fs.readFileSync(file, 'utf8'), { sentences: 1 }, `d${i}`)));
  client.close();
  console.log(JSON.stringify(settled.map((s) => (s.value ? s.value.id : `${s.reason.code} ${s.reason.id}`))));
})().catch((err) => { console.error(err); process.exit(1); });
"""
NODE_ENV = {"NODE_PATH": os.path.join(NODE_DIR, "node_modules")}


def node_command(script, *args):
    return ["node", "-e", script, os.path.join(NODE_DIR, "sumq.js"), *args]


class NodeClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("node") or not shutil.which("npm"):
            raise unittest.SkipTest("node or npm is not available: the Node.js client is not tested")
        # The zeromq package is built once per machine (clients/node/install.sh).
        r = run([os.path.join(NODE_DIR, "install.sh")], timeout=600)
        if r.returncode != 0:
            raise unittest.SkipTest("the zeromq npm package could not be installed here: "
                                    + r.stderr.decode(errors="replace")[-500:])

    def test_node_client_against_a_live_cluster(self):
        with Cluster() as cluster:
            r = run(node_command(NODE_SCRIPT, cluster.endpoint, SAMPLE_FILES[0]), timeout=60,
                    env=NODE_ENV)
            self.assertEqual(r.returncode, 0, r.stderr.decode() + cluster.logs())
            out = json.loads(r.stdout)
            c = cluster.summarize("--format", "json", "--sentences", "2", "--keywords", "5",
                                  SAMPLE_FILES[0])
        self.assertEqual(out["result"], json_lines(c)[0])
        self.assertEqual(out["error"], "empty_document")
        schema_validator("status").validate(out["status"])

    def test_node_client_resends_after_a_broker_restart(self):
        files = SAMPLE_FILES
        with StalledCluster() as cluster:
            client = subprocess.Popen(node_command(NODE_BUSY_SCRIPT, cluster.endpoint, "true", *files),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      env={**os.environ, **NODE_ENV})
            self.addCleanup(client.wait)
            self.addCleanup(client.kill)
            self.assertTrue(cluster.wait_for_jobs(len(files)), cluster.logs())
            cluster.restart_broker()
            # Its timeout is 20 s: done sooner, it resent rather than waited.
            out, err = client.communicate(timeout=15)
            self.assertEqual(client.returncode, 0, err.decode() + cluster.logs())
        self.assertEqual(json.loads(out), [f"d{i}" for i in range(len(files))])

    def test_node_client_retries_busy(self):
        files = SAMPLE_FILES * 3
        ids = [f"d{i}" for i in range(len(files))]
        with FullBroker() as cluster:
            r = run(node_command(NODE_BUSY_SCRIPT, cluster.endpoint, "false", *files), timeout=60,
                    env=NODE_ENV)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            self.assertEqual(json.loads(r.stdout), [f"busy {i}" for i in ids])

            client = subprocess.Popen(node_command(NODE_BUSY_SCRIPT, cluster.endpoint, "true", *files),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      env={**os.environ, **NODE_ENV})
            self.addCleanup(client.wait)
            self.addCleanup(client.kill)
            # Its job ids start with js<pid>-: each document was refused
            # before the queue had room for any.
            def every_document_refused():
                return len({job for job in refused_busy(cluster)
                            if job.startswith(f"js{client.pid}-")}) == len(files)
            self.assertTrue(wait_until(every_document_refused, 10), cluster.logs())
            cluster.release()
            out, err = client.communicate(timeout=60)
            self.assertEqual(client.returncode, 0, err.decode() + cluster.logs())
        self.assertEqual(json.loads(out), ids)


# --------------------------------------------------------------------------
# Several hosts: network namespaces joined by veth links

HEARTBEAT_MS = 300
LIVENESS = 5            # a lost host's workers expire after 1.5 s
PORT = 7400


def ip(*args, check=True):
    r = subprocess.run(["ip", *args], capture_output=True, timeout=10)
    if check and r.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {r.stderr.decode().strip()}")
    return r


class Hosts:
    """A broker host and worker hosts, each a network namespace, each
    worker host on its own veth link (10.231.N.0/24) to the broker host.
    Every name carries our pid, so parallel runs do not clash; remove()
    deletes every namespace (and with it every link) whatever happened."""

    def __init__(self, worker_hosts):
        tag = f"{os.getpid() % 100000}"
        self.broker_ns = f"sumq{tag}b"
        self.hosts = []         # (namespace, broker-side link, broker address, own address)
        self.created = []
        try:
            self._add_namespace(self.broker_ns)
            for n in range(1, worker_hosts + 1):
                ns = f"sumq{tag}h{n}"
                self._add_namespace(ns)
                near, far = f"sq{tag}b{n}", f"sq{tag}h{n}"
                ip("link", "add", near, "type", "veth", "peer", "name", far)
                ip("link", "set", near, "netns", self.broker_ns)
                ip("link", "set", far, "netns", ns)
                broker_addr, host_addr = f"10.231.{n}.1", f"10.231.{n}.2"
                self.exec_ip(self.broker_ns, "addr", "add", f"{broker_addr}/24", "dev", near)
                self.exec_ip(ns, "addr", "add", f"{host_addr}/24", "dev", far)
                self.exec_ip(self.broker_ns, "link", "set", near, "up")
                self.exec_ip(ns, "link", "set", far, "up")
                self.hosts.append((ns, near, broker_addr, host_addr))
        except Exception:
            self.remove()
            raise

    def _add_namespace(self, ns):
        ip("netns", "add", ns)
        self.created.append(ns)
        self.exec_ip(ns, "link", "set", "lo", "up")

    @staticmethod
    def exec_ip(ns, *args):
        return ip("netns", "exec", ns, "ip", *args)

    def remove(self):
        for ns in reversed(self.created):
            ip("netns", "del", ns, check=False)
        self.created = []


class NamespaceCluster(Cluster):
    """The broker in one namespace, one worker of each kind in each other."""

    def __init__(self, hosts):
        super().__init__(parsers=0, rankers=0, summarizers=0)
        self.hosts = hosts
        self.endpoint = f"tcp://127.0.0.1:{PORT}"      # inside the broker's namespace

    def in_ns(self, ns, args):
        return ["ip", "netns", "exec", ns] + args

    def start(self, wait=True):
        binds = []
        for _, _, broker_addr, _ in self.hosts.hosts:
            binds += ["--bind", f"tcp://{broker_addr}:{PORT}"]
        self._spawn("broker", self.in_ns(self.hosts.broker_ns, [
            program("sumq-broker"), "--bind", self.endpoint, *binds,
            "--heartbeat", str(HEARTBEAT_MS), "--liveness", str(LIVENESS)]))
        for ns, _, broker_addr, _ in self.hosts.hosts:
            for kind in WORKER_KINDS:
                self._spawn(f"{kind}-{ns}", self.in_ns(ns, [
                    program(f"sumq-{kind}"), "--broker", f"tcp://{broker_addr}:{PORT}",
                    "--heartbeat", str(HEARTBEAT_MS), "--liveness", str(LIVENESS)]))
        return self

    def sumq(self, *args, timeout=60):
        return run(self.in_ns(self.hosts.broker_ns, [program("sumq"), *args,
                                                     "--broker", self.endpoint]), timeout=timeout)

    def status(self, timeout=5):
        r = self.sumq("status", "--format", "json", "--timeout", str(timeout))
        return json.loads(r.stdout) if r.returncode == 0 else None

    def jobs_by_host(self, status):
        """{worker host address: {service: jobs}} from the status body."""
        hosts = {}
        for worker in status["workers"]:
            per = hosts.setdefault(worker["address"], {})
            per[worker["service"]] = per.get(worker["service"], 0) + worker["jobs"]
        return hosts


def batch_file(directory, name, count):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps({"id": f"{name}-{i}", "text": read(SAMPLE_FILES[i % len(SAMPLE_FILES)]),
                                "options": {"sentences": 2}}) + "\n")
    return path


class MultiHostTest(unittest.TestCase):
    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to create network namespaces (run make check as root)")
        if not shutil.which("ip"):
            self.skipTest("the ip command (Debian package iproute2) is not installed")
        try:
            self.hosts = Hosts(worker_hosts=2)
        except (RuntimeError, OSError) as e:
            self.skipTest(f"cannot create network namespaces here: {e}")
        self.addCleanup(self.hosts.remove)
        self.cluster = NamespaceCluster(self.hosts)
        self.addCleanup(self.cluster.cleanup)

    def test_jobs_finish_on_the_remaining_host_when_a_link_dies(self):
        cluster = self.cluster.start()
        (ns1, link1, _, addr1), (_, _, _, addr2) = self.hosts.hosts
        def every_worker_registered():
            status = cluster.status()
            return status and len(status["workers"]) == 2 * len(WORKER_KINDS)
        self.assertTrue(wait_until(every_worker_registered, 15, interval=0.1), cluster.logs())

        # A batch over real TCP: both worker hosts take part.
        first = cluster.sumq("summarize", "--jsonl", batch_file(cluster.dir, "first", 60))
        self.assertEqual(first.returncode, 0, first.stderr.decode() + cluster.logs())
        self.assertTrue(all("summary" in x for x in json_lines(first)))
        before = cluster.jobs_by_host(cluster.status())
        self.assertEqual(sorted(before), [addr1, addr2])
        for host in (addr1, addr2):
            self.assertGreater(sum(before[host].values()), 0, before)

        # The link to host 1 goes down; the next batch starts before the
        # broker can notice, so it hands jobs to host 1's workers, loses
        # them with the host and runs them again on host 2.
        self.hosts.exec_ip(self.hosts.broker_ns, "link", "set", link1, "down")
        started = time.monotonic()
        second = cluster.sumq("summarize", "--jsonl", batch_file(cluster.dir, "second", 60))
        elapsed = time.monotonic() - started
        self.assertEqual(second.returncode, 0, second.stderr.decode() + cluster.logs())
        results = json_lines(second)
        self.assertEqual([r["id"] for r in results], [f"second-{i}" for i in range(60)])
        self.assertTrue(all("summary" in r for r in results), results)

        status = cluster.status()
        after = cluster.jobs_by_host(status)
        self.assertEqual(sorted(after), [addr2], "host 1's workers are gone")
        for service in SERVICES:
            self.assertEqual(after[addr2][service] - before[addr2][service], 60, (before, after))
        self.assertIn("requeued", cluster.logs(), "jobs in flight on host 1 ran again")
        # Expiry (1.5 s) plus the work: the batch is not stuck on the dead host.
        self.assertLess(elapsed, 15)
        sys.stderr.write(f"[multi-host: second batch of 60 finished in {elapsed:.2f} s "
                         f"after the link went down] ")


if __name__ == "__main__":
    unittest.main()
