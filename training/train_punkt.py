"""Train the Punkt sentence-splitting parameters shipped in ``stance/data/punkt.json``.

Reads the UN General Debate corpus (one JSON object per line: id, country,
session, year, text), draws a seeded sample spread evenly over the years,
trains nltk's Punkt on it (:func:`stance.sentences.train_parameters`), adds the
curated abbreviations and writes sorted, byte-reproducible JSON::

    python training/train_punkt.py [--corpus PATH] [--seed N] [--sample-mb MB]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import nltk

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.sentences import (  # noqa: E402
    EXTRA_ABBREVIATIONS,
    parameters_to_json,
    train_parameters,
)

DEFAULT_CORPUS = "../shared/data/ungdc_1946_2023.jsonl.gz"
DEFAULT_OUTPUT = "stance/data/punkt.json"


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_corpus(path: Path) -> list[dict]:
    """Read the JSON-lines corpus (gzip-compressed if the name ends in ``.gz``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sample_documents(docs: list[dict], seed: int, total_chars: int) -> list[dict]:
    """Draw a seeded sample with about the same number of characters per year.

    Documents are shuffled within each year (after sorting by id, so the input
    order does not matter) and taken until the year's share is reached; the
    sample is returned sorted by year and id.
    """
    by_year: dict[int, list[dict]] = defaultdict(list)
    for doc in docs:
        by_year[int(doc["year"])].append(doc)
    share = total_chars // len(by_year)
    rng = random.Random(seed)
    sample = []
    for year in sorted(by_year):
        pool = sorted(by_year[year], key=lambda d: d["id"])
        rng.shuffle(pool)
        size = 0
        for doc in pool:
            if size >= share:
                break
            sample.append(doc)
            size += len(doc["text"])
    return sorted(sample, key=lambda d: (int(d["year"]), d["id"]))


def main(argv: list[str] | None = None) -> int:
    """Run the training; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="relative to the repo root")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="relative to the repo root")
    parser.add_argument("--seed", type=int, default=20240917)
    parser.add_argument("--sample-mb", type=float, default=40.0, help="sample size, in MB")
    parser.add_argument("--min-ortho-count", type=int, default=2)
    args = parser.parse_args(argv)

    corpus = ROOT / args.corpus
    output = ROOT / args.output
    began = time.perf_counter()
    docs = read_corpus(corpus)
    sample = sample_documents(docs, args.seed, int(args.sample_mb * 1_000_000))
    sample_chars = sum(len(d["text"]) for d in sample)
    ids = hashlib.sha256("\n".join(d["id"] for d in sample).encode()).hexdigest()
    print(f"corpus: {len(docs)} documents; sample: {len(sample)} documents, {sample_chars} chars")

    params = train_parameters(
        (d["text"] for d in sample), EXTRA_ABBREVIATIONS, min_ortho_count=args.min_ortho_count
    )
    metadata = {
        "corpus": Path(args.corpus).name,
        "corpus_sha256": file_sha256(corpus),
        "corpus_documents": len(docs),
        "sample": {
            "description": "seeded shuffle within each year, equal character share per year",
            "seed": args.seed,
            "documents": len(sample),
            "characters": sample_chars,
            "years": [min(d["year"] for d in sample), max(d["year"] for d in sample)],
            "ids_sha256": ids,
        },
        "min_ortho_count": args.min_ortho_count,
        "extra_abbreviations": sorted(EXTRA_ABBREVIATIONS),
        "nltk_version": nltk.__version__,
        "trainer": "nltk.tokenize.punkt.PunktTrainer (default settings)",
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(parameters_to_json(params, metadata), encoding="utf-8")
    print(
        f"wrote {output}: {output.stat().st_size} bytes, "
        f"{len(params.abbrev_types)} abbreviations, {len(params.collocations)} collocations, "
        f"{len(params.sent_starters)} sentence starters, {len(params.ortho_context)} ortho types "
        f"in {time.perf_counter() - began:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
