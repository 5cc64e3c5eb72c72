"""Fast batch transforms for fitted TF-IDF vectorizers (same numbers, less Python).

scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
builds every n-gram string of every sentence in Python, which limits it to a
few thousand sentences per second for character n-grams.  At prediction
time the vocabulary is fixed, so the same matrix can be computed cheaper:

* word n-grams: the n-gram keys of a whole batch are looked up in one
  ``map(vocabulary.get, ...)`` pass and the counts assembled with NumPy;
* character n-grams within word boundaries (``char_wb``): a word's n-grams
  depend only on the word, so each distinct word is analysed once and cached;
  a batch's counts are then a (sentence x word) by (word x n-gram) sparse
  product.

:func:`fast_transform` returns exactly what ``vectorizer.transform`` returns
(up to float rounding); the tests compare the two on real text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

_MAX_CACHE = 400_000


def _tfidf(counts: sp.csr_matrix, vec: TfidfVectorizer) -> sp.csr_matrix:
    """Apply the vectorizer's tf scaling, idf weights and norm to raw counts."""
    counts = counts.astype(vec.dtype, copy=False)
    if vec.sublinear_tf:
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
    if vec.use_idf:
        counts.data *= vec.idf_[counts.indices].astype(vec.dtype)
    if vec.norm is not None:
        counts = normalize(counts, norm=vec.norm, copy=False)
    return counts


def _counts(ids: np.ndarray, lens: Sequence[int], n_features: int) -> sp.csr_matrix:
    """Sum feature ids (``-1`` = unknown) into a (document x feature) count matrix."""
    rows = np.repeat(np.arange(len(lens)), lens)
    keep = ids >= 0
    mat = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], ids[keep])),
        shape=(len(lens), n_features),
    )  # the COO -> CSR conversion sums duplicate entries
    return mat


class _WordNgrams:
    def __init__(self, vec: TfidfVectorizer) -> None:
        self.vec = vec
        self.find = re.compile(vec.token_pattern).findall
        self.key = (vec.token_pattern, vec.lowercase)
        self.min_n, self.max_n = vec.ngram_range
        self.lower = vec.lowercase

    def __call__(self, docs: Sequence[str],
                 memo: dict[tuple, dict[str, list[str]]] | None = None) -> sp.csr_matrix:
        # blocks that tokenise the same strings alike (a sentence, then as the next one's
        # context) share one tokenisation per batch through ``memo``
        seen = {} if memo is None else memo.setdefault(self.key, {})
        find, lower = self.find, self.lower
        keys: list[str] = []
        lens: list[int] = []
        for doc in docs:
            toks = seen.get(doc)
            if toks is None:
                toks = seen[doc] = find(doc.lower() if lower else doc)
            start = len(keys)
            if self.min_n == 1:
                keys.extend(toks)
            for n in range(max(2, self.min_n), self.max_n + 1):
                keys.extend(map(" ".join, zip(*(toks[i:] for i in range(n)))))
            lens.append(len(keys) - start)
        vocab = self.vec.vocabulary_
        ids = np.fromiter(map(vocab.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
        return _tfidf(_counts(ids, lens, len(self.vec.idf_)), self.vec)


class _CharWbNgrams:
    def __init__(self, vec: TfidfVectorizer) -> None:
        self.vec = vec
        self.min_n, self.max_n = vec.ngram_range
        self.lower = vec.lowercase
        self.cache: dict[str, np.ndarray] = {}

    def _grams(self, word: str) -> list[str]:
        """One word's n-grams, as ``TfidfVectorizer(analyzer="char_wb")`` makes them."""
        w = " " + word + " "
        size = len(w)
        grams = []
        for n in range(self.min_n, self.max_n + 1):
            if size <= n:  # a word shorter than n counts once, as a whole
                grams.append(w)
                break
            grams.extend(w[i : i + n] for i in range(size - n + 1))
        return grams

    def _analyse(self, words: list[str]) -> None:
        """Cache the feature ids of new words' n-grams (one vocabulary pass for all)."""
        grams: list[str] = []
        ends = []
        for word in words:
            grams.extend(self._grams(word))
            ends.append(len(grams))
        vocab = self.vec.vocabulary_
        ids = np.fromiter(map(vocab.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
        start = 0
        for word, end in zip(words, ends):
            part = ids[start:end]
            self.cache[word] = part[part >= 0]
            start = end

    def __call__(self, docs: Sequence[str], memo: Any = None) -> sp.csr_matrix:
        tokens: list[str] = []
        indptr = [0]
        for doc in docs:
            tokens.extend((doc.lower() if self.lower else doc).split())
            indptr.append(len(tokens))
        local = {w: i for i, w in enumerate(dict.fromkeys(tokens))}  # distinct words, in order
        word_ids = np.fromiter(map(local.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        cache = self.cache
        if len(cache) > _MAX_CACHE:
            cache.clear()
        new = [w for w in local if w not in cache]
        if new:
            self._analyse(new)
        arrays = list(map(cache.__getitem__, local))
        n_features = len(self.vec.idf_)
        lens = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
        words = sp.csr_matrix(
            (np.ones(int(lens.sum()), dtype=np.float32),
             np.concatenate(arrays) if arrays else np.zeros(0, int),
             np.concatenate([[0], np.cumsum(lens)])),
            shape=(len(arrays), n_features),
        )
        docs_by_word = sp.csr_matrix(
            (np.ones(len(word_ids), dtype=np.float32), word_ids, np.asarray(indptr)),
            shape=(len(docs), len(arrays)),
        )
        # a sparse product has no duplicate entries; its column order does not matter here
        return _tfidf((docs_by_word @ words).tocsr(), self.vec)


def fast_transform(vec: TfidfVectorizer) -> Callable[[Sequence[str]], sp.csr_matrix]:
    """Return a batch transform equivalent to ``vec.transform`` for a fitted vectorizer.

    Parameters
    ----------
    vec : TfidfVectorizer
        A fitted vectorizer with ``analyzer`` ``"word"`` (default token
        handling, no stop words) or ``"char_wb"``.  Anything else falls back
        to ``vec.transform``.

    Returns
    -------
    callable
        ``transform(docs, memo=None) -> scipy.sparse.csr_matrix``.  Word
        transforms called with the same ``memo`` dict (one per batch) tokenise
        each distinct string once, whichever of them sees it first.
    """
    plain = vec.preprocessor is None and vec.tokenizer is None and vec.strip_accents is None
    if vec.analyzer == "char_wb" and plain:
        return _CharWbNgrams(vec)
    if vec.analyzer == "word" and plain and vec.stop_words is None:
        return _WordNgrams(vec)
    return lambda docs, memo=None: vec.transform(docs)
