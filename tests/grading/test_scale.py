"""Grading at class scale: 30 synthetic submissions each of lectures 00 and 03, into PostgreSQL, a worker killed.

For each lecture a synthetic class (:mod:`edulab.grading.synthetic`: right, wrong and broken
answers) is graded twice in the same course:

- serially by nbgrader's own ``nbgrader autograde``, one student per distinct set of answers,
  into the course's SQLite gradebook: each of these scores must equal the score the generator
  expects, so the generator's expectation is checked against serial grading;
- in parallel by :func:`edulab.grading.parallel.autograde_class` on a Dask ``LocalCluster`` of 2
  workers, into a throw-away PostgreSQL server (one database for both lectures, as a course would
  have), with one worker SIGKILLed once a third of the class is graded.

Every submission must then be in PostgreSQL exactly once with the serial (and expected) score.
The clean paths (no worker killed; SQLite) are tested on a smaller class in ``test_parallel.py``.
These tests are marked ``scale``: ``make test`` runs them in its first interpreter's run only.
"""

from __future__ import annotations

import pytest
from nbgrader.api import Gradebook

from edulab import course
from edulab.grading import parallel, synthetic
from edulab.grading.gradebook import default_db_url, graded_students
from edulab.grading.sandbox import sandbox_problem

from .killing import autograde_killing_a_worker
from .postgres import postgres_problem, throwaway_postgres

pytestmark = [pytest.mark.slow, pytest.mark.scale]

STUDENTS = 30
#: Per lecture, one wrong and one broken answer: four distinct submissions to grade serially.
CHOSEN = {
    "00_getting_started": {"skill-rate-answer": "easiest-first", "split-answer": "syntax-error"},
    "03_advising": {"difficulty-answer": "every-attempt", "reciprocal-answer": "blank"},
}


def _variants(lecture: str) -> dict[str, list[synthetic.Variant]]:
    everything = synthetic.VARIANTS[lecture]
    return {cell: [v for v in everything[cell] if v.name == name] for cell, name in CHOSEN[lecture].items()}


def _combination(student: synthetic.SyntheticStudent) -> tuple:
    return tuple(sorted((cell, variant.name) for cell, variant in student.answers.items()))


@pytest.fixture(scope="module")
def postgres():
    """One throw-away PostgreSQL server and database for the module (both lectures grade into it)."""
    problem = postgres_problem()
    if problem:
        print(f"SKIPPED: {problem}")
        pytest.skip(problem)
    with throwaway_postgres() as db_url:
        yield db_url


def _serial_scores(root, lecture: str, students: list[synthetic.SyntheticStudent]) -> dict[str, float]:
    """nbgrader's serial autograde (one process, as an instructor runs it) of one student per set of answers."""
    representatives = {}
    for student in students:
        representatives.setdefault(_combination(student), student.name)
    others = sorted({s.name for s in students} - set(representatives.values()))
    course._run_nbgrader(root, "autograde", lecture, f"--CourseDirectory.student_id_exclude={','.join(others)}")
    by_combination = {
        key: parallel.read_grade(default_db_url(root), lecture, name).score for key, name in representatives.items()
    }
    assert graded_students(default_db_url(root), lecture) == set(representatives.values())
    return {s.name: by_combination[_combination(s)] for s in students}


@pytest.mark.parametrize("lecture", list(CHOSEN))
def test_thirty_submissions_graded_into_postgresql_with_a_worker_killed_equal_serial_grading(
    lecture, postgres, tmp_path, repository
):
    assert sandbox_problem() is None, "make test installs bubblewrap (make system-packages)"
    root = course.temporary_course(repository, tmp_path / "course", [lecture])
    course.generate(root, lecture)
    [source] = course.source_notebooks(root, lecture)
    students = synthetic.synthetic_class(source, _variants(lecture), STUDENTS, random_state=5)
    names = [s.name for s in students]
    expected = {s.name: s.expected_score for s in students}
    assert len({_combination(s) for s in students}) == 4, "right, wrong and broken answers in every combination"
    synthetic.write_submissions(root, lecture, students)

    serial = _serial_scores(root, lecture, students)
    assert serial == expected, "nbgrader's serial grading disagrees with the generator's expected scores"

    result, killed = autograde_killing_a_worker(root, lecture, postgres, after=STUDENTS // 3, students=names)

    assert killed is not None and killed < STUDENTS, "the worker was killed while submissions were left to grade"
    assert result.failed == [] and not result.interrupted and result.skipped == [], result.failed
    assert sorted(g.student for g in result.graded) == names, "every submission graded once in this run"
    scores = {g.student: g.score for g in result.graded}
    assert scores == serial, "parallel and serial grading disagree"
    with Gradebook(postgres) as gb:
        rows = [s.student.id for s in gb.find_assignment(lecture).submissions]
        stored = {s.student.id: s.code_score for s in gb.find_assignment(lecture).submissions}
    assert sorted(rows) == names, "one row per submission in PostgreSQL: none missing, none doubled"
    assert stored == serial
    assert graded_students(postgres, lecture) == set(names)
