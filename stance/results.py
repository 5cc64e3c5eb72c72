"""Small data classes shared by every stage of the pipeline.

Each stage returns plain, immutable records; :meth:`to_dict` turns any of
them into JSON-ready Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence found by the splitter.

    Parameters
    ----------
    start, end : int
        Character offsets into the original input (``text == input[start:end]``
        up to line breaks, which are replaced by spaces).
    text : str
        The sentence text, with internal line breaks replaced by spaces.
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention found in a sentence.

    Parameters
    ----------
    codes : tuple of str
        Actor codes the mention stands for (one, or the members of a grouping).
    start, end : int
        Character offsets into the sentence text.
    text : str
        The matched surface form.
    kind : str
        What kind of alias matched: ``name``, ``demonym``, ``capital``,
        ``metonym``, ``title``, ``group`` or ``first_person``.
    """

    codes: tuple[str, ...]
    start: int
    end: int
    text: str
    kind: str = "name"


@dataclass(slots=True)
class SentenceResult:
    """The analysis of one sentence.

    Parameters
    ----------
    text : str
        The sentence text.
    start, end : int or None
        Character offsets into the document (``None`` for pre-split input).
    stance : str
        The predicted label.
    probabilities : dict of str to float
        Probability of each label.
    source, target : list of str
        Actor codes holding the stance and receiving it.
    id : object, optional
        The caller's identifier, carried through unchanged.
    doc_id : str or None
        Identifier of the document the sentence belongs to.
    speaker : str or None
        The speaking state's code, for speeches.
    year : int or None
        The year of the document, when known.
    """

    text: str
    start: int | None
    end: int | None
    stance: str
    probabilities: dict[str, float]
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    id: Any = None
    doc_id: str | None = None
    speaker: str | None = None
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the sentence as a JSON-ready dict."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out.update(
            text=self.text,
            start=self.start,
            end=self.end,
            stance=self.stance,
            probabilities={k: round(v, 6) for k, v in self.probabilities.items()},
            source=list(self.source),
            target=list(self.target),
        )
        for key in ("doc_id", "speaker", "year"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(slots=True)
class DocumentResult:
    """The analysis of one document: its sentences, in order.

    Parameters
    ----------
    sentences : list of SentenceResult
        One result per sentence found by the splitter.
    doc_id : str or None
        The document's identifier.
    speaker : str or None
        The speaking state's code, for speeches.
    year : int or None
        The document's year, when known.
    """

    sentences: list[SentenceResult]
    doc_id: str | None = None
    speaker: str | None = None
    year: int | None = None

    def __len__(self) -> int:
        return len(self.sentences)

    def __iter__(self):
        return iter(self.sentences)

    def __getitem__(self, index: int) -> SentenceResult:
        return self.sentences[index]

    def to_dict(self) -> dict[str, Any]:
        """Return the document as a JSON-ready dict."""
        return {
            "doc_id": self.doc_id,
            "speaker": self.speaker,
            "year": self.year,
            "sentences": [s.to_dict() for s in self.sentences],
        }
