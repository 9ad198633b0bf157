"""``edulab dkt train`` and ``edulab dkt grid``: train DKT or search a grid, print test scores.

Only argument parsing and printing live here; the work is in :mod:`edulab.tracing.experiment`
and :mod:`edulab.tracing.grid`.
"""

from __future__ import annotations

import argparse

from edulab.cli import add_json_flag, emit


def _comma_list(kind):
    def parse(text: str):
        try:
            return [kind(item) for item in text.split(",") if item.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r}: expected a comma-separated list of {kind.__name__}") from None

    return parse


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="synthetic", help="synthetic (shipped, default), assistments2009, assistments2017, or a CSV path")
    parser.add_argument("--students", type=int, default=None, help="use a random sample of this many students (default: all)")
    parser.add_argument("--epochs", type=int, default=10, help="maximum epochs (default 10)")
    parser.add_argument("--patience", type=int, default=3, help="early-stopping patience in epochs (default 3)")
    parser.add_argument("--batch-size", type=int, default=32, help="sequences per batch (default 32)")
    parser.add_argument("--max-length", type=int, default=100, help="split longer sequences into chunks of this many steps (default 100; 0 keeps them whole)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split, the weights and the batch order")
    add_json_flag(parser)


def _prepare(args: argparse.Namespace):
    from edulab.tracing.data import load_interactions
    from edulab.tracing.experiment import prepare_data, sample_students

    frame = sample_students(load_interactions(args.data), args.students, args.seed)
    return prepare_data(frame, max_length=args.max_length or None, random_state=args.seed)


def _train(args: argparse.Namespace) -> int:
    from edulab.tracing.experiment import train_dkt

    data = _prepare(args)
    run = train_dkt(
        data,
        cell=args.cell,
        units=args.units,
        dropout=args.dropout,
        epochs=args.epochs,
        batch_size=args.batch_size,
        patience=args.patience,
        checkpoint=args.checkpoint,
        random_state=args.seed,
        progress=not args.json,
    )
    result = {"data": args.data, **data.sizes(), **run.to_dict()}
    text = (
        f"{args.cell.upper()} {args.units} units, dropout {args.dropout}, on {args.data} "
        f"({result['train_students']} train / {result['validation_students']} validation / {result['test_students']} test students)\n"
        f"best epoch {run.fit.best_epoch} of {len(run.fit.history)} ({run.fit.seconds_per_epoch:.1f} s per epoch)\n"
        f"test AUC  {run.test.auc:.4f}\ntest RMSE {run.test.rmse:.4f}"
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
        random_state=args.seed,
        progress=not args.json,
    )
    text = (
        result.table.to_string(index=False, float_format=lambda v: f"{v:.4f}")
        + f"\n\nbest on validation: {result.best}; its test AUC {result.best_test_auc:.4f}"
    )
    emit(args, {"data": args.data, **data.sizes(), **result.to_dict()}, text)
    return 0


def register(subparsers) -> None:
    """Add ``dkt train`` and ``dkt grid`` to the ``edulab`` command line."""
    dkt = subparsers.add_parser("dkt", help="deep knowledge tracing (lecture 01): train a model or search a grid")
    actions = dkt.add_subparsers(dest="dkt_command", metavar="ACTION", required=True)

    train = actions.add_parser("train", help="train one DKT model and print its test AUC and RMSE")
    _common(train)
    train.add_argument("--cell", choices=("lstm", "gru", "rnn"), default="lstm", help="recurrent cell (default lstm)")
    train.add_argument("--units", type=int, default=16, help="recurrent units (default 16)")
    train.add_argument("--dropout", type=float, default=0.1, help="input dropout of the recurrent layer (default 0.1)")
    train.add_argument("--checkpoint", default=None, help="keep the best weights in this .weights.h5 file")
    train.set_defaults(func=_train)

    grid = actions.add_parser("grid", help="grid search on validation students, scores on test students")
    _common(grid)
    grid.add_argument("--cells", type=_comma_list(str), default=["lstm", "gru", "rnn"], help="comma-separated cells (default lstm,gru,rnn)")
    grid.add_argument("--units", type=_comma_list(int), default=[8, 16, 32, 64], help="comma-separated units (default 8,16,32,64)")
    grid.add_argument("--dropout", type=_comma_list(float), default=[0.0, 0.2], help="comma-separated dropout rates (default 0,0.2)")
    grid.add_argument("--n-jobs", type=int, default=1, help="parallel workers (default 1)")
    grid.set_defaults(func=_grid)
