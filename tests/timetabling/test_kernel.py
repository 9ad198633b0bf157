"""The compiled annealing loop gives exactly what the readable Python loop gives.

Both loops run the same levels of random draws from the same timetable; after each level the
returned cost, level best, best slots and counts must be equal, and so must the whole state of
the two timetables (every list a Timetable keeps, and the soft cost).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from edulab.timetabling.annealing import SAConfig, _anneal_level, draw_level, simulated_annealing
from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import greedy
from edulab.timetabling.generator import GeneratorConfig, generate_instance
from edulab.timetabling.kernel import STATE_NAMES, LevelKernel, compile_loop, run_attempts
from edulab.timetabling.validator import evaluate


def timetable_state(table) -> dict:
    """Everything a Timetable keeps that a search changes."""
    return {name: getattr(table, name) for name in (*STATE_NAMES, "soft", "unassigned")}


def start_with_gaps(instance, every: int):
    """The greedy timetable with every ``every``-th lecture taken out again (0: none)."""
    table = greedy(instance, random_state=0)
    if every:
        for lecture in range(0, table.n_lectures, every):
            table.unassign(lecture)
    return table


def compare_levels(table, levels, moves, kempe_rate, seed=0):
    """Run ``levels`` levels with both loops from ``table`` (at several temperatures, hot to
    cold); assert equal results after each; return the counts summed over the levels."""
    python, compiled = table.copy(), table.copy()
    kernel = LevelKernel(compiled)
    rng = np.random.default_rng(seed)
    cost = best = python.objective()
    totals = np.zeros(3, dtype=int)
    for temperature in np.geomspace(20.0, 0.05, levels):
        draws = draw_level(rng, moves, table, float(temperature), 0.5, kempe_rate)
        expected = _anneal_level(python, draws, cost, best)
        got = kernel(compiled, draws, cost, best)
        assert got == expected
        cost, level_best, slots, evaluated, accepted = expected
        best = min(best, level_best)
        kernel.sync(compiled, cost)
        assert timetable_state(compiled) == timetable_state(python)
        assert cost == python.objective()
        totals += (evaluated, accepted, slots is not None)
    return totals


INSTANCE_CASES = [
    ("tiny", 0, 0.0),
    ("small", 5, 0.02),
    ("medium", 0, 0.0),
    ("medium", 4, 0.05),
]


@pytest.mark.parametrize(("name", "every", "kempe_rate"), INSTANCE_CASES)
def test_the_compiled_loop_matches_the_python_loop_on_the_shipped_instances(shipped, name, every, kempe_rate):
    table = start_with_gaps(shipped[name], every)
    evaluated, accepted, improved = compare_levels(table, levels=8, moves=3_000, kempe_rate=kempe_rate)
    assert accepted > 0 and improved > 0  # the comparison covered accepted moves and new bests


@pytest.mark.parametrize("seed", [1, 2])
def test_the_compiled_loop_matches_on_generated_instances(seed):
    config = GeneratorConfig(n_courses=30, n_rooms=5, periods_per_day=5, n_curricula=12)
    table = start_with_gaps(generate_instance(config, random_state=seed), every=6)
    assert table.unassigned > 0
    _, accepted, _ = compare_levels(table, levels=6, moves=4_000, kempe_rate=0.03, seed=seed)
    assert accepted > 0


def test_the_sync_compares_every_lecture_when_more_moved_than_the_list_holds(shipped):
    table = start_with_gaps(shipped["tiny"], every=0)
    python, compiled = table.copy(), table.copy()
    kernel = LevelKernel(compiled)
    draws = draw_level(np.random.default_rng(3), 20_000, table, 50.0, 0.5, 0.0)  # hot: many moves
    cost = table.objective()
    expected = _anneal_level(python, draws, cost, cost)
    assert kernel(compiled, draws, cost, cost) == expected
    assert kernel.moved[0] == kernel.moved.size  # the list overflowed: "any lecture may have moved"
    kernel.sync(compiled, expected[0])
    assert timetable_state(compiled) == timetable_state(python)


@pytest.mark.parametrize("name", ["comp01", "comp05"])
def test_the_compiled_loop_matches_on_competition_instances(competition, name):
    table = start_with_gaps(competition[name], every=25)
    _, accepted, _ = compare_levels(table, levels=5, moves=5_000, kempe_rate=0.02)
    assert accepted > 0


@pytest.mark.parametrize(
    "config",
    [
        SAConfig(moves_per_temperature=2_000),
        SAConfig(t0=3.0, kempe_rate=0.05, reheat_after=2, moves_per_temperature=1_000),
    ],
)
def test_both_kernels_give_the_same_annealing_run(shipped, config):
    runs = {}
    for kernel in ("python", "compiled"):
        table = start_with_gaps(shipped["medium"], every=9)
        result = simulated_annealing(
            table,
            SAConfig(**{**config.__dict__, "kernel": kernel}),
            budget=Budget(iterations=40_000),
            random_state=4,
            progress=False,
        )
        runs[kernel] = (result, timetable_state(table))
    (python, python_final), (compiled, compiled_final) = runs["python"], runs["compiled"]
    keys = ("cost", "initial_cost", "n_iterations", "n_evaluated", "n_accepted", "n_reheats", "stop")
    assert {key: getattr(compiled, key) for key in keys} == {key: getattr(python, key) for key in keys}
    assert timetable_state(compiled.timetable) == timetable_state(python.timetable)
    assert compiled_final == python_final  # the input is left at the same last state
    assert [(row["cost"], row["best"]) for row in compiled.trace] == [
        (row["cost"], row["best"]) for row in python.trace
    ]
    report = evaluate(shipped["medium"], compiled.timetable.to_solution())
    assert report.total == compiled.cost


def test_an_unknown_kernel_is_named():
    with pytest.raises(ValueError, match=r"kernel must be one of \('compiled', 'python'\), got 'fast'"):
        SAConfig(kernel="fast")


def test_importing_the_library_neither_imports_nor_compiles_numba():
    code = "import sys, edulab, edulab.timetabling, edulab.timetabling.annealing; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_loop_is_compiled_once_for_the_types_the_annealing_passes(shipped):
    compile_loop()
    assert compile_loop() < 0.5  # compiled already: nothing to do
    table = start_with_gaps(shipped["small"], every=5)
    simulated_annealing(table, SAConfig(kempe_rate=0.05), budget=Budget(iterations=5_000), progress=False)
    assert len(run_attempts.signatures) == 1  # the warm-up compiled the very code the run used
