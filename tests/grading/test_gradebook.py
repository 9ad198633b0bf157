"""The gradebook side of parallel grading and the synthetic class, without running any notebook."""

from __future__ import annotations

import pytest
from nbgrader.api import Gradebook, MissingEntry

from edulab import course
from edulab.grading import synthetic
from edulab.grading.gradebook import (
    alembic_version,
    assignment_definition,
    copy_assignment,
    graded_students,
    load_definition,
    new_sqlite_gradebook,
    write_result,
)

DEFINITION = {
    "name": "hw",
    "duedate": None,
    "notebooks": [
        {
            "name": "hw",
            "grade_cells": [
                {"name": "a-tests", "max_score": 2.0, "cell_type": "code"},
                {"name": "essay", "max_score": 1.0, "cell_type": "markdown"},
            ],
            "solution_cells": ["a-answer", "essay"],
            "task_cells": [],
            "source_cells": [
                {"name": "a-answer", "cell_type": "code", "locked": False, "source": "x = 1", "checksum": "c1"},
                {"name": "a-tests", "cell_type": "code", "locked": True, "source": "assert x == 1", "checksum": "c2"},
                {"name": "essay", "cell_type": "markdown", "locked": False, "source": "why?", "checksum": "c3"},
            ],
        }
    ],
}


def _result(score, cells=("a-tests", "essay")):
    grades = {"a-tests": (score, False), "essay": (None, True)}
    return {
        "timestamp": "2026-11-01T12:00:00",
        "notebooks": [
            {
                "name": "hw",
                "late_submission_penalty": None,
                "grades": {name: grades[name] for name in cells},
                "comments": {"a-answer": None, "essay": None},
            }
        ],
    }


@pytest.fixture(scope="module")
def version(tmp_path_factory):
    """The schema version nbgrader stamps (found once: nbgrader asks alembic in a subprocess)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stamp') / 'gradebook.db'}"
    Gradebook(url).close()
    return alembic_version(url)


@pytest.fixture
def db_url(tmp_path, version):
    url = new_sqlite_gradebook(tmp_path / "gradebook.db", version)
    load_definition(url, DEFINITION)
    return url


def test_a_definition_survives_the_round_trip_through_another_gradebook(db_url, tmp_path, version):
    other = new_sqlite_gradebook(tmp_path / "other.db", version)
    assert copy_assignment(db_url, other, "hw") is True
    assert assignment_definition(other, "hw") == assignment_definition(db_url, "hw")
    assert copy_assignment(db_url, other, "hw") is False, "an assignment already there is left alone"


def test_an_unknown_assignment_is_named(db_url):
    with pytest.raises(LookupError, match="'nope' is not in the gradebook"):
        assignment_definition(db_url, "nope")


def test_a_stamped_gradebook_has_the_version_nbgrader_would_stamp(db_url, version):
    assert version and alembic_version(db_url) == version


def test_a_result_is_written_once_and_a_rewrite_updates_it(db_url):
    write_result(db_url, "hw", "ann", _result(2.0))
    assert graded_students(db_url, "hw") == {"ann"}
    write_result(db_url, "hw", "ann", _result(0.0))
    with Gradebook(db_url) as gb:
        submissions = gb.find_assignment("hw").submissions
        assert len(submissions) == 1, "graded twice means two rows"
        assert gb.find_submission("hw", "ann").code_score == 0.0
        assert gb.find_submission("hw", "ann").needs_manual_grade


def test_an_incomplete_result_writes_nothing(db_url):
    with pytest.raises(ValueError, match="lacks the cell 'a-tests'"):
        write_result(db_url, "hw", "bob", _result(2.0, cells=("essay",)))
    with Gradebook(db_url) as gb, pytest.raises(MissingEntry):
        gb.find_submission("hw", "bob")
    assert graded_students(db_url, "hw") == set()


def test_the_synthetic_class_knows_its_scores(repository):
    name = "00_getting_started"
    [source] = course.source_notebooks(repository, name)
    variants = synthetic.VARIANTS[name]
    students = synthetic.synthetic_class(source, variants, 20, random_state=1)
    total = sum(synthetic.test_points(source).values())
    assert students[0].expected_score == total and students[0].failed_tests == []
    assert all(v is variants[cell][0] for cell, v in students[1].answers.items())
    assert students[1].expected_score == 0, "the first variants fail both test cells of lecture 00"
    assert {s.expected_score for s in students} > {0, total}, "a mixture of right and wrong answers"
    again = synthetic.synthetic_class(source, variants, 20, random_state=1)
    assert [s.answers for s in again] == [s.answers for s in students]
    nb = synthetic.submission_notebook(repository / "lectures" / name / source.name, source, students[1])
    sources = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
    assert sources["split-answer"] == variants["split-answer"][0].source
    assert "BEGIN SOLUTION" not in nb.cells[0].source + "".join(sources.values())


def test_the_synthetic_class_refuses_unknown_cells(repository):
    [source] = course.source_notebooks(repository, "00_getting_started")
    with pytest.raises(ValueError, match="'nope-answer', which is not an answer cell"):
        synthetic.synthetic_class(source, {"nope-answer": []}, 3)
    with pytest.raises(ValueError, match="n_students=0"):
        synthetic.synthetic_class(source, {}, 0)


@pytest.mark.parametrize("name", sorted(synthetic.VARIANTS))
def test_the_shipped_variants_name_cells_the_lecture_has(repository, name):
    [source] = course.source_notebooks(repository, name)
    students = synthetic.synthetic_class(source, synthetic.VARIANTS[name], 2)
    assert students[1].expected_score < students[0].expected_score == sum(synthetic.test_points(source).values())
