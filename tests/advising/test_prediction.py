import numpy as np
import pandas as pd
import pytest

from edulab.advising.curriculum import Course, Curriculum
from edulab.advising.prediction import PRIOR_MEAN, predict_grades, prior_mean_grades


@pytest.fixture
def linear_world():
    """Grade in C = 20 + 0.5 A + 0.3 B exactly; N has no prerequisite."""
    plan = Curriculum(
        [Course("A", "a", 3, 1), Course("B", "b", 3, 1), Course("C", "c", 3, 2, ("A", "B")), Course("N", "n", 3, 2)]
    )
    rng = np.random.default_rng(0)
    rows = []
    for k in range(40):
        a, b = rng.integers(60, 100, size=2)
        rows += [(f"s{k}", "A", 1, a, 1), (f"s{k}", "B", 1, b, 1), (f"s{k}", "C", 2, 20 + 0.5 * a + 0.3 * b, 1)]
        rows.append((f"s{k}", "N", 2, (a + b) / 2, 1))
    rows += [("new", "A", 1, 80, 1), ("new", "B", 1, 90, 1)]
    return plan, pd.DataFrame(rows, columns=["student", "course", "term", "grade", "attempt"])


def test_regression_on_prerequisites_recovers_a_linear_rule(linear_world):
    plan, records = linear_world
    table = predict_grades(plan, records, "new", ["C"])
    assert table.loc["C", "predicted"] == pytest.approx(20 + 0.5 * 80 + 0.3 * 90)
    assert table.loc["C", "features"] == "A, B" and table.loc["C", "n_train"] == 40
    assert table.loc["C", "cv_mae"] < 1e-6 < table.loc["C", "mean_mae"]


def test_a_course_without_prerequisites_uses_the_prior_mean_grade(linear_world):
    plan, records = linear_world
    table = predict_grades(plan, records, "new", ["N"])
    assert table.loc["N", "features"] == PRIOR_MEAN
    assert table.loc["N", "predicted"] == pytest.approx(85.0)  # N's grade is the mean of A and B


def test_too_few_students_and_missing_prerequisites_are_explained(linear_world):
    plan, records = linear_world
    few = predict_grades(plan, records, "new", ["C"], min_train=100)
    assert np.isnan(few.loc["C", "predicted"]) and "only 40 students" in few.loc["C", "note"]
    only_a = records[~((records["student"] == "new") & (records["course"] == "B"))]
    missing = predict_grades(plan, only_a, "new", ["C"])
    assert np.isnan(missing.loc["C", "predicted"]) and "['B']" in missing.loc["C", "note"]


def test_prior_mean_grades_use_earlier_terms_only():
    records = pd.DataFrame(
        [("s", "A", 1, 60, 1), ("s", "B", 1, 80, 1), ("s", "C", 2, 90, 1), ("s", "D", 3, 50, 1)],
        columns=["student", "course", "term", "grade", "attempt"],
    )
    prior = prior_mean_grades(records)
    assert np.isnan(prior[("s", 1)]) and prior[("s", 2)] == 70 and prior[("s", 3)] == pytest.approx(230 / 3)


def test_predictions_beat_the_mean_on_the_synthetic_data(synthetic):
    student = synthetic.students.query("cohort == '33' and terms == 1")["student"].iloc[0]
    offered = ["CS202", "ARAB201", "MATH102", "CS112", "ENGL104", "IS102"]
    table = predict_grades(synthetic.curriculum, synthetic.records, student, offered)
    assert table["predicted"].between(0, 100).all()
    assert (table["cv_mae"] < table["mean_mae"]).all()
