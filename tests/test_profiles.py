"""Per-country profiles: counting rules, shares, net score, dyads and exports."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from stance.model import LABELS
from stance.profiles import Profiles, profile, wilson_interval
from stance.results import DocumentResult, SentenceResult


def sent(text, stance, source, target, year=2023, p=None):
    probs = p or {lab: (1.0 if lab == stance else 0.0) for lab in LABELS}
    return SentenceResult(text=text, start=0, end=len(text), stance=stance, probabilities=probs,
                          source=source, target=target, year=year)


@pytest.fixture()
def doc() -> DocumentResult:
    return DocumentResult([
        sent("Japan condemned North Korea's missile launch.", "condemnatory", ["JPN"], ["PRK"]),
        sent("Tokyo accused Pyongyang of violating resolutions.", "accusatory", ["JPN"], ["PRK"]),
        sent("Seoul and Tokyo agreed to expand drills.", "cooperative", ["JPN", "KOR"],
             ["JPN", "KOR"]),
        sent("Japan thanked the Secretary-General.", "cooperative", ["JPN"], ["UN"], year=2022),
        sent("The talks resume in Geneva on Monday.", "neutral", [], []),
        sent("Japan said the talks would resume.", "neutral", ["JPN"], []),
    ])


def test_counts_shares_and_net(doc: DocumentResult) -> None:
    prof = {p["country"]: p for p in profile([doc]).to_dict()["profiles"]}
    jpn = prof["JPN"]["as_source"]
    assert jpn["n"] == 5
    assert jpn["counts"] == {"cooperative": 2, "condemnatory": 1, "accusatory": 1, "neutral": 1}
    assert jpn["shares"]["neutral"] == pytest.approx(0.2)
    assert jpn["stance_bearing"] == 4
    assert jpn["net"] == pytest.approx(0.0)
    low, high = jpn["net_ci95"]
    assert -1 <= low < 0 < high <= 1
    assert prof["PRK"]["as_target"]["counts"]["condemnatory"] == 1
    assert prof["PRK"]["as_source"]["n"] == 0


def test_joint_act_counts_both_directions_without_self_loops(doc: DocumentResult) -> None:
    prof = {p["country"]: p for p in profile([doc]).to_dict()["profiles"]}
    assert prof["KOR"]["toward"] == {"JPN": {"cooperative": 1, "condemnatory": 0,
                                             "accusatory": 0, "neutral": 0}}
    assert "JPN" not in prof["JPN"]["toward"]
    assert prof["JPN"]["toward"]["PRK"]["accusatory"] == 1


def test_dyad_matrix_and_top_partners(doc: DocumentResult) -> None:
    prof = profile([doc])
    actors, mat = prof.dyad_matrix("condemnatory")
    assert mat[actors.index("JPN"), actors.index("PRK")] == 1
    assert mat.sum() == 1
    assert prof.top_partners("JPN", 2) == [("PRK", 2), ("KOR", 1)]


def test_by_year_splits_profiles(doc: DocumentResult) -> None:
    prof = profile([doc], by=("country", "year"))
    keys = prof.keys()
    assert ("JPN", 2022) in keys and ("JPN", 2023) in keys
    row = {(r["country"], r["year"]): r for r in prof.rows()}
    assert row[("JPN", 2022)]["cooperative"] == 1
    assert row[("JPN", 2023)]["n_source"] == 4


def test_probability_weighting_sums_probabilities() -> None:
    p = {"cooperative": 0.6, "condemnatory": 0.3, "accusatory": 0.0, "neutral": 0.1}
    s = sent("France welcomed the accord.", "cooperative", ["FRA"], ["DEU"], p=p)
    out = profile([s, s], weight="probability").to_dict()["profiles"]
    fra = next(x for x in out if x["country"] == "FRA")["as_source"]
    assert fra["counts"]["cooperative"] == pytest.approx(1.2)
    assert fra["counts"]["condemnatory"] == pytest.approx(0.6)


def test_merge_equals_one_pass(doc: DocumentResult) -> None:
    one = profile([doc]).to_dict()
    a = Profiles(list(LABELS)).add(doc.sentences[:3])
    b = Profiles(list(LABELS)).add(doc.sentences[3:])
    assert a.merge(b).to_dict() == one


def test_exports_are_consistent(doc: DocumentResult) -> None:
    prof = profile([doc])
    parsed = json.loads(prof.to_json())
    rows = list(csv.DictReader(io.StringIO(prof.to_csv())))
    assert [r["country"] for r in rows] == [p["country"] for p in parsed["profiles"]]
    frame = prof.to_frame()
    assert list(frame["country"]) == [r["country"] for r in rows]
    assert frame.loc[frame.country == "JPN", "n_source"].item() == 5


def test_foreign_label_set_has_no_net_score() -> None:
    probs = {"ACCUSE": 1.0, "CONSULT": 0.0}
    s = SentenceResult("Iran accused the US.", 0, 20, "ACCUSE", probs, ["IRN"], ["USA"])
    src = profile([s]).to_dict()["profiles"][0]["as_source"]
    assert "net" not in src and src["counts"]["ACCUSE"] == 1


def test_bad_arguments_are_refused(doc: DocumentResult) -> None:
    with pytest.raises(ValueError, match="by must be"):
        profile([doc], by=("year",))
    with pytest.raises(ValueError, match="weight must be"):
        profile([doc], weight="tfidf")
    with pytest.raises(TypeError, match="DocumentResult or SentenceResult"):
        profile(["Japan condemned the launch."])


def test_wilson_interval_properties() -> None:
    low, high = wilson_interval(0, 10)
    assert low == 0 and 0.2 < high < 0.35
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    wide, narrow = wilson_interval(5, 10), wilson_interval(500, 1000)
    assert (wide[1] - wide[0]) > (narrow[1] - narrow[0])
