"""Repair operators: complete, feasible, and doing what they say."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.destroy import random_activities
from edulab.planning.instance import Instance
from edulab.planning.placement import initial_solution
from edulab.planning.repair import break_out, greedy_insert
from edulab.planning.schedule import validate_schedule
from edulab.planning.state import PlanState


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
