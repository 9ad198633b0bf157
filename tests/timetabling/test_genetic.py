"""The genetic algorithm's operators and loop."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.timetabling.budget import Budget
from edulab.timetabling.genetic import (
    CROSSOVER_OPERATORS,
    SELECTION_OPERATORS,
    GAConfig,
    Individual,
    adapt_mutation,
    course_crossover,
    genetic_algorithm,
    n_point,
    one_point,
    purge,
    roulette,
    swap_mutation,
    tournament,
    two_point,
    uniform,
)
from edulab.timetabling.validator import evaluate

rng = np.random.default_rng


def test_tournament_returns_the_fittest_entrant():
    fitness = np.array([5.0, 1.0, 9.0, 3.0])
    assert tournament(fitness, rng(0), size=4) == 1
    picks = [tournament(fitness, rng(s), size=2) for s in range(200)]
    assert 2 not in picks  # the worst never wins a tournament of two


def test_roulette_favours_low_fitness():
    fitness = np.array([0.0, 100.0])
    picks = np.array([roulette(fitness, rng(s)) for s in range(400)])
    assert (picks == 0).mean() > 0.95


def test_crossovers_take_every_gene_from_a_parent():
    a, b = np.arange(10), np.arange(10) + 100
    for child in (one_point(a, b, rng(1)), two_point(a, b, rng(2)), uniform(a, b, rng(3))):
        assert all(x in (y, z) for x, y, z in zip(child, a, b))
    child = one_point(a, b, rng(1))
    cut = int(np.argmax(child >= 100))
    assert (child[:cut] == a[:cut]).all() and (child[cut:] == b[cut:]).all()
    courses = np.array([0, 0, 0, 1, 1, 2, 2, 2, 3, 3])
    child = course_crossover(a, b, rng(4), lecture_course=courses)
    for c in range(4):
        block = child[courses == c]
        assert (block < 100).all() or (block >= 100).all()


def test_n_point_crossover_alternates_parents_at_each_cut():
    a, b = np.arange(20), np.arange(20) + 100
    for points in (1, 2, 3, 7):
        child = n_point(a, b, rng(points), points=points)
        from_b = child >= 100
        assert all(x in (y, z) for x, y, z in zip(child, a, b)) and not from_b[0]
        assert int(np.count_nonzero(np.diff(from_b.astype(int)))) == points  # one switch per cut
    assert (n_point(a, b, rng(0), points=50) == np.where(np.arange(20) % 2 == 1, b, a)).all()  # at most 19 cuts
    assert (a == np.arange(20)).all() and (b == np.arange(20) + 100).all()
    with pytest.raises(ValueError, match="points=0"):
        n_point(a, b, rng(0), points=0)


def test_hard_only_fitness_ignores_the_soft_cost(shipped):
    assert Individual(np.array([0]), 0, 500, "hard").fitness == 0 < Individual(np.array([0]), 1, 0, "hard").fitness
    assert (
        Individual(np.array([0]), 0, 500).fitness == 500 and Individual(np.array([0]), 0, 500, "hard").objective == 500
    )
    with pytest.raises(ValueError, match="fitness must be one of"):
        GAConfig(fitness="soft")
    budget = Budget(iterations=4)
    weighted = genetic_algorithm(
        shipped["small"], GAConfig(population_size=6, n_purged=2), budget=budget, random_state=1, progress=False
    )
    hard = genetic_algorithm(
        shipped["small"],
        GAConfig(population_size=6, n_purged=2, fitness="hard"),
        budget=budget,
        random_state=1,
        progress=False,
    )
    # the greedy population is feasible: hard-only fitness is 0 everywhere, soft costs do not steer it
    assert all(row["best"] == 0 and row["mean"] == 0 for row in hard.trace)
    assert hard.feasible and hard.cost == hard.best.soft == evaluate(shipped["small"], hard.solution).total
    assert weighted.trace[-1]["best"] == weighted.cost <= weighted.trace[0]["best"]


def test_swap_mutation_permutes_slots_at_the_given_rate():
    genes = np.arange(1000)
    mutated = swap_mutation(genes, 0.1, rng(0))
    assert sorted(mutated) == list(genes) and (genes == np.arange(1000)).all()
    assert 60 <= (mutated != genes).sum() <= 140
    assert (swap_mutation(genes, 0.0, rng(0)) == genes).all()


def test_mutation_rate_rises_while_the_population_converges():
    config = GAConfig(mutation_rate=0.01, max_mutation_rate=0.05, mutation_boost=2.0, convergence=0.01)
    converged = np.array([100.0, 100.0, 100.5])
    assert adapt_mutation(0.01, converged, config) == 0.02
    assert adapt_mutation(0.04, converged, config) == 0.05
    assert adapt_mutation(0.04, np.array([100.0, 200.0, 300.0]), config) == 0.01


def test_purge_drops_the_least_fit():
    brood = [Individual(np.array([i]), 0, cost) for i, cost in enumerate([7, 3, 9, 1])]
    assert [ind.soft for ind in purge(brood, 2)] == [1, 3]


@pytest.mark.parametrize(
    "options",
    [
        {"selection": "tournament", "crossover": "course"},
        {"selection": "roulette", "crossover": "two_point", "repair": False},
        {"selection": "roulette", "crossover": "n_point", "crossover_points": 4},
    ],
)
def test_the_loop_keeps_the_best_and_reports_it_exactly(shipped, options):
    instance = shipped["medium"]
    config = GAConfig(population_size=8, n_purged=4, **options)
    result = genetic_algorithm(instance, config, budget=Budget(iterations=6), random_state=0, progress=False)
    assert result.n_generations == 6 and result.stop == "generation limit"
    assert result.n_children == 6 * (8 - 1 + 4)
    bests = [row["best"] for row in result.trace]
    assert all(a >= b for a, b in zip(bests, bests[1:])), "elitism: the best never gets worse"
    report = evaluate(instance, result.solution)
    assert 100_000 * report.violations + report.total == result.cost == bests[-1]
    again = genetic_algorithm(instance, config, budget=Budget(iterations=6), random_state=0, progress=False)
    assert (again.best.genes == result.best.genes).all()


def test_operators_are_chosen_by_name_from_the_registries():
    assert SELECTION_OPERATORS["tournament"] is tournament and SELECTION_OPERATORS["roulette"] is roulette
    assert CROSSOVER_OPERATORS["course"] is course_crossover and CROSSOVER_OPERATORS["two_point"] is two_point
    a, b, courses = np.arange(10), np.arange(10) + 100, np.array([0, 0, 0, 1, 1, 2, 2, 2, 3, 3])
    for name, cross in CROSSOVER_OPERATORS.items():  # one protocol: (a, b, rng, **kwargs)
        child = cross(a, b, rng(5), lecture_course=courses)
        assert all(x in (y, z) for x, y, z in zip(child, a, b)), name
    fitness = np.array([5.0, 1.0, 9.0])
    for name, select in SELECTION_OPERATORS.items():  # one protocol: (fitness, rng, **kwargs)
        assert 0 <= select(fitness, rng(6), size=2) < 3, name


def test_parameters_are_checked():
    with pytest.raises(ValueError, match="crossover must be one of"):
        GAConfig(crossover="three_point")
    with pytest.raises(ValueError, match="selection must be one of"):
        GAConfig(selection="rank")
    with pytest.raises(ValueError, match="the search would never end"):
        Budget(seconds=None, iterations=None)
    with pytest.raises(ValueError, match="GAConfig.population_size must be an integer >= 2, got nan"):
        GAConfig(population_size=float("nan"))
    with pytest.raises(ValueError, match="GAConfig.mutation_rate must be a number in"):
        GAConfig(mutation_rate=float("nan"))


@pytest.mark.parametrize("name", ["init_noise", "mutation_boost"])
@pytest.mark.parametrize("value", [float("inf"), float("nan"), -1.0])
def test_unbounded_parameters_still_refuse_infinity_nan_and_negatives(name, value):
    """Issue 16: a parameter with no upper bound is still a finite number, and the value is named."""
    with pytest.raises(ValueError, match=rf"GAConfig.{name} must be a number in \[\d, inf\) \(finite\), got {value!r}"):
        GAConfig(**{name: value})
