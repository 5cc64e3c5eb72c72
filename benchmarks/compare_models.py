"""Compare stance-model variants by grouped cross-validation on DipStance.

Usage (from the repository root)::

    python benchmarks/compare_models.py                       # every variant below
    python benchmarks/compare_models.py default no-context    # some of them
    python benchmarks/compare_models.py --folds 3

Prints macro-F1 over all sentences, with news reweighted to half the
sentences ("balanced", like the held-out test), on speeches and on news,
and per-class F1. Folds are grouped by document (``doc``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.model import StanceModel  # noqa: E402
from stance.training import cross_validate, load_training_data  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "dipstance" / "train.jsonl"
DEFAULT = {"mask_actors": True, "context_weight": 0.5, "C": 2.0}
VARIANTS: dict[str, tuple[dict, float]] = {  # name: (StanceModel parameters, news weight)
    "plain": ({"char_ngram_range": (2, 5), "domain_copy": False}, 1.0),
    "no-context": ({**DEFAULT, "context_weight": 0.0}, 5.0),
    "no-news-copy": ({**DEFAULT, "domain_copy": False}, 5.0),
    "no-masking": ({**DEFAULT, "mask_actors": False}, 5.0),
    "news-weight-1": (DEFAULT, 1.0),
    "svm": ({**DEFAULT, "classifier": "svm", "C": 0.3}, 5.0),
    "default": (DEFAULT, 5.0),
}
LABELS = ["accusatory", "condemnatory", "cooperative", "neutral"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("variants", nargs="*", help=f"any of {', '.join(VARIANTS)}")
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    names = args.variants or list(VARIANTS)
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        ap.error(f"unknown variant(s): {', '.join(unknown)}")
    data = load_training_data(args.data, context_col="context", group_col="doc",
                              speaker_col="speaker", extra_cols=("origin",))
    news = np.array([origin == "plv" for origin in data.extra["origin"]])
    y = np.asarray(data.y, dtype=object)
    balance = np.where(news, (~news).sum() / max(news.sum(), 1), 1.0)
    print(f"{'variant':<15} {'macro-F1':>8} {'balanced':>8} {'speech':>7} {'news':>6}  "
          + " ".join(f"{lab[:6]:>6}" for lab in LABELS) + "  seconds")
    for name in names:
        params, news_weight = VARIANTS[name]
        start = time.perf_counter()
        pred = cross_validate(StanceModel(**params), data.X, data.y, groups=data.groups,
                              cv=args.folds, sample_weight=np.where(news, news_weight, 1.0))
        secs = time.perf_counter() - start
        per_class = f1_score(y, pred, labels=LABELS, average=None)
        print(f"{name:<15} {f1_score(y, pred, average='macro'):>8.3f} "
              f"{f1_score(y, pred, average='macro', sample_weight=balance):>8.3f} "
              f"{f1_score(y[~news], pred[~news], average='macro'):>7.3f} "
              f"{f1_score(y[news], pred[news], average='macro'):>6.3f}  "
              + " ".join(f"{v:>6.3f}" for v in per_class) + f"  {secs:7.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
