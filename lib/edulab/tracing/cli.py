"""``edulab dkt train`` and ``edulab dkt grid``: train DKT or search a grid, print test scores.

Only argument parsing and printing live here; the work is in :mod:`edulab.tracing.experiment`,
:class:`edulab.tracing.dkt.DKT` and :mod:`edulab.tracing.grid`; the defaults come from them.
"""

from __future__ import annotations

import argparse

from edulab import cli_types as types
from edulab.cli import add_json_flag, emit


def _data_source(text: str):
    """``--data``: a registered name (kept as text) or the path of an existing CSV file."""
    from edulab.tracing.data import REGISTERED

    if text in REGISTERED:
        return text
    try:
        return types.existing_file(text)
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(
            f"{error}; expected one of {', '.join(REGISTERED)} or the path of a CSV file"
        ) from None


def _checkpoint(text: str):
    """``--checkpoint``: a file Keras can write the best weights to (``.weights.h5``; its folder must exist)."""
    if not text.endswith(".weights.h5"):
        raise argparse.ArgumentTypeError(f"expected a file name ending in .weights.h5, got {text!r}")
    return types.output_path(text)


DROPOUT = types.finite_float(0, 1, open_high=True)


def _default(name: str):
    """The library's default of a :class:`~edulab.tracing.dkt.DKT` parameter."""
    from edulab.tracing.dkt import DKT

    return DKT().get_params()[name]


def _common(parser: argparse.ArgumentParser) -> None:
    from edulab.tracing.data import REGISTERED

    parser.add_argument(
        "--data",
        type=_data_source,
        default="synthetic",
        help=f"{', '.join(REGISTERED)} (default synthetic, shipped), or a CSV path",
    )
    parser.add_argument(
        "--students",
        type=types.positive_int,
        default=None,
        help="use a random sample of this many students (default: all)",
    )
    parser.add_argument(
        "--epochs", type=types.positive_int, default=_default("epochs"), help="maximum epochs (default %(default)s)"
    )
    parser.add_argument(
        "--patience",
        type=types.non_negative_int,
        default=_default("patience"),
        help="early-stopping patience in epochs (default %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=types.positive_int,
        default=_default("batch_size"),
        help="sequences per batch (default %(default)s)",
    )
    parser.add_argument(
        "--max-length", type=types.non_negative_int, default=_default("max_length"),
        help="split longer sequences into chunks of this many steps (default %(default)s; 0 keeps them whole)",
    )  # fmt: skip
    parser.add_argument(
        "--random-state",
        "--seed",
        dest="random_state",
        type=types.seed,
        default=0,
        help="seed of the split, the weights and the batch order",
    )
    add_json_flag(parser)


def _prepare(args: argparse.Namespace):
    from edulab.tracing.data import load_interactions
    from edulab.tracing.experiment import prepare_data, sample_students

    frame = sample_students(load_interactions(args.data), args.students, args.random_state)
    return prepare_data(frame, max_length=args.max_length or None, random_state=args.random_state)


def _train(args: argparse.Namespace) -> int:
    from edulab.tracing.dkt import DKT

    data = _prepare(args)
    checkpoint = str(args.checkpoint) if args.checkpoint else None
    dkt = DKT(
        cell=args.cell,
        units=args.units,
        dropout=args.dropout,
        epochs=args.epochs,
        batch_size=args.batch_size,
        patience=args.patience,
        max_length=args.max_length or None,
        checkpoint=checkpoint,
        random_state=args.random_state,
        progress=not args.json,
    ).fit_sequences(data.train, data.validation)
    test, record = dkt.score_sequences(data.test), dkt.fit_result_
    fit = {key: value for key, value in record.to_dict().items() if key != "history"}
    result = {
        "data": str(args.data),
        **data.sizes(),
        **dkt.get_params(),
        **fit,
        "test_auc": test.auc,
        "test_rmse": test.rmse,
    }
    text = (
        f"{args.cell.upper()} {args.units} units, dropout {args.dropout}, on {args.data} "
        f"({result['n_train_students']} train / {result['n_validation_students']} validation / {result['n_test_students']} test students)\n"
        f"best epoch {record.best_epoch} of {record.n_epochs} ({record.seconds_per_epoch:.1f} s per epoch)\n"
        f"test AUC  {test.auc:.4f}\ntest RMSE {test.rmse:.4f}"
    )
    emit(args, result, text)
    return 0


def _grid(args: argparse.Namespace) -> int:
    from edulab.tracing.grid import grid_search

    data = _prepare(args)
    grid = {"cell": args.cells, "units": args.units, "dropout": args.dropout}
    result = grid_search(
        data,
        grid,
        epochs=args.epochs,
        batch_size=args.batch_size,
        patience=args.patience,
        n_jobs=args.n_jobs,
        random_state=args.random_state,
        progress=not args.json,
    )
    text = (
        result.table.to_string(index=False, float_format=lambda v: f"{v:.4f}")
        + f"\n\nbest on validation: {result.best_params}; its test AUC {result.best['test_auc']:.4f}"
    )
    emit(args, {"data": str(args.data), **data.sizes(), **result.to_dict()}, text)
    return 0


def register(subparsers) -> None:
    """Add ``dkt train`` and ``dkt grid`` to the ``edulab`` command line."""
    from edulab.recurrent import CELL_NAMES
    from edulab.tracing.grid import DEFAULT_GRID

    dkt = subparsers.add_parser("dkt", help="deep knowledge tracing (lecture 01): train a model or search a grid")
    actions = dkt.add_subparsers(dest="dkt_command", metavar="ACTION", required=True)

    train = actions.add_parser("train", help="train one DKT model and print its test AUC and RMSE")
    _common(train)
    train.add_argument(
        "--cell", choices=CELL_NAMES, default=_default("cell"), help="recurrent cell (default %(default)s)"
    )
    train.add_argument(
        "--units", type=types.positive_int, default=_default("units"), help="recurrent units (default %(default)s)"
    )
    train.add_argument(
        "--dropout",
        type=DROPOUT,
        default=_default("dropout"),
        help="input dropout of the recurrent layer (default %(default)s)",
    )
    train.add_argument(
        "--checkpoint", type=_checkpoint, default=None, help="keep the best weights in this .weights.h5 file"
    )
    train.set_defaults(func=_train)

    grid = actions.add_parser("grid", help="grid search on validation students, scores on test students")
    _common(grid)
    listed = lambda values: ",".join(str(v) for v in values)  # noqa: E731
    grid.add_argument(
        "--cells",
        type=types.comma_list(choices=CELL_NAMES),
        default=DEFAULT_GRID["cell"],
        help=f"comma-separated cells (default {listed(DEFAULT_GRID['cell'])})",
    )
    grid.add_argument(
        "--units",
        type=types.comma_list(types.positive_int),
        default=DEFAULT_GRID["units"],
        help=f"comma-separated units (default {listed(DEFAULT_GRID['units'])})",
    )
    grid.add_argument(
        "--dropout",
        type=types.comma_list(DROPOUT),
        default=DEFAULT_GRID["dropout"],
        help=f"comma-separated dropout rates (default {listed(DEFAULT_GRID['dropout'])})",
    )
    grid.add_argument("--n-jobs", type=types.positive_int, default=1, help="parallel workers (default 1)")
    grid.set_defaults(func=_grid)
