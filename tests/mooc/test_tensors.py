import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.mooc.schema import SchemaError
from edulab.mooc.tensors import (
    WeeklyMinMaxScaler,
    mask_weeks,
    quiz_arrays,
    quiz_channels,
    quiz_history,
    weekly_tensor,
)


def table(students, weeks, rng):
    users = np.repeat(students, len(weeks))
    return pd.DataFrame(
        {
            "user_id": users,
            "week": np.tile(weeks, len(students)),
            "a": rng.random(len(users)),
            "b": rng.random(len(users)),
        }
    )


@settings(max_examples=30, deadline=None)
@given(n_students=st.integers(1, 8), n_weeks=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_rows_are_placed_by_id_not_by_order(n_students, n_weeks, seed):
    rng = np.random.default_rng(seed)
    students = rng.choice(1000, n_students, replace=False)
    frame = table(students, np.arange(n_weeks), rng)
    tensor = weekly_tensor(frame.sample(frac=1.0, random_state=seed), ["a", "b"], students)
    for row in frame.itertuples():
        i = int(np.flatnonzero(students == row.user_id)[0])
        assert tensor[i, row.week].tolist() == pytest.approx([row.a, row.b])


def test_student_order_is_the_callers():
    frame = table(np.array([5, 9]), np.arange(3), np.random.default_rng(0))
    forward = weekly_tensor(frame, ["a"], [5, 9])
    backward = weekly_tensor(frame, ["a"], [9, 5])
    np.testing.assert_array_equal(forward[::-1], backward)


def test_missing_week_is_an_error_or_an_explicit_fill():
    frame = table(np.array([1, 2]), np.arange(3), np.random.default_rng(0))
    frame = frame.drop(index=4)  # student 2, week 1
    with pytest.raises(SchemaError, match=r"no row for student 2, week 1 \(1 missing"):
        weekly_tensor(frame, ["a"], [1, 2], source="feat.csv")
    filled = weekly_tensor(frame, ["a"], [1, 2], fill=0.0)
    assert filled[1, 1, 0] == 0.0 and filled[1, 2, 0] == pytest.approx(frame["a"].iloc[-1])


def test_student_without_any_row_is_reported():
    frame = table(np.array([1]), np.arange(2), np.random.default_rng(0))
    with pytest.raises(SchemaError, match=r"1 student\(s\) have no row at all \(first: 4\)"):
        weekly_tensor(frame, ["a"], [1, 4])


def test_duplicate_students_requested_are_refused():
    frame = table(np.array([1]), np.arange(2), np.random.default_rng(0))
    with pytest.raises(ValueError, match="distinct"):
        weekly_tensor(frame, ["a"], [1, 1])


def test_mask_weeks_sets_inputs_and_targets_of_unobserved_weeks():
    values = np.arange(12, dtype=float).reshape(1, 4, 3)
    observed = np.array([[True, False, True, False]])
    masked = mask_weeks(values, observed, -1.0)
    assert (masked[0, [1, 3]] == -1).all()
    np.testing.assert_array_equal(masked[0, [0, 2]], values[0, [0, 2]])
    with pytest.raises(ValueError, match="disagree"):
        mask_weeks(values, observed[:, :3])


def test_quiz_history_sees_only_previous_weeks():
    quizzes = pd.DataFrame({"user_id": [1, 1, 1], "week": [0, 1, 2], "quiz_correct": [0.8, None, 0.4]})
    scores, observed = quiz_arrays(quizzes, np.array([1]))
    history = quiz_history(scores, observed)
    np.testing.assert_allclose(history[0], [[0, 0], [0.8, 1], [0, 0]])
    np.testing.assert_allclose(quiz_channels(scores, observed)[0], [[0.8, 1], [0, 0], [0.4, 1]])


def test_scaler_learns_on_observed_weeks_only():
    values = np.array([[[0.0], [10.0], [1000.0]]])
    observed = np.array([[True, True, False]])
    scaler = WeeklyMinMaxScaler().fit(values, observed)
    np.testing.assert_allclose(scaler.transform(values)[0, :, 0], [0.0, 1.0, 100.0])
    assert WeeklyMinMaxScaler(clip=True).fit(values, observed).transform(values).max() == 1.0


def test_scaler_handles_constant_features_and_refuses_nan():
    values = np.ones((2, 3, 1))
    assert (WeeklyMinMaxScaler().fit_transform(values) == 0).all()
    values[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        WeeklyMinMaxScaler().fit(values)
    with pytest.raises(RuntimeError, match="fit"):
        WeeklyMinMaxScaler().transform(values)
