"""Destroy operators: how many learners they remove, what they keep, regrets and the skewed draw."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.planning.destroy import (
    all_removable,
    random_activities,
    random_learners,
    regrets,
    removable,
    removal_count,
    skewed_selection,
    smallest_activities,
    worst_regret_learners,
)
from edulab.planning.placement import initial_solution
from edulab.planning.state import FREE, PlanState


@pytest.fixture
def solved(medium):
    """The 160-learner school after a few repairs, with instruction and self-study activities."""
    from edulab.planning.repair import break_out

    rng = np.random.default_rng(0)
    state = initial_solution(medium)
    for _ in range(5):
        state = break_out(random_activities(state, rng), rng)
    assert len(state.instruction_rooms()) > 0
    return state


def test_removal_count_is_the_degree_of_destruction(medium):
    state = PlanState(medium)
    assert removal_count(state, 0.15) == 24
    assert removal_count(state, 0.001) == 1
    with pytest.raises(ValueError, match="degree of destruction must be in"):
        removal_count(state, 0)


@pytest.mark.parametrize("operator", [random_activities, smallest_activities])
def test_activity_removal_removes_whole_activities_until_enough(solved, operator):
    rng = np.random.default_rng(1)
    destroyed = operator(solved, rng, degree=0.15)
    removed = np.flatnonzero(destroyed.room_of == FREE)
    assert len(removed) >= 24
    closed = np.setdiff1d(solved.used_rooms(), destroyed.used_rooms())
    # Exactly the learners of the closed activities are out, and their rooms and teachers are free.
    np.testing.assert_array_equal(np.sort(removed), np.flatnonzero(np.isin(solved.room_of, closed)))
    assert not destroyed.teacher_busy[solved.teacher[closed]].any()
    # It stops as soon as enough are out: without the last closed activity it would be too few.
    assert len(removed) - solved.size[closed].max() < 24
    assert len(solved.unassigned()) == 0, "the operator changed its input"


def test_smallest_activity_removal_takes_the_smallest(solved):
    destroyed = smallest_activities(solved, np.random.default_rng(2), degree=0.15)
    closed = np.setdiff1d(solved.used_rooms(), destroyed.used_rooms())
    kept = destroyed.used_rooms()
    assert solved.size[closed].max() <= solved.size[kept].min()


@pytest.mark.parametrize("operator", [random_learners, worst_regret_learners])
def test_learner_removal_keeps_every_activity_at_the_minimum(solved, operator):
    destroyed = operator(solved, np.random.default_rng(3), degree=0.15)
    removed = destroyed.unassigned()
    assert 0 < len(removed) <= 24
    used = destroyed.used_rooms()
    np.testing.assert_array_equal(used, solved.used_rooms())  # no activity disappears
    assert np.all(destroyed.size[used] >= destroyed.instance.min_batch)


def test_regret_is_best_demand_minus_current(solved):
    instance = solved.instance
    r = regrets(solved)
    in_self_study = instance.self_study == solved.module[solved.room_of]
    np.testing.assert_allclose(r[in_self_study], (1 - instance.penalty) * instance.best_value[in_self_study])
    taught = ~in_self_study
    modules = solved.module[solved.room_of[taught]]
    np.testing.assert_allclose(
        r[taught], instance.best_value[taught] - instance.demand[np.flatnonzero(taught), modules]
    )
    assert np.all(r >= 0)


def test_worst_regret_removal_prefers_large_regrets(solved):
    rng = np.random.default_rng(4)
    removed_regret = []
    r = regrets(solved)
    for _ in range(20):
        destroyed = worst_regret_learners(solved, rng, degree=0.15)
        removed_regret.append(r[destroyed.unassigned()].mean())
    assert np.mean(removed_regret) > r.mean()


def test_skewed_selection_is_triangular_then_flat():
    rng = np.random.default_rng(5)
    n, d = 40, 10
    counts = np.zeros(n)
    for _ in range(4000):
        ranks = skewed_selection(n, d, rng)
        assert len(set(ranks.tolist())) == d
        counts[ranks] += 1
    # The first rank is drawn most, the flat tail least; the tail is about uniform.
    assert counts[0] > counts[d // 2] > counts[d:].mean()
    assert counts[d:].std() / counts[d:].mean() < 0.15
    with pytest.raises(ValueError, match="cannot select 5 of 3"):
        skewed_selection(3, 5, rng)


def walk(state: PlanState, learners: np.ndarray) -> list[int]:
    """Remove learners one at a time while their activity keeps more than the minimum."""
    kept, size = [], state.size.copy()
    for learner in learners:
        room = state.room_of[learner]
        if size[room] > state.instance.min_batch:
            kept.append(int(learner))
            size[room] -= 1
    return kept


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**16), count=st.integers(0, 160), rounds=st.integers(0, 4))
def test_removable_equals_the_one_by_one_walk(medium, seed, count, rounds):
    """Short lists (walked) and long ones (vectorised) give what removing one at a time gives."""
    from edulab.planning.repair import break_out

    rng = np.random.default_rng(seed)
    state = initial_solution(medium)
    for _ in range(rounds):
        state = break_out(random_activities(state, rng), rng)
    learners = rng.permutation(medium.n_learners)[:count]
    assert removable(state, learners).tolist() == walk(state, learners)
    assert all_removable(state, learners) == (len(walk(state, learners)) == count)
