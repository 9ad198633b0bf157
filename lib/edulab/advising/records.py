"""Students' grade records: one line per attempt at a course.

The CSV form (the attributes of Al-Sarem 2017, Table 7, reduced to what the method uses)::

    student,course,term,grade,attempt
    3151377,MATH101,1,87,1

``term`` is the student's own term of study (1, 2, ...), ``grade`` is out of 100 (pass mark 60,
section 5.2), ``attempt`` counts the student's attempts at that course from 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from edulab import files
from edulab.advising.grading import PASS_MARK
from edulab.errors import InputError

COLUMNS = ("student", "course", "term", "grade", "attempt")

#: Largest term or attempt number accepted: far above any student's, and far below the integer
#: overflow a mistyped number would otherwise cause.
MAX_NUMBER = 1000


class RecordsError(InputError):
    """Grade records with a bad value; the message names the line, column and value."""


class UnknownStudentError(LookupError):
    """A student without any grade record."""


def validate_records(
    frame: pd.DataFrame,
    *,
    courses: Iterable[str] | None = None,
    source: str = "records",
    first_line: int = 2,
) -> pd.DataFrame:
    """Check and type grade records; return a clean copy with the columns of :data:`COLUMNS`.

    Parameters
    ----------
    frame
        The records; values may be strings (as read from a CSV) or numbers.
    courses
        The curriculum's course codes; a record of any other course is an error.
    source
        Name used in error messages (a file name).
    first_line
        Line number of the first row in ``source`` (2 for a CSV with a header).

    Raises
    ------
    RecordsError
        Naming the first offending line, column and value: a missing column, an empty student
        or course, a term or attempt that is not a positive integer, a grade outside [0, 100],
        an unknown course, or the same attempt recorded twice.
    """
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise RecordsError(f"{source}, line 1: missing columns {missing}; expected {list(COLUMNS)}")
    out = pd.DataFrame(
        {
            "student": frame["student"].astype(str).str.strip().to_numpy(),
            "course": frame["course"].astype(str).str.strip().to_numpy(),
        }
    )
    lines = first_line + np.arange(len(frame))
    for column in ("student", "course"):
        empty = (out[column] == "") | frame[column].isna().to_numpy()
        _fail_first(empty, lines, source, column, frame[column], "a non-empty identifier")
    for column in ("term", "attempt"):
        numbers = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(numbers) | (numbers < 1) | (numbers > MAX_NUMBER) | (numbers != np.round(numbers))
        _fail_first(bad, lines, source, column, frame[column], f"a positive integer up to {MAX_NUMBER}")
        out[column] = numbers.astype(int)
    grades = pd.to_numeric(frame["grade"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(grades) | (grades < 0) | (grades > 100)
    _fail_first(bad, lines, source, "grade", frame["grade"], "a number from 0 to 100")
    out["grade"] = grades
    if courses is not None:
        unknown = ~out["course"].isin(set(courses)).to_numpy()
        _fail_first(unknown, lines, source, "course", frame["course"], "a course of the curriculum")
    twice = out.duplicated(["student", "course", "attempt"], keep="first").to_numpy()
    _fail_first(twice, lines, source, "attempt", frame["attempt"], "each attempt of a student at a course once")
    return out[list(COLUMNS)]


def read_records(path: str | Path, *, courses: Iterable[str] | None = None) -> pd.DataFrame:
    """Read and validate the CSV form (UTF-8); errors name the file, line, column and value."""
    frame = files.read_csv(path, dtype=str, keep_default_na=False)
    return validate_records(frame, courses=courses, source=str(path))


def final_grades(records: pd.DataFrame, *, attempt: str = "last") -> pd.DataFrame:
    """Students by courses table of one grade per student and course (NaN: not taken).

    Parameters
    ----------
    attempt
        ``"last"`` (the final grade, what Al-Sarem correlates), ``"first"`` or ``"best"``.
    """
    if attempt not in ("last", "first", "best"):
        raise ValueError(f"attempt must be 'last', 'first' or 'best', got {attempt!r}")
    if attempt == "best":
        chosen = records.groupby(["student", "course"])["grade"].max()
    else:
        ordered = records.sort_values("attempt")
        chosen = ordered.drop_duplicates(["student", "course"], keep=attempt).set_index(["student", "course"])["grade"]
    return chosen.unstack("course").sort_index(axis=0).sort_index(axis=1)


def passed_courses(records: pd.DataFrame, student: str, *, pass_mark: float = PASS_MARK) -> list[str]:
    """Courses ``student`` has passed, sorted by code."""
    mine = records[(records["student"] == student) & (records["grade"] >= pass_mark)]
    return sorted(mine["course"].unique())


def student_records(records: pd.DataFrame, student: str) -> pd.DataFrame:
    """The records of one student; a clear error when there are none."""
    mine = records[records["student"] == str(student)]
    if mine.empty:
        known = records["student"].unique()
        sample = ", ".join(map(str, known[:5]))
        raise UnknownStudentError(
            f"no grade records for student {student!r} ({len(known)} students known, e.g. {sample})"
        )
    return mine


def _fail_first(bad: np.ndarray, lines: np.ndarray, source: str, column: str, values: pd.Series, expected: str) -> None:
    if np.any(bad):
        index = int(np.argmax(bad))
        value = values.iloc[index]
        shown = "nothing" if value is None or (isinstance(value, float) and np.isnan(value)) else repr(value)
        raise RecordsError(f"{source}, line {lines[index]}, column {column}: {shown}; expected {expected}")
