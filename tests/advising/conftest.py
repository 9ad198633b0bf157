"""Fixtures of the advising tests: a tiny hand-made curriculum and the shipped synthetic data."""

from __future__ import annotations

import pandas as pd
import pytest

from edulab.advising.curriculum import Course, Curriculum
from edulab.advising.synthetic import read_advising_folder


@pytest.fixture
def small_curriculum() -> Curriculum:
    """A -> C, B -> C, C -> D; E stands alone."""
    return Curriculum(
        [
            Course("A", "Course A", 3, 1),
            Course("B", "Course B", 4, 1),
            Course("C", "Course C", 3, 2, ("A", "B")),
            Course("D", "Course D", 2, 4, ("C",)),
            Course("E", "Course E", 1, 2),
        ]
    )


@pytest.fixture
def small_records() -> pd.DataFrame:
    """Three students; s2 failed A once; s3 never took C."""
    rows = [
        ("s1", "A", 1, 90, 1),
        ("s1", "B", 1, 80, 1),
        ("s1", "C", 2, 85, 1),
        ("s2", "A", 1, 50, 1),
        ("s2", "B", 1, 70, 1),
        ("s2", "A", 2, 65, 2),
        ("s2", "C", 3, 60, 1),
        ("s3", "A", 1, 100, 1),
        ("s3", "B", 1, 95, 1),
    ]
    return pd.DataFrame(rows, columns=["student", "course", "term", "grade", "attempt"])


@pytest.fixture(scope="session")
def synthetic(repository):
    """The shipped dataset, read from datasets/advising."""
    return read_advising_folder(repository / "datasets" / "advising")
