import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from edulab import datasets
from edulab.tracing.interactions import summarise, validate_interactions
from edulab.tracing.synthetic import (
    ASSISTMENTS_2009,
    SHIPPED_FILE,
    SyntheticConfig,
    simulate,
    true_skills,
    write_shipped,
)


def test_the_builder_writes_the_same_bytes_as_the_shipped_file(tmp_path, repository):
    first = write_shipped(tmp_path / "a").read_bytes()
    assert write_shipped(tmp_path / "b").read_bytes() == first
    assert (repository / "datasets" / "tracing" / SHIPPED_FILE).read_bytes() == first


def test_the_registry_serves_the_shipped_set():
    entry = datasets.info("tracing-synthetic")
    assert entry.kind == "shipped" and entry.files == (SHIPPED_FILE,)
    frame = datasets.load("tracing-synthetic")
    assert frame["user_id"].nunique() == 500 and frame["skill_name"].nunique() <= 110


def test_the_default_course_is_calibrated_on_assistments_2009():
    figures = summarise(simulate(random_state=1))
    assert figures["students"] == ASSISTMENTS_2009["students"] and figures["skills"] == ASSISTMENTS_2009["skills"]
    assert figures["correct_rate"] == pytest.approx(ASSISTMENTS_2009["correct_rate"], abs=0.03)
    assert figures["length_median"] == pytest.approx(ASSISTMENTS_2009["length_median"], rel=0.15)
    assert figures["length_mean"] == pytest.approx(ASSISTMENTS_2009["length_mean"], rel=0.15)
    assert figures["length_max"] <= ASSISTMENTS_2009["length_max"]


def test_each_answer_is_drawn_with_guess_or_one_minus_slip_and_mastery_is_never_lost():
    config = SyntheticConfig(n_students=200, n_skills=6)
    frame = simulate(config, random_state=4)
    validate_interactions(frame)
    skills = true_skills(config, 4).loc[frame["skill_name"]]
    expected = np.where(frame["mastered"] == 1, 1 - skills["slip"].to_numpy(), skills["guess"].to_numpy())
    assert np.allclose(frame["p_correct"], expected)
    per_skill = frame.groupby(["user_id", "skill_name"])["mastered"]
    assert (per_skill.diff().fillna(0) >= 0).all()
    assert roc_auc_score(frame["correct"], frame["p_correct"]) > 0.7


def test_students_move_on_after_three_right_answers_in_a_row():
    frame = simulate(SyntheticConfig(n_students=100, n_skills=5, max_attempts=50), random_state=2)
    run = (frame["skill_name"] != frame.groupby("user_id")["skill_name"].shift()).cumsum()
    for _, answers in frame.groupby(run):
        correct = answers["correct"].to_numpy()
        streak = np.convolve(correct, np.ones(3, dtype=int), "valid")
        assert not (streak[:-1] == 3).any()  # three in a row ends the run (or the student's sequence)


def test_bad_configurations_are_refused():
    with pytest.raises(ValueError, match="guess"):
        SyntheticConfig(guess=(0.3, 0.6))
    with pytest.raises(ValueError, match="length_median"):
        SyntheticConfig(length_median=90, length_mean=80)


@pytest.mark.shared_data
def test_the_calibration_figures_are_those_of_the_real_file(shared_data):
    from edulab.tracing.data import load_interactions

    real = summarise(load_interactions("assistments2009"))
    for key, value in ASSISTMENTS_2009.items():
        assert real[key] == pytest.approx(value, rel=1e-3), key
