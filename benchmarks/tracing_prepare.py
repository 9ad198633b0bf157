"""How long does preparing ASSISTments 2009 for DKT take: vectorised against per-row Python?

Measured in one run on the full real set (AKT copy, 4,150 students, 325,589 answers):

- reading the AKT folds into the schema (``read_akt_folder``);
- padding and masking, vectorised: ``encode`` (shift, skill codes, chunks of ``--max-length``)
  then every bucketed batch padded and one-hot encoded once, i.e. one epoch's input;
- sliding windows, vectorised: ``encode`` then ``sliding_windows(--window, --stride)`` and the
  one-hot targets of every window;
- the per-row baseline, written here the way seed 000 builds its windows: a boolean filter per
  student, ``iterrows`` over each window, one Python list per one-hot vector.

The ratio is baseline seconds / vectorised seconds, both measured in this run. Run it on core 1:

    taskset -c 1 .venv/bin/python benchmarks/tracing_prepare.py
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from common import (
    ResultsFile,
    best_time,
    busy_processes,
    load_average,
    load_real,
    machine,
)

FIELDS = ("what", "students", "answers", "seconds", "output", "load_1_5_15", "when")


def seed_style_windows(frame: pd.DataFrame, length: int, stride: int) -> tuple[list, list]:
    """Seed 000's SequenceGenerator: per-student filter, iterrows per window, lists of one-hot lists."""
    skill_to_id = {skill: i for i, skill in enumerate(frame["skill_name"].unique())}
    k = len(skill_to_id)

    def encode_interaction(skill: int, correct: int) -> list:
        encoded = np.zeros(2 * k, dtype=int)
        encoded[skill if correct == 1 else skill + k] = 1
        return encoded.tolist()

    def label(skill: int, correct: int) -> list:
        vector = np.zeros(k, dtype=int)
        vector[skill] = correct
        return vector.tolist()

    sequences, labels = [], []
    for student in frame["user_id"].unique():
        data = frame[frame["user_id"] == student]
        if len(data) < length + 1:
            continue
        for i in range(0, len(data) - length, stride):
            window = data.iloc[i : i + length]
            following = data.iloc[i + length]
            sequences.append(
                [encode_interaction(skill_to_id[row["skill_name"]], row["correct"]) for _, row in window.iterrows()]
            )
            labels.append(label(skill_to_id[following["skill_name"]], following["correct"]))
    return sequences, labels


def padded_epoch(frame: pd.DataFrame, max_length: int | None) -> int:
    from edulab.tracing.sequences import bucket_batches, encode, pad_batch

    sequences = encode(frame, max_length=max_length)
    steps = 0
    for batch in bucket_batches(sequences.lengths, 32, np.random.default_rng(0)):
        inputs, targets = pad_batch(sequences, batch)
        steps += inputs.shape[0] * inputs.shape[1]
    return steps


def window_epoch(frame: pd.DataFrame, length: int, stride: int) -> int:
    from edulab.tracing.sequences import encode
    from edulab.tracing.windows import sliding_windows

    windows = sliding_windows(encode(frame), length, stride)
    for start in range(0, len(windows), 32):
        windows.batch(np.arange(start, min(start + 32, len(windows))))
    return len(windows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="assistments2009", help="registered data set (default assistments2009)")
    parser.add_argument("--students", type=int, default=None, help="only the first N students (default: all)")
    parser.add_argument("--window", type=int, default=10, help="window length, seed 000's seq_length (default 10)")
    parser.add_argument(
        "--stride", type=int, default=5, help="window stride, seed 000's sliding_window_step (default 5)"
    )
    parser.add_argument(
        "--max-length", type=int, default=100, help="chunk length for padding and masking (default 100; 0 = none)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each vectorised step; the best is kept (default 3)"
    )
    args = parser.parse_args()

    from edulab.tracing.data import read_akt_folder

    frame = load_real(args.data)
    if args.students:
        frame = frame[frame["user_id"].isin(frame["user_id"].unique()[: args.students])]
    students, answers = frame["user_id"].nunique(), len(frame)
    print(f"{args.data}: {students} students, {answers} answers; {machine()}")
    print(f"load average before: {load_average()}; busiest processes: {busy_processes()}")
    from edulab import datasets

    folder = datasets.fetch(args.data, progress=False)
    seconds_read, _ = best_time(lambda: read_akt_folder(folder), args.repeats)
    seconds_pad, steps = best_time(lambda: padded_epoch(frame, args.max_length or None), args.repeats)
    seconds_win, n_windows = best_time(lambda: window_epoch(frame, args.window, args.stride), args.repeats)
    seconds_seed, (seed_sequences, _) = best_time(lambda: seed_style_windows(frame, args.window, args.stride))
    n_seed = len(seed_sequences)
    del seed_sequences

    results = ResultsFile("tracing_prepare.csv", FIELDS, ("what",))
    rows = [
        ("read AKT folds", seconds_read, f"{answers} rows"),
        (f"padding+masking epoch (max_length {args.max_length or 'none'})", seconds_pad, f"{steps} padded steps"),
        (
            f"sliding windows {args.window}/{args.stride}, vectorised",
            seconds_win,
            f"{n_windows} windows, every target kept",
        ),
        (
            f"sliding windows {args.window}/{args.stride}, seed 000 iterrows",
            seconds_seed,
            f"{n_seed} windows, one target each",
        ),
    ]
    for what, seconds, output in rows:
        results.append(
            {"what": what, "students": students, "answers": answers, "seconds": f"{seconds:.4f}", "output": output}
        )
        print(f"{what:<55} {seconds:10.3f} s   {output}")
    print(
        f"ratio seed-style / vectorised windows: {seconds_seed / seconds_win:.0f}x; seed-style / padding+masking: {seconds_seed / seconds_pad:.0f}x"
    )
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
