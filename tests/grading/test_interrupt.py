"""Ctrl-C during `edulab course autograde`: a clean stop (exit 130, the table, no half-written rows), then a resume.

The command runs as a subprocess in a session of its own, and SIGINT goes to its whole process
group, as a terminal's Ctrl-C does: the command, its Dask workers and their kernels all get it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from nbgrader.api import Gradebook

from edulab import course
from edulab.grading import synthetic
from edulab.grading.gradebook import default_db_url, graded_students
from edulab.grading.sandbox import sandbox_problem

pytestmark = pytest.mark.slow

ASSIGNMENT = "00_getting_started"
STUDENTS = 8
VARIANTS = {"skill-rate-answer": [v for v in synthetic.VARIANTS[ASSIGNMENT]["skill-rate-answer"] if v.name == "blank"]}


#: Runs the command line with Ctrl-C handled as in a terminal. A child inherits an ignored SIGINT,
#: and a pytest-xdist worker can have one (left by a library an earlier test ran there): the
#: command then rightly ignores Ctrl-C, which this test must not mistake for a bug.
_AS_IN_A_TERMINAL = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from edulab.cli import main; sys.exit(main())"
)


def _autograde(root, *options: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        _AS_IN_A_TERMINAL,
        "course",
        "autograde",
        ASSIGNMENT,
        "--course-dir",
        str(root),
        "--workers",
        "2",
        *options,
    ]


def _rows(db_url: str) -> list[str]:
    """The students with a submission row in the gradebook (a student graded twice appears twice)."""
    with Gradebook(db_url) as gb:
        return sorted(s.student.id for s in gb.find_assignment(ASSIGNMENT).submissions)


def _session_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_stops_cleanly_and_a_rerun_grades_only_the_rest(tmp_path, repository):
    assert sandbox_problem() is None, "make test installs bubblewrap (make system-packages)"
    root = course.temporary_course(repository, tmp_path / "course", [ASSIGNMENT])
    course.generate(root, ASSIGNMENT)
    [source] = course.source_notebooks(root, ASSIGNMENT)
    students = synthetic.synthetic_class(source, VARIANTS, STUDENTS, random_state=2)
    names = [s.name for s in students]
    synthetic.write_submissions(root, ASSIGNMENT, students)
    db_url = default_db_url(root)

    out, err = tmp_path / "first.out", tmp_path / "first.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(_autograde(root), stdout=stdout, stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while process.poll() is None and time.monotonic() < deadline and len(graded_students(db_url, ASSIGNMENT)) < 2:
            time.sleep(0.2)
        assert process.poll() is None, f"the run ended before Ctrl-C:\n{out.read_text()}\n{err.read_text()[-3000:]}"
        os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=180)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    printed = out.read_text()
    assert code == 130, f"exit {code}\n{printed}\n{err.read_text()[-3000:]}"
    assert "(interrupted: run again to resume)" in printed, printed
    first = graded_students(db_url, ASSIGNMENT)
    assert 2 <= len(first) < STUDENTS, "interrupted with submissions left to grade"
    assert _rows(db_url) == sorted(first), "every row of the gradebook is a whole graded submission"
    table = [line.split() for line in printed.splitlines() if line.startswith(ASSIGNMENT)]
    assert sorted(row[1] for row in table) == sorted(first), "the table lists what was graded before Ctrl-C"
    stop = time.monotonic() + 30
    while _session_alive(process.pid) and time.monotonic() < stop:
        time.sleep(0.5)
    assert not _session_alive(process.pid), "a worker or a kernel outlived the command"

    rerun = subprocess.run(_autograde(root, "--json"), capture_output=True, text=True, check=False, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    report = json.loads(rerun.stdout)
    assert sorted(report["skipped"]) == sorted(first)
    assert sorted(g["student"] for g in report["graded"]) == sorted(set(names) - first), "only the rest is graded"
    assert _rows(db_url) == names, "every submission once"
    expected = {s.name: s.expected_score for s in students}
    with Gradebook(db_url) as gb:
        assert {name: gb.find_submission(ASSIGNMENT, name).code_score for name in names} == expected
