"""Tracing: predict every week's quiz score, evaluated on held-out students.

Two kinds of inputs:

- ``"features"``: the week's behaviour features (min-max scaled on the training students), the
  seed lecture's setting; weeks without a quiz are masked in the inputs and in the targets;
- ``"history"``: the quiz history alone (last week's score and whether it was taken), for data
  without a feature file (the EPFL MOOC quizzes); the inputs are never masked, the targets are.

Either way the loss and the metric count only weeks with a quiz.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from edulab.mooc.data import WeeklyArrays
from edulab.mooc.tensors import MASK_VALUE, WeeklyMinMaxScaler, mask_weeks, quiz_history
from edulab.recurrent.splits import StudentSplit

INPUTS = ("features", "history", "both")


@dataclass
class TracingData:
    """Masked inputs ``x`` ``(students, weeks, k)`` and targets ``y`` ``(students, weeks, 1)`` per part."""

    x: dict[str, np.ndarray]
    y: dict[str, np.ndarray]
    inputs: str


def tracing_data(
    arrays: WeeklyArrays, split: StudentSplit, *, inputs: str = "auto", mask_value: float = MASK_VALUE
) -> TracingData:
    """Build the train / validation / test tensors for tracing.

    The scaler is fit on the observed weeks of the training students only; weeks without a quiz
    get ``mask_value`` in the targets (and in the feature inputs).
    """
    if arrays.scores is None:
        raise ValueError("tracing needs weekly quiz scores; this data set has none")
    if inputs == "auto":
        inputs = "features" if arrays.features is not None else "history"
    if inputs not in INPUTS:
        raise ValueError(f"inputs must be 'auto' or one of {INPUTS}, got {inputs!r}")
    if inputs != "history" and arrays.features is None:
        raise ValueError(f"inputs={inputs!r} needs weekly features; this data set has quizzes only")
    observed = arrays.observed
    parts = split.parts()
    channels = []
    if inputs in ("features", "both"):
        scaler = WeeklyMinMaxScaler().fit(arrays.features[split.train], observed[split.train])
        channels.append(mask_weeks(scaler.transform(arrays.features), observed, mask_value))
    if inputs in ("history", "both"):
        channels.append(quiz_history(arrays.scores, observed))
    x = np.concatenate(channels, axis=-1)
    y = mask_weeks(arrays.scores, observed, mask_value)
    return TracingData(
        x={name: x[index] for name, index in parts.items()},
        y={name: y[index] for name, index in parts.items()},
        inputs=inputs,
    )


def week_mean_rmse(data: TracingData, mask_value: float = MASK_VALUE) -> float:
    """Test RMSE of the naive forecast: each week's mean score on the training students."""
    from edulab.recurrent.masking import masked_rmse_numpy

    train = np.where(data.y["train"] == mask_value, np.nan, data.y["train"])
    means = np.nanmean(train, axis=0, keepdims=True)
    prediction = np.broadcast_to(means, data.y["test"].shape)
    return masked_rmse_numpy(data.y["test"], prediction, mask_value)


@dataclass
class TracingResult:
    """Masked RMSE of a tracing model on the test students, with the naive baseline and timing."""

    cell: str
    units: int
    dropout: float
    inputs: str
    masked_loss: bool
    test_rmse: float
    validation_rmse: float
    week_mean_rmse: float
    n_epochs: int
    best_epoch: int
    seconds_per_epoch: float
    history: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k != "history"}


def fit_tracing(
    data: TracingData,
    *,
    cell: str = "lstm",
    units: int = 32,
    dropout: float = 0.1,
    masked_loss: bool = True,
    epochs: int = 20,
    batch_size: int = 32,
    patience: int = 5,
    random_state: int = 0,
    progress: bool = True,
    mask_value: float = MASK_VALUE,
) -> tuple[TracingResult, object]:
    """Train a tracing network on ``data`` (best epoch on validation) and evaluate it on test.

    ``random_state`` seeds the weights and the batch order; ``progress`` shows a bar over epochs.
    Returns the result and the trained Keras model.
    """
    from edulab.recurrent.masking import masked_rmse_numpy
    from edulab.recurrent.training import fit, start_tensorflow

    start_tensorflow(random_state)
    from edulab.mooc.models import build_tracing_model

    model = build_tracing_model(
        data.x["train"].shape[-1], cell=cell, units=units, dropout=dropout, mask_value=mask_value,
        masked_loss=masked_loss,
    )  # fmt: skip
    report = fit(
        model,
        (data.x["train"], data.y["train"]),
        (data.x["validation"], data.y["validation"]),
        monitor="val_masked_rmse",
        mode="min",
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        random_state=random_state,
        progress=progress,
    )
    rmse = {
        part: masked_rmse_numpy(data.y[part], model.predict(data.x[part], verbose=0), mask_value)
        for part in ("validation", "test")
    }
    result = TracingResult(
        cell=cell,
        units=units,
        dropout=dropout,
        inputs=data.inputs,
        masked_loss=masked_loss,
        test_rmse=rmse["test"],
        validation_rmse=rmse["validation"],
        week_mean_rmse=week_mean_rmse(data, mask_value),
        n_epochs=report.n_epochs,
        best_epoch=report.best_epoch,
        seconds_per_epoch=report.seconds_per_epoch,
        history=report.history,
    )
    return result, model
