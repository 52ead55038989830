"""corpus: the benchmark's documents, made reproducibly from samples/.

The bundled English samples hold two dozen sentences. Whole paragraphs
cannot simply be repeated to reach news length, because the parser drops
any line that occurs three times in a document as boilerplate (a byline,
a widget label): the documents would shrink as they are read. So each
paragraph is made anew: two to five sentences drawn from the pool, under
one of the samples' headlines, and now and then the photo credit the
samples end with, so the boilerplate rules have something to do. The same seed gives
the same bytes on every machine with the same samples.
"""
import json
import os
import random
import re

SEED = 20261123

# A full stop after one of these does not end a sentence: "U.S. Government",
# "Dr. Maria", "Washington, D.C., and".
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Dr|Mr|Mrs|Ms|St)\.$")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"\u201d]?\s+(?=[\"\u201c]?[A-Z0-9])")


class Pool:
    """The headlines, sentences and trailing credits of the English samples."""

    def __init__(self, samples_dir):
        self.headlines, self.sentences, self.credits = [], [], []
        for name in sorted(os.listdir(samples_dir)):
            if not (name.startswith("en-") and name.endswith(".txt")):
                continue
            with open(os.path.join(samples_dir, name), encoding="utf-8") as f:
                lines = [line.strip() for line in f.read().split("\n") if line.strip()]
            self.headlines.append(lines[0])
            for line in lines[1:]:
                if line[-1] in ".!?\"\u201d":
                    self.sentences.extend(_split(line))
                else:
                    self.credits.append(line)
        if not self.headlines or len(self.sentences) < 10:
            raise SystemExit("corpus: samples/ has too few English sentences")

    def document(self, rng, size):
        """One document of at least `size` bytes of UTF-8."""
        parts = [rng.choice(self.headlines)]
        length = len(parts[0].encode())
        while length < size:
            paragraph = " ".join(rng.sample(self.sentences, rng.randint(2, 5)))
            parts.append(paragraph)
            length += len(paragraph.encode()) + 2
        if self.credits and rng.random() < 0.3:
            parts.append(rng.choice(self.credits))
        return "\n\n".join(parts) + "\n"


def _split(paragraph):
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        head = paragraph[start:match.start()].rstrip("\"\u201d")
        if _ABBREVIATION.search(head):
            continue
        sentences.append(paragraph[start:match.start()].strip())
        start = match.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def documents(samples_dir, count, size_min=4600, size_max=5200, seed=SEED):
    """count (id, text) pairs of size_min..size_max bytes (about 5 KB)."""
    pool = Pool(samples_dir)
    rng = random.Random(seed)
    for number in range(count):
        yield "doc%06d" % number, pool.document(rng, rng.randint(size_min, size_max))


def write_jsonl(path, docs):
    """Writes the --jsonl batch; returns (documents, bytes of text)."""
    count = total = 0
    with open(path, "w", encoding="utf-8") as out:
        for doc_id, text in docs:
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
            count += 1
            total += len(text.encode())
    return count, total


def write_files(folder, docs):
    """Writes one .txt per document, for per-document tools; returns the paths."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for doc_id, text in docs:
        path = os.path.join(folder, doc_id + ".txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        paths.append(path)
    return paths
