"""Learn the word vectors of the default model from the UN General Debate corpus.

Usage (from the repository root)::

    python training/train_vectors.py [--corpus ../shared/data/ungdc_1946_2023.jsonl.gz]

Reads every speech (10,952, 1946-2024) by path, learns PPMI + SVD word vectors
(:func:`stance.vectors.train_word_vectors`: 128 dimensions, window 5, words seen at
least 10 times) and writes them to ``out/word_vectors.npz`` (not committed: the
default model stores its own copy).  Same corpus and seed, same vectors.  Takes about
two minutes and 6 GB of memory on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.io import iter_corpus  # noqa: E402
from stance.vectors import train_word_vectors  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ungdc_1946_2023.jsonl.gz"
DEFAULT_OUT = REPO / "out" / "word_vectors.npz"
SETTINGS = {"dim": 128, "window": 5, "min_count": 10, "random_state": 0}


def build(corpus: str | Path = DEFAULT_CORPUS, out: str | Path = DEFAULT_OUT) -> Path:
    """Learn the vectors from ``corpus`` and write them to ``out``."""
    start = time.perf_counter()
    texts = (doc["text"] for doc in iter_corpus([corpus]))
    vectors = train_word_vectors(texts, **SETTINGS)
    path = vectors.save(out)
    print(f"{len(vectors)} words x {vectors.dim} dimensions from {Path(corpus).name} "
          f"in {time.perf_counter() - start:.0f}s -> {path}", flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="UNGDC JSONL(.gz)")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args(argv)
    build(args.corpus, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
