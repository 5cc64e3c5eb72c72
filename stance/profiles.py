"""Per-country stance profiles: counts, shares, net score, directed dyads, years.

Counting rules
--------------
* A sentence counts once for **each** of its sources (it is not split among
  them) and once as *received* for each of its targets.
* A directed dyad ``(s, t)`` counts once per sentence for every source ``s``
  and target ``t`` with ``s != t`` (joint acts list both parties on both
  sides, so they count in both directions).
* With ``weight="count"`` a sentence adds 1 to its predicted label; with
  ``weight="probability"`` it adds each label's probability, so the
  totals are expected counts under the model.
* Shares are over all sentences the actor is a source of, neutral included.
  The net score only looks at stance-bearing sentences:
  ``net = (cooperative - condemnatory - accusatory) / stance-bearing``, in
  ``[-1, 1]``.  As ``net = 2q - 1`` where ``q`` is the cooperative share of
  the stance-bearing sentences, its 95% interval is the Wilson score
  interval of ``q`` mapped through ``2q - 1``.  The net score exists only
  for label sets containing the three DipStance stance labels.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from stance.results import DocumentResult, SentenceResult

NEGATIVE = ("condemnatory", "accusatory")
POSITIVE = "cooperative"
NEUTRAL = "neutral"
_BY = {("country",), ("country", "year")}


def wilson_interval(successes: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion.

    Parameters
    ----------
    successes : float
        Number of successes (may be fractional under probability weighting).
    n : float
        Number of trials.
    z : float, default=1.959964
        Normal quantile (95% by default).

    Returns
    -------
    (low, high) : tuple of float
        ``(nan, nan)`` when ``n`` is 0.

    Examples
    --------
    >>> [round(v, 3) for v in wilson_interval(8, 10)]
    [0.49, 0.943]
    """
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _iter_sentences(results: Iterable[Any]) -> Iterable[SentenceResult]:
    for item in results:
        if isinstance(item, DocumentResult):
            yield from item.sentences
        elif isinstance(item, SentenceResult):
            yield item
        else:
            raise TypeError(
                f"profile() takes DocumentResult or SentenceResult items, got {type(item).__name__}"
            )


class Profiles:
    """Accumulated stance profiles, keyed by actor (and year).

    Build with :func:`profile`; merge partial profiles with :meth:`merge`.

    Parameters
    ----------
    labels : sequence of str
        The label set, in output order.
    by : tuple of str
        ``("country",)`` or ``("country", "year")``.
    weight : {"count", "probability"}
        How a sentence adds to the counts.
    """

    def __init__(self, labels: Sequence[str], by: tuple[str, ...] = ("country",),
                 weight: str = "count") -> None:
        if tuple(by) not in _BY:
            raise ValueError(f"by must be ('country',) or ('country', 'year'), got {by!r}")
        if weight not in ("count", "probability"):
            raise ValueError(f"weight must be 'count' or 'probability', got {weight!r}")
        self.labels = list(labels)
        self.by = tuple(by)
        self.weight = weight
        zeros = partial(_zeros, len(self.labels))
        self.sent: dict[tuple, list[float]] = defaultdict(zeros)
        self.received: dict[tuple, list[float]] = defaultdict(zeros)
        self.dyads: dict[tuple, list[float]] = defaultdict(zeros)
        self.n_sentences = 0

    def _zeros(self) -> list[float]:
        return _zeros(len(self.labels))

    def _key(self, actor: str, year: int | None) -> tuple:
        return (actor, year) if len(self.by) == 2 else (actor,)

    def add(self, sentences: Iterable[SentenceResult]) -> Profiles:
        """Add sentence results to the counts; returns ``self``."""
        index = {lab: i for i, lab in enumerate(self.labels)}
        by_prob = self.weight == "probability"
        for s in sentences:
            self.n_sentences += 1
            if not s.source and not s.target:
                continue
            if by_prob:
                vec = [float(s.probabilities.get(lab, 0.0)) for lab in self.labels]
            else:
                if s.stance not in index:
                    raise ValueError(f"stance {s.stance!r} is not in the label set {self.labels}")
                vec = self._zeros()
                vec[index[s.stance]] = 1.0
            for actor in set(s.source):
                _add(self.sent[self._key(actor, s.year)], vec)
                for tgt in set(s.target):
                    if tgt != actor:
                        _add(self.dyads[self._key(actor, s.year) + (tgt,)], vec)
            for actor in set(s.target):
                _add(self.received[self._key(actor, s.year)], vec)
        return self

    def merge(self, other: Profiles) -> Profiles:
        """Add another accumulator's counts (same labels, keys and weighting) into this one."""
        if (other.labels, other.by, other.weight) != (self.labels, self.by, self.weight):
            raise ValueError("cannot merge profiles with different labels, keys or weighting")
        for mine, theirs in ((self.sent, other.sent), (self.received, other.received),
                             (self.dyads, other.dyads)):
            for key, vec in theirs.items():
                _add(mine[key], vec)
        self.n_sentences += other.n_sentences
        return self

    # --------------------------------------------------------------- views
    def keys(self) -> list[tuple]:
        """Return every profile key (actors seen as source or target), sorted."""
        return sorted(set(self.sent) | set(self.received), key=lambda k: tuple(map(str, k)))

    def summary(self, counts: Sequence[float]) -> dict[str, Any]:
        """Return counts, shares, and net score with its interval for one count vector."""
        total = sum(counts)
        out: dict[str, Any] = {
            "n": _num(total),
            "counts": {lab: _num(c) for lab, c in zip(self.labels, counts)},
            "shares": {lab: (c / total if total else 0.0) for lab, c in zip(self.labels, counts)},
        }
        if POSITIVE in self.labels and all(n in self.labels for n in NEGATIVE):
            by_lab = dict(zip(self.labels, counts))
            pos, neg = by_lab[POSITIVE], sum(by_lab[n] for n in NEGATIVE)
            bearing = pos + neg
            low, high = wilson_interval(pos, bearing)
            out["stance_bearing"] = _num(bearing)
            out["net"] = (pos - neg) / bearing if bearing else None
            out["net_ci95"] = [2 * low - 1, 2 * high - 1] if bearing else None
        return out

    def _partners(self) -> dict[tuple, dict[str, list[float]]]:
        """Group the dyad counts by profile key: ``{key: {target: counts}}``."""
        grouped: dict[tuple, dict[str, list[float]]] = defaultdict(dict)
        for key, vec in self.dyads.items():
            grouped[key[:-1]][key[-1]] = vec
        return grouped

    def top_partners(self, actor: str, n: int = 5, label: str | None = None,
                     year: int | None = None) -> list[tuple[str, float]]:
        """Return the ``n`` targets ``actor`` addressed most (optionally with one label).

        With ``by=("country", "year")``, ``year=None`` sums over all years.
        """
        col = None if label is None else self.labels.index(label)
        totals: dict[str, float] = defaultdict(float)
        for key, vec in self.dyads.items():
            if key[0] != actor or (len(self.by) == 2 and year is not None and key[1] != year):
                continue
            totals[key[-1]] += sum(vec) if col is None else vec[col]
        return _ranked(totals, n)

    def dyad_matrix(self, label: str | None = None):
        """Return ``(actors, matrix)``: a sparse source x target matrix of counts.

        Parameters
        ----------
        label : str, optional
            Count only this label; all labels when ``None``.

        Returns
        -------
        actors : list of str
            Row and column order.
        matrix : scipy.sparse.csr_matrix
        """
        import scipy.sparse as sp

        actors = sorted({k[0] for k in self.dyads} | {k[-1] for k in self.dyads})
        pos = {a: i for i, a in enumerate(actors)}
        col = None if label is None else self.labels.index(label)
        rows, cols, vals = [], [], []
        for key, vec in self.dyads.items():
            rows.append(pos[key[0]])
            cols.append(pos[key[-1]])
            vals.append(sum(vec) if col is None else vec[col])
        mat = sp.csr_matrix((vals, (rows, cols)), shape=(len(actors), len(actors)))
        return actors, mat

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """Return all profiles as JSON-ready dicts (the ``--format json`` output)."""
        profiles = []
        partners = self._partners()
        for key in self.keys():
            entry: dict[str, Any] = {"country": key[0]}
            if len(self.by) == 2:
                entry["year"] = key[1]
            entry["as_source"] = self.summary(self.sent.get(key, self._zeros()))
            entry["as_target"] = self.summary(self.received.get(key, self._zeros()))
            toward = partners.get(key, {})
            entry["toward"] = {
                tgt: {lab: _num(c) for lab, c in zip(self.labels, toward[tgt])}
                for tgt in sorted(toward)
            }
            totals = {tgt: sum(vec) for tgt, vec in toward.items()}
            entry["top_partners"] = [{"target": t, "n": c} for t, c in _ranked(totals, top)]
            profiles.append(entry)
        return {"labels": self.labels, "by": list(self.by), "weight": self.weight,
                "n_sentences": self.n_sentences, "profiles": profiles}

    def to_json(self, indent: int | None = 2) -> str:
        """Return :meth:`to_dict` as a JSON string."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def rows(self) -> list[dict[str, Any]]:
        """Return one flat row per profile key (the ``--format csv`` and table output)."""
        rows = []
        for key in self.keys():
            row: dict[str, Any] = {"country": key[0]}
            if len(self.by) == 2:
                row["year"] = key[1]
            src = self.summary(self.sent.get(key, self._zeros()))
            row["n_source"] = src["n"]
            for lab in self.labels:
                row[f"{lab}"] = src["counts"][lab]
            for lab in self.labels:
                row[f"share_{lab}"] = round(src["shares"][lab], 4)
            if "net" in src:
                row["net"] = None if src["net"] is None else round(src["net"], 4)
                ci = src["net_ci95"] or [None, None]
                row["net_low"], row["net_high"] = (None if v is None else round(v, 4) for v in ci)
            row["n_target"] = self.summary(self.received.get(key, self._zeros()))["n"]
            rows.append(row)
        return rows

    def to_csv(self) -> str:
        """Return :meth:`rows` as CSV text."""
        rows = self.rows()
        buf = io.StringIO()
        if rows:
            writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return buf.getvalue()

    def to_frame(self):
        """Return :meth:`rows` as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'stance[pandas]'") from exc
        return pd.DataFrame(self.rows())


def _ranked(totals: dict[str, float], n: int) -> list[tuple[str, float]]:
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(t, _num(v)) for t, v in ranked[:n] if v > 0]


def _zeros(n: int) -> list[float]:
    return [0.0] * n


def _add(acc: list[float], vec: Sequence[float]) -> None:
    for i, v in enumerate(vec):
        acc[i] += v


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def profile(
    results: Iterable[DocumentResult | SentenceResult],
    by: tuple[str, ...] = ("country",),
    weight: str = "count",
    labels: Sequence[str] | None = None,
) -> Profiles:
    """Aggregate sentence results into per-country stance profiles.

    Parameters
    ----------
    results : iterable of DocumentResult or SentenceResult
        Output of :func:`stance.analyze` or :meth:`stance.Analyzer.classify`.
    by : tuple of str, default=("country",)
        ``("country",)`` or ``("country", "year")``.
    weight : {"count", "probability"}, default="count"
        Add 1 per sentence to its predicted label, or each label's probability.
    labels : sequence of str, optional
        The label set; by default taken from the first sentence's probabilities.

    Returns
    -------
    Profiles

    Examples
    --------
    >>> import stance
    >>> doc = stance.analyze("Japan condemned the missile launch by North Korea.")
    >>> stance.profile([doc]).to_dict()["profiles"][0]["country"]
    'JPN'
    """
    sentences = list(_iter_sentences(results))
    if labels is None:
        labels = list(sentences[0].probabilities) if sentences else []
    return Profiles(labels, by=by, weight=weight).add(sentences)
