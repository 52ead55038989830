"""tools/eval.py (`make eval`): the real CLI summarizes a set, a scorer
scores it, and the paired comparison with lead says how sure a difference is."""
import importlib.util
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import BIN, PYTHON, SHARED, run  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVAL = os.path.join(ROOT, "tools", "eval.py")
BBC = os.path.join(SHARED, "eval", "bbc-news-summary")
SHARED_ROUGE = os.path.join(SHARED, "eval", "rouge.py")
# eval.py runs everything by absolute path; an empty PATH keeps the ots peer
# row (slow, and only there when ots is installed) out of these runs.
NO_OTS_PATH = tempfile.gettempdir() + "/sumq-eval-test-no-such-dir"

spec = importlib.util.spec_from_file_location("sumq_eval", EVAL)
sumq_eval = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sumq_eval)

# A stand-in scorer with rouge.py's interface (--refs, --sys, --ids, --per-doc;
# last stdout line JSON in percent): unigram F over lower-cased words, so the
# test does not need ../shared.
UNIGRAM_SCORER = r'''
import argparse, json, os, re
p = argparse.ArgumentParser()
p.add_argument("--refs"); p.add_argument("--sys"); p.add_argument("--ids")
p.add_argument("--per-doc"); p.add_argument("--unicode", action="store_true")
a = p.parse_args()
words = lambda path: re.findall(r"\w+", open(path).read().lower()) if os.path.exists(path) else []
rows, total = [], 0.0
for id in open(a.ids).read().split():
    ref, out = words(os.path.join(a.refs, id + ".txt")), words(os.path.join(a.sys, id + ".txt"))
    common = sum(min(ref.count(w), out.count(w)) for w in set(ref))
    f = 2 * common / (len(ref) + len(out)) if ref and out else 0.0
    rows.append(f"{id}\t{f:.5f}")
    total += f
if a.per_doc:
    open(a.per_doc, "w").write("id\trouge1_f\n" + "".join(r + "\n" for r in rows))
mean = 100 * total / len(rows)
print(json.dumps({"rouge1_f": mean, "rouge2_f": mean, "rougeL_f": mean}))
'''

# Each document's first sentence is its reference: lead is perfect at one
# sentence, so no algorithm can beat it on any document.
DOCUMENTS = [
    ("The harbour bridge will close for repairs next spring.",
     "Engineers found rust in the cables. Traffic will move to the ferry. "
     "The city council voted for the work on Monday. Repairs will take four months."),
    ("A new library opened in the old railway station.",
     "It holds forty thousand books. Children can borrow tablets. "
     "The station closed in 1990. Volunteers painted the walls."),
    ("Farmers expect a record apple harvest this year.",
     "Warm weather helped the orchards. Prices may fall. "
     "Exports to Asia grew last year. Pickers are hard to find."),
    ("The museum will show paintings by local students.",
     "The exhibition opens on Friday. Entry is free. "
     "Teachers chose the works. The mayor will speak at the opening."),
    ("Heavy snow closed the mountain pass overnight.",
     "Drivers were told to wait. Ploughs worked until dawn. "
     "The pass reopened at noon. More snow is expected tomorrow."),
    ("The football club signed a young striker from Brazil.",
     "He is nineteen years old. He scored twenty goals last season. "
     "Fans greeted him at the airport. His first match is on Sunday."),
]


class PairedStatisticsTest(unittest.TestCase):
    def test_identical_runs_tie_everywhere(self):
        scores = {"a": 0.5, "b": 0.25, "c": 0.75}
        c = sumq_eval.paired(scores, dict(scores))
        self.assertEqual((c["n"], c["better"], c["worse"], c["tied"]), (3, 0, 0, 3))
        self.assertEqual((c["mean"], c["low"], c["high"], c["p"]), (0, 0, 0, 1.0))

    def test_consistent_gain_is_significant(self):
        baseline = {str(i): 0.2 for i in range(10)}
        better = {str(i): 0.3 + 0.01 * i for i in range(10)}
        c = sumq_eval.paired(better, baseline)
        self.assertEqual((c["better"], c["worse"]), (10, 0))
        self.assertAlmostEqual(c["p"], 2 / 2 ** 10)
        self.assertGreater(c["low"], 0)
        self.assertLessEqual(c["low"], c["mean"])
        self.assertLessEqual(c["mean"], c["high"])

    def test_mixed_results_straddle_zero(self):
        baseline = {str(i): 0.5 for i in range(8)}
        mixed = {str(i): 0.5 + (0.1 if i % 2 else -0.1) for i in range(8)}
        c = sumq_eval.paired(mixed, baseline)
        self.assertEqual((c["better"], c["worse"]), (4, 4))
        self.assertLess(c["low"], 0)
        self.assertGreater(c["high"], 0)
        self.assertAlmostEqual(c["p"], 1.0)

    def test_only_shared_documents_count(self):
        c = sumq_eval.paired({"a": 1.0, "b": 1.0}, {"b": 0.0, "c": 0.0})
        self.assertEqual((c["n"], c["better"]), (1, 1))
        self.assertIsNone(sumq_eval.paired({"a": 1.0}, {"b": 1.0}))

    def test_sign_test(self):
        self.assertAlmostEqual(sumq_eval.sign_test(8, 0), 2 / 256)
        self.assertAlmostEqual(sumq_eval.sign_test(0, 0), 1.0)
        self.assertAlmostEqual(sumq_eval.sign_test(3, 3), 1.0)


class EvalRunTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sumq-eval-test-")
        for folder in ("docs", "refs"):
            os.mkdir(os.path.join(self.dir, folder))
        for number, (first, rest) in enumerate(DOCUMENTS):
            with open(os.path.join(self.dir, "docs", f"{number}.txt"), "w") as f:
                f.write(first + " " + rest + "\n")
            with open(os.path.join(self.dir, "refs", f"{number}.txt"), "w") as f:
                f.write(first + "\n")
        self.scorer = os.path.join(self.dir, "scorer.py")
        with open(self.scorer, "w") as f:
            f.write(UNIGRAM_SCORER)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def eval(self, *args):
        env = {"PATH": NO_OTS_PATH, "SUMQ_BIN": BIN}
        r = run([PYTHON, EVAL, "--docs", os.path.join(self.dir, "docs"), "--refs", os.path.join(self.dir, "refs"),
                 "--local", *args], env=env, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout.decode()

    def rows(self, out, header):
        lines = out.split(header, 1)[1].strip().split("\n\n")[0].splitlines()
        return {tuple(line.split()[:2]): line.split() for line in lines[2:]}

    def test_lead_perfect_at_one_sentence(self):
        out = self.eval("--rouge", self.scorer, "--algorithms", "default,lead", "--lengths", "1")
        table = self.rows(out, "documents from")
        self.assertAlmostEqual(float(table[("lead", "1")][2]), 100.0, places=1)
        paired = self.rows(out, "paired with lead")
        self.assertEqual(list(paired), [("default", "1")])
        diff, better, worse, tied = (float(paired[("default", "1")][2]),
                                     *map(int, paired[("default", "1")][-4:-1]))
        self.assertEqual(better, 0)
        self.assertEqual(worse + tied, len(DOCUMENTS))
        self.assertLessEqual(diff, 0)
        self.assertIn("--per-doc", out)

    def test_no_paired_rows_without_lead(self):
        out = self.eval("--rouge", self.scorer, "--algorithms", "default", "--lengths", "1")
        self.assertNotIn("paired with lead", out)

    def test_scorer_without_per_document_scores(self):
        # a scorer that rejects --per-doc still gives the table, not the comparison
        with open(self.scorer) as f:
            text = f.read()
        with open(self.scorer, "w") as f:
            f.write(text.replace('p.add_argument("--per-doc"); ', ""))
        out = self.eval("--rouge", self.scorer, "--algorithms", "default,lead", "--lengths", "1")
        self.assertIn(("lead", "1"), self.rows(out, "documents from"))
        self.assertNotIn("paired with lead", out)


@unittest.skipUnless(os.path.exists(SHARED_ROUGE) and os.path.isdir(BBC),
                     "../shared/eval is not here (it is not part of the project)")
class BbcQualityTest(unittest.TestCase):
    def test_default_above_lead_on_bbc(self):
        env = {"PATH": NO_OTS_PATH, "SUMQ_BIN": BIN}
        r = run([PYTHON, EVAL, "--docs", os.path.join(BBC, "docs"), "--refs", os.path.join(BBC, "refs"),
                 "--rouge", SHARED_ROUGE, "--local", "--algorithms", "default,lead", "--limit", "200"],
                env=env, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = r.stdout.decode()
        paired = {tuple(line.split()[:2]): line.split()
                  for line in out.split("paired with lead", 1)[1].splitlines()[2:4]}
        for length in ("ref", "3"):
            row = paired[("default", length)]
            self.assertGreater(float(row[2]), 0, out)
            low = float(row[3].split("..")[0])
            self.assertGreater(low, 0, out)


if __name__ == "__main__":
    unittest.main()
