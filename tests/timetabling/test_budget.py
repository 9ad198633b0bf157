"""The one stop rule of every search: seconds and/or iterations, checked when made."""

from __future__ import annotations

import math

import pytest

from edulab.timetabling.budget import Budget


def test_the_first_limit_reached_stops_the_search():
    both = Budget(seconds=2.0, iterations=100)
    assert both.stop(iterations=99, seconds=1.9) is None
    assert both.stop(iterations=100, seconds=0.1) == "iteration limit"
    assert both.stop(iterations=5, seconds=2.0) == "time limit"
    assert Budget(iterations=3).stop(3, 1e9, unit="generation") == "generation limit"
    assert Budget(seconds=1).stop(10**9, 0.5) is None


def test_a_next_phase_gets_what_is_left():
    budget = Budget(seconds=10.0, iterations=500)
    assert budget.after(4.0) == Budget(seconds=6.0, iterations=500)
    assert budget.after(10.0) is None
    assert Budget(iterations=7).after(1e6) == Budget(iterations=7)
    assert budget.iterations_left(480) == 20 and Budget(seconds=1).iterations_left(5) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Budget needs seconds or iterations"),
        ({"seconds": 0}, "positive finite number of seconds or None, got 0"),
        ({"seconds": -3.0}, "got -3.0"),
        ({"seconds": math.nan}, "got nan"),
        ({"seconds": math.inf}, "got inf"),
        ({"seconds": math.inf, "iterations": 10}, "got inf"),
        ({"seconds": "60"}, "got '60'"),
        ({"iterations": 0}, "Budget.iterations must be an integer >= 1, got 0"),
        ({"iterations": -5}, "got -5"),
        ({"iterations": math.nan}, "got nan"),
        ({"iterations": 2.5}, "got 2.5"),
        ({"iterations": True}, "got True"),
    ],
)
def test_bad_limits_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Budget(**kwargs)
