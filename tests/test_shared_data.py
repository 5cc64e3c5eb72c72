"""End-to-end checks on the real research data in ../shared (skipped when it is absent)."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from stance.cli import main
from stance.io import iter_corpus
from stance.pipeline import Analyzer, profile_corpus
from stance.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DIPSTANCE = SHARED / "dipstance" / "train.jsonl"
UNGDC = SHARED / "ungdc_1946_2023.jsonl.gz"
PLV = SHARED / "plv" / "train.tsv"

needs_dipstance = pytest.mark.skipif(not DIPSTANCE.is_file(),
                                     reason=f"DipStance data not found at {DIPSTANCE}")
needs_ungdc = pytest.mark.skipif(not UNGDC.is_file(), reason=f"UNGDC corpus not found at {UNGDC}")
needs_plv = pytest.mark.skipif(not PLV.is_file(), reason=f"PLV data not found at {PLV}")


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@needs_dipstance
def test_classify_real_sentences_one_record_per_line(tmp_path, capsys) -> None:
    with DIPSTANCE.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in itertools.islice(fh, 400)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "speaker": r["speaker"],
                                       "context": r["context"]}) + "\n" for r in rows), "utf-8")
    assert main(["classify", str(src)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in rows]
    labels = {"cooperative", "condemnatory", "accusatory", "neutral"}
    assert all(o["stance"] in labels for o in out)
    # the shipped model was trained on this file: it should reproduce most of it
    agree = sum(o["stance"] == r["stance"] for o, r in zip(out, rows)) / len(rows)
    assert agree > 0.75
    bearing = [(o, r) for o, r in zip(out, rows) if r["stance"] != "neutral" and r["source"]]
    hit = sum(bool(set(o["source"]) & set(r["source"])) for o, r in bearing) / len(bearing)
    assert hit > 0.8


@needs_ungdc
def test_real_speeches_lose_no_sentence(analyzer: Analyzer) -> None:
    with gzip.open(UNGDC, "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in itertools.islice(fh, 0, 4000, 400)]
    for doc in docs:
        result = analyzer.analyze(doc["text"], speaker=doc["country"], date=doc["year"])
        spans = split_sentences(doc["text"])
        assert len(result) == len(spans) > 10
        assert [(s.start, s.end) for s in result] == [(s.start, s.end) for s in spans]
        first_person = [s for s in result if s.text.startswith("We ") and s.stance != "neutral"]
        assert all(doc["country"] in s.source for s in first_person)


@needs_ungdc
def test_profile_reads_the_ungdc_file_format(tmp_path) -> None:
    with gzip.open(UNGDC, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 6))
    part = tmp_path / "part.jsonl.gz"
    with gzip.open(part, "wt", encoding="utf-8") as fh:
        fh.writelines(lines)
    countries = {json.loads(line)["country"] for line in lines}
    prof = profile_corpus(iter_corpus([part]), by=("country", "year"))
    speakers = {k[0] for k in prof.sent}
    assert countries <= speakers
    years = {k[1] for k in prof.sent}
    assert years == {json.loads(line)["year"] for line in lines}


@needs_plv
def test_plv_file_trains_a_foreign_scheme(tmp_path, capsys) -> None:
    out = tmp_path / "plv-model"
    code = main(["train", str(PLV), "--text-col", "marked_sentence", "--label-col", "gold_root",
                 "--cv", "0", "--model-out", str(out)])
    assert code == 0
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert len(meta["classes"]) == 15 and "ACCUSE" in meta["classes"]
