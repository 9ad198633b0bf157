"""The grading round trip of every assignment, in a temporary course.

For each folder of ``solutions/``: a fresh ``nbgrader generate_assignment`` equals the committed
``lectures/``; the solution, submitted as a student, executes without an error and scores full
marks (this is also the test that every solution notebook runs top to bottom in the fast
budget); the untouched student version scores 0 on every autograded test without crashing the
grader (in the first interpreter's run only: ``once``); and ``lectures/`` holds no solution code
and no hidden test. On the small getting-started assignment, a submission with a syntax error and
one with an endless loop are graded within the timeout. Every submission runs in the grading sandbox (edulab.grading), as a class's would.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from edulab import course

REPOSITORY = Path(__file__).resolve().parents[1]
ASSIGNMENTS = course.assignments(REPOSITORY)
GETTING_STARTED = "00_getting_started"


@pytest.fixture(scope="module")
def temp_course(tmp_path_factory) -> Path:
    return course.temporary_course(REPOSITORY, tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def generated(request, temp_course) -> str:
    """One assignment generated in the temporary course: its student version and gradebook entry."""
    course.generate(temp_course, request.param)
    return request.param


def _comparable(path: Path) -> list[tuple]:
    """What a student sees of a notebook: cell kinds, sources and cell metadata."""
    nb = nbformat.read(path, as_version=4)
    return [(cell.cell_type, cell.source, dict(cell.metadata)) for cell in nb.cells]


def test_committed_lectures_equal_a_fresh_generation(generated, temp_course):
    name = generated
    fresh = sorted((temp_course / "lectures" / name).glob("*.ipynb"))
    committed = sorted((REPOSITORY / "lectures" / name).glob("*.ipynb"))
    assert [p.name for p in committed] == [p.name for p in fresh], f"lectures/{name} lacks notebooks"
    for new, old in zip(fresh, committed):
        assert _comparable(old) == _comparable(new), (
            f"lectures/{name}/{old.name} drifted from solutions/: run `python -m edulab.course generate {name}`"
        )


def test_solution_runs_without_errors_and_scores_full_marks(generated, temp_course):
    name, solution = generated, course.grade_demo(temp_course, generated, course.SOLUTION_STUDENT)
    assert solution.errors == [], f"{name}: cells raised while the solution was graded"
    assert solution.tests > 0, f"{name} has no autograded test"
    assert solution.score == solution.max_score > 0, f"{name}: solution scored {solution.score}/{solution.max_score}"


# The blank runs nearly the whole notebook (60-70 s for lectures 01, 02 and 04), and that its tests
# all fail is a property of the notebook, not of the interpreter: the solution's run above is what
# shows a lecture works on each Python, so the blank is graded in the first run only.
@pytest.mark.slow
@pytest.mark.once
def test_blank_scores_zero_on_every_test(generated, temp_course):
    name, blank = generated, course.grade_demo(temp_course, generated, course.BLANK_STUDENT)
    assert blank.tests > 0
    assert blank.score == 0, f"{name}: the untouched student version scored {blank.score}"
    assert blank.tests_passed == 0 and len(blank.zero_tests) == blank.tests


def _marked_regions(text: str, begin: str, end: str) -> list[str]:
    pattern = re.escape(begin) + r"(.*?)" + re.escape(end)
    return [region.strip() for region in re.findall(pattern, text, flags=re.S) if region.strip()]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_lectures_hold_no_solution_and_no_hidden_test(name):
    lecture_text = "\n".join(p.read_text(encoding="utf-8") for p in (REPOSITORY / "lectures" / name).rglob("*.ipynb"))
    assert lecture_text, f"lectures/{name} is empty"
    for marker in (*course.SOLUTION_MARKERS, *course.HIDDEN_MARKERS, *course.MARK_SCHEME_MARKERS):
        assert marker not in lecture_text, f"lectures/{name} contains {marker!r}"
    lecture_sources = [
        cell.source
        for path in (REPOSITORY / "lectures" / name).glob("*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells
    ]
    for path in course.source_notebooks(REPOSITORY, name):
        for cell in nbformat.read(path, as_version=4).cells:
            secret = (
                _marked_regions(cell.source, *course.SOLUTION_MARKERS)
                + _marked_regions(cell.source, *course.HIDDEN_MARKERS)
                + _marked_regions(cell.source, *course.MARK_SCHEME_MARKERS)
            )
            for region in secret:
                for line in (line.strip() for line in region.splitlines()):
                    if len(line) > 25:  # long enough to be specific to the answer
                        assert not any(line in source for source in lecture_sources), (
                            f"lectures/{name} shows a line of a solution or hidden test: {line!r}"
                        )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_sources_are_normalised(name, tmp_path):
    for path in course.source_notebooks(REPOSITORY, name):
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        assert not course.normalise(copy), (
            f"run `python -m edulab.course normalise {name}`: {path.name} is not normalised"
        )


def _submit_with_answer_replaced(temp_course: Path, student: str, grade_id: str, new_source: str) -> None:
    (source,) = course.source_notebooks(temp_course, GETTING_STARTED)
    nb = nbformat.read(source, as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    cell.source = new_source
    folder = course.submit(temp_course, GETTING_STARTED, student, [])
    nbformat.write(nb, folder / source.name)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("student", "broken_source"),
    [
        pytest.param("syntax-error", "def skill_correct_rate(answers:\n    return answers.groupby(", id="syntax-error"),
        # It waits out the configured 120 s cell timeout: the interrupt is nbclient's and the
        # sandbox's, not the interpreter's, so the first interpreter's run checks it (``once``).
        pytest.param(
            "endless-loop",
            "def skill_correct_rate(answers):\n    pass\n\nwhile True:\n    pass",
            marks=pytest.mark.once,
            id="endless-loop",
        ),
    ],
)
def test_broken_submissions_are_graded_within_the_timeout(temp_course, student, broken_source):
    timeout = PyFileConfigLoader("nbgrader_config.py", path=str(REPOSITORY)).load_config().Execute.timeout
    course.generate(temp_course, GETTING_STARTED)
    _submit_with_answer_replaced(temp_course, student, "skill-rate-answer", broken_source)

    start = time.perf_counter()
    grade = course.autograde(temp_course, GETTING_STARTED, student, timeout=timeout + 120)
    elapsed = time.perf_counter() - start

    assert elapsed < timeout + 90, f"grading took {elapsed:.0f} s with a {timeout} s cell timeout"
    assert "skill-rate-tests" in grade.zero_tests, "the broken gap must score 0"
    assert grade.tests_passed == grade.tests - 1, "the other gap must still be graded normally"
    assert 0 < grade.score < grade.max_score


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_students_see_every_manually_graded_question(name):
    """nbgrader blanks a manually graded answer cell: its question must stand in the cell before."""
    for path in sorted((REPOSITORY / "lectures" / name).glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        for index, cell in enumerate(cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"):
                before = re.sub(r"#+[^\n]*", "", cells[index - 1].source if index else "").strip()
                assert len(before) >= 40, f"{path.name}: the question of {meta['grade_id']!r} is not visible"
