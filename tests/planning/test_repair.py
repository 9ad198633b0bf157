"""Repair operators and the self-study placement: complete, feasible, and doing what they say."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.destroy import random_activities
from edulab.planning.instance import Instance
from edulab.planning.repair import (
    NoRoomError,
    break_out,
    choose_members,
    free_room,
    free_teacher,
    greedy_insert,
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


def test_break_out_finds_the_tiny_optimum(tiny):
    """From everyone unassigned, break-out opens module 1 and module 5 with their six learners each."""
    state = break_out(PlanState(tiny), np.random.default_rng(0))
    assert state.value == pytest.approx(48.6)
    assert sorted(state.module[state.used_rooms()].tolist()) == [1, 5]


def test_break_out_takes_self_study_learners_who_gain(tiny_data):
    tiny_data["classrooms"][2]["capacity"] = 12
    instance = Instance.from_dict(tiny_data)
    state = initial_solution(instance)  # all twelve in the self-study room
    state.unassign(np.array([0]))
    repaired = break_out(state, np.random.default_rng(0))
    assert validate_schedule(instance, repaired.to_schedule()) == []
    # Learner 0 alone could not fill an activity: the five others who want module 1 join it.
    assert repaired.module[repaired.room_of[:6]].tolist() == [1] * 6


def test_greedy_insert_prefers_an_open_instruction_seat(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    state.assign(np.arange(1, 6), 0)
    state.open(2, tiny.self_study, 2)
    state.assign(np.arange(6, 12), 2)
    repaired = greedy_insert(state, np.random.default_rng(0))
    assert repaired.room_of[0] == 0 and repaired.size[0] == 6


def test_greedy_insert_sends_the_rest_to_self_study(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    state.assign(np.arange(6), 0)
    repaired = greedy_insert(state, np.random.default_rng(0))
    assert validate_schedule(tiny, repaired.to_schedule()) == []
    assert np.all(repaired.module[repaired.room_of[6:]] == tiny.self_study)


@pytest.mark.parametrize("seed", range(5))
def test_repairs_after_heavy_destruction_are_feasible(medium, seed):
    rng = np.random.default_rng(seed)
    state = initial_solution(medium)
    for _ in range(6):
        state = break_out(random_activities(state, rng, degree=0.5), rng)
        assert validate_schedule(medium, state.to_schedule()) == []
        state = greedy_insert(random_activities(state, rng, degree=0.5), rng)
        assert validate_schedule(medium, state.to_schedule()) == []


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
