"""The shipped synthetic data: a 42-course, 8-term curriculum and the grades of its students.

Calibrated on Al-Sarem (2017), section 5.3 and Table 8: 42 courses over eight regular terms
with 1, 2, 3 and 4 credits in the shares 2 %, 12 %, 55 % and 31 % (1, 5, 23 and 13 courses);
grades from 38 to 100 with a pass mark of 60; student numbers starting 31, 32 and 33 in the
shares 8.4 %, 43 % and 48.6 %. The first two terms hold the courses of the paper's worked
example (Tables 9-14) with the credits of Table 14; the later courses are a plausible
information-systems plan.

Students are simulated term by term, all at once with NumPy: each registers, up to the load
rule's limit, the courses whose prerequisites are passed (retakes first, then by term of the
plan, in a random order within a term), and scores

``grade = 84 + 5.5 * ability - 6 * difficulty + 0.35 * (mean prerequisite grade - 84) + 3 * retake + noise``

rounded and clipped to [38, 100], with ``ability`` and ``difficulty`` standard normal and the
noise normal with standard deviation 8. These constants bring the GPAs close to Table 8
(500 students: mean 3.95, standard deviation 0.545, range 2.37 to 4.95; the paper: 3.94, 0.55,
2.06 to 4.99), with grades from 38 to 100 and 2.5 % of attempts failed. The true ability and difficulty are in the files, so a lecture can compare
what the indicators estimate with the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from edulab import files
from edulab.advising.curriculum import Course, Curriculum
from edulab.advising.grading import SAUDI_5
from edulab.advising.load import LoadRule
from edulab.advising.records import read_records

SEED = 2017
FILES = ("courses.csv", "students.csv", "grades.csv")

# code, name, credits, term, prerequisites
PLAN: tuple[tuple[str, str, int, int, str], ...] = (
    ("ISLS101", "Islamic culture 1", 2, 1, ""),
    ("ARAB101", "Arabic language skills", 2, 1, ""),
    ("MATH101", "Calculus 1", 4, 1, ""),
    ("PHYS103", "General physics", 4, 1, ""),
    ("CS101", "Introduction to computer science", 3, 1, ""),
    ("ENGL103", "English language 1", 3, 1, ""),
    ("IS201", "Introduction to management", 3, 2, ""),
    ("CS202", "Discrete structures", 4, 2, "MATH101"),
    ("ARAB201", "Arabic writing", 3, 2, "ARAB101"),
    ("MATH102", "Calculus 2", 4, 2, "MATH101"),
    ("IS102", "Foundations of information systems", 3, 2, ""),
    ("IS221", "Computer applications", 4, 2, "CS101"),
    ("CS112", "Programming 1", 4, 2, "CS101"),
    ("ENGL104", "English language 2", 3, 2, "ENGL103"),
    ("CS212", "Programming 2", 4, 3, "CS112"),
    ("STAT201", "Probability and statistics", 3, 3, "MATH102"),
    ("IS231", "Systems analysis", 3, 3, "IS102"),
    ("ISLS102", "Islamic culture 2", 2, 3, "ISLS101"),
    ("IS211", "Business processes", 3, 3, "IS201"),
    ("IS241", "Database systems", 4, 4, "CS212;IS102"),
    ("CS231", "Computer organisation", 3, 4, "CS202"),
    ("IS232", "Systems design", 3, 4, "IS231"),
    ("MATH203", "Linear algebra", 3, 4, "MATH102"),
    ("ENGL205", "Technical writing", 3, 4, "ENGL104"),
    ("IS341", "Advanced databases", 3, 5, "IS241"),
    ("CS341", "Operating systems", 4, 5, "CS231"),
    ("IS351", "Computer networks", 4, 5, "CS231"),
    ("IS321", "Web development", 3, 5, "CS212;IS241"),
    ("ISLS201", "Islamic culture 3", 2, 5, "ISLS102"),
    ("IS361", "Software engineering", 3, 6, "IS232"),
    ("IS371", "Data mining", 4, 6, "IS241;STAT201"),
    ("IS352", "Information security", 3, 6, "IS351"),
    ("IS331", "Project management", 3, 6, "IS232"),
    ("ISLS202", "Islamic culture 4", 2, 6, "ISLS201"),
    ("IS451", "Electronic commerce", 3, 7, "IS321"),
    ("IS461", "Decision support systems", 4, 7, "IS371;MATH203"),
    ("IS481", "Information systems strategy", 3, 7, "IS211"),
    ("IS491", "Graduation project 1", 3, 7, "IS361"),
    ("IS492", "Graduation project 2", 4, 8, "IS491"),
    ("IS462", "Business intelligence", 3, 8, "IS461"),
    ("IS471", "Human-computer interaction", 3, 8, "IS321"),
    ("IS499", "Professional ethics seminar", 1, 8, ""),
)

#: Cohort prefix: (share of students, fewest terms studied, most terms studied).
COHORTS = {"31": (0.084, 12, 12), "32": (0.43, 4, 7), "33": (0.486, 1, 3)}


@dataclass(frozen=True)
class AdvisingData:
    """A curriculum, everyone's grade records, and the students."""

    curriculum: Curriculum
    records: pd.DataFrame
    students: pd.DataFrame


def plan_curriculum() -> Curriculum:
    """The 42-course study plan of the synthetic data (without the true difficulties)."""
    return Curriculum(
        [
            Course(code, name, credits, term, tuple(p for p in pre.split(";") if p))
            for code, name, credits, term, pre in PLAN
        ],
        source="synthetic plan",
    )


def generate(
    n_students: int = 500,
    *,
    random_state: int = SEED,
    rule: LoadRule = LoadRule(),
    noise: float = 8.0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Simulate the students of :func:`plan_curriculum`.

    Returns
    -------
    courses, students, records
        The three tables written by :func:`build_synthetic` (courses with ``true_difficulty``,
        students with ``cohort``, ``terms`` and ``true_ability``).
    """
    if n_students < len(COHORTS):
        raise ValueError(f"n_students must be at least {len(COHORTS)}, got {n_students}")
    rng = np.random.default_rng(random_state)
    curriculum = plan_curriculum()
    codes = curriculum.codes
    n_courses = len(codes)
    credits = curriculum.credits.to_numpy()
    plan_term = curriculum.terms.to_numpy()
    requires = np.zeros((n_courses, n_courses), dtype=int)  # requires[p, c]: p is a prerequisite of c
    position = {code: k for k, code in enumerate(codes)}
    for before, after in curriculum.edges():
        requires[position[before], position[after]] = 1
    n_requires = requires.sum(axis=0)
    difficulty = rng.normal(0.0, 1.0, n_courses)

    shares = np.array([share for share, _, _ in COHORTS.values()])
    counts = np.floor(shares / shares.sum() * n_students).astype(int)
    counts[np.argmax(counts)] += n_students - counts.sum()
    ids, cohort, terms = [], [], []
    for (prefix, (_, low, high)), count in zip(COHORTS.items(), counts):
        suffix = rng.choice(100_000, size=count, replace=False)
        ids += [f"{prefix}{number:05d}" for number in np.sort(suffix)]
        cohort += [prefix] * count
        terms += list(rng.integers(low, high + 1, size=count))
    terms = np.asarray(terms)
    ability = rng.normal(0.0, 1.0, n_students)

    passed = np.zeros((n_students, n_courses), dtype=bool)
    last_grade = np.full((n_students, n_courses), np.nan)
    attempts = np.zeros((n_students, n_courses), dtype=int)
    quality = np.zeros(n_students)
    weight = np.zeros(n_students)
    first_load = int(credits[plan_term == 1].sum())
    rows = []
    for term in range(1, terms.max() + 1):
        active = (terms >= term) & ~passed.all(axis=1)
        blocked = (~passed).astype(int) @ requires > 0
        eligible = active[:, None] & ~passed & ~blocked & (plan_term <= term)[None, :]
        key = (attempts == 0) * 100.0 + plan_term[None, :] + rng.random((n_students, n_courses)) * 0.5
        order = np.argsort(np.where(eligible, key, np.inf), axis=1, kind="stable")
        gpa = np.divide(quality, weight, out=np.zeros(n_students), where=weight > 0)
        remaining = (credits[None, :] * ~passed).sum(axis=1)
        limit = np.where(gpa >= rule.threshold, rule.maximum_load, rule.minimum_load)
        limit = np.where(remaining <= rule.graduating_load, rule.graduating_load, limit)
        limit = np.where(weight == 0, first_load, limit)
        sorted_credits = np.take_along_axis(eligible, order, axis=1) * credits[order]
        take_sorted = np.take_along_axis(eligible, order, axis=1) & (
            np.cumsum(sorted_credits, axis=1) <= limit[:, None]
        )
        take = np.zeros_like(eligible)
        np.put_along_axis(take, order, take_sorted, axis=1)

        prerequisite_mean = np.nan_to_num(last_grade) @ requires / np.maximum(n_requires, 1)
        prerequisite_effect = np.where(n_requires > 0, prerequisite_mean - 84.0, 0.0)
        mean = (
            84.0
            + 5.5 * ability[:, None]
            - 6.0 * difficulty[None, :]
            + 0.35 * prerequisite_effect
            + 3.0 * (attempts > 0)
        )
        grade = np.clip(np.round(mean + rng.normal(0.0, noise, mean.shape)), 38, 100)

        s, c = np.nonzero(take)
        attempts[s, c] += 1
        last_grade[s, c] = grade[s, c]
        passed[s, c] |= grade[s, c] >= SAUDI_5.pass_mark
        quality += np.bincount(s, SAUDI_5.grade_points(grade[s, c]) * credits[c], minlength=n_students)
        weight += np.bincount(s, credits[c], minlength=n_students)
        rows.append(
            pd.DataFrame(
                {
                    "student": np.asarray(ids)[s],
                    "course": np.asarray(codes)[c],
                    "term": term,
                    "grade": grade[s, c].astype(int),
                    "attempt": attempts[s, c],
                }
            )
        )
    records = pd.concat(rows, ignore_index=True)
    records["_order"] = records["course"].map(position)
    records = records.sort_values(["student", "term", "_order"]).drop(columns="_order").reset_index(drop=True)
    courses = curriculum.to_frame().drop(columns="level").reset_index()
    courses["true_difficulty"] = difficulty
    students = pd.DataFrame({"student": ids, "cohort": cohort, "terms": terms, "true_ability": ability})
    return courses, students, records


def build_synthetic(folder: str | Path) -> None:
    """Write ``courses.csv``, ``students.csv`` and ``grades.csv`` (the same bytes every time)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    courses, students, records = generate()
    options = {"index": False, "lineterminator": "\n", "float_format": "%.4f"}
    courses.to_csv(folder / "courses.csv", **options)
    students.to_csv(folder / "students.csv", **options)
    records.to_csv(folder / "grades.csv", **options)


def read_advising_folder(folder: str | Path) -> AdvisingData:
    """Read a folder of ``courses.csv``, ``grades.csv`` and (optionally) ``students.csv``."""
    folder = files.check_folder(folder)
    curriculum = Curriculum.read_csv(folder / "courses.csv")
    records = read_records(folder / "grades.csv", courses=curriculum.codes)
    students_file = folder / "students.csv"
    students = (
        files.read_csv(students_file, required=("student",), dtype={"student": str, "cohort": str})
        if students_file.exists()
        else pd.DataFrame({"student": sorted(records["student"].unique())})
    )
    return AdvisingData(curriculum, records, students)
