"""Sentence splitting: Punkt parameters in JSON, layout rules, offsets, training."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

import stance.sentences as sentences
from stance.results import Span
from stance.sentences import (
    EXTRA_ABBREVIATIONS,
    NEVER_FINAL_ABBREVIATIONS,
    SentenceSplitter,
    load_punkt_parameters,
    parameters_from_json,
    parameters_to_json,
    prepare_training_text,
    split_sentences,
    train_parameters,
)

MODERN_SPEECH = (
    "Mr. President, allow me at the outset to congratulate you on your election. "
    "My delegation also thanks H.E. Mr. Antonio Guterres, the Secretary-General, "
    "for his leadership.\n\n"
    "The U.S. Government and the U.N. Secretariat agreed on a plan of action in 2023. "
    "Growth in our region reached 3.5 per cent last year, compared with 2.1 per cent "
    "in 2022. Resolution No. 242 of the Security Council remains the basis of a just "
    "peace. Dr. Amina Mohammed and Gen. Jones visited St. Lucia and St. Kitts last "
    "month.\n\n"
    'As President John F. Kennedy said, "We choose to go to the moon." He was right. '
    '"We condemn this cowardly attack," the Minister said. Who is responsible? '
    "We must find out."
)

# An OCR'd record of the 1960s: numbered paragraphs, hard line breaks inside them,
# a hyphen split over a line, a stray full stop and a comma where a period was.
OCR_SPEECH = (
    "116.\tDuring this session, we will be celebrating the thirtieth anniversary of\n"
    "the founding of the United\nNations. On this occasion, we should not only assess\n"
    "the past, but also plan with foresight for the future. The Organ-\nization is "
    "indispensable in our view. It was founded by the peoples of the\n"
    "world. which had suffered the scourge of war,\n"
    "117.\tThe period from the inception of the United Nations to the present has\n"
    "been characterized by an increased recognition of the right of peoples to\n"
    "self-determination.\n"
    "118.\tThe realization of that right has not been an easy task. As the\n"
    "representative of the U.S.S.R. said [1332nd meeting, para. 66.] the process\n"
    "must continue.\n"
)

NEWS = (
    '"We condemn this." He said the talks would resume on 12 Oct. in Geneva.\n'
    '"Is this the end?" she asked. Officials of the U.K. and the U.S. met at 10 a.m. '
    "Thursday. Prices rose 1.25 per cent, i.e. faster than forecast, e.g. for food."
)


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def flat(text: str) -> str:
    return re.sub(r"\r\n|[\r\n]", " ", text)


# ---------------------------------------------------------------- parameter file


def test_shipped_parameters_load_as_punkt_parameters():
    params = load_punkt_parameters()
    assert isinstance(params, PunktParameters)
    assert EXTRA_ABBREVIATIONS <= params.abbrev_types
    assert {"the", "we", "however"} <= params.sent_starters
    # titles and names must not count as sentence starters ("the U.S. President")
    assert not {"president", "china", "kofi", "sir"} & params.sent_starters
    assert params.ortho_context["the"] and params.ortho_context["however"]
    assert all(isinstance(v, int) for v in params.ortho_context.values())


def test_shipped_file_is_small_and_described():
    path = Path(sentences.__file__).parent / "data" / "punkt.json"
    assert path.stat().st_size <= 3_000_000
    raw = path.read_text(encoding="utf-8")
    meta = json.loads(raw)["metadata"]
    assert meta["nltk_version"] and isinstance(meta["sample"]["seed"], int)
    assert re.fullmatch(r"[0-9a-f]{64}", meta["corpus_sha256"])
    # sorted keys and lists: reading and writing again gives the same bytes
    assert parameters_to_json(parameters_from_json(raw), meta) == raw


def test_parameters_json_round_trip(tmp_path):
    params = PunktParameters()
    params.abbrev_types = {"u.s", "mr"}
    params.collocations = {("j", "kennedy")}
    params.sent_starters = {"the"}
    params.ortho_context.update({"the": 126, "kennedy": 0, "peace": 32})
    path = tmp_path / "punkt.json"
    path.write_text(parameters_to_json(params, {"seed": 1}), encoding="utf-8")
    loaded = load_punkt_parameters(path)
    assert loaded.abbrev_types == {"u.s", "mr"}
    assert loaded.collocations == {("j", "kennedy")}
    assert loaded.sent_starters == {"the"}
    assert dict(loaded.ortho_context) == {"the": 126, "peace": 32}  # zero flags dropped
    assert loaded.ortho_context["unseen"] == 0


@pytest.mark.parametrize("raw", ['{"format": "other"}', "[1, 2]"])
def test_parameters_from_json_rejects_other_documents(raw):
    with pytest.raises(ValueError, match="parameter document"):
        parameters_from_json(raw)


# ---------------------------------------------------------------- behaviour


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Government and the U.N. Secretariat agreed on the plan.",
        "The U.K. and the U.S.S.R. signed the treaty in Moscow.",
        "Mr. President, I thank Mrs. Smith, Ms. Lee and Dr. Okafor.",
        "Gen. Jones met Prof. Kim and Sen. Brown in St. Lucia.",
        "Resolution No. 242 and Art. 51 of the Charter apply.",
        "It was said by J. F. Kennedy in Berlin.",
        "President George W. Bush spoke to Mr. A. B. Smith.",
        "Inflation fell to 3.5 per cent and growth was 2.75 per cent.",
        '"We condemn this attack," he said.',
        '"Is this the end?" she asked.',
        "It was founded by the peoples of the world. which had suffered greatly.",
        "He said: “We believe . . . that we have stopped a small war.”",
        "As stated [591st meeting, para. 66.] the process must continue.",
        "We met H.E. Mr. Ban in Washington, D.C. on Monday, i.e. last week.",
    ],
)
def test_one_sentence(text):
    assert texts(split_sentences(text)) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We condemn this." He said so.',
            ['"We condemn this."', "He said so."],
        ),
        (
            "He said: “We condemn this.” Then he left.",
            ["He said: “We condemn this.”", "Then he left."],
        ),
        (
            "He said: “U.S. Government policy is clear.” Then he left.",
            ["He said: “U.S. Government policy is clear.”", "Then he left."],
        ),
        (
            "(See the annex.) The rest follows.",
            ["(See the annex.)", "The rest follows."],
        ),
        # U.S. at a true sentence end: split only before a typical sentence starter
        (
            "We thank the U.S. We also thank Japan.",
            ["We thank the U.S.", "We also thank Japan."],
        ),
        (
            "We met in the U.S. The talks went well.",
            ["We met in the U.S.", "The talks went well."],
        ),
        (
            "It was the U.S. President who spoke.",
            ["It was the U.S. President who spoke."],
        ),
        ("We adopted Plan B. The plan worked.", ["We adopted Plan B.", "The plan worked."]),
        ("What? No! Never.", ["What?", "No!", "Never."]),
        ("He said no. We disagree.", ["He said no.", "We disagree."]),
        ("The vote was 118. The rest abstained.", ["The vote was 118.", "The rest abstained."]),
    ],
)
def test_sentence_breaks(text, expected):
    assert texts(split_sentences(text)) == expected


def test_modern_speech():
    assert texts(split_sentences(MODERN_SPEECH)) == [
        "Mr. President, allow me at the outset to congratulate you on your election.",
        "My delegation also thanks H.E. Mr. Antonio Guterres, the Secretary-General, "
        "for his leadership.",
        "The U.S. Government and the U.N. Secretariat agreed on a plan of action in 2023.",
        "Growth in our region reached 3.5 per cent last year, compared with 2.1 per cent in 2022.",
        "Resolution No. 242 of the Security Council remains the basis of a just peace.",
        "Dr. Amina Mohammed and Gen. Jones visited St. Lucia and St. Kitts last month.",
        'As President John F. Kennedy said, "We choose to go to the moon."',
        "He was right.",
        '"We condemn this cowardly attack," the Minister said.',
        "Who is responsible?",
        "We must find out.",
    ]


def test_ocr_speech():
    assert texts(split_sentences(OCR_SPEECH)) == [
        "116.\tDuring this session, we will be celebrating the thirtieth anniversary of "
        "the founding of the United Nations.",
        "On this occasion, we should not only assess the past, but also plan with "
        "foresight for the future.",
        "The Organ- ization is indispensable in our view.",
        "It was founded by the peoples of the world. which had suffered the scourge of war,",
        "117.\tThe period from the inception of the United Nations to the present has been "
        "characterized by an increased recognition of the right of peoples to "
        "self-determination.",
        "118.\tThe realization of that right has not been an easy task.",
        "As the representative of the U.S.S.R. said [1332nd meeting, para. 66.] the "
        "process must continue.",
    ]


def test_news():
    assert texts(split_sentences(NEWS)) == [
        '"We condemn this."',
        "He said the talks would resume on 12 Oct. in Geneva.",
        '"Is this the end?" she asked.',
        "Officials of the U.K. and the U.S. met at 10 a.m. Thursday.",
        "Prices rose 1.25 per cent, i.e. faster than forecast, e.g. for food.",
    ]


@pytest.mark.parametrize("gap", ["\n\n", "\n \t \n", "\r\n\r\n", "\n\n\n", "\r\r"])
def test_blank_line_ends_a_sentence(gap):
    text = f"Agenda item 9{gap}General debate{gap}The Assembly met at 10 a.m."
    assert texts(split_sentences(text)) == [
        "Agenda item 9",
        "General debate",
        "The Assembly met at 10 a.m.",
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_single_line_breaks_are_joined(newline):
    text = f"The United{newline}Nations was founded{newline}in 1945. It has 193 Members."
    spans = split_sentences(text)
    assert texts(spans) == ["The United Nations was founded in 1945.", "It has 193 Members."]
    assert text[spans[0].start : spans[0].end].count(newline) == 2


def test_numbered_paragraph_starts_a_sentence_even_after_a_comma():
    text = "as time passes,\n66.\tAn enduring settlement must be based on compromise."
    assert texts(split_sentences(text)) == [
        "as time passes,",
        "66.\tAn enduring settlement must be based on compromise.",
    ]


def test_a_year_at_a_line_start_is_not_a_paragraph_number():
    text = "It was adopted in\n1975. The vote was unanimous."
    assert texts(split_sentences(text)) == [
        "It was adopted in 1975.",
        "The vote was unanimous.",
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n \n"])
def test_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []
    assert SentenceSplitter().span_tokenize(text) == []


@pytest.mark.parametrize("bad", [None, b"Some bytes.", 42, ["A list."]])
def test_non_str_input_is_a_type_error(bad):
    splitter = SentenceSplitter()
    for call in (split_sentences, splitter.split, splitter.span_tokenize):
        with pytest.raises(TypeError, match="text must be a str"):
            call(bad)


def test_params_must_be_punkt_parameters():
    with pytest.raises(TypeError, match="PunktParameters"):
        SentenceSplitter(params={"abbrev_types": []})


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize(
    "text",
    [
        MODERN_SPEECH,
        OCR_SPEECH,
        NEWS,
        "  \n" + OCR_SPEECH.replace("\n", "\r\n") + "\r\n\r\n" + MODERN_SPEECH + "  \n",
        "Organ-\nization. 54.\tIn order\rto act . . . we must. (a) first; (b) second.",
    ],
)
def test_offsets_round_trip_and_nothing_is_lost(text):
    spans = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end
        assert span.text == flat(text[span.start : span.end])
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        covered[span.start : span.end] = [True] * (span.end - span.start)
        previous_end = span.end
    lost = [c for c, seen in zip(text, covered, strict=True) if not seen and not c.isspace()]
    assert lost == []
    assert SentenceSplitter().span_tokenize(text) == [(s.start, s.end) for s in spans]


def test_explicit_parameters_give_the_same_result():
    splitter = SentenceSplitter(load_punkt_parameters())
    assert splitter.split(MODERN_SPEECH) == split_sentences(MODERN_SPEECH)


def test_fast_punkt_agrees_with_nltk():
    """Apart from the documented rules, the quick path decides as nltk does."""
    params = load_punkt_parameters()
    text = flat(OCR_SPEECH + NEWS + MODERN_SPEECH).replace("[1332nd meeting, para. 66.]", "")
    text += " The co-operation. Moreover, at 5 p.m. he left. Vol. II. It ends… Or? Yes!"
    fast = sentences._FastPunkt(params)
    reference = PunktSentenceTokenizer(params)
    assert list(fast.span_tokenize(text)) == list(reference.span_tokenize(text))
    assert len(list(fast.span_tokenize(text))) > 20


def test_fast_punkt_honours_collocations():
    params = load_punkt_parameters()
    params.collocations = params.collocations | {("annex", "two")}
    text = "See the annex. Two States agreed. See the annex. Three States agreed."
    fast = list(sentences._FastPunkt(params).span_tokenize(text))
    assert fast == list(PunktSentenceTokenizer(params).span_tokenize(text))
    assert len(fast) == 3


def test_never_final_abbreviations_hold_without_learned_parameters():
    """Punkt alone breaks after an unknown "Mr."; the splitter never does."""
    params = PunktParameters()
    text = "We heard Mr. Smith and Dr. Jones. Both agreed."
    assert len(list(PunktSentenceTokenizer(params).span_tokenize(text))) == 4
    assert len(list(sentences._FastPunkt(params).span_tokenize(text))) == 2
    splitter = SentenceSplitter(params)
    splitter._punkt = PunktSentenceTokenizer(params)  # the merge rule on its own
    assert texts(splitter.split(text)) == ["We heard Mr. Smith and Dr. Jones.", "Both agreed."]


def test_never_final_abbreviations_are_abbreviations():
    assert NEVER_FINAL_ABBREVIATIONS <= EXTRA_ABBREVIATIONS
    assert not {"no", "etc", "u.s", "inc"} & NEVER_FINAL_ABBREVIATIONS


# ---------------------------------------------------------------- training

COUNTRIES = ["Kenya", "Peru", "Norway", "Japan", "Chile", "Ghana", "Nepal", "Fiji"]
TOPICS = ["disarmament", "development", "climate change", "human rights", "trade"]


def training_texts() -> list[str]:
    """A small deterministic corpus with line breaks, paragraph numbers and titles."""
    docs = []
    for i, country in enumerate(COUNTRIES):
        paragraphs = []
        for j, topic in enumerate(TOPICS):
            paragraphs.append(
                f"{10 * i + j + 1}.\tThe delegation of {country} attaches great\n"
                f"importance to {topic}. We thank Mr. Smith and Dr. Lee for their work. "
                f"However, much remains to be done on {topic} and No. {i + j} of the "
                f"agenda. I believe it is our duty to act, as I said. I thank you. "
                f"The President of {country} said so in "
                f"19{50 + i}. This is why we support the U.N. and its agencies."
            )
        docs.append("\n".join(paragraphs))
    return docs


def test_prepare_training_text_lays_out_paragraphs():
    prepared = prepare_training_text("12.\tThe first\nline.\n\n13. The second.\n14.\tThird.")
    assert prepared == "The first line.\n\nThe second.\n\nThird."


def test_training_is_deterministic_and_adds_abbreviations():
    first = train_parameters(training_texts(), ["Gen.", "u.s"])
    second = train_parameters(training_texts(), ["Gen.", "u.s"])
    assert parameters_to_json(first) == parameters_to_json(second)
    assert {"gen", "u.s"} <= first.abbrev_types
    # "I" is capitalised inside sentences too, but kept as a sentence starter
    assert {"i", "the"} <= first.sent_starters
    assert "president" not in first.sent_starters
    # only types seen in lower case keep an orthographic context
    assert "kenya" not in first.ortho_context and first.ortho_context["importance"]
    splitter = SentenceSplitter(first)
    assert texts(splitter.split("We thank Mr. Smith. I thank you.")) == [
        "We thank Mr. Smith.",
        "I thank you.",
    ]


def test_training_does_not_depend_on_hash_seed():
    """Sets are iterated in hash order; the JSON must not show it."""
    code = (
        "import json, sys\n"
        "from stance.sentences import parameters_to_json, train_parameters\n"
        "sys.stdout.write(parameters_to_json(train_parameters(json.load(sys.stdin))))\n"
    )
    root = str(Path(sentences.__file__).resolve().parents[1])
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=root)
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(training_texts()),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == parameters_to_json(train_parameters(training_texts()))
