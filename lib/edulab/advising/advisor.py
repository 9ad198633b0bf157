"""Course advising for one student: Al-Sarem (2017), Pseudo-code I.

1. The student's GPA sets the allowed load ``lambda_1`` (:mod:`edulab.advising.load`). (Step 2
   of the pseudo-code compares the GPA with ``lambda_0``, a credit load; the kit compares it with
   the GPA threshold ``theta`` of section 2, which is what the rule says.)
2. The offered courses are those whose prerequisites the student has passed.
3. Each offered course is scored by its average correlation with the courses the student
   passed (eq. 4, Table 13); a course without any correlation evidence is reported, not scored.
4. Optionally only the ``top_k`` best-scored courses are kept (step 7).
5. Every package of offered courses within the credit range is ranked (Pseudo-code II).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.advising.correlation import CourseCorrelation, average_correlation, course_correlation
from edulab.advising.curriculum import Curriculum
from edulab.advising.grading import SAUDI_5, GradeScale, gpa
from edulab.advising.load import LoadRule
from edulab.advising.packages import MAX_COURSES, check_max_courses, enumerate_packages
from edulab.advising.records import passed_courses, student_records


@dataclass(frozen=True)
class Advice:
    """The outcome of :func:`advise`.

    Attributes
    ----------
    student, gpa, graduating
        Who, their GPA (0-5) and whether the graduating extension applied.
    max_credits, min_credits
        The credit range of the packages: ``lambda_1`` and the full-time load ``lambda_0``
        (lowered to the most the offered courses can fill within ``lambda_1`` when they cannot
        reach it; 0 when nothing is offered).
    next_term
        The student's next term of study.
    passed
        Courses passed, the reference of the correlations.
    courses
        The offered courses: ``credits``, ``term``, ``average`` correlation, ``pairs`` used.
    unscored
        Offered courses left out because no correlation with a passed course is known.
    packages
        Ranked packages (see :func:`edulab.advising.packages.enumerate_packages`).
    """

    student: str
    gpa: float
    graduating: bool
    max_credits: int
    min_credits: int
    next_term: int
    passed: list[str]
    courses: pd.DataFrame
    unscored: list[str]
    packages: pd.DataFrame

    def to_dict(self, top: int | None = 10) -> dict:
        packages = self.packages if top is None else self.packages.head(_count(top, "top"))
        return {
            "student": self.student,
            "gpa": self.gpa,
            "graduating": self.graduating,
            "max_credits": self.max_credits,
            "min_credits": self.min_credits,
            "next_term": self.next_term,
            "passed": self.passed,
            "offered": [
                {
                    "course": code,
                    **{k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v) for k, v in row.items()},
                }
                for code, row in self.courses.iterrows()
            ],
            "unscored": self.unscored,
            "n_packages": len(self.packages),
            "packages": [
                {"rank": int(p.rank), "courses": list(p.courses), "credits": int(p.credits), "score": float(p.score)}
                for p in packages.itertuples()
            ],
        }

    def report(self, top: int = 10) -> str:
        """The advice as text, for the command line."""
        top = _count(top, "top")
        rule = "graduating extension" if self.graduating else f"GPA {self.gpa:.2f}"
        lines = [
            f"Student {self.student}: GPA {self.gpa:.2f} / 5, {len(self.passed)} courses passed, next term {self.next_term}.",
            f"Allowed load ({rule}): up to {self.max_credits} credits; packages of {self.min_credits} to {self.max_credits} credits.",
            "",
            f"Offered courses ({len(self.courses)}), scored by mean correlation with the passed courses:",
            "  course     credits  term  avg corr  pairs",
        ]
        for code, row in self.courses.sort_values("average", ascending=False).iterrows():
            average = "   n/a" if pd.isna(row["average"]) else f"{row['average']:6.3f}"
            lines.append(
                f"  {code:<10} {int(row['credits']):>7}  {int(row['term']):>4}  {average:>8}  {int(row['pairs']):>5}"
            )
        if self.courses.empty:
            lines.append("  (none: every course is passed, or waits for a prerequisite)")
        if self.unscored:
            lines.append(f"Not ranked (no correlation with any passed course): {', '.join(self.unscored)}")
        lines += [
            "",
            f"Best packages (top {min(top, len(self.packages))} of {len(self.packages)}):",
            "  rank  credits  score  courses",
        ]
        for p in self.packages.head(top).itertuples():
            lines.append(f"  {p.rank:>4}  {p.credits:>7}  {p.score:.3f}  {', '.join(p.courses)}")
        if self.packages.empty:
            lines.append("  (no package fits the credit range)")
        return "\n".join(lines)


def advise(
    curriculum: Curriculum,
    records: pd.DataFrame,
    student: str,
    *,
    rule: LoadRule = LoadRule(),
    scale: GradeScale = SAUDI_5,
    correlation: CourseCorrelation | None = None,
    min_common: int = 5,
    offered: Iterable[str] | None = None,
    graduating: bool | None = None,
    top_k: int | None = None,
    max_courses: int = MAX_COURSES,
) -> Advice:
    """Rank the course packages a student may register next term.

    Parameters
    ----------
    curriculum, records
        The study plan and everyone's grade records.
    student
        The student to advise.
    rule
        The load rule (the paper's by default).
    scale
        Grade-to-points conversion for the GPA.
    correlation
        Precomputed course correlations (eq. 4); computed from ``records`` when omitted.
    min_common
        Fewest common students for a correlation, when computing them.
    offered
        Courses offered next term; by default every course of the plan up to the next term
        whose prerequisites the student has passed. A course whose prerequisites are not all
        passed is an error.
    graduating
        Whether the graduating extension applies; by default, when the remaining credits fit
        in it.
    top_k
        Keep only the ``top_k`` best-scored offered courses before enumerating (Pseudo-code I,
        step 7).
    max_courses
        Refuse to enumerate more offered courses than this.
    """
    if top_k is not None:
        _count(top_k, "top_k")
    _count(min_common, "min_common")
    check_max_courses(max_courses)
    student = str(student)
    mine = student_records(records, student)
    passed = passed_courses(records, student, pass_mark=scale.pass_mark)
    current_gpa = float(gpa(mine, curriculum.credits, scale=scale).iloc[0])
    remaining = int(curriculum.credits.drop(passed).sum())
    if graduating is None:
        graduating = rule.is_graduating(remaining)
    max_credits = rule.max_credits(current_gpa, graduating=graduating)
    next_term = int(mine["term"].max()) + 1

    eligible = curriculum.eligible(passed)
    if offered is None:
        offered = [c for c in eligible if curriculum[c].term <= next_term]
    else:
        offered = list(offered)
        twice = sorted({c for c in offered if offered.count(c) > 1})
        if twice:
            raise ValueError(f"offered courses {twice} are listed twice; expected each course once")
        blocked = [c for c in offered if c not in eligible]
        if blocked:
            raise ValueError(
                f"student {student} may not take {blocked}: already passed, or prerequisites not all passed"
            )
    if correlation is None:
        correlation = course_correlation(records, min_common=min_common)
    r = correlation.r.reindex(index=curriculum.codes, columns=curriculum.codes)
    scores = average_correlation(r, passed, offered)
    courses = pd.DataFrame({"credits": curriculum.credits[offered], "term": curriculum.terms[offered]}).join(scores)
    unscored = courses.index[courses["average"].isna()].to_list()
    ranked = courses.drop(index=unscored)
    if top_k is not None:
        ranked = ranked.sort_values("average", ascending=False, kind="stable").head(top_k)
    packages = enumerate_packages(
        ranked["credits"], ranked["average"], max_credits=max_credits, max_courses=max_courses
    )
    min_credits = min(rule.minimum_load, int(packages["credits"].max())) if len(packages) else 0
    packages = packages[packages["credits"] >= min_credits].reset_index(drop=True)
    packages["rank"] = np.arange(1, len(packages) + 1)
    return Advice(
        student=student,
        gpa=current_gpa,
        graduating=graduating,
        max_credits=max_credits,
        min_credits=min_credits,
        next_term=next_term,
        passed=passed,
        courses=courses,
        unscored=unscored,
        packages=packages,
    )


def _count(value: object, name: str) -> int:
    """``value`` when it is a positive integer; a ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer (1, 2, 3, ...), got {value!r}")
    return int(value)
