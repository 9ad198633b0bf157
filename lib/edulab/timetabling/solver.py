"""One entry point for every algorithm, configured by one parameter object.

``solve(instance, SolverConfig(algorithm="hybrid", time_limit=60, seed=1))`` runs

* ``greedy``: the sequential greedy construction alone;
* ``ga``: the genetic algorithm for the whole time limit;
* ``sa``: the greedy construction, then simulated annealing for the rest of the time;
* ``hybrid``: the seed's plan: the genetic algorithm for ``ga_share`` of the time (it delivers
  feasible timetables), then simulated annealing from its best individual.

Simulated annealing with an automatic start temperature takes it from the construction: the
greedy timetable for ``sa``, the best of the GA's initial (greedy) population for ``hybrid``, so
that both anneal on the same scale and the comparison measures what the GA's generations add.

The configuration's ``time_limit`` overrides the time limits inside ``ga`` and ``sa``; with
``time_limit=None`` the runs are bounded by their generation and iteration limits instead, and
the same seed then gives the same timetable on every machine.

References
----------
Gonçalves (2015). Automated university timetable creation with metaheuristics, ISEL (the seed,
figure 1.1: GA first, then SA).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from edulab.timetabling.annealing import SAParams, automatic_t0, simulated_annealing
from edulab.timetabling.construction import GreedyParams, greedy
from edulab.timetabling.genetic import GAParams, genetic_algorithm, repair
from edulab.timetabling.instance import Instance
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import CostReport, evaluate

ALGORITHMS = ("greedy", "ga", "sa", "hybrid")


@dataclass(frozen=True)
class SolverConfig:
    """Everything a run needs: the algorithm, its budget, its seed and each component's settings.

    Attributes
    ----------
    algorithm
        One of :data:`ALGORITHMS`.
    time_limit
        Seconds for the whole run (None: use the components' own limits).
    seed
        Seed of the run's random generator.
    greedy, ga, sa
        Settings of the construction, the genetic algorithm and the annealing.
    ga_share
        Hybrid only: the share of ``time_limit`` given to the genetic algorithm.
    """

    algorithm: str = "hybrid"
    time_limit: float | None = 60.0
    seed: int = 0
    greedy: GreedyParams = field(default_factory=GreedyParams)
    ga: GAParams = field(default_factory=lambda: GAParams(time_limit=None, generations=50))
    sa: SAParams = field(default_factory=lambda: SAParams(time_limit=None, max_iterations=2_000_000))
    ga_share: float = 0.2

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        if self.time_limit is not None and not self.time_limit > 0:
            raise ValueError(f"time_limit must be positive or None, got {self.time_limit!r}")
        if not 0 < self.ga_share < 1:
            raise ValueError(f"ga_share must be in (0, 1), got {self.ga_share!r}")
        if not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")


@dataclass
class SolveResult:
    """The best timetable of a run, its validated cost and how the run went.

    Attributes
    ----------
    timetable
        The best timetable (hard-feasible unless ``report`` says otherwise).
    report
        Its cost, recomputed from scratch by the validator.
    trace
        Rows of ``phase`` ("greedy", "ga", "sa"), ``seconds`` since the start and ``best``
        (objective: soft cost plus 100,000 per hard violation), for the cost plots.
    details
        What each phase reported (``to_dict`` of its result).
    """

    algorithm: str
    seed: int
    timetable: Timetable
    report: CostReport
    seconds: float
    trace: list[dict]
    details: dict

    @property
    def cost(self) -> int:
        return self.report.total

    @property
    def feasible(self) -> bool:
        return self.report.feasible

    def to_dict(self) -> dict:
        return {"algorithm": self.algorithm, "seed": self.seed, "seconds": round(self.seconds, 3),
                **self.report.to_dict(), "details": self.details}


def solve(instance: Instance, config: SolverConfig | None = None, *, progress: bool = True) -> SolveResult:
    """Run ``config.algorithm`` on ``instance``; return the best timetable, validated."""
    config = config or SolverConfig()
    rng = np.random.default_rng(config.seed)
    start = time.perf_counter()
    trace: list[dict] = []
    details: dict = {}
    if config.algorithm == "ga":
        table, _ = _run_ga(instance, config, rng, config.time_limit, trace, details, progress)
    else:
        if config.algorithm == "hybrid":
            ga_time = None if config.time_limit is None else config.ga_share * config.time_limit
            table, constructed = _run_ga(instance, config, rng, ga_time, trace, details, progress)
        else:
            table = greedy(instance, rng, config.greedy)
            constructed = table.soft
            details["greedy"] = {"soft": table.soft, "unassigned": table.unassigned}
            trace.append({"phase": "greedy", "seconds": time.perf_counter() - start, "best": table.objective(100_000)})
        if config.algorithm in ("sa", "hybrid"):
            remaining = None if config.time_limit is None else max(config.time_limit - (time.perf_counter() - start), 0.01)
            sa = config.sa if config.sa.t0 is not None else replace(config.sa, t0=automatic_t0(constructed, instance.n_lectures))
            table = _run_sa(table, sa, rng, remaining, trace, details, progress, offset=time.perf_counter() - start)
    report = evaluate(instance, table.to_solution())
    return SolveResult(config.algorithm, config.seed, table, report, time.perf_counter() - start, trace, details)


def _run_ga(instance, config, rng, time_limit, trace, details, progress) -> tuple[Timetable, int]:
    """The GA's best timetable and the soft cost of its initial population's best."""
    params = config.ga if time_limit is None else replace(config.ga, time_limit=time_limit, generations=None)
    result = genetic_algorithm(instance, params, rng, progress=progress)
    trace.extend({"phase": "ga", "seconds": row["seconds"], "best": row["best"]} for row in result.trace)
    details["ga"] = result.to_dict()
    constructed = result.trace[0]["best_soft"]
    if result.best.hard and not params.repair:  # an unrepaired best: make it placeable for SA
        return repair(instance, result.best.genes, rng), constructed
    return result.timetable(instance), constructed


def _run_sa(table, sa, rng, time_limit, trace, details, progress, offset) -> Timetable:
    params = sa if time_limit is None else replace(sa, time_limit=time_limit, max_iterations=None)
    result = simulated_annealing(table, params, rng, progress=progress)
    trace.extend({"phase": "sa", "seconds": offset + row["seconds"], "best": row["best"]} for row in result.trace)
    details["sa"] = result.to_dict()
    return result.timetable
