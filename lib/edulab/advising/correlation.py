"""Course-course grade correlation (Al-Sarem 2017, eq. 4) and the average correlation of
the next term's courses with the courses a student has passed (Table 13).

``corr(C_i, C_j)`` is Pearson's coefficient over the ``k`` students who took both courses.
A pair with fewer than ``min_common`` such students, or with a constant grade in one of the
courses, has no correlation: it is reported as missing (NaN), never as 0, since 0 would claim
"no linear relation" where there is no evidence either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.advising.records import final_grades


@dataclass(frozen=True)
class CourseCorrelation:
    """Pairwise correlations of course grades.

    Attributes
    ----------
    r
        Square table of Pearson coefficients, NaN where missing.
    n_common
        Square table of the number of students who took both courses.
    min_common
        The fewest common students a coefficient was computed from.
    """

    r: pd.DataFrame
    n_common: pd.DataFrame
    min_common: int

    def pairs(self) -> pd.DataFrame:
        """One row per unordered pair of distinct courses: ``r``, ``n_common``, ``missing``."""
        codes = self.r.index.to_list()
        upper = np.triu_indices(len(codes), k=1)
        values = self.r.to_numpy()[upper]
        return pd.DataFrame(
            {
                "course_a": np.asarray(codes)[upper[0]],
                "course_b": np.asarray(codes)[upper[1]],
                "r": values,
                "n_common": self.n_common.to_numpy()[upper],
                "missing": np.isnan(values),
            }
        )

    def to_dict(self) -> dict:
        return {
            "min_common": self.min_common,
            "courses": self.r.index.to_list(),
            "r": [[None if np.isnan(v) else float(v) for v in row] for row in self.r.to_numpy()],
            "n_common": self.n_common.to_numpy().tolist(),
        }


def correlation_from_table(grades: pd.DataFrame, *, min_common: int = 5) -> CourseCorrelation:
    """Eq. (4) on a students-by-courses table of grades (NaN: not taken).

    Means and sums run over the students who took both courses of each pair (pairwise complete
    observations).
    """
    if min_common < 2:
        raise ValueError(f"min_common must be at least 2 (a correlation needs two students), got {min_common}")
    table = grades.astype(float)
    r = table.corr(method="pearson", min_periods=min_common)
    taken = table.notna().to_numpy(dtype=np.int64)
    common = pd.DataFrame(taken.T @ taken, index=table.columns, columns=table.columns)
    r = r.where(common >= min_common)
    return CourseCorrelation(r=r, n_common=common, min_common=min_common)


def course_correlation(records: pd.DataFrame, *, min_common: int = 5, attempt: str = "last") -> CourseCorrelation:
    """Eq. (4) from grade records, on each student's final grade per course (``attempt``)."""
    return correlation_from_table(final_grades(records, attempt=attempt), min_common=min_common)


def average_correlation(r: pd.DataFrame, passed: Iterable[str], offered: Iterable[str]) -> pd.DataFrame:
    """Mean correlation of each offered course with the passed courses (Table 13).

    Missing coefficients are left out of the mean; ``pairs`` says how many were used, and a
    course with none has a NaN mean.

    Parameters
    ----------
    r
        Correlations with the passed courses as rows and the offered courses as columns (a
        square table of every course works too).

    Returns
    -------
    pandas.DataFrame
        By offered course: ``average`` and ``pairs``.
    """
    passed, offered = list(passed), list(offered)
    unknown = [c for c in passed if c not in r.index] + [c for c in offered if c not in r.columns]
    if unknown:
        raise ValueError(f"courses {unknown[:5]} have no correlations (never taken, or not in the table)")
    block = r.loc[passed, offered]
    return pd.DataFrame({"average": block.mean(axis=0, skipna=True), "pairs": block.notna().sum(axis=0)})
