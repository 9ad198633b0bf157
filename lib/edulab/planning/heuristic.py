"""The adaptive large neighbourhood search of Wouda, Aslan and Vis (2023), on the ``alns`` package.

Start with every learner in self-study; each iteration a roulette wheel picks a destroy and a
repair operator, simulated annealing decides whether the candidate replaces the current
solution, and every new best solution is polished by the reinsert-learner local search. The
parameters are the paper's tuned values: scores :math:`\\omega = (21.8, 13.6, 3.8)` for a new
best, a better and an accepted candidate (0 when rejected), decay :math:`\\theta = 0.8`, degree of
destruction :math:`d = 15\\%`, 25,000 iterations, and a start temperature at which a candidate 5%
worse than the initial solution is accepted with probability 0.5, cooling to 1 at the end.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4 and section 5.2.1 (tuning).
.. [2] Røpke, S. and Pisinger, D. (2006). An adaptive large neighborhood search heuristic for the
       pickup and delivery problem with time windows. *Transportation Science* 40(4): 455-472.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from edulab.planning.destroy import DEGREE, DESTROY_OPERATORS
from edulab.planning.instance import Instance
from edulab.planning.local_search import reinsert_learners
from edulab.planning.placement import initial_solution
from edulab.planning.repair import NOISE, REPAIR_OPERATORS
from edulab.planning.schedule import Schedule

#: Roulette-wheel scores for a new best, a better, an accepted and a rejected candidate.
SCORES = (21.8, 13.6, 3.8, 0.0)
DECAY = 0.8
ITERATIONS = 25_000


@dataclass(frozen=True)
class ALNSConfig:
    """Parameters of an ALNS run (the paper's tuned values by default).

    Parameters
    ----------
    iterations
        Number of destroy-repair iterations.
    scores
        :math:`(\\omega_1, \\omega_2, \\omega_3)` and the score of a rejected candidate.
    decay
        :math:`\\theta`, weight kept by the old operator weight in each update.
    degree
        Share of learners each destroy operator removes.
    worse, accept_probability
        A candidate ``worse`` (5%) below the initial objective is accepted with
        ``accept_probability`` (0.5) in the first iteration.
    end_temperature
        Temperature reached in the last iteration (1 in the paper).
    noise
        Random perturbation of break-out's module order (see :func:`~edulab.planning.repair.break_out`).
    destroy, repair
        Names of the operators used (see ``DESTROY_OPERATORS`` and ``REPAIR_OPERATORS``). The
        paper's final runs leave greedy insert out (section 5.2.1), and so does the default here
        (break-out still calls it for learners no new activity can take); the default repairs are
        break-out and its variant that may squeeze learners into instruction seats, which on
        small schools reaches schedules with every self-study seat used.
    local_search
        Apply the reinsert-learner local search on every new best solution.
    """

    iterations: int = ITERATIONS
    scores: tuple[float, float, float, float] = SCORES
    decay: float = DECAY
    degree: float = DEGREE
    worse: float = 0.05
    accept_probability: float = 0.5
    end_temperature: float = 1.0
    noise: float = NOISE
    destroy: tuple[str, ...] = tuple(DESTROY_OPERATORS)
    repair: tuple[str, ...] = ("break_out", "break_out_squeeze")
    local_search: bool = True

    def __post_init__(self) -> None:
        if (
            isinstance(self.iterations, bool)
            or not isinstance(self.iterations, (int, np.integer))
            or self.iterations < 0
        ):
            raise ValueError(f"iterations must be a non-negative integer, got {self.iterations!r}")
        if len(self.scores) != 4 or not all(0 <= score < math.inf for score in self.scores):  # NaN fails too
            raise ValueError(f"scores must be four non-negative finite numbers, got {self.scores!r}")
        if not 0 <= self.decay <= 1:
            raise ValueError(f"decay must be in [0, 1], got {self.decay!r}")
        if not 0 < self.degree <= 1:
            raise ValueError(f"degree must be in (0, 1], got {self.degree!r}")
        if not 0 <= self.noise < 1:
            raise ValueError(f"noise must be in [0, 1), got {self.noise!r}")
        if not 0 < self.end_temperature < math.inf:
            raise ValueError(f"end_temperature must be > 0 and finite, got {self.end_temperature!r}")
        if not 0 < self.worse < 1 or not 0 < self.accept_probability < 1:
            raise ValueError(
                f"worse and accept_probability must be in (0, 1), got {self.worse!r}, {self.accept_probability!r}"
            )
        for kind, names, known in (
            ("destroy", self.destroy, DESTROY_OPERATORS),
            ("repair", self.repair, REPAIR_OPERATORS),
        ):
            unknown = [name for name in names if name not in known]
            if unknown or not names:
                raise ValueError(f"{kind} operators must be a non-empty subset of {list(known)}, got {list(names)}")

    def without(self, operator: str) -> ALNSConfig:
        """The same configuration with one operator (or ``"local_search"``) taken out."""
        if operator == "local_search":
            return ALNSConfig(**{**asdict(self), "local_search": False})
        if operator in self.destroy:
            return ALNSConfig(**{**asdict(self), "destroy": tuple(n for n in self.destroy if n != operator)})
        if operator in self.repair:
            return ALNSConfig(**{**asdict(self), "repair": tuple(n for n in self.repair if n != operator)})
        raise ValueError(f"{operator!r} is not in this configuration's operators {self.destroy + self.repair}")


def start_temperature(initial_value: float, worse: float = 0.05, accept_probability: float = 0.5) -> float:
    """Temperature at which a candidate ``worse`` below ``initial_value`` is accepted with
    ``accept_probability``: :math:`T_0 = -\\text{worse} \\cdot f(s_0) / \\ln p` (Røpke and Pisinger, 2006)."""
    return -worse * abs(initial_value) / math.log(accept_probability)


def fitted_annealing(
    initial_value: float,
    iterations: int,
    worse: float = 0.05,
    accept_probability: float = 0.5,
    end_temperature: float = 1.0,
):
    """Simulated annealing that starts at :func:`start_temperature` and cools exponentially to
    ``end_temperature`` in ``iterations`` steps.

    ``alns.accept.SimulatedAnnealing.autofit`` does the same with an end temperature of 1 but
    expects a positive objective (ours is negative: the package minimises) and fails when the
    start temperature is below 1; here a start temperature at or below the end one is kept constant.
    """
    from alns.accept import SimulatedAnnealing

    start = start_temperature(initial_value, worse, accept_probability)
    if start <= end_temperature or iterations == 0:
        return SimulatedAnnealing(start, start, 1.0, method="exponential")
    step = (end_temperature / start) ** (1 / iterations)
    return SimulatedAnnealing(start, end_temperature, step, method="exponential")


class _Countdown:
    """Stopping criterion of the ``alns`` package: stop after ``iterations``, advancing a progress bar."""

    def __init__(self, iterations: int, progress: bool):
        from tqdm.auto import tqdm

        self.left = iterations
        self.bar = tqdm(total=iterations, desc="ALNS", unit="it", disable=not progress, mininterval=0.5)

    def __call__(self, rng, best, current) -> bool:
        if self.left <= 0:
            self.bar.close()
            return True
        self.left -= 1
        self.bar.update(1)
        if self.left % 500 == 0:
            self.bar.set_postfix(best=f"{-best.objective():.2f}", refresh=False)
        return False


@dataclass
class ALNSResult:
    """Outcome of an ALNS run.

    Attributes
    ----------
    objective : float
        Demand satisfied by the best schedule (equation (1)).
    initial_objective : float
    seconds : float
        Seconds, initial solution included.
    best_history : (iterations + 1,) array
        Best objective after each iteration.
    current_history : (iterations + 1,) array
        Current objective after each iteration.
    operator_counts : DataFrame-ready dict
        For each operator, how often each outcome (best, better, accept, reject) followed.
    destroy_weights, repair_weights : dict
        Final roulette-wheel weights.
    schedule : Schedule
    """

    objective: float
    initial_objective: float
    seconds: float
    iterations: int
    self_study_share: float
    best_history: np.ndarray = field(repr=False)
    current_history: np.ndarray = field(repr=False)
    operator_counts: dict[str, list[int]] = field(repr=False)
    destroy_weights: dict[str, float] = field(repr=False)
    repair_weights: dict[str, float] = field(repr=False)
    schedule: Schedule = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "alns",
            "objective": self.objective,
            "initial_objective": self.initial_objective,
            "seconds": self.seconds,
            "iterations": self.iterations,
            "self_study_share": self.self_study_share,
            "destroy_weights": self.destroy_weights,
            "repair_weights": self.repair_weights,
        }


def solve_alns(
    instance: Instance,
    config: ALNSConfig | None = None,
    *,
    random_state: int = 0,
    progress: bool = True,
) -> ALNSResult:
    """Run the ALNS on ``instance`` and return the best schedule found.

    Parameters
    ----------
    config
        Parameters; the paper's by default.
    random_state
        Seeds the ``numpy.random.Generator`` that drives operator choice, the operators and the
        acceptance (never the ``alns`` package's import-time default generator).
    progress
        Show a progress bar.
    """
    from alns import ALNS

    from edulab.planning.selection import PlainRouletteWheel

    config = config or ALNSConfig()
    started = time.perf_counter()
    rng = np.random.default_rng(random_state)
    search = ALNS(rng)
    for name in config.destroy:
        search.add_destroy_operator(DESTROY_OPERATORS[name], name)
    for name in config.repair:
        search.add_repair_operator(REPAIR_OPERATORS[name], name)
    if config.local_search:
        search.on_best(reinsert_learners)

    initial = initial_solution(instance)
    select = PlainRouletteWheel(list(config.scores), config.decay, len(config.destroy), len(config.repair))
    accept = fitted_annealing(
        initial.value, config.iterations, config.worse, config.accept_probability, config.end_temperature
    )
    stop = _Countdown(config.iterations, progress)
    outcome = search.iterate(initial, select, accept, stop, degree=config.degree, noise=config.noise)
    seconds = time.perf_counter() - started

    best = outcome.best_state
    statistics = outcome.statistics
    current = -np.asarray(statistics.objectives)
    counts = {name: list(map(int, c)) for name, c in statistics.destroy_operator_counts.items()}
    counts.update({name: list(map(int, c)) for name, c in statistics.repair_operator_counts.items()})
    schedule = best.to_schedule()
    objective = schedule.objective(instance)  # summed afresh: no drift from the incremental bookkeeping
    schedule.meta.update({"method": "alns", "objective": objective, "seconds": seconds, "seed": random_state})
    return ALNSResult(
        objective=objective,
        initial_objective=float(initial.value),
        seconds=seconds,
        iterations=config.iterations,
        self_study_share=schedule.self_study_share(instance),
        best_history=np.maximum.accumulate(current),
        current_history=current,
        operator_counts=counts,
        destroy_weights=dict(zip(config.destroy, map(float, select.destroy_weights))),
        repair_weights=dict(zip(config.repair, map(float, select.repair_weights))),
        schedule=schedule,
    )
