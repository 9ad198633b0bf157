import pandas as pd
import pytest

from edulab.advising.advisor import advise
from edulab.advising.correlation import CourseCorrelation, course_correlation
from edulab.advising.curriculum import Course, Curriculum
from edulab.advising.load import LoadRule
from edulab.advising.packages import TooManyCoursesError


def first_term_student(synthetic):
    return synthetic.students.query("cohort == '33' and terms == 1")["student"].iloc[0]


def test_a_first_term_student_gets_the_papers_eight_courses(synthetic):
    student = first_term_student(synthetic)
    advice = advise(synthetic.curriculum, synthetic.records, student)
    assert sorted(advice.courses.index) == sorted(
        ["IS201", "CS202", "ARAB201", "MATH102", "IS102", "IS221", "CS112", "ENGL104"]
    )
    assert advice.next_term == 2 and not advice.graduating
    assert advice.max_credits == (17 if advice.gpa >= 2.8 else 12)
    assert advice.packages["credits"].between(advice.min_credits, advice.max_credits).all()
    best = advice.packages.iloc[0]
    assert best["score"] == advice.packages["score"].max()


def test_packages_only_hold_courses_whose_prerequisites_are_passed(synthetic):
    student = synthetic.students.query("cohort == '32'")["student"].iloc[5]
    advice = advise(synthetic.curriculum, synthetic.records, student)
    passed = set(advice.passed)
    for package in advice.packages["courses"]:
        for code in package:
            assert set(synthetic.curriculum[code].prerequisites) <= passed and code not in passed


def test_offering_a_blocked_course_is_an_error(synthetic):
    student = first_term_student(synthetic)
    with pytest.raises(ValueError, match="IS492"):
        advise(synthetic.curriculum, synthetic.records, student, offered=["IS492"])


def test_low_gpa_students_get_the_minimum_load(synthetic):
    student = first_term_student(synthetic)
    strict = LoadRule(threshold=5.0)
    advice = advise(synthetic.curriculum, synthetic.records, student, rule=strict)
    assert advice.max_credits == 12 and (advice.packages["credits"] == 12).all()


def test_top_k_and_the_enumeration_limit(synthetic):
    student = first_term_student(synthetic)
    correlation = course_correlation(synthetic.records)
    advice = advise(synthetic.curriculum, synthetic.records, student, correlation=correlation, top_k=5)
    kept = set(advice.courses.sort_values("average", ascending=False).index[:5])
    assert set().union(*advice.packages["courses"]) <= kept
    with pytest.raises(TooManyCoursesError):
        advise(synthetic.curriculum, synthetic.records, student, correlation=correlation, max_courses=6)


def test_courses_without_correlation_evidence_are_reported_not_ranked(synthetic):
    student = first_term_student(synthetic)
    correlation = course_correlation(synthetic.records, min_common=10_000)
    advice = advise(synthetic.curriculum, synthetic.records, student, correlation=correlation)
    assert len(advice.unscored) == 8 and advice.packages.empty
    assert "Not ranked" in advice.report()


def test_a_graduate_has_nothing_left(synthetic):
    done = synthetic.records[synthetic.records["grade"] >= 60].groupby("student")["course"].nunique()
    graduate = done[done == len(synthetic.curriculum)].index[0]
    advice = advise(synthetic.curriculum, synthetic.records, graduate)
    assert advice.courses.empty and advice.packages.empty and "none" in advice.report()


def test_report_and_dict_agree(synthetic):
    advice = advise(synthetic.curriculum, synthetic.records, first_term_student(synthetic))
    data = advice.to_dict(top=3)
    assert len(data["packages"]) == 3 and data["n_packages"] == len(advice.packages)
    assert ", ".join(data["packages"][0]["courses"]) in advice.report(top=3)


def test_too_many_offered_courses_fail_before_any_enumeration():
    codes = ["P"] + [f"C{k:02d}" for k in range(30)]
    plan = Curriculum([Course(code, code, 3, 1) for code in codes])
    records = pd.DataFrame([("s", "P", 1, 90, 1)], columns=["student", "course", "term", "grade", "attempt"])
    r = pd.DataFrame(0.5, index=codes, columns=codes)
    correlation = CourseCorrelation(r=r, n_common=r * 0 + 10, min_common=5)
    with pytest.raises(TooManyCoursesError, match="30 offered courses have 2\\^30"):
        advise(plan, records, "s", correlation=correlation)
    assert len(advise(plan, records, "s", correlation=correlation, top_k=8).packages) > 0


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("top_k", -2, r"top_k must be a positive integer \(1, 2, 3, ...\), got -2"),
        ("top_k", 0, "top_k must be a positive integer"),
        ("top_k", 2.5, "top_k must be a positive integer"),
        ("min_common", 0, "min_common must be a positive integer"),
        ("max_courses", 0, "max_courses must be an integer from 1 to 24"),
        ("max_courses", 64, "max_courses must be an integer from 1 to 24"),
        ("offered", ["IS201", "IS201"], r"offered courses \['IS201'\] are listed twice"),
    ],
)
def test_bad_options_are_refused_before_any_work(synthetic, option, value, message):
    student = first_term_student(synthetic)
    with pytest.raises(ValueError, match=message):
        advise(synthetic.curriculum, synthetic.records, student, **{option: value})


def test_a_report_of_a_non_positive_number_of_packages_is_refused(synthetic):
    advice = advise(synthetic.curriculum, synthetic.records, first_term_student(synthetic))
    for top in (-3, 0):
        with pytest.raises(ValueError, match=f"top must be a positive integer .*got {top}"):
            advice.report(top=top)
        with pytest.raises(ValueError, match="top must be a positive integer"):
            advice.to_dict(top=top)
    assert len(advice.to_dict(top=None)["packages"]) == len(advice.packages)
