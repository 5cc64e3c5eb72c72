"""The stance model: estimator contract, probabilities, persistence without pickle."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from stance.model import LABELS, StanceModel
from stance.persistence import ModelFormatError, load_model
from stance.pipeline import default_model

TRAIN = [
    ("We strongly condemn the missile launch carried out yesterday.", "condemnatory"),
    ("The Government deplores the shelling of civilian areas.", "condemnatory"),
    ("We reject the annexation and will never accept it.", "condemnatory"),
    ("Such attacks are unacceptable and must be denounced.", "condemnatory"),
    ("We welcome the agreement signed between the two countries.", "cooperative"),
    ("My delegation thanks the Secretary-General for his leadership.", "cooperative"),
    ("We support the peace initiative of the African Union.", "cooperative"),
    ("The two ministers agreed to expand cooperation on trade.", "cooperative"),
    ("The regime continues to occupy our islands in violation of resolution 502.", "accusatory"),
    ("They are responsible for the massacre of innocent villagers.", "accusatory"),
    ("The occupying Power has armed the militias that attacked the refugees.", "accusatory"),
    ("He accused the neighbouring state of sponsoring the insurgents.", "accusatory"),
    ("The session will resume on Monday at 10 a.m.", "neutral"),
    ("Agriculture accounts for a third of our gross domestic product.", "neutral"),
    ("The conference took place in Geneva in 1954.", "neutral"),
    ("The report was issued in six languages.", "neutral"),
]
TEXTS = [t for t, _ in TRAIN]
LABELS_Y = [y for _, y in TRAIN]


@pytest.fixture(scope="module")
def fitted() -> StanceModel:
    return StanceModel(min_df=1, C=10.0).fit(TEXTS, LABELS_Y)


def test_init_only_stores_parameters() -> None:
    model = StanceModel(C=3.0, classifier="svm")
    assert model.get_params()["C"] == 3.0
    assert not [a for a in vars(model) if a.endswith("_")]
    assert clone(model).get_params() == model.get_params()


def test_fit_checks_parameters() -> None:
    with pytest.raises(ValueError, match="classifier must be one of"):
        StanceModel(classifier="forest").fit(TEXTS, LABELS_Y)
    with pytest.raises(ValueError, match="C must be a positive"):
        StanceModel(C=0).fit(TEXTS, LABELS_Y)
    with pytest.raises(ValueError, match="two distinct labels"):
        StanceModel().fit(TEXTS[:2], ["neutral", "neutral"])
    with pytest.raises(ValueError, match="has 16 items but y has 3"):
        StanceModel().fit(TEXTS, LABELS_Y[:3])


def test_probabilities_are_a_distribution(fitted: StanceModel) -> None:
    proba = fitted.predict_proba(["We condemn the attack.", "The meeting is on Friday."])
    assert proba.shape == (2, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert sorted(fitted.classes_) == sorted(LABELS)


def test_learns_the_training_sentences(fitted: StanceModel) -> None:
    assert (fitted.predict(TEXTS) == np.asarray(LABELS_Y, dtype=object)).mean() >= 0.9


def test_predict_has_no_side_effects(fitted: StanceModel) -> None:
    before = fitted.coef_.copy()
    fitted.predict(["We deplore the blockade."])
    np.testing.assert_array_equal(before, fitted.coef_)


def test_context_is_used_when_trained_with_it() -> None:
    X = [{"text": t, "context": "We condemn the attack" if y == "condemnatory" else ""}
         for t, y in TRAIN]
    model = StanceModel(min_df=1).fit(X, LABELS_Y)
    plain = model.predict_proba([{"text": "of the islands."}])
    with_ctx = model.predict_proba(
        [{"text": "of the islands.", "context": "We condemn the attack"}]
    )
    k = list(model.classes_).index("condemnatory")
    assert with_ctx[0, k] > plain[0, k]
    no_ctx_model = StanceModel(min_df=1).fit(TEXTS, LABELS_Y)
    assert [field for field, _, _ in no_ctx_model.vectorizers_] == ["masked", "text"]


@pytest.mark.parametrize("classifier", ["logreg", "svm", "sgd"])
def test_every_classifier_round_trips(tmp_path, classifier: str) -> None:
    model = StanceModel(min_df=1, classifier=classifier).fit(TEXTS * 2, LABELS_Y * 2)
    model.save(tmp_path / "m")
    again = load_model(tmp_path / "m")
    probe = ["We condemn the invasion.", {"text": "and thank them", "context": "We welcome"}]
    np.testing.assert_array_equal(model.predict_proba(probe), again.predict_proba(probe))
    assert list(again.classes_) == list(model.classes_)


def test_binary_and_foreign_label_sets(tmp_path) -> None:
    y = ["ACCUSE" if lab in ("accusatory", "condemnatory") else "OTHER" for lab in LABELS_Y]
    model = StanceModel(min_df=1, classifier="svm").fit(TEXTS * 2, y * 2)
    proba = model.predict_proba(["He accused the neighbouring state of sponsoring insurgents."])
    assert proba.shape == (1, 2)
    probe = "He accused the neighbouring state of sponsoring insurgents."
    assert model.predict([probe])[0] == "ACCUSE"
    model.save(tmp_path / "b")
    again = load_model(tmp_path / "b")
    np.testing.assert_array_equal(again.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_same_data_same_seed_gives_identical_files(tmp_path) -> None:
    for name in ("a", "b"):
        StanceModel(min_df=1).fit(TEXTS, LABELS_Y).save(tmp_path / name)
    for fname in ("model.json", "arrays.npz"):
        assert (tmp_path / "a" / fname).read_bytes() == (tmp_path / "b" / fname).read_bytes()


def test_tampered_model_is_refused(tmp_path, fitted: StanceModel) -> None:
    fitted.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    meta["classes"] = list(reversed(meta["classes"]))
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFormatError, match="hash mismatch"):
        load_model(tmp_path / "m")


def test_incompatible_or_missing_model_is_refused(tmp_path, fitted: StanceModel) -> None:
    with pytest.raises(ModelFormatError, match="not a stance model directory"):
        load_model(tmp_path)
    fitted.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    meta["format_version"] = 99
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFormatError, match="not supported"):
        load_model(tmp_path / "m")


def test_model_files_hold_no_pickle(tmp_path, fitted: StanceModel) -> None:
    fitted.save(tmp_path / "m")
    with np.load(tmp_path / "m" / "arrays.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)


def test_explain_names_the_pushing_ngrams(fitted: StanceModel) -> None:
    expl = fitted.explain("We strongly condemn the missile launch.")
    assert expl["label"] == "condemnatory"
    names = [n for n, _ in expl["for"]]
    assert any("condemn" in n for n in names)
    assert all(w > 0 for _, w in expl["for"])


def test_works_in_pipeline_and_grid_search() -> None:
    pipe = Pipeline([("model", StanceModel(min_df=1))])
    search = GridSearchCV(pipe, {"model__C": [1.0, 10.0]}, cv=2, scoring="accuracy")
    search.fit(TEXTS * 2, LABELS_Y * 2)
    assert search.best_params_["model__C"] in (1.0, 10.0)
    assert search.predict(["We condemn the blockade."]).shape == (1,)


def test_default_model_loads_and_separates_clear_cases() -> None:
    model = default_model()
    assert sorted(model.classes_) == sorted(LABELS)
    pred = model.predict([
        "We strongly condemn the brutal attack on the peacekeepers.",
        "We welcome the signing of the peace agreement and thank all the parties.",
        "The meeting will take place in the afternoon.",
    ])
    assert list(pred) == ["condemnatory", "cooperative", "neutral"]


def test_actor_masking_generalises_across_names(tmp_path) -> None:
    texts = ["France condemned the attack.", "Japan condemned the shelling.",
             "Brazil welcomed the accord.", "India welcomed the treaty."] * 2
    labels = ["condemnatory", "condemnatory", "cooperative", "cooperative"] * 2
    model = StanceModel(min_df=1, mask_actors=True, char_ngram_range=None).fit(texts, labels)
    assert "w:zzactor condemned" in model.feature_names_()
    assert not any("france" in n for n in model.feature_names_())
    model.save(tmp_path / "m")
    probe = ["Kenya condemned the raid.", "Chile welcomed the talks."]
    np.testing.assert_array_equal(load_model(tmp_path / "m").predict_proba(probe),
                                  model.predict_proba(probe))
    assert list(model.predict(probe)) == ["condemnatory", "cooperative"]


def test_role_features_from_the_rules_or_given_by_the_caller(tmp_path) -> None:
    """``roles_weight`` adds the rules' roles; the pipeline's precomputed roles give the same
    features as resolving each sentence here, and they survive saving."""
    from stance.model import role_tokens
    from stance.roles import prepare_roles

    X = [{"text": t, "speaker": "FRA" if i % 2 else ""} for i, t in enumerate(TEXTS)]
    model = StanceModel(min_df=1, roles_weight=0.5).fit(X, LABELS_Y)
    assert any(n.startswith("role:src=") for n in model.feature_names_())
    given = [dict(x, roles=prepare_roles([x["text"]], speaker=x["speaker"] or None,
                                         contexts=[""], learned=False)[0]) for x in X]
    np.testing.assert_array_equal(model.predict_proba(given), model.predict_proba(X))
    # a caller's roles are used as given: a named target changes the features
    swapped = [dict(x, roles=(["FRA"], ["USA"])) for x in X]
    assert (model.transform(swapped) != model.transform(X)).nnz > 0
    assert role_tokens(["FRA"], ["USA", "UN"], speaker="FRA") == "nt=2 src=spk tUN tstate"
    crossed = role_tokens([], [], text="Ukraine condemned the strikes.").split()
    assert crossed == ["nt=0", "src=none", "nt=0&s:condemn", "src=none&s:condemn"]
    with pytest.raises(TypeError, match="'roles' must be a \\(source, target\\) pair"):
        model.predict_proba([{"text": TEXTS[0], "roles": "FRA"}])
    loaded = StanceModel.load(model.save(tmp_path / "m"))
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
