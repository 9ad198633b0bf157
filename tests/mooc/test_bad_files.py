"""Mutated MOOC files end in a valid parse or a clear error naming the file, never anything else.

Issue 16: valid weekly features, weekly quizzes and labels files are truncated, lose or repeat a
line, receive bytes (some not UTF-8), or have one value changed to a huge, negative, fractional
or empty one; each reader must either read the file (and the table then follows the schema) or
raise an :class:`edulab.errors.EdulabError` or an ``OSError`` whose message names the file.
No TensorFlow here.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edulab.errors import EdulabError, FileFormatError
from edulab.mooc.data import read_labels, read_mooc_folder, read_quizzes, read_weekly_features
from edulab.mooc.schema import LABEL, MAX_WEEK

VALID = {
    "mooc_quizzes.csv": (
        "user_id,week,quiz_correct\n"
        "1007,0,0.5\n1007,1,\n1007,2,1.0\n"
        "1014,0,0.25\n1014,1,0.75\n1014,2,\n"
        "3353959,0,\n3353959,1,0.0\n3353959,2,0.9\n"
    ),
    "mooc_feat.csv": (
        "user_id,week,TotalClicks,DelayLecture\n"
        "1007,0,87,-93.3\n1007,1,180,-42.98\n1007,2,0,0\n"
        "1014,0,3,12.5\n1014,1,5,1e3\n1014,2,7,0.5\n"
        "3353959,0,1,2\n3353959,1,1,2\n3353959,2,1,2\n"
    ),
    "mooc_lab.csv": "user_id,label-pass-fail\n1007,0\n1014,1\n3353959,0\n",
}
READERS = {"mooc_quizzes.csv": read_quizzes, "mooc_feat.csv": read_weekly_features, "mooc_lab.csv": read_labels}
NOT_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xe9t\xe9"]
BAD_VALUES = ["1e22", "10000000000000000000000", "18446744073709551616", "-1", "2.5", "1000000", "nan", "", "inf", "x"]


@st.composite
def mutations(draw):
    """(file name, damaged bytes): truncated, a line dropped or doubled, bytes inserted, a value changed."""
    name = draw(st.sampled_from(sorted(VALID)))
    data = VALID[name].encode()
    lines = data.splitlines(keepends=True)
    kind = draw(
        st.sampled_from(["truncate", "drop line", "duplicate line", "insert non-UTF-8", "insert bytes", "change value"])
    )
    if kind == "truncate":
        return name, data[: draw(st.integers(0, len(data) - 1))]
    if kind in ("drop line", "duplicate line"):
        i = draw(st.integers(0, len(lines) - 1))
        return name, b"".join(lines[:i] + [lines[i]] * (0 if kind == "drop line" else 2) + lines[i + 1 :])
    if kind == "change value":
        i = draw(st.integers(1, len(lines) - 1))
        fields = lines[i].rstrip(b"\n").split(b",")
        fields[draw(st.integers(0, len(fields) - 1))] = draw(st.sampled_from(BAD_VALUES)).encode()
        return name, b"".join(lines[:i] + [b",".join(fields) + b"\n"] + lines[i + 1 :])
    at = draw(st.integers(0, len(data)))
    extra = draw(st.sampled_from(NOT_UTF8) if kind == "insert non-UTF-8" else st.binary(min_size=1, max_size=6))
    return name, data[:at] + extra + data[at:]


def _write(folder, damaged: str | None = None, data: bytes | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in VALID.items():
        (folder / name).write_bytes(data if name == damaged else text.encode())
    return folder


def assert_clear(error: BaseException, path) -> None:
    assert isinstance(error, (EdulabError, OSError)), f"{type(error).__name__}: {error}"
    message = str(error)
    assert str(path) in message, message
    assert "\n" not in message


def assert_in_schema(name: str, table) -> None:
    assert len(table) >= 1 and table["user_id"].dtype == np.int64
    assert (table["user_id"].abs() <= 2**53).all()
    if name == "mooc_lab.csv":
        assert set(table[LABEL].unique()) <= {0, 1}
        return
    assert table["week"].between(0, MAX_WEEK).all()
    assert not table.duplicated(["user_id", "week"]).any()
    values = table.drop(columns=["user_id", "week"]).to_numpy(dtype=float)
    if name == "mooc_quizzes.csv":
        scores = values[~np.isnan(values)]
        assert ((scores >= 0) & (scores <= 1)).all()
    else:
        assert np.isfinite(values).all()


def test_the_valid_files_parse(tmp_path):
    course = read_mooc_folder(_write(tmp_path / "ok"))
    assert (
        len(course.labels) == 3 and len(course.weeks) == 3 and course.feature_names == ("TotalClicks", "DelayLecture")
    )
    assert course.arrays().features.shape == (3, 3, 2)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_a_mutated_file_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, mutation):
    name, data = mutation
    path = tmp_path_factory.mktemp("mooc") / name
    path.write_bytes(data)
    try:
        table = READERS[name](path)
    except Exception as error:  # noqa: BLE001 - the property is about which exceptions come out
        assert_clear(error, path)
    else:
        assert_in_schema(name, table)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_a_course_with_a_mutated_file_gives_arrays_or_a_clear_error(tmp_path_factory, mutation):
    name, data = mutation
    folder = _write(tmp_path_factory.mktemp("course"), name, data)
    try:
        arrays = read_mooc_folder(folder).arrays()
    except Exception as error:  # noqa: BLE001
        assert_clear(error, folder)
    else:
        assert arrays.features.shape[:2] == arrays.scores.shape[:2] == (len(arrays.students), len(arrays.weeks))
        assert np.isfinite(arrays.features).all()


QUIZZES = VALID["mooc_quizzes.csv"]


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("mooc_quizzes.csv", "", "the file is empty"),
        ("mooc_quizzes.csv", "user_id,week,quiz_correct\n", "line 2: no data row after the header"),
        ("mooc_lab.csv", "user_id,label-pass-fail\n", "line 2: no data row after the header"),
        ("mooc_quizzes.csv", "user_id,week\n1,0\n", r"line 1: missing columns \['quiz_correct'\]"),
        (
            "mooc_quizzes.csv",
            QUIZZES + "1007,1000000,0.5\n",
            r"line 11: week=1000000 is outside the course's weeks 0..2",
        ),
        ("mooc_quizzes.csv", QUIZZES + "1007,7,0.5\n", r"line 11: week=7 is outside the course's weeks 0..2"),
        (
            "mooc_quizzes.csv",
            QUIZZES + "10000000000000000000000,3,0.5\n",
            r"line 11: user_id=10000000000000000000000 is not an integer",
        ),
        ("mooc_quizzes.csv", QUIZZES + "1e22,3,0.5\n", r"line 11: user_id=1e\+22 is not an integer"),
        ("mooc_quizzes.csv", QUIZZES + "12.5,2,0.5\n", r"line 11: user_id=12.5 is not an integer"),
        (
            "mooc_quizzes.csv",
            QUIZZES + "12,2,1.5\n",
            r"line 11: student 12 week 2: quiz_correct=1.5 is outside \[0, 1\]",
        ),
        ("mooc_quizzes.csv", QUIZZES + "12,2,inf\n", r"line 11: quiz_correct=inf is not a finite number"),
        (
            "mooc_feat.csv",
            VALID["mooc_feat.csv"] + "12,2,,1\n",
            r"line 11: TotalClicks=nan is not a finite number \(no empty value",
        ),
        (
            "mooc_lab.csv",
            "user_id,label-pass-fail\n1007,0\n1014,2\n",
            r"line 3: label-pass-fail=2; expected 0 \(passed\) or 1",
        ),
        (
            "mooc_lab.csv",
            "user_id,label-pass-fail\n1007,0\n1014,\n",
            r"line 3: label-pass-fail=nan; expected 0 \(passed\) or 1",
        ),
        ("mooc_lab.csv", "user_id,label-pass-fail\n1007,0\n\n1014,1\n", r"line 3: user_id=nan is not an integer"),
    ],
    ids=[
        "empty",
        "quizzes header only",
        "labels header only",
        "missing column",
        "week 1000000",
        "week past a gap",
        "huge id",
        "1e22 id",
        "float id",
        "score 1.5",
        "score inf",
        "empty feature",
        "label 2",
        "empty label",
        "blank line",
    ],
)
def test_bad_data_names_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(FileFormatError, match=message) as error:
        READERS[name](path)
    assert str(error.value).startswith(str(path))


def test_a_header_only_quiz_file_is_an_error_not_a_nan_mean(tmp_path):
    folder = _write(tmp_path)
    (folder / "mooc_quizzes.csv").write_text("user_id,week,quiz_correct\n")
    with pytest.raises(FileFormatError, match="mooc_quizzes.csv, line 2: no data row after the header"):
        read_mooc_folder(folder).summary()


def test_feature_and_quiz_files_must_share_their_weeks(tmp_path):
    folder = _write(tmp_path)
    (folder / "mooc_quizzes.csv").write_text("user_id,week,quiz_correct\n1007,0,0.5\n1014,0,0.5\n3353959,0,0.5\n")
    with pytest.raises(FileFormatError, match="mooc_feat.csv has weeks 0..2 and mooc_quizzes.csv weeks 0..0"):
        read_mooc_folder(folder)


@pytest.mark.parametrize("name", sorted(VALID))
@pytest.mark.parametrize("bad", NOT_UTF8[:3])
def test_non_utf8_bytes_name_file_line_and_column(tmp_path, name, bad):
    text = VALID[name].encode()
    second = text.index(b"\n") + 1
    path = tmp_path / name
    path.write_bytes(text[:second] + b"x" + bad + text[second:])
    with pytest.raises(FileFormatError) as error:
        READERS[name](path)
    assert str(error.value).startswith(f"{path}, line 2, column 2: byte 0x{bad[0]:02x} is not UTF-8 text")


def test_a_folder_or_a_missing_file_is_named(tmp_path):
    folder = _write(tmp_path / "course")
    (folder / "mooc_lab.csv").unlink()
    with pytest.raises(FileNotFoundError, match="mooc_lab.csv: no such file"):
        read_mooc_folder(folder)
    (folder / "mooc_lab.csv").mkdir()
    with pytest.raises(IsADirectoryError, match="mooc_lab.csv: is a folder; expected a file"):
        read_mooc_folder(folder)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        read_mooc_folder(tmp_path / "nowhere")


def test_sampling_more_students_than_the_course_has_names_both_numbers(tmp_path):
    course = read_mooc_folder(_write(tmp_path), name="toy")
    with pytest.raises(ValueError, match="n_students=4: toy has only 3 students"):
        course.sample(4)
    assert course.sample(3) is course


def test_a_sample_too_small_to_stratify_is_a_clear_error(tmp_path):
    course = read_mooc_folder(_write(tmp_path), name="toy")
    with pytest.raises(ValueError, match="n_students=1: too few to sample stratified by label"):
        course.sample(1)
    with pytest.raises(ValueError, match="n_students=0: expected a positive integer"):
        course.sample(0)


def test_weeks_past_the_cap_name_the_cap(tmp_path):
    path = tmp_path / "mooc_quizzes.csv"
    path.write_text("user_id,week,quiz_correct\n1,60,0.5\n1,61,0.5\n")
    with pytest.raises(FileFormatError, match=f"line 2: week=60 is outside weeks 0..{MAX_WEEK}"):
        read_quizzes(path)
