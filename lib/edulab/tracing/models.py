"""Model factories: DKT over padded one-hot sequences, and the sliding-window embedding model.

Both end in a ``Dense`` layer with one sigmoid output per skill applied to the 3-D recurrent
output: a ``Dense`` on (batch, T, units) already acts on each time step, so no
``TimeDistributed`` wrapper is needed (Keras 3.14.1 to 3.15.1 break that wrapper when T is
unknown). Both are compiled with the masked loss and metrics of :mod:`edulab.recurrent.masking`,
whose ``next_answer`` layout scores the probability of the skill practised next.

References
----------
Piech, C. et al. (2015). Deep knowledge tracing. NeurIPS 28 (the model, section 3.1).
Hochreiter, S., Schmidhuber, J. (1997). Long short-term memory. Neural Computation 9(8).
Cho, K. et al. (2014). Learning phrase representations using RNN encoder-decoder for statistical
machine translation. EMNLP (the GRU).
"""

from __future__ import annotations

import keras

from edulab.recurrent import MASK_VALUE
from edulab.recurrent.layers import masked_recurrent, recurrent_layer
from edulab.recurrent.masking import MaskedAUC, MaskedLoss, MaskedRMSE


def compile_dkt(model: keras.Model, learning_rate: float = 1e-2, mask_value: float = MASK_VALUE) -> keras.Model:
    """Compile ``model`` with Adam, the masked cross-entropy, and masked AUC and RMSE."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=MaskedLoss("binary_crossentropy", "next_answer", mask_value),
        metrics=[MaskedAUC("next_answer", mask_value, name="auc"), MaskedRMSE("next_answer", mask_value, name="rmse")],
    )
    return model


def build_dkt_model(
    n_skills: int,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    mask_value: float = MASK_VALUE,
    learning_rate: float = 1e-2,
) -> keras.Model:
    """The DKT network: Masking, one recurrent layer, a per-step sigmoid over the skills.

    Parameters
    ----------
    n_skills
        Number of skills K; the input has 2K one-hot features, the output K probabilities.
    cell
        ``"lstm"``, ``"gru"`` or ``"rnn"`` (SimpleRNN).
    units
        Size of the recurrent state.
    dropout
        Dropout on the recurrent layer's inputs.
    mask_value
        Steps whose features all equal it are padding: the recurrent layer skips them.
    learning_rate
        Adam's step size. 0.01 rather than Keras's 0.001: an epoch of a course-sized data set
        is only tens of batches, and on ASSISTments 2009 (sequences chunked to 100 steps) the
        validation AUC after 4 epochs was 0.791 with 0.01 against 0.736 with 0.001.

    Returns
    -------
    keras.Model
        Compiled; input ``(batch, T, 2K)``, output ``(batch, T, K)``.
    """
    if n_skills < 1:
        raise ValueError(f"n_skills={n_skills!r}: expected a positive integer")
    inputs, hidden = masked_recurrent(2 * n_skills, cell, units, dropout, return_sequences=True, mask_value=mask_value)
    outputs = keras.layers.Dense(n_skills, activation="sigmoid", name="mastery")(hidden)
    model = keras.Model(inputs, outputs, name=f"dkt_{cell}_{units}")
    return compile_dkt(model, learning_rate, mask_value)


def build_window_model(
    n_skills: int,
    window: int,
    *,
    cell: str = "lstm",
    units: int = 32,
    embedding_dim: int = 32,
    dropout: float = 0.1,
    mask_value: float = MASK_VALUE,
    learning_rate: float = 1e-2,
) -> keras.Model:
    """The sliding-window model: embeddings of skill, correctness and position, summed.

    The inputs are integer tensors of shape (batch, window): ``skill`` (code + 1; 0 is padding),
    ``correct`` (0/1) and ``position`` (0..window-1). The skill embedding's zero mask tells
    the recurrent layer which steps are padding. The output is, as in DKT, a probability per
    skill at each step, trained with the same masked loss on next-step targets.

    Parameters
    ----------
    n_skills
        Number of skills K.
    window
        Length of every window (the positions embedded).
    cell, units, dropout, mask_value, learning_rate
        As in :func:`build_dkt_model`.
    embedding_dim
        Size of each embedding.
    """
    recurrent = recurrent_layer(cell, units, dropout, return_sequences=True)
    if window < 1:
        raise ValueError(f"window={window!r}: expected a positive integer")
    skill = keras.Input(shape=(window,), dtype="int32", name="skill")
    correct = keras.Input(shape=(window,), dtype="int32", name="correct")
    position = keras.Input(shape=(window,), dtype="int32", name="position")
    embedded = keras.layers.Add(name="interaction")(
        [
            keras.layers.Embedding(n_skills + 1, embedding_dim, mask_zero=True, name="skill_embedding")(skill),
            keras.layers.Embedding(2, embedding_dim, name="correct_embedding")(correct),
            keras.layers.Embedding(window, embedding_dim, name="position_embedding")(position),
        ]
    )
    hidden = recurrent(embedded)
    outputs = keras.layers.Dense(n_skills, activation="sigmoid", name="mastery")(hidden)
    model = keras.Model(
        {"skill": skill, "correct": correct, "position": position}, outputs, name=f"window_{cell}_{units}"
    )
    return compile_dkt(model, learning_rate, mask_value)
