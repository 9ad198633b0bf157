"""The ALNS run: parameters, the fitted annealing, determinism, feasibility and improvement."""

from __future__ import annotations

import math

import numpy as np
import pytest

from edulab.planning.heuristic import ALNSConfig, fitted_annealing, solve_alns, start_temperature
from edulab.planning.schedule import validate_schedule


class _Objective:
    def __init__(self, value):
        self.value = value

    def objective(self):
        return -self.value


def test_defaults_are_the_papers_tuned_values():
    config = ALNSConfig()
    assert config.scores == (21.8, 13.6, 3.8, 0.0) and config.decay == 0.8 and config.degree == 0.15
    assert config.iterations == 25_000 and config.worse == 0.05 and config.accept_probability == 0.5
    assert set(config.destroy) == {
        "random_activities",
        "smallest_activities",
        "random_learners",
        "worst_regret_learners",
    }


def test_start_temperature_accepts_five_percent_worse_with_probability_half():
    start = start_temperature(1000.0)
    assert math.exp(-0.05 * 1000 / start) == pytest.approx(0.5)


def test_annealing_accepts_as_fitted_and_cools_to_the_end_temperature():
    accept = fitted_annealing(1000.0, iterations=100)
    assert accept.start_temperature == pytest.approx(start_temperature(1000.0)) and accept.end_temperature == 1
    current, worse = _Objective(1000.0), _Objective(950.0)
    rng = np.random.default_rng(0)
    slow = fitted_annealing(1000.0, iterations=10**9)  # keeps its start temperature for 1000 calls
    first = np.mean([slow(rng, current, current, worse) for _ in range(1000)])
    assert first == pytest.approx(0.5, abs=0.06)
    for _ in range(100):
        accept(rng, current, current, worse)
    assert accept._temperature == pytest.approx(1.0)


def test_small_objectives_keep_a_constant_temperature():
    """alns' autofit fails when the start temperature is below 1; here it stays constant."""
    accept = fitted_annealing(10.0, iterations=50)
    assert accept.start_temperature == accept.end_temperature == pytest.approx(start_temperature(10.0))


def test_run_is_feasible_improves_and_repeats_with_the_seed(school):
    config = ALNSConfig(iterations=300)
    first = solve_alns(school, config, random_state=7, progress=False)
    second = solve_alns(school, config, random_state=7, progress=False)
    assert validate_schedule(school, first.schedule) == []
    assert first.objective == second.objective
    assert first.objective >= first.initial_objective
    assert first.initial_objective == pytest.approx(school.self_study_value.sum())
    assert first.objective == pytest.approx(first.schedule.objective(school))
    assert len(first.best_history) == 301 and np.all(np.diff(first.best_history) >= 0)
    assert first.best_history[-1] == pytest.approx(first.objective)
    assert sum(sum(c) for name, c in first.operator_counts.items() if name in config.destroy) == 300


def test_tiny_school_reaches_its_optimum(tiny):
    result = solve_alns(tiny, ALNSConfig(iterations=50), random_state=0, progress=False)
    assert result.objective == pytest.approx(48.6)


def test_without_removes_one_operator():
    config = ALNSConfig(repair=("break_out", "greedy_insert"))
    assert "random_learners" not in config.without("random_learners").destroy
    assert config.without("greedy_insert").repair == ("break_out",)
    assert config.without("local_search").local_search is False
    with pytest.raises(ValueError, match="is not in this configuration"):
        config.without("nothing")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"iterations": -1}, "iterations must be"),
        ({"scores": (1, 2, 3)}, "scores must be four"),
        ({"scores": (1, 2, float("nan"), 0)}, r"scores must be four non-negative finite numbers, got \(1, 2, nan, 0\)"),
        ({"scores": (float("inf"), 2, 1, 0)}, "scores must be four non-negative finite numbers, got .inf"),
        ({"end_temperature": float("inf")}, "end_temperature must be > 0 and finite, got inf"),
        ({"decay": float("nan")}, "decay must be in .*, got nan"),
        ({"decay": 1.5}, "decay must be in"),
        ({"degree": 0}, "degree must be in"),
        ({"worse": 0}, "worse and accept_probability"),
        ({"destroy": ("random_rooms",)}, "destroy operators must be a non-empty subset"),
        ({"repair": ()}, "repair operators must be a non-empty subset"),
    ],
)
def test_bad_configuration_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ALNSConfig(**kwargs)
