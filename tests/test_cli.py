"""The command line: contracts of analyze, classify, profile, train, evaluate; error paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import stance
from stance.cli import main
from stance.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data" / "examples" / "article.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_jsonl_has_one_record_per_split_sentence(capsys) -> None:
    code, out, _ = run(capsys, "analyze", str(EXAMPLE), "--format", "jsonl")
    assert code == 0
    text = EXAMPLE.read_text(encoding="utf-8")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(split_sentences(text))
    for rec in records:
        assert set(rec) == {"text", "start", "end", "stance", "probabilities", "source", "target"}
        assert text[rec["start"]:rec["end"]].replace("\n", " ") == rec["text"]
        assert sum(rec["probabilities"].values()) == pytest.approx(1.0, abs=1e-4)
        assert rec["stance"] == max(rec["probabilities"], key=rec["probabilities"].get)


def test_analyze_finds_the_example_actors(capsys) -> None:
    _, out, _ = run(capsys, "analyze", str(EXAMPLE), "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    condemn = next(r for r in records if "condemned North Korea" in r["text"])
    assert condemn["stance"] == "condemnatory"
    assert "JPN" in condemn["source"] and "PRK" in condemn["target"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_analyze_other_formats(capsys, fmt: str) -> None:
    code, out, _ = run(capsys, "analyze", str(EXAMPLE), "--format", fmt)
    assert code == 0
    n = len(split_sentences(EXAMPLE.read_text(encoding="utf-8")))
    if fmt == "json":
        assert len(json.loads(out)["sentences"]) == n
    elif fmt == "csv":
        assert len(out.strip().splitlines()) == n + 1
    else:
        assert len(out.strip().splitlines()) == n + 1


def test_analyze_speaker_makes_first_person_the_source(capsys, tmp_path) -> None:
    f = tmp_path / "speech.txt"
    f.write_text("My delegation strongly condemns the occupation of our islands.\n", "utf-8")
    _, out, _ = run(capsys, "analyze", str(f), "--speaker", "ARG", "--format", "jsonl")
    rec = json.loads(out)
    assert rec["source"] == ["ARG"]


def test_classify_contract(capsys, tmp_path) -> None:
    lines = [
        {"id": "a1", "text": "Japan condemned the missile launch by North Korea."},
        {"id": 7, "text": "We welcome the peace accord.", "speaker": "KOR"},
        {"id": "a3", "text": "of our islands in violation of resolution 502.",
         "context": "The United Kingdom continues its illegal occupation", "speaker": "ARG"},
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", "utf-8")
    code, out, _ = run(capsys, "classify", str(f))
    assert code == 0
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in recs] == ["a1", 7, "a3"]
    for rec in recs:
        assert set(rec) == {"id", "stance", "probabilities", "source", "target"}
    assert recs[0]["stance"] == "condemnatory" and recs[0]["source"] == ["JPN"]
    assert recs[1]["stance"] == "cooperative" and recs[1]["source"] == ["KOR"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"id": 1, "text": "Fine."}\n{"id": 2, "text": \n', "line 2: invalid JSON"),
        (b'{"id": 1, "text": "Fine."}\n{"id": 2}\n', "line 2: missing field 'text'"),
        (b'{"id": 1, "text": 5}\n', "line 1: field 'text' must be a string"),
        (b'["text"]\n', "line 1: expected a JSON object"),
        (b'{"id": 1, "text": "ok", "speaker": 3}\n', "line 1: field 'speaker' must be a string"),
    ],
)
def test_classify_bad_lines(capsys, tmp_path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_bytes(content)
    code, out, err = run(capsys, "classify", str(f))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "no text to analyse"),
        (b"  \n\t\n ", "no text to analyse"),
        ("Caf\u00e9 diplomacy".encode("latin-1"), "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_analyze_bad_files(capsys, tmp_path, content: bytes, message: str) -> None:
    f = tmp_path / "doc.txt"
    f.write_bytes(content)
    code, _, err = run(capsys, "analyze", str(f))
    assert code == 2
    assert message in err and str(f) in err and "Traceback" not in err


def test_missing_file_is_one_line_error(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "analyze", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err


def test_profile_json_contract(capsys, tmp_path) -> None:
    speech = tmp_path / "speech.jsonl"
    docs = [
        {"id": "JPN_78_2023", "country": "JPN", "year": 2023,
         "text": "We condemn the launch of ballistic missiles by North Korea. We welcome "
                 "the cooperation of the Republic of Korea."},
        {"id": "KOR_78_2023", "country": "KOR", "year": 2023,
         "text": "We thank Japan for its partnership."},
    ]
    speech.write_text("\n".join(json.dumps(d) for d in docs) + "\n", "utf-8")
    code, out, _ = run(capsys, "profile", str(speech), str(EXAMPLE), "--format", "json",
                       "--by", "country,year", "--quiet")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"labels", "by", "weight", "n_sentences", "profiles"}
    by_key = {(p["country"], p["year"]): p for p in data["profiles"]}
    jpn = by_key[("JPN", 2023)]
    assert jpn["as_source"]["counts"]["condemnatory"] >= 1
    assert "PRK" in jpn["toward"]


def test_train_and_evaluate_on_a_foreign_scheme(capsys, tmp_path) -> None:
    rows = ["sentence\tcode"]
    base = [("Iran condemned the decision of the court.", "ACCUSE"),
            ("The ministers met in Vienna to discuss the deal.", "CONSULT"),
            ("Troops attacked the border post overnight.", "ASSAULT"),
            ("Germany pledged aid to the flood victims.", "AID")]
    for i in range(6):
        rows += [f"{t} ({i})\t{c}" for t, c in base]
    f = tmp_path / "plv.tsv"
    f.write_text("\n".join(rows) + "\n", "utf-8")
    out_dir = tmp_path / "model"
    code, out, _ = run(capsys, "train", str(f), "--text-col", "sentence", "--label-col", "code",
                       "--cv", "3", "--model-out", str(out_dir), "--params", '{"min_df": 1}')
    assert code == 0 and "macro-F1" in out
    assert (out_dir / "model.json").is_file()
    code, out, _ = run(capsys, "evaluate", str(out_dir), str(f), "--text-col", "sentence",
                       "--label-col", "code")
    assert code == 0 and "ASSAULT" in out
    jl = tmp_path / "c.jsonl"
    jl.write_text(json.dumps({"id": 1, "text": "Troops attacked the border post."}) + "\n")
    code, out, _ = run(capsys, "classify", str(jl), "--model", str(out_dir))
    assert json.loads(out)["stance"] == "ASSAULT"


@pytest.mark.parametrize(
    "table, args, message",
    [
        ("text,label\nWe condemn it.,condemnatory\n", ["--label-col", "stance"],
         "no column 'stance'"),
        ("text,stance\n ,neutral\nWe condemn.,condemnatory\n", [], "line 2: empty or missing"),
        ("text,stance\nWe condemn.,condemnatory\nWe welcome.,cooperative\n"
         "We reject.,condemnatory\n", [], "fewer than 2 examples"),
        ("id,text,stance\n1,A.,x\n1,B.,y\n2,C.,x\n3,D.,y\n", [], "duplicate id '1'"),
    ],
)
def test_train_rejects_bad_data_before_training(capsys, tmp_path, table, args, message) -> None:
    f = tmp_path / "d.csv"
    f.write_text(table, "utf-8")
    code, _, err = run(capsys, "train", str(f), "--model-out", str(tmp_path / "m"), *args)
    assert code == 2 and message in err
    assert not (tmp_path / "m").exists()


def test_console_script_runs_as_a_process(tmp_path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(stance.__file__).resolve().parents[1])}
    proc = subprocess.run([sys.executable, "-m", "stance.cli", "analyze", "-", "--format", "jsonl"],
                          input="France welcomed the agreement.", capture_output=True, text=True,
                          cwd=tmp_path, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["source"] == ["FRA"]


def test_profile_reads_directories_and_plots(capsys, tmp_path) -> None:
    pytest.importorskip("matplotlib")
    corpus = tmp_path / "statements"
    (corpus / "2023").mkdir(parents=True)
    (corpus / "2023" / "fra.txt").write_text(
        "France strongly condemned the missile launch by North Korea. "
        "France welcomed the agreement between Japan and the Republic of Korea.", "utf-8")
    (corpus / "ignored.md").write_text("Not a text file for the corpus.", "utf-8")
    png = tmp_path / "shares.png"
    code, out, _ = run(capsys, "profile", str(corpus), "--format", "csv", "--plot", str(png),
                       "--quiet")
    assert code == 0
    rows = {line.split(",")[0]: line for line in out.strip().splitlines()[1:]}
    assert "FRA" in rows
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 2000


def test_profile_rejects_empty_directory(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "profile", str(tmp_path), "--quiet")
    assert code == 2 and "holds no .txt files" in err


def test_train_rejects_mixed_label_types(capsys, tmp_path) -> None:
    f = tmp_path / "d.jsonl"
    rows = [{"text": "We condemn it.", "stance": 1}, {"text": "We welcome it.", "stance": "coop"},
            {"text": "We deplore it.", "stance": 1}, {"text": "We thank them.", "stance": "coop"}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    code, _, err = run(capsys, "train", str(f), "--model-out", str(tmp_path / "m"))
    assert code == 2 and "mixes value types" in err


def test_train_grouped_cv_needs_enough_groups(capsys, tmp_path) -> None:
    f = tmp_path / "d.csv"
    f.write_text("text,stance,doc\nWe condemn it.,c,a\nWe welcome it.,w,a\n"
                 "We deplore it.,c,b\nWe thank them.,w,b\n", "utf-8")
    code, _, err = run(capsys, "train", str(f), "--group-col", "doc", "--cv", "5",
                       "--model-out", str(tmp_path / "m"))
    assert code == 2 and "only 2 groups for 5-fold" in err
