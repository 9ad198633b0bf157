"""The course indicators of Al-Sarem (2017), section 4.1: difficulty, distance, competence.

The paper prints the three equations without worked numbers; where its wording leaves a choice
the docstrings say which reading the kit takes.

References
----------
M. Al-Sarem, "Solving course selection problem by a combination of correlation analysis and
analytic hierarchy process", IJECE 7(6), 2017, eqs. (1)-(3).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from edulab.advising.curriculum import Curriculum
from edulab.advising.grading import SAUDI_5, GradeScale, gpa
from edulab.advising.records import student_records


def difficulty(records: pd.DataFrame, *, scale: GradeScale = SAUDI_5) -> pd.DataFrame:
    """Difficulty of every course taken at least once (eq. 1).

    ``diff(c) = 1 - (sum g' / sum g) * (m / n)``, where ``n`` students took ``c``, ``m`` of them
    passed it at their first attempt, ``g`` are the grade points of every student's first
    attempt and ``g'`` those of the ``m`` first-attempt passes. A course everybody passes at
    once with the same grades has difficulty 0; the value grows towards 1 as fewer students
    pass at once and as those who pass score lower relative to all.

    Returns
    -------
    pandas.DataFrame
        By course: ``difficulty``, ``students`` (n), ``passed_first`` (m).
    """
    first = records.sort_values("attempt").drop_duplicates(["student", "course"], keep="first")
    points = scale.grade_points(first["grade"])
    passed = first["grade"].to_numpy() >= scale.pass_mark
    table = pd.DataFrame(
        {
            "course": first["course"].to_numpy(),
            "points": points,
            "passed_points": np.where(passed, points, 0.0),
            "passed": passed.astype(int),
        }
    )
    sums = table.groupby("course").agg(
        points=("points", "sum"),
        passed_points=("passed_points", "sum"),
        passed_first=("passed", "sum"),
        students=("points", "size"),
    )
    ratio = sums["passed_points"] / sums["points"]
    share = sums["passed_first"] / sums["students"]
    return pd.DataFrame(
        {"difficulty": 1.0 - ratio * share, "students": sums["students"], "passed_first": sums["passed_first"]}
    )


def distance(curriculum: Curriculum) -> pd.DataFrame:
    """Distance between every course and its direct prerequisites (eq. 2).

    ``dis(C_i, C_j) = sqrt((h_j - h_i)^2 + (s_j - s_i)^2)`` when ``C_i`` is a prerequisite of
    ``C_j``, where ``h`` is the hierarchical level (the academic year unless the curriculum
    gives ``level``) and ``s`` the term of the study plan; 1 for any other pair.

    Returns
    -------
    pandas.DataFrame
        Square, indexed by the prerequisite (rows) and the course (columns).
    """
    codes = curriculum.codes
    table = pd.DataFrame(1.0, index=pd.Index(codes, name="prerequisite"), columns=pd.Index(codes, name="course"))
    for before, after in curriculum.edges():
        a, b = curriculum[before], curriculum[after]
        table.loc[before, after] = float(np.hypot(b.year_level - a.year_level, b.term - a.term))
    return table


def competence(
    curriculum: Curriculum,
    records: pd.DataFrame,
    student: str,
    courses: Iterable[str] | None = None,
    *,
    difficulties: pd.Series | None = None,
    scale: GradeScale = SAUDI_5,
) -> pd.Series:
    """Competence of ``student`` for each course (eq. 3).

    ``Competence(c_i, s) = 1`` when ``c_i`` has no prerequisite, else
    ``sum_j n_j^s * diff(c_i) * dis(C_i, C_j) / (W_i * g^s)`` over the prerequisites ``C_j``,
    where ``n_j^s`` is the number of attempts of ``s`` at ``C_j`` (0 if never taken), ``W_i``
    the credit hours of ``c_i`` and ``g^s`` the current GPA of ``s``.

    As printed, the value grows with the difficulty of the course and with the attempts spent
    on its prerequisites, so it behaves like a burden rather than an aptitude; the kit computes
    the equation as printed and the lecture discusses it.

    Parameters
    ----------
    courses
        Courses to score (default: every course of the curriculum).
    difficulties
        Difficulty by course (eq. 1); computed from ``records`` when omitted. A course without
        any record has no difficulty, so its competence is NaN unless it has no prerequisite.
    """
    mine = student_records(records, student)
    codes = list(courses) if courses is not None else curriculum.codes
    if difficulties is None:
        difficulties = difficulty(records, scale=scale)["difficulty"]
    current_gpa = float(gpa(mine, curriculum.credits, scale=scale).iloc[0])
    attempts = mine.groupby("course")["attempt"].max()
    distances = distance(curriculum)
    values = {}
    for code in codes:
        course = curriculum[code]
        if not course.prerequisites:
            values[code] = 1.0
            continue
        pre = list(course.prerequisites)
        tries = attempts.reindex(pre).fillna(0).to_numpy(dtype=float)
        spread = distances.loc[pre, code].to_numpy(dtype=float)
        diff = float(difficulties.get(code, np.nan))
        values[code] = float(np.sum(tries * diff * spread) / (course.credits * current_gpa))
    return pd.Series(values, name="competence", dtype=float)
