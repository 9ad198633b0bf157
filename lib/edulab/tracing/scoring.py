"""Scores of next-answer probabilities: exact ROC AUC and RMSE (no TensorFlow needed)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score


@dataclass
class Scores:
    """Exact ROC AUC and RMSE of next-answer probabilities, and how many targets were scored."""

    auc: float
    rmse: float
    n_targets: int

    def to_dict(self) -> dict:
        return {"auc": self.auc, "rmse": self.rmse, "n_targets": self.n_targets}


def score(correct: np.ndarray, probability: np.ndarray) -> Scores:
    """AUC (scikit-learn, exact) and RMSE of ``probability`` against 0/1 ``correct``."""
    correct = np.asarray(correct, dtype=float)
    probability = np.asarray(probability, dtype=float)
    if correct.shape != probability.shape or correct.ndim != 1:
        raise ValueError(f"correct {correct.shape} and probability {probability.shape} must be 1-D and equally long")
    rmse = float(np.sqrt(np.mean((correct - probability) ** 2)))
    return Scores(float(roc_auc_score(correct, probability)), rmse, len(correct))
