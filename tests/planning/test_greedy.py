"""The greedy baseline: feasible, never below everyone-in-self-study, never above the optimum."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.greedy import best_activity, solve_greedy
from edulab.planning.ilp import ILPConfig, solve_ilp
from edulab.planning.schedule import validate_schedule
from edulab.planning.state import PlanState


def test_tiny_school_greedy_finds_the_optimum(tiny):
    result = solve_greedy(tiny)
    assert result.objective == pytest.approx(48.6) and result.n_activities == 2
    assert validate_schedule(tiny, result.schedule) == []


def test_first_choice_is_the_largest_gain(tiny):
    gain, module, room, teacher, learners = best_activity(PlanState(tiny), np.arange(12))
    assert module == 1 and room == 0 and teacher == 0  # module 1's six learners gain most
    assert gain == pytest.approx((tiny.demand[:6, 1] - tiny.self_study_value[:6]).sum())


def test_greedy_between_self_study_and_the_optimum(school):
    greedy = solve_greedy(school)
    optimum = solve_ilp(school, ILPConfig(solver="cbc", time_limit=60))
    assert validate_schedule(school, greedy.schedule) == []
    assert school.self_study_value.sum() - 1e-9 <= greedy.objective <= optimum.objective + 1e-9
    assert greedy.to_dict()["method"] == "greedy"
