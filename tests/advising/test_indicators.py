import numpy as np
import pandas as pd
import pytest

from edulab.advising.indicators import competence, difficulty, distance


def test_difficulty_follows_eq_1(small_records):
    table = difficulty(small_records)
    # A: first attempts 90 (4.75), 50 (1.0), 100 (5.0); two of three pass at once.
    assert table.loc["A", "difficulty"] == pytest.approx(1 - (9.75 / 10.75) * (2 / 3))
    assert table.loc["A", "students"] == 3 and table.loc["A", "passed_first"] == 2
    assert table.loc["B", "difficulty"] == pytest.approx(0.0)
    assert "D" not in table.index


def test_difficulty_tracks_the_true_difficulty_of_the_synthetic_data(synthetic):
    estimated = difficulty(synthetic.records)["difficulty"]
    truth = synthetic.curriculum.extra["true_difficulty"].astype(float).reindex(estimated.index)
    assert np.corrcoef(estimated, truth)[0, 1] > 0.5


def test_distance_follows_eq_2(small_curriculum):
    table = distance(small_curriculum)
    assert table.loc["A", "C"] == pytest.approx(1.0)  # same year, one term apart
    assert table.loc["C", "D"] == pytest.approx(np.sqrt(1 + 4))  # one year and two terms apart
    assert table.loc["A", "D"] == 1.0 and table.loc["E", "A"] == 1.0  # not a direct prerequisite


def test_competence_follows_eq_3(small_curriculum, small_records):
    difficulties = pd.Series({"C": 0.5})
    values = competence(small_curriculum, small_records, "s2", ["A", "C", "D"], difficulties=difficulties)
    gpa_s2 = (3 * 1.0 + 4 * 3.0 + 3 * 2.5 + 3 * 2.0) / 13
    # prerequisites of C: A (2 attempts, distance 1) and B (1 attempt, distance 1); W_C = 3
    assert values["C"] == pytest.approx((2 * 0.5 * 1 + 1 * 0.5 * 1) / (3 * gpa_s2))
    assert values["A"] == 1.0
    assert np.isnan(values["D"])  # D has no record, hence no difficulty


def test_competence_of_a_course_whose_prerequisite_was_never_taken_counts_zero_attempts(
    small_curriculum, small_records
):
    value = competence(small_curriculum, small_records, "s3", ["C"], difficulties=pd.Series({"C": 0.4}))
    gpa_s3 = (3 * 5.0 + 4 * 5.0) / 7
    assert value["C"] == pytest.approx((1 * 0.4 + 1 * 0.4) / (3 * gpa_s3))
