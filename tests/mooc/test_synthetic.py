import numpy as np
import pytest

from edulab import datasets
from edulab.mooc.schema import MOOC_FEATURES
from edulab.mooc.synthetic import REAL_PASS_RATE, REAL_QUIZ_RATES, REAL_SCORE_MEANS, MoocSimulator, build_shipped


def test_same_seed_same_course_other_seed_other_course():
    a = MoocSimulator(n_students=50).simulate(3)
    b = MoocSimulator(n_students=50).simulate(3)
    c = MoocSimulator(n_students=50).simulate(4)
    assert a.quizzes.equals(b.quizzes) and a.features.equals(b.features)
    assert not a.quizzes.equals(c.quizzes)


def test_calibrated_on_the_real_quiz_file():
    arrays = MoocSimulator(n_students=3000).simulate(11).arrays()
    np.testing.assert_allclose(arrays.observed.mean(axis=0), REAL_QUIZ_RATES, atol=0.03)
    np.testing.assert_allclose(np.nanmean(arrays.scores[..., 0], axis=0), REAL_SCORE_MEANS, atol=0.01)
    assert abs((arrays.labels == 0).mean() - REAL_PASS_RATE) < 0.03


def test_features_have_the_real_names_and_no_gap(small_course):
    assert small_course.feature_names == MOOC_FEATURES
    assert not small_course.features.isna().any().any()
    assert len(small_course.features) == 300 * 10


def test_the_truth_carries_signal_the_ceiling_is_high(small_arrays):
    from sklearn.metrics import roc_auc_score

    p = small_arrays.pass_probability
    assert ((p > 0) & (p < 1)).all()
    assert roc_auc_score(small_arrays.labels, 1 - p) > 0.8


def test_invalid_parameters_are_refused():
    with pytest.raises(ValueError, match="n_students"):
        MoocSimulator(n_students=1)
    with pytest.raises(ValueError, match="same number of weeks"):
        MoocSimulator(quiz_rates=(0.5, 0.5), score_means=(0.5,))
    with pytest.raises(ValueError, match="pass_rate"):
        MoocSimulator(pass_rate=1.0)


def test_shipped_files_are_regenerated_byte_for_byte(repository, tmp_path):
    shipped = datasets.info("mooc-synthetic")
    build_shipped(tmp_path)
    for file in shipped.files:
        assert (tmp_path / file).read_bytes() == (repository / "datasets" / shipped.folder / file).read_bytes(), file


def test_shipped_dataset_loads_through_the_registry():
    data = datasets.load("mooc-synthetic")
    assert data.summary()["students"] == 1000 and data.truth is not None
