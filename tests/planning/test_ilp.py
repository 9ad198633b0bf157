"""The ILP (1)-(12): known optimum, both solvers agree, post-processing fills activities legally."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.ilp import FAMILIES, ILPConfig, _bound, build_model, fill_from_counts, highs_available, solve_ilp
from edulab.planning.schedule import validate_schedule

SOLVERS = [
    "cbc",
    pytest.param("highs", marks=pytest.mark.skipif(not highs_available(), reason="highspy not installed")),
]


@pytest.mark.parametrize("solver", SOLVERS)
def test_tiny_school_reaches_its_known_optimum(tiny, solver):
    result = solve_ilp(tiny, ILPConfig(solver=solver, time_limit=30))
    assert result.status == "optimal"
    assert result.objective == pytest.approx(48.6) and result.bound == pytest.approx(48.6)
    assert result.gap == 0
    assert validate_schedule(tiny, result.schedule) == []
    assert result.schedule.meta["method"] == f"ilp-{solver}"


def test_model_leaves_out_unqualified_and_ineligible_variables(tiny):
    model = build_model(tiny)
    # x: module 0-3 in room 0 with teacher 0 (4); module 4-5 in the lab with teacher 1 (2);
    # self-study in rooms 0 and 2 with any of 3 teachers (6).
    assert len(model.x) == 4 + 2 + 6
    assert all(tiny.room_qualified[c, m] and tiny.teacher_qualified[t, m] for m, c, t in model.x)
    # y: one per positive demand, plus self-study for everyone.
    assert len(model.y) == len(tiny.demand_value) + tiny.n_learners


def constraint_names(problem) -> list[str]:
    """The constraints' names: ``problem.constraints()`` from PuLP 3.3 on (4 has only that), a dict before."""
    if callable(problem.constraints):
        return [constraint.name for constraint in problem.constraints()]
    return list(problem.constraints)


def test_a_family_left_out_is_missing_and_a_given_model_is_solved(tiny):
    full = build_model(tiny)
    names = {
        family: [name for name in constraint_names(full.problem) if name.startswith(family + "_")]
        for family in FAMILIES
    }
    for family in FAMILIES:
        assert names[family], f"the full model has no {family} constraint"
        model = build_model(tiny, without=(family,))
        assert model.n_constraints == full.n_constraints - len(names[family])
        assert not any(name.startswith(family + "_") for name in constraint_names(model.problem))
    # without the minimum size the optimum can only grow; the model given is the one solved
    loose = solve_ilp(tiny, ILPConfig(solver="cbc", time_limit=30), model=build_model(tiny, without=("min_size",)))
    assert loose.n_constraints == full.n_constraints - len(names["min_size"])
    assert loose.objective >= 48.6 - 1e-9
    with pytest.raises(ValueError, match="without must be a tuple of names from"):
        build_model(tiny, without=("teachers",))
    with pytest.raises(ValueError, match="without must be a tuple of names from"):
        build_model(tiny, without="teacher")


def test_both_solvers_agree_on_a_generated_school(school):
    if not highs_available():
        pytest.skip("highspy not installed")
    cbc = solve_ilp(school, ILPConfig(solver="cbc", time_limit=60))
    highs = solve_ilp(school, ILPConfig(solver="highs", time_limit=60))
    assert cbc.status == highs.status == "optimal"
    assert cbc.objective == pytest.approx(highs.objective, abs=1e-6)
    assert validate_schedule(school, cbc.schedule) == [] and validate_schedule(school, highs.schedule) == []
    assert cbc.objective >= school.self_study_value.sum() - 1e-9


def test_time_limit_returns_the_incumbent_and_a_bound(medium):
    result = solve_ilp(medium, ILPConfig(solver="cbc", time_limit=1))
    assert result.status in {"optimal", "feasible", "no solution"}
    if result.status == "feasible":
        assert result.bound >= result.objective - 1e-6
        assert validate_schedule(medium, result.schedule) == []


def test_cbc_bound_is_read_from_its_log():
    log = "Cbc0010I After 1000 nodes, 30 on tree, -590.1 best solution, best possible -601.25 (3.2 seconds)\n"
    assert _bound(None, "cbc", log) == pytest.approx(601.25)
    assert _bound(None, "cbc", "no figures here") is None


def test_fill_meets_the_minimum_before_filling_up(tiny):
    # Module 8 (self-study) gets rooms 0 (8 seats) and 2 (10 seats) for 12 learners: the first
    # pass gives each 3, the second fills room 0 to 8 and room 2 gets the last one.
    schedule = fill_from_counts(tiny, {8: [(0, 0), (2, 2)]}, {8: list(range(12))})
    sizes = np.bincount(schedule.classroom, minlength=3)
    assert sizes.tolist() == [8, 0, 4]
    assert validate_schedule(tiny, schedule) == []


def test_fill_refuses_learners_without_an_activity(tiny):
    with pytest.raises(ValueError, match="module 1: 6 learner\\(s\\) but no classroom-teacher pair"):
        fill_from_counts(tiny, {}, {1: list(range(6))})


def test_bad_arguments(tiny):
    with pytest.raises(ValueError, match="solver must be one of"):
        ILPConfig(solver="gurobi")
    with pytest.raises(ValueError, match="time_limit must be > 0"):
        ILPConfig(time_limit=0)
    for endless in (float("inf"), float("nan")):
        with pytest.raises(ValueError, match=f"time_limit must be > 0 seconds \\(finite\\) or None, got {endless}"):
            ILPConfig(time_limit=endless)
