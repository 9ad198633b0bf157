"""``solve(instance, method, config)``: one result type for every method, clear errors on misuse."""

from __future__ import annotations

import json

import pytest

import edulab.planning
from edulab.planning import ALNSConfig, ILPConfig, SolveResult, solve
from edulab.planning.greedy import GreedyResult
from edulab.planning.heuristic import ALNSResult
from edulab.planning.ilp import ILPResult
from edulab.planning.schedule import validate_schedule


def test_every_method_answers_with_the_same_fields(tiny):
    results = {
        "greedy": solve(tiny, "greedy"),
        "alns": solve(tiny, "alns", ALNSConfig(iterations=50), random_state=0, progress=False),
        "ilp": solve(tiny, "ilp", ILPConfig(solver="cbc", time_limit=30)),
    }
    kinds = {"greedy": GreedyResult, "alns": ALNSResult, "ilp": ILPResult}
    for method, result in results.items():
        assert isinstance(result, SolveResult) and result.method == method
        assert isinstance(result.details, kinds[method])
        assert result.objective == pytest.approx(48.6) == pytest.approx(result.schedule.objective(tiny))
        assert result.self_study_share == pytest.approx(result.schedule.self_study_share(tiny))
        assert result.seconds == result.details.seconds > 0
        assert validate_schedule(tiny, result.schedule) == []
        data = json.loads(json.dumps(result.to_dict()))
        assert data["method"] == method and data["seconds"] == result.seconds
    assert results["ilp"].status == "optimal" and results["ilp"].bound == pytest.approx(48.6)
    assert results["ilp"].gap == 0 and results["ilp"].to_dict()["solver"] == "cbc"
    for method in ("greedy", "alns"):
        assert results[method].status == "feasible" and results[method].bound is None and results[method].gap is None


def test_random_state_repeats_the_alns(school):
    config = ALNSConfig(iterations=100)
    first, again, other = (solve(school, "alns", config, random_state=s, progress=False) for s in (3, 3, 4))
    assert first.objective == again.objective
    assert first.details.best_history.tolist() == again.details.best_history.tolist()
    assert first.details.current_history.tolist() != other.details.current_history.tolist()
    assert first.schedule.meta["seed"] == 3


def test_unknown_method_and_mismatched_config_are_errors(tiny):
    with pytest.raises(ValueError, match=r"method must be one of \('greedy', 'alns', 'ilp'\), got 'cplex'"):
        solve(tiny, "cplex")
    with pytest.raises(TypeError, match="method 'ilp' takes an ILPConfig or None, got ALNSConfig"):
        solve(tiny, "ilp", ALNSConfig())
    with pytest.raises(TypeError, match="method 'greedy' takes no config, got ILPConfig"):
        solve(tiny, "greedy", ILPConfig())


def test_ilp_config_checks_its_values():
    with pytest.raises(ValueError, match="threads must be a positive integer, got 0"):
        ILPConfig(threads=0)
    assert ILPConfig().time_limit == 120.0 and ILPConfig(time_limit=None).time_limit is None


def test_the_public_face_is_importable():
    for name in edulab.planning.__all__:
        assert hasattr(edulab.planning, name), name
