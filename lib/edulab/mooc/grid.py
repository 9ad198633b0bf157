"""Grid search for early prediction, and the "how early can we tell?" curve.

Every candidate (cell, units, dropout, weeks) is trained on the training students and compared
on the validation students (AUC, then balanced accuracy); only the chosen one is reported on the
test students, so the test figure stays an honest estimate. Candidates run one after another
with a progress bar, or on ``n_jobs`` joblib workers (the same code runs on a Dask cluster through
joblib's dask backend).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Iterable

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from tqdm.auto import tqdm

from edulab.mooc.baselines import ceiling, logistic_baseline, majority_baseline
from edulab.mooc.data import WeeklyArrays
from edulab.mooc.early import EarlyData, EarlyResult, early_data, fit_early
from edulab.mooc.splits import StudentSplit

DEFAULT_GRID = {"cell": ["lstm", "gru"], "units": [8, 32], "dropout": [0.0, 0.2], "n_weeks": [5]}
GRID_KEYS = ("cell", "units", "dropout", "n_weeks")


def expand_grid(grid: dict[str, Iterable]) -> list[dict[str, object]]:
    """All combinations of ``grid`` (keys among ``cell``, ``units``, ``dropout``, ``n_weeks``)."""
    unknown = set(grid) - set(GRID_KEYS)
    if unknown:
        raise ValueError(f"unknown grid key(s) {sorted(unknown)}; expected some of {GRID_KEYS}")
    empty = [key for key, values in grid.items() if len(list(values)) == 0]
    if empty:
        raise ValueError(f"grid key(s) {empty} have no value")
    keys = list(grid)
    return [dict(zip(keys, values)) for values in product(*(list(grid[k]) for k in keys))]


def best_on_validation(table: pd.DataFrame) -> int:
    """Position of the row with the highest validation AUC (ties: highest validation balanced accuracy)."""
    if table.empty:
        raise ValueError("the table is empty")
    order = np.lexsort((-table["validation_balanced_accuracy"].to_numpy(), -table["validation_auc"].to_numpy()))
    return int(order[0])


@dataclass
class GridResult:
    """All candidates with their validation scores, the chosen one, and its test scores."""

    table: pd.DataFrame
    best_params: dict[str, object]
    best: EarlyResult

    def to_dict(self) -> dict[str, object]:
        return {"best_params": self.best_params, "best": self.best.to_dict(), "candidates": len(self.table)}


def _candidate(data: EarlyData, params: dict[str, object], epochs: int, seed: int) -> EarlyResult:
    model_params = {k: v for k, v in params.items() if k != "n_weeks"}
    result, _ = fit_early(data, epochs=epochs, seed=seed, **model_params)
    return result


def grid_search(
    arrays: WeeklyArrays,
    split: StudentSplit,
    grid: dict[str, Iterable] | None = None,
    *,
    epochs: int = 20,
    seed: int = 0,
    n_jobs: int = 1,
    progress: bool = True,
) -> GridResult:
    """Train every candidate of ``grid`` (default :data:`DEFAULT_GRID`), choose on validation.

    ``n_weeks`` defaults to 5 when the grid does not vary it.
    """
    candidates = expand_grid(grid or DEFAULT_GRID)
    for params in candidates:
        params.setdefault("n_weeks", 5)
    data = {n: early_data(arrays, split, n) for n in sorted({p["n_weeks"] for p in candidates})}
    jobs = (delayed(_candidate)(data[p["n_weeks"]], p, epochs, seed) for p in candidates)
    runner = Parallel(n_jobs=n_jobs, return_as="generator")
    results = list(tqdm(runner(jobs), total=len(candidates), desc="grid", disable=not progress))
    rows = [
        {**params, "validation_auc": r.validation_auc, "validation_balanced_accuracy": r.validation_balanced_accuracy,
         "epochs": r.epochs, "seconds_per_epoch": r.seconds_per_epoch}
        for params, r in zip(candidates, results)
    ]  # fmt: skip
    table = pd.DataFrame(rows)
    chosen = best_on_validation(table)
    return GridResult(table=table, best_params=candidates[chosen], best=results[chosen])


def how_early_curve(
    arrays: WeeklyArrays,
    split: StudentSplit,
    weeks: Iterable[int] | None = None,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    epochs: int = 20,
    seed: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """Test AUC and balanced accuracy against the number of weeks seen (default 1 .. all weeks).

    For each ``n``: the network, logistic regression, the majority class and, for simulated data,
    the ceiling. Returns one row per (``n_weeks``, ``model``).
    """
    weeks = list(weeks) if weeks is not None else list(range(1, len(arrays.weeks) + 1))
    rows = []
    for n in tqdm(weeks, desc="weeks", disable=not progress):
        data = early_data(arrays, split, n)
        network, _ = fit_early(data, cell=cell, units=units, dropout=dropout, epochs=epochs, seed=seed)
        results = [network, logistic_baseline(data), majority_baseline(data)]
        if data.pass_probability is not None:
            results.append(ceiling(data))
        for result, kind in zip(results, ("network", "logistic", "majority", "ceiling")):
            rows.append({"kind": kind, **result.to_dict()})
    return pd.DataFrame(rows)
