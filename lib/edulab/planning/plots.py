"""Figures of the lecture: search progress, operator outcomes, gaps, ablation, policies.

Every function takes an optional matplotlib ``ax`` and returns it.

References
----------
.. [1] Wouda, Aslan and Vis (2023), figures 1 to 6.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pandas as pd

from edulab.planning.heuristic import ALNSResult
from edulab.planning.instance import Instance
from edulab.planning.schedule import Schedule
from edulab.planning.solver import SolveResult


def _axes(ax: Any) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def _alns_run(result: SolveResult | ALNSResult) -> ALNSResult:
    """The ALNS's own result, from ``solve(..., "alns")`` or from ``solve_alns``."""
    run = result.details if isinstance(result, SolveResult) else result
    if not isinstance(run, ALNSResult):
        got = f"method {result.method!r}" if isinstance(result, SolveResult) else type(result).__name__
        raise ValueError(f"expected the result of an ALNS run, got {got}")
    return run


def plot_search(
    result: SolveResult | ALNSResult, *, optimum: float | None = None, greedy: float | None = None, ax: Any = None
) -> Any:
    """Current and best objective over the iterations, with the optimum and the greedy value."""
    ax = _axes(ax)
    result = _alns_run(result)
    iterations = np.arange(len(result.current_history))
    ax.plot(iterations, result.current_history, lw=0.6, alpha=0.6, label="current solution")
    ax.plot(iterations, result.best_history, lw=1.8, label="best solution")
    if optimum is not None:
        ax.axhline(optimum, color="black", ls="--", lw=1, label="ILP optimum")
    if greedy is not None:
        ax.axhline(greedy, color="tab:red", ls=":", lw=1.2, label="greedy baseline")
    ax.set(title="ALNS search progress", xlabel="iteration", ylabel="demand satisfied (objective 1)")
    ax.legend(loc="lower right")
    return ax


def plot_operator_outcomes(result: SolveResult | ALNSResult, ax: Any = None) -> Any:
    """How often each operator led to a new best, a better, an accepted or a rejected candidate."""
    ax = _axes(ax)
    counts = pd.DataFrame(_alns_run(result).operator_counts, index=["new best", "better", "accepted", "rejected"]).T
    shares = counts.div(counts.sum(axis=1), axis=0) * 100
    shares.plot.barh(stacked=True, ax=ax, width=0.7)
    ax.set(title="Outcomes by operator", xlabel="share of the iterations that used it (%)", ylabel="")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return ax


def plot_gaps(table: pd.DataFrame, ax: Any = None) -> Any:
    """Gap to the ILP optimum of the greedy baseline and of the ALNS, one dot per instance."""
    ax = _axes(ax)
    columns = [c for c in ("gap_greedy", "gap_alns") if c in table]
    data = table[columns].dropna().mul(100).melt(var_name="method", value_name="gap")
    data["method"] = data["method"].str.removeprefix("gap_")
    for position, (method, group) in enumerate(data.groupby("method", sort=False)):
        jitter = np.random.default_rng(position).uniform(-0.15, 0.15, len(group))
        ax.scatter(position + jitter, group["gap"], s=18, alpha=0.7, label=method)
        ax.hlines(group["gap"].mean(), position - 0.3, position + 0.3, color="black", lw=2)
    ax.set_xticks(range(len(columns)), [c.removeprefix("gap_") for c in columns])
    ax.set(title="Gap to the optimum (bar: mean)", ylabel="(optimum - heuristic) / heuristic (%)")
    return ax


def plot_ablation(table: pd.DataFrame, ax: Any = None) -> Any:
    """Box plots of the gap with each operator taken out (figure 1a of the paper)."""
    ax = _axes(ax)
    order = ["none"] + [name for name in table["removed"].unique() if name != "none"]
    data = [100 * table.loc[table["removed"] == name, "gap"].to_numpy() for name in order]
    horizontal = (
        {"orientation": "horizontal"} if "orientation" in inspect.signature(ax.boxplot).parameters else {"vert": False}
    )
    ax.boxplot(data, whis=(0, 100), **horizontal)
    ax.set_yticks(range(1, len(order) + 1), ["all operators" if n == "none" else f"without {n}" for n in order])
    ax.invert_yaxis()
    ax.set(title="Operator study", xlabel="gap to the optimum (%)")
    return ax


def plot_policy(table: pd.DataFrame, factor: str, method: str = "ilp", ax: Any = None) -> Any:
    """Share of learners in self-study against a policy factor, one line per school size (figures 2-5)."""
    ax = _axes(ax)
    means = table.groupby([factor, "learners"])[f"{method}_self_study"].mean().mul(100).unstack("learners")
    for learners in means.columns:
        ax.plot(means.index.astype(str), means[learners], marker="o", label=f"{learners} learners")
    ax.set(title=f"Self-study against {factor}", xlabel=factor, ylabel="learners in self-study (%)")
    ax.legend()
    return ax


def plot_solve_times(table: pd.DataFrame, ax: Any = None) -> Any:
    """ILP solve time against the school size (log scale), one dot per instance."""
    ax = _axes(ax)
    for status, group in table.groupby("ilp_status"):
        ax.scatter(group["learners"], group["ilp_seconds"], s=20, alpha=0.7, label=status)
    ax.set_yscale("log")
    ax.set(title="ILP solve time", xlabel="learners", ylabel="seconds (log scale)")
    ax.legend(title="status")
    return ax


def plot_activity_sizes(instance: Instance, schedule: Schedule, ax: Any = None) -> Any:
    """Histogram of the instruction activity sizes of a schedule (figure 6), with the size limits."""
    ax = _axes(ax)
    activities = schedule.activities(instance)
    sizes = activities.loc[activities["kind"] == "instruction", "size"]
    ax.hist(sizes, bins=np.arange(instance.min_batch, instance.max_batch + 2) - 0.5, rwidth=0.85)
    for limit in (instance.min_batch, instance.max_batch):
        ax.axvline(limit, color="black", ls="--", lw=1)
    ax.set(title="Instruction activity sizes", xlabel="learners in the activity", ylabel="activities")
    return ax
