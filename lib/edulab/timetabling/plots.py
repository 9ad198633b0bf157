"""Figures of the timetabling lecture: cost traces, week grids and the cost by constraint.

Every function takes an optional Matplotlib ``ax`` and returns it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from edulab.timetabling.instance import Instance
from edulab.timetabling.solution import Solution
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import HARD, HARD_WEIGHT, SOFT, CostReport

PHASE_STYLE = {"greedy": "o", "ga": "-", "sa": "-"}

#: Costs are drawn on a logarithmic axis only when the largest is this many times the smallest
#: (zero counts as 1): over a narrower range a log axis shows one tick or none.
LOG_SPAN = 100


def cost_scale(ax, values) -> str:
    """Set ``ax``'s y scale for costs ``values`` (all >= 0) and return it (``"linear"`` or ``"symlog"``).

    A symmetric log axis (linear below 1, so a cost of 0 can be drawn) when the values span more
    than :data:`LOG_SPAN`, which always leaves at least two labelled powers of ten; else linear.
    """
    values = np.asarray(list(values), dtype=float)
    if values.size and values.max() >= LOG_SPAN * max(values.min(), 1.0):
        ax.set_yscale("symlog", linthresh=1)
        return "symlog"
    ax.set_yscale("linear")
    return "linear"


def plot_cost_trace(traces: Mapping[str, Sequence[Mapping]], ax=None, *, log: bool = True):
    """Best cost against time for one or more runs.

    Parameters
    ----------
    traces
        Label -> rows with ``seconds`` and ``best`` (and optionally ``phase``), as in
        :attr:`~edulab.timetabling.solver.SolveResult.trace`. Costs at or above
        :data:`~edulab.timetabling.validator.HARD_WEIGHT` (timetables with hard violations) are
        left out of the plot.
    log
        A logarithmic cost axis when the costs span more than :data:`LOG_SPAN` (costs often fall
        over orders of magnitude); a linear one otherwise, or when False.
    """
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    for label, rows in traces.items():
        seconds = np.array([row["seconds"] for row in rows], dtype=float)
        best = np.array([row["best"] for row in rows], dtype=float)
        keep = best < HARD_WEIGHT
        (line,) = ax.step(seconds[keep], best[keep], where="post", label=label)
        phases = [row.get("phase") for row in rows]
        for switch in range(1, len(rows)):
            if phases[switch] != phases[switch - 1] and keep[switch]:
                ax.plot(seconds[switch], best[switch], "o", color=line.get_color(), markersize=5)
    if log:
        values = [row["best"] for rows in traces.values() for row in rows if row["best"] < HARD_WEIGHT]
        cost_scale(ax, values)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("best soft cost")
    ax.set_title("Cost of the best timetable found so far")
    ax.grid(True, alpha=0.3)
    ax.legend(
        title="dots: phase changes"
        if any(len({r.get("phase") for r in rows}) > 1 for rows in traces.values())
        else None
    )
    return ax


def plot_annealing(trace: Sequence[Mapping], ax=None):
    """Current and best cost per temperature level, with the temperature on a second axis."""
    series = {"current": [row["cost"] for row in trace], "best": [row["best"] for row in trace]}
    second = ("temperature", [row["temperature"] for row in trace], "tab:red")
    ax = _two_axes([row["seconds"] for row in trace], series, second, ax)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("soft cost")
    ax.set_title("Simulated annealing: cost and temperature")
    return ax


def plot_genetic(
    trace: Sequence[Mapping], ax=None, *, ylabel: str = "fitness (100,000 per hard violation + soft cost)"
):
    """Best and mean fitness per generation, with the mutation rate on a second axis.

    ``ylabel`` names the fitness (the default is :class:`~edulab.timetabling.genetic.GAConfig`'s
    ``fitness="weighted"``).
    """
    series = {"mean fitness": [row["mean"] for row in trace], "best fitness": [row["best"] for row in trace]}
    second = ("mutation rate", [row["mutation_rate"] for row in trace], "tab:green")
    ax = _two_axes([row["generation"] for row in trace], series, second, ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no half generations
    ax.set_xlabel("generation")
    ax.set_ylabel(ylabel)
    ax.set_title("Genetic algorithm: fitness and adaptive mutation")
    return ax


def _two_axes(x, series: Mapping[str, list], second: tuple[str, list, str], ax):
    """Cost-like ``series`` (scale by :func:`cost_scale`) and one dashed ``second`` series on a twin axis."""
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    for i, (label, values) in enumerate(series.items()):
        ax.plot(x, values, lw=1.5 if i else 0.9, label=label)
    cost_scale(ax, [value for values in series.values() for value in values])
    label, values, colour = second
    twin = ax.twinx()
    twin.plot(x, values, color=colour, lw=1, ls="--", label=label)
    twin.set_ylabel(label, color=colour)
    lines, more = ax.get_legend_handles_labels(), twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper right")
    return ax


def plot_week(
    instance: Instance,
    timetable: Timetable | Solution,
    *,
    curriculum: str | None = None,
    room: str | None = None,
    ax=None,
):
    """The week grid (days by timeslots) of one curriculum's lectures or one room's.

    Cells show the course (and the room, or the curricula's count); an isolated lecture of the
    curriculum is hatched, a lecture in a room too small for it is outlined in red.
    """
    if (curriculum is None) == (room is None):
        raise ValueError("give exactly one of curriculum= or room=")
    solution = timetable.to_solution() if isinstance(timetable, Timetable) else timetable
    days, per_day = instance.n_days, instance.periods_per_day
    if curriculum is not None:
        names = {q.name: q for q in instance.curricula}
        if curriculum not in names:
            raise ValueError(
                f"unknown curriculum {curriculum!r}; {instance.name} has {', '.join(list(names)[:8])}, ..."
            )
        keep = np.isin(solution.course, names[curriculum].members)
        title = f"{instance.name}: curriculum {curriculum}"
    else:
        try:
            index = instance.room_index(room)
        except KeyError:
            raise ValueError(
                f"unknown room {room!r}; {instance.name} has {', '.join(r.name for r in instance.rooms)}"
            ) from None
        keep = solution.room == index
        title = f"{instance.name}: room {room} ({instance.rooms[index].capacity} seats)"
    ax = ax or plt.subplots(figsize=(1.6 * days + 1, 0.55 * per_day + 1.2))[1]
    colours = plt.get_cmap("tab20")
    occupied = np.zeros((per_day, days), dtype=bool)
    for c, r, p in zip(solution.course[keep].tolist(), solution.room[keep].tolist(), solution.period[keep].tolist()):
        day, slot = divmod(p, per_day)
        occupied[slot, day] = True
        course = instance.courses[c]
        small = course.students > instance.rooms[r].capacity
        ax.add_patch(
            plt.Rectangle(
                (day, slot),
                1,
                1,
                facecolor=colours(c % 20),
                alpha=0.6,
                edgecolor="red" if small else "white",
                linewidth=2 if small else 1,
            )
        )
        label = course.name if room is not None else f"{course.name}\n{instance.rooms[r].name}"
        ax.text(day + 0.5, slot + 0.5, label, ha="center", va="center", fontsize=7)
    if curriculum is not None:
        padded = np.pad(occupied, ((1, 1), (0, 0)))
        isolated = occupied & ~padded[:-2] & ~padded[2:]
        for slot, day in zip(*np.nonzero(isolated)):
            ax.add_patch(plt.Rectangle((day, slot), 1, 1, fill=False, hatch="//", edgecolor="black", linewidth=0))
    ax.set_xlim(0, days)
    ax.set_ylim(per_day, 0)
    ax.set_xticks(np.arange(days) + 0.5, [f"day {d}" for d in range(days)])
    ax.set_yticks(np.arange(per_day) + 0.5, [f"slot {s}" for s in range(per_day)])
    ax.set_xticks(np.arange(days + 1), minor=True)
    ax.set_yticks(np.arange(per_day + 1), minor=True)
    ax.grid(True, which="minor", color="grey", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.set_title(title + ("  (hatched: isolated)" if curriculum is not None else ""))
    return ax


def plot_cost_breakdown(reports: Mapping[str, CostReport], ax=None, *, include_hard: bool = False):
    """Bars of the soft cost by constraint (and the hard violations if asked), one group per report."""
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    kinds = list(SOFT) + (list(HARD) if include_hard else [])
    width = 0.8 / max(len(reports), 1)
    positions = np.arange(len(kinds))
    for i, (label, report) in enumerate(reports.items()):
        values = [report.soft.get(k, report.hard.get(k, 0)) for k in kinds]
        bars = ax.bar(positions + (i - (len(reports) - 1) / 2) * width, values, width, label=label)
        ax.bar_label(bars, fontsize=7)
    ax.set_xticks(positions, [k.replace("_", " ") for k in kinds], rotation=15)
    ax.set_ylabel("weighted cost")
    ax.set_title("Cost by constraint")
    ax.legend()
    return ax
