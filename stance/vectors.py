"""Word vectors learned from unlabelled text, for dense sentence features.

The stance model's n-grams only know the words of its labelled sentences.
Word vectors learned from a large unlabelled corpus (the 1.2 million
sentences of the UN General Debates) place "denounce" next to "condemn" and
"usurpation" next to "occupation", so a sentence whose cue word was never
labelled still lands near the ones that were.

The vectors are a truncated SVD of the positive pointwise mutual information
(PPMI) matrix of word co-occurrences in a symmetric window: a count-based
method that needs only numpy and scipy, is deterministic for a fixed seed,
and trains on the whole UNGDC corpus in about two minutes.  A sentence's
vector is the idf-weighted sum of its words' vectors, scaled to unit length
(see :class:`stance.model.StanceModel`'s ``word_vectors`` parameter).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

TOKEN_PATTERN = r"(?u)\b\w[\w'’-]*\b"
"""Tokens of the word vectors (lowercased), the same as the model's word n-grams."""

DEFAULT = "default"
"""Name of the packaged vectors (those inside the packaged default model)."""


class WordVectors:
    """A vocabulary and one vector per word.

    Parameters
    ----------
    vocabulary : list of str
        The words, lowercased, in row order.
    vectors : ndarray of shape (n_words, dim)
        One row per word.  Kept as 8-bit codes with one scale per word (a
        quarter of float32's size) and used as float32, so a saved and
        reloaded set gives exactly the same sentence features.

    Examples
    --------
    >>> wv = WordVectors(["war", "peace"], np.eye(2))
    >>> wv.dim, len(wv)
    (2, 2)
    """

    def __init__(self, vocabulary: list[str], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or vectors.shape[0] != len(vocabulary):
            raise ValueError(f"need one vector per word: {len(vocabulary)} words, "
                             f"vectors of shape {vectors.shape}")
        if len(set(vocabulary)) != len(vocabulary):
            raise ValueError("the vocabulary of word vectors has duplicates")
        self.vocabulary = list(vocabulary)
        self.codes, self.scales = quantize(vectors)
        self.vectors = self.codes * self.scales[:, None]

    @property
    def dim(self) -> int:
        """Number of dimensions."""
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.vocabulary)

    def save(self, path: str | Path) -> Path:
        """Write ``.npz`` arrays (words, 8-bit codes and scales; no pickle) to ``path``."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.savez_compressed(buf, vocabulary=np.array(self.vocabulary, dtype=str),
                            codes=self.codes, scales=self.scales)
        out.write_bytes(buf.getvalue())
        return out

    @classmethod
    def load(cls, path: str | Path) -> WordVectors:
        """Read word vectors from a ``.npz`` file, a model directory or ``"default"``.

        Parameters
        ----------
        path : str or Path
            A file written by :meth:`save`; a saved model directory whose model
            holds word vectors; or ``"default"`` for the vectors of the packaged
            default model.

        Returns
        -------
        WordVectors

        Raises
        ------
        ValueError
            When the path holds no word vectors.
        """
        if str(path) == DEFAULT:
            from stance.pipeline import default_model

            model = default_model()
        elif Path(path).is_dir():
            from stance.model import StanceModel

            model = StanceModel.load(path)
        else:
            try:
                with np.load(path, allow_pickle=False) as npz:
                    return cls(list(npz["vocabulary"]), npz["codes"] * npz["scales"][:, None])
            except (OSError, KeyError, ValueError) as exc:
                raise ValueError(f"{path}: not a word-vectors file ({exc})") from None
        found = getattr(model, "word_vectors_", None)
        if found is None:
            raise ValueError(f"{path}: this model has no word vectors")
        return found


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return int8 codes and float32 per-row scales with ``codes * scales[:, None] ~ vectors``.

    Quantising the result again gives the same codes and scales.

    Examples
    --------
    >>> codes, scales = quantize(np.array([[0.5, -1.0], [0.0, 0.0]]))
    >>> codes.tolist(), scales.tolist()
    ([[64, -127], [0, 0]], [0.007874015718698502, 0.0])
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    scales = (np.abs(vectors).max(axis=1) / np.float32(127)).astype(np.float32)
    safe = np.where(scales > 0, scales, np.float32(1))
    codes = np.clip(np.rint(vectors / safe[:, None]), -127, 127).astype(np.int8)
    return codes, scales


def train_word_vectors(
    texts: Iterable[str],
    *,
    dim: int = 128,
    window: int = 5,
    min_count: int = 10,
    max_words: int = 60000,
    alpha: float = 0.75,
    random_state: int = 0,
) -> WordVectors:
    """Learn word vectors from raw text by PPMI + truncated SVD.

    Parameters
    ----------
    texts : iterable of str
        Documents (a window never crosses from one document into the next).
    dim : int, default=128
        Number of dimensions.
    window : int, default=5
        Co-occurrence window on each side; a pair ``d`` words apart counts ``1/d``.
    min_count : int, default=10
        Words seen fewer times are left out.
    max_words : int, default=60000
        Cap on the vocabulary (most frequent kept).
    alpha : float, default=0.75
        Smoothing exponent of the context distribution.
    random_state : int, default=0
        Seed of the randomised SVD.

    Returns
    -------
    WordVectors
        Rows are ``U * sqrt(S)`` of the SVD.

    Examples
    --------
    >>> docs = ["we condemn the attack and denounce the attack"] * 30
    >>> wv = train_word_vectors(docs, dim=2, min_count=1)
    >>> sorted(wv.vocabulary)[:3], wv.dim
    (['and', 'attack', 'condemn'], 2)
    """
    find = re.compile(TOKEN_PATTERN).findall
    docs = [find(text.lower()) for text in texts]
    counts = Counter(w for doc in docs for w in doc)
    ranked = sorted((w for w, c in counts.items() if c >= min_count),
                    key=lambda w: (-counts[w], w))[:max_words]
    if len(ranked) <= dim:
        raise ValueError(f"{len(ranked)} words seen at least {min_count} times; "
                         f"need more than dim={dim}")
    index = {w: i for i, w in enumerate(ranked)}
    n = len(ranked)
    ids = np.fromiter((index.get(w, -1) for doc in docs for w in [*doc, ""]), dtype=np.int64)
    cooc = sp.csr_matrix((n, n), dtype=np.float64)
    for d in range(1, window + 1):
        a, b = ids[:-d], ids[d:]
        ok = (a >= 0) & (b >= 0)
        pairs = sp.coo_matrix((np.full(int(ok.sum()), 1.0 / d), (a[ok], b[ok])), shape=(n, n))
        cooc = cooc + pairs.tocsr() + pairs.T.tocsr()
    coo = cooc.tocoo()
    rows = np.asarray(cooc.sum(axis=1)).ravel()
    cols = np.asarray(cooc.sum(axis=0)).ravel() ** alpha
    pmi = np.log(coo.data * cols.sum() / (rows[coo.row] * cols[coo.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(n, n))
    u, s, _ = randomized_svd(ppmi, dim, n_iter=5, random_state=random_state)
    # an SVD's signs are arbitrary: fix them so the largest entry of each column is positive
    signs = np.sign(u[np.abs(u).argmax(axis=0), np.arange(dim)])
    return WordVectors(ranked, u * signs * np.sqrt(s))
