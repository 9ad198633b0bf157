"""Plain DKT against DKT with item difficulty, side by side on the same student split (issue 17).

For each data set (the AKT copies of ASSISTments 2009 and 2017, read through the registry with
../shared/data as its mirror): one split by student as everywhere in the kit (64% train, 16%
validation for early stopping, 20% test), the same chunking, the same network settings; then
:class:`~edulab.tracing.dkt.DKT` and :class:`~edulab.tracing.difficulty.DifficultyDKT`
(difficulties learned for the training students' problems). Both are scored on exactly the
same test targets (every answer of a test student but the first), with the exact AUC and RMSE.
Printed: test AUC, RMSE, best epoch, training seconds (fit only, data preparation excluded)
and the load average at the end of each fit. Rows are appended to
benchmarks/results/tracing_difficulty.csv.

    .venv/bin/python benchmarks/tracing_difficulty.py                      # both data sets
    .venv/bin/python benchmarks/tracing_difficulty.py --data assistments2009 --students 1000
"""

from __future__ import annotations

import argparse
import time

from common import ResultsFile, load_average, load_real, machine

FIELDS = (
    "data",
    "model",
    "cell",
    "units",
    "dropout",
    "difficulty_l2",
    "val_auc",
    "test_auc",
    "test_rmse",
    "targets",
    "best_epoch",
    "epochs_run",
    "seconds",
    "load_1_5_15",
    "when",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", default="assistments2009,assistments2017", help="registered data sets, comma-separated"
    )
    parser.add_argument("--students", type=int, default=None, help="a random sample of N students (default: all)")
    parser.add_argument("--cell", default="lstm", help="recurrent cell of both models (default lstm)")
    parser.add_argument("--units", type=int, default=64, help="recurrent units of both models (default 64)")
    parser.add_argument("--dropout", type=float, default=0.1, help="dropout of both models (default 0.1)")
    parser.add_argument("--epochs", type=int, default=8, help="maximum epochs (default 8)")
    parser.add_argument("--patience", type=int, default=2, help="early-stopping patience (default 2)")
    parser.add_argument("--max-length", type=int, default=100, help="chunk length (default 100; 0 = none)")
    parser.add_argument("--difficulty-l2", type=float, default=None, help="L2 weight (default: DifficultyDKT's)")
    parser.add_argument("--results", default="tracing_difficulty.csv", help="CSV name under benchmarks/results/")
    args = parser.parse_args()

    from edulab.tracing.difficulty import DifficultyDKT, ProblemIndex, encode_problems
    from edulab.tracing.dkt import DKT
    from edulab.tracing.experiment import prepare_data, sample_students

    max_length = args.max_length or None
    settings = {
        "cell": args.cell,
        "units": args.units,
        "dropout": args.dropout,
        "epochs": args.epochs,
        "patience": args.patience,
        "max_length": max_length,
        "random_state": 0,
        "progress": False,
    }
    extra = {} if args.difficulty_l2 is None else {"difficulty_l2": args.difficulty_l2}
    results = ResultsFile(args.results, FIELDS, ("data", "model"))
    print(f"{machine()}; load {load_average()}", flush=True)
    table = []
    for name in args.data.split(","):
        frame = sample_students(load_real(name), args.students)
        data = prepare_data(frame, max_length=max_length)
        problems = ProblemIndex.from_frame(data.rows("train"))
        train, validation, test = (
            encode_problems(data.rows(part), data.skill_index, problems, max_length)
            for part in ("train", "validation", "test")
        )
        if test.n_pairs != data.test.n_pairs:
            raise RuntimeError(f"{name}: {test.n_pairs} test targets with problems, {data.test.n_pairs} without")
        print(f"{name}: {data.sizes()}, {problems.n_problems} problems in training", flush=True)
        runs = (
            ("DKT", DKT(**settings), data.train, data.validation, data.test),
            ("DKT + difficulty", DifficultyDKT(**settings, **extra), train, validation, test),
        )
        for label, model, fit_on, choose_on, score_on in runs:
            model.fit_sequences(fit_on, choose_on)
            scores, record = model.score_sequences(score_on), model.fit_result_
            row = {
                "data": name if args.students is None else f"{name} ({args.students} students)",
                "model": label,
                "cell": args.cell,
                "units": args.units,
                "dropout": args.dropout,
                "difficulty_l2": getattr(model, "difficulty_l2", ""),
                "val_auc": record.best_score,
                "test_auc": scores.auc,
                "test_rmse": scores.rmse,
                "targets": scores.n_targets,
                "best_epoch": record.best_epoch,
                "epochs_run": record.n_epochs,
                "seconds": record.seconds,
                "load_1_5_15": load_average(),
                "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            }
            results.append(row)
            table.append(row)
            print(
                f"  {label:<17} test AUC {scores.auc:.4f}  RMSE {scores.rmse:.4f}  best epoch {record.best_epoch}/"
                f"{record.n_epochs}  {record.seconds:.0f} s  (load {row['load_1_5_15']})",
                flush=True,
            )
    print(f"\n{'data':<18} {'model':<17} {'test AUC':>8} {'RMSE':>6} {'seconds':>7}  load 1/5/15 at end of fit")
    for row in table:
        print(
            f"{row['data']:<18} {row['model']:<17} {row['test_auc']:8.4f} {row['test_rmse']:6.4f} "
            f"{row['seconds']:7.0f}  {row['load_1_5_15']}"
        )
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
