"""Placement: free rooms and teachers, activity members, and self-study seats for everyone."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.instance import Instance
from edulab.planning.placement import (
    NoRoomError,
    choose_members,
    free_room,
    free_teacher,
    initial_solution,
    place_in_self_study,
)
from edulab.planning.schedule import validate_schedule
from edulab.planning.state import PlanState

from .conftest import TINY


def test_initial_solution_puts_everyone_in_self_study(medium):
    state = initial_solution(medium)
    assert validate_schedule(medium, state.to_schedule()) == []
    assert state.self_study_share() == 1
    assert state.value == pytest.approx(medium.self_study_value.sum())
    # Largest rooms first: the 80-seat room is full.
    assert state.size[np.argmax(medium.capacity)] == 80


def test_choose_members_takes_gainers_then_tops_up():
    # Four gain, the fifth seat goes to the one who loses least.
    gains = np.array([2.0, -0.5, 1.0, -3.0, 0.5, 4.0])
    assert sorted(choose_members(gains, seats=10, min_batch=5).tolist()) == [0, 1, 2, 4, 5]
    # Seats cap the gainers, best first.
    assert sorted(choose_members(gains, seats=2, min_batch=1).tolist()) == [0, 5]
    # Too few candidates, or a group that loses overall, gives nothing.
    assert choose_members(gains[:3], seats=10, min_batch=5).size == 0
    assert choose_members(np.array([1.0, -2, -2, -2, -2]), seats=10, min_batch=5).size == 0


def test_free_room_prefers_the_smallest_that_fits(medium):
    state = PlanState(medium)
    room = free_room(state, medium.self_study, 20)
    assert medium.capacity[room] == 32
    assert medium.capacity[free_room(state, medium.self_study, 500)] == 80


def test_free_teacher_prefers_the_least_qualified(medium):
    state = PlanState(medium)
    module = 0  # a second-degree module of course 0
    teacher = free_teacher(state, module)
    assert medium.teacher_degree[teacher] == 2
    assert medium.teacher_degree[free_teacher(state, medium.self_study)] == medium.teacher_degree.max()


def test_self_study_placement_borrows_learners_to_reach_the_minimum(tiny):
    """Two waiting learners and a full self-study room: a new activity needs three, so one moves."""
    data = {**TINY, "classrooms": [dict(c) for c in TINY["classrooms"]]}
    data["classrooms"][2]["capacity"] = 10
    instance = Instance.from_dict(data)
    state = PlanState(instance)
    state.open(2, instance.self_study, 2)
    state.assign(np.arange(10), 2)
    place_in_self_study(state, np.array([10, 11]))
    assert validate_schedule(instance, state.to_schedule()) == []
    assert state.size[0] == 3 and state.size[2] == 9


def test_self_study_placement_uses_instruction_seats_when_no_room_is_left(tiny_data):
    """Every room and self-study seat taken: the waiting learner takes a free instruction seat
    of a module it is eligible for, and no activity is converted."""
    tiny_data["classrooms"][2]["capacity"] = 3
    instance = Instance.from_dict(tiny_data)
    state = PlanState(instance)
    for room, module, teacher, learners in ((0, 1, 0, [0, 1, 2, 3]), (1, 5, 1, [6, 7, 8, 9]), (2, 8, 2, [4, 10, 11])):
        state.open(room, module, teacher)
        state.assign(np.array(learners), room)
    place_in_self_study(state, np.array([5]))
    assert state.room_of[5] == 0 and state.module.tolist() == [1, 5, 8]
    assert validate_schedule(instance, state.to_schedule()) == []


def test_no_room_at_all_is_an_error(tiny):
    data = {**TINY, "classrooms": [dict(c, self_study_allowed=False) for c in TINY["classrooms"]]}
    instance = Instance.from_dict(data)
    with pytest.raises(NoRoomError, match="too few self-study seats or teachers"):
        initial_solution(instance)
