"""Grid searches chosen on validation students, run on joblib, with one result type.

A topic gives the grid (``{"cell": [...], "units": [...]}``), the keys it accepts, and a function
that trains one candidate and returns ``(row, result)``: the candidate's row of the table (its
validation scores, and whatever else the lecture shows) and the full result object. The best
candidate is the first of the table ranked on validation columns; its test figure is the one to
report (choosing on test would make that figure optimistic). Candidates run one after another
with a progress bar, or on ``n_jobs`` joblib workers (the same code runs on a Dask cluster
through joblib's dask backend).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.errors import InputError
from edulab.recurrent import CELL_NAMES, check_layer_params


def expand_grid(
    grid: dict[str, Iterable], keys: Iterable[str], defaults: dict | None = None, *, cells: Iterable[str] = CELL_NAMES
) -> list[dict]:
    """All combinations of ``grid`` (scikit-learn's ``ParameterGrid``), with ``defaults`` filled in.

    Every value is checked before any candidate is trained: ``cell`` among ``cells``, ``units`` a
    positive integer, ``dropout`` in [0, 1) (:func:`edulab.recurrent.check_layer_params`).

    Raises :class:`~edulab.errors.InputError` (a ``ValueError``) for a key not among ``keys``, a
    key without any value, or a bad value (the message names the key and the value).
    """
    from sklearn.model_selection import ParameterGrid  # here: the command line imports this module

    keys = tuple(keys)
    if not isinstance(grid, dict):
        raise InputError(f"grid: expected a dict of lists such as {{'units': [8, 16]}}, got {type(grid).__name__}")
    unknown = set(grid) - set(keys)
    if unknown:
        raise InputError(f"unknown grid key(s) {sorted(unknown)}; expected some of {list(keys)}")
    lists = {key: [values] if isinstance(values, (str, bytes)) else list(values) for key, values in grid.items()}
    empty = sorted(key for key, values in lists.items() if len(values) == 0)
    if empty:
        raise InputError(f"grid key(s) {empty} have no value")
    candidates = [{**(defaults or {}), **params} for params in ParameterGrid(lists)]
    cells = tuple(cells)
    for params in candidates:
        try:
            check_layer_params(params.get("cell", cells[0]), params.get("units", 1), params.get("dropout", 0.0), cells)
        except InputError as error:
            raise InputError(f"grid: {error}") from None
    return candidates


def rank(table: pd.DataFrame, columns: Iterable[str]) -> np.ndarray:
    """Row positions of ``table`` from best to worst: highest ``columns`` first, ties in table order.

    Only validation columns may rank: choosing on test would make the test figure optimistic.
    """
    columns = list(columns)
    if table.empty:
        raise ValueError("the table is empty")
    cheating = [c for c in columns if c.startswith("test")]
    if cheating:
        raise ValueError(f"ranking by {cheating}: choose on validation, never on test")
    return np.lexsort([np.arange(len(table))] + [-table[c].to_numpy(dtype=float) for c in reversed(columns)])


@dataclass
class GridResult:
    """Every candidate with its scores, best on validation first, and the chosen one.

    Attributes
    ----------
    table
        One row per candidate: its parameters and scores, ranked best first.
    best_params
        The parameters of the chosen candidate (the table's first row).
    best
        The chosen candidate's full result (what the topic's training function returned).
    """

    table: pd.DataFrame
    best_params: dict
    best: object

    def to_dict(self) -> dict:
        best = self.best.to_dict() if hasattr(self.best, "to_dict") else dict(self.best)
        return {"best_params": self.best_params, "best": best, "table": self.table.to_dict(orient="records")}


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def run_grid(
    evaluate: Callable[[dict], tuple[dict, object]],
    candidates: list[dict],
    *,
    rank_by: Iterable[str],
    n_jobs: int = 1,
    progress: bool = True,
) -> GridResult:
    """Evaluate every candidate and rank them on validation.

    Parameters
    ----------
    evaluate
        ``evaluate(params) -> (row, result)``; picklable when ``n_jobs != 1``.
    candidates
        The parameter dicts (from :func:`expand_grid`).
    rank_by
        Validation columns of the rows, most important first; higher is better.
    n_jobs
        Parallel joblib workers; 1 runs in this process.
    progress
        Progress bar over candidates.
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    rank_by = list(rank_by)
    if not candidates:
        raise InputError("the grid has no candidate")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0:
        raise InputError(f"n_jobs={n_jobs!r}: expected a number of workers (1, 2, ...; -1 for one per core)")
    tasks = (delayed(evaluate)(params) for params in candidates)
    outcomes = []
    with tqdm(total=len(candidates), desc="grid", unit="model", disable=not progress) as bar:
        for outcome in Parallel(n_jobs=n_jobs, return_as="generator")(tasks):
            outcomes.append(outcome)
            bar.set_postfix({rank_by[0]: f"{max(row[rank_by[0]] for row, _ in outcomes):.4f}"})
            bar.update(1)
    table = pd.DataFrame([{**params, **row} for params, (row, _) in zip(candidates, outcomes)])
    order = rank(table, rank_by)
    chosen = int(order[0])
    best_params = {key: _plain(value) for key, value in candidates[chosen].items()}
    return GridResult(table.iloc[order].reset_index(drop=True), best_params, outcomes[chosen][1])
