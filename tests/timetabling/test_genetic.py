"""The genetic algorithm's operators and loop."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.timetabling.genetic import (
    GAParams,
    adapt_mutation,
    course_crossover,
    genetic_algorithm,
    one_point,
    purge,
    roulette,
    swap_mutation,
    tournament,
    two_point,
    uniform,
    Individual,
)
from edulab.timetabling.validator import evaluate

rng = np.random.default_rng


def test_tournament_returns_the_fittest_entrant():
    fitness = np.array([5.0, 1.0, 9.0, 3.0])
    assert tournament(fitness, rng(0), 4) == 1
    picks = [tournament(fitness, rng(s), 2) for s in range(200)]
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
    child = course_crossover(a, b, rng(4), courses)
    for c in range(4):
        block = child[courses == c]
        assert (block < 100).all() or (block >= 100).all()


def test_swap_mutation_permutes_slots_at_the_given_rate():
    genes = np.arange(1000)
    mutated = swap_mutation(genes, 0.1, rng(0))
    assert sorted(mutated) == list(genes) and (genes == np.arange(1000)).all()
    assert 60 <= (mutated != genes).sum() <= 140
    assert (swap_mutation(genes, 0.0, rng(0)) == genes).all()


def test_mutation_rate_rises_while_the_population_converges():
    params = GAParams(mutation_rate=0.01, max_mutation_rate=0.05, mutation_boost=2.0, convergence=0.01, time_limit=1)
    converged = np.array([100.0, 100.0, 100.5])
    assert adapt_mutation(0.01, converged, params) == 0.02
    assert adapt_mutation(0.04, converged, params) == 0.05
    assert adapt_mutation(0.04, np.array([100.0, 200.0, 300.0]), params) == 0.01


def test_purge_drops_the_least_fit():
    brood = [Individual(np.array([i]), 0, cost) for i, cost in enumerate([7, 3, 9, 1])]
    assert [ind.soft for ind in purge(brood, 2)] == [1, 3]


@pytest.mark.parametrize("options", [{"selection": "tournament", "crossover": "course"}, {"selection": "roulette", "crossover": "two_point", "repair": False}])
def test_the_loop_keeps_the_best_and_reports_it_exactly(shipped, options):
    instance = shipped["medium"]
    params = GAParams(population=8, purge=4, generations=6, time_limit=None, **options)
    result = genetic_algorithm(instance, params, 0, progress=False)
    assert result.generations == 6 and result.stop == "generation limit"
    assert result.children == 6 * (8 - 1 + 4)
    bests = [row["best"] for row in result.trace]
    assert all(a >= b for a, b in zip(bests, bests[1:])), "elitism: the best never gets worse"
    report = evaluate(instance, result.solution)
    assert 100_000 * report.violations + report.total == result.cost == bests[-1]
    again = genetic_algorithm(instance, params, 0, progress=False)
    assert (again.best.genes == result.best.genes).all()


def test_parameters_are_checked():
    with pytest.raises(ValueError, match="crossover must be one of"):
        GAParams(crossover="three_point")
    with pytest.raises(ValueError, match="the run must end"):
        GAParams(generations=None, time_limit=None)
