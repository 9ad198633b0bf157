"""Recurrent layers shared by the sequence lectures (01 knowledge tracing, 02 MOOC).

One place for the cells the kit offers, the validation of their arguments, and the timing of
training epochs. The models themselves stay in their topics (:mod:`edulab.tracing.models`,
:mod:`edulab.mooc.models`): their inputs, outputs and losses differ.

References
----------
Hochreiter, S., Schmidhuber, J. (1997). Long short-term memory. Neural Computation 9(8).
Cho, K. et al. (2014). Learning phrase representations using RNN encoder-decoder for statistical
machine translation. EMNLP (the GRU).
"""

from __future__ import annotations

import time

import keras
import numpy as np

from edulab.recurrent import CELL_NAMES, MASK_VALUE, check_layer_params

#: The recurrent cells, by the names the factories and the command line accept.
CELLS = dict(zip(CELL_NAMES, (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN)))


def recurrent_layer(
    cell: str, units: int, dropout: float, *, return_sequences: bool, cells=tuple(CELLS)
) -> keras.layers.Layer:
    """A recurrent layer named after its cell, after checking the arguments.

    Parameters
    ----------
    cell
        One of ``cells`` (by default every key of :data:`CELLS`).
    units
        Size of the recurrent state, a positive integer.
    dropout
        Dropout on the layer's inputs, in [0, 1).
    return_sequences
        Return the state at every step (a prediction per step) or only the last one.
    cells
        The cells a caller allows.
    """
    check_layer_params(cell, units, dropout, cells)
    return CELLS[cell](int(units), return_sequences=return_sequences, dropout=dropout, name=cell)


def masked_recurrent(
    n_features: int,
    cell: str,
    units: int,
    dropout: float,
    *,
    return_sequences: bool,
    mask_value: float = MASK_VALUE,
    cells=tuple(CELLS),
    name: str = "inputs",
):
    """``Input (batch, T, n_features) -> Masking -> recurrent layer``, the stem of every sequence model.

    Steps whose features all equal ``mask_value`` are padding: the recurrent layer skips them.
    Returns the input tensor and the recurrent layer's output (every step, or the last one).
    The other arguments are those of :func:`recurrent_layer`.
    """
    recurrent = recurrent_layer(cell, units, dropout, return_sequences=return_sequences, cells=cells)
    if isinstance(n_features, bool) or not isinstance(n_features, (int, np.integer)) or n_features < 1:
        raise ValueError(f"n_features={n_features!r}: expected a positive integer")
    inputs = keras.Input(shape=(None, int(n_features)), name=name)
    hidden = keras.layers.Masking(mask_value=mask_value, name="padding")(inputs)
    return inputs, recurrent(hidden)


class EpochClock(keras.callbacks.Callback):
    """Records the wall time of every epoch (training and validation together)."""

    def __init__(self):
        super().__init__()
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._started)

    def typical(self) -> float:
        """Median seconds of an epoch after the first (the first one also builds the graph)."""
        later = self.seconds[1:] or self.seconds
        return float(np.median(later)) if later else float("nan")
