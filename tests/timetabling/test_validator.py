"""The validator counts exactly as the official one: reference totals, breakdowns, an oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.timetabling.solution import Solution, parse_solution, read_solution
from edulab.timetabling.validator import HARD, SOFT, evaluate, isolated_mask

from .test_solution import TINY_SOLUTION

# Totals of the official validator (validator.cc v1.1) for the reference solutions (PROVENANCE.md).
REFERENCE_TOTALS = {
    "comp01.docheinstein_race.sol": 5,
    "comp02.docheinstein_race.sol": 36,
    "comp03.docheinstein_race.sol": 66,
    "comp04.docheinstein_race.sol": 37,
    "comp05.docheinstein_race.sol": 305,
    "comp06.docheinstein_race.sol": 40,
    "comp07.docheinstein_race.sol": 14,
    "comp01.cost57.sol": 57,
    "comp01.cost463.sol": 463,
    "comp01.cbctt.sol": 8,
    "toy.sol": 0,
}


@pytest.mark.shared_data
@pytest.mark.parametrize("file", sorted(REFERENCE_TOTALS))
def test_reference_solutions_get_the_official_total(competition, itc_folder, file):
    instance = competition[file.split(".")[0]]
    report = evaluate(instance, read_solution(itc_folder / "solutions" / file, instance))
    assert report.violations == 0
    assert report.total == REFERENCE_TOTALS[file]


@pytest.mark.shared_data
def test_comp01_breakdowns_match_the_official_validator(competition, itc_folder):
    comp01 = competition["comp01"]
    race = evaluate(comp01, read_solution(itc_folder / "solutions" / "comp01.docheinstein_race.sol", comp01))
    assert race.soft == {"room_capacity": 4, "min_working_days": 0, "curriculum_compactness": 0, "room_stability": 1}
    cbctt = evaluate(comp01, read_solution(itc_folder / "solutions" / "comp01.cbctt.sol", comp01))
    assert cbctt.soft == {"room_capacity": 4, "min_working_days": 0, "curriculum_compactness": 0, "room_stability": 4}


def test_tiny_solution_costs_counted_by_hand(shipped):
    tiny = shipped["tiny"]
    report = evaluate(tiny, parse_solution(TINY_SOLUTION, tiny))
    assert report.hard == dict.fromkeys(HARD, 0)
    # Chemistry (40 students) in Aula (40): no excess; all rooms fit.
    # Biology needs 2 days and has 2; Chemistry 2 and 2; Algebra 3 and 3; Drawing 1 and 1.
    # Science (Algebra, Biology, Chemistry): day 0 has periods 0,1,2 (no isolation), day 1 has
    # 0,1,2, day 2 has 0 -> isolated (1). Arts (Algebra, Drawing): day 0 period 1 alone, day 1
    # period 0 alone, day 2 periods 0 and 2 both alone -> 4 isolated.
    assert report.soft == {
        "room_capacity": 0,
        "min_working_days": 0,
        "curriculum_compactness": 2 * 5,
        "room_stability": 0,
    }
    assert report.total == 10 and report.feasible


def test_each_hard_violation_is_counted_like_the_official_validator(shipped):
    tiny = shipped["tiny"]
    lines = TINY_SOLUTION.splitlines()
    broken = lines[:4] + [
        "Biology Aula 0 1",  # same room and period as Algebra (room occupancy) and same curriculum (conflict)
        "Chemistry Lab 2 1",  # Chemistry is unavailable at day 2 period 1
        "Chemistry Aula 1 2",
        "Drawing Lab 0 1",  # same teacher and curriculum as Algebra at 0 1: one conflict for the pair
        "Drawing Lab 0 1",  # repeated entry: ignored, like the official validator
    ]
    report = evaluate(tiny, parse_solution("\n".join(broken), tiny))
    assert report.repeated_entries == 1
    assert report.hard == {"lectures": 0, "conflicts": 2, "availability": 1, "room_occupancy": 1}
    assert not report.feasible and report.violations == 4
    missing = evaluate(tiny, parse_solution("\n".join(lines[:-1] + ["Algebra Lab 2 2"]), tiny))
    assert missing.hard["lectures"] == 2  # Algebra has one too many, Drawing one too few


def test_compactness_is_counted_within_a_day_only():
    from types import SimpleNamespace

    two_days = SimpleNamespace(n_days=2, periods_per_day=3)
    together = np.array([[1, 1, 0, 1, 0, 0]])
    assert isolated_mask(two_days, together).tolist() == [[False, False, False, True, False, False]]
    across_midnight = np.array([[0, 0, 1, 1, 0, 0]])  # last period of day 0, first of day 1
    assert isolated_mask(two_days, across_midnight).tolist() == [[False, False, True, True, False, False]]
    one_per_day = SimpleNamespace(n_days=6, periods_per_day=1)
    assert isolated_mask(one_per_day, together).tolist() == [[True, True, False, True, False, False]]


def official(instance, solution):
    """An independent, loop-by-loop reading of the competition rules (validator.cc v1.1)."""
    C, P, R, per_day = instance.n_courses, instance.n_periods, instance.n_rooms, instance.periods_per_day
    table = {}
    for c, r, p in zip(solution.course.tolist(), solution.room.tolist(), solution.period.tolist()):
        table.setdefault((c, p), r)  # a repeated entry is skipped
    lectures = sum(abs(sum((c, p) in table for p in range(P)) - instance.courses[c].lectures) for c in range(C))
    conflicts = sum(
        (c1, p) in table and (c2, p) in table
        for c1 in range(C)
        for c2 in range(c1 + 1, C)
        if instance.conflict[c1, c2]
        for p in range(P)
    )
    availability = sum(instance.unavailable[c, p] for (c, p) in table)
    occupancy = sum(max(0, sum(table.get((c, p)) == r for c in range(C)) - 1) for r in range(R) for p in range(P))
    capacity = sum(max(0, instance.courses[c].students - instance.rooms[r].capacity) for (c, _), r in table.items())
    days = sum(
        max(0, instance.courses[c].min_days - len({p // per_day for (cc, p) in table if cc == c})) for c in range(C)
    )
    isolated = 0
    for curriculum in instance.curricula:
        here = lambda p: sum((c, p) in table for c in curriculum.members)
        for p in range(P):
            slot = p % per_day
            before = here(p - 1) if slot > 0 else 0
            after = here(p + 1) if slot < per_day - 1 else 0
            if here(p) and not before and not after:
                isolated += here(p)
    rooms = sum(max(0, len({r for (cc, _), r in table.items() if cc == c}) - 1) for c in range(C))
    hard = {
        "lectures": lectures,
        "conflicts": conflicts,
        "availability": int(availability),
        "room_occupancy": occupancy,
    }
    soft = {
        "room_capacity": capacity,
        "min_working_days": 5 * days,
        "curriculum_compactness": 2 * isolated,
        "room_stability": rooms,
    }
    return hard, soft


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_validator_equals_a_loop_by_loop_oracle_on_any_solution(shipped, data):
    instance = shipped[data.draw(st.sampled_from(["tiny", "small"]))]
    n = data.draw(st.integers(0, instance.n_lectures + 5))
    draw = lambda high: data.draw(st.lists(st.integers(0, high - 1), min_size=n, max_size=n))
    solution = Solution(draw(instance.n_courses), draw(instance.n_rooms), draw(instance.n_periods))
    report = evaluate(instance, solution)
    hard, soft = official(instance, solution)
    assert report.hard == hard
    assert report.soft == soft
    assert list(report.to_dict()["soft"]) == list(SOFT)
