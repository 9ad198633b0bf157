"""``edulab mooc trace`` and ``edulab mooc early``: the lecture's two settings from the shell."""

from __future__ import annotations

import argparse

from edulab.cli import add_json_flag, emit

DATASETS = ("mooc-synthetic", "epfl-mooc", "flipped-classroom")


def _common(parser: argparse.ArgumentParser, *, units: int) -> None:
    parser.add_argument("--data", choices=DATASETS, default="mooc-synthetic", help="data set (default: %(default)s)")
    parser.add_argument("--students", type=int, default=None, help="use a stratified sample of this many students")
    parser.add_argument("--cell", choices=("lstm", "gru"), default="lstm", help="recurrent cell (default: %(default)s)")
    parser.add_argument("--units", type=int, default=units, help="recurrent units (default: %(default)s)")
    parser.add_argument("--dropout", type=float, default=0.1, help="dropout rate (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=20, help="maximum epochs; best on validation (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split and the network (default: %(default)s)")
    add_json_flag(parser)


def _arrays(args: argparse.Namespace):
    from edulab import datasets, runtime
    from edulab.mooc.splits import split_students

    runtime.quiet_tensorflow()

    data = datasets.load(args.data)
    if args.students is not None:
        data = data.sample(args.students, seed=args.seed)
    arrays = data.arrays()
    return data, arrays, split_students(arrays.labels, random_state=args.seed)


def _trace(args: argparse.Namespace) -> int:
    from edulab.mooc.tracing import fit_tracing, tracing_data

    data, arrays, split = _arrays(args)
    prepared = tracing_data(arrays, split, inputs=args.inputs)
    result, _ = fit_tracing(
        prepared, cell=args.cell, units=args.units, dropout=args.dropout, epochs=args.epochs, seed=args.seed,
        masked_loss=not args.unmasked_loss,
    )  # fmt: skip
    text = (
        f"{data.name}: tracing with {result.cell.upper()} ({result.units} units) on {result.inputs}, "
        f"{'masked' if result.masked_loss else 'UNMASKED'} loss\n"
        f"test RMSE (weeks with a quiz)   {result.test_rmse:.4f}\n"
        f"each week's training mean       {result.week_mean_rmse:.4f}\n"
        f"epochs {result.epochs} (best {result.best_epoch}), {result.seconds_per_epoch:.2f} s/epoch"
    )
    emit(args, {"data": data.name, **result.to_dict()}, text)
    return 0


def _early(args: argparse.Namespace) -> int:
    from edulab.mooc.baselines import ceiling, logistic_baseline, majority_baseline
    from edulab.mooc.early import early_data, fit_early

    data, arrays, split = _arrays(args)
    prepared = early_data(arrays, split, args.weeks)
    network, _ = fit_early(
        prepared, cell=args.cell, units=args.units, dropout=args.dropout, epochs=args.epochs, seed=args.seed
    )
    results = [network, logistic_baseline(prepared), majority_baseline(prepared)]
    if prepared.pass_probability is not None:
        results.append(ceiling(prepared))
    lines = [f"{data.name}: pass/fail from weeks 0..{args.weeks - 1} (test students, threshold chosen on validation)"]
    lines += [f"{'model':<32} {'balanced acc.':>13} {'AUC':>7}"]
    lines += [f"{r.model:<32} {r.test_balanced_accuracy:>13.4f} {r.test_auc:>7.4f}" for r in results]
    emit(args, {"data": data.name, "weeks": args.weeks, "results": [r.to_dict() for r in results]}, "\n".join(lines))
    return 0


def register(subparsers) -> None:
    """Add ``mooc trace`` and ``mooc early`` to the ``edulab`` command."""
    mooc = subparsers.add_parser("mooc", help="MOOC weekly tracing and early pass/fail prediction (lecture 02)")
    actions = mooc.add_subparsers(dest="mooc_command", metavar="ACTION", required=True)

    trace = actions.add_parser("trace", help="predict every week's quiz score; print the masked test RMSE")
    _common(trace, units=32)
    trace.add_argument(
        "--inputs", choices=("auto", "features", "history", "both"), default="auto",
        help="weekly features, quiz history, or both (default: features when the data set has them)",
    )  # fmt: skip
    trace.add_argument("--unmasked-loss", action="store_true", help="train with the pitfall: padded weeks count")
    trace.set_defaults(func=_trace)

    early = actions.add_parser("early", help="predict pass/fail from the first N weeks; print balanced accuracy and AUC")
    _common(early, units=16)
    early.add_argument("--weeks", type=int, default=5, help="weeks seen, N (default: %(default)s)")
    early.set_defaults(func=_early)
