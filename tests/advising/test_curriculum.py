import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.advising.curriculum import Course, Curriculum, CurriculumError


def test_topological_order_puts_prerequisites_first(small_curriculum):
    order = small_curriculum.topological_order()
    for before, after in small_curriculum.edges():
        assert order.index(before) < order.index(after)


def test_eligible_needs_every_prerequisite(small_curriculum):
    assert small_curriculum.eligible([]) == ["A", "B", "E"]
    assert small_curriculum.eligible(["A"]) == ["B", "E"]
    assert small_curriculum.eligible(["A", "B"]) == ["C", "E"]
    with pytest.raises(CurriculumError, match="Z"):
        small_curriculum.eligible(["Z"])


def test_a_cycle_is_an_error_naming_its_courses():
    courses = [
        Course("A", "a", 3, 1),
        Course("B", "b", 3, 2, ("A", "D")),
        Course("C", "c", 3, 3, ("B",)),
        Course("D", "d", 3, 4, ("C",)),
    ]
    with pytest.raises(CurriculumError, match="cycle") as error:
        Curriculum(courses)
    message = str(error.value)
    assert all(code in message for code in ("B", "C", "D")) and "A ->" not in message


def test_self_prerequisite_is_a_cycle():
    with pytest.raises(CurriculumError, match="X -> X"):
        Curriculum([Course("X", "x", 3, 1, ("X",))])


@pytest.mark.parametrize(
    "course, message",
    [
        (Course("A", "a", 0, 1), "0 credits"),
        (Course("A", "a", 3, 0), "term 0"),
        (Course("A", "a", 3, 1, ("Q",)), r"\['Q'\]"),
    ],
)
def test_bad_courses_are_named(course, message):
    with pytest.raises(CurriculumError, match=message):
        Curriculum([course])


def test_duplicate_codes_are_rejected():
    with pytest.raises(CurriculumError, match="twice"):
        Curriculum([Course("A", "a", 3, 1), Course("A", "b", 3, 1)])


def test_csv_errors_name_file_line_and_column(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("code,name,credits,term,prerequisites\nA,a,3,1,\nB,b,three,2,A\n")
    with pytest.raises(CurriculumError, match=r"plan.csv, line 3, column credits: 'three'"):
        Curriculum.read_csv(path)
    path.write_text("code,name,term\nA,a,1\n")
    with pytest.raises(CurriculumError, match=r"missing columns \['credits', 'prerequisites'\]"):
        Curriculum.read_csv(path)


def test_level_defaults_to_the_academic_year_and_extra_columns_are_kept(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("code,name,credits,term,prerequisites,level,note\nA,a,3,3,,,x\nB,b,3,4,A,7,y\n")
    plan = Curriculum.read_csv(path)
    assert plan["A"].year_level == 2 and plan["B"].year_level == 7
    assert plan.extra.loc["B", "note"] == "y"


codes = st.lists(st.from_regex(r"[A-Z]{2,4}[0-9]{3}", fullmatch=True), min_size=1, max_size=12, unique=True)


@settings(max_examples=30, deadline=None)
@given(codes, st.data())
def test_csv_round_trip_of_random_dags(tmp_path_factory, names, data):
    courses = []
    for k, code in enumerate(names):
        earlier = names[:k]
        prerequisites = tuple(data.draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3))) if earlier else ()
        courses.append(
            Course(code, f"name {k}", data.draw(st.integers(1, 6)), data.draw(st.integers(1, 8)), prerequisites)
        )
    plan = Curriculum(courses)
    path = tmp_path_factory.mktemp("plans") / "plan.csv"
    plan.to_frame().drop(columns="level").reset_index().to_csv(path, index=False)
    again = Curriculum.read_csv(path)
    assert [(c.code, c.credits, c.term, c.prerequisites) for c in again] == [
        (c.code, c.credits, c.term, c.prerequisites) for c in plan
    ]
    assert set(again.topological_order()) == set(names)


def test_credits_and_terms_are_series(small_curriculum):
    assert small_curriculum.credits.to_dict() == {"A": 3, "B": 4, "C": 3, "D": 2, "E": 1}
    assert isinstance(small_curriculum.terms, pd.Series)
