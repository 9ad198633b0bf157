"""Deep knowledge tracing as an estimator, beside :class:`~edulab.tracing.bkt.BKT` and the baselines.

``DKT(cell="gru", units=32).fit(frame).predict_proba(frame)`` takes the same interaction tables
as BKT and PFA, so :func:`edulab.tracing.baselines.score_baselines` compares them directly. Under
the hood: encode (shift, chunk), the DKT network of :func:`edulab.tracing.models.build_dkt_model`,
the shared :func:`edulab.recurrent.training.fit` with early stopping on the validation students'
AUC. TensorFlow is imported by ``fit``, not by importing this module.

References
----------
Piech, C. et al. (2015). Deep knowledge tracing. NeurIPS 28.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pandas as pd

from edulab.recurrent.splits import hold_out
from edulab.tracing.interactions import SkillIndex
from edulab.tracing.sequences import Sequences, encode


class DKT:
    """A recurrent network that predicts each answer from the student's earlier answers.

    Parameters
    ----------
    cell
        ``"lstm"``, ``"gru"`` or ``"rnn"`` (SimpleRNN).
    units
        Size of the recurrent state.
    dropout
        Dropout on the recurrent layer's inputs.
    learning_rate
        Adam's step size.
    epochs, batch_size, patience
        Training: at most ``epochs`` epochs of ``batch_size`` sequences, stopped after ``patience``
        epochs without a better validation AUC; the best epoch's weights are kept.
    max_length
        Cut longer sequences into chunks of this many steps (None keeps them whole).
    validation_size
        Share of the students of ``fit``'s table held out to choose the epoch, when no
        validation table is given.
    checkpoint
        Keep the best weights in this ``.weights.h5`` file (a temporary one when None).
    random_state
        Seeds the validation students, the weights and the batch order.
    progress
        Show a progress bar over epochs.

    Attributes
    ----------
    model_ : keras.Model
        The trained network.
    skill_index_ : SkillIndex
        The skill codes it was trained with.
    fit_result_ : edulab.recurrent.training.FitResult
        Its training record (history, best epoch, validation AUC, seconds).
    """

    def __init__(
        self,
        cell: str = "lstm",
        units: int = 16,
        dropout: float = 0.1,
        learning_rate: float = 1e-2,
        epochs: int = 10,
        batch_size: int = 32,
        patience: int = 3,
        max_length: int | None = 100,
        validation_size: float = 0.2,
        checkpoint: str | Path | None = None,
        random_state: int = 0,
        progress: bool = True,
    ):
        self.cell = cell
        self.units = units
        self.dropout = dropout
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.patience = patience
        self.max_length = max_length
        self.validation_size = validation_size
        self.checkpoint = checkpoint
        self.random_state = random_state
        self.progress = progress

    # get_params and set_params are scikit-learn's protocol, written here rather than inherited from
    # its BaseEstimator so that the command line reads DKT's defaults without importing scikit-learn.
    def get_params(self, deep: bool = True) -> dict:
        """The constructor's parameters by name (what ``sklearn.base.clone`` copies)."""
        return {name: getattr(self, name) for name in inspect.signature(type(self)).parameters}

    def set_params(self, **params) -> DKT:
        """Change constructor parameters (as scikit-learn's ``set_params``)."""
        known = inspect.signature(type(self)).parameters
        for name, value in params.items():
            if name not in known:
                raise ValueError(
                    f"{name}={value!r}: {type(self).__name__} has no such parameter; expected one of {list(known)}"
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = inspect.signature(type(self)).parameters
        changed = {k: v for k, v in self.get_params().items() if v != defaults[k].default}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    def fit(
        self, frame: pd.DataFrame, skill_index: SkillIndex | None = None, *, validation: pd.DataFrame | None = None
    ) -> DKT:
        """Train on the students of ``frame``; early stopping on ``validation``'s students.

        Parameters
        ----------
        frame
            Interactions (sorted by student and time, or they are sorted).
        skill_index
            The data set's skill codes; built from the tables when None.
        validation
            The students that choose the epoch. When None, ``validation_size`` of ``frame``'s
            students are held out for it (and not trained on).
        """
        self._learn_codes(frame)
        if validation is None:
            users = np.unique(frame["user_id"])
            kept, held = hold_out(len(users), self.validation_size, random_state=self.random_state)
            frame, validation = (frame[frame["user_id"].isin(users[part])] for part in (kept, held))
        skill_index = skill_index or SkillIndex.from_frame(pd.concat([frame, validation]))
        return self.fit_sequences(self._encode(frame, skill_index), self._encode(validation, skill_index))

    def fit_sequences(self, train: Sequences, validation: Sequences) -> DKT:
        """Train on encoded sequences (the grid search encodes once for every configuration)."""
        from edulab.recurrent.training import fit, start_tensorflow

        self._take_codes(train, validation)
        start_tensorflow(self.random_state)
        self.model_ = self._build_model(train)
        self.fit_result_ = fit(
            self.model_,
            train,
            validation,
            monitor="val_auc",
            mode="max",
            epochs=self.epochs,
            batch_size=self.batch_size,
            patience=self.patience,
            feed=self._feed(),
            checkpoint=self.checkpoint,
            random_state=self.random_state,
            progress=self.progress,
        )
        return self

    # What a variant of DKT (edulab.tracing.difficulty) changes: the codes it learns from the
    # training table, how a table is encoded, the inputs a batch carries and the network.
    def _learn_codes(self, frame: pd.DataFrame) -> None:
        """Codes learned from the training table besides the skills' (plain DKT has none)."""

    def _encode(self, frame: pd.DataFrame, skill_index: SkillIndex) -> Sequences:
        return encode(frame, skill_index, self.max_length)

    def _take_codes(self, train: Sequences, validation: Sequences) -> None:
        """Keep the codes ``train`` was encoded with (refusing sequences this model cannot train on)."""
        self.skill_index_ = train.skill_index

    def _feed(self):
        from edulab.tracing.training import BatchFeed

        return BatchFeed

    def _build_model(self, train: Sequences):
        from edulab.tracing.models import build_dkt_model

        return build_dkt_model(
            train.n_skills, cell=self.cell, units=self.units, dropout=self.dropout, learning_rate=self.learning_rate
        )

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(frame) first")

    def encode(self, frame: pd.DataFrame) -> Sequences:
        """``frame`` as sequences with this model's codes."""
        self._check_fitted()
        return self._encode(frame, self.skill_index_)

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of a right answer for each row, given the student's earlier answers.

        One number per row, not scikit-learn's ``(n, 2)``: a row is one answer and the kit's
        tracers (:class:`~edulab.tracing.bkt.BKT`, the baselines) all return the probability of
        the positive outcome, which is what AUC and RMSE take. The first answer of each student
        follows no answer DKT could read: it is NaN (the baselines score every answer but those).
        """
        self._check_fitted()
        rows = frame.reset_index(drop=True)
        sequences = self.encode(rows)
        predictions = self.predict_sequences(sequences)
        probability = np.full(len(rows), np.nan)
        probability[sequences.rows[predictions.pair]] = predictions.probability
        return probability

    def predict_sequences(self, sequences: Sequences):
        """One probability per target of ``sequences`` (:class:`~edulab.tracing.training.Predictions`)."""
        self._check_fitted()
        from edulab.tracing.training import predict

        return predict(self.model_, sequences, feed=self._feed())

    def score_sequences(self, sequences: Sequences):
        """Exact AUC and RMSE on every target of ``sequences`` (:class:`~edulab.tracing.scoring.Scores`)."""
        return self.predict_sequences(sequences).scores()
