"""Feedback without hidden tests, and the release version of a test cell (edulab.grading.preprocessors)."""

from __future__ import annotations

import nbformat

from edulab.grading.preprocessors import FeedbackWithoutHiddenTests, RestoreCells

SOURCE = 'assert f(1) == 2, "f(1) should be 2"\n### BEGIN HIDDEN TESTS\nassert f(-7) == -14, "negatives"\n### END HIDDEN TESTS'


def graded_test_cell(outputs, score, points=3):
    cell = nbformat.v4.new_code_cell(SOURCE)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "grade_id": "f-tests",
        "locked": True,
        "points": points,
        "score": score,
        "schema_version": 3,
    }
    cell.outputs = outputs
    return cell


def feedback_of(cell):
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb, _ = FeedbackWithoutHiddenTests().preprocess(nb, {})
    return nb.cells[0]


def test_a_failed_test_shows_the_message_but_neither_hidden_source_nor_traceback():
    error = nbformat.v4.new_output(
        "error",
        ename="AssertionError",
        evalue="negatives",
        traceback=['---> 3 assert f(-7) == -14, "negatives"', "AssertionError: negatives"],
    )
    printed = nbformat.v4.new_output("stream", name="stdout", text="checking f(-7)\n")
    cell = feedback_of(graded_test_cell([printed, error], score=0))
    shown = cell.source + "".join(o.get("text", "") for o in cell.outputs)
    assert "f(-7)" not in shown and "HIDDEN TESTS" not in shown
    assert 'assert f(1) == 2, "f(1) should be 2"' in cell.source, "the visible tests stay"
    assert cell.outputs == [
        nbformat.v4.new_output(
            "stream", name="stdout", text="Tests failed (0 of 3 points): AssertionError: negatives\n"
        )
    ]


def test_a_passed_test_says_so_with_its_points():
    cell = feedback_of(graded_test_cell([], score=3))
    assert cell.outputs[0]["text"] == "Tests passed (3 of 3 points)\n"


def test_answer_cells_are_left_alone():
    cell = nbformat.v4.new_code_cell("def f(x):\n    return 2 * x")
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "grade_id": "f",
        "locked": False,
        "schema_version": 3,
    }
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    assert feedback_of(cell).outputs[0]["text"] == "hi\n"


def test_the_release_version_of_a_test_cell_is_its_visible_part():
    assert RestoreCells()._visible_part(SOURCE) == 'assert f(1) == 2, "f(1) should be 2"'


def test_an_answer_that_prints_the_hidden_tests_it_captured_shows_nothing_of_them():
    thief = nbformat.v4.new_code_cell("print(captured)")
    thief.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "grade_id": "g",
        "locked": False,
        "schema_version": 3,
    }
    thief.outputs = [nbformat.v4.new_output("stream", name="stdout", text=SOURCE + "\n")]
    honest = nbformat.v4.new_code_cell("print(2)")
    honest.outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    nb = nbformat.v4.new_notebook(cells=[graded_test_cell([], score=3), thief, honest])
    nb, _ = FeedbackWithoutHiddenTests().preprocess(nb, {})
    assert "f(-7)" not in nb.cells[1].outputs[0]["text"] and "withheld" in nb.cells[1].outputs[0]["text"]
    assert nb.cells[2].outputs[0]["text"] == "2\n"


def test_an_error_raised_by_student_code_shows_its_name_but_not_the_hidden_input_it_quotes():
    error = nbformat.v4.new_output("error", ename="KeyError", evalue="-7", traceback=["KeyError: -7"])
    cell = feedback_of(graded_test_cell([error], score=0))
    assert cell.outputs[0]["text"].startswith("Tests failed (0 of 3 points): KeyError: (its message is not shown")
    assert "-7" not in cell.outputs[0]["text"]
