import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edulab.advising.records import (
    RecordsError,
    UnknownStudentError,
    final_grades,
    passed_courses,
    read_records,
    student_records,
    validate_records,
)

HEADER = "student,course,term,grade,attempt\n"


def test_reading_types_the_columns(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text(HEADER + "s1,A,1,90,1\ns1,B,2,55.5,1\n")
    records = read_records(path)
    assert records["grade"].tolist() == [90.0, 55.5]
    assert records["term"].dtype.kind == "i" and records["attempt"].dtype.kind == "i"


@pytest.mark.parametrize(
    "line, column, value",
    [
        ("s1,A,1,101,1", "grade", "'101'"),
        ("s1,A,1,abc,1", "grade", "'abc'"),
        ("s1,A,0,80,1", "term", "'0'"),
        ("s1,A,1,80,1.5", "attempt", "'1.5'"),
        (",A,1,80,1", "student", "''"),
        ("s1,Z,1,80,1", "course", "'Z'"),
    ],
)
def test_bad_values_name_file_line_column_and_value(tmp_path, line, column, value):
    path = tmp_path / "grades.csv"
    path.write_text(HEADER + "s1,B,1,70,1\n" + line + "\n")
    with pytest.raises(RecordsError) as error:
        read_records(path, courses=["A", "B"])
    assert f"grades.csv, line 3, column {column}: {value}" in str(error.value)


def test_the_same_attempt_twice_is_an_error(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text(HEADER + "s1,A,1,40,1\ns1,A,2,70,1\n")
    with pytest.raises(RecordsError, match="line 3, column attempt"):
        read_records(path)


def test_missing_columns_are_listed():
    with pytest.raises(RecordsError, match=r"\['attempt'\]"):
        validate_records(pd.DataFrame({"student": ["s"], "course": ["A"], "term": [1], "grade": [50]}))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["s1", "s2", "s3"]),
            st.sampled_from(["A", "B", "C"]),
            st.integers(1, 12),
            st.integers(0, 100),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda row: (row[0], row[1]),
    )
)
def test_valid_records_survive_validation_unchanged(rows):
    frame = pd.DataFrame(
        [(s, c, t, g, 1) for s, c, t, g in rows], columns=["student", "course", "term", "grade", "attempt"]
    )
    clean = validate_records(frame.astype(str))
    assert clean["grade"].tolist() == [float(g) for *_, g in rows]
    assert clean["student"].tolist() == [s for s, *_ in rows]


def test_final_grades_choose_an_attempt(small_records):
    assert final_grades(small_records).loc["s2", "A"] == 65
    assert final_grades(small_records, attempt="first").loc["s2", "A"] == 50
    assert final_grades(small_records, attempt="best").loc["s2", "A"] == 65
    assert pd.isna(final_grades(small_records).loc["s3", "C"])


def test_passed_courses_and_unknown_students(small_records):
    assert passed_courses(small_records, "s2") == ["A", "B", "C"]
    assert passed_courses(small_records, "s2", pass_mark=66) == ["B"]
    with pytest.raises(UnknownStudentError, match="s9"):
        student_records(small_records, "s9")
