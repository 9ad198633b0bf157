"""A class graded through nbgrader's exchange, student code in the sandbox (tests/grading/tiny_course.py).

Six students fetch the tiny assignment from a temporary exchange and submit it; the instructor
collects, autogrades, writes feedback and exports with :mod:`edulab.course` (what ``edulab
course`` runs). The cheater's attempts fail inside the sandbox and earn no hidden-test point;
the honest score does not depend on the sandbox; deleted and duplicated cells are named; an
endless loop, a loop that ignores interrupts and a memory bomb cost their cell only; feedback
shows no hidden test.
"""

from __future__ import annotations

import csv
import html
import json
import socket
import time

import nbformat
import pytest

from edulab import course
from edulab.grading.sandbox import sandbox_problem

from .tiny_course import ASSIGNMENT, HIDDEN_LINES, hand_in, make_course

STUDENTS = ("honest", "careless", "cheater", "sloppy", "bomber", "stubborn")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def listener():
    """A TCP server on the grader's loopback that the cheater tries to reach."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    yield server
    server.close()


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, repository, listener):
    """The whole round trip; returns the course folder, the grades by student and the seconds it took."""
    problem = sandbox_problem()
    assert problem is None, f"the sandbox must work here (CI installs bubblewrap): {problem}"
    start = time.perf_counter()
    scratch = tmp_path_factory.mktemp("class")
    exchange = scratch / "exchange"
    root = make_course(scratch / "course", repository, exchange)
    assert course.release(root, ASSIGNMENT) == exchange and exchange.is_dir()
    gradebook = root / "grading" / "gradebook.db"
    for student in STUDENTS:
        hand_in(scratch / "homes" / student, exchange, student, gradebook, listener.getsockname()[1])
    assert course.collect(root, ASSIGNMENT) == sorted(STUDENTS)
    grades = {g.student: g for g in course.autograde_class(root, ASSIGNMENT)}
    pages = course.feedback(root, ASSIGNMENT)
    table = course.export(root)
    return root, grades, pages, table, time.perf_counter() - start


def _autograded(root, student):
    return nbformat.read(root / "grading" / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_honest_and_careless_students_get_what_they_earned(graded_class):
    _, grades, *_ = graded_class
    assert (grades["honest"].score, grades["honest"].max_score) == (5, 5)
    assert grades["honest"].errors == [] and grades["honest"].warnings == [], "an honest submission raises no warning"
    assert grades["careless"].score == 2 and grades["careless"].zero_tests == ["total-tests"]
    assert grades["careless"].warnings == []


def test_the_cheater_finds_nothing_and_gets_no_hidden_test_point(graded_class, listener):
    root, grades, *_ = graded_class
    assert grades["cheater"].score == 3, "only the honest total gap scores"
    assert "double-tests" in grades["cheater"].zero_tests
    answer = _cell(_autograded(root, "cheater"), "double-answer")
    printed = "".join(o.get("text", "") for o in answer.outputs if o.get("output_type") == "stream")
    found = json.loads(printed)
    assert found["notebooks"] == [], f"the kernel saw notebooks: {found['notebooks']}"
    assert found["filesystem"] == [], f"the kernel found hidden tests in {found['filesystem']}"
    assert found["gradebook"].startswith("blocked: FileNotFoundError"), found["gradebook"]
    assert found["network"].startswith("blocked:"), found["network"]
    with pytest.raises(TimeoutError):
        listener.accept()  # nothing connected to the grader's loopback
    captured = "".join(o.get("text", "") for o in _cell(_autograded(root, "cheater"), "total-answer").outputs)
    assert HIDDEN_LINES[0] in captured, "the kernel runs the hidden tests, so it can see them (feedback must not)"


def test_the_cheats_work_without_the_sandbox(graded_class):
    """The attack is real: unconfined, the same submission reads the hidden tests and scores."""
    root, grades, *_ = graded_class
    grade = course.autograde(root, ASSIGNMENT, "cheater", unsafe=True)
    found = json.loads("".join(o.get("text", "") for o in _cell(_autograded(root, "cheater"), "double-answer").outputs))
    assert found["notebooks"], "unconfined, the kernel reads the autograded notebook"
    assert grade.score == 5 > grades["cheater"].score
    course.autograde(root, ASSIGNMENT, "cheater")  # leave the sandboxed grade in the gradebook


def test_the_honest_score_does_not_depend_on_the_sandbox(graded_class):
    root, grades, *_ = graded_class
    unconfined = course.autograde(root, ASSIGNMENT, "honest", unsafe=True)
    assert (unconfined.score, unconfined.tests_passed) == (grades["honest"].score, grades["honest"].tests_passed)
    course.autograde(root, ASSIGNMENT, "honest")


def test_deleted_and_duplicated_cells_are_named(graded_class):
    root, grades, *_ = graded_class
    sloppy = grades["sloppy"]
    assert sloppy.score == 5, "the deleted test cell is restored and graded"
    assert any("double-tests" in w and "missing" in w for w in sloppy.warnings), sloppy.warnings
    assert any("total-tests" in w and "more than once" in w for w in sloppy.warnings), sloppy.warnings
    nb = _autograded(root, "sloppy")
    assert "double-tests" in _cell(nb, "double-tests").source.splitlines()[0]


def test_runaway_code_costs_its_cell_only(graded_class):
    root, grades, *_ = graded_class
    bomber, stubborn = grades["bomber"], grades["stubborn"]
    assert bomber.score == 2 and bomber.zero_tests == ["total-tests"]
    assert any("MemoryError" in e or "KernelDied" in e for e in bomber.errors), bomber.errors
    assert stubborn.score == 3 and stubborn.zero_tests == ["double-tests"]
    assert any("KernelDied" in e for e in stubborn.errors), stubborn.errors


def test_feedback_shows_verdicts_but_no_hidden_test(graded_class):
    root, _, pages, *_ = graded_class
    assert {p.parts[-3] for p in pages} == set(STUDENTS)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        markers = ("BEGIN HIDDEN TESTS",) if page.parts[-3] != "cheater" else ()  # the cheater's code names it
        for line in (*HIDDEN_LINES, *markers):
            assert line not in text and html.escape(line) not in text, f"{page} shows {line!r}"
        assert "Tests passed" in text or "Tests failed" in text
    careless = next(p for p in pages if p.parts[-3] == "careless").read_text(encoding="utf-8")
    assert "Tests failed (0 of 3 points): AssertionError: add the numbers" in careless
    sloppy = next(p for p in pages if p.parts[-3] == "sloppy").read_text(encoding="utf-8")
    assert "double-tests" in sloppy and "missing from the submission" in sloppy
    instructor = _cell(_autograded(root, "careless"), "total-tests").source
    assert HIDDEN_LINES[2] in instructor, "the instructor's autograded copy keeps the hidden tests"


def test_grades_are_exported_under_grading(graded_class):
    root, grades, _, table, seconds = graded_class
    assert table == root / "grading" / "grades.csv"
    rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(table.open())}
    assert rows == {name: grade.score for name, grade in grades.items()}
    print(f"class round trip: {seconds:.0f} s")


def test_validate_runs_a_submission_in_the_sandbox(graded_class):
    root, *_ = graded_class
    path = root / "grading" / "submitted" / "careless" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    results = course.validate(root, path)
    assert set(results) == {"failed"} and len(results["failed"]) == 1, results
    assert "add the numbers" in results["failed"][0]["error"]
