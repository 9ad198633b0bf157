"""The sandbox of student kernels (edulab.grading.sandbox, edulab.grading.execute), piece by piece."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import nbformat
import pytest

from edulab import course
from edulab.grading import execute, sandbox
from edulab.grading.sandbox import Limits, Sandbox, SandboxUnavailable


@pytest.fixture
def no_bwrap(monkeypatch):
    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-that-is-not-installed")
    sandbox.sandbox_problem.cache_clear()
    yield
    sandbox.sandbox_problem.cache_clear()


def run_inside(tmp_path, code: str, limits: Limits | None = None, **kwargs) -> subprocess.CompletedProcess:
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    with Sandbox.for_folder(folder, limits, **kwargs) as box:
        return subprocess.run(box.wrap([sys.executable, "-c", code]), capture_output=True, text=True, timeout=120)


def test_the_sandbox_works_here():
    assert sandbox.sandbox_problem() is None, "CI installs bubblewrap (.ci/run); install it locally too"


@pytest.mark.parametrize("name", ["memory_bytes", "cpu_seconds", "wall_seconds", "tmp_bytes", "file_bytes"])
def test_limits_must_be_positive(name):
    with pytest.raises(ValueError, match=f"Limits.{name}=0"):
        Limits(**{name: 0})


def test_the_working_folder_is_a_copy_without_notebooks(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "data.csv").write_text("1,2\n")
    (folder / "answers.ipynb").write_text("BEGIN HIDDEN TESTS")
    (folder / "sub").mkdir()
    (folder / "sub" / "more.ipynb").write_text("{}")
    result = run_inside(tmp_path, "import os; print(sorted(os.listdir('.')), os.listdir('sub'))")
    assert result.stdout.split() == ["['data.csv',", "'sub']", "[]"], result.stderr


def test_the_grader_files_environment_and_network_are_out_of_reach(tmp_path, monkeypatch):
    secret = tmp_path / "grading" / "gradebook.db"
    secret.parent.mkdir()
    secret.write_text("grades")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "do-not-leak")
    code = (
        "import os, socket, sys\n"
        f"print(os.path.exists({str(secret)!r}), os.path.exists(os.path.expanduser('~root/.bashrc')))\n"
        "print(os.environ.get('JUPYTERHUB_API_TOKEN'), os.environ['NBGRADER_EXECUTION'])\n"
        "print(sorted(n for _, n in socket.if_nameindex()))\n"
        "try:\n    open(sys.executable + '.x', 'w')\nexcept OSError as e:\n    print(type(e).__name__)\n"
    )
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    result = run_inside(tmp_path, code)
    assert result.stdout.splitlines() == ["False False", "None autograde", "['lo']", "OSError"], result.stderr


@pytest.mark.slow
def test_memory_cpu_and_wall_time_are_bounded(tmp_path):
    limits = Limits(memory_bytes=512 * 2**20, cpu_seconds=2, wall_seconds=4)
    bomb = run_inside(tmp_path, "x = bytearray(2**30)", limits)
    assert "MemoryError" in bomb.stderr
    start = time.perf_counter()
    spinner = run_inside(tmp_path, "while True: pass", limits)
    assert spinner.returncode in (128 + signal.SIGXCPU, 128 + signal.SIGKILL, 128 + signal.SIGALRM)
    sleeper = run_inside(tmp_path, "import time; time.sleep(60)", limits)
    assert sleeper.returncode == 128 + signal.SIGALRM, "bwrap reports the signal that ended the kernel"
    assert time.perf_counter() - start < 30


def test_a_course_folder_is_never_bound(tmp_path, repository):
    box = Sandbox(tmp_path, forbidden=(repository / "lib" / "edulab",))
    with pytest.raises(SandboxUnavailable, match="would expose"):
        box.wrap(["true"])


def test_grading_refuses_without_a_sandbox_and_says_how_to_go_on(no_bwrap):
    with pytest.raises(SandboxUnavailable, match=r"bubblewrap.*--unsafe"):
        course._sandbox_arguments(unsafe=False)
    assert course._sandbox_arguments(unsafe=True) == ["--SandboxedExecute.unsafe=True"]


def test_the_preprocessor_refuses_too(no_bwrap, tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    with pytest.raises(SandboxUnavailable, match="SandboxedExecute.unsafe=True"):
        execute.SandboxedExecute().preprocess(nb, {"metadata": {"path": str(tmp_path)}})


@pytest.mark.slow
def test_a_dying_kernel_costs_its_cell_and_execution_goes_on(tmp_path):
    sources = ["x = 41", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "print(x + 1)"]
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nb, _ = execute.SandboxedExecute(timeout=30).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert [o["ename"] for o in nb.cells[1].outputs if o["output_type"] == "error"] == ["KernelDied"]
    assert nb.cells[2].outputs[0]["text"] == "42\n", "the new kernel replayed the cells before"


def test_the_data_cache_is_readable_but_not_writable(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    (cache / "set").mkdir(parents=True)
    (cache / "set" / "a.csv").write_text("1")
    monkeypatch.setenv("EDULAB_DATA_HOME", str(cache))
    code = (
        "import os\nfrom pathlib import Path\nhome = Path(os.environ['EDULAB_DATA_HOME'])\n"
        "print((home / 'set' / 'a.csv').read_text())\n(home / 'set' / 'b.csv').write_text('2')\n"
        "try:\n    (home / 'set' / 'a.csv').write_text('poisoned')\nexcept OSError as e:\n    print(type(e).__name__)\n"
    )
    result = run_inside(tmp_path, code)
    assert result.stdout.split() == ["1", "OSError"], result.stderr
    assert (cache / "set" / "a.csv").read_text() == "1" and not (cache / "set" / "b.csv").exists()


def test_the_command_line_checks_the_sandbox_and_refuses_without_it(no_bwrap, tmp_path, repository, capsys):
    from edulab.cli import main

    assert main(["course", "check"]) == 1
    assert "bubblewrap" in capsys.readouterr().out
    root = course.temporary_course(repository, tmp_path / "class", ["00_getting_started"])
    course.submit(root, "00_getting_started", "alice", [])
    assert main(["course", "autograde", "00_getting_started", "--course-dir", str(root)]) == 2
    assert "--unsafe" in capsys.readouterr().err
