import numpy as np
import pytest

from edulab.tracing.scoring import score


def test_score_is_the_exact_auc_and_rmse():
    scores = score(np.array([0, 1, 1, 0]), np.array([0.1, 0.8, 0.4, 0.6]))
    assert scores.auc == pytest.approx(0.75) and scores.n_targets == 4
    assert scores.rmse == pytest.approx(np.sqrt((0.01 + 0.04 + 0.36 + 0.36) / 4))
    assert scores.to_dict() == {"auc": scores.auc, "rmse": scores.rmse, "n_targets": 4}


def test_mismatched_inputs_are_refused():
    with pytest.raises(ValueError, match="equally long"):
        score(np.array([0, 1]), np.array([0.5]))
