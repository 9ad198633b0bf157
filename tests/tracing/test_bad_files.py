"""Mutated interaction files end in a valid parse or a clear error naming the file, never anything else.

Issue 16: a valid ASSISTments-style CSV is truncated, loses or repeats a line, receives bytes (some
not UTF-8), or has one value changed to a huge, negative, fractional or empty one;
:func:`read_interactions_csv` must either read it (and then the table is in the schema) or raise
an :class:`edulab.errors.EdulabError` or an ``OSError`` whose message names the file. No
TensorFlow here.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edulab.errors import EdulabError, FileFormatError
from edulab.tracing.data import load_interactions, read_akt_folder, read_interactions_csv

VALID = (
    "user_id,order_id,skill_name,correct\n"
    "1,0,fractions,0\n1,1,fractions,1\n1,2,decimals,1\n"
    "2,0,decimals,0\n2,1,decimals,0\n"
    "70363,5,fractions,1\n70363,6,decimals,1\n70363,7,fractions,0\n"
)
NOT_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xe9t\xe9"]
BAD_VALUES = [
    "1e22",
    "10000000000000000000000",
    "18446744073709551616",
    "-1",
    "-70363",
    "2.5",
    "1000000",
    "nan",
    "",
    "inf",
    "x",
]


@st.composite
def mutations(draw, text: str):
    """Damaged bytes of ``text``: truncated, a line dropped or doubled, bytes inserted, a value changed."""
    data = text.encode()
    lines = data.splitlines(keepends=True)
    kind = draw(
        st.sampled_from(["truncate", "drop line", "duplicate line", "insert non-UTF-8", "insert bytes", "change value"])
    )
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind in ("drop line", "duplicate line"):
        i = draw(st.integers(0, len(lines) - 1))
        return b"".join(lines[:i] + [lines[i]] * (0 if kind == "drop line" else 2) + lines[i + 1 :])
    if kind == "change value":
        i = draw(st.integers(1, len(lines) - 1))
        fields = lines[i].rstrip(b"\n").split(b",")
        fields[draw(st.integers(0, len(fields) - 1))] = draw(st.sampled_from(BAD_VALUES)).encode()
        return b"".join(lines[:i] + [b",".join(fields) + b"\n"] + lines[i + 1 :])
    at = draw(st.integers(0, len(data)))
    extra = draw(st.sampled_from(NOT_UTF8) if kind == "insert non-UTF-8" else st.binary(min_size=1, max_size=6))
    return data[:at] + extra + data[at:]


def assert_clear(error: BaseException, path) -> None:
    """An error a user can act on: the kit's own or a file error, naming ``path``, on one line."""
    assert isinstance(error, (EdulabError, OSError)), f"{type(error).__name__}: {error}"
    message = str(error)
    assert str(path) in message, message
    assert "\n" not in message


def test_the_valid_file_parses(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(VALID)
    frame = read_interactions_csv(path)
    assert len(frame) == 8 and frame["user_id"].nunique() == 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutations(VALID))
def test_a_mutated_file_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("tracing") / "answers.csv"
    path.write_bytes(data)
    try:
        frame = read_interactions_csv(path)
    except Exception as error:  # noqa: BLE001 - the property is about which exceptions come out
        assert_clear(error, path)
    else:
        assert len(frame) >= 1
        assert frame["user_id"].dtype == np.int64 and frame["order_id"].dtype == np.int64
        assert set(frame["correct"].unique()) <= {0, 1}
        assert (frame["user_id"].abs() <= 2**53).all()
        assert not frame[["user_id", "order_id", "skill_name", "correct"]].isna().any().any()


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("user_id,order_id,skill_name,correct\n", "line 2: no data line after the header"),
        ("user_id,order_id,correct\n1,0,1\n", r"line 1: missing columns \['skill_name'\]"),
        (
            VALID + "10000000000000000000000,9,fractions,1\n",
            r"line 10: user_id=10000000000000000000000, expected an integer",
        ),
        (VALID + "1e22,9,fractions,1\n", r"line 10: user_id=1e\+22, expected an integer"),
        (VALID + "2.5,9,fractions,1\n", r"line 10: user_id=2.5, expected an integer"),
        (VALID + "abc,9,fractions,1\n", r"line 10: user_id='abc', expected an integer"),
        (VALID + "3,9,fractions,2\n", r"line 10: correct=2, expected 0 or 1"),
        (VALID + "3,9,fractions,\n", r"line 10: empty 'correct'"),
        (VALID + "3,9,fractions,1,extra\n", r"line 10.*expected the same number of fields"),
        (VALID.replace("2,0,decimals,0\n", "2,0,decimals,0\n\n"), r"line 6: empty 'user_id'"),
    ],
    ids=[
        "empty",
        "header only",
        "missing column",
        "huge id",
        "1e22 id",
        "float id",
        "text id",
        "correct 2",
        "empty correct",
        "long line",
        "blank line",
    ],
)
def test_bad_data_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "answers.csv"
    path.write_text(text)
    with pytest.raises(FileFormatError, match=message) as error:
        read_interactions_csv(path)
    assert str(error.value).startswith(str(path))


def test_huge_ids_no_longer_collapse_into_one_student(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(
        "user_id,order_id,skill_name,correct\n10000000000000000000001,0,a,1\n10000000000000000000002,0,a,0\n"
    )
    with pytest.raises(FileFormatError, match="line 2: user_id="):
        read_interactions_csv(path)


@pytest.mark.parametrize("bad", NOT_UTF8[:3])
def test_non_utf8_bytes_name_file_line_and_column(tmp_path, bad):
    path = tmp_path / "answers.csv"
    data = VALID.encode()
    second = data.index(b"\n") + 1
    path.write_bytes(data[:second] + b"x" + bad + data[second:])
    with pytest.raises(FileFormatError) as error:
        read_interactions_csv(path)
    assert str(error.value).startswith(f"{path}, line 2, column 2: byte 0x{bad[0]:02x} is not UTF-8 text")


def test_a_folder_or_a_missing_file_is_named(tmp_path):
    with pytest.raises(IsADirectoryError, match=f"{tmp_path}: is a folder; expected a file"):
        read_interactions_csv(tmp_path)
    with pytest.raises(FileNotFoundError, match="absent.csv: no such file"):
        load_interactions(tmp_path / "absent.csv")


# --- the AKT fold files of the registered ASSISTments sets ------------------------------------------------

AKT_FOLD = "1,70363\n1,2,1\n1,2,2\n0,1,1\n2,70364\n2\n1\n1\n"


def _akt_folder(folder, fold: bytes):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "skill.json").write_text('{"fractions": 1, "decimals": 2}')
    (folder / "problems.json").write_text('{"500": 1, "501": 2}')
    (folder / "toy_pid_test1.csv").write_bytes(fold)
    return folder


def test_the_valid_akt_fold_parses(tmp_path):
    assert len(read_akt_folder(_akt_folder(tmp_path, AKT_FOLD.encode()))) == 4


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutations(AKT_FOLD))
def test_a_mutated_akt_fold_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, data):
    folder = _akt_folder(tmp_path_factory.mktemp("akt"), data)
    try:
        frame = read_akt_folder(folder)
    except Exception as error:  # noqa: BLE001
        assert_clear(error, folder)
    else:
        assert set(frame["correct"].unique()) <= {0, 1} and frame["user_id"].dtype == np.int64


@pytest.mark.parametrize(
    "name, data, message",
    [
        (
            "toy_pid_test1.csv",
            b"1,10000000000000000000000\n1\n1\n1\n",
            "line 1: .*expected 'user_index,original_user_id'",
        ),
        ("toy_pid_test1.csv", b"1,70363\n1\n1\n\xff\n", "line 4, column 1: byte 0xff is not UTF-8"),
        ("toy_pid_test1.csv", b"", "the file is empty"),
        ("skill.json", b'{"fractions": 1', "line 1, column 16: Expecting"),
        ("skill.json", b'["fractions"]', "expected a non-empty JSON object"),
    ],
)
def test_bad_akt_files_name_file_and_line(tmp_path, name, data, message):
    folder = _akt_folder(tmp_path, AKT_FOLD.encode())
    (folder / name).write_bytes(data)
    with pytest.raises(FileFormatError, match=message) as error:
        read_akt_folder(folder)
    assert str(error.value).startswith(str(folder / name))


def test_a_damaged_gzip_fold_is_named(tmp_path):
    folder = _akt_folder(tmp_path, AKT_FOLD.encode())
    (folder / "toy_pid_test1.csv").unlink()
    (folder / "toy_pid_test1.csv.gz").write_bytes(b"\x1f\x8b\x08\x00 truncated")
    with pytest.raises(FileFormatError, match="toy_pid_test1.csv.gz: not a complete gzip file"):
        read_akt_folder(folder)
