"""Figures of the lecture; each takes an optional ``ax`` and returns it."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def plot_quiz_participation(observed: np.ndarray, labels: np.ndarray, *, weeks=None, ax=None):
    """Share of students taking each week's quiz, for those who passed and those who failed."""
    ax = _axes(ax)
    weeks = np.arange(observed.shape[1]) if weeks is None else np.asarray(weeks)
    for value, name, style in ((0, "passed", "-o"), (1, "failed", "--s")):
        ax.plot(weeks, observed[labels == value].mean(axis=0) * 100, style, label=f"{name} ({(labels == value).sum()})")
    ax.set(title="Who takes the weekly quiz?", xlabel="week", ylabel="students taking the quiz (%)", ylim=(0, 105))
    ax.legend()
    return ax


def plot_history(history, metric: str, *, ax=None):
    """Training and validation curves of ``metric`` (e.g. ``"masked_rmse"`` or ``"auc"``) over epochs.

    ``history`` maps log names to one value per epoch (a ``FitResult.history`` table or a dict).
    """
    ax = _axes(ax)
    epochs = np.arange(1, len(history[metric]) + 1)
    ax.plot(epochs, history[metric], "-o", label="training")
    ax.plot(epochs, history[f"val_{metric}"], "-s", label="validation")
    ax.set(title=f"{metric} during training", xlabel="epoch", ylabel=metric)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend()
    return ax


def plot_tracing_predictions(y_true: np.ndarray, y_pred: np.ndarray, *, mask_value: float = -1.0, students=3, ax=None):
    """Observed and predicted quiz scores of the ``students`` learners with the most quizzes.

    Only weeks with a quiz are drawn: on a masked week the network skipped its input and has
    nothing to be compared with. A shaded band marks the possible range [0, 1] of a score.
    """
    ax = _axes(ax)
    # the possible range of a score; a linear output can leave it
    ax.axhspan(0.0, 1.0, color="grey", alpha=0.1, zorder=0)
    weeks = np.arange(y_true.shape[1])
    seen_all = y_true[..., 0] != mask_value
    for i in np.argsort(-seen_all.sum(axis=1), kind="stable")[:students]:
        seen = seen_all[i]
        line = ax.plot(weeks[seen], y_true[i, seen, 0], "o", label=f"learner {i}: quiz")[0]
        ax.plot(weeks[seen], y_pred[i, seen, 0], "x--", color=line.get_color(), label=f"learner {i}: predicted")
    ax.set(
        title="Weekly quiz score: observed and traced (test learners)", xlabel="week", ylabel="share of correct answers"
    )
    ax.set_xticks(weeks)
    ax.legend(fontsize="small", ncol=2)
    return ax


def plot_how_early(curve: pd.DataFrame, metric: str = "test_auc", *, ax=None):
    """The how-early curve: ``metric`` on the test students against the number of weeks seen."""
    ax = _axes(ax)
    styles = {"network": "-o", "logistic": "--s", "majority": ":", "ceiling": "-."}
    for kind, rows in curve.groupby("kind", sort=False):
        ax.plot(rows["n_weeks"], rows[metric], styles.get(kind, "-"), label=rows["model"].iloc[0])
    label = {"test_auc": "test AUC", "test_balanced_accuracy": "test balanced accuracy"}.get(metric, metric)
    ax.set(title="How early can we tell?", xlabel="weeks seen (n)", ylabel=label)
    ax.set_xticks(sorted(curve["n_weeks"].unique()))
    ax.legend(fontsize="small")
    return ax
