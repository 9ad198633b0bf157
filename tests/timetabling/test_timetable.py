"""Incremental evaluation: every delta equals the change of a full recomputation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.timetabling.construction import greedy
from edulab.timetabling.generator import GeneratorConfig, generate_instance
from edulab.timetabling.kempe import delta_compound, kempe_chain
from edulab.timetabling.solution import read_solution
from edulab.timetabling.timetable import InfeasiblePlacement, Timetable, isolated_in_pattern
from edulab.timetabling.validator import evaluate, isolated_mask, swap_cost_change


def full_cost(table: Timetable) -> int:
    """The soft cost from scratch; also checks the only hard violation is unassigned lectures."""
    report = evaluate(table.instance, table.to_solution())
    assert report.hard == {"lectures": table.unassigned, "conflicts": 0, "availability": 0, "room_occupancy": 0}
    return report.total


def check_tables(table: Timetable) -> None:
    """The redundant counts equal their definition."""
    instance = table.instance
    period = np.array(table.period)
    occupied = np.zeros((instance.n_courses, instance.n_periods), dtype=np.int64)
    assigned = period >= 0
    np.add.at(occupied, (instance.lecture_course[assigned], period[assigned]), 1)
    linked = (instance.conflict | np.eye(instance.n_courses, dtype=bool)).astype(np.int64)
    assert table.busy == (linked @ occupied).ravel().tolist()
    by_day = occupied.reshape(instance.n_courses, instance.n_days, instance.periods_per_day)
    assert table.working_days == (by_day.sum(axis=2) > 0).sum(axis=1).tolist()


def random_step(table: Timetable, rng: np.random.Generator) -> None:
    """One random change, checked against a full recomputation when it is feasible."""
    lecture = int(rng.integers(table.n_lectures))
    period, room = int(rng.integers(table.n_periods)), int(rng.integers(table.n_rooms))
    kind = rng.choice(["move", "swap", "kempe", "unassign"], p=[0.4, 0.35, 0.2, 0.05])
    before = table.soft
    if kind == "unassign" or table.period[lecture] < 0:
        if table.period[lecture] < 0 and table.can_move(lecture, period, room):
            delta = table.delta_move(lecture, period, room)
            table.move(lecture, period, room)
        else:
            delta = table.delta_unassign(lecture)
            table.unassign(lecture)
    elif kind == "move":
        if not table.can_move(lecture, period, room):
            return
        delta = table.delta_move(lecture, period, room)
        table.move(lecture, period, room)
    elif kind == "swap":
        other = table.slot[period * table.n_rooms + room]
        if other < 0 or not table.can_swap(lecture, other):
            return
        delta = table.delta_swap(lecture, other)
        table.swap(lecture, other)
    else:
        chain = kempe_chain(table, lecture, period)
        if chain is None:
            return
        delta = delta_compound(table, chain)
        table.apply_compound(chain, delta)
    assert table.soft == before + delta
    assert table.soft == full_cost(table)


def test_the_compactness_table_agrees_with_the_validator():
    from types import SimpleNamespace

    for per_day in (1, 2, 3, 5, 6):
        masks = np.arange(1 << per_day)
        bits = (masks[:, None] >> np.arange(per_day)) & 1
        expected = (bits * isolated_mask(SimpleNamespace(n_days=1, periods_per_day=per_day), bits)).sum(axis=1)
        np.testing.assert_array_equal(isolated_in_pattern(per_day), expected)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["tiny", "small", "medium"]), st.integers(0, 2**32 - 1))
def test_random_moves_swaps_and_kempe_chains_keep_the_cost_exact(shipped, name, seed):
    rng = np.random.default_rng(seed)
    table = greedy(shipped[name], random_state=rng)
    assert table.soft == full_cost(table)
    for _ in range(150):
        random_step(table, rng)
    check_tables(table)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_deltas_are_exact_on_generated_instances_of_any_day_length(per_day, seed):
    instance = generate_instance(
        GeneratorConfig(n_courses=14, n_rooms=3, n_days=4, periods_per_day=per_day, n_curricula=6), seed
    )
    rng = np.random.default_rng(seed)
    table = greedy(instance, random_state=rng)
    for _ in range(100):
        random_step(table, rng)
    check_tables(table)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["comp01", "comp05", "comp07", "comp11"])
def test_deltas_are_exact_on_competition_instances(competition, name):
    rng = np.random.default_rng(7)
    table = greedy(competition[name], random_state=rng)
    for _ in range(400):
        random_step(table, rng)
    check_tables(table)


@pytest.mark.shared_data
def test_a_reference_solution_is_loaded_with_its_official_cost(competition, itc_folder):
    comp07 = competition["comp07"]
    table = Timetable.from_solution(
        comp07, read_solution(itc_folder / "solutions" / "comp07.docheinstein_race.sol", comp07)
    )
    assert (table.soft, table.unassigned) == (14, 0)
    check_tables(table)


def test_swap_deltas_equal_two_full_evaluations(shipped):
    table = greedy(shipped["medium"], random_state=3)
    solution = table.to_solution()  # entry i is lecture i
    rng = np.random.default_rng(3)
    checked = 0
    while checked < 30:
        a, b = (int(x) for x in rng.integers(0, table.n_lectures, 2))
        if table.can_swap(a, b):
            assert table.delta_swap(a, b) == swap_cost_change(shipped["medium"], solution, a, b)
            checked += 1


def test_infeasible_placements_are_refused_with_the_reason(shipped):
    tiny = shipped["tiny"]
    table = Timetable(tiny)
    assert table.unassigned == 8 and table.soft == 5 * (3 + 2 + 2 + 1)  # all working days missing
    with pytest.raises(InfeasiblePlacement, match="course Algebra cannot go to period 0"):
        table.place(0, 0, 0)  # Algebra is unavailable at day 0, period 0
    table.place(0, 1, 0)
    with pytest.raises(InfeasiblePlacement, match="room taken"):
        table.place(5, 1, 0)  # the room is taken
    with pytest.raises(InfeasiblePlacement):
        table.place(7, 1, 1)  # Drawing has Algebra's teacher
    assert table.blockers(7, 1, 1) == [0]
    assert table.blockers(5, 2 * 3 + 2, 0) is None  # Chemistry is unavailable there
    copy = table.copy()
    copy.place(7, 2, 1)
    assert table.period[7] == -1 and copy.period[7] == 2


def test_too_many_lectures_in_a_solution_are_refused(shipped):
    from edulab.timetabling.solution import Solution

    with pytest.raises(InfeasiblePlacement, match="course Drawing has more than 1 lectures"):
        Timetable.from_solution(shipped["tiny"], Solution([3, 3], [0, 1], [1, 2]))


def test_slots_round_trip(shipped):
    table = greedy(shipped["medium"], random_state=1)
    again = Timetable.from_slots(shipped["medium"], table.slots())
    assert again.period == table.period and again.room == table.room and again.soft == table.soft
