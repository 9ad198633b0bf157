"""One configuration object drives every algorithm; runs are validated and reproducible."""

from __future__ import annotations

import pytest

from edulab.timetabling.annealing import SAParams
from edulab.timetabling.genetic import GAParams
from edulab.timetabling.solver import ALGORITHMS, SolverConfig, solve
from edulab.timetabling.validator import evaluate

SMALL_BUDGET = dict(
    time_limit=None,
    ga=GAParams(population=6, purge=2, generations=3, time_limit=None),
    sa=SAParams(time_limit=None, max_iterations=30_000, kempe_rate=0.05),
)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_returns_a_validated_feasible_timetable(shipped, algorithm):
    instance = shipped["medium"]
    result = solve(instance, SolverConfig(algorithm=algorithm, seed=2, **SMALL_BUDGET), progress=False)
    assert result.feasible
    assert result.report.total == evaluate(instance, result.timetable.to_solution()).total == result.timetable.soft
    phases = {row["phase"] for row in result.trace}
    expected = {"greedy": {"greedy"}, "ga": {"ga"}, "sa": {"greedy", "sa"}, "hybrid": {"ga", "sa"}}[algorithm]
    assert phases == expected
    assert result.to_dict()["algorithm"] == algorithm


def test_a_seed_reproduces_a_run_bounded_by_iterations(shipped):
    config = SolverConfig(algorithm="hybrid", seed=4, **SMALL_BUDGET)
    a, b = solve(shipped["medium"], config, progress=False), solve(shipped["medium"], config, progress=False)
    assert a.timetable.period == b.timetable.period and a.cost == b.cost


def test_annealing_after_the_greedy_beats_the_greedy(shipped):
    greedy_only = solve(shipped["medium"], SolverConfig(algorithm="greedy", seed=1, **SMALL_BUDGET), progress=False)
    annealed = solve(shipped["medium"], SolverConfig(algorithm="sa", seed=1, **SMALL_BUDGET), progress=False)
    assert annealed.cost < greedy_only.cost


def test_sa_and_hybrid_take_the_start_temperature_from_the_construction(shipped):
    from edulab.timetabling.annealing import automatic_t0

    instance = shipped["medium"]
    sa = solve(instance, SolverConfig(algorithm="sa", seed=3, **SMALL_BUDGET), progress=False)
    assert sa.details["sa"]["t0"] == automatic_t0(sa.details["greedy"]["soft"], instance.n_lectures)
    hybrid = solve(instance, SolverConfig(algorithm="hybrid", seed=3, **SMALL_BUDGET), progress=False)
    first_ga_row = next(row for row in hybrid.trace if row["phase"] == "ga")
    assert automatic_t0(first_ga_row["best"], instance.n_lectures) == hybrid.details["sa"]["t0"]


def test_a_time_limit_bounds_the_whole_hybrid(shipped):
    result = solve(shipped["small"], SolverConfig(algorithm="hybrid", time_limit=1.0, seed=0), progress=False)
    assert result.seconds < 2.5
    ga_end = max(row["seconds"] for row in result.trace if row["phase"] == "ga")
    assert ga_end < 0.6  # about ga_share of the time, plus one generation


def test_bad_configurations_are_named():
    with pytest.raises(ValueError, match="algorithm must be one of"):
        SolverConfig(algorithm="tabu")
    with pytest.raises(ValueError, match="ga_share must be in"):
        SolverConfig(ga_share=1.0)
