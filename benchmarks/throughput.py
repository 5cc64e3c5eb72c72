"""Throughput: UN General Debate speeches from raw text to per-country profiles.

Usage (from the repository root)::

    python benchmarks/throughput.py                    # whole corpus, 2 workers
    python benchmarks/throughput.py --limit 500 --jobs 1 --stages

``--stages`` also times each stage alone (splitting, actor matching and
roles, classification) on the same documents in one process.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.pipeline import Analyzer, profile_corpus  # noqa: E402
from stance.roles import resolve_roles  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ungdc_1946_2023.jsonl.gz"


def read_corpus(path: Path, limit: int | None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = itertools.islice(fh, limit) if limit else fh
        docs = [json.loads(line) for line in lines]
    return [{"text": d["text"], "speaker": d["country"], "year": d["year"], "doc_id": d["id"]}
            for d in docs]


def time_stages(docs: list[dict]) -> None:
    analyzer = Analyzer()
    t0 = time.perf_counter()
    split = [[s.text for s in analyzer.splitter.split(d["text"])] for d in docs]
    t1 = time.perf_counter()
    for d, sents in zip(docs, split):
        resolve_roles(sents, speaker=d["speaker"], matcher=analyzer.matcher)
    t2 = time.perf_counter()
    flat = [s for sents in split for s in sents]
    speakers = [d["speaker"] for d, sents in zip(docs, split) for _ in sents]
    analyzer.predict(flat, [""] + flat[:-1], speakers)
    t3 = time.perf_counter()
    n = len(flat)
    chars = sum(len(d["text"]) for d in docs)
    print(f"stages on {len(docs)} speeches, {n} sentences, {chars / 1e6:.1f} M chars (1 process):")
    for name, secs in (("split", t1 - t0), ("actors+roles", t2 - t1), ("classify", t3 - t2)):
        print(f"  {name:<13} {secs:6.1f} s  {n / secs:9,.0f} sentences/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--limit", type=int, help="first N speeches only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--stages", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = read_corpus(Path(args.corpus), args.limit)
    t_read = time.perf_counter() - t0
    if args.stages:
        time_stages(docs)
    t1 = time.perf_counter()
    profiles = profile_corpus(docs, by=("country", "year"), jobs=args.jobs, progress=True)
    secs = time.perf_counter() - t1
    print(f"read {len(docs)} speeches in {t_read:.1f} s")
    print(f"raw text -> profiles: {profiles.n_sentences:,} sentences in {secs:.1f} s "
          f"({profiles.n_sentences / secs:,.0f} sentences/s, {args.jobs} worker(s)); "
          f"{len(profiles.keys())} country-year profiles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
