"""Candidate course packages (Al-Sarem 2017, Pseudo-code II).

Every subset of the offered courses is a candidate; those whose credits fit the allowed load
are ranked by the credit-weighted average of their courses' scores (the paper's
``Candidate[i] = sum r_c * corr_c / r[i]``, where ``corr_c`` is the course's average
correlation with the courses the student passed, Table 13).

The enumeration builds the credit total and the weighted score of all ``2^n`` subsets at once,
doubling a NumPy array per course (subset ``mask`` with course ``k`` added is ``mask + 2^k``),
then decodes only the subsets that fit. Eight offered courses (the paper's case) take about half
a millisecond, twenty about 0.03 s on one core (``benchmarks/advising_packages.py`` measures
it); more raise :class:`TooManyCoursesError` unless ``max_courses`` is raised.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: The most offered courses enumerated by default (2^20 = 1,048,576 subsets).
MAX_COURSES = 20

#: The most offered courses ``max_courses`` may allow: 2^24 = 16,777,216 subsets already take
#: about 0.4 GB of arrays; more would exhaust the memory of a laptop or a free Colab machine.
COURSES_CAP = 24


class TooManyCoursesError(ValueError):
    """The offered courses have too many subsets to enumerate."""


def check_max_courses(max_courses: int) -> int:
    """``max_courses`` when it is an integer from 1 to :data:`COURSES_CAP`; a ValueError otherwise."""
    if (
        isinstance(max_courses, bool)
        or not isinstance(max_courses, (int, np.integer))
        or not 1 <= max_courses <= COURSES_CAP
    ):
        raise ValueError(
            f"max_courses must be an integer from 1 to {COURSES_CAP} (2^{COURSES_CAP} subsets), got {max_courses!r}"
        )
    return int(max_courses)


def subset_totals(values: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over every subset: entry ``mask`` sums the values of the set bits."""
    values = np.asarray(values)
    totals = np.zeros(1, dtype=values.dtype)
    for value in values:
        totals = np.concatenate([totals, totals + value])
    return totals


def enumerate_packages(
    credits: Mapping[str, int] | pd.Series,
    scores: Mapping[str, float] | pd.Series,
    *,
    max_credits: int,
    min_credits: int = 1,
    max_courses: int = MAX_COURSES,
) -> pd.DataFrame:
    """All packages of offered courses within the credit range, best first.

    Parameters
    ----------
    credits
        Credit hours of each offered course (the courses whose prerequisites are passed).
    scores
        Score of each offered course, usually its average correlation with the passed courses.
    max_credits
        ``lambda_1``, the allowed load.
    min_credits
        The fewest credits a package may have (the full-time load ``lambda_0`` in the paper's
        Table 14, whose packages hold 12 to 17 credits).
    max_courses
        Refuse to enumerate more offered courses than this.

    Returns
    -------
    pandas.DataFrame
        One row per package: ``rank`` (1 = best), ``courses`` (tuple of codes in the order
        offered), ``n_courses``, ``credits``, ``score``. Ties keep the larger package first,
        then the order of enumeration.

    Raises
    ------
    TooManyCoursesError
        With more than ``max_courses`` offered courses.
    ValueError
        On a missing or NaN score, a non-positive credit, an empty credit range, or
        ``max_courses`` outside 1 to :data:`COURSES_CAP`.
    """
    check_max_courses(max_courses)
    credits = pd.Series(credits, dtype=float)
    codes = credits.index.to_list()
    scores = pd.Series(scores, dtype=float)
    missing = [c for c in codes if c not in scores.index or np.isnan(scores[c])]
    if missing:
        raise ValueError(f"courses {missing} have no score; score them or leave them out of the offer")
    if (credits <= 0).any() or (credits != np.round(credits)).any():
        raise ValueError(
            f"credits must be positive integers, got {credits[(credits <= 0) | (credits != np.round(credits))].to_dict()}"
        )
    if min_credits > max_credits:
        raise ValueError(f"min_credits {min_credits} exceeds max_credits {max_credits}")
    n = len(codes)
    if n > max_courses:
        raise TooManyCoursesError(
            f"{n} offered courses have 2^{n} = {2**n:,} subsets; the enumeration stops at {max_courses} "
            f"courses (2^{max_courses} = {2**max_courses:,} subsets). Offer fewer courses, for example the "
            "best-correlated ones (Pseudo-code I, step 7), or raise max_courses."
        )
    r = credits.to_numpy(dtype=np.int64)
    total = subset_totals(r)
    weighted = subset_totals(r * scores.reindex(codes).to_numpy(dtype=float))
    fits = (total >= max(min_credits, 1)) & (total <= max_credits)
    masks = np.flatnonzero(fits)
    score = weighted[masks] / total[masks]
    size = np.bitwise_count(masks.astype(np.uint64)).astype(int) if hasattr(np, "bitwise_count") else _popcount(masks)
    order = np.lexsort((masks, -total[masks], -score))
    masks, score, size = masks[order], score[order], size[order]
    bits = (masks[:, None] >> np.arange(n)) & 1
    names = np.asarray(codes, dtype=object)
    packages = [tuple(names[row.astype(bool)]) for row in bits]
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(masks) + 1),
            "courses": packages,
            "n_courses": size,
            "credits": total[masks].astype(int),
            "score": score,
        }
    )


def _popcount(masks: np.ndarray) -> np.ndarray:
    count = np.zeros(len(masks), dtype=int)
    work = masks.copy()
    while np.any(work):
        count += (work & 1).astype(int)
        work >>= 1
    return count
