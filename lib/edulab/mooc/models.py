"""The two recurrent networks of the lecture, one per setting.

- *Tracing*: a prediction at every week. ``Masking -> LSTM/GRU (return_sequences) -> Dense(1)``
  with a linear output (a quiz score, regression), trained with the masked MSE of
  :mod:`edulab.recurrent.masking` (the mask read from the targets). A ``Dense`` layer on a 3-D tensor already acts on every week, so no
  ``TimeDistributed`` wrapper is needed (Keras 3.14.1 to 3.15.1 break it).
- *Early prediction*: one prediction at the end of the first ``n`` weeks.
  ``Masking -> LSTM/GRU -> Dense(1, sigmoid)``, binary cross-entropy, probability of failing.

References
----------
S. Hochreiter, J. Schmidhuber (1997). Long short-term memory. Neural Computation 9(8).
K. Cho et al. (2014). Learning phrase representations using RNN encoder-decoder for statistical
machine translation. EMNLP 2014 (the GRU).
"""

from __future__ import annotations

import keras
from keras import layers

from edulab.mooc.grid import CELLS
from edulab.recurrent import MASK_VALUE
from edulab.recurrent.layers import masked_recurrent
from edulab.recurrent.masking import MaskedLoss, MaskedRMSE, unmasked_mse


def build_tracing_model(
    n_features: int,
    *,
    cell: str = "lstm",
    units: int = 32,
    dropout: float = 0.1,
    mask_value: float = MASK_VALUE,
    masked_loss: bool = True,
    learning_rate: float = 1e-3,
) -> keras.Model:
    """A network that predicts each week's quiz score, compiled.

    Parameters
    ----------
    n_features
        Inputs per week.
    cell
        ``"lstm"`` or ``"gru"``.
    units
        Recurrent units.
    dropout
        Dropout on the recurrent layer's inputs.
    mask_value
        Weeks whose inputs all equal it are skipped; targets equal to it do not count.
    masked_loss
        ``False`` trains with the unmasked MSE (the pitfall, for comparison); the masked RMSE
        metric is reported either way.
    learning_rate
        Adam's step size.
    """
    inputs, hidden = masked_recurrent(
        n_features, cell, units, dropout, return_sequences=True, mask_value=mask_value, cells=CELLS, name="weeks"
    )
    outputs = layers.Dense(1, activation="linear", name="quiz_score")(hidden)
    model = keras.Model(inputs, outputs, name=f"tracing_{cell}")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=MaskedLoss("mse", "value", mask_value) if masked_loss else unmasked_mse,
        metrics=[MaskedRMSE("value", mask_value)],
    )
    return model


def build_early_model(
    n_features: int,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    mask_value: float = MASK_VALUE,
    learning_rate: float = 1e-3,
) -> keras.Model:
    """A network that reads the first weeks and outputs the probability of failing, compiled.

    Same parameters as :func:`build_tracing_model`; the recurrent layer returns its last state
    only and a single sigmoid unit follows.
    """
    inputs, hidden = masked_recurrent(
        n_features, cell, units, dropout, return_sequences=False, mask_value=mask_value, cells=CELLS, name="weeks"
    )
    outputs = layers.Dense(1, activation="sigmoid", name="fail_probability")(hidden)
    model = keras.Model(inputs, outputs, name=f"early_{cell}")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="binary_crossentropy",
        metrics=[keras.metrics.AUC(name="auc")],
    )
    return model
