"""One entry point for every method: ``solve(instance, method, config)``.

* ``"greedy"``: the constructive baseline (:func:`~edulab.planning.greedy.solve_greedy`), no config;
* ``"alns"``: the adaptive large neighbourhood search, configured by an
  :class:`~edulab.planning.heuristic.ALNSConfig`;
* ``"ilp"``: the exact model (1)-(12), configured by an :class:`~edulab.planning.ilp.ILPConfig`.

Every method answers with a :class:`SolveResult`: the objective, the seconds, the schedule, its
share of learners in self-study and, for the ILP, the proven bound. What only one method
reports (the ALNS's search history, the ILP's model size) is in ``details``.

>>> from edulab.planning import ALNSConfig, generate_instance, solve
>>> school = generate_instance(learners=60, random_state=1)
>>> result = solve(school, "alns", ALNSConfig(iterations=200), random_state=0, progress=False)
>>> result.status, bool(result.objective >= school.self_study_value.sum())
('feasible', True)

References
----------
.. [1] Wouda, Aslan and Vis (2023), sections 3 (the ILP) and 4 (the ALNS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from edulab.planning.greedy import GreedyResult, solve_greedy
from edulab.planning.heuristic import ALNSConfig, ALNSResult, solve_alns
from edulab.planning.ilp import ILPConfig, ILPResult, solve_ilp
from edulab.planning.instance import Instance
from edulab.planning.schedule import Schedule

#: The methods :func:`solve` knows, in the order tables list them.
METHODS = ("greedy", "alns", "ilp")

#: The configuration class each method takes (None: the method has no parameters).
CONFIGS: dict[str, type | None] = {"greedy": None, "alns": ALNSConfig, "ilp": ILPConfig}


@dataclass
class SolveResult:
    """The best schedule of a run and how the run went, whatever the method.

    Attributes
    ----------
    method : str
        One of :data:`METHODS`.
    status : str
        ``"optimal"`` (the ILP proved it), ``"feasible"`` (a schedule, not proved optimal: every
        heuristic run, or the ILP on its time limit), ``"no solution"`` or ``"infeasible"`` (ILP).
    objective : float or None
        Demand satisfied by the schedule (equation (1)); None without a schedule.
    bound : float or None
        Upper bound on the optimum proved by the ILP solver; None for the heuristics.
    seconds : float
        Time of the run (for the ILP, the solver's time, model building excluded).
    self_study_share : float or None
        Fraction of learners in self-study; None without a schedule.
    schedule : Schedule or None
    details : GreedyResult, ALNSResult or ILPResult
        What the method itself returned (search history, operator counts, model size, ...).
    """

    method: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    self_study_share: float | None
    schedule: Schedule | None = field(repr=False)
    details: GreedyResult | ALNSResult | ILPResult = field(repr=False)

    @property
    def gap(self) -> float | None:
        """The ILP's relative gap (bound - objective) / objective; None for the heuristics."""
        return self.details.gap if isinstance(self.details, ILPResult) else None

    def to_dict(self) -> dict[str, Any]:
        """The method's own figures, then the common ones (JSON-ready)."""
        return {
            **self.details.to_dict(),
            "method": self.method,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": self.seconds,
            "self_study_share": self.self_study_share,
        }


def solve(
    instance: Instance,
    method: str = "alns",
    config: ALNSConfig | ILPConfig | None = None,
    *,
    random_state: int = 0,
    progress: bool = True,
) -> SolveResult:
    """Solve ``instance`` with ``method``; return the schedule and the figures of the run.

    Parameters
    ----------
    method
        One of :data:`METHODS`.
    config
        An instance of ``CONFIGS[method]`` (:class:`ALNSConfig` or :class:`ILPConfig`); None for
        its defaults (the paper's ALNS, the ILP with a 120-second limit). The greedy baseline
        takes none.
    random_state
        Seed of the ALNS's random generator (the greedy baseline and the ILP are deterministic).
    progress
        Show the ALNS's progress bar.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    expected = CONFIGS[method]
    if config is not None and (expected is None or not isinstance(config, expected)):
        wanted = "no config" if expected is None else f"an {expected.__name__} or None"
        raise TypeError(f"method {method!r} takes {wanted}, got {type(config).__name__}")
    if method == "greedy":
        details = solve_greedy(instance)
    elif method == "alns":
        details = solve_alns(instance, config, random_state=random_state, progress=progress)
    else:
        details = solve_ilp(instance, config)
    status, bound = (details.status, details.bound) if method == "ilp" else ("feasible", None)
    return SolveResult(
        method=method,
        status=status,
        objective=details.objective,
        bound=bound,
        seconds=details.seconds,
        self_study_share=details.self_study_share,
        schedule=details.schedule,
        details=details,
    )
