"""Fitting a Keras model with early stopping on validation and timing its epochs."""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from edulab.recurrent import EpochClock


@dataclass
class FitReport:
    """What a fit did: epochs run, the best epoch (1-based) on validation, and the median seconds
    of an epoch after the first (the first one also builds the TensorFlow graph)."""

    epochs: int
    best_epoch: int
    seconds_per_epoch: float
    history: dict[str, list[float]]


def fit_with_early_stopping(
    model,
    train: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    *,
    monitor: str,
    mode: str,
    epochs: int,
    batch_size: int = 32,
    patience: int = 5,
    verbose: int = 0,
) -> FitReport:
    """Fit ``model``; keep the weights of the best validation epoch (no checkpoint file needed).

    ``monitor`` is a Keras log key such as ``"val_masked_rmse"`` or ``"val_auc"``; ``mode`` is
    ``"min"`` or ``"max"``.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    stopper = keras.callbacks.EarlyStopping(
        monitor=monitor, mode=mode, patience=patience, restore_best_weights=True
    )
    clock = EpochClock()
    history = model.fit(
        *train,
        validation_data=validation,
        epochs=epochs,
        batch_size=batch_size,
        callbacks=[stopper, clock],
        verbose=verbose,
        shuffle=True,
    )
    run = len(history.history["loss"])
    scores = np.asarray(history.history[monitor])
    best = int(np.argmin(scores) if mode == "min" else np.argmax(scores)) + 1
    return FitReport(epochs=run, best_epoch=best, seconds_per_epoch=clock.typical(), history=history.history)
