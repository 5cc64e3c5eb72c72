"""StanceModel against scikit-learn's estimator checks (the subset that applies to text input)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from stance.model import StanceModel

# The remaining checks of check_estimator feed numeric 2-D arrays; StanceModel takes
# sentences (strings or {"text", "context", "speaker"} mappings), so they do not apply.
CHECKS = [
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_get_params_invariance,
    check_set_params,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sklearn_estimator_checks(check) -> None:
    check("StanceModel", StanceModel())


def test_refit_gives_identical_model_and_clone_is_unfitted() -> None:
    texts = ["We condemn the attack.", "We welcome the accord.", "The session opened.",
             "They denounced the blockade.", "We thank our partners.", "The vote is at noon."]
    labels = ["condemnatory", "cooperative", "neutral"] * 2
    a = StanceModel(min_df=1).fit(texts, labels)
    b = StanceModel(min_df=1).fit(texts, labels)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert not hasattr(clone(a), "coef_")
    with pytest.raises(Exception, match="not fitted"):
        clone(a).predict(texts)
