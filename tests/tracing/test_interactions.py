import numpy as np
import pandas as pd
import pytest

from edulab.tracing.interactions import SchemaError, SkillIndex, sort_interactions, summarise, validate_interactions


def test_a_valid_table_comes_back_with_clean_types(tiny_frame):
    frame = tiny_frame.astype({"order_id": float, "correct": str})
    clean = validate_interactions(frame)
    assert clean["order_id"].dtype == np.int64 and clean["correct"].dtype == np.int64
    assert clean["correct"].tolist() == tiny_frame["correct"].tolist()


def test_a_missing_column_is_named(tiny_frame):
    with pytest.raises(SchemaError, match=r"missing column\(s\) \['skill_name'\]"):
        validate_interactions(tiny_frame.drop(columns="skill_name"), source="x.csv")


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("correct", 2, r"x.csv: row 3: correct=2, expected 0 or 1"),
        ("order_id", "soon", r"x.csv: row 3: order_id='soon', expected an integer"),
        ("order_id", 1.5, r"x.csv: row 3: order_id=1.5, expected an integer"),
        ("skill_name", None, r"x.csv: row 3: empty 'skill_name'"),
    ],
)
def test_a_bad_value_is_reported_with_its_row(tiny_frame, column, value, message):
    frame = tiny_frame.astype({column: object})
    frame.loc[3, column] = value
    with pytest.raises(SchemaError, match=message):
        validate_interactions(frame, source="x.csv")


def test_a_duplicated_row_is_refused_but_a_multi_skill_answer_is_kept(tiny_frame):
    multi = pd.concat([tiny_frame, tiny_frame.iloc[[0]].assign(skill_name="c")], ignore_index=True)
    assert len(validate_interactions(multi)) == len(tiny_frame) + 1
    doubled = pd.concat([tiny_frame, tiny_frame.iloc[[0]]], ignore_index=True)
    with pytest.raises(SchemaError, match="row 8: user_id=1, order_id=0, skill_name='b' occurs twice"):
        validate_interactions(doubled)


def test_sorting_groups_students_in_time_order(tiny_frame):
    shuffled = tiny_frame.sample(frac=1.0, random_state=3)
    ordered = sort_interactions(shuffled)
    pd.testing.assert_frame_equal(ordered, tiny_frame.reset_index(drop=True))


def test_skill_codes_are_alphabetical_and_unknown_skills_are_refused(tiny_frame):
    index = SkillIndex.from_frame(tiny_frame)
    assert index.names == ("a", "b") and index.n_skills == 2
    assert index.codes(pd.Series(["b", "a", "b"])).tolist() == [1, 0, 1]
    with pytest.raises(SchemaError, match="skill 'z' is not among the 2 skills"):
        index.codes(["a", "z"])


def test_summary_figures(tiny_frame):
    figures = summarise(tiny_frame)
    assert figures["students"] == 3 and figures["skills"] == 2 and figures["interactions"] == 8
    assert figures["length_median"] == 3.0 and figures["length_max"] == 4
    assert figures["correct_rate"] == pytest.approx(6 / 8)
