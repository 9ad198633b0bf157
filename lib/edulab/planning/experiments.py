"""Experiments over many generated instances: gaps to the optimum, operator ablation, policies.

Every run is one (generator configuration, seed) pair solved by some of ``"greedy"``,
``"alns"`` and ``"ilp"``; runs go in parallel with joblib (``n_jobs``), and on a cluster through
joblib's Dask backend without any change here. Results are DataFrames with one row per run.

The gap of a heuristic follows the paper: :math:`(f(s^*) - f(s)) / f(s)`, with :math:`s^*` an
optimal solution and :math:`s` the heuristic's.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 5.2 (figures 1 to 5, table B.5).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from edulab.planning.generator import GeneratorConfig, generate_instance
from edulab.planning.heuristic import ALNSConfig
from edulab.planning.ilp import ILPConfig
from edulab.planning.solver import METHODS, solve


def gap(optimal: float | np.ndarray, heuristic: float | np.ndarray) -> Any:
    """Relative gap :math:`(f(s^*) - f(s)) / f(s)` of a heuristic objective to the optimum
    (rounding noise below 1e-9 counts as 0)."""
    value = (np.asarray(optimal, dtype=float) - heuristic) / np.asarray(heuristic, dtype=float)
    return np.where(np.abs(value) < 1e-9, 0.0, value)


@dataclass(frozen=True)
class Run:
    """One instance to solve: a generator configuration and a seed."""

    config: GeneratorConfig
    seed: int

    def label(self) -> dict[str, Any]:
        config = self.config
        return {
            "learners": config.learners,
            "sigma": config.sigma,
            "penalty": config.penalty,
            "qualification_mix": "({:g}; {:g}; {:g})".format(*config.qualification_mix),
            "split": config.split,
            "seed": self.seed,
        }


def design(levels: dict[str, Sequence[Any]], seeds: Iterable[int], base: GeneratorConfig | None = None) -> list[Run]:
    """Full factorial design: every combination of the ``levels`` of generator parameters, each
    with every seed (as table 2 of the paper, at any school size)."""
    base_fields = (base or GeneratorConfig()).to_dict()
    unknown = set(levels) - set(base_fields)
    if unknown:
        raise ValueError(f"unknown generator parameter(s) {sorted(unknown)}; expected some of {sorted(base_fields)}")
    names = list(levels)
    seeds = list(seeds)
    return [
        Run(GeneratorConfig(**{**base_fields, **dict(zip(names, combination))}), seed)
        for combination in itertools.product(*(levels[name] for name in names))
        for seed in seeds
    ]


@dataclass(frozen=True)
class ExperimentConfig:
    """Which methods solve every run of an experiment, and how each is configured."""

    methods: tuple[str, ...] = METHODS
    alns: ALNSConfig = field(default_factory=ALNSConfig)
    ilp: ILPConfig = field(default_factory=ILPConfig)

    def __post_init__(self) -> None:
        unknown = [m for m in self.methods if m not in METHODS]
        if unknown or not self.methods:
            raise ValueError(f"methods must be a non-empty subset of {METHODS}, got {list(self.methods)}")


def solve_run(run: Run, config: ExperimentConfig) -> dict[str, Any]:
    """Solve one instance with each method; one row with objectives, seconds and self-study shares."""
    instance = generate_instance(run.config, random_state=run.seed)
    row: dict[str, Any] = {**run.label(), "all_self_study": float(instance.self_study_value.sum())}
    configs = {"greedy": None, "alns": config.alns, "ilp": config.ilp}
    for method in (m for m in METHODS if m in config.methods):
        result = solve(instance, method, configs[method], random_state=run.seed, progress=False)
        share = np.nan if result.self_study_share is None else result.self_study_share
        row.update({method: result.objective, f"{method}_seconds": result.seconds, f"{method}_self_study": share})
        if method == "ilp":
            row.update(ilp_bound=result.bound, ilp_status=result.status, ilp_solver=result.details.solver)
    return row


def run_experiments(
    runs: Sequence[Run], config: ExperimentConfig | None = None, *, n_jobs: int = 1, progress: bool = True
) -> pd.DataFrame:
    """Solve every run (in parallel with ``n_jobs`` joblib workers) and add gap columns.

    Columns: the run's parameters, then ``<method>``, ``<method>_seconds`` and
    ``<method>_self_study`` for each method; with the ILP also its bound, status and solver, and
    ``gap_greedy`` / ``gap_alns`` where the ILP proved optimality.
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    config = config or ExperimentConfig()
    tasks = (delayed(solve_run)(run, config) for run in tqdm(runs, desc="instances", disable=not progress))
    rows = Parallel(n_jobs=n_jobs)(tasks)
    return add_gaps(pd.DataFrame(rows))


def add_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``gap_<method>`` (to the ILP optimum, where the ILP proved optimality) for the heuristics."""
    table = table.copy()
    if "ilp" not in table:
        return table
    optimal = table["ilp"].where(table["ilp_status"] == "optimal")
    for method in ("greedy", "alns"):
        if method in table:
            table[f"gap_{method}"] = gap(optimal, table[method])
    return table


def gap_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Mean and max gap and mean seconds of each heuristic over the optimally solved instances."""
    solved = table[table["ilp_status"] == "optimal"]
    rows = []
    for method in ("greedy", "alns"):
        if f"gap_{method}" in solved:
            rows.append(
                {
                    "method": method,
                    "instances": len(solved),
                    "mean gap %": 100 * solved[f"gap_{method}"].mean(),
                    "max gap %": 100 * solved[f"gap_{method}"].max(),
                    "at optimum": int((solved[f"gap_{method}"] <= 1e-9).sum()),
                    "mean time s": solved[f"{method}_seconds"].mean(),
                }
            )
    rows.append(
        {
            "method": "ilp",
            "instances": len(solved),
            "mean time s": solved["ilp_seconds"].mean(),
            "max time s": solved["ilp_seconds"].max(),
        }
    )
    return pd.DataFrame(rows).set_index("method")


def _ablation_task(run: Run, config: ALNSConfig, removed: str) -> dict[str, Any]:
    instance = generate_instance(run.config, random_state=run.seed)
    result = solve(instance, "alns", config, random_state=run.seed, progress=False)
    return {**run.label(), "removed": removed, "alns": result.objective, "alns_seconds": result.seconds}


def ablation(
    runs: Sequence[Run],
    optimum: Sequence[float],
    base: ALNSConfig | None = None,
    operators: Sequence[str] | None = None,
    *,
    n_jobs: int = 1,
    progress: bool = True,
) -> pd.DataFrame:
    """The operator study of figure 1: the ALNS with all operators, then with each one taken out.

    Parameters
    ----------
    runs, optimum
        Instances and their optimal objectives (from the ILP).
    base
        The full configuration; its operators (and ``"local_search"``) are removed in turn.
    operators
        Which to remove; default all of ``base``'s, including greedy insert when it is in
        ``base.repair``.

    Returns
    -------
    DataFrame
        One row per (instance, configuration): ``removed`` ("none" for the full ALNS), the
        objective, the seconds and ``gap`` to the optimum.
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    base = base or ALNSConfig()
    if len(runs) != len(optimum):
        raise ValueError(f"got {len(runs)} runs but {len(optimum)} optimal objectives")
    if operators is None:
        operators = [*base.destroy, *base.repair, "local_search"]
    configs = [("none", base)] + [(name, base.without(name)) for name in operators]
    jobs = [(run, config, name, best) for run, best in zip(runs, optimum) for name, config in configs]
    rows = Parallel(n_jobs=n_jobs)(
        delayed(_ablation_task)(run, config, name)
        for run, config, name, _ in tqdm(jobs, desc="ablation", disable=not progress)
    )
    table = pd.DataFrame(rows)
    table["optimum"] = [best for *_, best in jobs]
    table["gap"] = gap(table["optimum"], table["alns"])
    return table


def policy_table(table: pd.DataFrame, factor: str, method: str = "ilp") -> pd.DataFrame:
    """Mean share of learners in self-study by ``factor`` level and school size (figures 2 to 5)."""
    column = f"{method}_self_study"
    if column not in table:
        raise ValueError(f"the table has no {column!r} column; solve with method {method!r} first")
    return table.groupby([factor, "learners"])[column].mean().unstack("learners").mul(100).round(1)


__all__ = [
    "ExperimentConfig",
    "Run",
    "ablation",
    "add_gaps",
    "design",
    "gap",
    "gap_summary",
    "policy_table",
    "run_experiments",
    "solve_run",
]
