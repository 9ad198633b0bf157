"""The gradebook side of grading at class scale: what a worker needs to know, what it sends back.

A worker that shares no filesystem with the instructor cannot open the course's gradebook. It
receives the assignment's *definition* (:func:`assignment_definition`: its notebooks and their
graded, answer, task and source cells, hidden tests included, as nbgrader's ``generate_assignment``
recorded them) in a private SQLite gradebook (:func:`private_gradebook`, built once a class), and lets
nbgrader's own ``autograde`` compute the scores there. It sends back the scores as nbgrader
stored them (:func:`read_result`), and the instructor's process writes them into the course's
gradebook, once per submission, in one transaction (:func:`write_result`).

The gradebook is any SQLAlchemy URL nbgrader accepts: SQLite under ``grading/`` by default, or
PostgreSQL (``postgresql+psycopg://user@host:port/db``) for a class graded by several machines.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader.api import (
    Comment,
    Grade,
    Gradebook,
    MissingEntry,
    SubmittedAssignment,
    SubmittedNotebook,
)


def default_db_url(root: Path) -> str:
    """The course's own SQLite gradebook, ``grading/gradebook.db`` (as ``nbgrader_config.py`` says)."""
    return f"sqlite:///{Path(root) / 'grading' / 'gradebook.db'}"


def assignment_definition(db_url: str, assignment: str) -> dict:
    """The cells nbgrader recorded for ``assignment`` at ``generate_assignment``, as plain data."""
    with Gradebook(db_url) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            raise LookupError(
                f"assignment {assignment!r} is not in the gradebook {db_url}: run `edulab course generate {assignment}` first"
            ) from None
        notebooks = []
        for nb in found.notebooks:
            notebooks.append(
                {
                    "name": nb.name,
                    "grade_cells": [
                        {"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type} for c in nb.grade_cells
                    ],
                    "solution_cells": [c.name for c in nb.solution_cells],
                    "task_cells": [
                        {"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type} for c in nb.task_cells
                    ],
                    "source_cells": [
                        {
                            "name": c.name,
                            "cell_type": c.cell_type,
                            "locked": c.locked,
                            "source": c.source,
                            "checksum": c.checksum,
                        }
                        for c in nb.source_cells
                    ],
                }
            )
        return {
            "name": found.name,
            "course_id": found.course_id,
            "duedate": found.duedate.isoformat() if found.duedate else None,
            "notebooks": notebooks,
        }


def alembic_version(db_url: str) -> str | None:
    """The schema version stamped in the gradebook at ``db_url`` (None when it has none yet)."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(db_url)
    try:
        with engine.connect() as connection:
            if not sqlalchemy.inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def new_sqlite_gradebook(path: Path, version: str | None) -> str:
    """The URL of a new SQLite gradebook at ``path``, stamped with the schema ``version`` when given.

    nbgrader stamps a new gradebook with the version that ``alembic heads``, run as a subprocess,
    reports: seconds on an idle machine, half a minute on a busy one, for every task. The version
    of the instructor's gradebook is the same, so a worker stamps its private gradebook with it.
    """
    import sqlite3

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path}: expected no gradebook there yet")
    path.parent.mkdir(parents=True, exist_ok=True)
    if version:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            connection.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (version,))
            connection.commit()
    return f"sqlite:///{path}"


def load_definition(db_url: str, definition: dict) -> None:
    """Record ``definition`` (from :func:`assignment_definition`) in the (private) gradebook at ``db_url``."""
    name = definition["name"]
    with Gradebook(db_url, definition.get("course_id") or "default_course") as gb:
        gb.update_or_create_assignment(name, **({"duedate": definition["duedate"]} if definition["duedate"] else {}))
        for nb in definition["notebooks"]:
            gb.update_or_create_notebook(nb["name"], name)
            for cell in nb["grade_cells"]:
                gb.update_or_create_grade_cell(
                    cell["name"], nb["name"], name, max_score=cell["max_score"], cell_type=cell["cell_type"]
                )
            for cell in nb["solution_cells"]:
                gb.update_or_create_solution_cell(cell, nb["name"], name)
            for cell in nb["task_cells"]:
                gb.update_or_create_task_cell(
                    cell["name"], nb["name"], name, max_score=cell["max_score"], cell_type=cell["cell_type"]
                )
            for cell in nb["source_cells"]:
                gb.update_or_create_source_cell(
                    cell["name"],
                    nb["name"],
                    name,
                    cell_type=cell["cell_type"],
                    locked=cell["locked"],
                    source=cell["source"],
                    checksum=cell["checksum"],
                )


def private_gradebook(db_url: str, assignment: str) -> bytes:
    """A SQLite gradebook holding only ``assignment`` as the gradebook at ``db_url`` records it, as bytes.

    What a worker grades into: it writes these bytes to a file of its own for each submission.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="edulab-gradebook-") as folder:
        path = Path(folder) / "gradebook.db"
        load_definition(new_sqlite_gradebook(path, alembic_version(db_url)), assignment_definition(db_url, assignment))
        return path.read_bytes()


def copy_assignment(from_url: str, to_url: str, assignment: str) -> bool:
    """Record ``assignment`` in the gradebook at ``to_url`` as ``from_url`` holds it, unless it is there.

    ``generate_assignment`` records assignments in the course's SQLite gradebook; a class graded
    into PostgreSQL (``--db``) starts from there. Returns True when it copied.
    """
    with Gradebook(to_url) as gb:
        try:
            gb.find_assignment(assignment)
            return False
        except MissingEntry:
            pass
    load_definition(to_url, assignment_definition(from_url, assignment))
    return True


@dataclass
class NotebookResult:
    """What nbgrader's autograde stored for one notebook of a submission."""

    name: str
    late_submission_penalty: float | None
    #: grade_id -> (auto_score, needs_manual_grade)
    grades: dict[str, tuple[float | None, bool]] = field(default_factory=dict)
    #: grade_id -> auto_comment
    comments: dict[str, str | None] = field(default_factory=dict)


def read_result(db_url: str, assignment: str, student: str) -> dict:
    """The submission's scores and comments as nbgrader's autograde stored them (plain data)."""
    with Gradebook(db_url) as gb:
        submission = gb.find_submission(assignment, student)
        notebooks = []
        for nb in submission.notebooks:
            notebooks.append(
                asdict(
                    NotebookResult(
                        name=nb.name,
                        late_submission_penalty=nb.late_submission_penalty,
                        grades={g.name: (g.auto_score, bool(g.needs_manual_grade)) for g in nb.grades},
                        comments={c.name: c.auto_comment for c in nb.comments},
                    )
                )
            )
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
        return {"timestamp": timestamp, "notebooks": notebooks}


def _test_cells(submission: SubmittedAssignment) -> list:
    """The grades of autograded test cells (graded code cells that are not answers)."""
    grades = []
    for nb in submission.notebooks:
        answers = {c.name for c in nb.notebook.solution_cells}
        grades += [g for g in nb.grades if g.cell_type == "code" and g.name not in answers]
    return grades


def graded_students(db_url: str, assignment: str) -> set[str]:
    """Students whose submission of ``assignment`` is in the gradebook with every test cell scored."""
    with Gradebook(db_url) as gb:
        try:
            submissions = gb.find_assignment(assignment).submissions
        except MissingEntry:
            return set()
        return {s.student.id for s in submissions if all(g.auto_score is not None for g in _test_cells(s))}


def write_result(db_url: str, assignment: str, student: str, result: dict) -> None:
    """Write one submission's scores into the gradebook, all or nothing (one transaction).

    A new submission mirrors the assignment as nbgrader's ``Gradebook.add_submission`` does; an
    existing one (a forced re-run) keeps its manual grades and gets the new automatic ones.
    """
    from nbgrader.utils import parse_utc

    with Gradebook(db_url) as gb:
        gb.update_or_create_student(student)  # a student row is not a grade: its own commit is fine
        db = gb.db
        try:
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                found, who = gb.find_assignment(assignment), gb.find_student(student)
                with db.no_autoflush:
                    submission = SubmittedAssignment(assignment=found, student=who)
                    for notebook in found.notebooks:
                        nb = SubmittedNotebook(notebook=notebook, assignment=submission)
                        for cell in notebook.grade_cells:
                            Grade(cell_id=cell.id, notebook=nb)
                        for cell in [*notebook.solution_cells, *notebook.task_cells]:
                            Comment(cell_id=cell.id, notebook=nb)
                        for cell in notebook.task_cells:
                            Grade(cell_id=cell.id, notebook=nb)
                    db.add(submission)
                db.flush()
            if result["timestamp"]:
                submission.timestamp = parse_utc(result["timestamp"])
            received = {nb["name"]: nb for nb in result["notebooks"]}
            for nb in submission.notebooks:
                if nb.name not in received:
                    raise ValueError(f"the result of {student}/{assignment} lacks the notebook {nb.name!r}")
                got = received[nb.name]
                nb.late_submission_penalty = got["late_submission_penalty"]
                for grade in nb.grades:
                    if grade.name not in got["grades"]:
                        raise ValueError(
                            f"the result of {student}/{assignment}/{nb.name} lacks the cell {grade.name!r}"
                        )
                    grade.auto_score, grade.needs_manual_grade = got["grades"][grade.name]
                for comment in nb.comments:
                    comment.auto_comment = got["comments"].get(comment.name)
            db.commit()
        except BaseException:  # an error or Ctrl-C: nothing of this submission is written
            db.rollback()
            raise
