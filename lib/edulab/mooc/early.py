"""Early prediction: pass or fail from the first ``n`` weeks only.

A recurrent network reads weeks ``0 .. n-1`` of each student and outputs the probability of
failing. The decision threshold is chosen on the validation students (the one that maximises
balanced accuracy), not fixed at 0.5: with three failing students in four a network's
probabilities sit far from 0.5 and a fixed threshold would call everyone "fail".

Inputs per week: the behaviour features (min-max scaled on the training students) when the
data set has them, and the week's quiz as two channels (score, taken) when it has quizzes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from edulab.mooc.data import WeeklyArrays
from edulab.mooc.tensors import WeeklyMinMaxScaler, quiz_channels
from edulab.recurrent.splits import StudentSplit


@dataclass
class EarlyData:
    """Inputs ``x`` ``(students, n_weeks, k)`` and labels ``y`` ``(students,)`` (1 = failed) per part."""

    x: dict[str, np.ndarray]
    y: dict[str, np.ndarray]
    n_weeks: int
    pass_probability: dict[str, np.ndarray] | None = None


def early_data(arrays: WeeklyArrays, split: StudentSplit, n_weeks: int) -> EarlyData:
    """Cut every student's weeks to the first ``n_weeks`` and build the three parts.

    Nothing from week ``n_weeks`` on is read, and the scaler sees the training students only.
    """
    total = len(arrays.weeks)
    if not 1 <= n_weeks <= total:
        raise ValueError(f"n_weeks must lie in 1..{total}, got {n_weeks}")
    channels = []
    if arrays.features is not None:
        first = arrays.features[:, :n_weeks]
        channels.append(WeeklyMinMaxScaler().fit(first[split.train]).transform(first))
    if arrays.scores is not None:
        channels.append(quiz_channels(arrays.scores[:, :n_weeks], arrays.observed[:, :n_weeks]))
    x = np.concatenate(channels, axis=-1)
    parts = split.parts()
    truth = None
    if arrays.pass_probability is not None:
        truth = {name: arrays.pass_probability[index] for name, index in parts.items()}
    return EarlyData(
        x={name: x[index] for name, index in parts.items()},
        y={name: arrays.labels[index] for name, index in parts.items()},
        n_weeks=n_weeks,
        pass_probability=truth,
    )


def choose_threshold(y_true: np.ndarray, probability: np.ndarray) -> float:
    """The threshold on ``probability`` that maximises balanced accuracy on (validation) labels.

    Candidates are the midpoints between consecutive distinct probabilities (and the two ends);
    a student is predicted positive when ``probability >= threshold``. Ties go to the threshold
    closest to 0.5.
    """
    y_true = np.asarray(y_true).astype(int).ravel()
    probability = np.asarray(probability, dtype=np.float64).ravel()
    if y_true.shape != probability.shape:
        raise ValueError(f"{y_true.shape[0]} labels but {probability.shape[0]} probabilities")
    if len(np.unique(y_true)) < 2:
        raise ValueError("choosing a threshold needs both classes among the labels")
    values = np.unique(probability)
    candidates = np.concatenate([[values[0]], (values[:-1] + values[1:]) / 2, [np.nextafter(values[-1], np.inf)]])
    predicted = probability[None, :] >= candidates[:, None]
    positives, negatives = y_true == 1, y_true == 0
    recall = (predicted & positives).sum(1) / positives.sum()
    specificity = (~predicted & negatives).sum(1) / negatives.sum()
    balanced = (recall + specificity) / 2
    best = np.flatnonzero(np.isclose(balanced, balanced.max()))
    return float(candidates[best[np.argmin(np.abs(candidates[best] - 0.5))]])


def binary_scores(y_true: np.ndarray, probability: np.ndarray, threshold: float) -> dict[str, float]:
    """Balanced accuracy (at ``threshold``) and AUC (threshold-free) of fail probabilities."""
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    y_true = np.asarray(y_true).astype(int).ravel()
    probability = np.asarray(probability, dtype=np.float64).ravel()
    return {
        "balanced_accuracy": float(balanced_accuracy_score(y_true, probability >= threshold)),
        "auc": float(roc_auc_score(y_true, probability)) if len(np.unique(y_true)) == 2 else float("nan"),
    }


@dataclass
class EarlyResult:
    """Scores of one early predictor: threshold chosen on validation, figures on test."""

    model: str
    n_weeks: int
    threshold: float
    validation_auc: float
    validation_balanced_accuracy: float
    test_auc: float
    test_balanced_accuracy: float
    n_epochs: int = 0
    seconds_per_epoch: float = float("nan")

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def score_predictor(
    name: str,
    data: EarlyData,
    validation_probability: np.ndarray,
    test_probability: np.ndarray,
    *,
    threshold: float | None = None,
    **extra,
) -> EarlyResult:
    """Choose the threshold on validation (unless given), then score validation and test."""
    if threshold is None:
        threshold = choose_threshold(data.y["validation"], validation_probability)
    validation = binary_scores(data.y["validation"], validation_probability, threshold)
    test = binary_scores(data.y["test"], test_probability, threshold)
    return EarlyResult(
        model=name,
        n_weeks=data.n_weeks,
        threshold=threshold,
        validation_auc=validation["auc"],
        validation_balanced_accuracy=validation["balanced_accuracy"],
        test_auc=test["auc"],
        test_balanced_accuracy=test["balanced_accuracy"],
        **extra,
    )


def fit_early(
    data: EarlyData,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    epochs: int = 20,
    batch_size: int = 32,
    patience: int = 5,
    random_state: int = 0,
    progress: bool = True,
) -> tuple[EarlyResult, object]:
    """Train an early-prediction network (best epoch on validation AUC) and score it.

    ``random_state`` seeds the weights and the batch order; ``progress`` shows a bar over epochs.
    Returns the result and the trained Keras model.
    """
    from edulab.recurrent.training import fit, start_tensorflow

    start_tensorflow(random_state)
    from edulab.mooc.models import build_early_model

    model = build_early_model(data.x["train"].shape[-1], cell=cell, units=units, dropout=dropout)
    as_column = lambda y: y.reshape(-1, 1).astype(np.float32)  # noqa: E731
    report = fit(
        model,
        (data.x["train"], as_column(data.y["train"])),
        (data.x["validation"], as_column(data.y["validation"])),
        monitor="val_auc",
        mode="max",
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        random_state=random_state,
        progress=progress,
    )
    predict = lambda part: model.predict(data.x[part], verbose=0).ravel()  # noqa: E731
    result = score_predictor(
        f"{cell.upper()} {units} units, dropout {dropout:g}",
        data,
        predict("validation"),
        predict("test"),
        n_epochs=report.n_epochs,
        seconds_per_epoch=report.seconds_per_epoch,
    )
    return result, model
