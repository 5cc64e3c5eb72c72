"""Sentence splitting with nltk's Punkt, using parameters shipped as plain JSON.

The parameters in ``stance/data/punkt.json`` are learned from the UN General
Debate corpus by ``training/train_punkt.py`` (see :func:`train_parameters`);
no pickle is ever read.

On top of Punkt the splitter applies a few layout rules suited to UN records:

* offsets refer to the original input; a blank line (a line holding only
  whitespace) always ends a sentence, and so does a line break followed by a
  numbered paragraph (``"\\n118.\\tThe ..."``); other line breaks (``\\n``,
  ``\\r\\n`` or ``\\r``) are read as spaces (a hyphen at a line end stays);
* a paragraph or list number standing alone (``"118."``, ``"“9."``) is kept
  with the sentence it opens;
* a break is dropped when the next sentence starts with a lower-case letter
  or with punctuation (OCR'd records often carry a stray full stop where a
  comma was or a spaced ``". . ."``, and ``'"Why?" he asked.'`` is one
  sentence);
* a break is dropped after a title or a Latin abbreviation that can never end a
  sentence (:data:`NEVER_FINAL_ABBREVIATIONS`: ``Mr.``, ``Dr.``, ``St.``,
  ``e.g.``, ...), after an initial unless a sentence starter follows
  (``"J. F. Kennedy"``, ``"George W. Bush"``) and after an abbreviation
  followed by a Roman numeral (``"Vol. II."``, ``"sect. I.]"``).

Other abbreviations (:data:`EXTRA_ABBREVIATIONS`, e.g. ``U.S.``, ``U.N.``,
``No.``, ``etc.``) are left to Punkt's own rule: no break after them unless
the next word is capitalised *and* is a sentence starter, either learned as a
frequent one (``The``, ``We``, ``However``, ``I``, ...) or, orthographically, a
word seen in lower case in training but never capitalised inside a sentence.
So ``"the U.S. Government"`` stays whole while ``"... by the U.S. We ..."`` is
split; a sentence that truly ends in ``U.S.`` before a name (``"... the U.S.
Kenya ..."``) is not split: the ambiguous case is resolved towards keeping
the sentence whole.  Decimals (``3.5``) are never candidates: Punkt only
considers a period followed by a space or punctuation.

Speed: the per-candidate decisions of nltk's Punkt are computed directly for
the common cases (see ``_FastPunkt``), about 10 MB/s on the UN corpus against
3.5-5 MB/s for nltk's own ``span_tokenize``; pre- and post-processing work on
whole strings with ``str.replace`` and regular expressions.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

from stance.results import Span

__all__ = [
    "EXTRA_ABBREVIATIONS",
    "NEVER_FINAL_ABBREVIATIONS",
    "SentenceSplitter",
    "load_punkt_parameters",
    "parameters_from_json",
    "parameters_to_json",
    "prepare_training_text",
    "split_sentences",
    "train_parameters",
]

FORMAT = "stance-punkt/1"
"""Value of the ``format`` field of the parameter JSON."""

NEVER_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof gen lt col maj capt cmdr adm sgt sen rep gov
    st mt rev amb hon h.e h.r.h h.m e.g i.e viz cf vs
    """.split()
)
"""Abbreviations (lower case, without the final period) after which a sentence
never ends, whatever follows."""

EXTRA_ABBREVIATIONS: frozenset[str] = NEVER_FINAL_ABBREVIATIONS | frozenset(
    """
    u.s u.s.a u.n u.k u.s.s.r d.c a.m p.m no nos jr sr co corp inc ltd bros vol vols
    art arts para paras sect etc approx dept govt esq fig pp ch chap corr res seq ibid op
    jan feb apr jun jul aug sep sept oct nov dec
    """.split()
)
"""Curated abbreviations added to the learned ones: a period after them is not
by itself a sentence end (Punkt may still split when a sentence starter
follows, except after :data:`NEVER_FINAL_ABBREVIATIONS`)."""

_NL = r"(?:\r\n?+|\n)"  # one line break; possessive, so "\r\n" is never two
# A blank line (one or more), or a line break before a numbered paragraph.
_PARAGRAPH_BREAK = re.compile(
    rf"{_NL}(?:(?:[^\S\r\n]*+{_NL})++"
    rf"|(?=[^\S\r\n]*+\d{{1,3}}\.[^\S\r\n]+[A-Z\u00c0-\u00de\"'\u201c\u2018(\[]))"
)
# A list or paragraph number on its own: "118.", "“9.", "II."
_ITEM_NUMBER = re.compile(r"[\"'\u201c\u2018(\[]?(?:\d{1,3}|[IVXL]{1,5})\.")
# A Roman numeral after an abbreviation: "sect. I.]", "Vol. II."
_ROMAN_ITEM = re.compile(r"[IVXL]+[.)\]]")
_LEADING_PARAGRAPH_NUMBER = re.compile(r"\d{1,3}\.\s+")
# Characters that Punkt never lets inside a word (its "non-word" characters).
_NON_WORD = r")\";}\]*:@'({\[\u2018\u2019\u201c\u201d\xab\xbb?!"
# The last word of a sentence that ends in a period, without the period.
_FINAL_WORD = re.compile(rf"([^\s{_NON_WORD}]+)\.$")
_WORD = re.compile(r"[^\W\d_]+")
# A sentence never starts with these (". . ." spaced ellipses in OCR'd text).
_NEVER_FIRST = frozenset(".,;:!?\u2026")

# Punkt contexts (see PunktSentenceTokenizer._match_potential_end_contexts)
# whose decision is cheap to compute: "word. Next", "12. The", "word? Next".
_WORD_CONTEXT = re.compile(
    rf"[{_NON_WORD}]*((?:[^\W\d_]+[.-])*[^\W\d_]+)\.(?:\s+\S+|[{_NON_WORD}])"
)
_NUMBER_CONTEXT = re.compile(r"\d+\.\s+([^\W\d_]+)[,;:]?")
_QUESTION_CONTEXT = re.compile(rf"[^\W\d_]+[?!]+(?:\s+[^\W\d_]+|[{_NON_WORD}])")
_CACHE_LIMIT = 100_000
_OPENING_QUOTES = "\u201c\u2018\xab"

# Orthographic context flags of nltk's Punkt.
_ORTHO_MID_UC = 1 << 2
_ORTHO_LC = (1 << 4) | (1 << 5) | (1 << 6)
# Training statistics: capitalised words inside a sentence and after a full stop.
_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )([^\W\d_a-z][^\W\d_]*)")
_START_CAPITAL = re.compile(
    r"(?:(?:[a-z]{2}|\d)[.?!][\"'\u201d\u2019)]* +|^)([^\W\d_a-z][^\W\d_]*)", re.MULTILINE
)
_MAX_MID_CAPITAL_RATIO = 4
_MIN_ABBREV_COUNT = 3
_LEARNED_ABBREVIATION = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*")
_ALWAYS_CAPITALISED_STARTERS = frozenset({"i"})


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")


def _flatten(text: str) -> str:
    """Replace each line-break character by a space (keeps every offset)."""
    return text.replace("\n", " ").replace("\r", " ")


class _FastPunkt(PunktSentenceTokenizer):
    """nltk's Punkt, quicker, judging each candidate by its own word only.

    Punkt asks, for each candidate ``.``/``?``/``!``, whether the text around
    it (the word before and the token after) holds a sentence break.  Here:

    * a word that is neither an abbreviation nor the first half of a
      collocation, a number before a capitalised word, and ``?``/``!`` are
      answered directly, as nltk would; after a never-final abbreviation the
      answer is "no" (the splitter would rejoin the sentences anyway);
    * other contexts go to nltk's annotation, memoised, counting only a break
      on the candidate's own word: nltk also cuts after ``"para."`` in
      ``"para. 66.]"`` because ``"66."`` is a break, which is judged as a
      candidate of its own anyway.
    """

    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params)
        self._cache: dict[tuple[str, int], bool] = {}
        self._colloc_first = {first for first, _ in params.collocations}

    def _slices_from_text(self, text: str) -> Iterator[slice]:
        last_break = 0
        for match, context in self._match_potential_end_contexts(text):
            if match.group("next_tok"):
                head = len(context) - len(match.group("after_tok"))
            else:
                head = len(context)
            if self._is_break(context, head):
                yield slice(last_break, match.end())
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
        yield slice(last_break, len(text.rstrip()))

    def _is_break(self, context: str, head: int) -> bool:
        """Whether a token in ``context[:head]`` ends a sentence (``head`` ends
        just after the candidate, or with the context if no space follows)."""
        if context[0] in _OPENING_QUOTES:
            # nltk splits a straight quote off a word but not a curly one; read
            # "“U.S." as '"U.S.' does
            stripped = context.lstrip(_OPENING_QUOTES)
            head -= len(context) - len(stripped)
            context = stripped
        match = _WORD_CONTEXT.fullmatch(context)
        if match is not None:
            word = match.group(1).lower()
            if word in NEVER_FINAL_ABBREVIATIONS:
                return False
            if (
                len(word) > 1
                and word not in self._params.abbrev_types
                and word.rsplit("-", 1)[-1] not in self._params.abbrev_types
                and word not in self._colloc_first
            ):
                return True
        else:
            match = _NUMBER_CONTEXT.fullmatch(context)
            if match is not None:
                if match.group(1)[0].isupper():
                    pair = ("##number##", match.group(1).lower())
                    return pair not in self._params.collocations
            elif _QUESTION_CONTEXT.fullmatch(context) is not None:
                return True
        key = (context, head)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            tokens = list(self._annotate_tokens(self._tokenize_words(context)))
            n_head = len(self._lang_vars.word_tokenize(context[:head]))
            last = min(n_head, len(tokens) - 1)
            cached = self._cache[key] = any(tok.sentbreak for tok in tokens[:last])
        return cached


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each non-blank paragraph, whitespace excluded."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    out = []
    for start, end in bounds:
        chunk = text[start:end]
        stripped = chunk.lstrip()
        if stripped:
            start += len(chunk) - len(stripped)
            out.append((start, start + len(stripped.rstrip())))
    return out


class SentenceSplitter:
    """Split text into sentences with Punkt and UN-record layout rules.

    Parameters
    ----------
    params : nltk.tokenize.punkt.PunktParameters, optional
        Punkt parameters; by default those shipped in ``stance/data/punkt.json``.

    Examples
    --------
    >>> splitter = SentenceSplitter()
    >>> [s.text for s in splitter.split("Mr. Smith spoke. The U.S. Government agreed.")]
    ['Mr. Smith spoke.', 'The U.S. Government agreed.']
    """

    def __init__(self, params: PunktParameters | None = None) -> None:
        if params is None:
            params = load_punkt_parameters()
        if not isinstance(params, PunktParameters):
            raise TypeError(
                f"params must be nltk PunktParameters or None, not {type(params).__name__}"
            )
        self.params = params
        self._punkt = _FastPunkt(params)

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        """Return the ``(start, end)`` offsets of the sentences in ``text``.

        Parameters
        ----------
        text : str
            The input text.

        Returns
        -------
        list of tuple of int
            One pair per sentence, in order; ``text[start:end]`` has no leading
            or trailing whitespace.

        Raises
        ------
        TypeError
            If ``text`` is not a ``str``.
        """
        _check_text(text)
        return self._spans(text, _flatten(text))

    def split(self, text: str) -> list[Span]:
        """Return the sentences of ``text`` as :class:`~stance.results.Span` records.

        Parameters
        ----------
        text : str
            The input text.

        Returns
        -------
        list of Span
            ``Span.text`` is ``text[start:end]`` with each line break (``\\n``,
            ``\\r\\n`` or ``\\r``) replaced by one space.

        Raises
        ------
        TypeError
            If ``text`` is not a ``str``.
        """
        _check_text(text)
        flat = _flatten(text)
        spans = self._spans(text, flat)
        if "\r\n" in text:
            return [Span(s, e, _flatten(text[s:e].replace("\r\n", " "))) for s, e in spans]
        return [Span(s, e, flat[s:e]) for s, e in spans]

    def _spans(self, text: str, flat: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        punkt_spans = self._punkt.span_tokenize
        for para_start, para_end in _paragraphs(text):
            pieces = [
                (para_start + s, para_start + e) for s, e in punkt_spans(flat[para_start:para_end])
            ]
            spans.extend(self._merge(flat, pieces) if len(pieces) > 1 else pieces)
        return spans

    def _merge(self, flat: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Undo Punkt breaks that the layout rules rule out (see module docs)."""
        out = [pieces[0]]
        for start, end in pieces[1:]:
            prev_start, prev_end = out[-1]
            first = flat[start]
            if (
                first.islower()
                or first in _NEVER_FIRST
                or self._runs_on(flat, prev_start, prev_end, start)
            ):
                out[-1] = (prev_start, end)
            else:
                out.append((start, end))
        return out

    def _runs_on(self, flat: str, start: int, end: int, next_start: int) -> bool:
        """Whether the sentence ``flat[start:end]`` must run on into the next one."""
        if flat[end - 1] != ".":
            return False
        if end - start <= 6 and _ITEM_NUMBER.fullmatch(flat, start, end):
            return True
        match = _FINAL_WORD.search(flat, max(start, end - 16), end)
        if match is None:
            return False
        word = match.group(1).lower()
        if word[0].isdigit():  # an OCR'd "36.Mr."
            word = word.partition(".")[2]
        if word in NEVER_FINAL_ABBREVIATIONS:
            return True
        if word in self.params.abbrev_types and _ROMAN_ITEM.match(flat, next_start):
            return True
        if len(word) == 1 and flat[end - 2].isupper():
            # An initial ("George W. Bush"): a break only before a sentence starter.
            following = _WORD.match(flat, next_start)
            if following is None:
                return False
            typ = following.group().lower()
            flags = self.params.ortho_context.get(typ, 0)
            return typ not in self.params.sent_starters and not (
                flags & _ORTHO_LC and not flags & _ORTHO_MID_UC
            )
        return False


@lru_cache(maxsize=1)
def _default_splitter() -> SentenceSplitter:
    return SentenceSplitter()


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences with the shipped parameters.

    Parameters
    ----------
    text : str
        The input text.

    Returns
    -------
    list of Span
        The sentences, with offsets into ``text``; ``[]`` for blank text.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    """
    return _default_splitter().split(text)


def load_punkt_parameters(path: str | Path | None = None) -> PunktParameters:
    """Load Punkt parameters from JSON.

    Parameters
    ----------
    path : str or Path, optional
        A file written by :func:`parameters_to_json`; by default the packaged
        ``stance/data/punkt.json``.

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters
    """
    if path is None:
        data = resources.files("stance").joinpath("data").joinpath("punkt.json")
        raw = data.read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    return parameters_from_json(raw)


def parameters_to_json(params: PunktParameters, metadata: dict[str, Any] | None = None) -> str:
    """Serialise Punkt parameters as deterministic JSON (sorted keys and lists).

    Parameters
    ----------
    params : nltk.tokenize.punkt.PunktParameters
        The parameters.
    metadata : dict, optional
        JSON-ready description of how the parameters were made.

    Returns
    -------
    str
        The JSON text, one list item per line, ending in a newline.
    """
    doc = {
        "format": FORMAT,
        "metadata": metadata or {},
        "abbrev_types": sorted(params.abbrev_types),
        "collocations": sorted([a, b] for a, b in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": {k: v for k, v in sorted(params.ortho_context.items()) if v},
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def parameters_from_json(text: str) -> PunktParameters:
    """Build Punkt parameters from the JSON written by :func:`parameters_to_json`.

    Parameters
    ----------
    text : str
        The JSON text.

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters

    Raises
    ------
    ValueError
        If the JSON is not a Punkt parameter document.
    """
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} parameter document")
    params = PunktParameters()
    params.abbrev_types = {str(a) for a in doc["abbrev_types"]}
    params.collocations = {(str(a), str(b)) for a, b in doc["collocations"]}
    params.sent_starters = {str(s) for s in doc["sent_starters"]}
    ortho = {str(k): int(v) for k, v in doc["ortho_context"].items()}
    params.ortho_context = defaultdict(int, ortho)
    return params


def prepare_training_text(text: str) -> str:
    """Lay out one document for Punkt training as the splitter sees it.

    Paragraphs (see :class:`SentenceSplitter`) are separated by a blank line,
    line breaks inside them become spaces and leading paragraph numbers are
    dropped, so paragraph starts count as sentence starts.

    Parameters
    ----------
    text : str
        A raw document.

    Returns
    -------
    str
    """
    flat = _flatten(text)
    paragraphs = []
    for start, end in _paragraphs(text):
        para = flat[start:end]
        number = _LEADING_PARAGRAPH_NUMBER.match(para)
        if number is not None:
            para = para[number.end() :]
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


def train_parameters(
    texts: Iterable[str],
    extra_abbrevs: Iterable[str] = EXTRA_ABBREVIATIONS,
    *,
    chunk_chars: int = 2_000_000,
    min_ortho_count: int = 2,
) -> PunktParameters:
    """Train Punkt parameters on documents, deterministically.

    Parameters
    ----------
    texts : iterable of str
        Raw documents, in a fixed order (each goes through
        :func:`prepare_training_text`).
    extra_abbrevs : iterable of str
        Abbreviations to add (lower case, no final period).
    chunk_chars : int
        Documents are fed to the trainer in chunks of about this many characters.
    min_ortho_count : int
        Orthographic contexts are kept only for word types seen at least this
        often and at least once in lower case (a type never seen in lower case
        has the same effect on splitting as an unknown one).

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters
    """
    extra = {a.lower().rstrip(".") for a in extra_abbrevs}
    trainer = PunktTrainer()
    params = trainer._params  # noqa: SLF001 - seeded so training sees "Mr." etc.
    params.abbrev_types.update(extra)
    mid_caps: Counter[str] = Counter()
    start_caps: Counter[str] = Counter()
    batch: list[str] = []
    size = 0
    for text in texts:
        prepared = prepare_training_text(text)
        mid_caps.update(map(str.lower, _MID_CAPITAL.findall(prepared)))
        start_caps.update(map(str.lower, _START_CAPITAL.findall(prepared)))
        batch.append(prepared)
        size += len(prepared)
        if size >= chunk_chars:
            trainer.train("\n\n".join(batch), finalize=False)
            batch, size = [], 0
    if batch:
        trainer.train("\n\n".join(batch), finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    counts = trainer._type_fdist  # noqa: SLF001 - token counts are not public
    # Learned abbreviations: keep letters with inner periods ("i.c.j"); drop OCR
    # debris ("13z", "77/247" of a document symbol) and one-word "abbreviations"
    # that are long, rare or mostly written without a period, i.e. words
    # (OCR'd "a talking shop. which").
    params.abbrev_types = {
        a
        for a in params.abbrev_types
        if _LEARNED_ABBREVIATION.fullmatch(a)
        and ("." in a or (len(a) <= 3 and counts[a] < counts[a + "."] >= _MIN_ABBREV_COUNT))
    } | extra
    # Sentence starters matter only after an abbreviation ("U.S. The"): keep
    # words seen in lower case and rarely capitalised inside a sentence, so
    # names and titles ("U.S. President") do not cause breaks.
    params.sent_starters = {
        s
        for s in params.sent_starters
        if s in _ALWAYS_CAPITALISED_STARTERS
        or (
            params.ortho_context.get(s, 0) & _ORTHO_LC
            and mid_caps[s] * _MAX_MID_CAPITAL_RATIO <= start_caps[s]
        )
    }
    params.ortho_context = defaultdict(
        int,
        {
            typ: flags
            for typ, flags in params.ortho_context.items()
            if flags & _ORTHO_LC and counts[typ] + counts[typ + "."] >= min_ortho_count
        },
    )
    return params
