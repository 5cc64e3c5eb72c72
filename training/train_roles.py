"""Train the learned target scorer of :mod:`stance.scorer` on DipStance.

Usage (from the repository root)::

    python training/train_roles.py               # grouped CV, then stance/data/roles.json
    python training/train_roles.py --dry-run     # CV report only
    python training/train_roles.py --stances none   # no predicted-stance weights

For every stance-bearing sentence, :func:`stance.roles.resolve_roles` lists the candidate
target actors (mentions in the sentence and its context, codes the rules chose, an
implicit UN in speeches) with binary features; a logistic regression learns, from the gold
``target`` lists, which candidates to keep. The regularisation strength and the decision
threshold are chosen to maximise target micro-F1 under grouped cross-validation (folds by
``doc``, seeded). The data file is read by path and never copied; the output is JSON
(feature names, weights, intercept, threshold, data checksum, scores), no pickle.

With ``--stances FILE`` (default ``out/cv_stance.jsonl`` when present: out-of-fold
predictions of the default stance model, ``python training/train_model.py --cv-out FILE``)
a second scorer is searched the same way with each sentence's *predicted* stance among
its features (``StanceSpec``: condemnatory and accusatory share "hostile"; the stance is
crossed with every feature). It is written to the ``stance`` block of ``roles.json``, with
the stance file's name and sha256, only when its grouped-CV 50/50-mix F1 beats the
scorer without stances; the top-level weights (the scorer used when no stance is given)
are trained without stance features either way. Never train on gold stances: the
pipeline only has the model's predictions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance import roles  # noqa: E402
from stance.actors import ActorMatcher  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "dipstance" / "train.jsonl"
DEFAULT_OUT = REPO / "stance" / "data" / "roles.json"
DEFAULT_STANCES = REPO / "out" / "cv_stance.jsonl"
SEED = 13
FOLDS = 5
C_GRID = (0.1, 0.3, 1.0)
NEWS_WEIGHTS = (1.0, 3.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.71, 0.02))
MIN_COUNT = 3  # features seen in fewer training candidates are dropped
# Predicted stance features: condemnatory and accusatory share weights ("hostile"; the
# stance model often confuses them), and the stance is crossed with every feature. Both
# chosen by grouped CV (docs/actors.md).
STANCE_GROUPS = {"condemnatory": "hostile", "accusatory": "hostile"}
CROSSED = ("*",)


class Item(NamedTuple):
    """One stance-bearing sentence: its document, origin, gold targets, candidates and
    predicted stance (``None`` without a stance file)."""

    doc: str
    news: bool
    gold: frozenset[str]
    cands: dict[str, frozenset[str]]
    stance: str | None = None


class _Collector:
    """Stands in for the scorer: records the candidates and returns the rule targets."""

    def __init__(self) -> None:
        self.cands: dict[str, frozenset[str]] = {}

    def select(self, cands: dict[str, set[str]], stance: str | None = None) -> set[str]:
        self.cands = {c: frozenset(f) for c, f in cands.items()}
        return {c for c, f in cands.items() if "rule" in f}


def load_records(path: str | Path) -> tuple[list[dict], str]:
    """Stance-bearing records of a DipStance file and the file's sha256."""
    raw = Path(path).read_bytes()
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    return [r for r in records if r["stance"] != "neutral"], hashlib.sha256(raw).hexdigest()


def load_stances(path: str | Path) -> dict[str, str]:
    """Predicted stance per sentence id from a JSONL file of ``{"id", "stance"}`` lines
    (``python training/train_model.py --cv-out FILE``: out-of-fold predictions)."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                    out[str(rec["id"])] = str(rec["stance"])
                except (ValueError, KeyError) as exc:
                    raise ValueError(f"{path}:{n}: not an {{\"id\", \"stance\"}} line "
                                     f"({exc})") from None
    return out


def extract(records: Iterable[dict], matcher: ActorMatcher,
            stances: Mapping[str, str] | None = None) -> list[Item]:
    """Candidates and gold targets (``NSA`` left out) for each record, with its predicted
    stance from ``stances`` (by ``id``; every record must have one) when given."""
    items = []
    for rec in records:
        stance = None
        if stances is not None:
            stance = stances.get(str(rec["id"]))
            if stance is None:
                raise ValueError(f"no predicted stance for sentence {rec['id']!r}: the "
                                 "stance file does not match the data file")
        col = _Collector()
        roles._resolve([rec["text"]], rec.get("speaker") or None, [rec.get("context") or ""],
                       matcher, col)  # type: ignore[arg-type]
        cands = {c: f for c, f in col.cands.items() if c != "NSA"}
        items.append(Item(rec["doc"], not rec.get("speaker"),
                          frozenset(rec["target"]) - {"NSA"}, cands, stance))
    return items


class StanceSpec(NamedTuple):
    """How the predicted stance enters the candidate features: ``groups`` maps each label
    to the name its features use (labels sharing a name share weights), ``crossed`` are
    the feature prefixes crossed with it (``"*"``: every feature)."""

    groups: Mapping[str, str]
    crossed: tuple[str, ...]


def _feats(it: Item, code: str, spec: StanceSpec | None) -> Iterable[str]:
    """A candidate's features, with the stance features when ``spec`` is given."""
    feats = it.cands[code]
    if spec is None or it.stance is None:
        return feats
    label = spec.groups.get(it.stance, it.stance)
    return [*feats, *roles.stance_features(label, feats, spec.crossed)]


def design(items: Sequence[Item], vocab: dict[str, int] | None = None,
           spec: StanceSpec | None = None
           ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray, dict[str, int]]:
    """Sparse binary matrix of all candidates, labels, sentence index and vocabulary
    (with the stance features of ``spec`` when given)."""
    if vocab is None:
        counts: dict[str, int] = {}
        for it in items:
            for code in it.cands:
                for f in _feats(it, code, spec):
                    counts[f] = counts.get(f, 0) + 1
        vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items()
                                                   if n >= MIN_COUNT))}
    rows, cols, y, owner = [], [], [], []
    for k, it in enumerate(items):
        for code in sorted(it.cands):
            idx = [vocab[f] for f in _feats(it, code, spec) if f in vocab]
            rows.extend([len(y)] * len(idx))
            cols.extend(idx)
            y.append(code in it.gold)
            owner.append(k)
    X = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(y), len(vocab)))
    return X, np.array(y, dtype=int), np.array(owner), vocab


def fit(items: Sequence[Item], C: float, news_weight: float,
        spec: StanceSpec | None = None) -> tuple[dict[str, int], LogisticRegression]:
    """Fit the keep/drop model on ``items``."""
    X, y, owner, vocab = design(items, spec=spec)
    w = np.where([items[k].news for k in owner], news_weight, 1.0)
    model = LogisticRegression(C=C, max_iter=2000, solver="lbfgs")
    model.fit(X, y, sample_weight=w)
    return vocab, model


def predict(items: Sequence[Item], vocab: dict[str, int], model: LogisticRegression,
            spec: StanceSpec | None = None) -> list[dict[str, float]]:
    """Keep probability of each candidate, per sentence."""
    X, _, owner, _ = design(items, vocab, spec)
    probs = model.predict_proba(X)[:, 1] if X.shape[0] else np.zeros(0)
    out: list[dict[str, float]] = [{} for _ in items]
    j = 0
    for k, it in enumerate(items):
        for code in sorted(it.cands):  # forced candidates are kept, as in roles._Scorer
            out[k][code] = 1.0 if roles._FORCE & it.cands[code] else float(probs[j])
            j += 1
    assert j == len(owner)
    return out


def counts(items: Sequence[Item], chosen: Sequence[Iterable[str]]) -> dict[str, list[int]]:
    """True positive, false positive and false negative counts for speeches and news."""
    out = {"speeches": [0, 0, 0], "news": [0, 0, 0]}
    for it, pred in zip(items, chosen):
        pred = set(pred)
        c = out["news" if it.news else "speeches"]
        c[0] += len(pred & it.gold)
        c[1] += len(pred - it.gold)
        c[2] += len(it.gold - pred)
    return out


def f1(c: Sequence[float]) -> float:
    """Micro-F1 from (tp, fp, fn)."""
    return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0


def mixed(cnt: dict[str, list[int]], items: Sequence[Item]) -> list[float]:
    """Counts with news re-weighted to as many sentences as speeches (the test mix)."""
    n_news = sum(it.news for it in items)
    scale = (len(items) - n_news) / n_news if n_news else 0.0
    return [s + scale * n for s, n in zip(cnt["speeches"], cnt["news"])]


def folds(items: Sequence[Item], k: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """Fold number of each item, grouped by document (seeded)."""
    docs = sorted({it.doc for it in items})
    perm = np.random.default_rng(seed).permutation(len(docs))
    fold_of = {docs[j]: i % k for i, j in enumerate(perm)}
    return np.array([fold_of[it.doc] for it in items])


def cross_validate(items: Sequence[Item], C: float, news_weight: float,
                   k: int = FOLDS, seed: int = SEED,
                   spec: StanceSpec | None = None) -> list[dict[str, float]]:
    """Out-of-fold keep probabilities: train on the other folds' documents."""
    fold = folds(items, k, seed)
    out: list[dict[str, float]] = [{} for _ in items]
    for f in range(k):
        train = [it for it, g in zip(items, fold) if g != f]
        test_idx = np.flatnonzero(fold == f)
        vocab, model = fit(train, C, news_weight, spec=spec)
        test = [items[i] for i in test_idx]
        for i, p in zip(test_idx, predict(test, vocab, model, spec)):
            out[i] = p
    return out


def choose(probs: Sequence[dict[str, float]], threshold: float) -> list[set[str]]:
    """Codes kept at ``threshold``."""
    return [{c for c, p in ps.items() if p >= threshold} for ps in probs]


def report(name: str, cnt: dict[str, list[int]], items: Sequence[Item]) -> str:
    """One block of P/R/F1 lines."""
    lines = [name]
    rows = {"all": [a + b for a, b in zip(cnt["speeches"], cnt["news"])], **cnt,
            "mix 50/50": mixed(cnt, items)}
    for key, (tp, fp, fn) in rows.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        lines.append(f"  {key:<9} P {p:.3f}  R {r:.3f}  F1 {f1((tp, fp, fn)):.3f}")
    return "\n".join(lines)


def search(items: Sequence[Item], spec: StanceSpec | None = None
           ) -> tuple[float, float, float, float]:
    """Grouped-CV search: (C, news weight, threshold, mixed micro-F1) of the best setting."""
    best = (0.0, 0.0, 0.0, -1.0)
    for C in C_GRID:
        for nw in NEWS_WEIGHTS:
            probs = cross_validate(items, C, nw, spec=spec)
            for t in THRESHOLDS:
                score = f1(mixed(counts(items, choose(probs, t)), items))
                if score > best[3]:
                    best = (C, nw, t, score)
            print(f"{'stance ' if spec else ''}C={C} news_weight={nw}: best so far {best}",
                  file=sys.stderr)
    return best


def train(items: Sequence[Item], name: str, spec: StanceSpec | None = None
          ) -> tuple[dict, dict[str, list[int]]]:
    """Search, report grouped-CV and in-sample scores, fit on all ``items``: the weights
    block of ``roles.json`` and the grouped-CV counts."""
    C, nw, t, _ = search(items, spec)
    cv = counts(items, choose(cross_validate(items, C, nw, spec=spec), t))
    print(report(f"{name}: grouped CV (C={C}, news weight {nw}, threshold {t})", cv, items))
    vocab, model = fit(items, C, nw, spec=spec)
    ins = counts(items, choose(predict(items, vocab, model, spec), t))
    print(report(f"{name}: in-sample", ins, items))
    names = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    block = {"features": names, "weights": [round(float(w), 6) for w in model.coef_[0]],
             "intercept": round(float(model.intercept_[0]), 6), "threshold": t,
             "C": C, "news_weight": nw, "folds": FOLDS, "seed": SEED,
             "cv_target_f1": {k: round(f1(v), 4) for k, v in
                              {**cv, "mix": mixed(cv, items)}.items()}}
    return block, cv


def main(argv: list[str] | None = None) -> int:
    """Run the searches, report grouped-CV and in-sample scores, write the weights."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="DipStance train.jsonl")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--stances", default=str(DEFAULT_STANCES) if DEFAULT_STANCES.exists()
                    else "none", metavar="FILE",
                    help="out-of-fold predicted stances ({id, stance} JSONL, from "
                         "train_model.py --cv-out); 'none' for no stance features "
                         "(default: out/cv_stance.jsonl when present)")
    ap.add_argument("--cross", default=",".join(CROSSED), metavar="PREFIXES",
                    help="feature prefixes crossed with the stance ('*' every feature, "
                         "'' none: the stance alone)")
    ap.add_argument("--dry-run", action="store_true", help="do not write the weights")
    args = ap.parse_args(argv)
    records, sha = load_records(args.data)
    stances = None if args.stances == "none" else load_stances(args.stances)
    items = extract(records, ActorMatcher(), stances)
    print(report("rules", counts(items, [{c for c, f in it.cands.items() if "rule" in f}
                                         for it in items]), items))
    out = {"format": 2, "model": "logistic keep/drop per candidate target",
           **train(items, "without stance")[0],
           "data": {"file": Path(args.data).name, "sha256": sha, "sentences": len(items)}}
    if stances is not None:
        base = out["cv_target_f1"]["mix"]
        spec = StanceSpec(STANCE_GROUPS, tuple(p for p in args.cross.split(",") if p))
        block, _ = train(items, "with predicted stance", spec)
        gain = block["cv_target_f1"]["mix"] - base
        print(f"predicted stance: grouped-CV mix target F1 {base:.4f} -> "
              f"{block['cv_target_f1']['mix']:.4f} ({gain:+.4f})")
        if gain > 0:
            labels = sorted({it.stance for it in items if it.stance is not None})
            raw = Path(args.stances).read_bytes()
            out["stance"] = {
                "labels": {lab: spec.groups.get(lab, lab) for lab in labels},
                "crossed": list(spec.crossed), **block,
                "stances": {"file": Path(args.stances).name,
                            "sha256": hashlib.sha256(raw).hexdigest(),
                            "made_by": "python training/train_model.py --cv-out FILE "
                                       "(out-of-fold predictions of the default model)"}}
        else:
            print("no gain: the scorer is written without stance weights")
    if args.dry_run:
        return 0
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(out['features'])} features"
          f"{', with stance weights' if 'stance' in out else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
