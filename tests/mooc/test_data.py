import numpy as np
import pandas as pd
import pytest

from edulab import datasets
from edulab.mooc.data import MoocData, read_epfl_mooc_folder, read_flipped_classroom_folder, read_mooc_folder
from edulab.mooc.schema import LABEL, SchemaError
from edulab.mooc.synthetic import write_mooc_folder


def test_folder_round_trip_keeps_every_table(small_course, tmp_path):
    write_mooc_folder(small_course, tmp_path)
    again = read_mooc_folder(tmp_path)
    assert again.feature_names == small_course.feature_names
    a, b = small_course.arrays(), again.arrays()
    np.testing.assert_array_equal(a.labels, b.labels)
    np.testing.assert_array_equal(a.observed, b.observed)
    np.testing.assert_allclose(a.features, b.features, rtol=1e-5)
    np.testing.assert_allclose(a.pass_probability, b.pass_probability, atol=1e-4)


def test_students_of_a_table_without_label_are_an_error():
    labels = pd.DataFrame({"user_id": [1], LABEL: [0]})
    quizzes = pd.DataFrame({"user_id": [1, 2], "week": [0, 0], "quiz_correct": [0.5, 0.5]})
    with pytest.raises(SchemaError, match=r"1 student\(s\) of the quizzes have no label \(first: 2\)"):
        MoocData(name="x", labels=labels, quizzes=quizzes)


def test_labelled_student_without_weeks_is_an_error():
    labels = pd.DataFrame({"user_id": [1, 2], LABEL: [0, 1]})
    quizzes = pd.DataFrame({"user_id": [1], "week": [0], "quiz_correct": [0.5]})
    with pytest.raises(SchemaError, match="no row for student 2, week 0"):
        MoocData(name="x", labels=labels, quizzes=quizzes).arrays()


def test_sample_is_stratified_and_consistent(small_course):
    part = small_course.sample(100, random_state=1)
    assert len(part.labels) == 100
    assert abs(part.fail_rate - small_course.fail_rate) < 0.02
    assert set(part.quizzes["user_id"]) == set(part.labels["user_id"]) == set(part.features["user_id"])


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="mooc_lab.csv"):
        read_epfl_mooc_folder(tmp_path)


@pytest.mark.shared_data
def test_epfl_mooc_matches_its_provenance(shared_data):
    data = datasets.load("epfl-mooc")
    assert len(data.labels) == 5969 and len(data.quizzes) == 59690
    assert int(data.quizzes["quiz_correct"].isna().sum()) == 35951
    # 1 = failed in the EPFL pipeline: 1,529 learners passed, 4,440 failed
    assert (data.labels[LABEL] == 0).sum() == 1529
    arrays = data.arrays()
    assert arrays.scores.shape == (5969, 10, 1) and arrays.features is None
    # learners who took every quiz nearly all passed: the coding is 0 = passed
    assert arrays.labels[arrays.observed.all(axis=1)].mean() < 0.05


@pytest.mark.shared_data
def test_flipped_classroom_labels_come_from_the_grade(shared_data):
    data = read_flipped_classroom_folder(shared_data / "mooc" / "flipped_classroom")
    assert len(data.labels) == 288 and len(data.feature_names) == 33
    assert ((data.labels["grade"] >= 4) == (data.labels[LABEL] == 0)).all()
    assert data.arrays().features.shape == (288, 10, 33)


def test_flipped_classroom_grade_off_the_scale_names_the_line(tmp_path):
    weekly = pd.DataFrame({"week": [0, 0], "user": [0, 1], "clicks": [3.0, 4.0]})
    weekly.to_csv(tmp_path / "time_series_extended_fc.csv", index=False)
    students = pd.DataFrame(
        {"user": [0, 1], "grade": [4.5, 7.0], "gender": ["F", "M"], "category": ["x", "y"], "year": ["Y2", "Y2"]}
    )
    students.to_csv(tmp_path / "aggregated_extended_fc.csv", index=False)
    with pytest.raises(SchemaError, match=r"aggregated_extended_fc.csv, line 3: grade 7.0 is not on the Swiss scale"):
        read_flipped_classroom_folder(tmp_path)
    students.assign(grade=[4.5, 3.5]).to_csv(tmp_path / "aggregated_extended_fc.csv", index=False)
    assert read_flipped_classroom_folder(tmp_path).labels[LABEL].tolist() == [0, 1]
