"""Greedy construction: feasible timetables, exact costs, the ejection fallback."""

from __future__ import annotations

import pytest

from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import GreedyConfig, complete, greedy
from edulab.timetabling.generator import GeneratorConfig, generate_instance
from edulab.timetabling.validator import evaluate


def test_greedy_places_every_lecture_of_the_shipped_instances(shipped):
    for instance in shipped.values():
        table = greedy(instance, random_state=0)
        report = evaluate(instance, table.to_solution())
        assert report.feasible and table.unassigned == 0
        assert report.total == table.soft


def test_greedy_is_reproducible_and_noise_diversifies(shipped):
    medium = shipped["medium"]
    assert greedy(medium, random_state=5).period == greedy(medium, random_state=5).period
    noisy = {tuple(greedy(medium, GreedyConfig(noise=0.5), random_state=seed).period) for seed in range(4)}
    assert len(noisy) == 4


def test_complete_fills_a_partial_timetable(shipped):
    table = greedy(shipped["medium"], random_state=1)
    kept = table.period[:]
    for lecture in range(0, table.n_lectures, 3):
        table.unassign(lecture)
    complete(table, random_state=2)
    assert table.unassigned == 0
    assert evaluate(table.instance, table.to_solution()).total == table.soft
    assert sum(a == b for a, b in zip(kept, table.period)) >= 2 * table.n_lectures // 3 - 1


def test_ejections_rescue_tight_instances():
    # every slot taken and a third of the periods unavailable: these draws need ejections
    full = GeneratorConfig(
        n_courses=16,
        n_rooms=2,
        n_days=5,
        periods_per_day=4,
        n_curricula=10,
        occupancy=1.0,
        unavailability=0.3,
        curriculum_size=(3, 5),
    )
    tight = [generate_instance(full, seed) for seed in (2, 11, 12)]
    without = [greedy(instance, GreedyConfig(ejections_per_lecture=0), random_state=0).unassigned for instance in tight]
    with_ejections = [greedy(instance, random_state=0).unassigned for instance in tight]
    assert all(w < wo for w, wo in zip(with_ejections, without)), (with_ejections, without)


def test_bad_parameters_are_named():
    with pytest.raises(ValueError, match="GreedyConfig.noise must be a non-negative number, got -1"):
        GreedyConfig(noise=-1)


def test_a_budget_stops_the_construction_and_leaves_the_rest_unassigned(shipped):
    medium = shipped["medium"]
    table = greedy(medium, budget=Budget(iterations=10), random_state=0)
    assert table.unassigned == medium.n_lectures - 10
    assert evaluate(medium, table.to_solution()).total == table.soft


@pytest.mark.shared_data
def test_greedy_is_feasible_on_all_21_competition_instances(competition):
    for name in (f"comp{i:02d}" for i in range(1, 22)):
        table = greedy(competition[name], random_state=0)
        assert table.unassigned == 0, name
        report = evaluate(competition[name], table.to_solution())
        assert report.feasible and report.total == table.soft, name
