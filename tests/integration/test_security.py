"""CURVE: with keys, the pipeline works; without the right ones, no one
gets in (proto/PROTOCOL.md, "Security"). Also `sumq keygen` and the
broker's warning for plain non-local endpoints."""
import glob
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster, SAMPLES, json_lines, program, sumq, wait_until  # noqa: E402

SAMPLE_FILES = sorted(glob.glob(os.path.join(SAMPLES, "*.txt")))
# How long a refused peer is watched for getting anything: a handshake on
# ipc:// takes milliseconds, so a peer that were let in would be answered
# well within this.
REFUSED_WAIT_S = 2


def cert_keys(path):
    """The Z85 keys of a czmq cert file: {"public-key": ..., "secret-key": ...}."""
    keys = {}
    with open(path) as f:
        for line in f:
            name, _, value = line.strip().partition(" = ")
            if name in ("public-key", "secret-key"):
                keys[name] = value.strip('"').encode()
    return keys


def keygen(path, role):
    r = sumq("keygen", "--role", role, path)
    if r.returncode != 0:
        raise AssertionError(r.stderr.decode())


class KeygenTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sumq-keygen-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_writes_a_pair_with_a_private_secret(self):
        path = os.path.join(self.dir, "w1")
        keygen(path, "worker")
        with open(path) as f:
            public = f.read()
        with open(path + "_secret") as f:
            secret = f.read()
        self.assertIn('role = "worker"', public)
        self.assertIn("public-key", public)
        self.assertNotIn("secret-key", public)
        self.assertIn("secret-key", secret)
        self.assertEqual(stat.S_IMODE(os.stat(path + "_secret").st_mode) & 0o077, 0)

    def test_never_overwrites_and_checks_its_arguments(self):
        path = os.path.join(self.dir, "c1")
        keygen(path, "client")
        with open(path) as f:
            before = f.read()
        r = sumq("keygen", path)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"not overwritten", r.stderr)
        with open(path) as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sumq("keygen", "--role", "admin", path + "x").returncode, 2)
        self.assertEqual(sumq("keygen").returncode, 2)
        self.assertEqual(sumq("keygen", "--help").returncode, 0)


class CurveClusterTest(unittest.TestCase):
    """One broker with CURVE and a worker of each kind, all with keys."""

    @classmethod
    def setUpClass(cls):
        keys = tempfile.mkdtemp(prefix="sumq-keys-")
        cls.keys = keys
        cls.allow = os.path.join(keys, "allow")
        os.mkdir(cls.allow)
        for name, role in (("broker", "broker"), ("worker", "worker"), ("client", "client"),
                           ("stranger", "client"), ("stranger-worker", "worker")):
            keygen(os.path.join(keys, name), role)
        # Only the public halves of the known peers go on the allow-list.
        for name in ("worker", "client"):
            with open(os.path.join(keys, name)) as src, \
                    open(os.path.join(cls.allow, name), "w") as dst:
                dst.write(src.read())
        cls.broker_key = os.path.join(keys, "broker")
        cls.cluster = Cluster(
            broker_args=["--curve-secret", os.path.join(keys, "broker_secret"),
                         "--curve-allow", cls.allow],
            worker_args=["--curve-cert", os.path.join(keys, "worker"),
                         "--curve-server-key", cls.broker_key])
        cls.cluster.start(wait=False)
        r = cls.client("client", "status", "--wait", 15, "--format", "json", timeout=30)
        if r.returncode != 0:
            logs = cls.cluster.logs()
            cls.cluster.cleanup()
            shutil.rmtree(keys, ignore_errors=True)
            if "no CURVE support" in logs:
                raise unittest.SkipTest("this libzmq was built without CURVE")
            raise AssertionError("CURVE cluster not ready: " + r.stderr.decode() + logs)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()
        shutil.rmtree(cls.keys, ignore_errors=True)

    @classmethod
    def client(cls, cert, *args, timeout=60, env=None):
        """Runs sumq with a cert (by name in the keys folder), or plain."""
        full_env = {}
        if cert:
            full_env = {"SUMQ_CURVE_CERT": os.path.join(cls.keys, cert),
                        "SUMQ_CURVE_SERVER_KEY": cls.broker_key}
        full_env.update(env or {})
        return sumq(args[0], "--broker", cls.cluster.endpoint, *args[1:],
                    timeout=timeout, env=full_env)

    def broker_log(self):
        with open(glob.glob(os.path.join(self.cluster.dir, "broker-*.log"))[0],
                  errors="replace") as f:
            return f.read()

    def services(self):
        r = self.client("client", "status", "--format", "json", "--timeout", 5)
        return json.loads(r.stdout)["services"] if r.returncode == 0 else None

    def raw_exchange(self, cert, messages, expected=None):
        """Sends messages from a DEALER with cert's keys (None: plain) and
        returns what came back within REFUSED_WAIT_S (or, with expected,
        as soon as that many messages came)."""
        import zmq
        ctx = zmq.Context()
        dealer = ctx.socket(zmq.DEALER)
        dealer.linger = 0
        if cert:
            own = cert_keys(os.path.join(self.keys, cert + "_secret"))
            dealer.curve_publickey = own["public-key"]
            dealer.curve_secretkey = own["secret-key"]
            dealer.curve_serverkey = cert_keys(self.broker_key)["public-key"]
        try:
            dealer.connect(self.cluster.endpoint)
            for frames in messages:
                dealer.send_multipart(frames)
            got = []
            deadline = time.monotonic() + REFUSED_WAIT_S
            while time.monotonic() < deadline and len(got) != expected:
                if dealer.poll(50):
                    got.append(dealer.recv_multipart())
            return got
        finally:
            dealer.close(0)
            ctx.term()

    def assertRefused(self, cert):
        """Neither SUBMIT nor STATUS from this peer gets any answer."""
        with open(SAMPLE_FILES[0], encoding="utf-8") as f:
            body = json.dumps({"version": 1, "id": "x", "text": f.read()}).encode()
        got = self.raw_exchange(cert, [[b"SQC1", b"SUBMIT", b"j1", body], [b"SQC1", b"STATUS"],
                                       [b"SQC1", b"FETCH", b"j1"]])
        self.assertEqual(got, [])
        # The same exchange with the client's key is answered: what was
        # refused was the key, not the messages.
        answered = self.raw_exchange("client", [[b"SQC1", b"STATUS"]], expected=1)
        self.assertEqual(answered[0][:2], [b"SQC1", b"STATUS"])

    def test_right_keys_summarize(self):
        r = self.client("client", "summarize", "--format", "json", *SAMPLE_FILES)
        self.assertEqual(r.returncode, 0, r.stderr.decode() + self.cluster.logs())
        self.assertEqual([x["id"] for x in json_lines(r)], SAMPLE_FILES)

    def test_the_server_key_may_be_given_as_text(self):
        with open(self.broker_key) as f:
            key = [line.split('"')[1] for line in f if "public-key" in line][0]
        r = self.client("client", "status", "--timeout", 5,
                        env={"SUMQ_CURVE_SERVER_KEY": key})
        self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_plain_client_gets_nothing(self):
        self.assertRefused(None)
        start = time.monotonic()
        r = self.client(None, "status", "--timeout", REFUSED_WAIT_S)
        self.assertEqual(r.returncode, 3)
        self.assertLess(time.monotonic() - start, REFUSED_WAIT_S + 5)

    def test_unknown_client_key_cannot_submit_or_ask(self):
        self.assertRefused("stranger")
        self.assertEqual(self.client("stranger", "status", "--timeout", REFUSED_WAIT_S).returncode, 3)

    def test_a_worker_key_cannot_submit(self):
        self.assertRefused("worker")
        self.assertIn("its certificate's role is 'worker'", self.broker_log())

    def test_wrong_server_key_gets_nothing(self):
        # The client trusts another key than the broker's: CURVE fails.
        r = self.client("client", "status", "--timeout", REFUSED_WAIT_S,
                        env={"SUMQ_CURVE_SERVER_KEY": os.path.join(self.keys, "stranger")})
        self.assertEqual(r.returncode, 3)

    def test_half_a_configuration_is_refused(self):
        r = self.client(None, "status", "--timeout", 1,
                        env={"SUMQ_CURVE_CERT": os.path.join(self.keys, "client")})
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"SUMQ_CURVE_SERVER_KEY", r.stderr)
        r = subprocess.run([program("sumq-broker"), "--bind", f"ipc://{self.keys}/half.ipc",
                            "--curve-allow", self.allow], capture_output=True, timeout=10)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(b"SUMQ_CURVE_SECRET", r.stderr)

    def test_unknown_or_client_keyed_workers_cannot_register(self):
        before = self.services()["parse"]["workers"]
        strangers = [
            self.cluster._spawn("stranger-parser", [
                program("sumq-parser"), "--broker", self.cluster.endpoint,
                "--curve-cert", os.path.join(self.keys, key), "--curve-server-key", self.broker_key])
            for key in ("stranger-worker", "client")]
        try:
            # The client-keyed one gets through the handshake and is
            # dropped by role: that is logged, and shows it has tried.
            tried = wait_until(lambda: "its certificate's role is 'client'" in self.broker_log(),
                               timeout=10)
            self.assertTrue(tried, self.cluster.logs())
            seen = wait_until(lambda: self.services()["parse"]["workers"] != before,
                              timeout=REFUSED_WAIT_S)
            self.assertFalse(seen, "a worker without an allowed worker key registered")
            for proc in strangers:
                self.assertIsNone(proc.poll(), "refused workers keep trying, they do not crash")
        finally:
            for proc in strangers:
                self.cluster.stop_process(proc)

    def test_sumq_up_passes_the_keys_on(self):
        env = {"SUMQ_CURVE_SECRET": os.path.join(self.keys, "broker_secret"),
               "SUMQ_CURVE_ALLOW": self.allow,
               "SUMQ_CURVE_CERT": os.path.join(self.keys, "worker"),
               "SUMQ_CURVE_SERVER_KEY": self.broker_key}
        endpoint = f"ipc://{self.keys}/up.ipc"
        log = open(os.path.join(self.keys, "up.log"), "wb")
        up = subprocess.Popen([program("sumq"), "up", "--bind", endpoint],
                              env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
        log.close()
        try:
            r = sumq("status", "--broker", endpoint, "--wait", 15, timeout=30,
                     env={"SUMQ_CURVE_CERT": os.path.join(self.keys, "client"),
                          "SUMQ_CURVE_SERVER_KEY": self.broker_key})
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            r = sumq("status", "--broker", endpoint, "--timeout", REFUSED_WAIT_S, timeout=30)
            self.assertEqual(r.returncode, 3, "a plain client is not let in")
        finally:
            os.killpg(up.pid, signal.SIGTERM)
            up.wait(timeout=15)


class PlainBindWarningTest(unittest.TestCase):
    def run_broker(self, endpoint, *args):
        proc = subprocess.Popen([program("sumq-broker"), "--bind", endpoint, *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            lines = []
            deadline = time.monotonic() + 10
            # The broker logs "started" once every endpoint is bound.
            while time.monotonic() < deadline:
                line = proc.stderr.readline().decode()
                lines.append(line)
                if "started" in line or not line:
                    break
            return "".join(lines)
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    def test_warns_for_a_wildcard_tcp_bind_only(self):
        log = self.run_broker("tcp://0.0.0.0:*")
        self.assertIn("without CURVE", log)
        log = self.run_broker("tcp://127.0.0.1:*")
        self.assertIn("started", log)
        self.assertNotIn("without CURVE", log)


if __name__ == "__main__":
    unittest.main()
