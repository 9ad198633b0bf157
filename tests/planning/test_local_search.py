"""The reinsert-learner local search: only improving moves, until none is left, staying feasible."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.destroy import random_activities
from edulab.planning.local_search import improving_moves, reinsert_learners
from edulab.planning.placement import initial_solution
from edulab.planning.repair import break_out
from edulab.planning.schedule import validate_schedule
from edulab.planning.state import PlanState


def test_moves_a_learner_to_the_activity_it_prefers(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    state.assign(np.arange(5), 0)  # module 1, one seat left
    state.open(2, tiny.self_study, 2)
    state.assign(np.arange(5, 12), 2)  # learner 5 wants module 1 (4.5) but sits in self-study (2.25)
    learners, modules, gains = improving_moves(state)
    assert learners[0] == 5 and modules[0] == 1 and gains[0] == pytest.approx(4.5 - 2.25)
    before = state.value
    reinsert_learners(state)
    assert state.room_of[5] == 0 and state.value == pytest.approx(before + 2.25)
    assert len(improving_moves(state)[0]) == 0


def test_never_empties_an_activity_below_the_minimum(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    state.assign(np.arange(5), 0)
    state.open(2, tiny.self_study, 2)
    state.assign(np.array([5, 6, 7]), 2)  # exactly the minimum: nobody may leave
    state.open(1, 5, 1)
    state.assign(np.arange(8, 12), 1)
    learners, _, _ = improving_moves(state)
    assert not np.isin(learners, [5, 6, 7]).any()


@pytest.mark.parametrize("seed", range(4))
def test_polishing_random_solutions_only_improves_and_stays_feasible(medium, seed):
    rng = np.random.default_rng(seed)
    state = initial_solution(medium)
    for _ in range(3):
        state = break_out(random_activities(state, rng, degree=0.4), rng)
    before = state.value
    reinsert_learners(state, rng)
    assert state.value >= before - 1e-9
    assert state.value == pytest.approx(state.recomputed_value())
    assert validate_schedule(medium, state.to_schedule()) == []
    assert len(improving_moves(state)[0]) == 0
