import gzip
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.tracing.data import load_interactions, read_akt_folder, read_interactions_csv
from edulab.tracing.interactions import SchemaError, summarise

SKILLS = {"Addition": 1, "Box and Whisker": 2, "Circle Graph": 3}
PROBLEMS = {"5001": 1, "5002": 2, "5003": 3, "5004": 4}


def write_akt(folder, students, *, compress=False, fold_size=2):
    """Write ``students`` ([(original_id, [(problem_index, skill_index, correct), ...]), ...]) as AKT folds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "skill.json").write_text(json.dumps(SKILLS))
    (folder / "problems.json").write_text(json.dumps(PROBLEMS))
    for fold, start in enumerate(range(0, len(students), fold_size), start=1):
        lines = []
        for index, (user, answers) in enumerate(students[start : start + fold_size], start=start + 1):
            lines += [f"{index},{user}"] + [",".join(str(a[k]) for a in answers) for k in range(3)]
        text = "\n".join(lines) + "\n"
        name = f"toy_pid_test{fold}.csv"
        if compress:
            with gzip.open(folder / f"{name}.gz", "wt") as handle:
                handle.write(text)
        else:
            (folder / name).write_text(text)


STUDENTS = [(70363, [(1, 2, 0), (2, 2, 1), (3, 1, 1)]), (64525, [(4, 3, 1)]), (80001, [(1, 1, 0), (1, 2, 0)])]


@pytest.mark.parametrize("compress", [False, True])
def test_akt_folds_become_the_schema(tmp_path, compress):
    write_akt(tmp_path / "akt", STUDENTS, compress=compress)
    frame = read_akt_folder(tmp_path / "akt")
    assert list(frame.columns) == ["user_id", "order_id", "skill_name", "correct", "problem_id"]
    first = frame[frame["user_id"] == 70363]
    assert first["order_id"].tolist() == [0, 1, 2]
    assert first["skill_name"].tolist() == ["Box and Whisker", "Box and Whisker", "Addition"]
    assert first["problem_id"].tolist() == [5001, 5002, 5003]
    assert first["correct"].tolist() == [0, 1, 1]
    assert frame["user_id"].is_monotonic_increasing and len(frame) == 6


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(0, 1)), min_size=1, max_size=12),
        min_size=1,
        max_size=7,
    )
)
def test_akt_round_trip(tmp_path_factory, sequences):
    folder = tmp_path_factory.mktemp("akt")
    students = [(1000 + i, answers) for i, answers in enumerate(sequences)]
    write_akt(folder, students, fold_size=3)
    frame = read_akt_folder(folder)
    skill_names = {v: k for k, v in SKILLS.items()}
    for user, answers in students:
        mine = frame[frame["user_id"] == user]
        assert mine["skill_name"].tolist() == [skill_names[a[1]] for a in answers]
        assert mine["correct"].tolist() == [a[2] for a in answers]
        assert mine["problem_id"].tolist() == [5000 + a[0] for a in answers]


@pytest.mark.parametrize(
    "text, message",
    [
        ("1,70363\n1,2\n2,2\n0,1\n2,1\n", r"toy_pid_test1.csv: 5 lines, expected a multiple of 4"),
        ("1,70363\n1,2\n2\n0,1\n", r"toy_pid_test1.csv, line 2: 2 problems, 1 skills, 2 answers on lines 2-4"),
        ("1,70363\n1,2\n2,9\n0,1\n", r"toy_pid_test1.csv, line 3: skill index 9 is not in the json map"),
        ("1,70363\n1,2\n2,2\n0,3\n", r"toy_pid_test1.csv, line 4: correct flag 3, expected 0 or 1"),
        ("1,70363\n1,x\n2,2\n0,1\n", r"toy_pid_test1.csv, line 2: '1,x'..., expected comma-separated integers"),
        ("70363\n1,2\n2,2\n0,1\n", r"toy_pid_test1.csv, line 1: '70363', expected 'user_index,original_user_id'"),
    ],
)
def test_malformed_akt_files_are_reported_with_file_and_line(tmp_path, text, message):
    write_akt(tmp_path, STUDENTS[:1])
    (tmp_path / "toy_pid_test1.csv").write_text(text)
    with pytest.raises(SchemaError, match=message):
        read_akt_folder(tmp_path)


def test_a_student_in_two_folds_is_refused(tmp_path):
    write_akt(tmp_path, [STUDENTS[0], STUDENTS[1], STUDENTS[0]])
    with pytest.raises(SchemaError, match="student 70363 appears in two folds"):
        read_akt_folder(tmp_path)


def test_a_folder_without_folds_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no AKT fold files"):
        read_akt_folder(tmp_path)


def test_csv_errors_name_the_file_line(tmp_path, tiny_frame):
    path = tmp_path / "answers.csv"
    broken = tiny_frame.astype({"correct": object})
    broken.loc[4, "correct"] = "yes"
    broken.to_csv(path, index=False)
    with pytest.raises(SchemaError, match=r"answers.csv, line 6: correct='yes', expected an integer"):
        read_interactions_csv(path)


def test_load_interactions_reads_a_csv_and_refuses_unknown_sources(tmp_path, tiny_frame):
    path = tmp_path / "answers.csv"
    tiny_frame.sample(frac=1.0, random_state=0).to_csv(path, index=False)
    pd.testing.assert_frame_equal(load_interactions(path), tiny_frame)
    with pytest.raises(ValueError, match="expected one of .*synthetic.* or the path of a CSV file"):
        load_interactions("assistments2010")


def test_the_shipped_synthetic_set_loads_by_name():
    frame = load_interactions("synthetic")
    assert {"user_id", "order_id", "skill_name", "correct", "p_correct", "mastered"} <= set(frame.columns)
    assert frame["user_id"].nunique() == 500


@pytest.mark.shared_data
def test_assistments2009_from_the_registry(shared_data):
    frame = load_interactions("assistments2009")
    figures = summarise(frame)
    assert (figures["students"], figures["skills"], figures["interactions"]) == (4150, 110, 325589)
    flat = shared_data / "assistments" / "assist2009_akt_flat.csv.gz"
    if not flat.is_file():
        pytest.skip("the derived flat copy is not on this machine")
    derived = pd.read_csv(flat).sort_values(["user_id", "seq_pos"], kind="stable", ignore_index=True)
    assert np.array_equal(frame["user_id"].to_numpy(), derived["user_id"].to_numpy())
    assert np.array_equal(frame["order_id"].to_numpy(), derived["seq_pos"].to_numpy())
    assert np.array_equal(frame["problem_id"].to_numpy(), derived["problem_id"].to_numpy())
    assert np.array_equal(frame["skill_name"].to_numpy(), derived["skill_name"].to_numpy())
    assert np.array_equal(frame["correct"].to_numpy(), derived["correct"].to_numpy())


@pytest.mark.shared_data
def test_assistments2017_from_the_registry(shared_data):
    figures = summarise(load_interactions("assistments2017"))
    assert (figures["students"], figures["skills"], figures["interactions"]) == (1705, 102, 941502)
