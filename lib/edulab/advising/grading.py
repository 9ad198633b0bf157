"""Grades on the 0-100 scale, grade points on the 0-5 scale, and the GPA.

Al-Sarem (2017) reports grades out of 100 (pass mark 60) and GPAs on a 0-5 scale, without
printing the conversion. The kit uses the 5-point scale of the Saudi unified undergraduate
regulations that Taibah University follows (A+ = 5, ..., D = 2, F = 1); any other scale is a
:class:`GradeScale` with other bands.

References
----------
M. Al-Sarem, "Solving course selection problem by a combination of correlation analysis and
analytic hierarchy process", International Journal of Electrical and Computer Engineering
(IJECE) 7(6), 2017, section 5.2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

PASS_MARK = 60.0


@dataclass(frozen=True)
class GradeScale:
    """Bands that turn a grade out of 100 into grade points.

    Attributes
    ----------
    lower_bounds
        Lowest grade of each band, strictly decreasing, the last one 0.
    points
        Grade points of each band.
    letters
        Letter of each band.
    pass_mark
        Lowest passing grade.
    """

    lower_bounds: tuple[float, ...] = (95, 90, 85, 80, 75, 70, 65, 60, 0)
    points: tuple[float, ...] = (5.0, 4.75, 4.5, 4.0, 3.5, 3.0, 2.5, 2.0, 1.0)
    letters: tuple[str, ...] = ("A+", "A", "B+", "B", "C+", "C", "D+", "D", "F")
    pass_mark: float = PASS_MARK

    def __post_init__(self) -> None:
        bounds = np.asarray(self.lower_bounds, dtype=float)
        if not (len(bounds) == len(self.points) == len(self.letters)):
            raise ValueError(
                f"lower_bounds, points and letters need the same length, got "
                f"{len(self.lower_bounds)}, {len(self.points)} and {len(self.letters)}"
            )
        if bounds[-1] != 0 or np.any(np.diff(bounds) >= 0):
            raise ValueError(f"lower_bounds must decrease strictly down to 0, got {self.lower_bounds}")

    @property
    def maximum(self) -> float:
        """The highest grade point (5 on the default scale)."""
        return float(max(self.points))

    def _band(self, grades: ArrayLike) -> np.ndarray:
        values = np.asarray(grades, dtype=float)
        bad = ~np.isfinite(values) | (values < 0) | (values > 100)
        if np.any(bad):
            raise ValueError(f"grades must lie in [0, 100], got {values[bad][:5].tolist()}")
        ascending = np.asarray(self.lower_bounds[::-1], dtype=float)
        return len(ascending) - np.searchsorted(ascending, values, side="right")

    def grade_points(self, grades: ArrayLike) -> np.ndarray:
        """Grade points of each grade (vectorised)."""
        return np.asarray(self.points, dtype=float)[self._band(grades)]

    def letter(self, grades: ArrayLike) -> np.ndarray:
        """Letter of each grade (vectorised)."""
        return np.asarray(self.letters, dtype=object)[self._band(grades)]


#: The 5-point scale of Saudi universities (Taibah University among them); F counts 1 point.
SAUDI_5 = GradeScale()


def gpa(
    records: pd.DataFrame,
    credits: pd.Series,
    *,
    scale: GradeScale = SAUDI_5,
    attempts: str = "all",
    up_to_term: int | None = None,
) -> pd.Series:
    """Credit-weighted grade point average of every student.

    Parameters
    ----------
    records
        Grade records with columns ``student``, ``course``, ``term``, ``grade``, ``attempt``
        (see :mod:`edulab.advising.records`).
    credits
        Credit hours by course code (``Curriculum.credits``).
    scale
        Grade-to-points conversion.
    attempts
        ``"all"`` counts every attempt, as the Saudi regulations do; ``"last"`` only the last
        attempt at each course.
    up_to_term
        Only records of terms up to this one (the GPA "at semester t - 1").

    Returns
    -------
    pandas.Series
        GPA by student, on the scale's 0 to ``scale.maximum`` range.
    """
    if attempts not in ("all", "last"):
        raise ValueError(f"attempts must be 'all' or 'last', got {attempts!r}")
    frame = records if up_to_term is None else records[records["term"] <= up_to_term]
    if attempts == "last":
        frame = frame.sort_values("attempt").drop_duplicates(["student", "course"], keep="last")
    unknown = sorted(set(frame["course"]) - set(credits.index))
    if unknown:
        raise ValueError(f"no credit hours for courses {unknown[:5]} (expected every course in the curriculum)")
    weight = frame["course"].map(credits).to_numpy(dtype=float)
    quality = scale.grade_points(frame["grade"]) * weight
    table = pd.DataFrame({"student": frame["student"].to_numpy(), "quality": quality, "weight": weight})
    sums = table.groupby("student", sort=True)[["quality", "weight"]].sum()
    return (sums["quality"] / sums["weight"]).rename("gpa")
