"""A genetic algorithm for CB-CTT, as planned by the seed: fitness on hard violations, then soft.

Encoding
    A chromosome holds one gene per lecture: the lecture's slot ``period * n_rooms + room``
    (-1 when unassigned). This is the seed's room-timeslot array read the other way round:
    instead of marking which slots are taken, each lecture says which slot it takes.
Fitness
    ``HARD_WEIGHT * hard violations + soft cost`` (lower is better): any timetable with fewer
    hard violations is fitter, and soft costs rank the feasible ones.
Selection
    Tournament (the best of ``tournament_size`` random individuals) or roulette (probability
    proportional to ``worst - fitness + 1``).
Crossover
    One-point, two-point and uniform over the lecture genes, and *course* crossover, which
    takes every lecture of a course from the same parent.
Mutation
    Exchanges the slots of random pairs of lectures; the rate rises (times ``mutation_boost``,
    up to ``max_mutation_rate``) while the population's best and mean fitness are within
    ``convergence`` of each other, and falls back to ``mutation_rate`` when they spread.
Repair
    With ``repair=True`` a child keeps the lectures that fit (in random order) and the greedy
    heuristic re-inserts the others (:func:`~edulab.timetabling.construction.complete`), so it
    is hard-feasible except for lectures that found no place. With ``repair=False`` children
    stay as crossover and mutation made them and the validator counts their violations.
Replacement
    The ``elitism`` fittest parents survive unchanged; the other parents are replaced by
    children. Each generation breeds ``population - elitism + purge`` children, evaluates them
    and purges the ``purge`` least fit, so the population keeps its size.

References
----------
Gonçalves (2015). Automated university timetable creation with metaheuristics, ISEL, section
1.4 "First phase - genetic algorithm" (the seed).
Goldberg (1989). Genetic algorithms in search, optimization and machine learning. Addison-Wesley.
Abdullah, Turabieh (2008). Generating university course timetable using genetic algorithm and
local search. Proc. 3rd ICHIT, 254-260.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from edulab.timetabling.construction import GreedyParams, complete
from edulab.timetabling.instance import Instance
from edulab.timetabling.progress import BudgetBar
from edulab.timetabling.solution import Solution
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import evaluate

#: Weight of one hard violation in the fitness (larger than any soft cost of the competition).
HARD_WEIGHT = 100_000

SELECTIONS = ("tournament", "roulette")
CROSSOVERS = ("one_point", "two_point", "uniform", "course")


@dataclass(frozen=True)
class GAParams:
    """Settings of the genetic algorithm (see the module docstring for each operator)."""

    population: int = 20
    purge: int = 5
    generations: int | None = None
    time_limit: float | None = 60.0
    selection: str = "tournament"
    tournament_size: int = 3
    crossover: str = "course"
    crossover_rate: float = 0.9
    mutation_rate: float = 0.01
    max_mutation_rate: float = 0.2
    mutation_boost: float = 1.5
    convergence: float = 0.01
    elitism: int = 1
    repair: bool = True
    init_noise: float = 0.5

    def __post_init__(self) -> None:
        if self.population < 2 or self.purge < 0:
            raise ValueError(f"need population >= 2 and purge >= 0, got {self.population!r}, {self.purge!r}")
        if not 0 <= self.elitism < self.population:
            raise ValueError(f"elitism must be in [0, population), got {self.elitism!r}")
        if self.generations is None and self.time_limit is None:
            raise ValueError("give generations or time_limit: the run must end")
        if self.generations is not None and self.generations < 0:
            raise ValueError(f"generations must be non-negative, got {self.generations!r}")
        if self.selection not in SELECTIONS:
            raise ValueError(f"selection must be one of {SELECTIONS}, got {self.selection!r}")
        if self.crossover not in CROSSOVERS:
            raise ValueError(f"crossover must be one of {CROSSOVERS}, got {self.crossover!r}")
        if not 2 <= self.tournament_size <= self.population:
            raise ValueError(f"tournament_size must be in [2, population], got {self.tournament_size!r}")
        for name in ("crossover_rate", "mutation_rate", "max_mutation_rate", "convergence"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1], got {getattr(self, name)!r}")
        if self.mutation_rate > self.max_mutation_rate or self.mutation_boost < 1:
            raise ValueError(f"need mutation_rate <= max_mutation_rate and mutation_boost >= 1, got {self.mutation_rate!r}, {self.max_mutation_rate!r}, {self.mutation_boost!r}")


@dataclass
class Individual:
    """A chromosome (one slot per lecture) with its hard violations and soft cost."""

    genes: np.ndarray
    hard: int
    soft: int

    @property
    def fitness(self) -> int:
        return HARD_WEIGHT * self.hard + self.soft


@dataclass
class GAResult:
    """Outcome of a run: the best individual as a solution, and one trace row per generation."""

    best: Individual
    solution: Solution
    generations: int
    children: int
    seconds: float
    stop: str
    trace: list[dict] = field(default_factory=list)

    @property
    def cost(self) -> int:
        return self.best.fitness

    @property
    def feasible(self) -> bool:
        return self.best.hard == 0

    def timetable(self, instance: Instance) -> Timetable:
        """The best individual as a Timetable (only when it is hard-feasible but for unassigned lectures)."""
        return Timetable.from_slots(instance, self.best.genes)

    def to_dict(self) -> dict:
        return {"cost": self.cost, "hard": self.best.hard, "soft": self.best.soft, "generations": self.generations,
                "children": self.children, "seconds": self.seconds, "stop": self.stop}


# --- operators (each a small function of arrays and a Generator) ------------------------------


def tournament(fitness: np.ndarray, rng: np.random.Generator, size: int) -> int:
    """Index of the fittest (lowest) of ``size`` individuals drawn without replacement."""
    entrants = rng.choice(fitness.size, size=size, replace=False)
    return int(entrants[np.argmin(fitness[entrants])])


def roulette(fitness: np.ndarray, rng: np.random.Generator) -> int:
    """Index drawn with probability proportional to ``worst - fitness + 1`` (minimisation)."""
    weights = fitness.max() - fitness + 1.0
    return int(rng.choice(fitness.size, p=weights / weights.sum()))


def one_point(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    cut = int(rng.integers(1, a.size)) if a.size > 1 else 0
    return np.concatenate([a[:cut], b[cut:]])


def two_point(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    low, high = np.sort(rng.choice(a.size + 1, size=2, replace=False))
    child = a.copy()
    child[low:high] = b[low:high]
    return child


def uniform(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.where(rng.random(a.size) < 0.5, a, b)


def course_crossover(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, lecture_course: np.ndarray) -> np.ndarray:
    """Every lecture of a course comes from the same parent (a course keeps its days and rooms)."""
    from_a = rng.random(int(lecture_course.max()) + 1) < 0.5
    return np.where(from_a[lecture_course], a, b)


def swap_mutation(genes: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Exchange the slots of ``Binomial(n_lectures, rate) // 2`` random pairs of lectures."""
    pairs = int(rng.binomial(genes.size, rate)) // 2
    if pairs == 0:
        return genes
    genes = genes.copy()
    chosen = rng.choice(genes.size, size=2 * pairs, replace=False).reshape(2, pairs)
    genes[chosen[0]], genes[chosen[1]] = genes[chosen[1]], genes[chosen[0]].copy()
    return genes


def adapt_mutation(rate: float, fitness: np.ndarray, params: GAParams) -> float:
    """Raise the rate while best and mean fitness converge, reset it when they spread (the seed)."""
    best, mean = float(fitness.min()), float(fitness.mean())
    if mean - best <= params.convergence * max(abs(mean), 1.0):
        return min(params.max_mutation_rate, max(rate, 1e-3) * params.mutation_boost)
    return params.mutation_rate


# --- the algorithm --------------------------------------------------------------------------


def genetic_algorithm(
    instance: Instance,
    params: GAParams | None = None,
    rng: np.random.Generator | int | None = None,
    *,
    initial: list[np.ndarray] | None = None,
    progress: bool = True,
) -> GAResult:
    """Evolve timetables for ``instance``; reproducible from ``rng`` under a generation limit.

    Parameters
    ----------
    initial
        Chromosomes to start from; the rest of the population is built by the greedy
        heuristic with ``init_noise`` (stopping at two individuals if time runs out).
    """
    params = params or GAParams()
    rng = np.random.default_rng(rng)
    start = time.perf_counter()
    breeder = _Breeder(instance, params, rng)
    population = [breeder.individual(np.asarray(genes)) for genes in (initial or [])][: params.population]
    while len(population) < params.population and not (len(population) >= 2 and _out_of_time(params, start)):
        table = complete(Timetable(instance), rng, GreedyParams(noise=params.init_noise))
        population.append(Individual(table.slots(), table.unassigned, table.soft))
    rate, trace, generation, children, stop = params.mutation_rate, [], 0, 0, None
    bar = BudgetBar("genetic algorithm", params.time_limit, params.generations, "gen", progress)
    while True:
        fitness = np.array([ind.fitness for ind in population], dtype=float)
        trace.append(_trace_row(generation, time.perf_counter() - start, population, fitness, rate))
        if params.generations is not None and generation >= params.generations:
            stop = "generation limit"
        elif _out_of_time(params, start):
            stop = "time limit"
        if stop:
            break
        rate = adapt_mutation(rate, fitness, params)
        brood = [breeder.child(population, fitness, rate) for _ in range(params.population - params.elitism + params.purge)]
        children += len(brood)
        elites = sorted(population, key=lambda ind: ind.fitness)[: params.elitism]
        population = elites + purge(brood, params.purge)
        generation += 1
        bar.update(generation, time.perf_counter() - start, best=int(fitness.min()), rate=f"{rate:.3f}")
    bar.close()
    best = min(population, key=lambda ind: ind.fitness)
    return GAResult(best, breeder.solution(best.genes), generation, children, time.perf_counter() - start, stop, trace)


def _out_of_time(params: GAParams, start: float) -> bool:
    return params.time_limit is not None and time.perf_counter() - start >= params.time_limit


def purge(brood: list[Individual], count: int) -> list[Individual]:
    """``brood`` without its ``count`` least fit individuals."""
    ranked = sorted(brood, key=lambda ind: ind.fitness)  # stable: ties keep their birth order
    return ranked[: len(ranked) - count]


def _trace_row(generation: int, seconds: float, population: list[Individual], fitness: np.ndarray, rate: float) -> dict:
    best = min(population, key=lambda ind: ind.fitness)
    return {
        "generation": generation,
        "seconds": seconds,
        "best": int(fitness.min()),
        "mean": float(fitness.mean()),
        "worst": int(fitness.max()),
        "best_hard": best.hard,
        "best_soft": best.soft,
        "feasible": sum(ind.hard == 0 for ind in population),
        "mutation_rate": rate,
    }


class _Breeder:
    """Selection, crossover, mutation, repair and evaluation for one instance."""

    def __init__(self, instance: Instance, params: GAParams, rng: np.random.Generator):
        self.instance, self.params, self.rng = instance, params, rng
        self.lecture_course = instance.lecture_course

    def select(self, fitness: np.ndarray) -> int:
        if self.params.selection == "tournament":
            return tournament(fitness, self.rng, self.params.tournament_size)
        return roulette(fitness, self.rng)

    def cross(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        kind = self.params.crossover
        if kind == "course":
            return course_crossover(a, b, self.rng, self.lecture_course)
        return {"one_point": one_point, "two_point": two_point, "uniform": uniform}[kind](a, b, self.rng)

    def child(self, population: list[Individual], fitness: np.ndarray, rate: float) -> Individual:
        a = population[self.select(fitness)].genes
        b = population[self.select(fitness)].genes
        genes = self.cross(a, b) if self.rng.random() < self.params.crossover_rate else a.copy()
        return self.individual(swap_mutation(genes, rate, self.rng))

    def individual(self, genes: np.ndarray) -> Individual:
        """Evaluate a chromosome, repairing it first when the parameters ask for it."""
        if self.params.repair:
            table = repair(self.instance, genes, self.rng)
            return Individual(table.slots(), table.unassigned, table.soft)
        report = evaluate(self.instance, self.solution(genes))
        return Individual(np.asarray(genes), report.violations, report.total)

    def solution(self, genes: np.ndarray) -> Solution:
        keep = genes >= 0
        R = self.instance.n_rooms
        return Solution(self.lecture_course[keep], genes[keep] % R, genes[keep] // R)


def repair(instance: Instance, genes: np.ndarray, rng: np.random.Generator) -> Timetable:
    """Keep the lectures whose slots fit (in random order), re-insert the rest greedily."""
    table = Timetable(instance)
    R = instance.n_rooms
    for lecture in rng.permutation(genes.size).tolist():
        slot = int(genes[lecture])
        if slot >= 0 and table.can_move(lecture, slot // R, slot % R):
            table.move(lecture, slot // R, slot % R)
    return complete(table, rng)
