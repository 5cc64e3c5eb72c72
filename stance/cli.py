"""The ``stance`` command line: analyze, classify, profile, train, evaluate.

Every user error is printed as one line ``stance: error: ...`` with exit
status 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stance import __version__
from stance.io import InputError, read_jsonl, read_text
from stance.persistence import ModelFormatError

FORMATS = ("table", "json", "jsonl", "csv")
SENTENCE_FIELDS = ("text", "start", "end", "stance", "probabilities", "source", "target")


def _write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")


def _analyzer(model: str | None):
    from stance.pipeline import Analyzer

    return Analyzer(model=model)


def _sentence_table(sentences: Sequence[Any]) -> str:
    lines = [f"{'#':>4}  {'stance':<12} {'p':>5}  {'source -> target':<28} text"]
    for i, s in enumerate(sentences, start=1):
        roles = f"{','.join(s.source) or '-'} -> {','.join(s.target) or '-'}"
        text = s.text if len(s.text) <= 90 else s.text[:87] + "..."
        p = s.probabilities[s.stance]
        lines.append(f"{i:>4}  {s.stance:<12} {p:>5.2f}  {roles:<28} {text}")
    return "\n".join(lines)


def _csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _flat(s: Any, labels: Sequence[str]) -> dict[str, Any]:
    row = {"text": s.text, "start": s.start, "end": s.end, "stance": s.stance,
           "source": ";".join(s.source), "target": ";".join(s.target)}
    row.update({f"p_{lab}": round(s.probabilities[lab], 6) for lab in labels})
    return row


def cmd_analyze(args: argparse.Namespace) -> int:
    text = read_text(args.file)
    if not text.strip():
        raise InputError(f"{args.file}: no text to analyse (empty or whitespace only)")
    analyzer = _analyzer(args.model)
    doc = analyzer.analyze(text, speaker=args.speaker, doc_id=args.doc_id, date=args.date)
    if args.format == "json":
        _write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "jsonl":
        _write("".join(
            json.dumps({k: s.to_dict()[k] for k in SENTENCE_FIELDS}, ensure_ascii=False) + "\n"
            for s in doc
        ))
    elif args.format == "csv":
        _write(_csv([_flat(s, analyzer.labels) for s in doc]))
    else:
        _write(_sentence_table(doc.sentences))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    records = read_jsonl(args.file, required=("text",))
    name = "<stdin>" if args.file == "-" else args.file
    for rec in records:
        for key in ("speaker", "context"):
            if rec.get(key) is not None and not isinstance(rec[key], str):
                raise InputError(f"{name}: line {rec['_line']}: field {key!r} must be a string")
    analyzer = _analyzer(args.model)
    results = analyzer.classify(records)
    out = []
    for rec, res in zip(records, results):
        out.append(json.dumps({"id": rec.get("id"), "stance": res.stance,
                               "probabilities": res.probabilities,
                               "source": res.source, "target": res.target},
                              ensure_ascii=False) + "\n")
    _write("".join(out))
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from stance.io import iter_corpus
    from stance.pipeline import profile_corpus

    by = ("country", "year") if args.by == "country,year" else ("country",)
    start = time.perf_counter()
    profiles = profile_corpus(iter_corpus(args.files), model=args.model, by=by,
                              weight=args.weight, jobs=args.jobs, progress=not args.quiet)
    if not args.quiet:
        print(f"stance: {profiles.n_sentences} sentences profiled in "
              f"{time.perf_counter() - start:.1f}s", file=sys.stderr)
    if args.format == "json":
        _write(profiles.to_json())
    elif args.format == "csv":
        _write(profiles.to_csv())
    else:
        rows = profiles.rows()
        labels = profiles.labels
        head = f"{'country':<10} {'year':>5} {'n':>7} "
        head += " ".join(f"{lab[:8]:>8}" for lab in labels)
        lines = [head + f" {'net':>6}"]
        for r in rows:
            shares = " ".join(f"{r['share_' + lab]:>8.2f}" for lab in labels)
            net = r.get("net")
            lines.append(f"{r['country']:<10} {r.get('year') or '':>5} {r['n_source']:>7} {shares} "
                         f"{'' if net is None else format(net, '.2f'):>6}")
        _write("\n".join(lines))
    if args.plot:
        from stance.plots import plot_shares

        plot_shares(profiles, args.plot)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from stance.model import StanceModel
    from stance.training import cross_validate, evaluation_report, format_report, load_training_data

    data = load_training_data(args.data, text_col=args.text_col, label_col=args.label_col,
                              context_col=args.context_col, group_col=args.group_col,
                              id_col=args.id_col, speaker_col=args.speaker_col)
    print(f"{len(data.y)} examples, {len(data.label_counts)} labels: "
          + ", ".join(f"{k} {v}" for k, v in data.label_counts.items()), file=sys.stderr)
    params = json.loads(args.params) if args.params else {}
    model = StanceModel(random_state=args.seed, **params)
    meta: dict[str, Any] = {"data": Path(data.path).name, "data_sha256": data.sha256,
                            "n_examples": len(data.y), "label_counts": data.label_counts,
                            "text_col": args.text_col, "label_col": args.label_col}
    if args.cv and args.cv > 1:
        def tick(k: int, n: int) -> None:
            print(f"  cross-validation fold {k}/{n} done", file=sys.stderr)

        pred = cross_validate(model, data.X, data.y, groups=data.groups, cv=args.cv,
                              seed=args.seed, progress=tick)
        report = evaluation_report(data.y, pred)
        kind = f"grouped by {args.group_col}" if args.group_col else "stratified"
        print(f"{args.cv}-fold cross-validation ({kind})")
        print(format_report(report))
        meta["cv"] = {"folds": args.cv, "group_col": args.group_col,
                      "macro_f1": round(report["macro_f1"], 4),
                      "per_class_f1": {k: round(v["f1"], 4)
                                       for k, v in report["per_class"].items()}}
    start = time.perf_counter()
    model.fit(data.X, data.y)
    meta["fit_seconds"] = round(time.perf_counter() - start, 1)
    out = model.save(args.model_out, metadata=meta)
    print(f"model written to {out} (fit {meta['fit_seconds']}s)", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from stance.persistence import load_model
    from stance.training import evaluation_report, format_report, load_training_data

    model = load_model(args.model)
    data = load_training_data(args.data, text_col=args.text_col, label_col=args.label_col,
                              context_col=args.context_col, speaker_col=args.speaker_col,
                              min_per_label=1)
    report = evaluation_report(data.y, list(model.predict(data.X)))
    _write(json.dumps(report, indent=2) if args.format == "json" else format_report(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the ``stance`` argument parser."""
    parser = argparse.ArgumentParser(prog="stance", description="Diplomatic stance analysis.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="split raw text and classify every sentence")
    p.add_argument("file", help="UTF-8 text file, or - for standard input")
    p.add_argument("--speaker", help="ISO3 code of the speaking state (first person = speaker)")
    p.add_argument("--doc-id", help="document identifier")
    p.add_argument("--date", help="document date or year")
    p.add_argument("--model", help="model directory (default: the packaged model)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("classify", help="classify pre-split sentences from JSONL")
    p.add_argument("file", help='JSONL with {"id", "text", "speaker"?, "context"?} per line')
    p.add_argument("--model", help="model directory (default: the packaged model)")
    p.add_argument("--format", choices=("jsonl",), default="jsonl")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("profile", help="per-country stance profiles of text files or corpora")
    p.add_argument("files", nargs="+", help=".txt files, directories of .txt, or .jsonl(.gz)")
    p.add_argument("--by", choices=("country", "country,year"), default="country")
    p.add_argument("--weight", choices=("count", "probability"), default="count")
    p.add_argument("--model", help="model directory (default: the packaged model)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--plot", metavar="FILE.png", help="also draw stance shares to a PNG")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=cmd_profile)

    p = sub.add_parser("train", help="train a model on labelled CSV/TSV/JSONL")
    p.add_argument("data")
    p.add_argument("--text-col", default="text")
    p.add_argument("--label-col", default="stance")
    p.add_argument("--context-col", help="column with the preceding sentence")
    p.add_argument("--speaker-col", help="column with the speaking state (empty for news)")
    p.add_argument("--group-col", help="column to group cross-validation folds by (e.g. doc)")
    p.add_argument("--id-col", help="column of unique ids (default: 'id' when present)")
    p.add_argument("--cv", type=int, default=5, help="folds (0 for none; default 5)")
    p.add_argument("--model-out", default="model", help="output directory (default ./model)")
    p.add_argument("--params", help='JSON of StanceModel parameters, e.g. \'{"C": 2}\'')
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="score a saved model on a labelled file")
    p.add_argument("model")
    p.add_argument("data")
    p.add_argument("--text-col", default="text")
    p.add_argument("--label-col", default="stance")
    p.add_argument("--context-col")
    p.add_argument("--speaker-col")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) is not None and getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be >= 1")
    try:
        return args.func(args)
    except (InputError, ModelFormatError, ValueError) as exc:  # user errors; bugs still show
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stance: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
