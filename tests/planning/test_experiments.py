"""Experiments: factorial designs, gaps as in the paper, the ablation and policy tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edulab.planning.experiments import (
    ExperimentConfig,
    ablation,
    add_gaps,
    design,
    gap,
    gap_summary,
    policy_table,
    run_experiments,
)
from edulab.planning.generator import GeneratorConfig
from edulab.planning.heuristic import ALNSConfig
from edulab.planning.ilp import ILPConfig


def test_gap_is_relative_to_the_heuristic():
    assert gap(110.0, 100.0) == pytest.approx(0.10)
    np.testing.assert_allclose(gap(np.array([50.0, 60.0]), np.array([50.0, 40.0])), [0.0, 0.5])


def test_design_is_full_factorial_times_seeds():
    runs = design({"sigma": [0, 1, 2], "split": [False, True]}, seeds=range(4), base=GeneratorConfig(learners=60))
    assert len(runs) == 3 * 2 * 4
    assert {(r.config.sigma, r.config.split) for r in runs} == {(s, p) for s in (0, 1, 2) for p in (False, True)}
    assert all(r.config.learners == 60 for r in runs)
    with pytest.raises(ValueError, match="unknown generator parameter"):
        design({"colour": [1]}, seeds=[0])


def test_run_experiments_solves_every_run_with_every_method():
    runs = design({"sigma": [0.0, 2.0]}, seeds=[1], base=GeneratorConfig(learners=40))
    config = ExperimentConfig(alns=ALNSConfig(iterations=30), ilp=ILPConfig(solver="cbc", time_limit=60))
    table = run_experiments(runs, config, n_jobs=1, progress=False)
    assert len(table) == 2 and set(table["ilp_status"]) == {"optimal"}
    for method in ("greedy", "alns"):
        assert (table[method] <= table["ilp"] + 1e-6).all()
        assert (table[method] >= table["all_self_study"] - 1e-6).all()
        assert (table[f"gap_{method}"] >= -1e-9).all()
    summary = gap_summary(table)
    assert summary.loc["alns", "instances"] == 2 and "mean gap %" in summary


def test_gaps_only_where_the_ilp_proved_optimality():
    table = pd.DataFrame({"ilp": [10.0, 12.0], "ilp_status": ["optimal", "feasible"], "alns": [9.0, 12.0]})
    gaps = add_gaps(table)["gap_alns"]
    assert gaps[0] == pytest.approx(1 / 9) and np.isnan(gaps[1])


def test_ablation_runs_the_full_configuration_and_each_removal():
    runs = design({"sigma": [1.0]}, seeds=[3], base=GeneratorConfig(learners=60, qualification_mix=(0.5, 0.5, 0.0)))
    base = ALNSConfig(iterations=20)
    table = ablation(runs, [1e9], base, operators=["random_learners", "local_search"], progress=False)
    assert table["removed"].tolist() == ["none", "random_learners", "local_search"]
    assert (table["gap"] > 0).all()
    with pytest.raises(ValueError, match="got 1 runs but 2 optimal objectives"):
        ablation(runs, [1.0, 2.0], base)


def test_policy_table_averages_self_study_by_factor():
    table = pd.DataFrame(
        {"sigma": [0, 0, 1, 1], "learners": [160, 160, 160, 160], "ilp_self_study": [0.1, 0.3, 0.5, 0.7]}
    )
    result = policy_table(table, "sigma")
    assert result.loc[0, 160] == pytest.approx(20.0) and result.loc[1, 160] == pytest.approx(60.0)
    with pytest.raises(ValueError, match="no 'alns_self_study' column"):
        policy_table(table, "sigma", method="alns")
