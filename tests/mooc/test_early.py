import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import balanced_accuracy_score

from edulab.mooc.early import binary_scores, choose_threshold, early_data


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.integers(0, 1), min_size=2, max_size=40).filter(lambda l: 0 < sum(l) < len(l)),
    seed=st.integers(0, 10_000),
)
def test_threshold_is_the_best_balanced_accuracy(labels, seed):
    y = np.array(labels)
    p = np.round(np.random.default_rng(seed).random(len(y)), 2)  # ties happen
    threshold = choose_threshold(y, p)
    chosen = balanced_accuracy_score(y, p >= threshold)
    brute = max(balanced_accuracy_score(y, p >= t) for t in np.concatenate([p, [np.inf]]))
    assert chosen == pytest.approx(brute)


def test_threshold_is_not_fixed_at_one_half():
    y = np.array([0, 0, 1, 1])
    p = np.array([0.70, 0.72, 0.80, 0.90])
    threshold = choose_threshold(y, p)
    assert 0.72 < threshold <= 0.80
    assert binary_scores(y, p, threshold) == {"balanced_accuracy": 1.0, "auc": 1.0}
    assert binary_scores(y, p, 0.5)["balanced_accuracy"] == 0.5


def test_threshold_needs_both_classes():
    with pytest.raises(ValueError, match="both classes"):
        choose_threshold(np.ones(3), np.array([0.1, 0.2, 0.3]))


def test_early_data_reads_only_the_first_weeks(small_arrays, small_split):
    data = early_data(small_arrays, small_split, 3)
    assert data.x["train"].shape == (len(small_split.train), 3, 42 + 2)
    changed = small_arrays.take(np.arange(len(small_arrays.students)))
    changed.features = small_arrays.features.copy()
    changed.features[:, 3:] = 1e6
    changed.scores = small_arrays.scores.copy()
    changed.scores[:, 3:] = 0.0
    again = early_data(changed, small_split, 3)
    for part in data.x:
        np.testing.assert_array_equal(data.x[part], again.x[part])


def test_early_scaler_sees_training_students_only(small_arrays, small_split):
    data = early_data(small_arrays, small_split, 2)
    features = data.x["train"][..., :42]
    assert features.min() == pytest.approx(0.0) and features.max() == pytest.approx(1.0)
    assert data.x["test"][..., :42].max() != pytest.approx(1.0) or data.x["test"][..., :42].min() < 0


def test_weeks_out_of_range_are_refused(small_arrays, small_split):
    with pytest.raises(ValueError, match=r"n_weeks must lie in 1..10"):
        early_data(small_arrays, small_split, 11)
