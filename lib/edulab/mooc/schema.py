"""The three tables of the MOOC lecture and the checks that guard them.

A course is described week by week, one row per student and week:

- weekly features: ``user_id``, ``week``, then one numeric column per behaviour feature;
- weekly quizzes: ``user_id``, ``week``, ``quiz_correct`` (share of correct answers in ``[0, 1]``,
  empty when the student took no quiz that week);
- labels: ``user_id``, ``label-pass-fail``, coded as in the EPFL ML4ED pipeline the data come from:
  **1 = failed, 0 = passed** (Marras, Vignoud and Käser 2021).

Every reader of the kit goes through :func:`check_weekly` and :func:`check_labels`, so a file with a
missing column, a duplicate (student, week), a non-numeric value or a score outside ``[0, 1]`` is
refused with the file, the row and the value in the message.

References
----------
M. Marras, J. T. T. Vignoud, T. Käser (2021). Can feature predictive power generalize?
Benchmarking early predictors of student success across flipped and online courses. EDM 2021.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from edulab.errors import FileFormatError

USER = "user_id"
WEEK = "week"
QUIZ = "quiz_correct"
LABEL = "label-pass-fail"
FAIL, PASS = 1, 0

#: The 42 weekly features of the EPFL MOOC feature file (``mooc_feat.csv``), in its column order.
MOOC_FEATURES: tuple[str, ...] = (
    "TotalClicksVideoLoad", "AvgWatchedWeeklyProp", "StdWatchedWeeklyProp", "AvgReplayedWeeklyProp",
    "StdReplayedWeeklyProp", "AvgInterruptedWeeklyProp", "StdInterruptedWeeklyProp",
    "TotalClicksVideoConati", "FrequencyEventVideo", "FrequencyEventLoad", "FrequencyEventVideoPlay",
    "FrequencyEventVideoPause", "FrequencyEventVideoStop", "FrequencyEventVideoSeekBackward",
    "FrequencyEventVideoSeekForward", "FrequencyEventVideoSpeedChange", "AvgSeekLength",
    "StdSeekLength", "AvgPauseDuration", "StdPauseDuration", "AvgTimeSpeedingUp", "StdTimeSpeedingUp",
    "RegPeakTimeDayHour", "RegPeriodicityM1", "DelayLecture", "TotalClicks", "NumberOfSessions",
    "TotalTimeSessions", "AvgTimeSessions", "StdTimeBetweenSessions", "StdTimeSessions",
    "TotalClicksWeekday", "TotalClicksWeekend", "RatioClicksWeekendDay", "TotalClicksVideoChen",
    "TotalClicksProblem", "TotalTimeProblem", "TotalTimeVideo", "CompetencyAlignment",
    "CompetencyAnticipation", "ContentAlignment", "ContentAnticipation",
)  # fmt: skip


#: Largest absolute value of a ``user_id``: 2**53, so that every id stays exact in float64 (pandas
#: reads a column with an empty cell as floats) and in int64.
ID_LIMIT = 2**53
#: Weeks are numbered from 0 to at most ``MAX_WEEK`` (a course of a year at most). In a course's
#: file the weeks also follow each other, without a gap (``consecutive=True`` of the checks).
MAX_WEEK = 52


class SchemaError(FileFormatError):
    """A table does not follow the lecture's schema.

    ``path`` is the file the table came from (or the table's name when it was given as a
    DataFrame), ``line`` the line of the offending row (the header is line 1).
    """


def _line(frame: pd.DataFrame, position: int) -> int | None:
    """The file line of the row at ``position``: its index label + 2 (rows counted from 0 after the header)."""
    row = frame.index[position]
    return int(row) + 2 if isinstance(row, (int, np.integer)) else None


def _fail(source: str, frame: pd.DataFrame, position: int, message: str) -> SchemaError:
    line = _line(frame, position)
    if line is None:
        message = f"row {frame.index[position]!r}: {message}"
    return SchemaError(source, message, line=line)


def show_value(value: object) -> str:
    """``repr`` of a cell as a person wrote it (``1.5``, ``'many'``), not ``np.float64(1.5)``."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _require_rows(frame: pd.DataFrame, columns: list[str], source: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(source, f"missing column(s) {missing}; found {list(frame.columns)}", line=1)
    if frame.empty:
        raise SchemaError(source, "no data row after the header; expected at least one row", line=2)


def as_integer_ids(frame: pd.DataFrame, column: str, source: str, *, limit: int = ID_LIMIT) -> pd.Series:
    """``frame[column]`` as int64; a value that is empty, not a whole number or beyond ``limit`` names its line."""
    values = pd.to_numeric(frame[column], errors="coerce")
    numbers = values.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad = np.isnan(numbers) | (numbers != np.floor(numbers)) | ~(np.abs(numbers) <= limit)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise _fail(
            source,
            frame,
            position,
            f"{column}={show_value(frame[column].iloc[position])} is not an integer of at most {limit:,} in absolute "
            f"value ({int(bad.sum())} such value(s))",
        )
    return values.astype(np.int64)


def _as_numbers(frame: pd.DataFrame, columns: list[str], source: str, *, allow_empty: bool) -> pd.DataFrame:
    numbers = frame[columns].apply(pd.to_numeric, errors="coerce").astype(np.float64)
    bad = numbers.isna() & frame[columns].notna() if allow_empty else numbers.isna()
    bad |= np.isinf(numbers)
    if bad.to_numpy().any():
        position, column = np.argwhere(bad.to_numpy())[0]
        name = columns[column]
        raise _fail(
            source,
            frame,
            int(position),
            f"{name}={show_value(frame[name].iloc[position])} is not a finite "
            f"number{'' if allow_empty else ' (no empty value is allowed here)'}",
        )
    return numbers


def _typed_weekly(
    frame: pd.DataFrame, columns: list[str], source: str, allow_empty: bool, consecutive: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The checks of :func:`check_weekly`; returns the typed table in the frame's row order, and the frame."""
    _require_rows(frame, [USER, WEEK, *columns], source)
    frame = frame.reset_index(drop=True)
    users = as_integer_ids(frame, USER, source)
    weeks = as_integer_ids(frame, WEEK, source)
    if (weeks < 0).any():
        position = int(np.flatnonzero((weeks < 0).to_numpy())[0])
        raise _fail(source, frame, position, f"week={weeks.iloc[position]} is negative")
    known = np.unique(weeks.to_numpy())
    gap = np.flatnonzero(np.diff(known) > 1) if consecutive else []
    last = min(known[gap[0]] if len(gap) else known[-1], MAX_WEEK)
    outside = (weeks > last).to_numpy()
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        allowed = (
            f"the course's weeks {known[0]}..{last}" if consecutive and known[0] <= last else f"weeks 0..{MAX_WEEK}"
        )
        raise _fail(
            source,
            frame,
            position,
            f"week={weeks.iloc[position]} is outside {allowed}; expected weeks "
            + ("that follow each other, " if consecutive else "")
            + f"from 0 to at most {MAX_WEEK}",
        )
    values = _as_numbers(frame, columns, source, allow_empty=allow_empty)
    table = pd.concat([users.rename(USER), weeks.rename(WEEK), values], axis=1)
    duplicated = table.duplicated([USER, WEEK], keep="first")
    if duplicated.any():
        position = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise _fail(
            source,
            frame,
            position,
            f"student {table[USER].iloc[position]} has week {table[WEEK].iloc[position]} twice "
            f"({int(duplicated.sum())} duplicate row(s))",
        )
    return table, frame


def check_weekly(
    frame: pd.DataFrame,
    columns: list[str] | tuple[str, ...],
    *,
    source: str = "weekly table",
    allow_empty: bool = False,
    consecutive: bool = False,
) -> pd.DataFrame:
    """Validate a weekly table and return it with typed columns, sorted by student then week.

    Parameters
    ----------
    frame
        One row per (``user_id``, ``week``); its index counts the data rows from 0 (the file's
        line is the index + 2), or labels the rows.
    columns
        The value columns to keep (features, or ``["quiz_correct"]``).
    source
        Named in error messages (usually the file path).
    allow_empty
        Allow empty values (quizzes: no quiz that week).
    consecutive
        The table is a whole course (a file): its weeks follow each other, so a row past a gap
        (week 1000000 after weeks 0..9) is refused instead of becoming one more week.

    Raises
    ------
    SchemaError
        No row, a missing column, a non-integer id or week (or an id beyond :data:`ID_LIMIT`),
        a negative week, a week past :data:`MAX_WEEK` (or past a gap, with ``consecutive``), a
        non-numeric or infinite value, or a (student, week) pair that appears twice.
    """
    table, _ = _typed_weekly(frame, list(columns), source, allow_empty, consecutive)
    return table.sort_values([USER, WEEK], kind="stable").reset_index(drop=True)


def check_quizzes(frame: pd.DataFrame, *, source: str = "quiz table", consecutive: bool = False) -> pd.DataFrame:
    """Validate weekly quizzes: :func:`check_weekly` on ``quiz_correct`` plus the range ``[0, 1]``."""
    table, frame = _typed_weekly(frame, [QUIZ], source, True, consecutive)
    scores = table[QUIZ]
    outside = ((scores < 0) | (scores > 1)).to_numpy()
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        user, week, score = table[USER].iloc[first], table[WEEK].iloc[first], table[QUIZ].iloc[first]
        raise _fail(
            source,
            frame,
            first,
            f"student {user} week {week}: {QUIZ}={show_value(score)} is outside [0, 1] ({int(outside.sum())} such value(s))",
        )
    return table.sort_values([USER, WEEK], kind="stable").reset_index(drop=True)


def check_labels(frame: pd.DataFrame, *, source: str = "label table") -> pd.DataFrame:
    """Validate labels: one row per student, ``label-pass-fail`` in {0 (passed), 1 (failed)}.

    Extra columns (e.g. ``grade``) are kept.
    """
    _require_rows(frame, [USER, LABEL], source)
    frame = frame.reset_index(drop=True)
    users = as_integer_ids(frame, USER, source)
    labels = pd.to_numeric(frame[LABEL], errors="coerce")
    bad = ~labels.isin([0, 1])
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise _fail(
            source,
            frame,
            position,
            f"{LABEL}={show_value(frame[LABEL].iloc[position])}; expected 0 (passed) or 1 (failed)",
        )
    duplicated = users.duplicated()
    if duplicated.any():
        position = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise _fail(source, frame, position, f"student {users.iloc[position]} is labelled twice")
    table = frame.assign(**{USER: users, LABEL: labels.astype(np.int64)})
    return table.sort_values(USER, kind="stable").reset_index(drop=True)
