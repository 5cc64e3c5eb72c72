"""Figures of stance profiles (needs the optional ``matplotlib`` extra).

Each function draws on a new figure, saves it when ``path`` is given (PNG by
the file suffix) and returns the figure.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from stance.profiles import Profiles

COLOURS = {"cooperative": "#2b8cbe", "neutral": "#d9d9d9", "condemnatory": "#fd8d3c",
           "accusatory": "#bd0026"}
_ORDER = ("cooperative", "neutral", "condemnatory", "accusatory")


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plots need matplotlib: pip install 'stance[plot]'") from exc
    return plt


def _labels(profiles: Profiles) -> list[str]:
    known = [lab for lab in _ORDER if lab in profiles.labels]
    return known + [lab for lab in profiles.labels if lab not in known]


def _by_country(table: dict[tuple, list[float]]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(next(iter(table.values()))))
    for key, vec in table.items():
        acc = out[key[0]]
        for i, v in enumerate(vec):
            acc[i] += v
    return out


def _save(fig: Any, path: str | Path | None) -> Any:
    if path is not None:
        fig.savefig(path, dpi=120, bbox_inches="tight")
    return fig


def plot_shares(profiles: Profiles, path: str | Path | None = None, top: int = 20,
                stance_only: bool = False) -> Any:
    """Stacked stance shares of the ``top`` most active source countries.

    Parameters
    ----------
    profiles : Profiles
        The aggregated profiles (any keys; years are summed).
    path : str or Path, optional
        Where to save the figure (PNG).
    top : int, default=20
        Number of countries, by number of sentences as source.
    stance_only : bool, default=False
        Leave neutral sentences out of the shares.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _pyplot()
    labels = [lab for lab in _labels(profiles) if not (stance_only and lab == "neutral")]
    cols = [profiles.labels.index(lab) for lab in labels]
    totals = _by_country(profiles.sent) if profiles.sent else {}
    ranked = sorted(totals, key=lambda a: (-sum(totals[a]), a))[:top]
    fig, ax = plt.subplots(figsize=(8, 0.3 * max(len(ranked), 3) + 1.2))
    left = [0.0] * len(ranked)
    for lab, col in zip(labels, cols):
        shares = []
        for actor in ranked:
            denom = sum(totals[actor][c] for c in cols) or 1.0
            shares.append(totals[actor][col] / denom)
        ax.barh(ranked, shares, left=left, color=COLOURS.get(lab), label=lab)
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of stance-bearing sentences as source" if stance_only
                  else "share of sentences as source")
    ax.set_title(f"Stance shares, {len(ranked)} most active countries")
    ax.legend(ncol=len(labels), loc="lower center", bbox_to_anchor=(0.5, 1.06), frameon=False)
    return _save(fig, path)


def plot_country_series(profiles: Profiles, country: str,
                        path: str | Path | None = None) -> Any:
    """Yearly stance shares (lines) and net score of one country.

    Parameters
    ----------
    profiles : Profiles
        Profiles built with ``by=("country", "year")``.
    country : str
        The actor code.
    path : str or Path, optional
        Where to save the figure (PNG).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if profiles.by != ("country", "year"):
        raise ValueError("a yearly series needs profiles built with by=('country', 'year')")
    plt = _pyplot()
    years = sorted(k[1] for k in profiles.sent if k[0] == country and k[1] is not None)
    if not years:
        raise ValueError(f"no yearly profile for {country!r}")
    fig, ax = plt.subplots(figsize=(9, 4))
    for lab in _labels(profiles):
        if lab == "neutral":
            continue
        col = profiles.labels.index(lab)
        ys = []
        for year in years:
            vec = profiles.sent[(country, year)]
            ys.append(vec[col] / (sum(vec) or 1.0))
        ax.plot(years, ys, marker=".", color=COLOURS.get(lab), label=lab)
    ax.set_ylabel("share of its sentences")
    ax.set_title(f"{country}: stance by year")
    ax.legend(frameon=False)
    return _save(fig, path)


def plot_dyads(profiles: Profiles, path: str | Path | None = None, label: str | None = None,
               top: int = 15) -> Any:
    """Heatmap of directed dyads (source rows, target columns) among the busiest actors.

    Parameters
    ----------
    profiles : Profiles
        The aggregated profiles.
    path : str or Path, optional
        Where to save the figure (PNG).
    label : str, optional
        Count only this stance (all stances when ``None``).
    top : int, default=15
        Number of actors, by total dyad counts sent and received.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import numpy as np

    plt = _pyplot()
    actors, mat = profiles.dyad_matrix(label)
    if not actors:
        raise ValueError("no directed dyads to draw")
    activity = np.asarray(mat.sum(axis=0)).ravel() + np.asarray(mat.sum(axis=1)).ravel()
    keep = sorted(np.argsort(-activity, kind="stable")[:top])
    sub = mat[keep][:, keep].toarray()
    names = [actors[i] for i in keep]
    fig, ax = plt.subplots(figsize=(0.45 * len(names) + 2, 0.45 * len(names) + 1.5))
    image = ax.imshow(sub, cmap="Reds" if label in ("condemnatory", "accusatory") else "Blues")
    ax.set_xticks(range(len(names)), names, rotation=90)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("target")
    ax.set_ylabel("source")
    ax.set_title(f"Directed dyads: {label or 'all stances'}")
    fig.colorbar(image, ax=ax, shrink=0.7, label="sentences")
    return _save(fig, path)
