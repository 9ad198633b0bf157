"""A synthetic class: N students who hand in an assignment with right, wrong and broken answers.

For tests and benchmarks of grading at scale. Each answer cell (by its ``grade_id``) gets one of
a list of :class:`Variant` s: the solution (taken from the source notebook, markers removed) or
a wrong or broken answer that says which test cells it makes fail. A student's expected score is
the assignment's automatic points minus the points of the test cells their answers fail.

The variants are passed in (a catalogue of plausible wrong answers can feed them);
:data:`VARIANTS` holds a few simple ones for ``00_getting_started`` and ``03_advising``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from edulab.course import SOLUTION_MARKERS


@dataclass(frozen=True)
class Variant:
    """One answer to one answer cell.

    Parameters
    ----------
    name
        Short label (``"right"``, ``"unsorted"``, ``"syntax-error"``).
    source
        The answer cell's code; None means the solution of the source notebook.
    fails
        ``grade_id`` s of the test cells this answer makes score zero.
    """

    name: str
    source: str | None = None
    fails: tuple[str, ...] = ()


RIGHT = Variant("right")


@dataclass
class SyntheticStudent:
    """A student of the synthetic class: their answer to each cell and the score they should get."""

    name: str
    answers: dict[str, Variant]
    expected_score: float
    failed_tests: list[str] = field(default_factory=list)


def solution_answers(source: Path) -> dict[str, str]:
    """The answer cells of the source notebook at ``source``, solution markers removed, by grade_id."""
    nb = nbformat.read(source, as_version=4)
    answers = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines() if line.strip() not in SOLUTION_MARKERS]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def test_points(source: Path) -> dict[str, float]:
    """The automatically graded test cells of the source notebook and their points, by grade_id."""
    nb = nbformat.read(source, as_version=4)
    points = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            points[meta["grade_id"]] = float(meta["points"])
    return points


def synthetic_class(
    source: Path,
    variants: dict[str, list[Variant]],
    n_students: int,
    random_state: int | np.random.Generator = 0,
    right_share: float = 0.5,
) -> list[SyntheticStudent]:
    """``n_students`` students of the assignment whose source notebook is ``source``.

    Parameters
    ----------
    source
        The nbgrader source notebook (with solutions).
    variants
        Wrong or broken answers by answer ``grade_id``; an answer cell not named keeps the solution.
    n_students
        How many students.
    random_state
        Seed or generator: the same seed gives the same class.
    right_share
        Chance that a student answers a cell with the solution; otherwise one of its variants at random.
        The first student answers everything right and the second everything with the first variant.
    """
    if n_students < 1:
        raise ValueError(f"n_students={n_students!r}: expected at least 1")
    if not 0 <= right_share <= 1:
        raise ValueError(f"right_share={right_share!r}: expected a probability in [0, 1]")
    answers = solution_answers(source)
    points = test_points(source)
    for grade_id, options in variants.items():
        if grade_id not in answers:
            raise ValueError(
                f"variants name {grade_id!r}, which is not an answer cell of {source.name} (answers: {sorted(answers)})"
            )
        for variant in options:
            unknown = set(variant.fails) - set(points)
            if unknown:
                raise ValueError(
                    f"variant {variant.name!r} of {grade_id} fails {sorted(unknown)}: not test cells of {source.name}"
                )
    rng = np.random.default_rng(random_state)
    students = []
    width = len(str(n_students))
    for index in range(n_students):
        chosen = {}
        for grade_id, options in variants.items():
            if not options or index == 0:
                chosen[grade_id] = RIGHT
            elif index == 1 or rng.random() >= right_share:
                chosen[grade_id] = options[0] if index == 1 else options[rng.integers(len(options))]
            else:
                chosen[grade_id] = RIGHT
        failed = sorted({test for variant in chosen.values() for test in variant.fails})
        score = sum(points.values()) - sum(points[test] for test in failed)
        students.append(SyntheticStudent(f"student{index:0{width}d}", chosen, score, failed))
    return students


def submission_notebook(release: Path, source: Path, student: SyntheticStudent) -> nbformat.NotebookNode:
    """The student version at ``release`` with ``student``'s answers filled in."""
    solutions = solution_answers(source)
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            variant = student.answers.get(grade_id, RIGHT)
            cell.source = solutions[grade_id] if variant.source is None else variant.source
    return nb


def write_submissions(root: Path, assignment: str, students: list[SyntheticStudent]) -> list[str]:
    """Place each student's submission in ``grading/submitted`` of the course at ``root`` (as collect would)."""
    from edulab import course

    [source] = course.source_notebooks(root, assignment)
    release = root / "lectures" / assignment / source.name
    if not release.is_file():
        raise FileNotFoundError(f"no student version {release}: run `edulab course generate {assignment}` first")
    for student in students:
        folder = root / "grading" / "submitted" / student.name / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission_notebook(release, source, student), folder / source.name)
        (folder / "timestamp.txt").write_text("2026-11-01 12:00:00.000000 UTC\n", encoding="utf-8")
    return [student.name for student in students]


#: Simple wrong and broken answers for two lectures (a wrong-answer catalogue can replace them).
VARIANTS: dict[str, dict[str, list[Variant]]] = {
    "00_getting_started": {
        "skill-rate-answer": [
            Variant(
                "easiest-first",
                "def skill_correct_rate(answers):\n"
                '    return answers.groupby("skill_name")["correct"].mean().sort_values(ascending=False)',
                ("skill-rate-tests",),
            ),
            Variant("blank", "# YOUR CODE HERE\nraise NotImplementedError()", ("skill-rate-tests",)),
        ],
        "split-answer": [
            Variant(
                "overlap",
                "def split_learners(user_ids, test_share, seed):\n    learners = np.unique(np.asarray(user_ids))\n"
                "    return learners, learners[: round(test_share * len(learners))]",
                ("split-tests",),
            ),
            Variant(
                "syntax-error", "def split_learners(user_ids, test_share, seed)\n    return None", ("split-tests",)
            ),
            Variant("kernel-dies", "import os\nos._exit(1)", ("split-tests",)),
        ],
    },
    "03_advising": {
        "reciprocal-answer": [
            Variant(
                "not-reciprocal",
                "def reciprocal_from_upper(upper):\n    upper = np.asarray(upper, dtype=float)\n"
                "    n = int(round((1 + np.sqrt(1 + 8 * len(upper))) / 2))\n    matrix = np.ones((n, n))\n"
                "    rows, columns = np.triu_indices(n, k=1)\n    matrix[rows, columns] = upper\n"
                "    matrix[columns, rows] = upper\n    return matrix",
                ("reciprocal-tests",),
            ),
            Variant("blank", "# YOUR CODE HERE\nraise NotImplementedError()", ("reciprocal-tests",)),
        ],
        "difficulty-answer": [
            Variant(
                "every-attempt",
                "def course_difficulty(records):\n"
                "    points = pd.Series(SAUDI_5.grade_points(records['grade']), index=records.index)\n"
                "    passed = records['grade'] >= SAUDI_5.pass_mark\n"
                "    table = pd.DataFrame({'course': records['course'], 'points': points,\n"
                "                          'passed_points': points.where(passed, 0.0), 'passed': passed})\n"
                "    sums = table.groupby('course').agg(points=('points', 'sum'), passed_points=('passed_points', 'sum'),\n"
                "                                       m=('passed', 'sum'), n=('passed', 'size'))\n"
                "    return 1 - sums['passed_points'] / sums['points'] * sums['m'] / sums['n']",
                ("difficulty-tests",),
            ),
            Variant(
                "raises", "def course_difficulty(records):\n    raise ValueError('not done')", ("difficulty-tests",)
            ),
        ],
    },
}
