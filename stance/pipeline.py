"""The one entry point: raw text in, per-sentence stance and actors out.

:class:`Analyzer` loads the model, the sentence splitter and the actor
matcher once and then works in batches: sentences from many documents are
vectorised and classified together, and actors are resolved per document.
:func:`analyze` is the convenience function over a cached default analyzer.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from stance.actors import ActorMatcher, default_matcher
from stance.model import StanceModel
from stance.persistence import load_model
from stance.profiles import NEUTRAL, Profiles
from stance.results import DocumentResult, SentenceResult
from stance.roles import PendingRoles, prepare_roles, prepare_sentences
from stance.sentences import SentenceSplitter

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def default_model_path() -> Path:
    """Return the directory of the trained default model shipped with the package."""
    return Path(str(resources.files("stance") / "data" / "model"))


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """Return the packaged default model (loaded once per process)."""
    return load_model(default_model_path())


def parse_year(date: Any) -> int | None:
    """Return the year of ``date``: an int, a ``datetime.date``, or a string holding a year.

    Raises
    ------
    ValueError
        If ``date`` is given but holds no recognisable year.
    """
    if date is None or date == "":
        return None
    if isinstance(date, bool):
        raise ValueError(f"not a date: {date!r}")
    if isinstance(date, int):
        return date
    if isinstance(date, (_dt.date, _dt.datetime)):
        return date.year
    if isinstance(date, str):
        match = _YEAR.search(date)
        if match:
            return int(match.group(1))
    raise ValueError(f"cannot read a year from date {date!r}")


@dataclass(frozen=True, slots=True)
class Document:
    """A document to analyse.

    Parameters
    ----------
    text : str
        The raw text.
    speaker : str or None
        ISO3 code of the speaking state (for speeches): first person is the speaker.
    doc_id : str or None
        The document's identifier.
    year : int or None
        The document's year.
    """

    text: str
    speaker: str | None = None
    doc_id: str | None = None
    year: int | None = None


def _check_speaker(speaker: Any) -> str | None:
    if speaker is None or speaker == "":
        return None
    if not isinstance(speaker, str):
        raise TypeError(f"speaker must be an actor code string, got {type(speaker).__name__}")
    return speaker.strip().upper()


class Analyzer:
    """Analyse documents or pre-split sentences with one loaded model.

    Parameters
    ----------
    model : StanceModel, str, Path or None
        A fitted model, a model directory, or ``None`` for the packaged default.
    matcher : ActorMatcher or None
        The actor matcher; ``None`` builds the default one.
    splitter : SentenceSplitter or None
        The sentence splitter; ``None`` builds the default one.
    batch_size : int, default=4096
        Number of sentences classified at once.
    learned_roles : {"all", "stance"}, default="all"
        Where the learned target scorer runs: on every sentence, or only on
        sentences the model finds stance-bearing (the others get rule-based
        roles).  ``"stance"`` is faster and gives the same profiles, which
        count only stance-bearing sentences; :func:`profile_corpus` uses it.

    Examples
    --------
    >>> from stance import Analyzer
    >>> analyzer = Analyzer()
    >>> doc = analyzer.analyze("Japan condemned the missile launch by North Korea.")
    >>> doc[0].stance, doc[0].source, doc[0].target
    ('condemnatory', ['JPN'], ['PRK'])
    """

    def __init__(
        self,
        model: StanceModel | str | Path | None = None,
        matcher: ActorMatcher | None = None,
        splitter: SentenceSplitter | None = None,
        batch_size: int = 4096,
        learned_roles: str = "all",
    ) -> None:
        if learned_roles not in ("all", "stance"):
            raise ValueError(f"learned_roles must be 'all' or 'stance', got {learned_roles!r}")
        if model is None:
            model = default_model()
        elif isinstance(model, (str, Path)):
            model = load_model(model)
        self.model = model
        self.matcher = matcher if matcher is not None else default_matcher()
        self.splitter = splitter if splitter is not None else SentenceSplitter()
        self.batch_size = batch_size
        self.learned_roles = learned_roles
        self.labels = [str(c) for c in model.classes_]

    def _learned(self, stances: list[str]) -> list[bool]:
        """Which sentences get the learned target scorer."""
        if self.learned_roles == "all":
            return [True] * len(stances)
        return [st != NEUTRAL for st in stances]

    # ------------------------------------------------------------ prediction
    def predict(self, texts: list[str], contexts: list[str],
                speakers: list[str | None] | None = None,
                roles: list[Any] | None = None) -> np.ndarray:
        """Return stance probabilities for sentences (pure: no state is written).

        Parameters
        ----------
        texts, contexts : list of str
            Sentences and their preceding sentences.
        speakers : list of str or None, optional
            The speaking state of each sentence (``None`` for news and other text).
        roles : list, optional
            Each sentence's rule-based ``(source, target)`` (e.g. a
            :class:`~stance.roles.PendingRoles`), for a model with role features;
            resolved sentence by sentence when absent.

        Returns
        -------
        ndarray of shape (n_sentences, n_labels)
        """
        if not texts:
            return np.zeros((0, len(self.labels)))
        if speakers is None:
            speakers = [None] * len(texts)
        if roles is None:
            roles = [None] * len(texts)
        out = []
        for i in range(0, len(texts), self.batch_size):
            j = i + self.batch_size
            batch = [{"text": t, "context": c, "speaker": s, "roles": r}
                     for t, c, s, r in zip(texts[i:j], contexts[i:j], speakers[i:j],
                                           roles[i:j])]
            out.append(self.model.predict_proba(batch))
        return np.vstack(out)

    def _records(self, proba: np.ndarray) -> tuple[list[str], list[dict[str, float]]]:
        best = np.argmax(proba, axis=1)
        stances = [self.labels[k] for k in best]
        probs = [dict(zip(self.labels, row)) for row in proba.round(6).tolist()]
        return stances, probs

    # -------------------------------------------------------------- documents
    def analyze(
        self,
        text: str,
        speaker: str | None = None,
        doc_id: str | None = None,
        date: Any = None,
    ) -> DocumentResult:
        """Analyse one raw-text document.

        Parameters
        ----------
        text : str
            The raw text (news article, speech, statement).
        speaker : str, optional
            ISO3 code of the speaking state; first person then means this state.
        doc_id : str, optional
            Identifier carried into the results.
        date : int, str or datetime.date, optional
            The document's date or year.

        Returns
        -------
        DocumentResult
            One :class:`SentenceResult` per sentence found; empty for blank text.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        doc = Document(text, _check_speaker(speaker), doc_id, parse_year(date))
        return next(self.analyze_many([doc]))

    def analyze_many(
        self, docs: Iterable[Document | Mapping[str, Any]]
    ) -> Iterator[DocumentResult]:
        """Analyse a stream of documents, classifying their sentences in batches.

        Parameters
        ----------
        docs : iterable of Document or mapping
            Mappings need ``text`` and may hold ``speaker``, ``doc_id`` (or
            ``id``), ``year`` or ``date``.

        Yields
        ------
        DocumentResult
            One per input document, in input order.
        """
        pending: list[tuple[Document, list]] = []
        n_pending = 0
        for doc in docs:
            doc = as_document(doc)
            spans = self.splitter.split(doc.text)
            pending.append((doc, spans))
            n_pending += len(spans)
            if n_pending >= self.batch_size:
                yield from self._finish(pending)
                pending, n_pending = [], 0
        if pending:
            yield from self._finish(pending)

    def _finish(self, pending: list[tuple[Document, list]]) -> Iterator[DocumentResult]:
        texts: list[str] = []
        contexts: list[str] = []
        speakers: list[str | None] = []
        roles: list[PendingRoles] = []
        for doc, spans in pending:
            prev = ""
            for span in spans:
                texts.append(span.text)
                contexts.append(prev)
                # news and other text without a speaker: the model's training sentences of
                # that kind never had a context, so it sees none (roles still use it)
                prev = span.text if doc.speaker else ""
            speakers.extend([doc.speaker] * len(spans))
            # the rules first (their roles are stance-model features); candidates for every
            # sentence (collecting them only for the scored ones measured no faster)
            roles.extend(prepare_roles([s.text for s in spans], speaker=doc.speaker,
                                       matcher=self.matcher))
        stances, probs = self._records(self.predict(texts, contexts, speakers, roles))
        learned = self._learned(stances)
        k = 0
        for doc, spans in pending:
            out = []
            for span in spans:
                source, target = roles[k].finish(stances[k], learned[k])
                out.append(
                    SentenceResult(
                        text=span.text, start=span.start, end=span.end, stance=stances[k],
                        probabilities=probs[k], source=source, target=target,
                        doc_id=doc.doc_id, speaker=doc.speaker, year=doc.year,
                    )
                )
                k += 1
            yield DocumentResult(out, doc.doc_id, doc.speaker, doc.year)

    # ------------------------------------------------------------- sentences
    def classify(self, records: Iterable[Mapping[str, Any]]) -> list[SentenceResult]:
        """Classify pre-split sentences.

        Parameters
        ----------
        records : iterable of mapping
            Each has ``text`` and optionally ``id``, ``speaker`` and
            ``context`` (the preceding sentence, used by the model and to
            resolve pronouns).

        Returns
        -------
        list of SentenceResult
            One per record, in order (``start``/``end`` are ``None``).
        """
        records = list(records)
        texts = [r["text"] for r in records]
        contexts = [r.get("context") or "" for r in records]
        speakers = [_check_speaker(r.get("speaker")) for r in records]
        roles = prepare_sentences(texts, contexts=contexts, speakers=speakers,
                                  matcher=self.matcher)
        stances, probs = self._records(self.predict(texts, contexts, speakers, roles))
        learned = self._learned(stances)
        out = []
        for i, rec in enumerate(records):
            source, target = roles[i].finish(stances[i], learned[i])
            out.append(
                SentenceResult(
                    text=texts[i], start=None, end=None, stance=stances[i],
                    probabilities=probs[i], source=source, target=target,
                    id=rec.get("id"), speaker=speakers[i],
                )
            )
        return out


def as_document(doc: Document | Mapping[str, Any]) -> Document:
    """Turn a mapping with ``text`` (and optional metadata) into a :class:`Document`."""
    if isinstance(doc, Document):
        return doc
    if not isinstance(doc, Mapping):
        raise TypeError(f"expected a Document or a mapping, got {type(doc).__name__}")
    text = doc.get("text")
    if not isinstance(text, str):
        raise ValueError("document has no 'text' string")
    year = doc.get("year")
    year = parse_year(year if year is not None else doc.get("date"))
    doc_id = doc.get("doc_id", doc.get("id"))
    return Document(text, _check_speaker(doc.get("speaker")),
                    None if doc_id is None else str(doc_id), year)


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """Return a process-wide analyzer with the default model, matcher and splitter."""
    return Analyzer()


def analyze(
    text: str, speaker: str | None = None, doc_id: str | None = None, date: Any = None
) -> DocumentResult:
    """Analyse one raw-text document with the default model.

    Parameters
    ----------
    text : str
        The raw text.
    speaker : str, optional
        ISO3 code of the speaking state (for speeches).
    doc_id : str, optional
        Identifier carried into the results.
    date : int, str or datetime.date, optional
        The document's date or year.

    Returns
    -------
    DocumentResult

    Examples
    --------
    >>> import stance
    >>> result = stance.analyze("We condemn the occupation of our islands.", speaker="ARG")
    >>> result[0].stance, result[0].source
    ('condemnatory', ['ARG'])
    """
    return default_analyzer().analyze(text, speaker=speaker, doc_id=doc_id, date=date)


# ------------------------------------------------------------------ corpora
_WORKER: Analyzer | None = None


def _init_worker(model: str | Path | None, pooled: bool = False) -> None:
    global _WORKER
    if pooled:
        # one BLAS thread per worker process: the workers already fill the cores, and
        # oversubscribed BLAS threads cost a worker pool about 15% of its throughput
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    _WORKER = Analyzer(model=model, learned_roles="stance")


def _profile_chunk(args: tuple[list[Document], tuple[str, ...], str]) -> tuple[Profiles, int]:
    docs, by, weight = args
    assert _WORKER is not None
    acc = Profiles(_WORKER.labels, by=by, weight=weight)
    for res in _WORKER.analyze_many(docs):
        acc.add(res.sentences)
    return acc, len(docs)


def _chunks(docs: Iterable[Any], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for doc in docs:
        chunk.append(as_document(doc))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def profile_corpus(
    docs: Iterable[Document | Mapping[str, Any]],
    model: str | Path | None = None,
    by: tuple[str, ...] = ("country",),
    weight: str = "count",
    jobs: int = 1,
    progress: bool = False,
    chunk_size: int = 32,
) -> Profiles:
    """Analyse a stream of documents and aggregate profiles without keeping sentences.

    Parameters
    ----------
    docs : iterable of Document or mapping
        The corpus (e.g. from :func:`stance.io.iter_corpus`).
    model : str or Path, optional
        Model directory; the packaged default when ``None``.
    by : tuple of str, default=("country",)
        Profile keys, ``("country",)`` or ``("country", "year")``.
    weight : {"count", "probability"}, default="count"
        See :func:`stance.profile`.
    jobs : int, default=1
        Worker processes; each loads the model once.
    progress : bool, default=False
        Print documents and sentences per second to standard error.
    chunk_size : int, default=32
        Documents sent to a worker at a time.

    Returns
    -------
    Profiles
    """
    Profiles([], by=by, weight=weight)  # validate arguments before any work
    meter = _Progress(progress)
    tasks = ((chunk, by, weight) for chunk in _chunks(docs, chunk_size))
    total: Profiles | None = None
    if jobs <= 1:
        _init_worker(model)
        results = map(_profile_chunk, tasks)
        pool = None
    else:
        import multiprocessing as mp

        pool = mp.get_context("spawn" if sys.platform == "darwin" else "fork").Pool(
            jobs, initializer=_init_worker, initargs=(model, True)
        )
        results = pool.imap(_profile_chunk, tasks)
    try:
        for part, n_docs in results:
            total = part if total is None else total.merge(part)
            meter.update(n_docs, part.n_sentences)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    meter.close()
    if total is None:
        labels = _WORKER.labels if _WORKER is not None else []
        total = Profiles(labels, by=by, weight=weight)
    return total


class _Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr is not None
        self.docs = self.sentences = 0
        self.start = self.last = time.perf_counter()

    def update(self, docs: int, sentences: int) -> None:
        self.docs += docs
        self.sentences += sentences
        now = time.perf_counter()
        if self.enabled and now - self.last >= 1.0:
            self.last = now
            rate = self.sentences / max(now - self.start, 1e-9)
            print(f"\r  {self.docs} documents, {self.sentences} sentences ({rate:,.0f}/s)",
                  end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self.last > self.start:
            print(file=sys.stderr)
