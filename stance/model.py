"""Stance classifier: TF-IDF features and a linear model, saved without pickle.

The estimator follows scikit-learn's contract: ``__init__`` only stores
parameters, :meth:`StanceModel.fit` learns (all learned state ends in ``_``),
and prediction has no side effects.  Whatever linear classifier is trained,
:meth:`fit` reduces it to one *linear head* (a weight matrix, an intercept
and a probability link), so a model that was saved and loaded predicts
through exactly the same arithmetic as the one that was fitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from stance.actors import default_matcher
from stance.features import fast_transform
from stance.roles import cue_classes, prepare_sentences
from stance.vectors import TOKEN_PATTERN as VECTOR_TOKENS
from stance.vectors import WordVectors

LABELS = ("cooperative", "condemnatory", "accusatory", "neutral")
"""The four DipStance labels, as defined in the annotation guidelines."""

_TOKEN_PATTERN = r"(?u)\b\w[\w'’-]*\b"
_CLASSIFIERS = ("logreg", "svm", "sgd")


def split_inputs(X: Iterable[Any]) -> tuple[list[str], list[str], list[str]]:
    """Split model inputs into texts, preceding-sentence contexts and speakers.

    Parameters
    ----------
    X : iterable of str or mapping
        Each item is a sentence, or a mapping with a ``text`` key and
        optional ``context`` (the sentence before it) and ``speaker`` (the
        code of the speaking state of a speech; empty or absent for news and
        other text).

    Returns
    -------
    texts, contexts, speakers : list of str
        Equal-length lists; a missing context or speaker is the empty string.

    Examples
    --------
    >>> split_inputs(["We condemn it.", {"text": "We agree.", "speaker": "KOR"}])
    (['We condemn it.', 'We agree.'], ['', ''], ['', 'KOR'])
    """
    if isinstance(X, str):
        raise TypeError("X must be a sequence of sentences, not a single string")
    texts: list[str] = []
    contexts: list[str] = []
    speakers: list[str] = []
    for i, item in enumerate(X):
        if isinstance(item, str):
            texts.append(item)
            contexts.append("")
            speakers.append("")
        elif isinstance(item, Mapping):
            text = item.get("text")
            if not isinstance(text, str):
                raise TypeError(f"item {i}: 'text' must be a string, got {type(text).__name__}")
            ctx = item.get("context") or ""
            speaker = item.get("speaker") or ""
            texts.append(text)
            contexts.append(ctx if isinstance(ctx, str) else str(ctx))
            speakers.append(speaker if isinstance(speaker, str) else str(speaker))
        else:
            raise TypeError(
                f"item {i}: expected a string or a mapping with 'text', got {type(item).__name__}"
            )
    return texts, contexts, speakers


_MARKED = re.compile(r"</([st])>(.*?)<([st])>.*?</[st]>(.*)", re.DOTALL)
_ONE_MARK = re.compile(r"</([st])>(.*)", re.DOTALL)


def relation_text(text: str) -> str:
    """Return the relation features' input of a text with ``<s>``/``<t>`` markers.

    The order of the two marked spans, the words between them and the first three
    words after the second; a text that marks only one of them gives that one and the
    six words after it.

    Examples
    --------
    >>> relation_text("<s>Iran</s> has condemned <t>the ruling</t> of the court.")
    'zzsourcefirst has condemned zzafter of the court.'
    >>> relation_text("<s>UN officials</s>, in turn, complained that they had to work alone.")
    'zzsourceonly , in turn, complained that they'
    >>> relation_text("No markers here.")
    ''
    """
    if "</" not in text:
        return ""
    m = _MARKED.search(text)
    if m is None:
        one = _ONE_MARK.search(text)
        if one is None:
            return ""
        kind = "zzsourceonly" if one.group(1) == "s" else "zztargetonly"
        return f"{kind} {' '.join(one.group(2).split()[:6])}"
    order = "zzsourcefirst" if m.group(1) == "s" else "zztargetfirst"
    after = " ".join(m.group(4).split()[:3])
    return f"{order} {' '.join(m.group(2).split())} zzafter {after}"


_MARKED_SPAN = re.compile(r"<([st])>.*?</\1>", re.DOTALL)


def _mask_span(m: re.Match) -> str:
    return " zzsource " if m.group(1) == "s" else " zztarget "


def mask_actors(text: str, speaker: str = "") -> str:
    """Replace the actors the packaged gazetteer finds by role-free tokens.

    The speaker's own state becomes ``zzself``, an international
    organisation ``zzorg`` and any other actor ``zzactor``, so the model
    learns "zzself condemns zzactor" rather than who is named.  Spans a
    text marks as its source (``<s>...</s>``) or target (``<t>...</t>``),
    as PLOVER-coded data do, become ``zzsource`` and ``zztarget`` whole.

    Examples
    --------
    >>> mask_actors("Japan condemned the launch by North Korea.")
    'zzactor condemned the launch by zzactor.'
    >>> mask_actors("Japan thanks the United Nations.", speaker="JPN")
    'zzself thanks the zzorg.'
    >>> mask_actors("<s>Iranian Foreign Minister Zarif</s> has condemned <t>a U.S. ruling</t>.")
    ' zzsource  has condemned  zztarget .'
    """
    if "</" in text:
        text = _MARKED_SPAN.sub(_mask_span, text)
    matcher = default_matcher()
    hits = matcher.scan(text)
    if not hits:
        return text
    gazetteer = matcher.gazetteer
    out, last = [], 0
    for hit in hits:
        out.append(text[last:hit.start])
        if speaker and speaker in hit.codes:
            out.append("zzself")
        elif any(map(gazetteer.is_org, hit.codes)):
            out.append("zzorg")
        else:
            out.append("zzactor")
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def role_tokens(source: Sequence[str], target: Sequence[str], speaker: str = "",
                text: str = "") -> str:
    """The stance model's features of a sentence's rule-based roles, as tokens.

    How many targets the rules find (``nt=0``, ``nt=1``, ``nt=2`` for two or more),
    whether the source is the speaker, another actor or nobody, which kinds of target
    (the UN, another organisation, a state), several sources, and joint acts (an actor
    on both sides); then the first two crossed with the stance-cue classes of ``text``
    (:func:`stance.roles.cue_classes`), so that "condemn" with a target weighs differently
    from "condemn" with none.

    Examples
    --------
    >>> role_tokens(["JPN"], ["PRK"])
    'nt=1 src=other tstate'
    >>> role_tokens(["FRA"], ["UN"], speaker="FRA", text="We thank the Secretary-General.")
    'nt=1 src=spk tUN nt=1&s:thank src=spk&s:thank'
    """
    is_org = default_matcher().gazetteer.is_org
    out = [f"nt={min(len(target), 2)}"]
    if not source:
        out.append("src=none")
    else:
        out.append("src=spk" if speaker and list(source) == [speaker] else "src=other")
    kinds = {"tUN" if code == "UN" else
             "torg" if is_org(code) else "tstate"
             for code in target}
    out.extend(k for k in ("tUN", "torg", "tstate") if k in kinds)
    if len(source) > 1:
        out.append("multisrc")
    if not set(source).isdisjoint(target):
        out.append("joint")
    if text:
        out.extend(f"{t}&{c}" for c in cue_classes(text) for t in out[:2])
    return " ".join(out)


def _rule_roles(texts: list[str], contexts: list[str], speakers: list[str],
                given: list[Any]) -> list[str]:
    """Role tokens of each input: from its ``roles`` (a ``(source, target)`` pair by the
    rules, as the pipeline passes them) or else resolved here, each sentence with its
    context (as ``stance classify`` does)."""
    missing = []
    for i, roles in enumerate(given):
        if roles is None:
            missing.append(i)
        elif not (isinstance(roles, (tuple, list)) and len(roles) >= 2):
            raise TypeError(f"item {i}: 'roles' must be a (source, target) pair of code lists")
    resolved = list(given)
    pending = prepare_sentences([texts[i] for i in missing],
                                contexts=[contexts[i] for i in missing],
                                speakers=[speakers[i] for i in missing], learned=False)
    for i, p in zip(missing, pending):
        resolved[i] = p
    return [role_tokens(r[0], r[1], s, t) for r, s, t in zip(resolved, speakers, texts)]


def _fields(texts: list[str], contexts: list[str], speakers: list[str],
            needed: Iterable[str], given_roles: list[Any] | None = None
            ) -> dict[str, list[str]]:
    fields = {"text": texts, "context": contexts}
    if "roles" in needed:
        fields["roles"] = _rule_roles(texts, contexts, speakers,
                                      given_roles or [None] * len(texts))
    if "relation" in needed:
        fields["relation"] = [relation_text(t) for t in texts]
    if "masked" in needed:
        fields["masked"] = [mask_actors(t, s) for t, s in zip(texts, speakers)]
    return fields


def _given_roles(X: list[Any]) -> list[Any] | None:
    """The ``roles`` the inputs carry (``None`` where absent), or ``None`` if none does."""
    given = [item.get("roles") if isinstance(item, Mapping) else None for item in X]
    return given if any(r is not None for r in given) else None


def _with_unspoken_copy(features: sp.csr_matrix, speakers: list[str]) -> sp.csr_matrix:
    """Append a copy of the features that is zero on rows with a speaker."""
    mask = sp.diags(np.array([not s for s in speakers], dtype=features.dtype))
    return sp.hstack([features, mask @ features], format="csr")


def _both_sides(coef: np.ndarray, intercept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn a binary one-row head (score of class 1) into two rows: ``-s`` and ``s``."""
    return np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])


class StanceModel(ClassifierMixin, BaseEstimator):
    """TF-IDF + linear stance classifier for any label set.

    Parameters
    ----------
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram sizes of the sentence's word features.
    char_ngram_range : tuple of int or None, default=(3, 5)
        Character n-gram sizes (within word boundaries); ``None`` turns the
        character features off.
    context_weight : float, default=0.3
        Weight of the bag of words of the preceding sentence (the ``context``
        of each input); 0 turns it off.
    relation_weight : float, default=1.0
        Weight of the relation features of texts that mark their source and
        target as ``<s>...</s>`` and ``<t>...</t>`` (as PLOVER-coded data do):
        the order of the two, the words between them and the first three words
        after them, or for a text marking only one span, that span and the six
        words after it (see :func:`relation_text`; with ``word_vectors``, also
        their sentence vector).
        Unmarked texts have no relation features; 0 turns it off.
    domain_copy : bool, default=True
        When the training data mix sentences with a ``speaker`` (speeches)
        and without (news), add a second copy of every feature that is
        active only without a speaker, so the model can learn where news
        differs from speeches while sharing what they have in common.
    mask_actors : bool, default=True
        Replace the actors the packaged gazetteer finds by role-free tokens
        in the word features (``zzself`` for the speaker's own state,
        ``zzorg`` for organisations, ``zzactor`` otherwise; spans marked
        ``<s>``/``<t>`` become ``zzsource``/``zztarget``; see
        :func:`mask_actors`); character features keep the names.  The model
        then learns the relation ("zzself condemns zzactor") more than who
        is named.
    word_vectors : str, WordVectors or None, default="default"
        Word vectors for dense sentence features: ``"default"`` (the vectors
        of the packaged default model, learned from the UN General Debates),
        a file written by :meth:`stance.vectors.WordVectors.save`, a saved
        model directory, or a :class:`~stance.vectors.WordVectors`.  Each
        sentence (and, weighted by ``context_weight``, its context) gets the
        unit-length idf-weighted sum of its words' vectors.  ``None`` turns
        them off.
    vectors_weight : float, default=0.5
        Weight of the sentence-vector block (the relation features' sentence
        vector, of the words between and after the marked spans, gets
        ``vectors_weight * relation_weight``).
    roles_weight : float, default=0.0
        Weight of the features of each sentence's rule-based roles (see
        :func:`role_tokens`): how many targets, whether the source is the
        speaker or another actor, which kinds of target.  Inputs may carry
        them as ``roles`` (a ``(source, target)`` pair, as the pipeline
        passes them); otherwise they are resolved from the text and context.
        0 turns them off.
    min_df : int, default=2
        Minimum number of training sentences a feature must occur in.
    max_features : int or None, default=None
        Cap on the character n-gram vocabulary (most frequent kept).
    classifier : {"logreg", "svm", "sgd"}, default="logreg"
        Multinomial logistic regression, a linear SVM with sigmoid
        calibration, or logistic-loss SGD.
    C : float, default=4.0
        Inverse regularisation strength (``alpha = 1 / (C * n_samples)`` for SGD).
    class_weight : "balanced" or None, default="balanced"
        Class weighting passed to the classifier.
    max_iter : int, default=2000
        Iteration cap of the solver.
    random_state : int, default=0
        Seed for the solvers that use randomness.

    Attributes
    ----------
    classes_ : ndarray of str
        The labels, in the column order of :meth:`predict_proba`.
    vectorizers_ : list of (str, TfidfVectorizer, float)
        Feature blocks: input field, fitted vectorizer, block weight.
    coef_ : ndarray of shape (n_classes, n_features)
        Weights of the linear head.
    intercept_ : ndarray of shape (n_classes,)
        Intercepts of the linear head.
    domain_copy_ : bool
        Whether the news-only feature copy is in use.
    word_vectors_ : WordVectors or None
        The word vectors in use.
    vector_vectorizer_ : TfidfVectorizer or None
        Word counts and idf weights (learned from the training texts) for
        the sentence vectors.
    link_ : str
        ``"softmax"`` or ``"sigmoid"`` (one-vs-rest sigmoids, normalised).
    calibration_ : ndarray of shape (2, n_classes)
        Slopes and offsets of the sigmoid link.

    Examples
    --------
    >>> from stance import StanceModel
    >>> texts = ["We condemn the invasion.", "We welcome the agreement.",
    ...          "They condemned the attack.", "We thank our partners for their support."]
    >>> labels = ["condemnatory", "cooperative", "condemnatory", "cooperative"]
    >>> model = StanceModel(min_df=1).fit(texts, labels)
    >>> model.predict(["We strongly condemn the shelling."])[0]
    'condemnatory'
    """

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (3, 5),
        context_weight: float = 0.3,
        relation_weight: float = 1.0,
        domain_copy: bool = True,
        mask_actors: bool = True,
        word_vectors: Any = "default",
        vectors_weight: float = 0.5,
        roles_weight: float = 0.0,
        min_df: int = 2,
        max_features: int | None = None,
        classifier: str = "logreg",
        C: float = 4.0,
        class_weight: str | None = "balanced",
        max_iter: int = 2000,
        random_state: int = 0,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.context_weight = context_weight
        self.relation_weight = relation_weight
        self.domain_copy = domain_copy
        self.mask_actors = mask_actors
        self.word_vectors = word_vectors
        self.vectors_weight = vectors_weight
        self.roles_weight = roles_weight
        self.min_df = min_df
        self.max_features = max_features
        self.classifier = classifier
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def _check_params(self) -> None:
        if self.classifier not in _CLASSIFIERS:
            raise ValueError(f"classifier must be one of {_CLASSIFIERS}, got {self.classifier!r}")
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise ValueError(f"C must be a positive number, got {self.C!r}")
        if not (isinstance(self.min_df, int) and self.min_df >= 1):
            raise ValueError(f"min_df must be an integer >= 1, got {self.min_df!r}")
        for name in ("context_weight", "relation_weight", "vectors_weight", "roles_weight"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")
        if self.class_weight not in ("balanced", None):
            raise ValueError(f"class_weight must be 'balanced' or None, got {self.class_weight!r}")

    def _make_vectorizers(self, n_samples: int) -> list[tuple[str, TfidfVectorizer, float]]:
        min_df = min(self.min_df, max(1, n_samples // 2))

        def words(ngrams: tuple[int, int], df: int = min_df) -> TfidfVectorizer:
            return TfidfVectorizer(ngram_range=tuple(ngrams), min_df=df, sublinear_tf=True,
                                   token_pattern=_TOKEN_PATTERN, dtype=np.float32)

        def chars(max_features: int | None = None) -> TfidfVectorizer:
            return TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                   min_df=min_df, max_features=max_features, sublinear_tf=True,
                                   dtype=np.float32)

        blocks = [("masked" if self.mask_actors else "text", words(self.word_ngram_range), 1.0)]
        if self.char_ngram_range is not None:
            blocks.append(("text", chars(self.max_features), 1.0))
        if self.context_weight > 0:
            blocks.append(("context", words((1, 1)), float(self.context_weight)))
        if self.relation_weight > 0:
            blocks.append(("relation", words((1, 2), 1), float(self.relation_weight)))
            if self.char_ngram_range is not None:
                blocks.append(("relation", chars(), float(self.relation_weight)))
        if self.roles_weight > 0:
            roles = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True,
                                    dtype=np.float32)
            blocks.append(("roles", roles, float(self.roles_weight)))
        return blocks

    def fit(
        self, X: Iterable[Any], y: Sequence[Any], sample_weight: Sequence[float] | None = None
    ) -> StanceModel:
        """Learn the vocabulary, idf weights and the linear head.

        Parameters
        ----------
        X : iterable of str or mapping
            Sentences, or mappings with ``text`` and optional ``context``.
        y : sequence of str
            One label per sentence; at least two distinct labels.
        sample_weight : sequence of float, optional
            Per-sentence weights for the classifier (the vocabulary and idf
            weights are learned unweighted).

        Returns
        -------
        self : StanceModel
            The fitted model.
        """
        self._check_params()
        X = X if isinstance(X, (str, list)) else list(X)
        texts, contexts, speakers = split_inputs(X)
        labels = np.asarray([str(v) for v in y], dtype=object)
        if len(labels) != len(texts):
            raise ValueError(f"X has {len(texts)} items but y has {len(labels)} labels")
        classes = np.unique(labels)
        if len(classes) < 2:
            raise ValueError("y must contain at least two distinct labels")
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=np.float64)
            if sample_weight.shape != (len(texts),) or not np.all(sample_weight >= 0):
                raise ValueError("sample_weight must hold one non-negative number per sentence")
        blocks = self._make_vectorizers(len(texts))
        fields = _fields(texts, contexts, speakers, {field for field, _, _ in blocks},
                         _given_roles(X))
        self.vectorizers_ = []
        self.__dict__.pop("_fast", None)
        self.__dict__.pop("_fast_vectors", None)
        mats = []
        for field, vec, weight in blocks:
            if field not in ("text", "masked") and not any(fields[field]):
                continue
            mats.append(vec.fit_transform(fields[field]) * weight)
            self.vectorizers_.append((field, vec, weight))
        self._fit_vectors(fields)
        dense = self._vector_blocks(fields)
        if dense is not None:
            mats.append(sp.csr_matrix(dense))
        features = sp.hstack(mats, format="csr")
        # two kinds of text (speeches and news) in training: learn what differs in news
        n_spoken = sum(map(bool, speakers))
        self.domain_copy_ = bool(self.domain_copy and 0 < n_spoken < len(speakers))
        if self.domain_copy_:
            features = _with_unspoken_copy(features, speakers)
        self.classes_ = np.asarray(sorted(classes), dtype=object)
        self._fit_head(features, labels, sample_weight)
        self.n_features_ = features.shape[1]
        return self

    def _fit_vectors(self, fields: dict[str, list[str]]) -> None:
        """Resolve ``word_vectors`` and learn the idf weights of their words."""
        texts, contexts = fields["text"], fields["context"]
        self.word_vectors_ = self.vector_vectorizer_ = None
        self.vector_blocks_ = []
        if self.word_vectors is None or self.vectors_weight == 0:
            return
        wv = self.word_vectors
        if not isinstance(wv, WordVectors):
            wv = WordVectors.load(wv)
        vec = TfidfVectorizer(vocabulary={w: i for i, w in enumerate(wv.vocabulary)},
                              token_pattern=VECTOR_TOKENS, norm=None, dtype=np.float32)
        self.vector_vectorizer_ = vec.fit(texts)
        self.word_vectors_ = wv
        self.vector_blocks_ = [("text", float(self.vectors_weight))]
        if self.context_weight > 0 and any(contexts):
            self.vector_blocks_.append(
                ("context", float(self.vectors_weight * self.context_weight)))
        if self.relation_weight > 0 and any(fields.get("relation", ())):
            self.vector_blocks_.append(
                ("relation", float(self.vectors_weight * self.relation_weight)))

    def _vector_blocks(self, fields: dict[str, list[str]],
                       memo: dict | None = None) -> np.ndarray | None:
        """Sentence vectors of the text (and context), one row per input; ``None`` if unused.

        ``memo`` is the batch's shared tokenisation (see :func:`stance.features.fast_transform`).
        """
        if not getattr(self, "vector_blocks_", None):
            return None
        fast = self.__dict__.get("_fast_vectors")
        if fast is None:
            fast = self.__dict__["_fast_vectors"] = fast_transform(self.vector_vectorizer_)
        # a context is usually the sentence before: embed each distinct string once
        index: dict[str, int] = {}
        for field, _ in self.vector_blocks_:
            for text in fields[field]:
                index.setdefault(text, len(index))
        vecs = np.asarray(fast(list(index), memo=memo) @ self.word_vectors_.vectors,
                          dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        np.divide(vecs, norms, out=vecs, where=norms > 0)
        parts = [vecs[[index[t] for t in fields[field]]] * np.float32(weight)
                 for field, weight in self.vector_blocks_]
        return np.hstack(parts)

    def _fit_head(self, features: sp.csr_matrix, labels: np.ndarray,
                  sample_weight: np.ndarray | None) -> None:
        # columns that are zero on every training row (most of the news-only copy) get zero
        # weight under L2 whatever the solver does: leave them out of the solve
        active = np.flatnonzero(features.getnnz(axis=0))
        coef, intercept = self._solve(features[:, active], labels, sample_weight)
        self.coef_ = np.zeros((coef.shape[0], features.shape[1]), dtype=np.float32)
        self.coef_[:, active] = coef
        self.intercept_ = np.asarray(intercept, dtype=np.float64)

    def _solve(self, features: sp.csr_matrix, labels: np.ndarray,
               sample_weight: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Fit the classifier; set the link and return the weights and intercepts."""
        n_classes = len(self.classes_)
        if self.classifier == "logreg":
            clf = LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter
            ).fit(features, labels, sample_weight=sample_weight)
            coef, intercept = clf.coef_, clf.intercept_
            if n_classes == 2:  # a binary fit has one row; softmax([0, s]) = sigmoid(s)
                coef = np.vstack([np.zeros_like(coef), coef])
                intercept = np.array([0.0, intercept[0]])
            self.link_ = "softmax"
            self.calibration_ = np.zeros((2, n_classes))
        elif self.classifier == "svm":
            svc = LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                            random_state=self.random_state)
            clf = CalibratedClassifierCV(svc, method="sigmoid", cv=3, ensemble=False)
            clf.fit(features, labels, sample_weight=sample_weight)
            inner = clf.calibrated_classifiers_[0]
            coef, intercept = inner.estimator.coef_, inner.estimator.intercept_
            slopes = np.array([c.a_ for c in inner.calibrators])
            offsets = np.array([c.b_ for c in inner.calibrators])
            if n_classes == 2:  # p0 = 1 - p1: negate the score, keep the slope, negate the offset
                coef, intercept = _both_sides(coef, intercept)
                slopes, offsets = np.repeat(slopes, 2), np.array([-offsets[0], offsets[0]])
            self.link_ = "sigmoid"
            self.calibration_ = np.vstack([slopes, offsets])
        else:
            n = features.shape[0]
            clf = SGDClassifier(loss="log_loss", alpha=1.0 / (self.C * n),
                                class_weight=self.class_weight, max_iter=self.max_iter,
                                tol=1e-4, random_state=self.random_state)
            clf.fit(features, labels, sample_weight=sample_weight)
            coef, intercept = clf.coef_, clf.intercept_
            if n_classes == 2:
                coef, intercept = _both_sides(coef, intercept)
            self.link_ = "sigmoid"
            self.calibration_ = np.vstack([-np.ones(n_classes), np.zeros(n_classes)])
        return coef, intercept

    # -------------------------------------------------------------- predict
    def _blocks(self, X: Iterable[Any]) -> tuple[sp.csr_matrix, np.ndarray | None, list[str]]:
        """The sparse TF-IDF blocks, the dense sentence vectors (or ``None``) and the speakers."""
        check_is_fitted(self, "coef_")
        X = X if isinstance(X, (str, list)) else list(X)
        inputs = split_inputs(X)
        needed = {field for field, _, _ in self.vectorizers_}
        needed.update(field for field, _ in getattr(self, "vector_blocks_", ()))
        fields = _fields(*inputs, needed, _given_roles(X))
        # the fast transforms give the same matrices as ``vec.transform``; they only memoise
        # per-word analyses, which never changes a result
        fast = self.__dict__.get("_fast")
        if fast is None or len(fast) != len(self.vectorizers_):
            fast = self.__dict__["_fast"] = [fast_transform(v) for _, v, _ in self.vectorizers_]
        memo: dict = {}  # one tokenisation per distinct string and token pattern
        mats = [tf(fields[field], memo=memo) * weight
                for tf, (field, _, weight) in zip(fast, self.vectorizers_)]
        return sp.hstack(mats, format="csr"), self._vector_blocks(fields, memo), inputs[2]

    def transform(self, X: Iterable[Any]) -> sp.csr_matrix:
        """Return the feature matrix of ``X`` (TF-IDF blocks, then sentence vectors).

        Parameters
        ----------
        X : iterable of str or mapping
            Sentences, or mappings with ``text`` and optional ``context``.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_samples, n_features)
        """
        sparse, dense, speakers = self._blocks(X)
        features = sparse if dense is None else sp.hstack([sparse, sp.csr_matrix(dense)],
                                                          format="csr")
        return _with_unspoken_copy(features, speakers) if self.domain_copy_ else features

    def decision_function(self, X: Iterable[Any]) -> np.ndarray:
        """Return the linear scores, shape (n_samples, n_classes).

        Equal to ``transform(X) @ coef_.T + intercept_``, computed block by block so
        the dense sentence vectors and the news-only copy are never built as sparse rows.
        """
        sparse, dense, speakers = self._blocks(X)
        n_sparse = sparse.shape[1]
        width = n_sparse + (0 if dense is None else dense.shape[1])

        def scores(rows: Any, offset: int) -> np.ndarray:
            coef = self.coef_[:, offset:offset + width]
            out = np.asarray(sparse[rows] @ coef[:, :n_sparse].T, dtype=np.float64)
            if dense is not None:
                out += dense[rows] @ coef[:, n_sparse:].T
            return out

        result = scores(slice(None), 0)
        if self.domain_copy_:
            news = np.flatnonzero([not s for s in speakers])
            if len(news):
                result[news] += scores(news, width)
        return result + self.intercept_

    def predict_proba(self, X: Iterable[Any]) -> np.ndarray:
        """Return class probabilities, columns in the order of ``classes_``.

        Parameters
        ----------
        X : iterable of str or mapping
            Sentences, or mappings with ``text`` and optional ``context``.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if self.link_ == "softmax":
            scores -= scores.max(axis=1, keepdims=True)
            proba = np.exp(scores)
        else:
            slopes, offsets = self.calibration_
            proba = 1.0 / (1.0 + np.exp(np.clip(scores * slopes + offsets, -50, 50)))
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        """Return the most probable label of each input."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def explain(self, text: str | Mapping[str, Any], top: int = 10) -> dict[str, Any]:
        """Show which n-grams pushed one sentence toward its predicted label.

        Parameters
        ----------
        text : str or mapping
            One sentence, or a mapping with ``text`` and optional ``context``.
        top : int, default=10
            How many features to return on each side.

        Returns
        -------
        dict
            ``label``, ``probabilities``, and ``for`` / ``against``: lists of
            ``(feature, weight)`` pairs, where weight is the feature's
            contribution to the label's score minus its mean contribution to
            the other labels' scores.
        """
        features = self.transform([text])
        proba = self.predict_proba([text])[0]
        k = int(np.argmax(proba))
        rel = self.coef_[k] - np.delete(self.coef_, k, axis=0).mean(axis=0)
        idx = features.indices
        contrib = features.data * rel[idx]
        names = self.feature_names_()
        order = np.argsort(contrib)
        pairs = [(names[idx[i]], float(contrib[i])) for i in order]
        return {
            "label": str(self.classes_[k]),
            "probabilities": dict(zip(map(str, self.classes_), map(float, proba))),
            "for": [p for p in reversed(pairs[-top:]) if p[1] > 0],
            "against": [p for p in pairs[:top] if p[1] < 0],
        }

    def feature_names_(self) -> list[str]:
        """Return readable feature names, prefixed by block.

        Prefixes: ``w:`` words, ``c:`` characters, ``ctx:`` context words,
        ``rel:`` relation features, ``role:`` role features, ``vec:``/``ctx-vec:`` sentence-vector
        dimensions.  With the news-only copy in use, its features repeat with a ``news|`` prefix.
        """
        check_is_fitted(self, "coef_")
        names: list[str] = []
        for field, vec, _ in self.vectorizers_:
            kind = "c:" if vec.analyzer == "char_wb" else "w:"
            prefix = {"context": "ctx:", "relation": "rel:" + kind, "roles": "role:"}.get(
                field, kind)
            names.extend(prefix + t for t in vec.get_feature_names_out())
        for field, _ in getattr(self, "vector_blocks_", []):
            prefix = "ctx-vec:" if field == "context" else "vec:"
            names.extend(f"{prefix}{i}" for i in range(self.word_vectors_.dim))
        if self.domain_copy_:
            names += ["news|" + n for n in names]
        return names

    # ------------------------------------------------------------ persistence
    def save(self, path: str | Path, *, metadata: Mapping[str, Any] | None = None) -> Path:
        """Write the fitted model to directory ``path`` as JSON + ``.npz`` (no pickle).

        Parameters
        ----------
        path : str or Path
            Directory to create or overwrite (``model.json`` and ``arrays.npz``).
        metadata : mapping, optional
            Extra JSON-serialisable facts to record (data checksum, scores...).

        Returns
        -------
        Path
            The directory written.
        """
        from stance.persistence import save_model

        check_is_fitted(self, "coef_")
        return save_model(self, path, metadata=metadata)

    @classmethod
    def load(cls, path: str | Path) -> StanceModel:
        """Load a model written by :meth:`save`, checking its content hash.

        Parameters
        ----------
        path : str or Path
            The model directory.

        Returns
        -------
        StanceModel
        """
        from stance.persistence import load_model

        return load_model(path)
