"""Test-suite settings shared by every test.

- The fast budget is in force (``EDULAB_FAST=1``), for the tests and for the notebook kernels
  they start.
- Downloads go to a temporary data home, never to the user's cache.
- ``shared_data`` points at the copies of the public datasets (``../shared/data`` next to the
  checkout, or ``EDULAB_SHARED_DATA``); tests that need them skip cleanly when they are absent,
  and set them as the registry's mirror so nothing touches the network.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]

os.environ["EDULAB_FAST"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("MPLBACKEND", "Agg")


def shared_data_folder() -> Path | None:
    """The folder of public data copies, or None when this machine has none."""
    explicit = os.environ.get("EDULAB_SHARED_DATA")
    candidates = [Path(explicit)] if explicit else [REPOSITORY.parent / "shared" / "data"]
    return next((path for path in candidates if path.is_dir()), None)


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_home(tmp_path_factory):
    """Start from an empty cache (never the user's) and use the data copies as the mirror."""
    keys = ("EDULAB_DATA_HOME", "EDULAB_DATA_MIRROR")
    previous = {key: os.environ.get(key) for key in keys}
    os.environ["EDULAB_DATA_HOME"] = str(tmp_path_factory.mktemp("data_home"))
    folder = shared_data_folder()
    if folder is None:
        os.environ.pop("EDULAB_DATA_MIRROR", None)
    else:
        os.environ["EDULAB_DATA_MIRROR"] = str(folder)
    yield
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data copies (also the registry's mirror); skips the test when absent."""
    folder = shared_data_folder()
    if folder is None:
        pytest.skip("the public data copies (../shared/data or EDULAB_SHARED_DATA) are not on this machine")
    return folder


@pytest.fixture(scope="session")
def repository() -> Path:
    """The root of the checkout."""
    return REPOSITORY


@pytest.fixture
def exit_status():
    """``exit_status(argv)``: the exit status of ``edulab argv`` (argparse exits with 2 on a bad option)."""
    from edulab.cli import main

    def run(argv) -> int:
        try:
            return main(argv)
        except SystemExit as exit_info:
            return exit_info.code

    return run


# --- how make test shares the suite between its two processes ----------------------------------
#: Scopes that take minutes, about longest first (``--durations`` of make test on 2 cores). Under
#: ``--dist loadscope`` pytest-xdist orders scopes by their number of tests, so these few-test
#: scopes (a Colab rehearsal, a class of 30) started last and one process ran alone for minutes at
#: the end; started first, the many short scopes fill in the end. A renamed scope only loses its
#: place in the queue.
HEAVY_SCOPES = (
    "tests/grading/test_scale.py",
    "tests/test_colab.py",
    "tests/test_grading.py[01_dkt]",
    "tests/catalogue/test_catalogue.py[gaps_01_dkt]",
    "tests/catalogue/test_catalogue.py[gaps_02_mooc]",
    "tests/test_grading.py[02_mooc]",
    "tests/test_grading.py[04_timetabling]",
    "tests/grading/test_exchange.py",
    "tests/grading/test_parallel.py",
    "tests/test_grading.py[05_alns]",
    "tests/test_grading.py[endless-loop]",
    "tests/grading/test_interrupt.py",
    "tests/catalogue/test_catalogue.py[gaps_04_timetabling]",
    "tests/catalogue/test_catalogue.py[gaps_05_alns]",
    "tests/catalogue/test_catalogue.py[gaps_03_advising]",
    "tests/test_grading.py[03_advising]",
    "tests/test_grading.py[00_getting_started]",
)
#: Modules whose parameters share no fixture and each take minutes (one lecture each): every
#: parameter is a scope of its own, so both processes take part.
SPREAD_BY_PARAMETER = ("tests/test_grading.py", "tests/catalogue/test_catalogue.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under ``--dist loadscope`` (make test): the heavy scopes first, lectures spread (above)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class HeavyFirstScheduling(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            if scope in SPREAD_BY_PARAMETER and nodeid.endswith("]"):
                return scope + nodeid[nodeid.index("[") :]
            return scope

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the queue is complete at the first assignment
                rank = {scope: index for index, scope in enumerate(HEAVY_SCOPES)}
                queue = sorted(self.workqueue.items(), key=lambda item: rank.get(item[0], len(rank)))
                self.workqueue.clear()
                self.workqueue.update(queue)
                self.ordered = True
            super()._assign_work_unit(node)

    return HeavyFirstScheduling(config, log)
