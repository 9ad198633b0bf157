"""Generated instances and the shipped dataset (the same bytes every time)."""

from __future__ import annotations

import pytest

from edulab.timetabling.annealing import SAConfig, simulated_annealing
from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import greedy
from edulab.timetabling.generator import (
    SHIPPED_FILES,
    GeneratorConfig,
    build_shipped,
    generate_instance,
    showcase_instance,
)
from edulab.timetabling.instance import format_instance
from edulab.timetabling.validator import evaluate


def test_generation_is_reproducible_and_respects_the_sizes():
    params = GeneratorConfig(n_courses=30, n_rooms=5, n_days=5, periods_per_day=6, n_curricula=12)
    a, b = generate_instance(params, 3), generate_instance(params, 3)
    assert format_instance(a) == format_instance(b)
    assert format_instance(a) != format_instance(generate_instance(params, 4))
    assert (a.n_courses, a.n_rooms, a.n_days, a.periods_per_day, a.n_curricula) == (30, 5, 5, 6, 12)
    assert a.n_lectures <= 0.7 * 30 * 5 + 30  # about the target occupancy
    for curriculum in a.curricula:  # no curriculum needs more than 60 % of the periods
        assert a.lectures[list(curriculum.members)].sum() <= 0.6 * 30 or len(curriculum.members) == 1


def test_bad_sizes_are_named():
    with pytest.raises(ValueError, match="GeneratorConfig.n_rooms must be at least 1, got 0"):
        GeneratorConfig(n_rooms=0)
    with pytest.raises(ValueError, match="curriculum_size"):
        GeneratorConfig(curriculum_size=(4, 2))


def test_the_builder_writes_the_committed_files_byte_for_byte(tmp_path, repository):
    build_shipped(tmp_path)
    for name in SHIPPED_FILES:
        assert (tmp_path / name).read_bytes() == (repository / "datasets" / "timetabling" / name).read_bytes(), name


def test_the_shipped_dataset_loads_through_the_registry_and_is_feasible():
    from edulab import datasets

    instances = datasets.load("ctt-synthetic")
    assert sorted(instances) == ["medium", "small", "tiny"]
    for instance in instances.values():
        assert greedy(instance, random_state=0).unassigned == 0


def test_the_showcase_is_reproducible_feasible_and_not_solved_by_a_short_annealing():
    instance = showcase_instance()
    assert format_instance(instance) == format_instance(showcase_instance())
    assert instance.n_courses == 60 and instance.n_rooms == 8
    start = greedy(instance, random_state=0)
    assert start.unassigned == 0 and evaluate(instance, start.to_solution()).violations == 0
    annealed = simulated_annealing(start, SAConfig(), budget=Budget(iterations=200_000), random_state=0, progress=False)
    report = evaluate(instance, annealed.timetable.to_solution())
    assert report.violations == 0 and report.total == annealed.cost
    assert sum(cost > 0 for cost in report.soft.values()) >= 3, report.soft
