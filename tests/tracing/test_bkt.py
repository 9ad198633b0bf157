import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.tracing.bkt import BKT
from edulab.tracing.synthetic import SyntheticConfig, simulate, true_skills


def naive_predictions(frame, params):
    """Forward filtering one answer at a time (the textbook recursion), for reference."""
    out = np.empty(len(frame))
    state = {}
    for i, (user, skill, correct) in enumerate(frame[["user_id", "skill_name", "correct"]].itertuples(index=False)):
        prior, learn, guess, slip = params.loc[skill]
        p = state.get((user, skill), prior)
        out[i] = p * (1 - slip) + (1 - p) * guess
        posterior = p * (1 - slip) / out[i] if correct else p * slip / (1 - out[i])
        state[(user, skill)] = posterior + (1 - posterior) * learn
    return out


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from("abc"), st.integers(0, 1)), min_size=2, max_size=50))
def test_vectorised_filtering_matches_the_recursion(rows):
    frame = pd.DataFrame(rows, columns=["user_id", "skill_name", "correct"]).sort_values(
        "user_id", kind="stable", ignore_index=True
    )
    model = BKT(n_iter=3).fit(frame)
    assert np.allclose(model.predict_proba(frame), naive_predictions(frame, model.params_), atol=1e-9)


def test_an_unsorted_table_gets_each_rows_own_probability():
    frame = simulate(
        SyntheticConfig(n_students=30, n_skills=3, length_median=10, length_mean=12, length_max=30), random_state=0
    )
    model = BKT(n_iter=3).fit(frame)
    shuffled = frame.sample(frac=1.0, random_state=1)
    expected = pd.Series(model.predict_proba(frame), index=frame.index)
    assert np.allclose(model.predict_proba(shuffled), expected.loc[shuffled.index].to_numpy())


def test_em_never_lowers_the_likelihood_and_recovers_the_parameters():
    config = SyntheticConfig(
        n_students=2000,
        n_skills=3,
        ability_spread=0.0,
        max_attempts=30,
        length_median=40,
        length_mean=60,
        length_max=200,
    )
    frame = simulate(config, random_state=11)
    model = BKT().fit(frame)
    assert np.all(np.diff(model.log_likelihood_) >= -1e-6)
    truth = true_skills(config, 11)[["prior", "learn", "guess", "slip"]].to_numpy()
    assert np.abs(model.params_.to_numpy() - truth).max() < 0.06


def test_bad_settings_are_refused(tiny_frame):
    with pytest.raises(ValueError, match="initial"):
        BKT(initial=(0.5, 0.1, 0.2)).fit(tiny_frame)
    with pytest.raises(ValueError, match="max_guess_slip"):
        BKT(max_guess_slip=0.7).fit(tiny_frame)


def test_the_constructor_only_stores_so_that_clone_works():
    from sklearn.base import clone

    initial = [0.4, 0.2, 0.2, 0.1]
    model = BKT(n_iter=5, initial=initial)
    assert model.initial is initial
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model


def test_long_runs_of_repeated_answers_keep_the_smoothing_finite():
    # A pattern of the duplicated rows in the DKT paper's copy of ASSISTments 2009: long runs of
    # the same answer. A backward pass divided by the forward scale overflowed on it.
    frame = pd.DataFrame({"user_id": 1, "skill_name": "a", "correct": np.repeat([0, 1, 0, 1], [74, 74, 444, 111])})
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        model = BKT(n_iter=3).fit(frame)
        probability = model.predict_proba(frame)
    assert np.isfinite(model.params_.to_numpy()).all() and np.isfinite(probability).all()
