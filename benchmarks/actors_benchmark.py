"""Score actor roles (source, target) against the labelled DipStance sentences.

Usage (from the repository root)::

    python benchmarks/actors_benchmark.py [--data ../shared/data/dipstance/train.jsonl]
    python benchmarks/actors_benchmark.py --cv          # also grouped-CV target scores
    python benchmarks/actors_benchmark.py --rules       # rules only, no learned scorer
    python benchmarks/actors_benchmark.py --speed 20 [--corpus ../shared/data/ungdc_...gz]

Over the stance-bearing sentences (``stance != neutral``) each record's ``text``,
``speaker`` (empty = none) and ``context`` go through :func:`stance.roles.resolve_roles`;
the script prints micro-averaged precision, recall and F1 for each role, with ``NSA``
left out of both gold and predicted codes, for all sentences, speeches and news. These
in-sample numbers use the shipped target scorer (``stance/data/roles.json``), trained on
the same file; ``--cv`` adds the honest estimate, retraining the scorer with the shipped
settings on 4/5 of the documents and scoring the held-out fifth (grouped by ``doc``).
With ``--stances FILE`` (default ``out/cv_stance.jsonl`` when present: out-of-fold
predictions of the default stance model, ``python training/train_model.py --cv-out FILE``)
each sentence's predicted stance is passed to :func:`~stance.roles.resolve_roles`, as
``stance classify`` does, so the numbers are those of the pipeline; ``--stances none``
scores without stances. ``--speed MB`` also times the matcher on the first MB megabytes
of the UN General Debate corpus and :func:`~stance.roles.resolve_roles` on its sentences.
``--half`` scores only the documents whose id hashes to that half (0 or 1), to keep one
half for checking changes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from stance.actors import ActorMatcher  # noqa: E402
from stance.roles import load_scorer, resolve_roles  # noqa: E402
from stance.sentences import split_sentences  # noqa: E402

DEFAULT_STANCES = REPO / "out" / "cv_stance.jsonl"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(records: list[dict], matcher: ActorMatcher, show: int = 0,
          learned: bool = True, stances: dict[str, str] | None = None) -> dict[str, tuple]:
    """Micro precision, recall and F1 per role over ``records`` (with each sentence's
    predicted stance from ``stances``, by id, when given)."""
    counts = {"source": [0, 0, 0], "target": [0, 0, 0]}
    shown = 0
    for rec in records:
        (src, tgt), = resolve_roles([rec["text"]], speaker=rec.get("speaker") or None,
                                    contexts=[rec.get("context") or ""], matcher=matcher,
                                    learned=learned,
                                    stances=None if stances is None else [stances[rec["id"]]])
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


def speed(corpus: Path, megabytes: float, matcher: ActorMatcher, learned: bool) -> None:
    """Time :meth:`ActorMatcher.find` and :func:`resolve_roles` (per speech, in document
    order) on the first ``megabytes`` of the corpus, without stances and, when the shipped
    scorer has stance weights, with stance labels (cycled: the corpus has no predictions;
    any label costs the same)."""
    docs, size = [], 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            docs.append(doc)
            size += len(doc["text"])
            if size >= megabytes * 1e6:
                break
    for speaker in (None, "FRA"):
        t0 = time.perf_counter()
        n = sum(len(matcher.find(d["text"], speaker)) for d in docs)
        dt = time.perf_counter() - t0
        print(f"matcher speed (speaker={speaker}): {size / 1e6:.1f} M chars in {dt:.2f} s = "
              f"{size / 1e6 / dt:.1f} MB/s, {n} mentions")
    sents = [(d["country"], [d["text"][s.start:s.end] for s in split_sentences(d["text"])])
             for d in docs]
    n = sum(len(s) for _, s in sents)
    scorer = load_scorer() if learned else None
    labels = sorted(scorer.by_stance) if scorer is not None else []
    runs: list[tuple[str, list | None]] = [("no stances", None)]
    if labels:
        runs.append(("with stances", [[labels[i % len(labels)] for i in range(len(texts))]
                                      for _, texts in sents]))
    for name, stances in runs:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for j, (country, texts) in enumerate(sents):
                resolve_roles(texts, speaker=country, matcher=matcher, learned=learned,
                              stances=None if stances is None else stances[j])
            best = min(best, time.perf_counter() - t0)
        print(f"resolve_roles speed (learned={learned}, {name}): {n} sentences in "
              f"{best:.2f} s = {best / n * 1e6:.1f} us/sentence")


def print_scores(result: dict[str, tuple]) -> None:
    """One line per role."""
    for role, (p, r, f, n) in result.items():
        print(f"  {role:<7} precision {p:.3f}  recall {r:.3f}  micro-F1 {f:.3f}  (gold {n})")


def cross_validated(records: list[dict], matcher: ActorMatcher,
                    stances: dict[str, str] | None = None) -> None:
    """Grouped-CV target scores of the learned scorer, with the shipped settings: with
    ``stances`` (out-of-fold predictions) and the shipped stance settings when the shipped
    scorer has stance weights, else without."""
    import train_roles  # training/train_roles.py (needs scikit-learn)

    shipped = json.loads((REPO / "stance" / "data" / "roles.json").read_text("utf-8"))
    block = shipped.get("stance")
    if stances is not None and block:
        spec = train_roles.StanceSpec(block["labels"], tuple(block["crossed"]))
        settings, how = block, "predicted stances"
    else:
        spec, settings, how, stances = None, shipped, "no stances", None
    items = train_roles.extract(records, matcher, stances)
    probs = train_roles.cross_validate(items, settings["C"], settings["news_weight"],
                                       spec=spec)
    cnt = train_roles.counts(items, train_roles.choose(probs, settings["threshold"]))
    print(train_roles.report(f"target, grouped {train_roles.FOLDS}-fold CV by doc, {how} "
                             f"(sources come from rules: CV = in-sample)", cnt, items))


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/dipstance/train.jsonl")
    ap.add_argument("--corpus", default="../shared/data/ungdc_1946_2023.jsonl.gz")
    ap.add_argument("--speed", type=float, default=0.0, metavar="MB")
    ap.add_argument("--half", type=int, choices=(0, 1), default=None)
    ap.add_argument("--origin", choices=("ungdc", "plv"), default=None)
    ap.add_argument("--show", type=int, default=0, help="print this many wrong sentences")
    ap.add_argument("--cv", action="store_true", help="also grouped-CV target scores")
    ap.add_argument("--rules", action="store_true", help="rules only (no learned scorer)")
    ap.add_argument("--stances", default=str(DEFAULT_STANCES) if DEFAULT_STANCES.exists()
                    else "none", metavar="FILE",
                    help="out-of-fold predicted stances ({id, stance} JSONL from "
                         "train_model.py --cv-out) passed to resolve_roles, as `stance "
                         "classify` does; 'none' for none (default: out/cv_stance.jsonl "
                         "when present)")
    args = ap.parse_args(argv)
    matcher = ActorMatcher()
    with open(args.data, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    records = [r for r in records if r["stance"] != "neutral"]
    if args.half is not None:
        records = [r for r in records if zlib.crc32(r["doc"].encode()) % 2 == args.half]
    if args.origin:
        records = [r for r in records if r.get("origin") == args.origin]
    learned = not args.rules
    stances = None
    if args.stances != "none" and learned:
        from train_roles import load_stances  # training/train_roles.py

        stances = load_stances(args.stances)
        missing = [r["id"] for r in records if r["id"] not in stances]
        if missing:
            raise SystemExit(f"{args.stances}: no predicted stance for {len(missing)} "
                             f"sentences (first {missing[0]!r}): it does not match {args.data}")
    t0 = time.perf_counter()
    result = score(records, matcher, args.show, learned, stances)
    dt = time.perf_counter() - t0
    how = "rules only" if not learned else "learned targets, in-sample, " + (
        f"predicted stances of {args.stances}" if stances else "no stances")
    print(f"{len(records)} stance-bearing sentences ({dt:.2f} s), {how}")
    print_scores(result)
    for origin, name in (("ungdc", "speeches"), ("plv", "news")):
        part = [r for r in records if r.get("origin") == origin]
        if part and len(part) < len(records):
            print(f"{name} ({len(part)})")
            print_scores(score(part, matcher, 0, learned, stances))
    if args.cv:
        cross_validated(records, matcher, stances)
    if args.speed:
        speed(Path(args.corpus), args.speed, matcher, learned)


if __name__ == "__main__":
    main()
