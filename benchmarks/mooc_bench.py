"""Benchmark of lecture 02 (MOOC): tracing RMSE, early prediction at n weeks, grid, how-early curve.

Every run appends one row to ``benchmarks/results/mooc.csv`` and a rerun skips the rows already
there, so the matrix can be split into chunks (``--parts``, ``--datasets``), each run on one core that
nothing else uses:

    taskset -c 1 .venv/bin/python benchmarks/mooc_bench.py --parts trace
    taskset -c 1 .venv/bin/python benchmarks/mooc_bench.py --parts early grid
    taskset -c 1 .venv/bin/python benchmarks/mooc_bench.py --parts curve

Parts:
  trace  masked test RMSE of tracing (and the unmasked-loss pitfall, and each week's mean) on
         mooc-synthetic (weekly features) and epfl-mooc (quiz history)
  early  n = 5: LSTM, logistic regression, majority class (and the ceiling on simulated data)
  grid   n = 5: grid over cell x units x dropout, chosen on validation, reported on test
  curve  test AUC / balanced accuracy of the LSTM and the baselines for n = 1..10

The real data come from the registry (the shared copies serve as its mirror when present);
a data set that is not available is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

from common import append_row, load_average, use_shared_mirror

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "mooc.csv"
DATASETS = ("mooc-synthetic", "epfl-mooc", "flipped-classroom")
PARTS = ("trace", "early", "grid", "curve")
FIELDS = ("part", "data", "config", "seed", "metrics", "load_average", "affinity", "seconds")


def done_keys(path: Path) -> set[tuple[str, str, str, str]]:
    if not path.is_file():
        return set()
    with open(path, newline="") as handle:
        return {(r["part"], r["data"], r["config"], r["seed"]) for r in csv.DictReader(handle)}


def load_course(name: str, students: int | None, random_state: int):
    from edulab import datasets
    from edulab.recurrent.splits import split_students

    use_shared_mirror()
    data = datasets.load(name)
    if students:
        data = data.sample(students, random_state=random_state)
    arrays = data.arrays()
    return arrays, split_students(arrays.students, labels=arrays.labels, random_state=random_state)


def trace_runs(arrays, split, args):
    from edulab.mooc.tracing import fit_tracing, tracing_data

    if arrays.scores is None:
        return
    prepared = tracing_data(arrays, split)
    for masked in (True, False):
        config = f"{prepared.inputs}, LSTM 32, {'masked' if masked else 'UNMASKED'} loss, {args.epochs} epochs"
        yield (
            config,
            lambda m=masked: fit_tracing(
                prepared, masked_loss=m, epochs=args.epochs, random_state=args.random_state, progress=False
            )[0].to_dict(),
        )


def early_runs(arrays, split, args):
    from edulab.mooc.early import early_data
    from edulab.mooc.grid import compare_early

    data = early_data(arrays, split, args.weeks)

    def everything():
        return {r.model: r.to_dict() for r in compare_early(data, epochs=args.epochs, random_state=args.random_state)}

    yield f"n={args.weeks}, LSTM 16 + baselines, {args.epochs} epochs", everything


def grid_runs(arrays, split, args):
    from edulab.mooc.grid import DEFAULT_GRID, grid_search

    grid = {**DEFAULT_GRID, "n_weeks": [args.weeks]}

    def search():
        result = grid_search(arrays, split, grid, epochs=args.epochs, random_state=args.random_state)
        return {**result.to_dict(), "table": result.table.round(4).to_dict(orient="records")}

    yield f"grid {json.dumps(grid)}, {args.epochs} epochs", search


def curve_runs(arrays, split, args):
    from edulab.mooc.grid import how_early_curve

    for n in range(1, len(arrays.weeks) + 1):
        yield (
            f"n={n}, LSTM 16 + baselines, {args.epochs} epochs",
            lambda n=n: how_early_curve(arrays, split, [n], epochs=args.epochs, random_state=args.random_state, progress=False)
            .round(4).to_dict(orient="records"),
        )  # fmt: skip


RUNS = {"trace": trace_runs, "early": early_runs, "grid": grid_runs, "curve": curve_runs}


def summary(part: str, metrics) -> str:
    if part == "trace":
        return (f"test RMSE {metrics['test_rmse']:.4f} (week mean {metrics['week_mean_rmse']:.4f}), "
                f"epochs {metrics['n_epochs']} best {metrics['best_epoch']}, {metrics['seconds_per_epoch']:.2f} s/epoch")  # fmt: skip
    if part == "grid":
        best = metrics["best"]
        return (f"best {metrics['best_params']}: test balanced accuracy {best['test_balanced_accuracy']:.4f}, "
                f"AUC {best['test_auc']:.4f} (validation AUC {best['validation_auc']:.4f})")  # fmt: skip
    rows = metrics.values() if isinstance(metrics, dict) else metrics
    return "; ".join(
        f"{r['model']}: bacc {r['test_balanced_accuracy']:.4f} AUC {r['test_auc']:.4f}"
        + (f" ({r['seconds_per_epoch']:.2f} s/epoch)" if r.get("n_epochs") else "")
        for r in rows
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=list(DATASETS))
    parser.add_argument("--epochs", type=int, default=20, help="maximum epochs, best on validation (default 20)")
    parser.add_argument("--weeks", type=int, default=5, help="n for the early and grid parts (default 5)")
    parser.add_argument("--students", type=int, default=None, help="stratified sample of students (smaller runs)")
    parser.add_argument("--random-state", "--seed", dest="random_state", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results CSV (default {RESULTS})")
    parser.add_argument("--show", action="store_true", help="print the results CSV and run nothing")
    args = parser.parse_args(argv)

    from edulab import runtime

    runtime.quiet_tensorflow()
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")  # retracing warnings: every run builds a new model on purpose
    done = done_keys(args.out)
    if args.show:
        with open(args.out, newline="") as handle:
            for row in csv.DictReader(handle):
                print(f"[{row['part']}] {row['data']} | {row['config']} | load {row['load_average']} | "
                      f"{summary(row['part'], json.loads(row['metrics']))}")  # fmt: skip
        return 0
    affinity = ",".join(map(str, sorted(os.sched_getaffinity(0))))
    print(f"mooc benchmark: cores {affinity}, load average {load_average()}, results in {args.out}")
    for name in args.datasets:
        if args.students:
            name_key = f"{name} ({args.students} students)"
        else:
            name_key = name
        try:
            arrays, split = load_course(name, args.students, args.random_state)
        except (OSError, LookupError) as error:
            print(f"skip {name}: {error}")
            continue
        for part in args.parts:
            for config, run in RUNS[part](arrays, split, args):
                key = (part, name_key, config, str(args.random_state))  # the CSV column keeps its name "seed"
                if key in done:
                    print(f"[{part}] {name_key} | {config} | already measured")
                    continue
                started = time.perf_counter()
                metrics = run()
                seconds = time.perf_counter() - started
                row = dict(
                    zip(FIELDS, (*key, json.dumps(metrics, default=float), load_average(), affinity, f"{seconds:.1f}"))
                )
                append_row(args.out, FIELDS, row)
                print(f"[{part}] {name_key} | {config} | {seconds:.0f} s, load {row['load_average']} | {summary(part, metrics)}",
                      flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
