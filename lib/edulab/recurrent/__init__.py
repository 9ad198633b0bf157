"""The sequence-model layer shared by lectures 01 (knowledge tracing) and 02 (MOOC).

Both topics read padded, masked sequences of students with a recurrent network. What they share
lives here, once:

- :mod:`~edulab.recurrent.layers`: the recurrent cells, the masked recurrent stem every model
  starts with, and the epoch clock (Keras);
- :mod:`~edulab.recurrent.masking`: masked targets, loss and metrics (Keras), and their NumPy twins;
- :mod:`~edulab.recurrent.splits`: the student-level split, :class:`StudentSplit`;
- :mod:`~edulab.recurrent.training`: :func:`fit`, with early stopping on validation,
  a progress bar and ``random_state`` (Keras);
- :mod:`~edulab.recurrent.grid`: expanding a grid, running it on joblib, :class:`GridResult`.

What differs (the encodings, the models, the scores a lecture reports) stays in the topics:
:mod:`edulab.tracing` and :mod:`edulab.mooc` import from here, never from each other.
Importing this package is light; the Keras modules load when one of their names is used.
"""

from __future__ import annotations

import importlib

#: Value of every input feature and target entry at a padded or masked step (never a real value).
MASK_VALUE = -1.0

#: The recurrent cells the kit offers (``"rnn"`` is Keras's SimpleRNN); :data:`layers.CELLS` maps them.
CELL_NAMES = ("lstm", "gru", "rnn")


def check_layer_params(cell: str, units: int, dropout: float, cells=CELL_NAMES) -> None:
    """Refuse a recurrent layer's settings before anything is built or trained.

    ``cell`` must be one of ``cells``, ``units`` a positive integer, ``dropout`` a fraction in
    [0, 1). Raises :class:`edulab.errors.InputError` (a ``ValueError``) naming the bad value.
    """
    import numbers

    from edulab.errors import InputError

    if cell not in cells:
        raise InputError(f"cell={cell!r}: expected one of {sorted(cells)}")
    if isinstance(units, bool) or not isinstance(units, numbers.Integral) or units < 1:
        raise InputError(f"units={units!r}: expected a positive integer")
    if isinstance(dropout, bool) or not isinstance(dropout, numbers.Real) or not 0.0 <= dropout < 1.0:
        raise InputError(f"dropout={dropout!r}: expected a fraction in [0, 1)")


_LAZY = {
    "CELLS": "layers",
    "EpochClock": "layers",
    "recurrent_layer": "layers",
    "masked_recurrent": "layers",
    "MaskedAUC": "masking",
    "MaskedLoss": "masking",
    "MaskedRMSE": "masking",
    "ArrayFeed": "training",
    "FitResult": "training",
    "fit": "training",
    "StudentSplit": "splits",
    "split_students": "splits",
    "hold_out": "splits",
    "GridResult": "grid",
    "expand_grid": "grid",
    "run_grid": "grid",
}

__all__ = ["CELL_NAMES", "MASK_VALUE", "check_layer_params", "lazy_names", *_LAZY]


def lazy_names(package: str, names: dict[str, str]):
    """A module ``__getattr__`` that imports ``names[name]`` (a submodule of ``package``) on first use.

    The sequence packages list their public names without importing Keras or scikit-learn until
    a name is used (the command line imports the packages to register its subcommands).
    """

    def __getattr__(name: str):
        if name in names:
            return getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


__getattr__ = lazy_names(__name__, _LAZY)
