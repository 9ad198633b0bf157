"""How close do the models come to the ceiling on synthetic students? (model AUC / oracle AUC)

The simulator knows each answer's true probability (``p_correct``, from the hidden mastery), so
its AUC on the test students is the ceiling. This script simulates the calibrated course
(``--students``, 4,150 by default as ASSISTments 2009; or ``--shipped`` for the 500 shipped
students), splits it as the real data (64/16/20 by student), trains DKT cells and the
baselines, and prints each test AUC and its ratio to the oracle's. Runs are appended to
benchmarks/results/tracing_synthetic.csv and skipped when already there. On core 1:

    taskset -c 1 .venv/bin/python benchmarks/tracing_synthetic.py
"""

from __future__ import annotations

import argparse

from common import ResultsFile, load_average, machine

FIELDS = (
    "data",
    "model",
    "test_auc",
    "test_rmse",
    "oracle_auc",
    "ratio",
    "targets",
    "epochs_run",
    "seconds",
    "load_1_5_15",
    "when",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=4150, help="simulated students (default 4150)")
    parser.add_argument(
        "--random-state", "--seed", dest="random_state", type=int, default=1, help="simulation seed (default 1)"
    )
    parser.add_argument("--shipped", action="store_true", help="use the shipped 500-student set instead of simulating")
    parser.add_argument("--cells", default="lstm,gru", help="comma-separated DKT cells (default lstm,gru)")
    parser.add_argument("--units", type=int, default=32, help="recurrent units (default 32)")
    parser.add_argument("--epochs", type=int, default=20, help="maximum epochs (default 20)")
    parser.add_argument("--patience", type=int, default=3, help="early-stopping patience (default 3)")
    parser.add_argument("--max-length", type=int, default=100, help="chunk length (default 100; 0 = none)")
    args = parser.parse_args()

    from edulab.tracing.baselines import next_step_targets, score_baselines
    from edulab.tracing.data import load_interactions
    from edulab.tracing.dkt import DKT
    from edulab.tracing.experiment import prepare_data
    from edulab.tracing.scoring import score
    from edulab.tracing.synthetic import SyntheticConfig, simulate

    if args.shipped:
        frame, label = load_interactions("synthetic"), "shipped 500"
    else:
        frame, label = (
            simulate(SyntheticConfig(n_students=args.students), random_state=args.random_state),
            f"simulated {args.students} seed {args.random_state}",
        )
    data = prepare_data(frame, max_length=args.max_length or None)
    train, test = data.rows("train", "validation"), data.rows("test")
    targets = next_step_targets(test)
    oracle = score(test["correct"].to_numpy()[targets], test["p_correct"].to_numpy()[targets])
    print(f"{label}: {data.sizes()}; oracle test AUC {oracle.auc:.4f}; {machine()}; load {load_average()}", flush=True)
    results = ResultsFile("tracing_synthetic.csv", FIELDS, ("data", "model"))

    def record(model: str, auc: float, rmse: float, n: int, epochs: int | str, seconds: float) -> None:
        results.append(
            {
                "data": label,
                "model": model,
                "test_auc": f"{auc:.4f}",
                "test_rmse": f"{rmse:.4f}",
                "oracle_auc": f"{oracle.auc:.4f}",
                "ratio": f"{auc / oracle.auc:.4f}",
                "targets": n,
                "epochs_run": epochs,
                "seconds": f"{seconds:.1f}",
            }
        )
        print(
            f"{model:<28} test AUC {auc:.4f}  RMSE {rmse:.4f}  AUC / oracle {auc / oracle.auc:.3f}  ({seconds:.0f} s, load {load_average()})",
            flush=True,
        )

    if not results.done(data=label, model="BKT (EM)"):
        for row in score_baselines(train, test, data.skill_index).to_dict(orient="records"):
            record(row["model"], row["auc"], row["rmse"], row["n_targets"], "", row["seconds"])
    for cell in args.cells.split(","):
        name = f"DKT {cell} {args.units}"
        if results.done(data=label, model=name):
            continue
        # fit holds out the same validation students as prepare_data: the same run as before
        dkt = DKT(
            cell=cell,
            units=args.units,
            epochs=args.epochs,
            patience=args.patience,
            max_length=args.max_length or None,
            progress=False,
        )
        row = score_baselines(train, test, data.skill_index, models={name: dkt}).iloc[0]
        assert row["n_targets"] == int(targets.sum()), "DKT and the baselines must score the same targets"
        record(name, row["auc"], row["rmse"], row["n_targets"], dkt.fit_result_.n_epochs, dkt.fit_result_.seconds)


if __name__ == "__main__":
    main()
