"""Train the packaged default stance model on DipStance.

Usage (from the repository root)::

    python training/train_model.py                      # CV report + model
    python training/train_model.py --cv 0               # model only
    python training/train_model.py --search             # grouped-CV grid over a few settings

The word vectors come from ``out/word_vectors.npz``, built first by
``training/train_vectors.py`` from the UN General Debate corpus when missing.

The data file is read by path and never copied.  The model is written to
``stance/data/model/`` (JSON + ``.npz``, no pickle) with a model card
(``MODEL_CARD.md``) recording the data checksum, parameters and scores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

import train_vectors  # noqa: E402

from stance.model import StanceModel  # noqa: E402
from stance.training import (  # noqa: E402
    cross_validate,
    evaluation_report,
    format_report,
    load_training_data,
)
from stance.vectors import WordVectors  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "dipstance" / "train.jsonl"
DEFAULT_PARAMS: dict = {"mask_actors": True, "context_weight": 0.5, "C": 1.0,
                        "vectors_weight": 1.0, "roles_weight": 0.5}
NEWS_WEIGHT = 5.0  # news is 5% of the training file but half of what users (and the test) bring
GRID = {"C": [1.0, 2.0], "vectors_weight": [1.0, 1.5]}


def grid(params: dict[str, list]) -> list[dict]:
    keys = sorted(params)
    return [dict(zip(keys, values)) for values in itertools.product(*(params[k] for k in keys))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="DipStance train.jsonl")
    ap.add_argument("--out", default=str(REPO / "stance" / "data" / "model"))
    ap.add_argument("--cv", type=int, default=5, help="grouped folds (0 to skip)")
    ap.add_argument("--search", action="store_true", help="grouped-CV search over GRID")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--vectors", default=str(train_vectors.DEFAULT_OUT),
                    help="word vectors (.npz; built by training/train_vectors.py when "
                         "missing), or 'none'")
    ap.add_argument("--cv-out", metavar="FILE.jsonl",
                    help="also write each sentence's out-of-fold prediction ({id, stance})")
    ap.add_argument("--corpus", default=str(train_vectors.DEFAULT_CORPUS),
                    help="UNGDC corpus used to build missing word vectors")
    ap.add_argument("--news-weight", type=float, default=NEWS_WEIGHT,
                    help="training weight of news sentences (origin plv) relative to speeches")
    args = ap.parse_args(argv)

    data = load_training_data(args.data, text_col="text", label_col="stance",
                              context_col="context", group_col="doc", id_col="id",
                              speaker_col="speaker", extra_cols=("origin", "id"))
    origins = data.extra["origin"]
    weights = [args.news_weight if o == "plv" else 1.0 for o in origins]
    params = dict(DEFAULT_PARAMS)
    if args.vectors != "none":
        if not Path(args.vectors).exists():
            train_vectors.build(args.corpus, args.vectors)
        params["word_vectors"] = WordVectors.load(args.vectors)
    if args.search:
        best = None
        for cand in grid(GRID):
            pred = cross_validate(StanceModel(random_state=args.seed, **cand), data.X, data.y,
                                  groups=data.groups, cv=args.cv or 5, sample_weight=weights)
            score = evaluation_report(data.y, pred)["macro_f1"]
            print(f"{json.dumps(cand, sort_keys=True)}  grouped-CV macro-F1 {score:.4f}",
                  flush=True)
            if best is None or score > best[0]:
                best = (score, cand)
        assert best is not None
        params.update(best[1])
        print(f"chosen: {params}")
    model = StanceModel(random_state=args.seed, **params)
    card: dict = {"data": Path(args.data).name, "data_sha256": data.sha256,
                  "n_examples": len(data.y), "label_counts": data.label_counts,
                  "params": {**model.get_params(), "word_vectors": vectors_name(args.vectors)},
                  "news_weight": args.news_weight}
    if args.cv:
        pred = cross_validate(model, data.X, data.y, groups=data.groups, cv=args.cv,
                              sample_weight=weights)
        report = evaluation_report(data.y, pred)
        if args.cv_out:
            with open(args.cv_out, "w", encoding="utf-8") as fh:
                for rid, label in zip(data.extra["id"], pred):
                    fh.write(json.dumps({"id": rid, "stance": str(label)}) + "\n")
        print(f"{args.cv}-fold cross-validation grouped by doc")
        print(format_report(report))
        by_origin = {}
        for origin in ("ungdc", "plv"):
            idx = [i for i, o in enumerate(origins) if o == origin]
            sub = evaluation_report([data.y[i] for i in idx], [pred[i] for i in idx])
            by_origin[origin] = round(sub["macro_f1"], 4)
            print(f"  {origin}: macro-F1 {sub['macro_f1']:.3f} on {len(idx)} sentences")
        card["cv"] = {"folds": args.cv, "group_col": "doc",
                      "macro_f1": round(report["macro_f1"], 4),
                      "per_class_f1": {k: round(v["f1"], 4)
                                       for k, v in report["per_class"].items()},
                      "macro_f1_by_origin": by_origin}
    start = time.perf_counter()
    model.fit(data.X, data.y, sample_weight=weights)
    fit_seconds = time.perf_counter() - start
    if args.vectors != "none":
        # the packaged model's vectors are what ``word_vectors="default"`` means from now on
        model.set_params(word_vectors="default")
    out = model.save(args.out, metadata=card)
    write_card(out, card, fit_seconds)
    size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    print(f"fit {fit_seconds:.1f}s; model written to {out} ({size:.1f} MB)")
    return 0


def vectors_name(path: str) -> str | None:
    if path == "none":
        return None
    return f"{Path(path).name} (training/train_vectors.py: {train_vectors.SETTINGS})"


def write_card(out: Path, card: dict, fit_seconds: float) -> None:
    lines = [
        "# Default stance model",
        "",
        "Trained by `python training/train_model.py` on the DipStance training file.",
        "",
        f"- data: `{card['data']}` (sha256 `{card['data_sha256']}`), "
        f"{card['n_examples']} sentences",
        f"- labels: {', '.join(f'{k} {v}' for k, v in card['label_counts'].items())}",
        f"- parameters: `{json.dumps(card['params'], sort_keys=True)}`",
        f"- training weight of news sentences: {card['news_weight']}",
        f"- fit time on the full file: {fit_seconds:.0f} s (2-core machine)",
    ]
    if "cv" in card:
        cv = card["cv"]
        lines += [
            f"- {cv['folds']}-fold cross-validation grouped by `{cv['group_col']}`: "
            f"macro-F1 {cv['macro_f1']:.3f}",
            "- per-class F1: " + ", ".join(f"{k} {v:.3f}" for k, v in cv["per_class_f1"].items()),
            "- macro-F1 by origin: "
            + ", ".join(f"{k} {v:.3f}" for k, v in cv["macro_f1_by_origin"].items()),
        ]
    lines += [
        "",
        "Files: `model.json` (parameters, vocabularies, metadata, content hash) and",
        "`arrays.npz` (idf weights, coefficients) and `vectors.npz` (word vectors); loading",
        "checks the hash and never unpickles.",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
