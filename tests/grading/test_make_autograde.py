"""`make autograde` (the README's one grading command) runs `edulab course autograde` with the options given."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(repository, *variables: str) -> subprocess.CompletedProcess:
    stamp = f"{sys.prefix}/.edulab-installed"
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", stamp, "autograde", f"VENV={sys.prefix}", *variables],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_autograde_passes_the_scheduler_the_database_and_the_workers(repository):
    laptop = _dry_run(repository, "ASSIGNMENT=03_advising")
    assert laptop.returncode == 0, laptop.stderr
    assert laptop.stdout.strip().splitlines()[-1] == f"{sys.prefix}/bin/edulab course autograde 03_advising"
    cluster = _dry_run(
        repository,
        "ASSIGNMENT=03_advising",
        "SCHEDULER=tcp://head:8786",
        "DB=postgresql+psycopg://grader@dbhost/edulab",
        "WORKERS=3",
    )
    assert cluster.returncode == 0, cluster.stderr
    assert cluster.stdout.strip().splitlines()[-1] == (
        f"{sys.prefix}/bin/edulab course autograde 03_advising --scheduler tcp://head:8786 "
        "--db postgresql+psycopg://grader@dbhost/edulab --workers 3"
    )


def test_make_autograde_without_an_assignment_says_what_to_give(repository):
    missing = _dry_run(repository)
    assert missing.returncode != 0
    assert "name the assignment, e.g. make autograde ASSIGNMENT=01_dkt" in missing.stderr
