"""Mutated advising files end in a valid parse or a clear error naming the file, never anything else.

Issue 16: valid ``courses.csv``, ``grades.csv`` and ``students.csv`` are truncated, lose or repeat
a line, or receive bytes (non-UTF-8 ones among them); :func:`read_advising_folder` must either
read them or raise an :class:`edulab.errors.EdulabError` whose message names the damaged file.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edulab.advising.synthetic import read_advising_folder
from edulab.errors import EdulabError, FileFormatError

VALID = {
    "courses.csv": (
        "code,name,credits,term,prerequisites\n"
        "A,Course A,3,1,\n"
        "B,Course B,4,1,\n"
        "C,Course C,3,2,A;B\n"
        "D,Course D,2,4,C\n"
        "E,Course E,1,2,\n"
    ),
    "grades.csv": (
        "student,course,term,grade,attempt\n"
        "s1,A,1,90,1\ns1,B,1,80,1\ns1,C,2,85,1\n"
        "s2,A,1,50,1\ns2,B,1,70,1\ns2,A,2,65,2\ns2,C,3,60,1\n"
        "s3,A,1,100,1\ns3,B,1,95,1\n"
    ),
    "students.csv": "student,cohort\ns1,33\ns2,33\ns3,34\n",
}

NOT_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xe9t\xe9"]


def _write(folder, damaged: str | None = None, data: bytes | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in VALID.items():
        (folder / name).write_bytes(data if name == damaged else text.encode())
    return folder


def test_the_valid_files_parse(tmp_path):
    data = read_advising_folder(_write(tmp_path / "ok"))
    assert len(data.curriculum) == 5 and len(data.records) == 9 and len(data.students) == 3


@st.composite
def mutations(draw):
    """(file name, damaged bytes)."""
    name = draw(st.sampled_from(sorted(VALID)))
    data = VALID[name].encode()
    lines = data.splitlines(keepends=True)
    kind = draw(st.sampled_from(["truncate", "drop line", "duplicate line", "insert non-UTF-8", "insert bytes"]))
    if kind == "truncate":
        return name, data[: draw(st.integers(0, len(data) - 1))]
    if kind in ("drop line", "duplicate line"):
        i = draw(st.integers(0, len(lines) - 1))
        copies = 0 if kind == "drop line" else 2
        return name, b"".join(lines[:i] + [lines[i]] * copies + lines[i + 1 :])
    at = draw(st.integers(0, len(data)))
    extra = draw(st.sampled_from(NOT_UTF8) if kind == "insert non-UTF-8" else st.binary(min_size=1, max_size=6))
    return name, data[:at] + extra + data[at:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_a_mutated_file_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, mutation):
    name, data = mutation
    folder = _write(tmp_path_factory.mktemp("advising"), name, data)
    try:
        parsed = read_advising_folder(folder)
    except EdulabError as error:
        message = str(error)
        assert str(folder / name) in message or (name == "courses.csv" and "grades.csv" in message), message
        assert "\n" not in message
    else:
        assert len(parsed.curriculum) >= 1


@pytest.mark.parametrize("name", sorted(VALID))
@pytest.mark.parametrize("bad", NOT_UTF8[:3])
def test_non_utf8_bytes_name_file_line_and_column(tmp_path, name, bad):
    text = VALID[name].encode()
    second = text.index(b"\n") + 1
    folder = _write(tmp_path, name, text[:second] + b"x" + bad + text[second:])
    with pytest.raises(FileFormatError) as error:
        read_advising_folder(folder)
    assert str(error.value).startswith(f"{folder / name}, line 2, column 2: byte 0x{bad[0]:02x} is not UTF-8 text")


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("courses.csv", "", "courses.csv: the file is empty"),
        ("grades.csv", "student,course,term\ns1,A,1\n", r"grades.csv, line 1: missing columns \['grade', 'attempt'\]"),
        (
            "grades.csv",
            VALID["grades.csv"] + "s3,C,2,A+,1\n",
            "grades.csv, line 11, column grade: 'A\\+'; expected a number",
        ),
        (
            "grades.csv",
            VALID["grades.csv"] + "s3,C,2\n",
            "grades.csv, line 11, column attempt: ''; expected a positive integer",
        ),
        (
            "grades.csv",
            VALID["grades.csv"] + "s3,C,1e22,80,1\n",
            "grades.csv, line 11, column term: '1e22'; expected a positive integer up to 1000",
        ),
        (
            "grades.csv",
            VALID["grades.csv"] + "s3,C,2,80,1,extra\n",
            "grades.csv: .*line 11.*expected the same number of fields",
        ),
        (
            "courses.csv",
            VALID["courses.csv"] + "A,Again,3,1,\n",
            "courses.csv, line 7, column code: 'A' is listed twice \\(first on line 2\\)",
        ),
        (
            "courses.csv",
            VALID["courses.csv"] + "F,F,99999999999999999999,1,\n",
            "courses.csv, line 7, column credits: .*up to 1000",
        ),
        (
            "courses.csv",
            VALID["courses.csv"] + "F,F,,1,\n",
            "courses.csv, line 7, column credits: nothing is not a whole number",
        ),
        ("students.csv", "cohort\n33\n", r"students.csv, line 1: missing columns \['student'\]"),
    ],
    ids=[
        "empty",
        "missing column",
        "non-numeric grade",
        "short line",
        "huge term",
        "long line",
        "duplicate course",
        "huge credits",
        "empty credits",
        "students without student",
    ],
)
def test_bad_data_name_file_line_and_column(tmp_path, name, text, message):
    folder = _write(tmp_path, name, text.encode())
    with pytest.raises(EdulabError, match=message):
        read_advising_folder(folder)


def test_a_folder_where_a_file_is_expected(tmp_path):
    folder = _write(tmp_path)
    (folder / "grades.csv").unlink()
    (folder / "grades.csv").mkdir()
    with pytest.raises(IsADirectoryError, match="grades.csv: is a folder; expected a file"):
        read_advising_folder(folder)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        read_advising_folder(tmp_path / "nowhere")
