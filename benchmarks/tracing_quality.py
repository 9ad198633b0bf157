"""Test AUC and RMSE on real ASSISTments 2009: DKT cells, the grid's best, sliding windows, baselines.

One student split for everything: 20% of the students for test, and of the other 80%, 20% for
validation (early stopping, choosing the grid's best) and the rest for training, as in the seed
lecture. The baselines (per-skill mean, PFA counts, BKT) are fitted on all 80%. Every model is
scored on the same targets: every answer of a test student but the first.

Runs, each appended to benchmarks/results/tracing_quality.csv and skipped when already there:

- ``baselines``: skill mean, PFA counts (logistic regression), BKT (EM);
- ``cells``: LSTM, GRU, SimpleRNN with the seed's settings (16 units, dropout 0.1), at most
  ``--epochs`` epochs, early stopping after ``--patience``;
- ``grid``: the lecture's grid (3 cells x units 8/16/32/64 x dropout 0/0.2), at most
  ``--grid-epochs`` epochs each; the best on validation is reported on test;
- ``windows``: the sliding-window model (``--window``/``--stride``, LSTM 32 units);
- ``seedmetric``: an LSTM (16 units) on whole sequences, scored twice on the same test
  predictions: exactly, and as the seed lecture's metric did (batches of 32 students in id
  order, the last incomplete batch dropped, padded steps counted as wrong answers predicted 0);
- ``duplicates``: the same LSTM and BKT on the DKT paper's copy of the 2009 data (Piech et al.
  2015; duplicated rows kept, each student's answers grouped by skill), read from
  ``../shared/data/assistments/piech_dkt_builder`` when present (skipped otherwise).

Long: run it in slices of at most ``--budget-minutes`` on core 1 and repeat until it prints
"all runs done":

    taskset -c 1 .venv/bin/python benchmarks/tracing_quality.py --budget-minutes 25
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from common import SHARED_DATA, ResultsFile, load_average, load_real, machine

FIELDS = (
    "run",
    "model",
    "cell",
    "units",
    "dropout",
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


def seed_style_auc(model, sequences, batch_size: int = 32) -> tuple[float, int]:
    """The seed lecture's test AUC: batches in student order, remainder dropped, padding counted.

    Its ``get_target`` multiplied the padded targets by zero, so every padded step entered the
    AUC as a wrong answer predicted with probability 0. Returns the AUC and the padded steps.
    """
    from sklearn.metrics import roc_auc_score

    from edulab.recurrent.masking import next_answer_targets as masked_targets
    from edulab.tracing.sequences import pad_batch

    labels, scores, padded = [], [], 0
    for start in range(0, len(sequences) - batch_size + 1, batch_size):
        inputs, targets = pad_batch(sequences, np.arange(start, start + batch_size))
        correct, predicted, mask = (
            np.asarray(t).ravel() for t in masked_targets(targets, np.asarray(model(inputs, training=False)))
        )
        labels.append(correct)
        scores.append(predicted)
        padded += int((mask == 0).sum())
    return float(roc_auc_score(np.concatenate(labels), np.concatenate(scores))), padded


def read_piech_builder(folder) -> pd.DataFrame:
    """The DKT paper's 3-line files (length; skill ids; outcomes) as interactions, one id per sequence."""
    frames, user = [], 0
    for name in ("builder_train.csv", "builder_test.csv"):
        lines = (folder / name).read_text().splitlines()
        for start in range(0, len(lines) - 2, 3):
            skills = [int(v) for v in lines[start + 1].strip().strip(",").split(",")]
            correct = [int(v) for v in lines[start + 2].strip().strip(",").split(",")]
            user += 1
            frames.append(
                pd.DataFrame(
                    {
                        "user_id": user,
                        "order_id": np.arange(len(skills)),
                        "skill_name": [f"skill {s:03d}" for s in skills],
                        "correct": correct,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="assistments2009", help="registered data set (default assistments2009)")
    parser.add_argument(
        "--runs", default="baselines,cells,grid,windows,seedmetric,duplicates", help="which runs (default all six)"
    )
    parser.add_argument("--students", type=int, default=None, help="a random sample of N students (default: all)")
    parser.add_argument(
        "--epochs", type=int, default=20, help="maximum epochs of the cell runs (default 20, the seed's)"
    )
    parser.add_argument("--grid-epochs", type=int, default=12, help="maximum epochs of each grid model (default 12)")
    parser.add_argument("--patience", type=int, default=3, help="early-stopping patience (default 3)")
    parser.add_argument("--max-length", type=int, default=100, help="chunk length for DKT (default 100; 0 = none)")
    parser.add_argument("--window", type=int, default=50, help="sliding-window length (default 50)")
    parser.add_argument("--stride", type=int, default=25, help="sliding-window stride (default 25)")
    parser.add_argument("--budget-minutes", type=float, default=None, help="start no new run after this many minutes")
    parser.add_argument("--results", default="tracing_quality.csv", help="CSV name under benchmarks/results/")
    args = parser.parse_args()

    from edulab.tracing.baselines import score_baselines
    from edulab.tracing.dkt import DKT
    from edulab.tracing.experiment import prepare_data, sample_students, train_windows
    from edulab.tracing.grid import DEFAULT_GRID, configurations, evaluate_configuration

    started = time.perf_counter()
    frame = sample_students(load_real(args.data), args.students)
    data = prepare_data(frame, max_length=args.max_length or None)
    print(f"{args.data}: {data.sizes()}; {machine()}; load {load_average()}", flush=True)
    results = ResultsFile(args.results, FIELDS, ("run", "model"))
    runs = args.runs.split(",")

    postponed = []

    def out_of_time() -> bool:
        late = args.budget_minutes is not None and time.perf_counter() - started > 60 * args.budget_minutes
        postponed.append(late)
        return late

    def record(run: str, model: str, row: dict) -> None:
        results.append({"run": run, "model": model, **row})
        print(
            f"{run:<9} {model:<28} test AUC {float(row['test_auc']):.4f}  RMSE {float(row['test_rmse']):.4f}  ({float(row['seconds']):.0f} s, load {load_average()})",
            flush=True,
        )

    def train_dkt(prepared, cell: str):
        """DKT with the seed's 16 units and dropout 0.1, trained on ``prepared``'s split."""
        dkt = DKT(cell=cell, units=16, dropout=0.1, epochs=args.epochs, patience=args.patience, progress=False)
        return dkt.fit_sequences(prepared.train, prepared.validation), prepared.test

    def dkt_row(dkt, test) -> dict:
        scores, record = dkt.score_sequences(test), dkt.fit_result_
        return {
            "cell": dkt.cell,
            "units": dkt.units,
            "dropout": dkt.dropout,
            "test_auc": scores.auc,
            "test_rmse": scores.rmse,
            "targets": scores.n_targets,
            "best_epoch": record.best_epoch,
            "epochs_run": record.n_epochs,
            "seconds": record.seconds,
            "val_auc": record.best_score,
        }

    def baseline_rows(run: str, prepared) -> None:
        table = score_baselines(prepared.rows("train", "validation"), prepared.rows("test"), prepared.skill_index)
        for row in table.to_dict(orient="records"):
            record(
                run,
                row["model"],
                {
                    "test_auc": row["auc"],
                    "test_rmse": row["rmse"],
                    "targets": row["n_targets"],
                    "seconds": row["seconds"],
                },
            )

    if "baselines" in runs and not results.done(run="baselines", model="BKT (EM)"):
        baseline_rows("baselines", data)

    for cell in ("lstm", "gru", "rnn") if "cells" in runs else ():
        if results.done(run="cells", model=f"DKT {cell} 16") or out_of_time():
            continue
        record("cells", f"DKT {cell} 16", dkt_row(*train_dkt(data, cell)))

    if "grid" in runs:
        for params in configurations(DEFAULT_GRID):
            name = f"{params['cell']} {params['units']} drop {params['dropout']}"
            if results.done(run="grid", model=name) or out_of_time():
                continue
            row, _ = evaluate_configuration(
                params, data, {"epochs": args.grid_epochs, "patience": args.patience, "random_state": 0}
            )
            record("grid", name, {**params, **row, "targets": data.test.n_pairs})
        grid = pd.DataFrame([r for r in results.rows() if r["run"] == "grid"])
        if len(grid) == len(configurations(DEFAULT_GRID)):
            best = grid.loc[grid["val_auc"].astype(float).idxmax()]
            print(
                f"grid best on validation: {best['model']} (val AUC {float(best['val_auc']):.4f}) -> test AUC {float(best['test_auc']):.4f}, RMSE {float(best['test_rmse']):.4f}"
            )

    if (
        "windows" in runs
        and not results.done(run="windows", model=f"windows {args.window}/{args.stride}")
        and not out_of_time()
    ):
        whole = prepare_data(frame, max_length=None)
        run = train_windows(
            whole, length=args.window, stride=args.stride, epochs=args.epochs, patience=args.patience, progress=False
        )
        row = run.to_dict()
        record(
            "windows",
            f"windows {args.window}/{args.stride}",
            {
                **run.params,
                "test_auc": run.test.auc,
                "test_rmse": run.test.rmse,
                "targets": run.test.n_targets,
                "best_epoch": row["best_epoch"],
                "epochs_run": row["n_epochs"],
                "seconds": row["seconds"],
                "val_auc": row["best_score"],
            },
        )

    if (
        "seedmetric" in runs
        and not results.done(run="seedmetric", model="LSTM 16 seed-style AUC")
        and not out_of_time()
    ):
        whole = prepare_data(frame, max_length=None)
        dkt, test = train_dkt(whole, "lstm")
        exact = dkt_row(dkt, test)
        record("seedmetric", "LSTM 16 exact AUC", exact)
        auc, padded = seed_style_auc(dkt.model_, whole.test)
        record(
            "seedmetric",
            "LSTM 16 seed-style AUC",
            {
                **exact,
                "test_auc": auc,
                "test_rmse": float("nan"),
                "targets": f"{exact['targets']} real + {padded} padded",
            },
        )

    piech = SHARED_DATA / "assistments" / "piech_dkt_builder"
    if "duplicates" in runs and not results.done(run="duplicates", model="BKT (EM)") and not out_of_time():
        if not piech.is_dir():
            print(f"duplicates: {piech} is not on this machine, skipped")
        else:
            doubled = prepare_data(read_piech_builder(piech), max_length=args.max_length or None)
            print(f"Piech copy with duplicates: {doubled.sizes()}", flush=True)
            record("duplicates", "DKT lstm 16", dkt_row(*train_dkt(doubled, "lstm")))
            baseline_rows("duplicates", doubled)

    print("stopped at the time budget: run again to continue" if any(postponed) else "all runs done")
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
