"""Score actor roles (source, target) against the labelled DipStance sentences.

Usage (from the repository root)::

    python benchmarks/actors_benchmark.py [--data ../shared/data/dipstance/train.jsonl]
    python benchmarks/actors_benchmark.py --speed 20 [--corpus ../shared/data/ungdc_...gz]

Over the stance-bearing sentences (``stance != neutral``) each record's ``text``,
``speaker`` (empty = none) and ``context`` go through :func:`stance.roles.resolve_roles`;
the script prints micro-averaged precision, recall and F1 for each role, with ``NSA``
left out of both gold and predicted codes. ``--speed MB`` also times the matcher on the
first MB megabytes of the UN General Debate corpus. ``--half`` scores only the documents
whose id hashes to that half (0 or 1), to keep one half for checking changes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stance.actors import ActorMatcher  # noqa: E402
from stance.roles import resolve_roles  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(records: list[dict], matcher: ActorMatcher, show: int = 0) -> dict[str, tuple]:
    """Micro precision, recall and F1 per role over ``records``."""
    counts = {"source": [0, 0, 0], "target": [0, 0, 0]}
    shown = 0
    for rec in records:
        (src, tgt), = resolve_roles([rec["text"]], speaker=rec.get("speaker") or None,
                                    contexts=[rec.get("context") or ""], matcher=matcher)
        wrong = False
        for role, pred in (("source", src), ("target", tgt)):
            gold = set(rec[role]) - {"NSA"}
            got = set(pred) - {"NSA"}
            c = counts[role]
            c[0] += len(gold & got)
            c[1] += len(got - gold)
            c[2] += len(gold - got)
            wrong |= gold != got
        if wrong and shown < show:
            shown += 1
            print(f"[{rec.get('speaker') or '-'}] gold {rec['source']}->{rec['target']} "
                  f"pred {src}->{tgt}\n   ctx: {rec.get('context', '')[-120:]}\n   "
                  f"txt: {rec['text'][:300]}")
    return {role: (*prf(*c), c[0] + c[2]) for role, c in counts.items()}


def speed(corpus: Path, megabytes: float, matcher: ActorMatcher) -> None:
    """Time :meth:`ActorMatcher.find` on the first ``megabytes`` of the corpus."""
    texts, size = [], 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            texts.append(text)
            size += len(text)
            if size >= megabytes * 1e6:
                break
    for speaker in (None, "FRA"):
        t0 = time.perf_counter()
        n = sum(len(matcher.find(t, speaker)) for t in texts)
        dt = time.perf_counter() - t0
        print(f"matcher speed (speaker={speaker}): {size / 1e6:.1f} M chars in {dt:.2f} s = "
              f"{size / 1e6 / dt:.1f} MB/s, {n} mentions")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/dipstance/train.jsonl")
    ap.add_argument("--corpus", default="../shared/data/ungdc_1946_2023.jsonl.gz")
    ap.add_argument("--speed", type=float, default=0.0, metavar="MB")
    ap.add_argument("--half", type=int, choices=(0, 1), default=None)
    ap.add_argument("--origin", choices=("ungdc", "plv"), default=None)
    ap.add_argument("--show", type=int, default=0, help="print this many wrong sentences")
    args = ap.parse_args(argv)
    matcher = ActorMatcher()
    with open(args.data, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    records = [r for r in records if r["stance"] != "neutral"]
    if args.half is not None:
        records = [r for r in records if zlib.crc32(r["doc"].encode()) % 2 == args.half]
    if args.origin:
        records = [r for r in records if r.get("origin") == args.origin]
    t0 = time.perf_counter()
    result = score(records, matcher, args.show)
    dt = time.perf_counter() - t0
    print(f"{len(records)} stance-bearing sentences ({dt:.2f} s)")
    for role, (p, r, f, n) in result.items():
        print(f"{role:<7} precision {p:.3f}  recall {r:.3f}  micro-F1 {f:.3f}  (gold {n})")
    if args.speed:
        speed(Path(args.corpus), args.speed, matcher)


if __name__ == "__main__":
    main()
