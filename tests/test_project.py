"""Facts kept in one place: the Colab cell of every notebook, the README's links and commands."""

from pathlib import Path

import nbformat
import pytest

from edulab import project

REPOSITORY = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPOSITORY / "solutions").glob("*/*.ipynb")) + sorted((REPOSITORY / "lectures").glob("*/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_first_code_cell_installs_the_kit_on_colab_only(path):
    cells = nbformat.read(path, as_version=4).cells
    first_code = next(cell for cell in cells if cell.cell_type == "code")
    assert first_code.source == project.COLAB_INSTALL_CELL
    assert 'if "google.colab" in sys.modules:' in first_code.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_no_notebook_fetches_remote_code_or_mounts_a_drive(path):
    text = path.read_text(encoding="utf-8")
    for forbidden in ("drive.mount", "urlopen(", "requests.get(", "wget ", "curl ", "exec(", "!pip"):
        assert forbidden not in text, f"{path.name} contains {forbidden!r}"


def test_every_lecture_is_in_the_project_list():
    folders = sorted(p.name for p in (REPOSITORY / "solutions").iterdir() if p.is_dir())
    listed = [lecture.folder for lecture in project.LECTURES]
    assert set(folders) <= set(listed), f"add {set(folders) - set(listed)} to edulab.project.LECTURES"


def test_readme_links_every_lecture_on_colab_and_gives_the_two_commands():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for lecture in project.LECTURES:
        if (REPOSITORY / "lectures" / lecture.notebook).is_file():
            assert lecture.colab_url in readme, f"README lacks the Colab link of {lecture.folder}"
    first_screen = "\n".join(readme.splitlines()[:45])
    assert "make lab" in first_screen and "make test" in first_screen


def test_ci_runs_the_readme_test_command():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme
    assert any(line.strip() == "make test" for line in ci.splitlines())
