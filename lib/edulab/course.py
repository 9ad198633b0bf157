"""Instructor tooling: one source notebook per lecture, generated student copies, autograding.

Authors edit ``solutions/`` only. This module

- *normalises* a source notebook: the Colab install cell first, nbgrader metadata on every cell
  (unmarked cells become read-only), no outputs;
- *generates* the student version into ``lectures/`` with ``nbgrader generate_assignment``;
- *grades* demo submissions (the solution, and the untouched student version) with
  ``nbgrader autograde`` and reads the scores back from the gradebook;
- runs a class through nbgrader's exchange: *release*, *collect*, *autograde* (student code in
  the sandbox of :mod:`edulab.grading`), *feedback* (without hidden tests) and *export*
  (``grading/grades.csv``); ``edulab course --help`` lists these commands.

Run ``python -m edulab.course`` (what ``make course`` does) to normalise, generate and grade the
demo students of every lecture (in ``grading/demo``, a course of their own) and print a grade
table; ``python -m edulab.course --help`` lists the steps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from edulab.grading import with_this_interpreter
from edulab.project import COLAB_INSTALL_CELL

SOLUTION_STUDENT = "demo-solution"
BLANK_STUDENT = "demo-blank"
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
MARK_SCHEME_MARKERS = ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===")
_VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


class NotebookError(ValueError):
    """A source notebook breaks a rule of the pipeline (the message names the notebook and cell)."""


# --- the course folder --------------------------------------------------------------------


def default_root() -> Path:
    """The checkout holding ``nbgrader_config.py`` (the current folder or the package's checkout)."""
    for candidate in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (candidate / "nbgrader_config.py").is_file() and (candidate / "solutions").is_dir():
            return candidate
    raise FileNotFoundError("no course here: run from the folder that holds nbgrader_config.py and solutions/")


def assignments(root: Path) -> list[str]:
    """The assignment folders of ``solutions/``, in order."""
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def source_notebooks(root: Path, assignment: str) -> list[Path]:
    folder = root / "solutions" / assignment
    if not folder.is_dir():
        known = ", ".join(assignments(root))
        raise FileNotFoundError(f"no assignment {assignment!r} in {root / 'solutions'} (known: {known})")
    return sorted(p for p in folder.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def demo_course(root: Path, names: list[str] | None = None) -> Path:
    """A fresh course in ``grading/demo`` (its own gradebook) for the demo students of ``make course``."""
    folder = root / "grading" / "demo"
    if folder.exists():
        shutil.rmtree(folder)
    return temporary_course(root, folder, names)


def temporary_course(root: Path, into: Path, names: list[str] | None = None) -> Path:
    """Copy the course configuration and the sources of ``names`` into a fresh course at ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", into / "nbgrader_config.py")
    for name in names or assignments(root):
        shutil.copytree(root / "solutions" / name, into / "solutions" / name, dirs_exist_ok=True)
    return into


# --- normalise ----------------------------------------------------------------------------


def _nbgrader(cell) -> dict | None:
    return cell.metadata.get("nbgrader")


def _read_only(cell) -> dict:
    return {
        "grade": False,
        "grade_id": f"{cell.cell_type}-{cell.id}",
        "locked": True,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }


def _check_cell(path: Path, index: int, cell) -> None:
    meta = _nbgrader(cell)
    where = f"{path.name}, cell {index} ({meta.get('grade_id', 'no grade_id')})"
    for key in ("grade", "solution", "locked", "grade_id"):
        if key not in meta:
            raise NotebookError(f"{where}: nbgrader metadata lacks {key!r}")
    if meta["grade"] and not meta.get("points"):
        raise NotebookError(f"{where}: a graded cell needs points > 0")
    if meta["grade"] and not meta["solution"] and cell.cell_type == "code" and not meta["locked"]:
        raise NotebookError(f"{where}: a test cell must be locked")
    source = cell.source
    for begin, end in (SOLUTION_MARKERS, HIDDEN_MARKERS):
        if source.count(begin) != source.count(end):
            raise NotebookError(f"{where}: {begin!r} and {end!r} do not pair up")
    if SOLUTION_MARKERS[0] in source and not meta["solution"]:
        raise NotebookError(f"{where}: solution markers in a cell not marked as an answer")
    if HIDDEN_MARKERS[0] in source and not (meta["grade"] and not meta["solution"]):
        raise NotebookError(f"{where}: hidden tests in a cell that is not a test cell")


def normalise_notebook(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Return ``nb`` in the pipeline's canonical form (see the module docstring)."""
    nbformat.validator.normalize(nb)
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    if code_cells and "google.colab" in code_cells[0].source:
        code_cells[0].source = COLAB_INSTALL_CELL
    else:
        first_code = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), len(nb.cells))
        nb.cells.insert(first_code, nbformat.v4.new_code_cell(COLAB_INSTALL_CELL))
    seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in _VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if not _nbgrader(cell):
            cell.metadata["nbgrader"] = _read_only(cell)
        _check_cell(path, index, cell)
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if grade_id in seen:
            raise NotebookError(f"{path.name}: grade_id {grade_id!r} used by cells {seen[grade_id]} and {index}")
        seen[grade_id] = index
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def normalise(path: Path) -> bool:
    """Normalise the source notebook at ``path`` in place; return True when it changed."""
    before = path.read_text(encoding="utf-8")
    nb = normalise_notebook(nbformat.reads(before, as_version=4), path)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


# --- generate -----------------------------------------------------------------------------


def _run_nbgrader(
    root: Path, *args: str, timeout: float | None = None, force: bool = True
) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "nbgrader", *args, *(["--force"] if force else []), "--log-level=WARN"]
    env = dict(os.environ, PATH=with_this_interpreter(os.environ.get("PATH")))
    completed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"`nbgrader {' '.join(args)}` failed in {root}:\n{completed.stdout}\n{completed.stderr}")
    return completed


def generate(root: Path, assignment: str) -> Path:
    """Write the student version of ``assignment`` into ``lectures/`` and return its folder."""
    source_notebooks(root, assignment)  # clear error for an unknown assignment
    (root / "grading").mkdir(exist_ok=True)
    _run_nbgrader(root, "generate_assignment", assignment)
    return root / "lectures" / assignment


# --- grade --------------------------------------------------------------------------------


@dataclass
class Grade:
    """The autograded result of one submission of one assignment."""

    assignment: str
    student: str
    score: float
    max_score: float
    tests_passed: int
    tests: int
    seconds: float
    errors: list[str] = field(default_factory=list)
    zero_tests: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def submit(root: Path, assignment: str, student: str, notebooks: list[Path]) -> Path:
    """Place ``notebooks`` as ``student``'s submission of ``assignment``."""
    folder = root / "grading" / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for notebook in notebooks:
        shutil.copy2(notebook, folder / notebook.name)
    return folder


def autograde(root: Path, assignment: str, student: str, timeout: float | None = None, unsafe: bool = False) -> Grade:
    """Autograde ``student``'s submission in the sandbox and read the result back from the gradebook.

    Student code runs in the sandbox of :mod:`edulab.grading.sandbox` (``nbgrader_config.py``
    names the preprocessors that do it). Where no sandbox can run, this raises
    :class:`~edulab.grading.sandbox.SandboxUnavailable` saying why, unless ``unsafe`` is true.
    The grader's warnings (restored, duplicated or edited cells, kernel deaths) come back in
    :attr:`Grade.warnings`.
    """
    from edulab.grading.parallel import read_grade  # it imports this module

    extra = _sandbox_arguments(unsafe)
    start = time.perf_counter()
    completed = _run_nbgrader(root, "autograde", assignment, f"--student={student}", *extra, timeout=timeout)
    seconds = time.perf_counter() - start
    result = read_grade(_db_url(root), assignment, student, seconds=seconds)
    result.errors = execution_errors(root / "grading" / "autograded" / student / assignment)
    result.warnings = grader_warnings(completed.stdout + completed.stderr)
    return result


def _sandbox_arguments(unsafe: bool) -> list[str]:
    """nbgrader's options for the sandbox; refuses (saying why) when it cannot run and not ``unsafe``."""
    from edulab.grading.sandbox import SandboxUnavailable, sandbox_problem

    if unsafe:
        return ["--SandboxedExecute.unsafe=True"]
    problem = sandbox_problem()
    if problem:
        raise SandboxUnavailable(
            f"refusing to grade: student code would run unconfined because {problem}. Install bubblewrap, "
            "or pass --unsafe (edulab course autograde --unsafe) to grade without a sandbox"
        )
    return []


#: Log lines of nbgrader that matter to an instructor; the rest of its output is noise.
_GRADER_WARNING_MARKERS = ("[WARNING]", "| WARNING]", "[ERROR]", "| ERROR]", "[CRITICAL]")
_GRADER_NOISE = (
    "Timeout waiting for execute reply",
    "Interrupting kernel",
    "Kernel died while waiting",
    "Removing existing assignment",
)


def grader_warnings(log: str) -> list[str]:
    """The warning and error lines of nbgrader's log, without the lines every timeout repeats."""
    return [
        line.strip()
        for line in log.splitlines()
        if any(marker in line for marker in _GRADER_WARNING_MARKERS) and not any(n in line for n in _GRADER_NOISE)
    ]


def execution_errors(folder: Path) -> list[str]:
    """The cells of the executed notebooks in ``folder`` that raised, as ``notebook:cell: error``."""
    errors = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "?")
                    errors.append(f"{path.name}:{index} ({grade_id}): {output.get('ename')}: {output.get('evalue')}")
    return errors


# --- a class through nbgrader's exchange ----------------------------------------------------


def exchange_root(root: Path) -> Path:
    """The exchange folder that ``nbgrader_config.py`` of the course at ``root`` names."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    if "root" not in config.Exchange:
        raise ValueError(f"{root / 'nbgrader_config.py'} sets no Exchange.root: expected the exchange folder")
    return Path(config.Exchange.root)


def release(root: Path, assignment: str) -> Path:
    """Release the student version of ``assignment`` to the exchange (created when missing).

    Returns the exchange folder. nbgrader's default exchange does not exist on a fresh
    machine; it is created world-writable with the sticky bit, as nbgrader's documentation asks.
    """
    if not sorted((root / "lectures" / assignment).glob("*.ipynb")):
        raise FileNotFoundError(
            f"no student version in {root / 'lectures' / assignment}: run `edulab course generate {assignment}`"
        )
    exchange = exchange_root(root)
    if not exchange.is_dir():
        exchange.mkdir(parents=True)
        exchange.chmod(0o1777)
    _run_nbgrader(root, "release_assignment", assignment)
    return exchange


def collect(root: Path, assignment: str) -> list[str]:
    """Copy the submissions of ``assignment`` from the exchange into ``grading/submitted``; return the students."""
    _run_nbgrader(root, "collect", assignment, "--update", force=False)
    return submitted_students(root, assignment)


def submitted_students(root: Path, assignment: str) -> list[str]:
    """The students with a submission of ``assignment`` in ``grading/submitted``, in order."""
    folder = root / "grading" / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def autograde_class(
    root: Path, assignment: str, students: list[str] | None = None, unsafe: bool = False
) -> list[Grade]:
    """Autograde every collected submission of ``assignment`` (or those of ``students``), in the sandbox."""
    names = students or submitted_students(root, assignment)
    if not names:
        raise FileNotFoundError(f"no submission of {assignment!r} in {root / 'grading' / 'submitted'}: collect first")
    _sandbox_arguments(unsafe)  # refuse once, before any student, when there is no sandbox
    return [autograde(root, assignment, student, unsafe=unsafe) for student in names]


def feedback(root: Path, assignment: str, students: list[str] | None = None) -> list[Path]:
    """Write the feedback of ``assignment`` (no hidden tests) and release it to the exchange when there is one."""
    for student in students or [None]:
        _run_nbgrader(root, "generate_feedback", assignment, *([f"--student={student}"] if student else []))
    if exchange_root(root).is_dir():
        _run_nbgrader(root, "release_feedback", assignment, force=False)
    return sorted((root / "grading" / "feedback").glob(f"*/{assignment}/*.html"))


def validate(root: Path, notebook: Path, unsafe: bool = False) -> dict:
    """Validate ``notebook`` as ``nbgrader validate`` does, with its kernel in the sandbox.

    Returns nbgrader's result: lists of ``passed`` and ``failed`` cells (and ``changed`` or
    ``type_changed`` ones when the notebook was edited where it must not be).
    """
    from traitlets.config.loader import PyFileConfigLoader

    from edulab.grading.execute import sandboxed_validator_class

    _sandbox_arguments(unsafe)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.SandboxedExecute.unsafe = unsafe
    return sandboxed_validator_class()(config=config).validate(str(notebook))


def export(root: Path) -> Path:
    """Export every grade of the gradebook to ``grading/grades.csv`` and return its path."""
    _run_nbgrader(root, "export", force=False)
    return root / "grading" / "grades.csv"


def _db_url(root: Path) -> str:
    return f"sqlite:///{root / 'grading' / 'gradebook.db'}"


def grade_demo(root: Path, assignment: str, student: str) -> Grade:
    """Submit and grade one demo student of ``assignment``: ``SOLUTION_STUDENT`` hands in the
    solution, ``BLANK_STUDENT`` the untouched student version (generate it first)."""
    if student == SOLUTION_STUDENT:
        notebooks = source_notebooks(root, assignment)
    elif student == BLANK_STUDENT:
        notebooks = sorted((root / "lectures" / assignment).glob("*.ipynb"))
        if not notebooks:
            raise FileNotFoundError(f"no student version in {root / 'lectures' / assignment}: generate it first")
    else:
        raise ValueError(f"student {student!r}: the demo students are {SOLUTION_STUDENT!r} and {BLANK_STUDENT!r}")
    submit(root, assignment, student, notebooks)
    return autograde(root, assignment, student)


def grade_demo_submissions(root: Path, assignment: str) -> list[Grade]:
    """Grade the solution and the untouched student version of ``assignment``, as two students."""
    return [grade_demo(root, assignment, student) for student in (SOLUTION_STUDENT, BLANK_STUDENT)]


def grade_table(grades: list[Grade]) -> str:
    """A plain-text table of grades, one row per submission."""
    header = f"{'assignment':<20} {'student':<14} {'score':>11} {'tests':>7} {'time':>7}  errors"
    rows = [header, "-" * len(header)]
    for g in grades:
        rows.append(
            f"{g.assignment:<20} {g.student:<14} {g.score:>5g} / {g.max_score:<3g} "
            f"{g.tests_passed:>3}/{g.tests:<3} {g.seconds:>6.0f}s  {len(g.errors)}"
        )
    return "\n".join(rows)


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m edulab.course",
        description="Normalise the sources, generate lectures/, and grade demo submissions.",
    )
    parser.add_argument(
        "step",
        nargs="?",
        default="all",
        choices=["all", "normalise", "generate", "grade"],
        help=(
            "normalise the sources; generate lectures/; grade the demo submissions in a temporary "
            "course; or all three (default), the demo grades kept in grading/demo (its own gradebook)"
        ),
    )
    parser.add_argument("assignments", nargs="*", help="assignment folders (default: every folder of solutions/)")
    args = parser.parse_args(argv)

    root = default_root()
    names = args.assignments or assignments(root)
    if args.step in ("all", "normalise"):
        for name in names:
            for path in source_notebooks(root, name):
                print(f"{'normalised' if normalise(path) else 'unchanged '} {path.relative_to(root)}")
    if args.step in ("all", "generate"):
        for name in names:
            print(f"generated  {generate(root, name).relative_to(root)}")
    if args.step == "all":
        # The demo students get a course of their own (grading/demo): never the class's gradebook.
        demo = demo_course(root, names)
        for name in names:
            generate(demo, name)
        return _grade_and_report(demo, names)
    if args.step == "grade":
        with tempfile.TemporaryDirectory(prefix="edulab-course-") as scratch:
            course = temporary_course(root, Path(scratch), names)
            for name in names:
                generate(course, name)
            return _grade_and_report(course, names)
    return 0


def _grade_and_report(course: Path, names: list[str]) -> int:
    grades = []
    for name in names:
        print(f"grading    {name} ...", flush=True)
        results = grade_demo_submissions(course, name)
        for grade in results:
            for error in grade.errors:
                print(f"  {grade.student}: {error}")
        grades.extend(results)
    print()
    print(grade_table(grades))
    as_expected = all(
        (g.score == g.max_score and not g.errors) if g.student == SOLUTION_STUDENT else g.score == 0 for g in grades
    )
    print(
        "\nEvery solution scores full marks without an error, every blank scores zero."
        if as_expected
        else "\nSome grades are not as expected (see above)."
    )
    return 0 if as_expected else 1


if __name__ == "__main__":
    sys.exit(main())
