import numpy as np
import pytest

from edulab.mooc.data import WeeklyArrays
from edulab.mooc.tracing import tracing_data, week_mean_rmse


def test_feature_inputs_and_targets_are_masked_where_no_quiz(small_arrays, small_split):
    data = tracing_data(small_arrays, small_split)
    observed = small_arrays.observed[small_split.train]
    assert data.inputs == "features"
    assert (data.x["train"][~observed] == -1).all() and (data.y["train"][~observed] == -1).all()
    assert (data.y["train"][observed] >= 0).all()
    seen = data.x["train"][observed]
    assert seen.min() == pytest.approx(0.0) and seen.max() == pytest.approx(1.0)


def test_history_inputs_are_never_masked(small_arrays, small_split):
    data = tracing_data(small_arrays, small_split, inputs="history")
    assert data.x["test"].shape[-1] == 2 and (data.x["test"] >= 0).all()
    assert tracing_data(small_arrays, small_split, inputs="both").x["train"].shape[-1] == 44


def test_quizzes_only_data_default_to_history_and_refuse_features(small_arrays, small_split):
    quizzes_only = WeeklyArrays(
        students=small_arrays.students, weeks=small_arrays.weeks, labels=small_arrays.labels,
        scores=small_arrays.scores, observed=small_arrays.observed,
    )  # fmt: skip
    assert tracing_data(quizzes_only, small_split).inputs == "history"
    with pytest.raises(ValueError, match="needs weekly features"):
        tracing_data(quizzes_only, small_split, inputs="features")


def test_week_mean_forecast_rmse_is_computed_on_observed_test_weeks(small_arrays, small_split):
    data = tracing_data(small_arrays, small_split)
    rmse = week_mean_rmse(data)
    assert 0.1 < rmse < 0.35


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_masked_training_beats_the_pitfall(small_arrays, small_split):
    pytest.importorskip("keras")
    from edulab.mooc.tracing import fit_tracing

    data = tracing_data(small_arrays, small_split)
    masked, _ = fit_tracing(data, units=4, epochs=3, batch_size=64)
    pitfall, _ = fit_tracing(data, units=4, epochs=3, batch_size=64, masked_loss=False)
    assert np.isfinite(masked.test_rmse) and masked.test_rmse < pitfall.test_rmse
    assert masked.to_dict()["masked_loss"] is True and "history" not in masked.to_dict()
