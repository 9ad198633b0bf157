"""Colab rehearsal: the notebooks' own install cell on Colab's Python, next to a preinstalled TensorFlow.

Google Colab runs Python 3.12 with TensorFlow already installed; students run the first cell of a
lecture, which installs the kit from its release tag, then the lecture itself. This test plays
that out in a fresh venv of Python 3.12 (from pyenv): TensorFlow first, then the install cell run
by IPython with ``google.colab`` present and the repository URL pointing at a local copy of this
checkout tagged as the release, then each lecture's cells up to its first gap (imports, data,
first results) in a folder without the repository, as on Colab. It checks that the kit did not
bring a second TensorFlow and that ``pip check`` is clean, then runs the ILP's tests there (PuLP 4,
which only Python >= 3.12 gets, is where the kit once broke on Colab).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from edulab import project

REPOSITORY = Path(__file__).resolve().parents[1]
COLAB_PYTHON = "3.12"
#: Distributions that each carry a whole TensorFlow; two of them in one environment break both.
TENSORFLOW_BUILDS = ("tensorflow", "tensorflow-cpu", "tensorflow-intel", "tensorflow-macos", "tf-nightly")

pytestmark = [pytest.mark.slow, pytest.mark.colab]


def colab_python() -> Path | None:
    """The newest pyenv Python 3.12, or None where pyenv or that version is missing."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return None
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
    found = sorted(Path(root).glob(f"versions/{COLAB_PYTHON}.*/bin/python3"))
    return found[-1] if found else None


def release_copy(folder: Path) -> Path:
    """This checkout (tracked and new files, as they are now) as a git repository tagged as the release."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPOSITORY / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    git = ["git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@localhost"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", project.RELEASE]):
        subprocess.run([*git, *command], cwd=folder, check=True)
    return folder


def run(command: list, *, env: dict, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def first_cells(lecture: project.Lecture) -> str:
    """The student version's code cells before its first answer cell, as one IPython script."""
    cells = nbformat.read(REPOSITORY / "lectures" / lecture.notebook, as_version=4).cells
    sources = []
    for cell in cells:
        if cell.cell_type != "code":
            continue
        if cell.metadata.get("nbgrader", {}).get("solution"):
            break
        sources.append(cell.source)
    return "\n\n".join(sources[1:])  # the install cell already ran


def test_colab_install_keeps_one_tensorflow_and_every_lecture_starts(tmp_path):
    python = colab_python()
    if python is None:
        pytest.skip(f"Colab rehearsal needs Python {COLAB_PYTHON} from pyenv, which this machine lacks")
    venv, content = tmp_path / "venv", tmp_path / "content"
    content.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "EDULAB_DATA_HOME": str(tmp_path / "data"),
        "EDULAB_FAST": "1",
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    run([python, "-m", "venv", venv], env=env, cwd=tmp_path, timeout=120)
    pip = [venv / "bin" / "python", "-m", "pip"]
    run([*pip, "install", "--quiet", "--upgrade", "pip"], env=env, cwd=tmp_path, timeout=300)  # Colab's is current
    run([*pip, "install", "--quiet", "tensorflow-cpu", "ipython"], env=env, cwd=tmp_path, timeout=900)

    repository = release_copy(tmp_path / "edulab")
    cell = project.COLAB_INSTALL_CELL.replace(project.REPOSITORY_URL, repository.as_uri())
    assert repository.as_uri() in cell, "the install cell no longer names the repository URL"
    script = tmp_path / "install.ipy"
    script.write_text("import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')\n" + cell)
    run([venv / "bin" / "ipython", "--quick", script], env=env, cwd=content, timeout=900)

    installed = json.loads(run([*pip, "list", "--format", "json"], env=env, cwd=tmp_path, timeout=120).stdout)
    names = [package["name"].lower().replace("_", "-") for package in installed]
    builds = [name for name in names if name in TENSORFLOW_BUILDS]
    assert builds == ["tensorflow-cpu"], f"the kit changed Colab's TensorFlow: builds installed {builds}"
    run([*pip, "check"], env=env, cwd=tmp_path, timeout=120)
    version = run(
        [venv / "bin" / "python", "-c", "import edulab; print(edulab.__version__, edulab.__file__)"],
        env=env,
        cwd=content,
        timeout=60,
    ).stdout
    assert version.startswith(project.RELEASE.lstrip("v")) and str(REPOSITORY) not in version

    failures = []
    for lecture in project.LECTURES:
        script = tmp_path / f"{lecture.folder}.ipy"
        script.write_text(first_cells(lecture))
        done = subprocess.run(
            [venv / "bin" / "ipython", "--quick", script],
            env=env,
            cwd=content,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or "Traceback" in done.stdout + done.stderr:
            failures.append(f"{lecture.folder}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    assert not failures, "\n\n".join(failures)

    # The ILP is where PuLP 4 (Python >= 3.12 only) differs: its tests run on the installed release,
    # with the test tools and CBC (PuLP 4's separate binary) that the dev extra would bring.
    run([*pip, "install", "--quiet", "pytest", "hypothesis", "pulp[cbc]"], env=env, cwd=tmp_path, timeout=300)
    done = run(
        [venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/planning"],
        env=env,
        cwd=repository,
        timeout=900,
    )
    print(
        f"Colab rehearsal, Python {COLAB_PYTHON}: {len(project.LECTURES)} lectures started; tests/planning:",
        done.stdout.strip().splitlines()[-1],
    )
