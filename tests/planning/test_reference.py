"""The faster ALNS searches exactly as the readable reference (``reference_alns``) does.

The library's operators were rewritten for speed (look-ups computed once, fewer NumPy calls);
these tests run both on the same schools and seeds and expect the same search: every
iteration's objective, the operator statistics, the final weights and the schedule.
"""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning import destroy, heuristic, placement, repair
from edulab.planning.generator import generate_instance
from edulab.planning.heuristic import ALNSConfig, solve_alns

from . import reference_alns as reference


def run(instance, iterations: int, seed: int, monkeypatch=None):
    """An ALNS run: the library's operators, or the reference ones when ``monkeypatch`` is given."""
    if monkeypatch is not None:
        for name in ("random_learners", "worst_regret_learners"):
            monkeypatch.setitem(destroy.DESTROY_OPERATORS, name, getattr(reference, name))
        for name in ("break_out", "break_out_squeeze", "greedy_insert"):
            monkeypatch.setitem(repair.REPAIR_OPERATORS, name, getattr(reference, name))
        monkeypatch.setattr(heuristic, "initial_solution", reference.initial_solution)
    config = ALNSConfig(iterations=iterations, repair=("break_out", "break_out_squeeze", "greedy_insert"))
    return solve_alns(instance, config, random_state=seed, progress=False)


@pytest.mark.parametrize(
    ("learners", "sigma", "seed"),
    [(120, 1.0, 0), (200, 2.0, 1), (80, 0.5, 2)],
)
def test_same_search_as_the_reference(monkeypatch, learners, sigma, seed):
    school = generate_instance(learners=learners, sigma=sigma, qualification_mix=(0.5, 0.5, 0.0), random_state=seed)
    fast = run(school, 400, seed)
    with monkeypatch.context() as patch:
        slow = run(school, 400, seed, patch)
    assert fast.initial_objective == slow.initial_objective
    np.testing.assert_array_equal(fast.current_history, slow.current_history)
    np.testing.assert_array_equal(fast.best_history, slow.best_history)
    assert fast.operator_counts == slow.operator_counts
    assert fast.destroy_weights == slow.destroy_weights and fast.repair_weights == slow.repair_weights
    np.testing.assert_array_equal(fast.schedule.assignments, slow.schedule.assignments)
    assert fast.objective == slow.objective


def states(instance, count: int, seed: int):
    """``count`` schedules the search visits: destroyed (learners out) and repaired ones."""
    rng = np.random.default_rng(seed)
    state = reference.initial_solution(instance)
    for index in range(count):
        name = list(destroy.DESTROY_OPERATORS)[index % 4]
        destroyed = destroy.DESTROY_OPERATORS[name](state, rng, degree=0.3)
        yield destroyed
        state = reference.break_out(destroyed.copy(), rng) if index % 2 else reference.greedy_insert(destroyed, rng)
        yield state


@pytest.fixture(scope="module")
def visited():
    school = generate_instance(learners=150, sigma=1.0, qualification_mix=(0.5, 0.5, 0.0), random_state=4)
    return school, list(states(school, 12, seed=5))


def test_rooms_teachers_and_self_study_seats_as_the_reference(visited):
    school, found = visited
    for state in found:
        for module in range(school.n_modules + 1):
            for learners in (1, school.min_batch, 25, 1000):
                assert placement.free_room(state, module, learners) == reference.free_room(state, module, learners)
            assert placement.free_teacher(state, module) == reference.free_teacher(state, module)
        teachers = np.flatnonzero(~state.teacher_busy)
        for room in np.flatnonzero(state.module == -1):
            for learners in (0, 30, 200, school.n_learners):
                for teacher in teachers[:3]:
                    assert placement.self_study_fits(state, learners, room, teacher) == reference.self_study_fits(
                        state, learners, room, teacher
                    )


def test_vacancies_follow_an_opened_activity(visited):
    """A snapshot updated with take() answers as a fresh one read from the changed state."""
    school, found = visited
    for state in found:
        vacancies = placement.Vacancies(state)
        vacancies.self_study_fits(0, 0, 0)  # read the self-study seats before the change
        # the largest free room that allows self-study: the change moves the self-study seats
        rooms = school.self_study_rooms_by_size[state.module[school.self_study_rooms_by_size] == -1]
        teachers = np.flatnonzero(~state.teacher_busy)
        if not len(rooms) or not len(teachers):
            continue
        changed = state.copy()
        changed.open(int(rooms[0]), 0, int(teachers[0]))
        vacancies.take(int(rooms[0]), int(teachers[0]))
        fresh = placement.Vacancies(changed)
        for module in range(school.n_modules + 1):
            assert vacancies.room(module, school.min_batch) == fresh.room(module, school.min_batch)
            assert vacancies.teacher(module) == fresh.teacher(module)
        for room in np.flatnonzero(changed.module == -1):
            for learners in range(0, school.n_learners + 1, 3):
                for teacher in np.flatnonzero(~changed.teacher_busy)[:2]:
                    assert vacancies.self_study_fits(learners, room, teacher) == fresh.self_study_fits(
                        learners, room, teacher
                    )


def test_eligible_by_gain_sorts_the_eligible_learners(visited):
    school, _ = visited
    for module in range(school.n_modules):
        eligible = school.eligible_learners(module)
        expected = eligible[(-school.gain[eligible, module]).argsort(kind="stable")]
        np.testing.assert_array_equal(school.eligible_by_gain(module), expected)


def test_removable_as_the_reference(visited):
    school, found = visited
    rng = np.random.default_rng(6)
    for state in found:
        assigned = np.flatnonzero(state.room_of >= 0)
        for count in (0, 1, 7, 32, 33, 120, len(assigned)):
            learners = rng.permutation(assigned)[:count]
            np.testing.assert_array_equal(destroy.removable(state, learners), reference.removable(state, learners))


@pytest.mark.parametrize("kind", ["greedy_insert", "break_out", "break_out_squeeze"])
def test_each_repair_as_the_reference(visited, kind):
    school, found = visited
    for index, state in enumerate(found[::2]):  # the destroyed ones
        fast, slow = state.copy(), state.copy()
        getattr(repair, kind)(fast, np.random.default_rng(index))
        getattr(reference, kind)(slow, np.random.default_rng(index))
        for name in ("room_of", "module", "teacher", "size", "teacher_busy"):
            np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name), err_msg=name)
        assert fast.value == slow.value
