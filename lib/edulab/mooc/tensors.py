"""From weekly tables to the tensors a recurrent network reads.

A weekly table (one row per student and week) becomes an array ``(students, weeks, features)``.
Students and weeks are aligned by their ids, never by row order: the caller names the students
(and the weeks), each cell is looked up, and a (student, week) that the table lacks is an error,
or is filled with a value the caller chose.

Weeks without a quiz are *masked*: the inputs and the targets of those weeks are set to one
value (``-1`` by default) that a ``keras.layers.Masking`` layer skips and a masked loss ignores.
The scaler learns its minimum and maximum on the training students' observed weeks only, so
nothing about the test students leaks into training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.mooc.schema import QUIZ, USER, WEEK, SchemaError
from edulab.recurrent import MASK_VALUE


def weekly_tensor(
    table: pd.DataFrame,
    columns: list[str] | tuple[str, ...],
    students: np.ndarray | list[int],
    weeks: np.ndarray | list[int] | None = None,
    *,
    fill: float | None = None,
    source: str = "weekly table",
) -> np.ndarray:
    """Arrange a weekly table as ``(students, weeks, columns)``, aligned by id.

    Parameters
    ----------
    table
        Rows with ``user_id``, ``week`` and ``columns`` (checked by :func:`schema.check_weekly`).
    columns
        Value columns, in the order of the last axis.
    students
        The students of the first axis, in that order. Students of ``table`` not listed are left out
        (that is how a split selects its students).
    weeks
        The weeks of the second axis; by default every week in ``table``, sorted.
    fill
        Value for a (student, week) absent from ``table``. ``None`` (default): such a gap is an error.
    source
        Named in error messages.

    Returns
    -------
    numpy.ndarray
        ``float32`` array of shape ``(len(students), len(weeks), len(columns))``. Empty values of the
        table (e.g. no quiz) stay ``NaN``.

    Raises
    ------
    SchemaError
        A listed student or week has no row (and ``fill`` is None), or a (student, week) is duplicated.
    """
    columns = list(columns)
    students = np.asarray(students)
    if students.ndim != 1 or len(np.unique(students)) != len(students):
        raise ValueError(f"students must be a 1-D array of distinct ids, got shape {students.shape}")
    weeks = np.sort(table[WEEK].unique()) if weeks is None else np.asarray(weeks)
    indexed = table.set_index([USER, WEEK])[columns]
    if indexed.index.has_duplicates:
        user, week = indexed.index[indexed.index.duplicated()][0]
        raise SchemaError(source, f"student {user} has week {week} more than once")
    grid = pd.MultiIndex.from_product([students, weeks], names=[USER, WEEK])
    present = grid.isin(indexed.index)
    if not present.all() and fill is None:
        user, week = grid[~present][0]
        absent_students = np.setdiff1d(students, table[USER].unique())
        detail = (
            f"; {len(absent_students)} student(s) have no row at all (first: {absent_students[0]})"
            if len(absent_students)
            else ""
        )
        raise SchemaError(
            source,
            f"no row for student {user}, week {week} ({int((~present).sum())} missing "
            f"(student, week) pair(s){detail}). Pass fill=<value> to fill them explicitly.",
        )
    values = indexed.reindex(grid).to_numpy(dtype=np.float32, copy=True)
    if fill is not None:
        values[~present] = fill
    return values.reshape(len(students), len(weeks), len(columns))


def quiz_arrays(
    quizzes: pd.DataFrame, students: np.ndarray, weeks: np.ndarray | None = None, *, source: str = "quiz table"
) -> tuple[np.ndarray, np.ndarray]:
    """Weekly quiz scores ``(students, weeks, 1)`` (NaN where no quiz) and the observed mask ``(students, weeks)``."""
    scores = weekly_tensor(quizzes, [QUIZ], students, weeks, source=source)
    return scores, ~np.isnan(scores[..., 0])


def mask_weeks(values: np.ndarray, observed: np.ndarray, mask_value: float = MASK_VALUE) -> np.ndarray:
    """Copy of ``values`` ``(students, weeks, k)`` with every unobserved week set to ``mask_value``."""
    values = np.asarray(values, dtype=np.float32)
    observed = np.asarray(observed, dtype=bool)
    if values.shape[:2] != observed.shape:
        raise ValueError(f"values {values.shape} and observed {observed.shape} disagree on (students, weeks)")
    return np.where(observed[..., None], values, np.float32(mask_value))


def quiz_history(scores: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Inputs for tracing from the quiz history alone: ``(students, weeks, 2)``.

    At week ``t`` a student's input is the previous week's score (0 when no quiz) and whether they
    took it; week 0 sees zeros. The model thus predicts week ``t`` from weeks ``< t`` only.
    """
    previous = np.zeros(scores.shape[:2] + (2,), dtype=np.float32)
    previous[:, 1:, 0] = np.where(observed[:, :-1], np.nan_to_num(scores[:, :-1, 0]), 0.0)
    previous[:, 1:, 1] = observed[:, :-1]
    return previous


def quiz_channels(scores: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """The same week's quiz as two inputs ``(students, weeks, 2)``: score (0 when none) and taken (0/1).

    For early prediction, where every week before the cut is known and missing a quiz is itself
    information (students who stop taking quizzes tend to fail).
    """
    return np.stack([np.where(observed, np.nan_to_num(scores[..., 0]), 0.0), observed], axis=-1).astype(np.float32)


@dataclass
class WeeklyMinMaxScaler:
    """Min-max scaling of weekly features, learned on observed weeks of the training students.

    Parameters
    ----------
    clip
        Clip the scaled values of new students to ``[0, 1]``. Off by default: a value past the
        training range is information, and a masked week is recognised by *all* its features
        equalling the mask value, which an unclipped feature does not imitate by chance.

    Attributes
    ----------
    minimum_, scale_ : numpy.ndarray
        Per-feature minimum and ``max - min`` (1 for a constant feature) on the training data.
    """

    clip: bool = False

    def fit(self, values: np.ndarray, observed: np.ndarray | None = None) -> WeeklyMinMaxScaler:
        """Learn per-feature minimum and range from ``values`` ``(students, weeks, k)`` on ``observed`` weeks."""
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 3:
            raise ValueError(f"expected (students, weeks, features), got shape {values.shape}")
        rows = values.reshape(-1, values.shape[-1])
        if observed is not None:
            rows = rows[np.asarray(observed, dtype=bool).reshape(-1)]
        if len(rows) == 0:
            raise ValueError("no observed week to fit the scaler on")
        if np.isnan(rows).any():
            raise ValueError("the observed weeks contain NaN; fill or mask them before scaling")
        self.minimum_ = rows.min(axis=0)
        spread = rows.max(axis=0) - self.minimum_
        self.scale_ = np.where(spread > 0, spread, 1.0)
        return self

    def transform(self, values: np.ndarray) -> np.ndarray:
        """Scale ``values`` ``(students, weeks, k)`` with the learned minimum and range."""
        if not hasattr(self, "minimum_"):
            raise RuntimeError("call fit before transform")
        values = np.asarray(values, dtype=np.float64)
        if values.shape[-1] != len(self.minimum_):
            raise ValueError(f"expected {len(self.minimum_)} features, got {values.shape[-1]}")
        scaled = (values - self.minimum_) / self.scale_
        if self.clip:
            scaled = np.clip(scaled, 0.0, 1.0)
        return scaled.astype(np.float32)

    def fit_transform(self, values: np.ndarray, observed: np.ndarray | None = None) -> np.ndarray:
        return self.fit(values, observed).transform(values)
