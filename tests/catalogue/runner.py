"""Run a lecture's catalogue of wrong answers against its gaps' tests, without nbgrader.

A catalogue is a Python data file ``tests/catalogue/gaps_<assignment>.py`` with a dict ``GAPS``:
for each autograded answer cell (by ``grade_id``) a ``"wrong"`` dict (name -> answer) and an
``"alternative"`` (a correct answer that differs from the reference). An answer is either the
whole source of the answer cell or a list of ``(old, new)`` replacements applied to the
reference answer of ``solutions/`` (each ``old`` must occur exactly once: the catalogue breaks
loudly when the reference changes).

:func:`run_catalogue` executes the solution notebook in one kernel, cell by cell, up to the test
cell of the last catalogued gap. At each catalogued answer cell it tries every answer: it runs
the answer instead of the reference, then the cells up to and including the gap's test cell (the
one nbgrader grades, hidden tests included), and records whether that test cell raised. Names
the reference answer defines are deleted before each try, so an answer that fails to define
them cannot borrow the previous one's. The reference itself is run last, so the rest of the
notebook runs on it, and must pass.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

FOLDER = Path(__file__).resolve().parent
REPOSITORY = FOLDER.parents[1]
REFERENCE = "reference"
ALTERNATIVE = "alternative"
MIN_WRONG = 3
CELL_TIMEOUT = 120


@dataclass
class Outcome:
    """One answer tried on one gap: whether its test cell passed, and whether it should have."""

    gap: str
    answer: str
    should_pass: bool
    passed: bool
    error: str = ""

    @property
    def as_expected(self) -> bool:
        return self.passed == self.should_pass

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "failed"
        expected = "should pass" if self.should_pass else "should fail"
        detail = f" ({self.error})" if self.error and not self.as_expected else ""
        return f"{self.gap} / {self.answer}: {verdict}, {expected}{detail}"


def catalogue_files() -> list[Path]:
    return sorted(FOLDER.glob("gaps_*.py"))


def load(path: Path) -> tuple[str, dict]:
    """The assignment a catalogue file is about (from its name) and its ``GAPS``."""
    spec = importlib.util.spec_from_file_location(f"catalogue_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return path.stem.removeprefix("gaps_"), module.GAPS


def notebook_path(assignment: str) -> Path:
    (path,) = sorted((REPOSITORY / "solutions" / assignment).glob("*.ipynb"))
    return path


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_answer(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("solution"))


def is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def gaps_of(nb) -> dict[str, tuple[int, int]]:
    """Autograded answer cells by grade_id: (index of the answer cell, index of its test cell)."""
    found = {}
    for index, cell in enumerate(nb.cells):
        if is_answer(cell):
            test = next(
                (j for j in range(index + 1, len(nb.cells)) if is_test(nb.cells[j]) or is_answer(nb.cells[j])), None
            )
            if test is not None and is_test(nb.cells[test]):
                found[grade_id(cell)] = (index, test)
    return found


def answer_source(reference: str, answer) -> str:
    """The answer's source: itself, or the reference with its replacements applied."""
    if isinstance(answer, str):
        return answer
    source = reference
    for old, new in answer:
        if source.count(old) != 1:
            raise ValueError(
                f"the replacement of {old!r} needs exactly one occurrence in the reference, found {source.count(old)}"
            )
        source = source.replace(old, new)
    if source == reference:
        raise ValueError("the replacements leave the reference unchanged")
    return source


def defined_names(source: str) -> list[str]:
    """Top-level names a cell defines (functions, classes, assignments, imports)."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [target.id for target in targets if isinstance(target, ast.Name)]
    return names


def check_catalogue(assignment: str, gaps: dict) -> list[str]:
    """Problems with a catalogue that need no execution: missing gaps, too few answers, stale
    replacements."""
    nb = nbformat.read(notebook_path(assignment), as_version=4)
    problems = []
    found = gaps_of(nb)
    for gap in found:
        if gap not in gaps:
            problems.append(f"{assignment}: gap {gap!r} has no catalogue entry")
    for gap, entry in gaps.items():
        if gap not in found:
            problems.append(f"{assignment}: the catalogue names {gap!r}, which is not an autograded answer cell")
            continue
        reference = nb.cells[found[gap][0]].source
        if len(entry.get("wrong", {})) < MIN_WRONG:
            problems.append(
                f"{assignment}: gap {gap!r} has {len(entry.get('wrong', {}))} wrong answers, needs {MIN_WRONG}"
            )
        if ALTERNATIVE not in entry:
            problems.append(f"{assignment}: gap {gap!r} has no correct alternative")
        for name, answer in [*entry.get("wrong", {}).items(), (ALTERNATIVE, entry.get(ALTERNATIVE, reference))]:
            try:
                source = answer_source(reference, answer)
                ast.parse(source)
            except (ValueError, SyntaxError) as error:
                problems.append(f"{assignment}: gap {gap!r}, answer {name!r}: {error}")
                continue
            if name == ALTERNATIVE and source.strip() == reference.strip():
                problems.append(f"{assignment}: gap {gap!r}: the alternative equals the reference")
    return problems


def run_catalogue(assignment: str, gaps: dict) -> list[Outcome]:
    """Try every catalogued answer of ``assignment`` (see the module docstring)."""
    path = notebook_path(assignment)
    nb = nbformat.read(path, as_version=4)
    found = gaps_of(nb)
    last = max(found[gap][1] for gap in gaps)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        interrupt_on_timeout=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    outcomes = []

    def run(cell_source: str, index: int) -> str:
        """Execute one cell; return the error (empty if none)."""
        cell = copy.deepcopy(nb.cells[index])
        cell.source = cell_source
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            return f"timed out after {CELL_TIMEOUT} s"
        except CellExecutionError as error:
            return str(error).strip().splitlines()[-1][:300]
        return ""

    starts = {found[gap][0]: gap for gap in gaps}
    with client.setup_kernel():
        index = 0
        while index <= last:
            cell = nb.cells[index]
            if index in starts:
                gap = starts[index]
                answer_index, test_index = found[gap]
                reference = cell.source
                names = defined_names(reference)
                entry = gaps[gap]
                tries = [(name, answer, False) for name, answer in entry["wrong"].items()]
                tries += [(ALTERNATIVE, entry[ALTERNATIVE], True), (REFERENCE, reference, True)]
                for name, answer, should_pass in tries:
                    if names:
                        run("\n".join(f"globals().pop({n!r}, None)" for n in names), answer_index)
                    run(answer_source(reference, answer), answer_index)  # as nbgrader: only the test cell counts
                    for between in range(answer_index + 1, test_index):
                        if nb.cells[between].cell_type == "code":
                            run(nb.cells[between].source, between)
                    error = run(nb.cells[test_index].source, test_index)
                    outcomes.append(Outcome(gap, name, should_pass, passed=not error, error=error))
                index = test_index + 1
                continue
            if cell.cell_type == "code":
                error = run(cell.source, index)
                if error:
                    raise RuntimeError(f"{assignment}: cell {index} ({grade_id(cell)}) raised: {error}")
            index += 1
    return outcomes
