"""One entry point for every algorithm, configured by one object.

``solve(instance, SolverConfig(algorithm="hybrid", budget=Budget(seconds=60), random_state=1))``
runs

* ``greedy``: the sequential greedy construction alone;
* ``ga``: the genetic algorithm;
* ``sa``: the greedy construction, then simulated annealing;
* ``hybrid``: the seed's plan: the genetic algorithm first (it delivers feasible timetables),
  then simulated annealing from its best individual.

One budget rule
    ``config.budget`` bounds the run, whatever the algorithm: its ``seconds`` count from the
    start of :func:`solve` to its end (the construction included), its ``iterations`` bound the
    algorithm's search (greedy: placements; ``ga``: generations; ``sa`` and ``hybrid``: the
    annealing's attempted moves). The hybrid's genetic phase gets ``ga_budget`` when it is given
    (for example ``Budget(iterations=50)`` generations), else ``ga_share`` of the seconds; the
    annealing then gets the time that is left. Nothing is overwritten: settings that contradict
    each other raise a ValueError naming both.

Simulated annealing with an automatic start temperature takes it from the construction: the
greedy timetable for ``sa``, the best of the GA's initial (greedy) population for ``hybrid``, so
that both anneal on the same scale and the comparison measures what the GA's generations add.

References
----------
Gonçalves (2015). Automated university timetable creation with metaheuristics, ISEL (the seed,
figure 1.1: GA first, then SA).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from edulab.timetabling.annealing import SAConfig, automatic_t0, prepare_kernel, simulated_annealing
from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import GreedyConfig, greedy
from edulab.timetabling.genetic import GAConfig, genetic_algorithm, repair
from edulab.timetabling.instance import Instance
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import CostReport, evaluate

#: The algorithms :func:`solve` runs.
ALGORITHMS = ("greedy", "ga", "sa", "hybrid")

#: The budget of a run when none is given: one minute.
DEFAULT_BUDGET = Budget(seconds=60.0)

#: The hybrid's share of ``budget.seconds`` for the genetic phase when neither ``ga_share`` nor
#: ``ga_budget`` is given.
DEFAULT_GA_SHARE = 0.2


@dataclass(frozen=True)
class SolverConfig:
    """Everything a run needs: the algorithm, its budget, its seed and each component's settings.

    Attributes
    ----------
    algorithm
        One of :data:`ALGORITHMS`.
    budget
        The run's :class:`~edulab.timetabling.budget.Budget` (see the module docstring).
    random_state
        Seed of the run's random generator (a non-negative integer).
    greedy, ga, sa
        Settings of the construction, the genetic algorithm and the annealing.
    ga_share
        Hybrid only: the share of ``budget.seconds`` given to the genetic algorithm (None:
        :data:`DEFAULT_GA_SHARE`, unless ``ga_budget`` is given).
    ga_budget
        Hybrid only: the genetic phase's own budget, instead of a share of the seconds.
    """

    algorithm: str = "hybrid"
    budget: Budget = DEFAULT_BUDGET
    random_state: int = 0
    greedy: GreedyConfig = field(default_factory=GreedyConfig)
    ga: GAConfig = field(default_factory=GAConfig)
    sa: SAConfig = field(default_factory=SAConfig)
    ga_share: float | None = None
    ga_budget: Budget | None = None

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        if not isinstance(self.budget, Budget):
            raise ValueError(f"budget must be a Budget (seconds and/or iterations), got {self.budget!r}")
        if (
            isinstance(self.random_state, bool)
            or not isinstance(self.random_state, (int, np.integer))
            or self.random_state < 0
        ):
            raise ValueError(f"random_state must be a non-negative integer, got {self.random_state!r}")
        if self.ga_share is not None and not (isinstance(self.ga_share, (int, float)) and 0 < self.ga_share < 1):
            raise ValueError(f"ga_share must be in (0, 1), got {self.ga_share!r}")
        if self.algorithm != "hybrid" and (self.ga_share is not None or self.ga_budget is not None):
            raise ValueError(
                f"ga_share and ga_budget apply to algorithm='hybrid' only, got algorithm={self.algorithm!r} "
                f"with ga_share={self.ga_share!r}, ga_budget={self.ga_budget!r}"
            )
        if self.algorithm == "hybrid":
            self._check_hybrid()

    def _check_hybrid(self) -> None:
        if self.ga_budget is not None and self.ga_share is not None:
            raise ValueError(
                f"give ga_share (a share of budget.seconds) or ga_budget, not both: got ga_share={self.ga_share!r} "
                f"and ga_budget={self.ga_budget!r}"
            )
        if self.ga_budget is None and self.budget.seconds is None:
            raise ValueError(
                f"ga_share needs budget.seconds to share, got budget={self.budget!r}: give ga_budget "
                "(the genetic phase's own budget) as well"
            )
        if self.ga_budget is not None and not isinstance(self.ga_budget, Budget):
            raise ValueError(f"ga_budget must be a Budget or None, got {self.ga_budget!r}")
        ga_seconds = self.ga_budget.seconds if self.ga_budget is not None else None
        if ga_seconds is not None and self.budget.seconds is not None and ga_seconds >= self.budget.seconds:
            raise ValueError(
                f"ga_budget.seconds={ga_seconds!r} must be below budget.seconds={self.budget.seconds!r}: "
                "the genetic phase is part of the run"
            )


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
        (:func:`~edulab.timetabling.validator.objective`: soft cost plus ``HARD_WEIGHT`` per
        hard violation), for the cost plots.
    details
        What each phase reported (``to_dict`` of its result); ``details["skipped"]`` lists the
        phases the budget left no time for.
    """

    algorithm: str
    random_state: int
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
        return {
            "algorithm": self.algorithm,
            "random_state": self.random_state,
            "seconds": round(self.seconds, 3),
            **self.report.to_dict(),
            "details": self.details,
        }


def solve(instance: Instance, config: SolverConfig | None = None, *, progress: bool = True) -> SolveResult:
    """Run ``config.algorithm`` on ``instance`` within ``config.budget``; return the best
    timetable, validated."""
    config = config or SolverConfig()
    if config.algorithm in ("sa", "hybrid"):
        prepare_kernel(config.sa.kernel)  # compiles the annealing's loop once per process, before the clock
    rng = np.random.default_rng(config.random_state)
    start = time.perf_counter()
    trace: list[dict] = []
    details: dict = {}
    if config.algorithm == "ga":
        table, _ = _run_ga(instance, config, config.budget, rng, trace, details, progress)
    elif config.algorithm == "hybrid":
        table, constructed = _run_ga(instance, config, _genetic_budget(config), rng, trace, details, progress)
    else:
        only = config.algorithm == "greedy"
        construction = (
            config.budget if only else (Budget(seconds=config.budget.seconds) if config.budget.seconds else None)
        )
        table = greedy(instance, config.greedy, budget=construction, random_state=rng)
        constructed = table.soft
        details["greedy"] = {"soft": table.soft, "unassigned": table.unassigned}
        trace.append({"phase": "greedy", "seconds": time.perf_counter() - start, "best": table.objective()})
    if config.algorithm in ("sa", "hybrid"):
        left = config.budget.after(time.perf_counter() - start)
        if left is None:
            details["skipped"] = ["sa"]
        else:
            sa = (
                config.sa
                if config.sa.t0 is not None
                else replace(config.sa, t0=automatic_t0(constructed, instance.n_lectures))
            )
            table = _run_sa(table, sa, left, rng, trace, details, progress, offset=time.perf_counter() - start)
    report = evaluate(instance, table.to_solution())
    return SolveResult(
        config.algorithm, config.random_state, table, report, time.perf_counter() - start, trace, details
    )


def _genetic_budget(config: SolverConfig) -> Budget:
    """The hybrid's genetic phase: ``ga_budget`` (within the run's seconds), else a share of
    the run's seconds."""
    own, run = config.ga_budget, config.budget
    if own is None:
        share = DEFAULT_GA_SHARE if config.ga_share is None else config.ga_share
        return Budget(seconds=share * run.seconds)
    if own.seconds is None and run.seconds is not None:
        return Budget(run.seconds, own.iterations)
    return own


def _run_ga(instance, config, budget, rng, trace, details, progress) -> tuple[Timetable, int]:
    """The GA's best timetable and the soft cost of its initial population's best."""
    result = genetic_algorithm(instance, config.ga, budget=budget, random_state=rng, progress=progress)
    trace.extend({"phase": "ga", "seconds": row["seconds"], "best": row["best"]} for row in result.trace)
    details["ga"] = result.to_dict()
    constructed = result.trace[0]["best_soft"]
    if result.best.hard and not config.ga.repair:  # an unrepaired best: make it placeable for SA
        return repair(instance, result.best.genes, rng), constructed
    return result.timetable(instance), constructed


def _run_sa(table, config, budget, rng, trace, details, progress, offset) -> Timetable:
    result = simulated_annealing(table, config, budget=budget, random_state=rng, progress=progress)
    trace.extend({"phase": "sa", "seconds": offset + row["seconds"], "best": row["best"]} for row in result.trace)
    details["sa"] = result.to_dict()
    return result.timetable
