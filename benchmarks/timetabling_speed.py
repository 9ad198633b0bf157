"""Benchmark of lecture 04 (timetabling): how fast the kit evaluates timetables and moves.

Measures, on each instance (default comp01 and comp07, from a greedy timetable):

* full evaluations per second: the validator from scratch (``evaluate``, NumPy);
* move evaluations per second: ``delta_move`` and ``delta_swap`` on random feasible
  candidates, and ``delta_compound`` on random Kempe chains;
* simulated annealing: attempts and evaluated moves per second over a fixed iteration budget.

Run it alone on core 1 (it is single-threaded):

    taskset -c 1 .venv/bin/python benchmarks/timetabling_speed.py

The competition instances come from the registry (the shared copies serve as its mirror when
present); without them the script measures the shipped ``medium`` instance instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from common import use_shared_mirror

ROOT = Path(__file__).resolve().parents[1]


def load_instances(names: list[str]) -> dict:
    use_shared_mirror()
    from edulab import datasets

    try:
        instances = datasets.load("itc2007")
        return {name: instances[name] for name in names}
    except (OSError, LookupError) as error:
        print(f"the competition instances are not available ({error}); measuring the shipped 'medium' instance")
        return {"medium": datasets.load("ctt-synthetic")["medium"]}


def rate(function, seconds: float) -> tuple[float, int]:
    """Calls of ``function`` (which does ``n`` operations and returns n) per second."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += function()
    return done / (time.perf_counter() - start), done


def candidates(table, rng, count: int):
    """Random feasible moves, swaps and Kempe chains on ``table`` (not applied)."""
    from edulab.timetabling.kempe import kempe_chain

    moves, swaps, chains = [], [], []
    R = table.n_rooms
    while len(moves) < count or len(swaps) < count or len(chains) < count // 10:
        lecture = int(rng.integers(table.n_lectures))
        period, room = int(rng.integers(table.n_periods)), int(rng.integers(R))
        other = table.slot[period * R + room]
        if other < 0 and table.can_move(lecture, period, room) and len(moves) < count:
            moves.append((lecture, period, room))
        elif other >= 0 and table.can_swap(lecture, other) and len(swaps) < count:
            swaps.append((lecture, other))
        elif len(chains) < count // 10:
            chain = kempe_chain(table, lecture, period)
            if chain is not None:
                chains.append(chain)
    return moves, swaps, chains


def measure(name: str, instance, seconds: float, iterations: int) -> dict:
    from edulab.timetabling.annealing import SAConfig, simulated_annealing
    from edulab.timetabling.budget import Budget
    from edulab.timetabling.construction import greedy
    from edulab.timetabling.kempe import delta_compound
    from edulab.timetabling.validator import evaluate

    table = greedy(instance, random_state=0)
    solution = table.to_solution()
    moves, swaps, chains = candidates(table, np.random.default_rng(0), 20_000)
    delta_move, delta_swap = table.delta_move, table.delta_swap

    def full() -> int:
        evaluate(instance, solution)
        return 1

    def move_batch() -> int:
        for lecture, period, room in moves:
            delta_move(lecture, period, room)
        return len(moves)

    def swap_batch() -> int:
        for a, b in swaps:
            delta_swap(a, b)
        return len(swaps)

    def kempe_batch() -> int:
        for chain in chains:
            delta_compound(table, chain)
        return len(chains)

    figures = {"instance": name, "lectures": instance.n_lectures}
    figures["full evaluations/s"] = rate(full, seconds)[0]
    figures["move deltas/s"] = rate(move_batch, seconds)[0]
    figures["swap deltas/s"] = rate(swap_batch, seconds)[0]
    figures["Kempe chain deltas/s"] = rate(kempe_batch, seconds)[0]
    figures["mean Kempe chain size"] = float(np.mean([len(c) for c in chains]))
    budget = Budget(iterations=iterations)
    result = simulated_annealing(
        table.copy(), SAConfig(t0=2.0, t_min=0.05), budget=budget, random_state=0, progress=False
    )
    figures["SA attempts/s (no Kempe)"] = result.n_iterations / result.seconds
    figures["SA evaluated moves/s (no Kempe)"] = result.n_evaluated / result.seconds
    result = simulated_annealing(
        table.copy(), SAConfig(t0=2.0, t_min=0.05, kempe_rate=0.02), budget=budget, random_state=0, progress=False
    )
    figures["SA attempts/s (2% Kempe)"] = result.n_iterations / result.seconds
    figures["SA evaluated moves/s (2% Kempe)"] = result.n_evaluated / result.seconds
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--instances", nargs="+", default=["comp01", "comp07"], help="competition instances (default: comp01 comp07)"
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per evaluation measurement (default: 3)")
    parser.add_argument(
        "--iterations", type=int, default=5_000_000, help="annealing attempts per SA measurement (default: 5,000,000)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    before = os.getloadavg()
    rows = [
        measure(name, instance, args.seconds, args.iterations)
        for name, instance in load_instances(args.instances).items()
    ]
    context = {
        "load average before": [round(v, 2) for v in before],
        "load average after": [round(v, 2) for v in os.getloadavg()],
        "cpu affinity": sorted(os.sched_getaffinity(0)),
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps({"context": context, "results": rows}, indent=2))
        return 0
    for row in rows:
        print(f"== {row['instance']} ({row['lectures']} lectures)")
        for key, value in row.items():
            if key not in ("instance", "lectures"):
                print(f"  {key:<34}{value:>14,.1f}")
    for key, value in context.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
