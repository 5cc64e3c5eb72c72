"""Word vectors: training, storage without pickle, and their use in the stance model."""

from __future__ import annotations

import numpy as np
import pytest

from stance.model import StanceModel
from stance.pipeline import default_model
from stance.vectors import WordVectors, train_word_vectors

# Two cue words used in identical contexts, and a topic vocabulary used elsewhere.
CORPUS = [
    "The Government strongly {v} the bombing of civilians by foreign forces.",
    "We {v} the occupation of our islands and the shelling of our villages.",
    "My delegation {v} the attack on the embassy in the capital.",
    "Agriculture and fisheries remain the basis of our national economy.",
    "The harvest of rice and maize improved the rural economy this year.",
]


def _corpus(n: int = 20) -> list[str]:
    docs = []
    for i in range(n):
        docs.append(" ".join(s.format(v="condemns" if i % 2 else "denounces") for s in CORPUS))
    return docs


def _cos(wv: WordVectors, a: str, b: str) -> float:
    va, vb = (wv.vectors[wv.vocabulary.index(w)] for w in (a, b))
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))


def test_words_in_the_same_contexts_get_similar_vectors() -> None:
    wv = train_word_vectors(_corpus(), dim=4, min_count=1)
    assert _cos(wv, "condemns", "denounces") > 0.9
    assert _cos(wv, "condemns", "denounces") > _cos(wv, "condemns", "harvest") + 0.3


def test_training_is_deterministic_and_checks_its_input() -> None:
    a = train_word_vectors(_corpus(), dim=4, min_count=1)
    b = train_word_vectors(_corpus(), dim=4, min_count=1)
    assert a.vocabulary == b.vocabulary
    assert np.array_equal(a.vectors, b.vectors)
    with pytest.raises(ValueError, match="need more than dim"):
        train_word_vectors(["too few words here"], dim=8, min_count=1)


def test_save_and_load_round_trip(tmp_path) -> None:
    wv = train_word_vectors(_corpus(), dim=4, min_count=1)
    back = WordVectors.load(wv.save(tmp_path / "wv.npz"))
    assert back.vocabulary == wv.vocabulary
    assert np.array_equal(back.vectors, wv.vectors)
    (tmp_path / "junk.npz").write_bytes(b"not an archive")
    with pytest.raises(ValueError, match="not a word-vectors file"):
        WordVectors.load(tmp_path / "junk.npz")
    with pytest.raises(ValueError, match="one vector per word"):
        WordVectors(["war", "peace"], np.zeros((3, 2)))


LABELLED = [
    ("We condemn the bombing of the hospital.", "condemnatory"),
    ("The Government condemns the shelling of villages.", "condemnatory"),
    ("We strongly condemn the attack on the embassy.", "condemnatory"),
    ("We welcome the agreement signed in Geneva.", "cooperative"),
    ("The Government welcomes the new partnership on trade.", "cooperative"),
    ("We warmly welcome the peace initiative.", "cooperative"),
    ("Rice production rose by ten per cent last year.", "neutral"),
    ("The conference will take place in the capital in May.", "neutral"),
]


def _hand_vectors() -> WordVectors:
    """Vectors where "denounce" sits on "condemn" and "applaud" on "welcome"."""
    words = ["condemn", "condemns", "denounce", "welcome", "welcomes", "applaud", "rice", "the"]
    mat = np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0],
                    [0, 0, 1], [0, 0, 0]], dtype=float)
    return WordVectors(words, mat)


def test_vectors_carry_a_label_to_cue_words_never_labelled(tmp_path) -> None:
    texts = [t for t, _ in LABELLED]
    labels = [y for _, y in LABELLED]
    common = {"min_df": 1, "char_ngram_range": None, "C": 10.0}
    plain = StanceModel(**common).fit(texts, labels)
    with_vectors = StanceModel(word_vectors=_hand_vectors(), vectors_weight=2.0,
                               **common).fit(texts, labels)
    unseen = ["We denounce the raid.", "We applaud the raid."]
    assert list(with_vectors.predict(unseen)) == ["condemnatory", "cooperative"]
    k = list(plain.classes_).index("condemnatory")
    assert with_vectors.predict_proba(unseen)[0, k] > plain.predict_proba(unseen)[0, k] + 0.2
    assert "vec:0" in with_vectors.feature_names_()
    # the vectors travel inside the saved model
    back = StanceModel.load(with_vectors.save(tmp_path / "m"))
    assert np.array_equal(back.predict_proba(unseen), with_vectors.predict_proba(unseen))
    assert np.array_equal(WordVectors.load(tmp_path / "m").vectors, _hand_vectors().vectors)


def test_vectors_from_a_file_path_and_from_a_model_without_them(tmp_path) -> None:
    path = _hand_vectors().save(tmp_path / "wv.npz")
    texts = [t for t, _ in LABELLED]
    labels = [y for _, y in LABELLED]
    model = StanceModel(word_vectors=str(path), min_df=1).fit(texts, labels)
    assert model.word_vectors_.dim == 3
    plain = StanceModel(min_df=1, word_vectors=None).fit(texts, labels).save(tmp_path / "plain")
    with pytest.raises(ValueError, match="has no word vectors"):
        WordVectors.load(plain)


def test_default_model_ships_its_word_vectors() -> None:
    model = default_model()
    if model.word_vectors_ is None:
        pytest.skip("the packaged model was trained without word vectors")
    wv = WordVectors.load("default")
    assert len(wv) > 10000 and wv.dim == model.word_vectors_.dim
    assert _cos(wv, "condemn", "denounce") > _cos(wv, "condemn", "agriculture")


def test_block_scores_equal_the_full_feature_matrix() -> None:
    # speeches and news mixed: the news-only copy is in use, with the sentence vectors
    X = [{"text": t, "speaker": "FRA" if i % 2 else ""} for i, (t, _) in enumerate(LABELLED)]
    y = [label for _, label in LABELLED]
    model = StanceModel(word_vectors=_hand_vectors(), min_df=1).fit(X, y)
    assert model.domain_copy_
    probe = X + [{"text": "We denounce the raid.", "context": "We applaud the talks."}]
    full = model.transform(probe) @ model.coef_.T + model.intercept_
    assert full.shape == (len(probe), len(model.classes_))
    assert np.allclose(model.decision_function(probe), full, atol=1e-5)


def test_a_modified_or_missing_vectors_file_is_refused(tmp_path) -> None:
    from stance.persistence import ModelFormatError

    texts = [t for t, _ in LABELLED]
    labels = [y for _, y in LABELLED]
    model = StanceModel(word_vectors=_hand_vectors(), min_df=1).fit(texts, labels)
    out = model.save(tmp_path / "m")
    assert (out / "vectors.npz").is_file()
    blob = (out / "vectors.npz").read_bytes()
    (out / "vectors.npz").write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    with pytest.raises(ModelFormatError, match="hash mismatch"):
        StanceModel.load(out)
    (out / "vectors.npz").unlink()
    with pytest.raises(ModelFormatError, match="hash mismatch"):
        StanceModel.load(out)


MARKED = [
    ("<s>Germany</s> strongly condemned <t>the shelling</t> of the port.", "ACCUSE"),
    ("<s>The rebels</s> denounce <t>the government</t> again.", "ACCUSE"),
    ("<s>France</s> warmly welcomes <t>the ceasefire</t> in the north.", "SUPPORT"),
    ("<s>The union</s> applaud <t>the new minister</t> today.", "SUPPORT"),
]


def test_marked_texts_get_a_sentence_vector_of_their_relation(tmp_path) -> None:
    texts = [t for t, _ in MARKED]
    labels = [y for _, y in MARKED]
    model = StanceModel(word_vectors=_hand_vectors(), vectors_weight=0.5, relation_weight=2.0,
                        min_df=1).fit(texts, labels)
    # the relation (the words between and after the marked spans) has its own vector
    assert model.vector_blocks_ == [("text", 0.5), ("relation", 1.0)]
    dense = model.transform(["<s>Spain</s> denounce <t>the raid</t>."])[:, -3:].toarray()[0]
    assert dense[0] > 0.9 and abs(dense[1]) < 1e-6  # on "condemn", nothing on "welcome"
    # the marked spans are masked in the word features: no source or target name is learned
    words = next(v for f, v, _ in model.vectorizers_ if f == "masked").vocabulary_
    assert "zzsource" in words and "zztarget" in words and "germany" not in words
    back = StanceModel.load(model.save(tmp_path / "m"))
    assert np.array_equal(back.predict_proba(texts), model.predict_proba(texts))
    # unmarked texts have no relation block
    plain = StanceModel(word_vectors=_hand_vectors(), min_df=1).fit(
        [t for t, _ in LABELLED], [y for _, y in LABELLED])
    assert [field for field, _ in plain.vector_blocks_] == ["text"]
