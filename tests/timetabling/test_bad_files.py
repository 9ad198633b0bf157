"""Mutated ``.ctt`` instances and solution files: a valid parse or a clear error, never anything else.

Issue 16: a valid file is truncated, loses or repeats a line, gets a declared count changed or
receives bytes (some not UTF-8); :func:`read_instance` and :func:`read_solution` must either read
it or raise an :class:`edulab.errors.EdulabError` (a ``FileFormatError`` or an ``OSError``
subclass) whose one-line message names the file. Oversized headers are refused before anything
is allocated.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edulab.errors import EdulabError, FileFormatError, InputError
from edulab.timetabling.generator import TINY
from edulab.timetabling.instance import (
    MAX_COURSES,
    MAX_PERIODS,
    InstanceFormatError,
    parse_instance,
    read_instance,
)
from edulab.timetabling.solution import Solution, read_solution
from edulab.timetabling.validator import evaluate

from .test_solution import TINY_SOLUTION

NOT_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xe9t\xe9"]
COUNT_KEYS = ("Courses", "Rooms", "Days", "Periods_per_day", "Curricula", "Constraints")


@st.composite
def mutations(draw, text: str, *, counts: bool):
    """Damaged bytes of ``text``: truncated, a line dropped or repeated, a count changed, bytes inserted."""
    data = text.encode()
    lines = data.splitlines(keepends=True)
    kinds = ["truncate", "drop line", "duplicate line", "insert non-UTF-8", "insert bytes", "swap lines"]
    kind = draw(st.sampled_from(kinds + (["change count"] if counts else [])))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind in ("drop line", "duplicate line"):
        i = draw(st.integers(0, len(lines) - 1))
        copies = 0 if kind == "drop line" else 2
        return b"".join(lines[:i] + [lines[i]] * copies + lines[i + 1 :])
    if kind == "swap lines":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    if kind == "change count":
        key = draw(st.sampled_from(COUNT_KEYS))
        value = draw(
            st.one_of(st.integers(-3, 12), st.integers(10**3, 10**30), st.sampled_from(["1.5", "2e3", "x", "", "0x10"]))
        )
        return re.sub(rf"{key}: \S+".encode(), f"{key}: {value}".encode(), data)
    at = draw(st.integers(0, len(data)))
    extra = draw(st.sampled_from(NOT_UTF8) if kind == "insert non-UTF-8" else st.binary(min_size=1, max_size=6))
    return data[:at] + extra + data[at:]


def _clear(error: EdulabError, path) -> None:
    message = str(error)
    assert str(path) in message, message
    assert "\n" not in message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutations(TINY, counts=True))
def test_a_mutated_instance_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("ctt") / "tiny.ctt"
    path.write_bytes(data)
    try:
        instance = read_instance(path)
    except EdulabError as error:
        assert isinstance(error, (FileFormatError, OSError)), type(error)
        _clear(error, path)
    else:
        assert instance.n_courses >= 1 and instance.unavailable.shape == (instance.n_courses, instance.n_periods)
        # Whatever parses can be validated: an empty timetable has costs, not an exception.
        assert evaluate(instance, Solution([], [], [])).violations == instance.n_lectures


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutations(TINY_SOLUTION, counts=False))
def test_a_mutated_solution_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, shipped, data):
    path = tmp_path_factory.mktemp("sol") / "tiny.sol"
    path.write_bytes(data)
    try:
        solution = read_solution(path, shipped["tiny"])
    except EdulabError as error:
        assert isinstance(error, (FileFormatError, OSError)), type(error)
        _clear(error, path)
    else:
        solution.check(shipped["tiny"])
        assert evaluate(shipped["tiny"], solution).total >= 0


@pytest.mark.parametrize("reader", ["instance", "solution"])
def test_a_folder_an_empty_file_and_bytes_that_are_not_utf8_are_named(tmp_path, shipped, reader):
    def read(path):
        return read_instance(path) if reader == "instance" else read_solution(path, shipped["tiny"])

    with pytest.raises(IsADirectoryError, match="is a folder; expected a file"):
        read(tmp_path)
    with pytest.raises(FileNotFoundError, match="missing.txt: no such file"):
        read(tmp_path / "missing.txt")
    text = (TINY if reader == "instance" else TINY_SOLUTION).encode()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(text.replace(b"Algebra", b"Alg\xffebra", 1))
    with pytest.raises(FileFormatError, match=r"bad.txt, line \d+, column 4: byte 0xff is not UTF-8"):
        read(bad)
    if reader == "instance":
        (tmp_path / "empty.ctt").write_text("")
        with pytest.raises(FileFormatError, match="empty.ctt: the file is empty"):
            read(tmp_path / "empty.ctt")


@pytest.mark.parametrize(
    ("key", "value", "line", "message"),
    [
        ("Periods_per_day", "99999999", 5, f"Periods_per_day must be at most {MAX_PERIODS}, got 99999999"),
        ("Days", "10000000000000000000000", 4, f"Days must be at most {MAX_PERIODS}"),
        ("Days", "1000", 5, f"Days \\* Periods_per_day = 1000 \\* 3 = 3000 periods; at most {MAX_PERIODS}"),
        ("Courses", "99999999", 2, f"Courses must be at most {MAX_COURSES}, got 99999999"),
        ("Courses", "4000", 2, "the header declares 4007 entries .* but only \\d+ lines follow"),
        ("Rooms", "5000000", 3, "Rooms must be at most"),
        ("Constraints", "99999999", 2, "the header declares 100000007 entries"),
        ("Curricula", "1.5", 6, "Curricula must be an integer, got '1.5'"),
    ],
)
def test_oversized_or_malformed_counts_are_refused_before_allocating(key, value, line, message):
    text = re.sub(rf"{key}: \S+", f"{key}: {value}", TINY)
    with pytest.raises(InstanceFormatError, match=message) as caught:
        parse_instance(text, "huge.ctt")
    assert caught.value.source == "huge.ctt" and caught.value.line == line


def test_a_course_cannot_have_more_lectures_than_periods():
    text = TINY.replace("Biology    Boole  2 2 25", "Biology    Boole  10 2 25")
    with pytest.raises(InstanceFormatError, match=r"line 11: lectures of course Biology .* must be at most 9, got 10"):
        parse_instance(text, "many.ctt")


@pytest.mark.parametrize("bad", ["1_000", "+-1", "٣", "1e3"])
def test_numbers_are_plain_integers(bad):
    with pytest.raises(InstanceFormatError, match="must be an integer"):
        parse_instance(TINY.replace("Lab   25", f"Lab   {bad}"), "odd.ctt")


def test_the_validator_and_the_solver_refuse_the_same_huge_header(tmp_path, capsys):
    from edulab.cli import main

    path = tmp_path / "huge.ctt"
    path.write_text(TINY.replace("Periods_per_day: 3", "Periods_per_day: 99999999"))
    (tmp_path / "tiny.sol").write_text(TINY_SOLUTION)
    assert main(["ctt", "validate", str(path), str(tmp_path / "tiny.sol")]) == 2
    assert main(["ctt", "solve", str(path), "--algo", "greedy", "--iterations", "5"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"edulab: error: {path}, line 5: Periods_per_day must be at most {MAX_PERIODS}, got 99999999"] * 2


@pytest.mark.parametrize("field", ["course", "room", "period"])
def test_float_indices_are_refused_not_truncated(field):
    arrays = {"course": [0, 1], "room": [0, 1], "period": [0, 1]}
    Solution(**{**arrays, field: np.array([0.0, 1.0])})  # whole numbers stored as floats are fine
    for bad in ([0, 1.7], [0, float("nan")], [0, float("inf")]):
        with pytest.raises(InputError, match=f"Solution.{field} must hold integer indices, got"):
            Solution(**{**arrays, field: bad})
    with pytest.raises(InputError, match="integer indices"):
        Solution(**{**arrays, field: ["a", "b"]})


def test_writers_create_no_folders(tmp_path, shipped):
    from edulab.timetabling.instance import write_instance
    from edulab.timetabling.solution import write_solution

    out = tmp_path / "missing" / "x.ctt"
    with pytest.raises(FileNotFoundError, match="the folder .*missing does not exist; create it first"):
        write_instance(shipped["tiny"], out)
    with pytest.raises(FileNotFoundError, match="create it first"):
        write_solution(Solution([], [], []), shipped["tiny"], out)
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("reference", ["data/typo.txt", "typo.ctt", "comp99"])
def test_an_unknown_instance_is_named_without_downloading_anything(monkeypatch, tmp_path, reference):
    from edulab import datasets
    from edulab.timetabling.instance import load_instance

    def no_download(name, *args, **kwargs):
        raise AssertionError(f"load_instance({reference!r}) tried to load the {name} dataset")

    monkeypatch.setattr(datasets, "load", no_download)
    monkeypatch.chdir(tmp_path)
    expected = (
        "is neither a .ctt file nor an instance name"
        if reference == "comp99"
        else f"instance file {reference} does not exist"
    )
    with pytest.raises((FileNotFoundError, LookupError), match=expected):
        load_instance(reference)
