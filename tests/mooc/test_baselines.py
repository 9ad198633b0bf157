import numpy as np
import pytest

from edulab.mooc.baselines import aggregate_weeks, ceiling, logistic_baseline, majority_baseline
from edulab.mooc.early import EarlyData, early_data


def test_aggregate_is_mean_and_last_week():
    x = np.arange(12, dtype=float).reshape(1, 3, 4)
    np.testing.assert_allclose(aggregate_weeks(x), [[4, 5, 6, 7, 8, 9, 10, 11]])
    with pytest.raises(ValueError, match="expected"):
        aggregate_weeks(np.zeros((2, 3)))


def test_majority_is_chance(small_arrays, small_split):
    result = majority_baseline(early_data(small_arrays, small_split, 2))
    assert result.test_auc == 0.5 and result.test_balanced_accuracy == 0.5


def test_logistic_regression_finds_a_separable_signal():
    rng = np.random.default_rng(0)
    parts = {}
    for name, n in (("train", 200), ("validation", 60), ("test", 60)):
        y = rng.integers(0, 2, n)
        x = rng.normal(size=(n, 3, 2)) + 3 * y[:, None, None] * np.array([1.0, 0.0])
        parts[name] = (x, y)
    data = EarlyData(x={k: v[0] for k, v in parts.items()}, y={k: v[1] for k, v in parts.items()}, n_weeks=3)
    assert logistic_baseline(data).test_auc > 0.95


def test_ceiling_only_for_simulated_data(small_arrays, small_split):
    data = early_data(small_arrays, small_split, 5)
    assert ceiling(data).test_auc > 0.75
    data.pass_probability = None
    with pytest.raises(ValueError, match="simulated"):
        ceiling(data)
