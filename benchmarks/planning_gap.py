"""Benchmark of lecture 05 (planning): ALNS and greedy gaps to the ILP optimum, ILP solve times.

For every generated instance (school sizes x seeds, section 5.1 generator) it solves with each
method and appends one row per (instance, method) to a CSV, skipping rows already there, so the
run can stop at any time (``--max-minutes``) and resume. The summary then prints, over the
instances an ILP solver proved optimal, the mean and max gap (optimum - heuristic) / heuristic
of the greedy baseline and of the ALNS (paper: 1.6% mean, 6.8% max at 800-1600 learners), their
seconds, and the ILP solve time by school size.

Timed runs belong on core 1:

    taskset -c 1 .venv/bin/python benchmarks/planning_gap.py --max-minutes 25

Smaller: ``--learners 160 --seeds 0-3 --iterations 2000``. ``--summary`` only prints the table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import append_row, load_average, read_rows

from edulab.planning.generator import QUALIFICATION_MIXES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RESULTS = ROOT / "benchmarks" / "results" / "planning_gap.csv"
FIELDS = [
    "learners", "sigma", "penalty", "mix", "seed", "method", "tag", "status", "objective", "bound",
    "seconds", "self_study_share", "iterations", "loadavg", "when",
]  # fmt: skip


def seed_list(text: str) -> list[int]:
    """``"0-9"`` or ``"0,3,5"``."""
    if "-" in text:
        low, high = text.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(part) for part in text.split(",")]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, nargs="+", default=[160, 320], help="school sizes (default 160 320)")
    parser.add_argument("--sigma", type=float, default=1.0, help="demand spread (default 1)")
    parser.add_argument("--penalty", type=float, default=0.5, help="self-study penalty w (default 0.5)")
    parser.add_argument("--mix", choices=sorted(QUALIFICATION_MIXES), default="mixed", help="teacher qualification mix")
    parser.add_argument("--seeds", type=seed_list, default=seed_list("0-11"), help="instance seeds (default 0-11)")
    parser.add_argument(
        "--methods", nargs="+", default=["ilp-highs", "ilp-cbc", "greedy", "alns"],
        choices=["ilp-highs", "ilp-cbc", "greedy", "alns"], help="methods to run (default all)",
    )  # fmt: skip
    parser.add_argument("--iterations", type=int, default=25_000, help="ALNS iterations (default 25000)")
    parser.add_argument("--time-limit", type=float, default=120.0, help="ILP seconds per instance (default 120)")
    parser.add_argument("--tag", default="default", help="label of the ALNS variant, kept in the CSV")
    parser.add_argument(
        "--results", type=Path, default=DEFAULT_RESULTS, help=f"CSV to append to (default {DEFAULT_RESULTS})"
    )
    parser.add_argument("--max-minutes", type=float, default=25.0, help="stop starting new runs after this long")
    parser.add_argument("--summary", action="store_true", help="only print the summary of the CSV")
    return parser.parse_args()


def done_keys(path: Path) -> set[tuple]:
    return {_key(row) for row in read_rows(path)}


def _key(row: dict) -> tuple:
    return (int(row["learners"]), float(row["sigma"]), float(row["penalty"]), row["mix"], int(row["seed"]), row["method"],
            row["tag"] if row["method"] == "alns" else "", int(row["iterations"] or 0) if row["method"] == "alns" else 0)  # fmt: skip


def solve_row(method: str, instance, args: argparse.Namespace, seed: int) -> dict:
    """Solve with ``"ilp-<solver>"``, ``"greedy"`` or ``"alns"``; the CSV fields of the result."""
    from edulab.planning import ALNSConfig, ILPConfig, solve

    name, _, solver = method.partition("-")
    config = {"greedy": None, "alns": ALNSConfig(iterations=args.iterations)}.get(name)
    if name == "ilp":
        config = ILPConfig(solver=solver, time_limit=args.time_limit)
    result = solve(instance, name, config, random_state=seed, progress=False)
    return {
        "status": result.status if name == "ilp" else "heuristic",
        "objective": result.objective,
        "bound": result.bound,
        "seconds": result.seconds,
        "self_study_share": "" if result.self_study_share is None else result.self_study_share,
        "iterations": args.iterations if name == "alns" else "",
    }


def run(args: argparse.Namespace) -> None:
    from edulab.planning.generator import generate_instance

    done = done_keys(args.results)
    started = time.perf_counter()
    for learners in args.learners:
        for seed in args.seeds:
            instance = None
            for method in args.methods:
                base = {"learners": learners, "sigma": args.sigma, "penalty": args.penalty, "mix": args.mix,
                        "seed": seed, "method": method, "tag": args.tag if method == "alns" else "",
                        "iterations": args.iterations if method == "alns" else 0}  # fmt: skip
                if _key(base) in done:
                    continue
                if (time.perf_counter() - started) / 60 > args.max_minutes:
                    print(f"stopping: {args.max_minutes} minutes used; run again to resume")
                    return
                if instance is None:
                    instance = generate_instance(
                        learners=learners,
                        sigma=args.sigma,
                        penalty=args.penalty,
                        qualification_mix=QUALIFICATION_MIXES[args.mix],
                        random_state=seed,
                    )
                row = {**base, **solve_row(method, instance, args, seed)}
                row.update(loadavg=load_average(), when=time.strftime("%Y-%m-%d %H:%M:%S"))
                append_row(args.results, FIELDS, row)
                print(f"{learners:5d} learners seed {seed:3d} {method:9s} {row['status']:10s} "
                      f"objective {float(row['objective'] or 'nan'):10.4f} {float(row['seconds']):8.2f} s  load {row['loadavg']}", flush=True)  # fmt: skip


def summary(path: Path, tag: str) -> None:
    import pandas as pd

    if not path.exists():
        print(f"no results yet in {path}")
        return
    table = pd.read_csv(path).rename(columns={"runtime": "seconds"})  # files written before "seconds"
    table = table[(table["method"] != "alns") | (table["tag"] == tag)]
    keys = ["learners", "sigma", "penalty", "mix", "seed"]
    ilp = table[table["method"].str.startswith("ilp")]
    optimal = ilp[ilp["status"] == "optimal"].groupby(keys)["objective"].max().rename("optimum")
    print(f"results: {path}  (ALNS tag {tag!r}); load average now {load_average()}")
    print("\nILP solve time by school size (seconds; status counts):")
    for (method, learners), group in ilp.groupby(["method", "learners"]):
        solved = group[group["status"] == "optimal"]["seconds"]
        counts = group["status"].value_counts().to_dict()
        print(f"  {method:9s} {learners:5d} learners: {len(group)} runs {counts}; optimal in median "
              f"{solved.median():.1f} s, max {solved.max():.1f} s")  # fmt: skip
    print(f"\nGap (optimum - heuristic) / heuristic over the {len(optimal)} instances proved optimal:")
    for (method, learners), group in table[table["method"].isin(["greedy", "alns"])].groupby(["method", "learners"]):
        merged = group.merge(optimal.reset_index(), on=keys)
        if merged.empty:
            continue
        gap = 100 * (merged["optimum"] - merged["objective"]) / merged["objective"]
        extra = f", {int(merged['iterations'].iloc[0])} iterations" if method == "alns" else ""
        print(f"  {method:6s} {learners:5d} learners: {len(merged):3d} instances, mean gap {gap.mean():.2f}%, max {gap.max():.2f}%, "
              f"at optimum {int((gap < 1e-7).sum())}, mean time {merged['seconds'].mean():.2f} s{extra}")  # fmt: skip
    both = table[table["method"].isin(["greedy", "alns"])].merge(optimal.reset_index(), on=keys)
    if not both.empty:
        both["gap"] = 100 * (both["optimum"] - both["objective"]) / both["objective"]
        overall = both.groupby("method")["gap"].agg(["count", "mean", "max"])
        print("\nAll sizes together:\n" + overall.round(3).to_string())


if __name__ == "__main__":
    arguments = parse_args()
    if not arguments.summary:
        run(arguments)
    summary(arguments.results, arguments.tag)
