"""The ALNS state: incremental objective and sizes agree with a recount after any sequence of moves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.planning.destroy import DESTROY_OPERATORS
from edulab.planning.local_search import reinsert_learners
from edulab.planning.placement import initial_solution
from edulab.planning.repair import REPAIR_OPERATORS
from edulab.planning.schedule import validate_schedule
from edulab.planning.state import FREE, PlanState


def assert_consistent(state: PlanState) -> None:
    """Bookkeeping equals a recount: objective, sizes, busy teachers."""
    assert state.value == pytest.approx(state.recomputed_value(), abs=1e-8)
    assigned = state.room_of[state.room_of != FREE]
    np.testing.assert_array_equal(state.size, np.bincount(assigned, minlength=state.instance.n_classrooms))
    busy = np.zeros(state.instance.n_teachers, dtype=bool)
    busy[state.teacher[state.module != FREE]] = True
    np.testing.assert_array_equal(state.teacher_busy, busy)
    assert np.all(state.size[state.module == FREE] == 0)


def test_new_state_is_empty(tiny):
    state = PlanState(tiny)
    assert state.value == 0 and state.objective() == 0 and len(state.unassigned()) == 12
    assert_consistent(state)


def test_open_assign_move_close_keep_the_books(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    state.assign(np.arange(6), 0)
    state.open(2, tiny.self_study, 2)
    state.assign(np.arange(6, 12), 2)
    assert_consistent(state)
    assert state.objective() == pytest.approx(-(25.5 + tiny.self_study_value[6:].sum()))
    state.move(5, 2)
    assert state.size.tolist() == [5, 0, 7] and state.room_of[5] == 2
    assert_consistent(state)
    freed = state.close(0)
    assert freed.tolist() == [0, 1, 2, 3, 4] and not state.teacher_busy[0] and state.module[0] == FREE
    assert_consistent(state)


def test_copy_is_independent(tiny):
    state = initial_solution(tiny)
    other = state.copy()
    other.close(int(other.used_rooms()[0]))
    assert len(state.unassigned()) == 0 and len(other.unassigned()) > 0
    assert_consistent(state)
    assert_consistent(other)


def test_move_each_is_move_and_assign_one_at_a_time(tiny):
    one_by_one, at_once = PlanState(tiny), PlanState(tiny)
    for state in (one_by_one, at_once):
        state.open(0, 1, 0)
        state.assign(np.arange(8), 0)
        state.open(2, tiny.self_study, 2)
        state.assign(np.arange(8, 11), 2)
    learners, rooms = [4, 11, 9, 0], [2, 0, 0, 2]  # learner 11 is unassigned
    for learner, room in zip(learners, rooms):
        if one_by_one.room_of[learner] == FREE:
            one_by_one.assign(np.array([learner]), room)
        else:
            one_by_one.move(learner, room)
    at_once.move_each(np.array(learners), np.array(rooms))
    assert at_once.value == one_by_one.value  # the same additions in the same order, to the last bit
    np.testing.assert_array_equal(at_once.room_of, one_by_one.room_of)
    np.testing.assert_array_equal(at_once.size, one_by_one.size)
    assert_consistent(at_once)


def test_assign_groups_is_assign_group_by_group(tiny):
    by_group, at_once = PlanState(tiny), PlanState(tiny)
    for state in (by_group, at_once):
        state.open(0, 1, 0)
        state.open(2, tiny.self_study, 2)
    learners, rooms, counts = np.array([7, 3, 11, 0, 5, 9, 1]), [2, 0], [4, 3]
    by_group.assign(learners[:4], 2)
    by_group.assign(learners[4:], 0)
    at_once.assign_groups(learners, rooms, counts)
    assert at_once.value == by_group.value  # each group's sum added in turn, to the last bit
    np.testing.assert_array_equal(at_once.room_of, by_group.room_of)
    np.testing.assert_array_equal(at_once.size, by_group.size)
    at_once.assign_groups(np.array([], dtype=np.int64), [], [])
    assert_consistent(at_once)


def test_to_self_study_keeps_learners_and_revalues_them(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    state.assign(np.arange(6), 0)
    state.to_self_study(0)
    assert state.module[0] == tiny.self_study and state.size[0] == 6
    assert state.value == pytest.approx(tiny.self_study_value[:6].sum())


def test_refuses_double_use_and_unassigned_removal(tiny):
    state = PlanState(tiny)
    state.open(0, 1, 0)
    with pytest.raises(ValueError, match="already in use"):
        state.open(0, 2, 1)
    with pytest.raises(ValueError, match="are not assigned"):
        state.unassign(np.array([3]))


def test_schedule_needs_every_learner(tiny):
    with pytest.raises(ValueError, match="12 learner\\(s\\) are unassigned"):
        PlanState(tiny).to_schedule()


@settings(max_examples=25, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(sorted(DESTROY_OPERATORS)), st.sampled_from(sorted(REPAIR_OPERATORS)), st.booleans()),
        min_size=1,
        max_size=12,
    ),
    seed=st.integers(0, 2**16),
    degree=st.sampled_from([0.05, 0.15, 0.5]),
)
def test_any_sequence_of_operators_keeps_books_and_feasibility(school, steps, seed, degree):
    """Random destroy/repair/local-search sequences: the incremental objective never drifts and
    every repaired state is a feasible schedule."""
    rng = np.random.default_rng(seed)
    state = initial_solution(school)
    for destroy, repair, polish in steps:
        destroyed = DESTROY_OPERATORS[destroy](state, rng, degree=degree)
        assert_consistent(destroyed)
        kept = destroyed.used_rooms()
        assert np.all(destroyed.size[kept] >= school.min_batch), "a destroy operator left an activity too small"
        state = REPAIR_OPERATORS[repair](destroyed, rng)
        if polish:
            state = reinsert_learners(state, rng)
        assert_consistent(state)
        assert validate_schedule(school, state.to_schedule()) == []
