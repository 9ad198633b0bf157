"""The figures draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from edulab.timetabling.annealing import SAConfig, simulated_annealing
from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import greedy
from edulab.timetabling.genetic import GAConfig, genetic_algorithm
from edulab.timetabling.plots import plot_annealing, plot_cost_breakdown, plot_cost_trace, plot_genetic, plot_week
from edulab.timetabling.validator import evaluate


@pytest.fixture(scope="module")
def run(shipped):
    table = greedy(shipped["medium"], random_state=0)
    return simulated_annealing(
        table, SAConfig(moves_per_temperature=1_000), budget=Budget(iterations=20_000), random_state=0, progress=False
    )


def test_cost_trace_draws_one_line_per_run(run):
    rows = [{"phase": "sa", "seconds": r["seconds"], "best": r["best"]} for r in run.trace]
    ax = plot_cost_trace({"a": rows, "b": rows[:5]})
    assert len(ax.get_lines()) == 2 and ax.get_xlabel() == "time (s)"
    plt.close("all")


def test_annealing_plot_has_temperature_axis(run):
    ax = plot_annealing(run.trace)
    assert len(ax.get_lines()) == 2 and len(ax.figure.axes) == 2
    plt.close("all")


def test_genetic_plot_follows_the_generations(shipped):
    result = genetic_algorithm(
        shipped["small"],
        GAConfig(population_size=4, n_purged=1),
        budget=Budget(iterations=3),
        random_state=0,
        progress=False,
    )
    ax = plot_genetic(result.trace)
    assert list(ax.get_lines()[1].get_xdata()) == [0, 1, 2, 3]
    plt.close("all")


def _visible_ticks(ax):
    """Major y ticks that fall within the axis limits, once drawn."""
    ax.figure.canvas.draw()
    low, high = sorted(ax.get_ylim())
    return [tick for tick in ax.get_yticks() if low <= tick <= high]


def test_genetic_plot_of_a_narrow_fitness_range_is_linear_and_readable():
    trace = [
        {"generation": g, "best": 120 - 3 * g, "mean": 150 - 4 * g, "mutation_rate": 0.01 * (1 + g % 3)}
        for g in range(10)
    ]
    ax = plot_genetic(trace)
    assert ax.get_yscale() == "linear" and len(_visible_ticks(ax)) >= 3
    assert all(float(tick).is_integer() for tick in ax.get_xticks()), "no half generations"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "mean fitness",
        "best fitness",
        "mutation rate",
    ]
    plt.close("all")


def test_costs_over_orders_of_magnitude_get_a_log_axis_with_several_ticks(run):
    trace = [dict(row, cost=row["cost"] * 1000 + 5, best=row["best"] * 1000 + 5) for row in run.trace]
    trace[-1] = dict(trace[-1], best=0)  # a cost of 0 is drawable
    ax = plot_annealing(trace)
    assert ax.get_yscale() == "symlog" and len(_visible_ticks(ax)) >= 2
    narrow = plot_annealing([dict(row, cost=50 + i % 7, best=50) for i, row in enumerate(run.trace)])
    assert narrow.get_yscale() == "linear" and len(_visible_ticks(narrow)) >= 3
    plt.close("all")


def test_week_grid_shows_one_curriculum_or_one_room(shipped, run):
    instance = shipped["medium"]
    name = instance.curricula[0].name
    ax = plot_week(instance, run.timetable, curriculum=name)
    members = set(instance.curricula[0].members)
    lectures = sum(instance.lectures[c] for c in members)
    assert len(ax.texts) == lectures and name in ax.get_title()
    ax = plot_week(instance, run.timetable, room=instance.rooms[0].name)
    assert len(ax.texts) == sum(1 for r in run.timetable.room if r == 0)
    with pytest.raises(ValueError, match="exactly one"):
        plot_week(instance, run.timetable)
    with pytest.raises(ValueError, match="unknown curriculum"):
        plot_week(instance, run.timetable, curriculum="nope")
    plt.close("all")


def test_breakdown_bars_carry_the_costs(shipped, run):
    report = evaluate(shipped["medium"], run.timetable.to_solution())
    ax = plot_cost_breakdown({"annealed": report})
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == list(report.soft.values())
    plt.close("all")
