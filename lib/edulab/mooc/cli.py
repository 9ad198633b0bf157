"""``edulab mooc trace`` and ``edulab mooc early``: the lecture's two settings from the shell.

Only argument parsing and printing live here; the work and the defaults are in
:mod:`edulab.mooc.tracing`, :mod:`edulab.mooc.early` and :mod:`edulab.mooc.grid`.
"""

from __future__ import annotations

import argparse
import inspect

from edulab import cli_types as types
from edulab.cli import add_json_flag, emit


def _default(function, name: str):
    """The library's default of ``function``'s parameter ``name``."""
    return inspect.signature(function).parameters[name].default


def _common(parser: argparse.ArgumentParser, fit) -> None:
    from edulab.mooc.data import DATASETS
    from edulab.mooc.grid import CELLS

    parser.add_argument("--data", choices=DATASETS, default=DATASETS[0], help="data set (default: %(default)s)")
    parser.add_argument(
        "--students", type=types.positive_int, default=None, help="use a stratified sample of this many students"
    )
    parser.add_argument(
        "--cell", choices=CELLS, default=_default(fit, "cell"), help="recurrent cell (default: %(default)s)"
    )
    parser.add_argument(
        "--units",
        type=types.positive_int,
        default=_default(fit, "units"),
        help="recurrent units (default: %(default)s)",
    )
    parser.add_argument(
        "--dropout",
        type=types.finite_float(0, 1, open_high=True),
        default=_default(fit, "dropout"),
        help="dropout rate (default: %(default)s)",
    )
    parser.add_argument(
        "--epochs",
        type=types.positive_int,
        default=_default(fit, "epochs"),
        help="maximum epochs; best on validation (default: %(default)s)",
    )
    parser.add_argument(
        "--random-state", "--seed", dest="random_state", type=types.seed, default=0,
        help="seed of the sample, the split and the network (default: %(default)s)",
    )  # fmt: skip
    add_json_flag(parser)


def _arrays(args: argparse.Namespace):
    from edulab import datasets, runtime
    from edulab.recurrent.splits import split_students

    runtime.quiet_tensorflow()

    data = datasets.load(args.data)
    if args.students is not None:
        data = data.sample(args.students, random_state=args.random_state)
    arrays = data.arrays()
    return data, arrays, split_students(arrays.students, labels=arrays.labels, random_state=args.random_state)


def _trace(args: argparse.Namespace) -> int:
    from edulab.mooc.tracing import fit_tracing, tracing_data

    data, arrays, split = _arrays(args)
    prepared = tracing_data(arrays, split, inputs=args.inputs)
    result, _ = fit_tracing(
        prepared, cell=args.cell, units=args.units, dropout=args.dropout, epochs=args.epochs,
        random_state=args.random_state, masked_loss=not args.unmasked_loss, progress=not args.json,
    )  # fmt: skip
    text = (
        f"{data.name}: tracing with {result.cell.upper()} ({result.units} units) on {result.inputs}, "
        f"{'masked' if result.masked_loss else 'UNMASKED'} loss\n"
        f"test RMSE (weeks with a quiz)   {result.test_rmse:.4f}\n"
        f"each week's training mean       {result.week_mean_rmse:.4f}\n"
        f"epochs {result.n_epochs} (best {result.best_epoch}), {result.seconds_per_epoch:.2f} s/epoch"
    )
    emit(args, {"data": data.name, **result.to_dict()}, text)
    return 0


def _early(args: argparse.Namespace) -> int:
    from edulab.mooc.early import early_data
    from edulab.mooc.grid import compare_early

    data, arrays, split = _arrays(args)
    prepared = early_data(arrays, split, args.weeks)
    results = compare_early(
        prepared,
        cell=args.cell,
        units=args.units,
        dropout=args.dropout,
        epochs=args.epochs,
        random_state=args.random_state,
    )
    lines = [f"{data.name}: pass/fail from weeks 0..{args.weeks - 1} (test students, threshold chosen on validation)"]
    lines += [f"{'model':<32} {'balanced acc.':>13} {'AUC':>7}"]
    lines += [f"{r.model:<32} {r.test_balanced_accuracy:>13.4f} {r.test_auc:>7.4f}" for r in results]
    emit(args, {"data": data.name, "n_weeks": args.weeks, "results": [r.to_dict() for r in results]}, "\n".join(lines))
    return 0


def register(subparsers) -> None:
    """Add ``mooc trace`` and ``mooc early`` to the ``edulab`` command."""
    from edulab.mooc.early import fit_early
    from edulab.mooc.grid import DEFAULT_GRID
    from edulab.mooc.tracing import INPUTS, fit_tracing

    mooc = subparsers.add_parser("mooc", help="MOOC weekly tracing and early pass/fail prediction (lecture 02)")
    actions = mooc.add_subparsers(dest="mooc_command", metavar="ACTION", required=True)

    trace = actions.add_parser("trace", help="predict every week's quiz score; print the masked test RMSE")
    _common(trace, fit_tracing)
    trace.add_argument(
        "--inputs", choices=("auto", *INPUTS), default="auto",
        help="weekly features, quiz history, or both (default: features when the data set has them)",
    )  # fmt: skip
    trace.add_argument("--unmasked-loss", action="store_true", help="train with the pitfall: padded weeks count")
    trace.set_defaults(func=_trace)

    early = actions.add_parser(
        "early", help="predict pass/fail from the first N weeks; print balanced accuracy and AUC"
    )
    _common(early, fit_early)
    early.add_argument(
        "--weeks",
        type=types.positive_int,
        default=DEFAULT_GRID["n_weeks"][0],
        help="weeks seen, N (default: %(default)s)",
    )
    early.set_defaults(func=_early)
