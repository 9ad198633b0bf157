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


class SchemaError(ValueError):
    """A table does not follow the lecture's schema; the message names where and what."""


def _where(source: str, frame: pd.DataFrame, position: int) -> str:
    """``"file, row N"`` with N the 1-based data row as a person counts it in the CSV (header = row 1)."""
    row = frame.index[position]
    line = f"line {row + 2}" if isinstance(row, (int, np.integer)) else f"row {row!r}"
    return f"{source}, {line}"


def show_value(value: object) -> str:
    """``repr`` of a cell as a person wrote it (``1.5``, ``'many'``), not ``np.float64(1.5)``."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _require_columns(frame: pd.DataFrame, columns: list[str], source: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(f"{source}: missing column(s) {missing}; found {list(frame.columns)}")


def _as_integer_ids(frame: pd.DataFrame, column: str, source: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() | (values != np.floor(values))
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise SchemaError(
            f"{_where(source, frame, position)}: {column}={show_value(frame[column].iloc[position])} is not an integer "
            f"({int(bad.sum())} such value(s))"
        )
    return values.astype(np.int64)


def _as_numbers(frame: pd.DataFrame, columns: list[str], source: str, *, allow_empty: bool) -> pd.DataFrame:
    numbers = frame[columns].apply(pd.to_numeric, errors="coerce").astype(np.float64)
    bad = numbers.isna() & frame[columns].notna() if allow_empty else numbers.isna()
    bad |= np.isinf(numbers)
    if bad.to_numpy().any():
        position, column = np.argwhere(bad.to_numpy())[0]
        name = columns[column]
        raise SchemaError(
            f"{_where(source, frame, int(position))}: {name}={show_value(frame[name].iloc[position])} is not a finite "
            f"number{'' if allow_empty else ' (no empty value is allowed here)'}"
        )
    return numbers


def check_weekly(
    frame: pd.DataFrame,
    columns: list[str] | tuple[str, ...],
    *,
    source: str = "weekly table",
    allow_empty: bool = False,
) -> pd.DataFrame:
    """Validate a weekly table and return it with typed columns, sorted by student then week.

    Parameters
    ----------
    frame
        One row per (``user_id``, ``week``).
    columns
        The value columns to keep (features, or ``["quiz_correct"]``).
    source
        Named in error messages (usually the file path).
    allow_empty
        Allow empty values (quizzes: no quiz that week).

    Raises
    ------
    SchemaError
        Missing column, non-integer id or week, negative week, non-numeric value, or a
        (student, week) pair that appears twice.
    """
    columns = list(columns)
    _require_columns(frame, [USER, WEEK, *columns], source)
    frame = frame.reset_index(drop=True)
    users = _as_integer_ids(frame, USER, source)
    weeks = _as_integer_ids(frame, WEEK, source)
    if (weeks < 0).any():
        position = int(np.flatnonzero((weeks < 0).to_numpy())[0])
        raise SchemaError(f"{_where(source, frame, position)}: week={weeks.iloc[position]} is negative")
    values = _as_numbers(frame, columns, source, allow_empty=allow_empty)
    table = pd.concat([users.rename(USER), weeks.rename(WEEK), values], axis=1)
    duplicated = table.duplicated([USER, WEEK], keep="first")
    if duplicated.any():
        position = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise SchemaError(
            f"{_where(source, frame, position)}: student {table[USER].iloc[position]} has week "
            f"{table[WEEK].iloc[position]} twice ({int(duplicated.sum())} duplicate row(s))"
        )
    return table.sort_values([USER, WEEK], kind="stable").reset_index(drop=True)


def check_quizzes(frame: pd.DataFrame, *, source: str = "quiz table") -> pd.DataFrame:
    """Validate weekly quizzes: :func:`check_weekly` on ``quiz_correct`` plus the range ``[0, 1]``."""
    table = check_weekly(frame, [QUIZ], source=source, allow_empty=True)
    scores = table[QUIZ]
    outside = (scores < 0) | (scores > 1)
    if outside.any():
        first = int(np.flatnonzero(outside.to_numpy())[0])
        user, week, score = table[USER].iloc[first], table[WEEK].iloc[first], table[QUIZ].iloc[first]
        raise SchemaError(
            f"{source}: student {user} week {week}: {QUIZ}={show_value(score)} is outside [0, 1] "
            f"({int(outside.sum())} such value(s))"
        )
    return table


def check_labels(frame: pd.DataFrame, *, source: str = "label table") -> pd.DataFrame:
    """Validate labels: one row per student, ``label-pass-fail`` in {0 (passed), 1 (failed)}.

    Extra columns (e.g. ``grade``) are kept.
    """
    _require_columns(frame, [USER, LABEL], source)
    frame = frame.reset_index(drop=True)
    users = _as_integer_ids(frame, USER, source)
    labels = pd.to_numeric(frame[LABEL], errors="coerce")
    bad = ~labels.isin([0, 1])
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise SchemaError(
            f"{_where(source, frame, position)}: {LABEL}={show_value(frame[LABEL].iloc[position])}; expected 0 "
            f"(passed) or 1 (failed)"
        )
    duplicated = users.duplicated()
    if duplicated.any():
        position = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise SchemaError(f"{_where(source, frame, position)}: student {users.iloc[position]} is labelled twice")
    table = frame.assign(**{USER: users, LABEL: labels.astype(np.int64)})
    return table.sort_values(USER, kind="stable").reset_index(drop=True)
