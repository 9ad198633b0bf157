import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edulab.advising.grading import SAUDI_5, GradeScale, gpa


def test_saudi_scale_bands_at_their_edges():
    grades = [100, 95, 94.9, 90, 85, 80, 75, 70, 65, 60, 59.9, 0]
    expected = [5, 5, 4.75, 4.75, 4.5, 4.0, 3.5, 3.0, 2.5, 2.0, 1.0, 1.0]
    np.testing.assert_allclose(SAUDI_5.grade_points(grades), expected)
    assert list(SAUDI_5.letter([96, 61, 12])) == ["A+", "D", "F"]


@given(st.lists(st.floats(0, 100), min_size=2, max_size=30))
def test_grade_points_never_decrease_with_the_grade(grades):
    ordered = np.sort(grades)
    points = SAUDI_5.grade_points(ordered)
    assert np.all(np.diff(points) >= 0)
    assert points.min() >= 1.0 and points.max() <= 5.0


def test_grades_outside_0_100_are_rejected_with_the_value():
    with pytest.raises(ValueError, match="101"):
        SAUDI_5.grade_points([50, 101])


def test_a_scale_needs_decreasing_bounds_ending_at_zero():
    with pytest.raises(ValueError, match="decrease"):
        GradeScale(lower_bounds=(50, 60, 0), points=(1, 2, 3), letters=("a", "b", "c"))


def test_gpa_is_credit_weighted_over_all_attempts(small_curriculum, small_records):
    credits = small_curriculum.credits
    result = gpa(small_records, credits)
    # s2: A 50 (1.0 x 3), B 70 (3.0 x 4), A 65 (2.5 x 3), C 60 (2.0 x 3) -> 31.5 / 13
    assert result["s2"] == pytest.approx((3 * 1.0 + 4 * 3.0 + 3 * 2.5 + 3 * 2.0) / 13)
    last = gpa(small_records, credits, attempts="last")
    assert last["s2"] == pytest.approx((4 * 3.0 + 3 * 2.5 + 3 * 2.0) / 10)


def test_gpa_up_to_a_term_ignores_later_records(small_curriculum, small_records):
    result = gpa(small_records, small_curriculum.credits, up_to_term=1)
    assert result["s1"] == pytest.approx((3 * 4.75 + 4 * 4.0) / 7)


def test_gpa_names_courses_without_credits(small_records):
    with pytest.raises(ValueError, match=r"\['C'\]"):
        gpa(small_records, pd.Series({"A": 3, "B": 4}))
