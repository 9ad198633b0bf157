"""Figures: each draws on the given axes, with a title and labelled axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from edulab.planning import plots  # noqa: E402
from edulab.planning.heuristic import ALNSConfig, solve_alns  # noqa: E402


@pytest.fixture(scope="module")
def run(school):
    return solve_alns(school, ALNSConfig(iterations=40), random_state=0, progress=False)


def labelled(ax):
    assert ax.get_title() and ax.get_xlabel() is not None and ax.get_ylabel() is not None
    plt.close(ax.figure)
    return True


def test_search_and_operator_figures(run):
    assert labelled(plots.plot_search(run, optimum=run.objective + 1, greedy=run.objective - 1))
    ax = plots.plot_operator_outcomes(run)
    assert len(ax.patches) == 4 * len(run.operator_counts)
    assert labelled(ax)


def test_search_figures_take_the_result_of_solve(school):
    from edulab.planning import ALNSConfig, solve

    result = solve(school, "alns", ALNSConfig(iterations=20), random_state=0, progress=False)
    assert labelled(plots.plot_search(result))
    assert labelled(plots.plot_operator_outcomes(result))
    with pytest.raises(ValueError, match="expected the result of an ALNS run, got method 'greedy'"):
        plots.plot_search(solve(school, "greedy"))


def test_table_figures():
    table = pd.DataFrame(
        {
            "learners": [160, 160, 320, 320],
            "sigma": [0, 1, 0, 1],
            "gap_greedy": [0.01, 0.0, 0.02, 0.005],
            "gap_alns": [0.0, 0.0, 0.001, 0.0],
            "ilp_seconds": [1.0, 3.0, 10.0, 40.0],
            "ilp_status": ["optimal"] * 4,
            "ilp_self_study": [0.2, 0.6, 0.15, 0.5],
        }
    )
    assert labelled(plots.plot_gaps(table))
    assert labelled(plots.plot_solve_times(table))
    ax = plots.plot_policy(table, "sigma")
    assert len(ax.lines) == 2 and labelled(ax)
    ablation = pd.DataFrame({"removed": ["none", "none", "local_search", "local_search"], "gap": [0, 0.01, 0.02, 0.03]})
    assert labelled(plots.plot_ablation(ablation))


def test_activity_sizes(school, run):
    ax = plots.plot_activity_sizes(school, run.schedule)
    assert labelled(ax)
