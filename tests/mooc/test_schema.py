import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.mooc.schema import LABEL, QUIZ, SchemaError, check_labels, check_quizzes, check_weekly


def quizzes(rows):
    return pd.DataFrame(rows, columns=["user_id", "week", QUIZ])


def test_valid_quizzes_are_typed_and_sorted():
    table = check_quizzes(quizzes([[2, 1, 0.5], [2, 0, None], [1, 0, 1.0]]))
    assert table[["user_id", "week"]].values.tolist() == [[1, 0], [2, 0], [2, 1]]
    assert table[QUIZ].isna().tolist() == [False, True, False]


def test_missing_column_is_named():
    with pytest.raises(SchemaError, match=r"missing column\(s\) \['quiz_correct'\]"):
        check_quizzes(pd.DataFrame({"user_id": [1], "week": [0]}), source="q.csv")


def test_duplicate_student_week_names_the_line():
    with pytest.raises(SchemaError, match=r"q.csv, line 4: student 1 has week 0 twice"):
        check_quizzes(quizzes([[1, 0, 0.5], [1, 1, 0.5], [1, 0, 0.7]]), source="q.csv")


def test_text_in_a_number_column_names_line_and_value():
    with pytest.raises(SchemaError, match=r"f.csv, line 3: clicks='many' is not a finite number"):
        check_weekly(
            pd.DataFrame({"user_id": [1, 1], "week": [0, 1], "clicks": [3, "many"]}), ["clicks"], source="f.csv"
        )


def test_empty_feature_is_refused_but_empty_quiz_is_allowed():
    frame = pd.DataFrame({"user_id": [1], "week": [0], "clicks": [None]})
    with pytest.raises(SchemaError, match="no empty value"):
        check_weekly(frame, ["clicks"])
    check_quizzes(quizzes([[1, 0, None]]))


def test_fractional_id_and_negative_week_are_refused():
    with pytest.raises(SchemaError, match=r"user_id=1.5 is not an integer"):
        check_quizzes(quizzes([[1.5, 0, 0.5]]))
    with pytest.raises(SchemaError, match=r"week=-1 is negative"):
        check_quizzes(quizzes([[1, -1, 0.5]]))


def test_score_outside_unit_interval_is_refused():
    with pytest.raises(SchemaError, match=r"student 3 week 2: quiz_correct=1.5 is outside \[0, 1\]"):
        check_quizzes(quizzes([[3, 2, 1.5]]))


def test_labels_must_be_zero_or_one_and_unique():
    with pytest.raises(SchemaError, match=r"line 3: label-pass-fail=2; expected 0 \(passed\) or 1 \(failed\)"):
        check_labels(pd.DataFrame({"user_id": [1, 2], LABEL: [0, 2]}))
    with pytest.raises(SchemaError, match="student 1 is labelled twice"):
        check_labels(pd.DataFrame({"user_id": [1, 1], LABEL: [0, 1]}))


@settings(max_examples=40, deadline=None)
@given(
    cells=st.dictionaries(
        st.tuples(st.integers(0, 50), st.integers(0, 9)),
        st.one_of(st.none(), st.floats(0, 1, allow_nan=False)),
        min_size=1,
        max_size=30,
    ),
    seed=st.integers(0, 1000),
)
def test_any_row_order_gives_the_same_table(cells, seed):
    rows = [[user, week, score] for (user, week), score in cells.items()]
    frame = quizzes(rows)
    shuffled = frame.sample(frac=1.0, random_state=seed)
    pd.testing.assert_frame_equal(check_quizzes(frame), check_quizzes(shuffled))
    assert len(check_quizzes(frame)) == len(rows)


def test_numeric_strings_are_read_as_numbers():
    table = check_weekly(pd.DataFrame({"user_id": ["7"], "week": ["3"], "x": ["2.5"]}), ["x"])
    assert table.dtypes["user_id"] == np.int64 and table["x"].iloc[0] == 2.5
