"""nbgrader preprocessors that lose nothing silently and keep the hidden tests hidden.

- :class:`RestoreCells` (autograde, sanitising step): restores deleted graded cells with a note
  naming them, and restores the hidden tests of an untouched test cell without the
  "checksum has changed" warning, so that the warning is left for real edits of locked cells.
- :class:`ReportDuplicates` (autograde, sanitising step): a graded cell that appears twice is
  reported by name, and the copy that is not graded says so.
- :class:`FeedbackWithoutHiddenTests` (generate_feedback): each test cell shows its visible
  tests, passed or failed, its points and the assertion's message; never the hidden tests or a
  traceback that quotes them (nbgrader issue #917). The autograded notebooks keep everything.

All three are named in ``nbgrader_config.py``.
"""

from __future__ import annotations

import copy

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, DeduplicateIds, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Unicode

#: Starts every note the grader writes into a submission (restored or duplicated cells).
NOTE = "NOTE FROM THE GRADER:"
#: Errors whose message feedback shows: written by the author (assert), naming a missing name, or
#: the grader's own. Other messages come from student code and may quote a hidden input
#: (``KeyError: -3``), so feedback shows their name only.
MESSAGES_SHOWN = frozenset({"AssertionError", "NameError", "NotImplementedError", "KernelDied", "CellTimeoutError"})


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _with_note(cell, text: str) -> None:
    """Put ``text`` at the top of ``cell`` (as a comment in a code cell)."""
    prefix = f"# {NOTE} {text}" if cell.cell_type == "code" else f"**{NOTE}** {text}"
    cell.source = f"{prefix}\n\n{cell.source}"


class RestoreCells(OverwriteCells):
    """``OverwriteCells`` that restores deleted graded cells and tells honest test cells from edited ones."""

    add_missing_cells = Bool(True, help="Restore deleted graded cells (with a note naming them).").tag(config=True)
    missing_cell_notification = Unicode(
        f"{NOTE} this graded cell ({{cell_id}}) was missing from the submission; it was restored from the "
        "assignment and graded.\n\n"
    ).tag(config=True)

    def _visible_part(self, source: str) -> str:
        cell = NotebookNode(source=source)
        ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        return cell.source.strip()

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = _grade_id(cell)
        if grade_id is not None and utils.is_locked(cell):
            try:
                source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except Exception:  # unknown cells are reported by OverwriteCells itself
                source_cell = None
            if (
                source_cell is not None
                and source_cell.locked
                and cell.source.strip() == self._visible_part(source_cell.source)
            ):
                # The student version of a test cell lacks its hidden tests: not an edit.
                cell.source = source_cell.source
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum":
            self.log.warning(
                "the locked cell %s was edited in the submission: the assignment's version is graded", name
            )
        else:
            super().report_change(name, attr, old, new)

    def add_missing_grade_cells(self, nb, resources):
        """Put each deleted graded cell back after the nearest cell before it that is still there."""
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = list(source_nb.source_cells)
        names = [cell.name for cell in source_cells]
        solutions = {cell.name for cell in source_nb.solution_cells}
        present = {_grade_id(cell) for cell in nb.cells} - {None}
        for grade_cell in source_nb.grade_cells:
            name = grade_cell.name
            if name in present or name not in names:
                continue
            self.log.warning("the graded cell %s was missing from the submission: restored and graded", name)
            new_cell = self.missing_cell_transform(
                source_cells[names.index(name)], grade_cell.max_score, is_solution=name in solutions
            )
            earlier = set(names[: names.index(name)])
            anchor = max((i for i, cell in enumerate(nb.cells) if _grade_id(cell) in earlier), default=-1)
            nb.cells.insert(anchor + 1, new_cell)
            present.add(name)
        return nb, resources


class ReportDuplicates(DeduplicateIds):
    """``DeduplicateIds`` that names each duplicated graded cell in the log and in the cell."""

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = (
            _grade_id(cell) if (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)) else None
        )
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if grade_id is not None and not cell.metadata.get("nbgrader"):
            del cell.metadata["nbgrader"]  # an empty entry breaks nbgrader's later steps (no grade_id)
            self.log.warning(
                "the cell %s appears more than once in the submission: only its last copy is graded", grade_id
            )
            _with_note(cell, f"this is a copy of the cell {grade_id}; only its last copy is graded.")
        return cell, resources


def _test_summary(cell) -> str:
    meta = cell.metadata.get("nbgrader", {})
    score, points = meta.get("score"), meta.get("points")
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    verdict = "failed" if errors else "passed"
    if score is not None and points is not None:
        verdict += f" ({float(score):g} of {float(points):g} points)"
    if errors:
        name = errors[0].get("ename", "Error")
        message = str(errors[0].get("evalue", "")).strip()
        if name not in MESSAGES_SHOWN:
            message = "(its message is not shown: it may quote a hidden test's input)"
        verdict += f": {name}" + (f": {message}" if message else " (no message)")
    return f"Tests {verdict}\n"


def _hidden_lines(nb, clear: ClearHiddenTests, shortest: int) -> set[str]:
    """The lines of every hidden-test region of ``nb`` (stripped, at least ``shortest`` characters)."""
    lines = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and utils.is_grade(cell) and clear.begin_test_delimeter in cell.source:
            visible = copy.deepcopy(cell)
            clear._remove_hidden_test_region(visible)
            shown = set(visible.source.splitlines())
            lines |= {line.strip() for line in cell.source.splitlines() if line not in shown}
    return {
        line
        for line in lines
        if len(line) >= shortest and clear.begin_test_delimeter not in line and clear.end_test_delimeter not in line
    }


def _output_text(output) -> str:
    parts = [output.get("text", ""), output.get("evalue", ""), *output.get("traceback", [])]
    parts += [str(value) for value in output.get("data", {}).values()]
    return "\n".join(str(part) for part in parts)


class FeedbackWithoutHiddenTests(NbGraderPreprocessor):
    """Show a test cell's visible source and a one-line verdict, never its hidden tests or traceback.

    Any other output that quotes a line of a hidden test (student code can capture the source
    of the cells that run after it and print it later) is withheld too.
    """

    hidden_note = Unicode("# (hidden tests are not shown)").tag(config=True)
    withheld_note = Unicode("(output withheld from the feedback: it quotes the hidden tests)\n").tag(config=True)

    def preprocess(self, nb, resources):
        self._hidden = _hidden_lines(nb, ClearHiddenTests(parent=self), shortest=12)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            summary = _test_summary(cell)
            visible = copy.deepcopy(cell)
            if ClearHiddenTests(parent=self)._remove_hidden_test_region(visible):
                cell.source = visible.source.rstrip() + "\n" + self.hidden_note
            cell.outputs = [NotebookNode(output_type="stream", name="stdout", text=summary)]
            return cell, resources
        for index, output in enumerate(cell.get("outputs", [])):
            if any(line in _output_text(output) for line in self._hidden):
                cell.outputs[index] = NotebookNode(output_type="stream", name="stdout", text=self.withheld_note)
        return cell, resources
