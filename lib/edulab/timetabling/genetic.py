"""A genetic algorithm for CB-CTT, as planned by the seed: fitness on hard violations, then soft.

Encoding
    A chromosome holds one gene per lecture: the lecture's slot ``period * n_rooms + room``
    (-1 when unassigned). This is the seed's room-timeslot array read the other way round:
    instead of marking which slots are taken, each lecture says which slot it takes.
Fitness (:data:`FITNESS_FUNCTIONS`)
    ``"weighted"`` (the default): ``HARD_WEIGHT * hard violations + soft cost`` (lower is
    better, :func:`~edulab.timetabling.validator.objective`): any timetable with fewer hard
    violations is fitter, and soft costs rank the feasible ones. ``"hard"``: the hard
    violations alone, the seed's fitness for its first phase, whose only aim is feasibility
    (the soft cost is left to the annealing that follows); the run's best individual is still
    the one of lowest ``objective`` among the fittest.
Selection (:data:`SELECTION_OPERATORS`)
    Tournament (the best of ``tournament_size`` random individuals) or roulette (probability
    proportional to ``worst - fitness + 1``).
Crossover (:data:`CROSSOVER_OPERATORS`)
    One-point, two-point, N-point (``crossover_points`` cuts) and uniform over the lecture
    genes, and *course* crossover, which takes every lecture of a course from the same parent.
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
    The ``n_elites`` fittest parents survive unchanged; the other parents are replaced by
    children. Each generation breeds ``population_size - n_elites + n_purged`` children,
    evaluates them and purges the ``n_purged`` least fit, so the population keeps its size.
Operators
    Selection and crossover operators follow the ``alns`` package's manners: plain functions of
    the population's arrays and a NumPy Generator, ``select(fitness, rng, **kwargs) -> index``
    and ``cross(a, b, rng, *, lecture_course, instance, **kwargs) -> child``, registered by name in
    :data:`SELECTION_OPERATORS` and :data:`CROSSOVER_OPERATORS` (add a function there to make
    it available to :class:`GAConfig`).

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

from edulab.timetabling.budget import Budget, check_count, check_number
from edulab.timetabling.construction import GreedyConfig, complete
from edulab.timetabling.instance import Instance
from edulab.timetabling.progress import BudgetBar
from edulab.timetabling.solution import Solution
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import evaluate, objective

# --- operators (each a small function of arrays and a Generator) ------------------------------


def tournament(fitness: np.ndarray, rng: np.random.Generator, *, size: int = 3, **_) -> int:
    """Index of the fittest (lowest) of ``size`` individuals drawn without replacement."""
    entrants = rng.choice(fitness.size, size=size, replace=False)
    return int(entrants[np.argmin(fitness[entrants])])


def roulette(fitness: np.ndarray, rng: np.random.Generator, **_) -> int:
    """Index drawn with probability proportional to ``worst - fitness + 1`` (minimisation)."""
    weights = fitness.max() - fitness + 1.0
    return int(rng.choice(fitness.size, p=weights / weights.sum()))


def one_point(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, **_) -> np.ndarray:
    """The genes of ``a`` up to a random cut, then those of ``b``."""
    cut = int(rng.integers(1, a.size)) if a.size > 1 else 0
    return np.concatenate([a[:cut], b[cut:]])


def two_point(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, **_) -> np.ndarray:
    """The genes of ``a`` with a random stretch taken from ``b``."""
    low, high = np.sort(rng.choice(a.size + 1, size=2, replace=False))
    child = a.copy()
    child[low:high] = b[low:high]
    return child


def n_point(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, *, points: int = 3, **_) -> np.ndarray:
    """The genes alternate between ``a`` and ``b`` at ``points`` random cuts (the seed's N-point crossover).

    ``points=1`` is the one-point crossover, ``points=2`` the two-point one; there are at most
    ``a.size - 1`` cuts.
    """
    if points < 1:
        raise ValueError(f"n_point needs at least one cut, got points={points!r}")
    count = min(points, a.size - 1)
    if count < 1:
        return a.copy()
    cuts = np.zeros(a.size, dtype=int)
    cuts[rng.choice(np.arange(1, a.size), size=count, replace=False)] = 1
    from_b = np.cumsum(cuts) % 2 == 1  # a before the first cut, then b, a, ...
    return np.where(from_b, b, a)


def uniform(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, **_) -> np.ndarray:
    """Each gene from ``a`` or ``b`` with probability 1/2."""
    return np.where(rng.random(a.size) < 0.5, a, b)


def course_crossover(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator, *, lecture_course: np.ndarray, **_
) -> np.ndarray:
    """Every lecture of a course comes from the same parent (a course keeps its days and rooms)."""
    from_a = rng.random(int(lecture_course.max()) + 1) < 0.5
    return np.where(from_a[lecture_course], a, b)


#: Selection operators by name: ``select(fitness, rng, *, size, **kwargs) -> index``.
SELECTION_OPERATORS = {"tournament": tournament, "roulette": roulette}

#: Crossover operators by name: ``cross(a, b, rng, *, lecture_course, instance, **kwargs) -> child``
#: (``instance`` lets an operator build and repair a :class:`Timetable` itself).
CROSSOVER_OPERATORS = {
    "one_point": one_point,
    "two_point": two_point,
    "n_point": n_point,
    "uniform": uniform,
    "course": course_crossover,
}

#: Fitness functions by name: ``fitness(hard, soft) -> number``, lower is fitter.
FITNESS_FUNCTIONS = {"weighted": objective, "hard": lambda hard, soft: hard}


def swap_mutation(genes: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Exchange the slots of ``Binomial(n_lectures, rate) // 2`` random pairs of lectures."""
    pairs = int(rng.binomial(genes.size, rate)) // 2
    if pairs == 0:
        return genes
    genes = genes.copy()
    chosen = rng.choice(genes.size, size=2 * pairs, replace=False).reshape(2, pairs)
    genes[chosen[0]], genes[chosen[1]] = genes[chosen[1]], genes[chosen[0]].copy()
    return genes


@dataclass(frozen=True)
class GAConfig:
    """Settings of the genetic algorithm (see the module docstring for each operator).

    How long it runs is not a setting: :func:`genetic_algorithm` takes a
    :class:`~edulab.timetabling.budget.Budget` whose iterations are generations.
    """

    population_size: int = 20
    n_purged: int = 5
    selection: str = "tournament"
    tournament_size: int = 3
    crossover: str = "course"
    crossover_points: int = 3
    crossover_rate: float = 0.9
    mutation_rate: float = 0.01
    max_mutation_rate: float = 0.2
    mutation_boost: float = 1.5
    convergence: float = 0.01
    n_elites: int = 1
    repair: bool = True
    init_noise: float = 0.5
    fitness: str = "weighted"

    def __post_init__(self) -> None:
        check_count("GAConfig", "population_size", self.population_size, minimum=2)
        check_count("GAConfig", "n_purged", self.n_purged)
        check_count("GAConfig", "n_elites", self.n_elites)
        if not self.n_elites < self.population_size:
            raise ValueError(
                f"GAConfig.n_elites must be below population_size={self.population_size!r}, got {self.n_elites!r}"
            )
        if self.selection not in SELECTION_OPERATORS:
            raise ValueError(f"selection must be one of {list(SELECTION_OPERATORS)}, got {self.selection!r}")
        if self.crossover not in CROSSOVER_OPERATORS:
            raise ValueError(f"crossover must be one of {list(CROSSOVER_OPERATORS)}, got {self.crossover!r}")
        if self.fitness not in FITNESS_FUNCTIONS:
            raise ValueError(f"fitness must be one of {list(FITNESS_FUNCTIONS)}, got {self.fitness!r}")
        check_count("GAConfig", "crossover_points", self.crossover_points, minimum=1)
        check_count("GAConfig", "tournament_size", self.tournament_size, minimum=2)
        if self.tournament_size > self.population_size:
            raise ValueError(
                f"GAConfig.tournament_size must be at most population_size={self.population_size!r}, got {self.tournament_size!r}"
            )
        for name in ("crossover_rate", "mutation_rate", "max_mutation_rate", "convergence"):
            check_number("GAConfig", name, getattr(self, name), 0, 1)
        check_number("GAConfig", "mutation_boost", self.mutation_boost, 1, float("inf"))
        check_number("GAConfig", "init_noise", self.init_noise, 0, float("inf"))
        if self.mutation_rate > self.max_mutation_rate:
            raise ValueError(
                f"need mutation_rate <= max_mutation_rate, got {self.mutation_rate!r} > {self.max_mutation_rate!r}"
            )


@dataclass
class Individual:
    """A chromosome (one slot per lecture) with its hard violations, soft cost and fitness rule."""

    genes: np.ndarray
    hard: int
    soft: int
    rule: str = "weighted"

    @property
    def fitness(self) -> int:
        """What selection, elitism and purge rank by (:data:`FITNESS_FUNCTIONS`; lower is fitter)."""
        return FITNESS_FUNCTIONS[self.rule](self.hard, self.soft)

    @property
    def objective(self) -> int:
        """``HARD_WEIGHT * hard + soft``, whatever the fitness rule."""
        return objective(self.hard, self.soft)


@dataclass
class GAResult:
    """Outcome of a run: the best individual as a solution, and one trace row per generation."""

    best: Individual
    solution: Solution
    n_generations: int
    n_children: int
    seconds: float
    stop: str
    trace: list[dict] = field(default_factory=list)

    @property
    def cost(self) -> int:
        return self.best.objective

    @property
    def feasible(self) -> bool:
        return self.best.hard == 0

    def timetable(self, instance: Instance) -> Timetable:
        """The best individual as a Timetable (only when it is hard-feasible but for unassigned lectures)."""
        return Timetable.from_slots(instance, self.best.genes)

    def to_dict(self) -> dict:
        return {
            "cost": self.cost,
            "hard": self.best.hard,
            "soft": self.best.soft,
            "n_generations": self.n_generations,
            "n_children": self.n_children,
            "seconds": self.seconds,
            "stop": self.stop,
        }


def adapt_mutation(rate: float, fitness: np.ndarray, config: GAConfig) -> float:
    """Raise the rate while best and mean fitness converge, reset it when they spread (the seed)."""
    best, mean = float(fitness.min()), float(fitness.mean())
    if mean - best <= config.convergence * max(abs(mean), 1.0):
        return min(config.max_mutation_rate, max(rate, 1e-3) * config.mutation_boost)
    return config.mutation_rate


# --- the algorithm --------------------------------------------------------------------------


def genetic_algorithm(
    instance: Instance,
    config: GAConfig | None = None,
    *,
    budget: Budget,
    random_state: np.random.Generator | int | None = None,
    initial: list[np.ndarray] | None = None,
    progress: bool = True,
) -> GAResult:
    """Evolve timetables for ``instance``.

    Parameters
    ----------
    instance
        The problem.
    config
        Operators and rates; :class:`GAConfig` defaults when None.
    budget
        When to stop: seconds and/or generations, whichever comes first. The same
        ``random_state`` reproduces a run bounded by generations alone.
    random_state
        A seed or a NumPy Generator.
    initial
        Chromosomes to start from; the rest of the population is built by the greedy
        heuristic with ``init_noise`` (stopping at two individuals if time runs out).
    progress
        Show a progress bar.
    """
    config = config or GAConfig()
    rng = np.random.default_rng(random_state)
    start = time.perf_counter()
    breeder = _Breeder(instance, config, rng)
    population = [breeder.individual(np.asarray(genes)) for genes in (initial or [])][: config.population_size]
    while len(population) < config.population_size and not (
        len(population) >= 2 and budget.stop(0, time.perf_counter() - start)
    ):
        table = complete(Timetable(instance), GreedyConfig(noise=config.init_noise), random_state=rng)
        population.append(Individual(table.slots(), table.unassigned, table.soft, config.fitness))
    rate, trace, generation, children = config.mutation_rate, [], 0, 0
    bar = BudgetBar("genetic algorithm", budget, "gen", progress)
    while True:
        fitness = np.array([ind.fitness for ind in population], dtype=float)
        trace.append(_trace_row(generation, time.perf_counter() - start, population, fitness, rate))
        stop = budget.stop(generation, time.perf_counter() - start, unit="generation")
        if stop:
            break
        rate = adapt_mutation(rate, fitness, config)
        brood = [
            breeder.child(population, fitness, rate)
            for _ in range(config.population_size - config.n_elites + config.n_purged)
        ]
        children += len(brood)
        elites = sorted(population, key=lambda ind: ind.fitness)[: config.n_elites]
        population = elites + purge(brood, config.n_purged)
        generation += 1
        bar.update(generation, time.perf_counter() - start, best=int(fitness.min()), rate=f"{rate:.3f}")
    bar.close()
    best = min(population, key=lambda ind: (ind.fitness, ind.objective))
    return GAResult(best, breeder.solution(best.genes), generation, children, time.perf_counter() - start, stop, trace)


def purge(brood: list[Individual], count: int) -> list[Individual]:
    """``brood`` without its ``count`` least fit individuals."""
    ranked = sorted(brood, key=lambda ind: ind.fitness)  # stable: ties keep their birth order
    return ranked[: len(ranked) - count]


def _trace_row(generation: int, seconds: float, population: list[Individual], fitness: np.ndarray, rate: float) -> dict:
    best = min(population, key=lambda ind: (ind.fitness, ind.objective))
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

    def __init__(self, instance: Instance, config: GAConfig, rng: np.random.Generator):
        self.instance, self.config, self.rng = instance, config, rng
        self.lecture_course = instance.lecture_course
        self.select = SELECTION_OPERATORS[config.selection]
        self.cross = CROSSOVER_OPERATORS[config.crossover]

    def child(self, population: list[Individual], fitness: np.ndarray, rate: float) -> Individual:
        rng, size = self.rng, self.config.tournament_size
        a = population[self.select(fitness, rng, size=size)].genes
        b = population[self.select(fitness, rng, size=size)].genes
        if rng.random() < self.config.crossover_rate:
            genes = self.cross(
                a,
                b,
                rng,
                lecture_course=self.lecture_course,
                instance=self.instance,
                points=self.config.crossover_points,
            )
        else:
            genes = a.copy()
        return self.individual(swap_mutation(genes, rate, rng))

    def individual(self, genes: np.ndarray) -> Individual:
        """Evaluate a chromosome, repairing it first when the configuration asks for it."""
        if self.config.repair:
            table = repair(self.instance, genes, self.rng)
            return Individual(table.slots(), table.unassigned, table.soft, self.config.fitness)
        report = evaluate(self.instance, self.solution(genes))
        return Individual(np.asarray(genes), report.violations, report.total, self.config.fitness)

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
    return complete(table, random_state=rng)
