"""Simulated annealing: acceptance rule, stop criteria, reheating, reproducibility, exact costs."""

from __future__ import annotations

import math
import os
import signal
import threading

import numpy as np
import pytest

from edulab.timetabling import annealing
from edulab.timetabling.annealing import (
    AUTO_T0_RANGE,
    KERNELS,
    SAConfig,
    acceptance_probability,
    draw_level,
    prepare_kernel,
    simulated_annealing,
    start_temperature,
)
from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import greedy
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import HARD_WEIGHT, evaluate


def test_acceptance_probability_is_the_metropolis_rule():
    assert acceptance_probability(-3, 1.0) == 1.0
    assert acceptance_probability(0, 0.5) == 1.0
    assert acceptance_probability(2, 1.0) == pytest.approx(math.exp(-2))
    assert acceptance_probability(5, 10.0) > acceptance_probability(5, 1.0)


def test_drawn_thresholds_accept_with_the_metropolis_probability(shipped):
    table = greedy(shipped["small"], random_state=0)
    _, _, _, thresholds = draw_level(np.random.default_rng(0), 200_000, table, 2.0, 0.5, 0.0)
    accepted = np.mean(np.array(thresholds) >= 3)
    assert accepted == pytest.approx(math.exp(-3 / 2.0), abs=0.005)


def test_annealing_improves_and_reports_the_exact_cost(shipped):
    table = greedy(shipped["medium"], random_state=0)
    start = table.soft
    result = simulated_annealing(
        table, SAConfig(kempe_rate=0.05), budget=Budget(iterations=200_000), random_state=1, progress=False
    )
    assert result.stop == "iteration limit" and result.n_iterations == 200_000
    assert result.cost < start and result.initial_cost == start
    report = evaluate(shipped["medium"], result.timetable.to_solution())
    assert report.feasible and report.total == result.cost == result.timetable.soft
    assert table.soft == evaluate(shipped["medium"], table.to_solution()).total  # the final state too
    assert 0 < result.n_accepted <= result.n_evaluated <= result.n_iterations
    assert min(row["best"] for row in result.trace) == result.cost


def test_the_same_seed_gives_the_same_run(shipped):
    config, budget = SAConfig(kempe_rate=0.05), Budget(iterations=50_000)
    a = simulated_annealing(
        greedy(shipped["medium"], random_state=0), config, budget=budget, random_state=3, progress=False
    )
    b = simulated_annealing(
        greedy(shipped["medium"], random_state=0), config, budget=budget, random_state=3, progress=False
    )
    assert a.timetable.period == b.timetable.period and a.cost == b.cost
    assert [row["cost"] for row in a.trace] == [row["cost"] for row in b.trace]


def test_planned_cooling_reaches_the_minimum_temperature_at_the_iteration_limit(shipped):
    config = SAConfig(t0=2.0, t_min=0.1, moves_per_temperature=1_000)
    result = simulated_annealing(
        greedy(shipped["small"], random_state=0),
        config,
        budget=Budget(iterations=100_000),
        random_state=0,
        progress=False,
    )
    temperatures = [row["temperature"] for row in result.trace]
    assert temperatures[0] == 2.0
    assert temperatures[-1] == pytest.approx(0.1 * (2.0 / 0.1) ** (1 / 100), rel=1e-6)
    assert all(a > b for a, b in zip(temperatures, temperatures[1:]))


def test_the_automatic_start_temperature_follows_the_cost_per_lecture(shipped):
    table = greedy(shipped["medium"], random_state=0)
    expected = min(max(table.soft / table.n_lectures, AUTO_T0_RANGE[0]), AUTO_T0_RANGE[1])
    assert start_temperature(table, SAConfig()) == pytest.approx(expected)
    assert start_temperature(table, SAConfig(t0=3.0)) == 3.0
    result = simulated_annealing(table, budget=Budget(iterations=20_000), random_state=0, progress=False)
    assert result.trace[0]["temperature"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="t_min must be below 2.0"):
        SAConfig(t_min=2.5)


def test_the_three_stop_criteria(shipped):
    table = greedy(shipped["medium"], random_state=0)
    cold_config = SAConfig(t0=1.0, t_min=0.5, cooling=0.5, moves_per_temperature=100)
    cold = simulated_annealing(
        table.copy(), cold_config, budget=Budget(iterations=1_000_000), random_state=0, progress=False
    )
    assert cold.stop == "minimum temperature" and cold.n_iterations == 200  # levels at T = 1 and T = t_min
    counted = simulated_annealing(
        table.copy(),
        SAConfig(moves_per_temperature=1_000),
        budget=Budget(iterations=3_000),
        random_state=0,
        progress=False,
    )
    assert counted.stop == "iteration limit" and counted.n_iterations == 3_000
    # A slow fixed cooling (tens of millions of attempts to reach t_min) so that only the clock can stop it.
    slow = SAConfig(t0=10.0, t_min=0.01, cooling=0.9999, moves_per_temperature=500)
    timed = simulated_annealing(table.copy(), slow, budget=Budget(seconds=0.3), random_state=0, progress=False)
    assert timed.stop == "time limit" and 0.3 <= timed.seconds < 3.0


def test_reheating_when_the_best_stalls(shipped):
    config = SAConfig(t0=1.0, t_min=0.01, cooling=0.9, reheat_after=2, reheat_ratio=0.5, moves_per_temperature=1_000)
    result = simulated_annealing(
        greedy(shipped["tiny"], random_state=0),
        config,
        budget=Budget(iterations=30_000),
        random_state=0,
        progress=False,
    )
    assert result.n_reheats > 0
    temperatures = [row["temperature"] for row in result.trace]
    assert 0.5 in temperatures[1:]


def test_unassigned_lectures_are_put_back(shipped):
    table = greedy(shipped["medium"], random_state=0)
    for lecture in range(0, table.n_lectures, 4):
        table.unassign(lecture)
    missing = table.unassigned
    result = simulated_annealing(table, budget=Budget(iterations=100_000), random_state=0, progress=False)
    assert result.initial_cost >= missing * HARD_WEIGHT
    assert result.timetable.unassigned == 0 and result.cost < HARD_WEIGHT


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"t0": 0.1, "t_min": 0.2}, "0 < t_min < t0"),
        ({"cooling": 1.0}, "cooling must be in"),
        ({"kempe_rate": 1.5}, "kempe_rate must be a probability"),
        ({"kempe_rate": float("nan")}, "kempe_rate must be a probability, got nan"),
        ({"moves_per_temperature": float("nan")}, "SAConfig.moves_per_temperature must be an integer >= 1, got nan"),
        ({"t0": float("inf")}, "t_min < t0 < inf"),
    ],
)
def test_bad_parameters_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SAConfig(**kwargs)


def test_a_run_without_a_budget_is_refused_before_it_starts(shipped):
    with pytest.raises(ValueError, match="the search would never end"):
        simulated_annealing(greedy(shipped["tiny"], random_state=0), budget=Budget(), progress=False)
    with pytest.raises(ValueError, match="Budget.iterations must be an integer >= 1, got nan"):
        Budget(iterations=float("nan"))


def test_prepare_kernel_names_an_unknown_kernel():
    assert prepare_kernel("python") == 0.0
    with pytest.raises(ValueError, match=r"kernel must be one of \('compiled', 'python'\), got 'numba'"):
        prepare_kernel("numba")


@pytest.fixture
def ctrl_c():
    """SIGINT raises KeyboardInterrupt, as in a terminal or a Jupyter kernel (a test run started in
    the background may ignore it); yields the function that presses Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("Python handles signals in the main thread only")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield lambda: os.kill(os.getpid(), signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize("kernel", KERNELS)
def test_ctrl_c_stops_at_the_end_of_a_level_with_the_timetable_consistent(shipped, monkeypatch, ctrl_c, kernel):
    """A kernel interrupt raises KeyboardInterrupt after the level under way, not in the middle of
    a move, and leaves the timetable at the search's last state (the compiled loop's arrays copied
    back into it)."""
    table = greedy(shipped["medium"], random_state=0)
    start = table.slots()
    levels = []

    def draw_then_press_ctrl_c(*args):
        levels.append(args[1])
        if len(levels) == 3:
            ctrl_c()
        return draw_level(*args)

    monkeypatch.setattr(annealing, "draw_level", draw_then_press_ctrl_c)
    config = SAConfig(kernel=kernel, moves_per_temperature=2_000, t0=3.0)
    with pytest.raises(KeyboardInterrupt, match="the timetable is at the search's last state"):
        simulated_annealing(table, config, budget=Budget(iterations=10**7), random_state=1, progress=False)
    assert len(levels) == 3  # the level under way ran to its end, and no other started
    rebuilt = Timetable.from_slots(table.instance, table.slots())
    for name in ("soft", "unassigned", "slot", "busy", "pattern", "day_count", "working_days", "rooms_used"):
        assert getattr(table, name) == getattr(rebuilt, name), name
    assert not np.array_equal(table.slots(), start)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C raises again after the search


def test_ctrl_c_is_left_alone_where_it_is_ignored(shipped, monkeypatch, ctrl_c):
    """A process that ignores SIGINT (one started in the background) still ignores it in a search."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    monkeypatch.setattr(annealing, "draw_level", lambda *args: ctrl_c() or draw_level(*args))
    table = greedy(shipped["small"], random_state=0)
    config = SAConfig(kernel="python", moves_per_temperature=1_000)
    try:
        result = simulated_annealing(table, config, budget=Budget(iterations=3_000), progress=False)
    except KeyboardInterrupt:
        pytest.fail("an ignored Ctrl-C interrupted the search")
    assert result.n_iterations == 3_000 and signal.getsignal(signal.SIGINT) is signal.SIG_IGN
