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
