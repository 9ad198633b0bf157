"""One configuration object drives every algorithm; runs are validated and reproducible."""

from __future__ import annotations

import pytest

from edulab.timetabling.annealing import SAConfig
from edulab.timetabling.budget import Budget
from edulab.timetabling.genetic import GAConfig
from edulab.timetabling.solver import ALGORITHMS, SolverConfig, solve
from edulab.timetabling.validator import evaluate

SMALL = dict(ga=GAConfig(population_size=6, n_purged=2), sa=SAConfig(kempe_rate=0.05))


def small_budget(algorithm: str) -> dict:
    """Iteration budgets: 3 generations for the GA, 30,000 attempts for the annealing."""
    if algorithm == "ga":
        return {"budget": Budget(iterations=3)}
    if algorithm == "hybrid":
        return {"budget": Budget(iterations=30_000), "ga_budget": Budget(iterations=3)}
    return {"budget": Budget(iterations=30_000)}


def config(algorithm: str, random_state: int) -> SolverConfig:
    return SolverConfig(algorithm=algorithm, random_state=random_state, **small_budget(algorithm), **SMALL)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_returns_a_validated_feasible_timetable(shipped, algorithm):
    instance = shipped["medium"]
    result = solve(instance, config(algorithm, 2), progress=False)
    assert result.feasible
    assert result.report.total == evaluate(instance, result.timetable.to_solution()).total == result.timetable.soft
    phases = {row["phase"] for row in result.trace}
    expected = {"greedy": {"greedy"}, "ga": {"ga"}, "sa": {"greedy", "sa"}, "hybrid": {"ga", "sa"}}[algorithm]
    assert phases == expected
    assert result.to_dict()["algorithm"] == algorithm


def test_a_seed_reproduces_a_run_bounded_by_iterations(shipped):
    hybrid = config("hybrid", 4)
    a, b = solve(shipped["medium"], hybrid, progress=False), solve(shipped["medium"], hybrid, progress=False)
    assert a.timetable.period == b.timetable.period and a.cost == b.cost


def test_annealing_after_the_greedy_beats_the_greedy(shipped):
    greedy_only = solve(shipped["medium"], SolverConfig(algorithm="greedy", random_state=1), progress=False)
    annealed = solve(shipped["medium"], config("sa", 1), progress=False)
    assert annealed.cost < greedy_only.cost


def test_sa_and_hybrid_take_the_start_temperature_from_the_construction(shipped):
    from edulab.timetabling.annealing import automatic_t0

    instance = shipped["medium"]
    sa = solve(instance, config("sa", 3), progress=False)
    assert sa.details["sa"]["t0"] == automatic_t0(sa.details["greedy"]["soft"], instance.n_lectures)
    hybrid = solve(instance, config("hybrid", 3), progress=False)
    first_ga_row = next(row for row in hybrid.trace if row["phase"] == "ga")
    assert automatic_t0(first_ga_row["best"], instance.n_lectures) == hybrid.details["sa"]["t0"]


def test_a_time_limit_bounds_the_whole_hybrid(shipped):
    result = solve(
        shipped["small"], SolverConfig(algorithm="hybrid", budget=Budget(seconds=1.0), random_state=0), progress=False
    )
    assert result.seconds < 2.5
    ga_end = max(row["seconds"] for row in result.trace if row["phase"] == "ga")
    assert ga_end < 0.6  # about ga_share of the time, plus one generation


def test_bad_configurations_are_named():
    with pytest.raises(ValueError, match="algorithm must be one of"):
        SolverConfig(algorithm="tabu")
    with pytest.raises(ValueError, match="ga_share must be in"):
        SolverConfig(ga_share=1.0)
    with pytest.raises(ValueError, match="random_state must be a non-negative integer, got -1"):
        SolverConfig(random_state=-1)


def test_the_budget_is_the_one_rule_and_is_never_overwritten(shipped):
    # the user's iterations hold for the annealing, alongside the run's seconds
    result = solve(
        shipped["small"], SolverConfig(algorithm="sa", budget=Budget(seconds=30, iterations=20_000)), progress=False
    )
    assert result.details["sa"]["n_iterations"] == 20_000 and result.details["sa"]["stop"] == "iteration limit"
    # the GA's generations, given as the hybrid's ga_budget, are honoured as given
    hybrid = solve(
        shipped["small"],
        SolverConfig(budget=Budget(seconds=30, iterations=5_000), ga_budget=Budget(iterations=2)),
        progress=False,
    )
    assert hybrid.details["ga"]["n_generations"] == 2 and hybrid.details["sa"]["n_iterations"] == 5_000
    # greedy honours the budget too: one placement, the rest unassigned
    greedy = solve(shipped["small"], SolverConfig(algorithm="greedy", budget=Budget(iterations=1)), progress=False)
    assert greedy.details["greedy"]["unassigned"] == shipped["small"].n_lectures - 1 and not greedy.feasible


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"ga_share": 0.3, "ga_budget": Budget(iterations=5)},
            "give ga_share .* or ga_budget, not both: got ga_share=0.3 and ga_budget=",
        ),
        ({"budget": Budget(iterations=100)}, "ga_share needs budget.seconds to share, got budget=Budget"),
        (
            {"budget": Budget(seconds=10), "ga_budget": Budget(seconds=10)},
            "ga_budget.seconds=10 must be below budget.seconds=10",
        ),
        (
            {"algorithm": "sa", "ga_budget": Budget(iterations=5)},
            "ga_share and ga_budget apply to algorithm='hybrid' only, got algorithm='sa'",
        ),
        ({"budget": 60}, "budget must be a Budget"),
    ],
)
def test_conflicting_budget_settings_name_both(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SolverConfig(**kwargs)


def test_a_phase_the_budget_leaves_no_time_for_is_skipped_and_said_so(shipped):
    # the GA may take all the run's seconds: its generations are bounded by them too
    config = SolverConfig(
        algorithm="hybrid", budget=Budget(seconds=0.5), ga_budget=Budget(iterations=10_000), random_state=0
    )
    result = solve(shipped["small"], config, progress=False)
    assert result.details["ga"]["stop"] == "time limit" and result.details["skipped"] == ["sa"]
    assert "sa" not in result.details and result.feasible
