"""Grading a class safely with nbgrader: the kernel in a sandbox, nothing lost, hidden tests kept hidden.

- :mod:`edulab.grading.sandbox`: the bubblewrap sandbox of the kernel and its smoke test;
- :mod:`edulab.grading.execute`: nbgrader's ``Execute`` step running the kernel in it;
- :mod:`edulab.grading.preprocessors`: restored and duplicated cells, feedback without hidden tests;
- :mod:`edulab.grading.cli`: the ``edulab course`` commands.

``nbgrader_config.py`` wires them into nbgrader; :mod:`edulab.course` drives nbgrader.
"""

import os
import sys
from pathlib import Path


def with_this_interpreter(path: str | None) -> str:
    """``path`` (a PATH value) with this interpreter's scripts folder first.

    nbgrader runs ``alembic`` as a subprocess when it creates a gradebook, and starts kernels by
    name: from a venv used without activation (``.venv/bin/edulab``, ``make test``) neither is on
    PATH otherwise.
    """
    folder = str(Path(sys.executable).parent)
    parts = (path or "").split(os.pathsep)
    return path if parts[0] == folder else os.pathsep.join([folder, *filter(None, parts)])


# Gradebooks are opened in this process too (the parallel autograde writes scores here).
os.environ["PATH"] = with_this_interpreter(os.environ.get("PATH"))
