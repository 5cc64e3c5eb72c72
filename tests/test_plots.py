"""Plots render to valid, non-empty PNG files."""

from __future__ import annotations

import pytest

from stance.model import LABELS
from stance.profiles import profile
from stance.results import SentenceResult

pytest.importorskip("matplotlib")

from stance.plots import plot_country_series, plot_dyads, plot_shares  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _sentences():
    rows = [
        ("Japan condemned the launch by North Korea.", "condemnatory", ["JPN"], ["PRK"], 2021),
        ("Japan welcomed the summit with Korea.", "cooperative", ["JPN"], ["KOR"], 2022),
        ("Tokyo accused Pyongyang of violations.", "accusatory", ["JPN"], ["PRK"], 2023),
        ("Seoul thanked the United Nations.", "cooperative", ["KOR"], ["UN"], 2023),
        ("Korea said the talks continue.", "neutral", ["KOR"], [], 2022),
    ]
    for text, lab, src, tgt, year in rows:
        probs = {x: float(x == lab) for x in LABELS}
        yield SentenceResult(text, 0, len(text), lab, probs, src, tgt, year=year)


def _is_png(path) -> bool:
    data = path.read_bytes()
    return data.startswith(PNG_MAGIC) and len(data) > 2000


def test_share_plot(tmp_path) -> None:
    out = tmp_path / "shares.png"
    plot_shares(profile(_sentences()), out, top=5)
    assert _is_png(out)


def test_country_series_plot(tmp_path) -> None:
    out = tmp_path / "series.png"
    plot_country_series(profile(_sentences(), by=("country", "year")), "JPN", out)
    assert _is_png(out)


def test_series_needs_yearly_profiles() -> None:
    with pytest.raises(ValueError, match="by=\\('country', 'year'\\)"):
        plot_country_series(profile(_sentences()), "JPN")


def test_dyad_heatmap(tmp_path) -> None:
    out = tmp_path / "dyads.png"
    plot_dyads(profile(_sentences()), out, label="condemnatory")
    assert _is_png(out)
