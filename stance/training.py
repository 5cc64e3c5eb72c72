"""Training data checks, grouped cross-validation and evaluation reports."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, StratifiedKFold

from stance.io import InputError, read_table
from stance.model import StanceModel


@dataclass
class TrainingData:
    """Checked training data.

    Parameters
    ----------
    X : list of dict
        Model inputs (``text``, ``context`` and ``speaker``).
    y : list of str
        Labels.
    groups : list of str or None
        Group of each row (for grouped cross-validation).
    sha256 : str
        Checksum of the data file.
    path : str
        The data file.
    """

    X: list[dict[str, str]]
    y: list[str]
    groups: list[str] | None
    sha256: str
    path: str
    label_counts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, list[Any]] = field(default_factory=dict)


def file_sha256(path: str | Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_training_data(
    path: str | Path,
    text_col: str = "text",
    label_col: str = "stance",
    context_col: str | None = None,
    group_col: str | None = None,
    id_col: str | None = None,
    min_per_label: int = 2,
    speaker_col: str | None = None,
    extra_cols: Sequence[str] = (),
) -> TrainingData:
    """Read and check a labelled CSV, TSV or JSONL file before any training.

    Parameters
    ----------
    path : str or Path
        The data file.
    text_col, label_col : str
        Columns holding the sentence and its label.
    context_col : str, optional
        Column holding the preceding sentence (used when present).
    group_col : str, optional
        Column for grouped cross-validation (e.g. ``doc``).
    id_col : str, optional
        Column of unique ids; duplicates are an error.  Defaults to ``id`` when present.
    speaker_col : str, optional
        Column of the speaking state (empty for news), passed to the model as ``speaker``.
    extra_cols : sequence of str, optional
        Further columns to return as they are, in ``TrainingData.extra``.
    min_per_label : int, default=2
        Fewest examples a label may have.

    Returns
    -------
    TrainingData

    Raises
    ------
    stance.io.InputError
        Missing column, empty text, mixed label types, a rare label or duplicate ids.
    """
    rows = read_table(path)
    if not rows:
        raise InputError(f"{path}: no rows")
    name = str(path)
    columns = {k for r in rows for k in r}
    for col in (text_col, label_col, context_col, group_col, id_col, speaker_col, *extra_cols):
        if col is not None and col not in columns:
            known = ", ".join(sorted(c for c in columns if c != "_line"))
            raise InputError(f"{name}: no column {col!r} (columns: {known})")
    if id_col is None and "id" in columns:
        id_col = "id"
    X, y, groups = [], [], []
    label_types = set()
    seen_ids: dict[Any, int] = {}
    for row in rows:
        line = row["_line"]
        text = row.get(text_col)
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{name}: line {line}: empty or missing {text_col!r}")
        label = row.get(label_col)
        if label is None or (isinstance(label, str) and not label.strip()):
            raise InputError(f"{name}: line {line}: empty or missing label {label_col!r}")
        if isinstance(label, (list, dict)):
            raise InputError(f"{name}: line {line}: label must be a single value, got "
                             f"{type(label).__name__}")
        label_types.add(type(label).__name__)
        if id_col is not None:
            rid = row.get(id_col)
            if rid in seen_ids:
                raise InputError(f"{name}: line {line}: duplicate id {rid!r} "
                                 f"(first on line {seen_ids[rid]})")
            seen_ids[rid] = line
        ctx = row.get(context_col) if context_col else ""
        spk = row.get(speaker_col) if speaker_col else ""
        X.append({"text": text, "context": ctx if isinstance(ctx, str) else "",
                  "speaker": spk if isinstance(spk, str) else ""})
        y.append(str(label).strip())
        if group_col is not None:
            groups.append(str(row.get(group_col)))
    if len(label_types) > 1:
        raise InputError(f"{name}: column {label_col!r} mixes value types "
                         f"({', '.join(sorted(label_types))})")
    counts = Counter(y)
    rare = sorted(lab for lab, c in counts.items() if c < min_per_label)
    if rare:
        raise InputError(f"{name}: labels with fewer than {min_per_label} examples: "
                         + ", ".join(f"{lab!r} ({counts[lab]})" for lab in rare))
    if len(counts) < 2:
        raise InputError(f"{name}: need at least two distinct labels, found {sorted(counts)}")
    extra = {col: [row.get(col) for row in rows] for col in extra_cols}
    return TrainingData(X, y, groups if group_col else None, file_sha256(path), name,
                        dict(sorted(counts.items())), extra)


def cross_validate(
    model: StanceModel,
    X: Sequence[Any],
    y: Sequence[str],
    groups: Sequence[str] | None = None,
    cv: int = 5,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    sample_weight: Sequence[float] | None = None,
) -> np.ndarray:
    """Return out-of-fold predictions (grouped folds when ``groups`` is given).

    Parameters
    ----------
    model : StanceModel
        An unfitted estimator (cloned per fold).
    X, y : sequence
        Inputs and labels.
    groups : sequence of str, optional
        Rows with the same group never straddle train and test.
    cv : int, default=5
        Number of folds.
    seed : int, default=0
        Shuffling seed for ungrouped stratified folds.
    progress : callable, optional
        Called as ``progress(fold, n_folds)`` after each fold.
    sample_weight : sequence of float, optional
        Training weights passed to ``fit`` (the held-out fold is scored unweighted).

    Returns
    -------
    ndarray of str
    """
    from sklearn.base import clone

    y_arr = np.asarray(y, dtype=object)
    if groups is not None:
        n_groups = len(set(groups))
        if n_groups < cv:
            raise InputError(f"only {n_groups} groups for {cv}-fold grouped cross-validation")
        splits = GroupKFold(n_splits=cv).split(X, y_arr, groups)
    else:
        min_count = min(Counter(y).values())
        splitter = StratifiedKFold(n_splits=min(cv, max(2, min_count)), shuffle=True,
                                   random_state=seed)
        splits = splitter.split(X, y_arr)
    pred = np.empty(len(y_arr), dtype=object)
    splits = list(splits)
    for k, (train, test) in enumerate(splits, start=1):
        weights = None if sample_weight is None else np.asarray(sample_weight)[train]
        fitted = clone(model).fit([X[i] for i in train], y_arr[train], sample_weight=weights)
        pred[test] = fitted.predict([X[i] for i in test])
        if progress is not None:
            progress(k, len(splits))
    return pred


def evaluation_report(y_true: Sequence[str], y_pred: Sequence[str],
                      labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Return per-class precision/recall/F1, macro-F1, accuracy and the confusion matrix.

    Examples
    --------
    >>> rep = evaluation_report(["a", "b", "b"], ["a", "b", "a"])
    >>> round(rep["macro_f1"], 3)
    0.667
    """
    labels = sorted(set(y_true) | set(y_pred)) if labels is None else list(labels)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    return {
        "labels": labels,
        "per_class": {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                  "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
        "macro_f1": float(np.mean(f)),
        "accuracy": float(np.mean(np.asarray(y_true, dtype=object) ==
                                  np.asarray(y_pred, dtype=object))),
        "n": len(y_true),
        "confusion_matrix": cm.tolist(),
    }


def format_report(report: dict[str, Any]) -> str:
    """Render :func:`evaluation_report` output as a plain-text table."""
    labels = report["labels"]
    width = max(12, *(len(lab) for lab in labels))
    lines = [f"{'label':<{width}} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for lab in labels:
        m = report["per_class"][lab]
        lines.append(f"{lab:<{width}} {m['precision']:>9.3f} {m['recall']:>7.3f} "
                     f"{m['f1']:>7.3f} {m['support']:>8d}")
    lines.append(f"{'macro-F1':<{width}} {report['macro_f1']:>25.3f} {report['n']:>8d}")
    lines.append(f"{'accuracy':<{width}} {report['accuracy']:>25.3f}")
    lines.append("")
    lines.append("confusion matrix (rows: gold, columns: predicted)")
    short = [lab[:8] for lab in labels]
    lines.append(" " * width + " " + " ".join(f"{s:>8}" for s in short))
    for lab, row in zip(labels, report["confusion_matrix"]):
        lines.append(f"{lab:<{width}} " + " ".join(f"{v:>8d}" for v in row))
    return "\n".join(lines)
