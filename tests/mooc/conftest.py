"""Small simulated courses shared by the mooc tests."""

from __future__ import annotations

import pytest

from edulab.mooc.synthetic import MoocSimulator
from edulab.recurrent.splits import split_students


@pytest.fixture(scope="session")
def small_course():
    """300 simulated learners (seed 7)."""
    return MoocSimulator(n_students=300).simulate(7)


@pytest.fixture(scope="session")
def small_arrays(small_course):
    return small_course.arrays()


@pytest.fixture(scope="session")
def small_split(small_arrays):
    return split_students(small_arrays.students, labels=small_arrays.labels, random_state=0)
