"""The fast batch transforms give exactly the matrices of scikit-learn's vectorizers."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from stance.features import fast_transform

TRAIN = [
    "We condemn the occupation of our islands, which violates resolution 502 (1982).",
    "My delegation welcomes the Secretary-General's report on the Organization's work.",
    "The régime's forces shelled Ménaka again; again and again the shelling went on.",
    "Japan and the Republic of Korea agreed to expand joint naval drills.",
    "A is a; I am.",
]
PROBE = TRAIN + [
    "",
    "   ",
    "Unseen words: zygote, quasar, and the the the repeated article.",
    "Côte d'Ivoire’s delegation — with “curly quotes” — spoke at 10.30 a.m.",
    "x",
]


@pytest.mark.parametrize(
    "params",
    [
        {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w[\w'’-]*\b", "sublinear_tf": True},
        {"ngram_range": (1, 1)},
        {"ngram_range": (2, 3), "lowercase": False},
        {"analyzer": "char_wb", "ngram_range": (3, 5), "sublinear_tf": True},
        {"analyzer": "char_wb", "ngram_range": (2, 5)},
        {"analyzer": "char_wb", "ngram_range": (1, 3), "lowercase": False, "norm": "l1"},
    ],
)
def test_same_matrix_as_sklearn(params) -> None:
    vec = TfidfVectorizer(dtype=np.float32, **params).fit(TRAIN)
    fast = fast_transform(vec)
    assert fast is not vec.transform  # the fast path is used for these settings
    expected = vec.transform(PROBE).toarray()
    for _ in range(2):  # second call: from the per-word cache
        np.testing.assert_allclose(fast(PROBE).toarray(), expected, rtol=1e-6, atol=1e-7)


def test_other_settings_fall_back_to_sklearn() -> None:
    for vec in (TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).fit(TRAIN),
                TfidfVectorizer(stop_words=["the"]).fit(TRAIN)):
        fast = fast_transform(vec)
        assert not hasattr(fast, "vec")  # not one of the fast classes
        np.testing.assert_array_equal(fast(PROBE, memo={}).toarray(),
                                      vec.transform(PROBE).toarray())


def test_shared_tokenisation_memo_gives_each_vectorizer_its_own_matrix() -> None:
    """Vectorizers sharing a batch memo reuse tokens only where tokenisation is identical."""
    vecs = [TfidfVectorizer(ngram_range=(1, 2)).fit(TRAIN),
            TfidfVectorizer(ngram_range=(1, 1)).fit(TRAIN),
            TfidfVectorizer(lowercase=False).fit(TRAIN),
            TfidfVectorizer(token_pattern=r"\S+").fit(TRAIN)]
    memo: dict = {}
    for vec in vecs:
        got = fast_transform(vec)(PROBE, memo=memo).toarray()
        np.testing.assert_allclose(got, vec.transform(PROBE).toarray(), rtol=1e-6, atol=1e-7)
    assert len(memo) == 3  # (pattern, lowercase) pairs: the first two share one entry
