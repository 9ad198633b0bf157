"""The source-notebook rules that `python -m edulab.course normalise` enforces."""

from pathlib import Path

import nbformat
import pytest

from edulab import course
from edulab.project import COLAB_INSTALL_CELL


def answer_cell(source, grade_id="answer"):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "grade_id": grade_id,
        "locked": False,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }
    return cell


def test_cell(source, grade_id="tests", points=1, locked=True):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": grade_id,
        "locked": locked,
        "points": points,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    return cell


test_cell.__test__ = False


def write(tmp_path, cells):
    path = tmp_path / "nb.ipynb"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="stale")] if nb.cells[0].cell_type == "code" else []
    nbformat.write(nb, path)
    return path


def test_normalise_adds_the_colab_cell_metadata_and_strips_outputs(tmp_path):
    path = write(tmp_path, [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("# Title")])
    assert course.normalise(path)
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source == COLAB_INSTALL_CELL
    assert all(cell.metadata["nbgrader"]["locked"] for cell in nb.cells)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    assert not course.normalise(path), "normalising twice changes nothing"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([answer_cell("### BEGIN SOLUTION\nx = 1")], "do not pair up"),
        ([test_cell("assert x", points=0)], "needs points"),
        ([test_cell("assert x", locked=False)], "must be locked"),
        ([nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx=1\n### END SOLUTION")], "not marked as an answer"),
        ([answer_cell("### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS")], "not a test cell"),
        ([answer_cell("x = 1", "same"), test_cell("assert x", "same")], "grade_id 'same'"),
    ],
)
def test_broken_sources_are_refused_with_the_cell_named(tmp_path, cells, message):
    path = write(tmp_path, cells)
    with pytest.raises(course.NotebookError, match=message):
        course.normalise(path)


def test_unknown_assignment_lists_the_known_ones(repository):
    with pytest.raises(FileNotFoundError, match="00_getting_started"):
        course.source_notebooks(repository, "99_nothing")


def test_grade_table_lists_each_submission():
    grades = [
        course.Grade("00_getting_started", "demo-solution", 5, 5, 2, 2, 4.0),
        course.Grade("00_getting_started", "demo-blank", 0, 5, 0, 2, 3.0, errors=["x"]),
    ]
    table = course.grade_table(grades).splitlines()
    assert len(table) == 4 and "demo-blank" in table[3] and "0 / 5" in table[3]


def _config(root):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def test_demo_students_get_a_gradebook_of_their_own(tmp_path, repository):
    root = course.temporary_course(repository, tmp_path / "class", ["00_getting_started"])
    demo = course.demo_course(root, ["00_getting_started"])
    assert demo == root / "grading" / "demo" and (demo / "solutions" / "00_getting_started").is_dir()
    class_db, demo_db = _config(root).CourseDirectory.db_url, _config(demo).CourseDirectory.db_url
    assert class_db != demo_db and str(demo / "grading") in demo_db
    assert _config(root).CsvExportPlugin.to == str(root / "grading" / "grades.csv")


def test_only_the_two_demo_students_can_be_graded_as_demos(tmp_path, repository):
    root = course.temporary_course(repository, tmp_path / "class", ["00_getting_started"])
    with pytest.raises(ValueError, match="'ada'.*demo-solution.*demo-blank"):
        course.grade_demo(root, "00_getting_started", "ada")
    with pytest.raises(FileNotFoundError, match="generate it first"):
        course.grade_demo(root, "00_getting_started", course.BLANK_STUDENT)


def test_the_exchange_comes_from_the_configuration(tmp_path, repository, monkeypatch):
    root = course.temporary_course(repository, tmp_path / "class", ["00_getting_started"])
    monkeypatch.delenv("EDULAB_EXCHANGE", raising=False)
    assert course.exchange_root(root) == Path("/srv/nbgrader/exchange")
    monkeypatch.setenv("EDULAB_EXCHANGE", str(tmp_path / "exchange"))
    assert course.exchange_root(root) == tmp_path / "exchange"


def test_grader_warnings_keep_what_matters():
    log = "\n".join(
        [
            "[AutogradeApp | INFO] Sanitizing x.ipynb",
            "[AutogradeApp | WARNING] the graded cell double-tests was missing from the submission: restored and graded",
            "[AutogradeApp | ERROR] Timeout waiting for execute reply (10s).",
        ]
    )
    assert course.grader_warnings(log) == [
        "[AutogradeApp | WARNING] the graded cell double-tests was missing from the submission: restored and graded"
    ]
