"""Seconds per training epoch of DKT on the full ASSISTments 2009 set, per recurrent cell.

For each cell (LSTM, GRU, SimpleRNN) and each sequence cap (chunks of ``--max-length`` steps,
and whole sequences), train ``--epochs`` epochs on the 64% training students (the 80/20 student
split with 20% of the 80 held out for validation) and time every epoch, training plus the
validation pass. The first epoch also builds the graph, so it is reported apart; the figure is
the mean of the later epochs. TensorFlow uses every core, so run it with nothing else on the machine:

    .venv/bin/python benchmarks/tracing_epoch.py

Each (cell, units, cap) is appended to benchmarks/results/tracing_epoch.csv and skipped when
already there (``--fresh`` measures again).
"""

from __future__ import annotations

import argparse

from common import ResultsFile, busy_processes, load_average, load_real, machine

FIELDS = (
    "cell",
    "units",
    "max_length",
    "first_epoch_s",
    "later_epoch_s",
    "epochs",
    "train_targets",
    "threads",
    "load_1_5_15",
    "when",
    "busy",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="assistments2009", help="registered data set (default assistments2009)")
    parser.add_argument("--cells", default="lstm,gru,rnn", help="comma-separated cells (default lstm,gru,rnn)")
    parser.add_argument("--units", type=int, default=32, help="recurrent units (default 32)")
    parser.add_argument(
        "--max-lengths", default="100,0", help="comma-separated chunk lengths, 0 = whole sequences (default 100,0)"
    )
    parser.add_argument("--epochs", type=int, default=3, help="epochs per model, at least 2 (default 3)")
    parser.add_argument("--students", type=int, default=None, help="a random sample of N students (default: all)")
    parser.add_argument("--fresh", action="store_true", help="measure again what the CSV already has")
    args = parser.parse_args()
    if args.epochs < 2:
        parser.error("--epochs must be at least 2 (the first epoch builds the graph)")

    from edulab import runtime

    runtime.quiet_tensorflow()
    import tensorflow as tf

    from edulab.tracing.dkt import DKT
    from edulab.tracing.experiment import prepare_data, sample_students

    frame = sample_students(load_real(args.data), args.students)
    threads = tf.config.threading.get_intra_op_parallelism_threads() or "default (all cores)"
    print(f"{args.data}: {frame['user_id'].nunique()} students; {machine()}; TensorFlow threads {threads}")
    results = ResultsFile("tracing_epoch.csv", FIELDS, ("cell", "units", "max_length"))
    for max_length in (int(m) for m in args.max_lengths.split(",")):
        data = prepare_data(frame, max_length=max_length or None)
        for cell in args.cells.split(","):
            key = {"cell": cell, "units": args.units, "max_length": max_length or "none"}
            if results.done(**key) and not args.fresh:
                print(f"{key}: already measured, skipped")
                continue
            busy = busy_processes()
            dkt = DKT(cell=cell, units=args.units, epochs=args.epochs, patience=args.epochs, progress=False)
            seconds = dkt.fit_sequences(data.train, data.validation).fit_result_.history["seconds"].to_numpy()
            row = {
                **key,
                "first_epoch_s": f"{seconds[0]:.2f}",
                "later_epoch_s": f"{seconds[1:].mean():.2f}",
                "epochs": len(seconds),
                "train_targets": data.train.n_pairs,
                "threads": threads,
                "busy": busy,
            }
            results.append(row)
            print(
                f"{cell:<5} {args.units} units, max_length {key['max_length']:>4}: first epoch {seconds[0]:6.1f} s, "
                f"later epochs {seconds[1:].mean():6.1f} s  (load {load_average()}; busy before: {busy})",
                flush=True,
            )


if __name__ == "__main__":
    main()
