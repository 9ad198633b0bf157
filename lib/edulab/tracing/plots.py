"""Figures of the lecture: ROC curves, training curves, per-step predictions, mastery heatmaps.

Every function draws on the ``ax`` it is given (a new figure when None) and returns it.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from sklearn.metrics import roc_auc_score
from sklearn.metrics import roc_curve as _roc_points

#: The longest sequence :func:`prediction_squares` writes skill names under (they overlap beyond).
MAX_LABELLED_STEPS = 30
#: Where AUC bars start: chance. A bar's length is what a model adds to guessing.
CHANCE_AUC = 0.5


def _axes(ax, size=(6, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def roc_curve(correct: np.ndarray, probability: np.ndarray, label: str = "model", ax=None):
    """ROC curve of next-answer probabilities, with the AUC in the legend and the chance line."""
    ax = _axes(ax, (5, 5))
    false_positive, true_positive, _ = _roc_points(correct, probability)
    ax.plot(false_positive, true_positive, lw=2, label=f"{label} (AUC {roc_auc_score(correct, probability):.3f})")
    chance = "chance (AUC 0.5)"
    if chance not in [line.get_label() for line in ax.get_lines()]:  # one legend entry per line
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label=chance)
    ax.set(
        xlabel="false positive rate (wrong answers predicted right)",
        ylabel="true positive rate (right answers predicted right)",
        title="ROC curve on the test students",
        xlim=(0, 1),
        ylim=(0, 1),
    )
    ax.legend(loc="lower right")
    return ax


def training_curves(history: pd.DataFrame, metric: str = "auc", ax=None):
    """A metric per epoch on the training and the validation students (from ``FitResult.history``)."""
    if metric not in history or f"val_{metric}" not in history:
        raise ValueError(f"metric={metric!r}: the history has {list(history.columns)}")
    ax = _axes(ax)
    epochs = np.arange(1, len(history) + 1)
    ax.plot(epochs, history[metric], marker="o", label="training")
    ax.plot(epochs, history[f"val_{metric}"], marker="o", label="validation")
    best = int(np.argmax(history["val_auc"].to_numpy())) + 1 if "val_auc" in history else None
    if best is not None:
        ax.axvline(best, color="grey", ls=":", label=f"best validation AUC (epoch {best})")
    ax.set(xlabel="epoch", ylabel=metric, title=f"Training curve: {metric}")
    ax.set_xticks(epochs)
    ax.legend()
    return ax


def prediction_squares(correct: np.ndarray, probability: np.ndarray, skills: Sequence[str] | None = None, ax=None):
    """One student's answers step by step: predicted probability above, actual answer below.

    Parameters
    ----------
    correct
        The student's actual next answers (0/1).
    probability
        The model's predicted probability of a right answer before each of them.
    skills
        Skill of each answer, written under the squares when there are at most
        :data:`MAX_LABELLED_STEPS` steps (the step numbers otherwise).
    """
    correct = np.asarray(correct)
    probability = np.asarray(probability, dtype=float)
    steps = len(correct)
    ax = _axes(ax, (max(6, 0.35 * steps), 2.6))
    image = ax.imshow(probability[None, :], cmap="RdYlGn", vmin=0, vmax=1, aspect="equal", extent=(0, steps, 1, 2))
    ax.imshow(
        correct[None, :],
        cmap=ListedColormap(["#d7191c", "#1a9641"]),
        vmin=0,
        vmax=1,
        aspect="equal",
        extent=(0, steps, 0, 1),
    )
    ax.set_ylim(0, 2)
    ax.set_xlim(0, steps)
    ax.set_yticks([0.5, 1.5], ["actual answer", "predicted P(right)"])
    ticks = np.arange(steps) + 0.5
    if skills is not None and steps <= MAX_LABELLED_STEPS:
        ax.set_xticks(ticks, [str(s) for s in skills], rotation=60, ha="right", fontsize=7)
    else:
        every = max(1, steps // 20)
        ax.set_xticks(ticks[::every], np.arange(1, steps + 1)[::every])
        ax.set_xlabel("step (answer number)")
    ax.set_title("One student: prediction before each answer (top) and the answer (bottom, green = right)")
    ax.figure.colorbar(image, ax=ax, fraction=0.02, pad=0.01, label="P(right)")
    return ax


def mastery_heatmap(mastery: np.ndarray, skill_names: Sequence[str], practised: np.ndarray | None = None, ax=None):
    """Predicted mastery of each skill (rows) after each step (columns) for one student.

    Parameters
    ----------
    mastery
        Shape (steps, n_skills): the model's probability of a right answer on every skill after
        each step (:func:`edulab.tracing.training.predict_mastery`).
    skill_names
        Names of the ``n_skills`` columns.
    practised
        Skill code answered at each step. Only those skills are shown, and the practised one
        at each step is marked with a dot.
    """
    mastery = np.asarray(mastery)
    names = np.asarray(skill_names)
    shown = np.arange(mastery.shape[1]) if practised is None else np.unique(practised)
    ax = _axes(ax, (max(6, 0.25 * mastery.shape[0]), max(2.5, 0.4 * len(shown) + 1)))
    image = ax.imshow(mastery[:, shown].T, cmap="viridis", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax.set_yticks(np.arange(len(shown)), names[shown])
    if practised is not None:
        row = np.searchsorted(shown, practised)
        ax.scatter(
            np.arange(len(practised)), row, s=12, color="white", edgecolor="black", lw=0.5, label="skill answered"
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.0), fontsize=8)
    ax.set(
        xlabel="step (after the answer)",
        ylabel="skill",
        title="Predicted mastery: P(right) on each skill after each step",
    )
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01, label="P(right)")
    return ax


def compare_models(table: pd.DataFrame, ceiling: float | None = None, ax=None):
    """Horizontal bars of test AUC per model (``table`` has columns ``model`` and ``auc``).

    The bars start at chance (AUC 0.5), so a bar's length is what the model adds to guessing.
    """
    ax = _axes(ax, (6, 0.45 * len(table) + 1.5))
    ordered = table.sort_values("auc")
    ax.barh(ordered["model"], ordered["auc"] - CHANCE_AUC, left=CHANCE_AUC, color="tab:blue")
    for y, value in enumerate(ordered["auc"]):
        ax.text(max(value, CHANCE_AUC) + 0.003, y, f"{value:.3f}", va="center", fontsize=8)
    if ceiling is not None:
        ax.axvline(ceiling, color="tab:red", ls="--", label=f"oracle ceiling {ceiling:.3f}")
        ax.legend(loc="lower right")
    top = max(ceiling or 0.0, float(ordered["auc"].max()))
    ax.set(
        xlim=(CHANCE_AUC, min(1.0, top + 0.05) if top < 0.95 else 1.0),
        xlabel="test AUC (bars start at chance, 0.5)",
        title="Models on the test students",
    )
    return ax
