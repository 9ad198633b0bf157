"""Fixtures of the planning tests: a hand-written tiny school and small generated ones."""

from __future__ import annotations

import copy

import pytest

from edulab.planning.generator import generate_instance
from edulab.planning.instance import Instance

#: 12 learners, two courses of four modules (course 0 in regular rooms, course 1 in a lab),
#: a regular room of 8 seats (self-study allowed), a lab of 6, a self-study room of 10; three
#: teachers: first-degree for course 0, second-degree for course 1, third-degree (self-study only).
TINY = {
    "learners": [{"id": i, "year": 1 + i % 2} for i in range(12)],
    "classrooms": [
        {"id": 0, "capacity": 8, "self_study_allowed": True, "room_type": 1},
        {"id": 1, "capacity": 6, "self_study_allowed": False, "room_type": 2},
        {"id": 2, "capacity": 10, "self_study_allowed": True, "room_type": 999},
    ],
    "modules": [{"id": m, "room_type": 1 if m < 4 else 2, "qualification": 2 if m % 4 < 2 else 1} for m in range(8)],
    "teachers": [
        {"id": 0, "degree": 1, "frm_module": 0, "to_module": 4},
        {"id": 1, "degree": 2, "frm_module": 4, "to_module": 8},
        {"id": 2, "degree": 3, "frm_module": 0, "to_module": 8},
    ],
    "penalty": 0.5,
    "min_batch": 3,
    "max_batch": 6,
    # Learners 0-5 want module 1 most (course 0), 6-11 want module 5 (course 1); each also has a
    # weaker demand in the other course.
    "preferences": [[[l, 1], 4.0 + l / 10] for l in range(6)]
    + [[[l, 4 + (l % 2)], 1.0] for l in range(6)]
    + [[[l, 5], 3.0 + l / 10] for l in range(6, 12)]
    + [[[l, l % 2], 0.5] for l in range(6, 12)],
}


@pytest.fixture
def tiny_data() -> dict:
    """The JSON structure of the tiny school (a fresh copy to corrupt)."""
    return copy.deepcopy(TINY)


@pytest.fixture(scope="session")
def tiny() -> Instance:
    return Instance.from_dict(copy.deepcopy(TINY), source="tiny")


@pytest.fixture(scope="session")
def school() -> Instance:
    """A generated 60-learner school with spread demands (seconds for the ILP)."""
    return generate_instance(learners=60, sigma=1.0, qualification_mix=(0.5, 0.5, 0.0), random_state=3)


@pytest.fixture(scope="session")
def medium() -> Instance:
    """A generated 160-learner school, as in the lecture."""
    return generate_instance(learners=160, sigma=1.0, qualification_mix=(0.5, 0.5, 0.0), random_state=0)
