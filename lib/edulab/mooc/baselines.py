"""What an early predictor must beat, and what no predictor can beat.

- the majority class: always the most frequent label (AUC 0.5, balanced accuracy 0.5);
- logistic regression on the inputs of the first ``n`` weeks averaged per student;
- the ceiling (simulated data only): the simulator's true pass probability itself.

All three choose their threshold on the validation students, like the networks.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from edulab.mooc.early import EarlyData, EarlyResult, score_predictor


def aggregate_weeks(x: np.ndarray) -> np.ndarray:
    """Per student, the mean and the last value of every input over the weeks: ``(students, 2k)``."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"expected (students, weeks, features), got shape {x.shape}")
    return np.concatenate([x.mean(axis=1), x[:, -1]], axis=1)


def majority_baseline(data: EarlyData) -> EarlyResult:
    """Predict the training majority class for everyone (a constant probability)."""
    rate = float(np.mean(data.y["train"]))
    constant = lambda part: np.full(len(data.y[part]), rate)  # noqa: E731
    everyone = 0.0 if rate >= 0.5 else np.inf  # the threshold that gives everyone the majority label
    return score_predictor("majority class", data, constant("validation"), constant("test"), threshold=everyone)


def logistic_baseline(data: EarlyData, *, C: float = 1.0, random_state: int = 0) -> EarlyResult:
    """Logistic regression on :func:`aggregate_weeks` of the first ``n`` weeks (standardised)."""
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000, random_state=random_state))
    model.fit(aggregate_weeks(data.x["train"]), data.y["train"])
    predict = lambda part: model.predict_proba(aggregate_weeks(data.x[part]))[:, 1]  # noqa: E731
    return score_predictor("logistic regression", data, predict("validation"), predict("test"))


def ceiling(data: EarlyData) -> EarlyResult:
    """Score the simulator's true fail probability ``1 - pass_probability`` (simulated data only)."""
    if data.pass_probability is None:
        raise ValueError("the ceiling needs the true pass probability, which only simulated data have")
    truth = lambda part: 1.0 - data.pass_probability[part]  # noqa: E731
    return score_predictor("ceiling (true probability)", data, truth("validation"), truth("test"))
