"""Facts about the kit itself, kept in one place: its repository, its release, its lectures, its Colab cell."""

from __future__ import annotations

from dataclasses import dataclass

from edulab import __version__

#: The public repository of the kit. Colab installs from it, README links point into it.
REPOSITORY = "edulab-course/edulab"
REPOSITORY_URL = f"https://github.com/{REPOSITORY}"

#: The git tag of this release (``edulab.__version__`` is the one place to change). Colab badges
#: open the notebooks of this tag and their first cell installs the library of the same tag, so
#: a student never mixes a notebook with a library from another day's ``main``.
RELEASE = f"v{__version__}"

#: The pip requirement that installs the kit's release (no TensorFlow extra: Colab has its own).
PIP_REQUIREMENT = f"edulab @ git+{REPOSITORY_URL}@{RELEASE}"

#: The first code cell of every notebook: installs the kit on Colab, does nothing elsewhere.
COLAB_INSTALL_CELL = f"""\
# On Google Colab, install the course kit, release {RELEASE} (about a minute); elsewhere this does nothing.
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "{PIP_REQUIREMENT}"\
"""


@dataclass(frozen=True)
class Lecture:
    """One assignment of the course: a folder in ``solutions/`` and ``lectures/``."""

    folder: str
    title: str

    @property
    def notebook(self) -> str:
        """The notebook's path inside ``lectures/`` (and ``solutions/``)."""
        return f"{self.folder}/{self.folder}.ipynb"

    @property
    def colab_url(self) -> str:
        """Opens the student version of the notebook on Colab."""
        return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{RELEASE}/lectures/{self.notebook}"


LECTURES = (
    Lecture("00_getting_started", "Getting started"),
    Lecture("01_dkt", "Deep knowledge tracing: padding, masking and grid search"),
    Lecture("02_mooc", "MOOC weekly tracing and early pass/fail prediction"),
    Lecture("03_advising", "Course advising with correlation analysis and AHP"),
    Lecture("04_timetabling", "Course timetabling with a genetic algorithm and simulated annealing"),
    Lecture("05_alns", "ALNS against an exact ILP for hourly learning activity planning"),
)
