"""The learned target scorer: a logistic keep/drop decision for each candidate target.

``training/train_roles.py`` learns its weights from the DipStance training file and writes
``stance/data/roles.json``; :mod:`stance.candidates` collects each sentence's candidate
targets and their binary features, and :mod:`stance.roles` asks the scorer which to keep.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

__all__ = ["load_scorer", "stance_features"]


# Candidates kept whatever the score: parties acting together (listed on both sides) and
# the author of an aggression ("aggression by X").
_FORCE = frozenset(["joint", "np=aggr_by"])


class _Scorer:
    """A logistic keep/drop decision for each candidate target, from binary features.

    ``by_stance`` maps a stance label to the ``(weights, bias)`` of the scorer trained with
    the sentence's predicted stance among its features (``st:<label>`` and crossings
    ``st:<label>&<feature>``, folded into one weight table per label, so a sentence with a
    stance costs the same as one without). A sentence without a stance, or with a label
    the scorer was not trained on, is scored by ``weights`` and ``bias`` alone.
    """

    __slots__ = ("weights", "bias", "by_stance")

    def __init__(self, weights: dict[str, float], intercept: float, threshold: float,
                 by_stance: dict[str, tuple[dict[str, float], float]] | None = None):
        self.weights = weights
        self.bias = intercept - math.log(threshold / (1.0 - threshold))
        self.by_stance = by_stance or {}

    def select(self, cands: dict[str, set[str]], stance: str | None = None) -> set[str]:
        """The candidate codes whose score reaches the threshold, and every forced one."""
        table = self.by_stance.get(stance) if stance is not None else None
        get, bias = (self.weights.get, self.bias) if table is None else \
            (table[0].get, table[1])
        return {c for c, feats in cands.items() if not _FORCE.isdisjoint(feats)
                or bias + sum(get(f, 0.0) for f in feats) >= 0}


def stance_features(stance: str, feats: Iterable[str], crossed: Iterable[str] = ()
                    ) -> list[str]:
    """The stance features of one candidate: ``st:<stance>``, and ``st:<stance>&<f>`` for
    each of its features ``f`` that starts with one of the ``crossed`` prefixes (``"*"``
    crosses every feature). Used by ``training/train_roles.py``; at run time these
    weights are folded into one table per stance (see :class:`_Scorer`)."""
    out = ["st:" + stance]
    pre = tuple(crossed)
    if pre:
        everything = "*" in pre
        out.extend(f"st:{stance}&{f}" for f in feats if everything or f.startswith(pre))
    return out


def _stance_tables(block: dict) -> dict[str, tuple[dict[str, float], float]]:
    """Per-label weight tables and biases of the ``stance`` block of ``roles.json``:
    ``labels`` maps each stance label to the name its features use (``condemnatory`` and
    ``accusatory`` share ``hostile``), whose ``st:<name>`` weight goes into the bias and
    ``st:<name>&<f>`` weights onto the weight of ``f``."""
    weights = dict(zip(block["features"], block["weights"]))
    shared = {f: w for f, w in weights.items() if not f.startswith("st:")}
    bias = block["intercept"] - math.log(block["threshold"] / (1.0 - block["threshold"]))
    out = {}
    for label, name in block["labels"].items():
        table = dict(shared)
        pre = f"st:{name}&"
        for f, w in weights.items():
            if f.startswith(pre):
                key = f[len(pre):]
                table[key] = table.get(key, 0.0) + w
        out[label] = ({f: w for f, w in table.items() if w},
                      bias + weights.get("st:" + name, 0.0))
    return out


def load_scorer(path: str | Path | None = None) -> _Scorer | None:
    """Load the learned target scorer.

    Parameters
    ----------
    path : str or Path, optional
        A ``roles.json`` written by ``training/train_roles.py``; default the packaged
        ``stance/data/roles.json``.

    Returns
    -------
    _Scorer or None
        The scorer (with its per-stance tables when the file has a ``stance`` block), or
        ``None`` when the default file is missing.
    """
    if path is None:
        res = resources.files("stance").joinpath("data/roles.json")
        if not res.is_file():
            return None
        data = json.loads(res.read_text(encoding="utf-8"))
    else:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    weights = dict(zip(data["features"], data["weights"]))
    block = data.get("stance")
    return _Scorer({f: w for f, w in weights.items() if w}, data["intercept"],
                   data["threshold"], _stance_tables(block) if block else None)
