"""Figures of the advising lecture: correlations, priorities, packages and sensitivity."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from edulab.advising.ahp import AHPResult
from edulab.advising.curriculum import Curriculum


def _axes(ax, size=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def curriculum_graph(curriculum: Curriculum, *, ax=None, highlight: tuple[str, ...] = (), title: str = "Study plan"):
    """Courses by term of the plan (x) with an arrow from each prerequisite to its course.

    Marker area grows with the credits; ``highlight`` courses are drawn in red.
    """
    terms = curriculum.terms
    slot = terms.groupby(terms).cumcount()
    position = {code: (terms[code], -slot[code]) for code in curriculum.codes}
    ax = _axes(ax, (1.6 * terms.max() + 1, 0.55 * (slot.max() + 1) + 1.5))
    for before, after in curriculum.edges():
        ax.annotate(
            "",
            xy=position[after],
            xytext=position[before],
            arrowprops={"arrowstyle": "->", "color": "0.6", "shrinkA": 9, "shrinkB": 9, "linewidth": 0.8},
        )
    for course in curriculum:
        x, y = position[course.code]
        color = "tab:red" if course.code in highlight else "tab:blue"
        ax.scatter([x], [y], s=60 * course.credits, color=color, alpha=0.35, zorder=2)
        ax.text(x, y, course.code, ha="center", va="center", fontsize=7, zorder=3)
    ax.set_xticks(range(1, terms.max() + 1))
    ax.set_yticks([])
    ax.set_xlabel("term of the study plan")
    ax.set_xlim(0.4, terms.max() + 0.6)
    ax.set_title(f"{title}: {len(curriculum)} courses (marker area ~ credits), arrows from prerequisites")
    return ax


def correlation_heatmap(
    r: pd.DataFrame, *, ax=None, annotate: bool | None = None, title: str = "Correlation of course grades (eq. 4)"
):
    """Pearson coefficients from -1 (blue) to 1 (red); missing pairs are grey and marked 'n/a'.

    ``annotate`` prints the values in the cells (default: when there are at most 12 columns).
    """
    ax = _axes(ax, (0.55 * r.shape[1] + 3, 0.45 * r.shape[0] + 2))
    values = r.to_numpy(dtype=float)
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.85")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=-1, vmax=1, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label="Pearson r")
    ax.set_xticks(range(r.shape[1]), r.columns, rotation=90)
    ax.set_yticks(range(r.shape[0]), r.index)
    ax.set_xlabel(r.columns.name or "course")
    ax.set_ylabel(r.index.name or "course")
    if annotate is None:
        annotate = r.shape[1] <= 12
    if annotate:
        for (i, j), value in np.ndenumerate(values):
            text = "n/a" if np.isnan(value) else f"{value:.2f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7,
                color="white" if abs(np.nan_to_num(value)) > 0.6 else "black",
            )
    ax.set_title(title)
    return ax


def priority_bars(priorities: pd.Series | AHPResult, *, ax=None, title: str | None = None):
    """Horizontal bars of priorities (largest on top), with their values; CR in the title of an AHPResult."""
    if isinstance(priorities, AHPResult):
        result = priorities
        priorities = result.priorities
        flag = "" if result.consistent else "  (inconsistent!)"
        title = title or f"Priorities ({result.method}), CR = {result.cr:.3f}{flag}"
    ordered = priorities.sort_values()
    ax = _axes(ax, (6, 0.45 * len(ordered) + 1.5))
    bars = ax.barh([str(k) for k in ordered.index], ordered.to_numpy(), color="tab:blue")
    ax.bar_label(bars, labels=[f"{v:.3f}" for v in ordered.to_numpy()], padding=3)
    ax.set_xlim(0, max(1.0, ordered.max() * 1.2))
    ax.set_xlabel("priority (sums to 1)")
    ax.set_title(title or "Priorities")
    return ax


def package_scatter(packages: pd.DataFrame, *, ax=None, highlight: int = 5, title: str = "Candidate packages"):
    """Score against credits of every package; the ``highlight`` best are circled and numbered."""
    ax = _axes(ax)
    x = packages["credits"] + np.random.default_rng(0).uniform(-0.15, 0.15, len(packages))  # jitter: credits are whole
    ax.scatter(x, packages["score"], s=12, alpha=0.5, color="tab:gray", label="package")
    best = packages["rank"].nsmallest(highlight).index
    ax.scatter(
        x[best], packages.loc[best, "score"], s=80, facecolors="none", edgecolors="tab:red", label=f"best {highlight}"
    )
    for index in best:
        ax.annotate(
            str(packages.loc[index, "rank"]),
            (x[index], packages.loc[index, "score"]),
            textcoords="offset points",
            xytext=(6, 2),
            fontsize=8,
        )
    ax.set_xlabel("credit hours of the package")
    ax.set_ylabel("credit-weighted average correlation")
    ax.set_title(title)
    ax.legend(loc="lower left")
    return ax


def sensitivity_plot(frame: pd.DataFrame, criterion: str, *, current: float | None = None, ax=None):
    """Scores of the alternatives against the weight of ``criterion`` (from ``weight_sensitivity``).

    ``current`` marks the weight the judgments give.
    """
    ax = _axes(ax)
    alternatives = [c for c in frame.columns if c != "best"]
    for name in alternatives:
        ax.plot(frame.index, frame[name], label=str(name))
    if current is not None:
        ax.axvline(current, color="black", linestyle="--", linewidth=1, label=f"current weight {current:.2f}")
    changes = frame.index[1:][frame["best"].to_numpy()[1:] != frame["best"].to_numpy()[:-1]]
    for weight in changes:
        ax.axvline(weight, color="tab:red", linestyle=":", linewidth=1)
    ax.set_xlabel(f"weight of {criterion}")
    ax.set_ylabel("global priority of the alternative")
    ax.set_xlim(frame.index.min(), frame.index.max())
    ax.set_title(f"Sensitivity of the ranking to the weight of {criterion}")
    ax.legend()
    return ax
