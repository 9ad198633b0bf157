"""Where the kit runs and how much work it may do there.

Every lecture reads one switch, the *budget*: the full budget by default, the fast budget when
nbgrader executes the notebook (it sets ``NBGRADER_EXECUTION``), when ``EDULAB_FAST=1``, or under
the test suite. Heavy cells ask :func:`choose` for their sizes, so the same notebook trains on all
the data for a student and on a sample when a class is graded.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import TypeVar

import numpy as np

from edulab.files import ensure_folder

T = TypeVar("T")

FAST_ENV = "EDULAB_FAST"
DATA_HOME_ENV = "EDULAB_DATA_HOME"
MIRROR_ENV = "EDULAB_DATA_MIRROR"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def is_fast() -> bool:
    """Return True when the fast budget is in force.

    Fast when nbgrader is executing the notebook (``NBGRADER_EXECUTION`` is set), when
    ``EDULAB_FAST`` is true, or when pytest is running. ``EDULAB_FAST=0`` forces the full
    budget everywhere except under nbgrader, whose grading must stay cheap.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    flag = os.environ.get(FAST_ENV, "").strip().lower()
    if flag in _TRUE:
        return True
    if flag not in _FALSE:
        raise ValueError(f"{FAST_ENV}={os.environ[FAST_ENV]!r}: expected 1/0, true/false, yes/no or on/off")
    if flag == "0":
        return False
    return _under_pytest()


def _under_pytest() -> bool:
    return "PYTEST_CURRENT_TEST" in os.environ


def budget_name() -> str:
    """``"fast"`` or ``"full"``, for printing."""
    return "fast" if is_fast() else "full"


def choose(*, fast: T, full: T) -> T:
    """Return ``fast`` in the fast budget and ``full`` otherwise.

    Examples
    --------
    >>> epochs = choose(fast=1, full=30)
    """
    return fast if is_fast() else full


def expect(full: str, fast: str, what: str = "The next cell") -> None:
    """Print how long the next step takes, before a cell that runs for more than a minute."""
    took = fast if is_fast() else full
    print(f"{what} takes about {took} in the {budget_name()} budget (full: {full}; fast: {fast}).")


def seed_everything(seed: int, *, tensorflow: bool | None = None) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global state and TensorFlow; return a fresh Generator.

    Parameters
    ----------
    seed
        A non-negative integer.
    tensorflow
        Seed TensorFlow and Keras too. ``None`` (default) seeds them when TensorFlow is already
        imported, so a notebook that never uses it does not pay its 4 s import.

    Returns
    -------
    numpy.random.Generator
        ``np.random.default_rng(seed)``, to pass on to library functions.
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    os.environ["PYTHONHASHSEED"] = str(seed)
    if tensorflow is None:
        tensorflow = "tensorflow" in sys.modules
    if tensorflow:
        quiet_tensorflow()
        import keras

        keras.utils.set_random_seed(seed)
    return np.random.default_rng(seed)


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ start-up logs; effective when called before its import."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def in_colab() -> bool:
    """True inside a Google Colab runtime."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def platform_name() -> str:
    """``"colab"``, ``"jupyterhub"`` (Noto and other hubs) or ``"local"``."""
    if in_colab():
        return "colab"
    if os.environ.get("JUPYTERHUB_USER") or os.environ.get("JUPYTERHUB_API_URL"):
        return "jupyterhub"
    return "local"


def data_home() -> Path:
    """The folder where downloaded and generated data are cached (created on demand).

    ``EDULAB_DATA_HOME`` when set; otherwise ``$XDG_CACHE_HOME/edulab`` or ``~/.cache/edulab``.
    """
    explicit = os.environ.get(DATA_HOME_ENV)
    if explicit:
        home = Path(explicit).expanduser()
    else:
        cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        home = Path(cache) / "edulab"
    return ensure_folder(home, what=f"the data cache (set {DATA_HOME_ENV} to another folder)")


def data_mirror() -> Path | None:
    """The mirror folder named by ``EDULAB_DATA_MIRROR``, or None when unset.

    A mirror holds copies of the public files under the same relative paths as the registry,
    and replaces the network (offline machines, CI, a course server).
    """
    value = os.environ.get(MIRROR_ENV)
    if not value:
        return None
    mirror = Path(value).expanduser()
    if not mirror.is_dir():
        raise FileNotFoundError(f"{MIRROR_ENV}={value!r} is not a folder")
    return mirror


def repository_root() -> Path | None:
    """The root of the kit's checkout when the package runs from one (editable install), else None."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "lib" / "edulab").is_dir():
        return root
    return None


_REPORTED_PACKAGES = (
    "numpy",
    "pandas",
    "scikit-learn",
    "tensorflow",
    "tensorflow-cpu",
    "keras",
    "alns",
    "pulp",
    "highspy",
    "nbgrader",
)


def environment_report() -> dict[str, str]:
    """Versions and settings a teaching assistant asks for first; imports nothing heavy."""
    import platform
    from importlib import metadata

    report = {
        "python": platform.python_version(),
        "platform": platform_name(),
        "budget": budget_name(),
        "data home": str(data_home()),
        "data mirror": str(data_mirror() or "(none)"),
    }
    for package in _REPORTED_PACKAGES:
        try:
            report[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            report[package] = "not installed"
    return report
