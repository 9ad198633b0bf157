"""Grid search for early prediction, and the "how early can we tell?" curve.

Every candidate (cell, units, dropout, weeks) is trained on the training students and compared
on the validation students (AUC, then balanced accuracy); only the chosen one is reported on the
test students, so the test figure stays an honest estimate. Candidates run one after another
with a progress bar, or on ``n_jobs`` joblib workers (the same code runs on a Dask cluster through
joblib's dask backend).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import pandas as pd
from tqdm.auto import tqdm

from edulab.mooc.data import WeeklyArrays
from edulab.mooc.early import EarlyData, EarlyResult, early_data, fit_early
from edulab.recurrent.grid import GridResult, expand_grid, rank, run_grid
from edulab.recurrent.splits import StudentSplit

#: The cells of this lecture (the seed compares LSTM and GRU).
CELLS = ("lstm", "gru")
DEFAULT_GRID = {"cell": list(CELLS), "units": [8, 32], "dropout": [0.0, 0.2], "n_weeks": [5]}
GRID_KEYS = ("cell", "units", "dropout", "n_weeks")
#: The validation columns that choose a candidate, most important first.
RANK_BY = ("validation_auc", "validation_balanced_accuracy")


def best_on_validation(table: pd.DataFrame) -> int:
    """Position of the row with the highest validation AUC (ties: highest validation balanced accuracy)."""
    return int(rank(table, RANK_BY)[0])


def _candidate(
    params: dict, data: dict[int, EarlyData], epochs: int, random_state: int, threads: int | None
) -> tuple[dict, EarlyResult]:
    if threads:  # a joblib worker: cap TensorFlow's threads (fit_early seeds it)
        from edulab.recurrent.training import start_tensorflow

        start_tensorflow(random_state, threads)
    model_params = {k: v for k, v in params.items() if k != "n_weeks"}
    result, _ = fit_early(
        data[params["n_weeks"]], epochs=epochs, random_state=random_state, progress=False, **model_params
    )
    row = {
        "validation_auc": result.validation_auc,
        "validation_balanced_accuracy": result.validation_balanced_accuracy,
        "n_epochs": result.n_epochs,
        "seconds_per_epoch": result.seconds_per_epoch,
    }
    return row, result


def grid_search(
    arrays: WeeklyArrays,
    split: StudentSplit,
    grid: dict[str, Iterable] | None = None,
    *,
    epochs: int = 20,
    random_state: int = 0,
    n_jobs: int = 1,
    progress: bool = True,
) -> GridResult:
    """Train every candidate of ``grid`` (default :data:`DEFAULT_GRID`), choose on validation.

    ``n_weeks`` defaults to 5 when the grid does not vary it. The table holds validation scores
    only; ``best`` is the chosen candidate's :class:`~edulab.mooc.early.EarlyResult`, with its
    test scores.
    """
    candidates = expand_grid(grid or DEFAULT_GRID, GRID_KEYS, {"n_weeks": 5}, cells=CELLS)
    data = {n: early_data(arrays, split, n) for n in sorted({p["n_weeks"] for p in candidates})}
    evaluate = partial(
        _candidate, data=data, epochs=epochs, random_state=random_state, threads=1 if n_jobs != 1 else None
    )
    return run_grid(evaluate, candidates, rank_by=RANK_BY, n_jobs=n_jobs, progress=progress)


def compare_early(
    data: EarlyData,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    epochs: int = 20,
    random_state: int = 0,
) -> list[EarlyResult]:
    """The network, logistic regression, the majority class and (simulated data) the ceiling on ``data``."""
    from edulab.mooc.baselines import ceiling, logistic_baseline, majority_baseline

    network, _ = fit_early(
        data, cell=cell, units=units, dropout=dropout, epochs=epochs, random_state=random_state, progress=False
    )
    results = [network, logistic_baseline(data), majority_baseline(data)]
    if data.pass_probability is not None:
        results.append(ceiling(data))
    return results


BASELINE_KINDS = ("logistic", "majority", "ceiling")


def baseline_curve(arrays: WeeklyArrays, split: StudentSplit, weeks: Iterable[int]) -> pd.DataFrame:
    """The how-early curve of the baselines alone (no network is trained): for each ``n`` in ``weeks``,
    logistic regression, the majority class and, on simulated data, the ceiling.

    Same columns as :func:`how_early_curve`, one row per (``n_weeks``, ``kind``); a lecture draws
    it next to a network's curve of its own.
    """
    from edulab.mooc.baselines import ceiling, logistic_baseline, majority_baseline

    rows = []
    for n in weeks:
        data = early_data(arrays, split, n)
        results = [logistic_baseline(data), majority_baseline(data)]
        if data.pass_probability is not None:
            results.append(ceiling(data))
        rows += [{"kind": kind, **result.to_dict()} for kind, result in zip(BASELINE_KINDS, results)]
    return pd.DataFrame(rows)


def how_early_curve(
    arrays: WeeklyArrays,
    split: StudentSplit,
    weeks: Iterable[int] | None = None,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    epochs: int = 20,
    random_state: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """Test AUC and balanced accuracy against the number of weeks seen (default 1 .. all weeks).

    For each ``n``, the models of :func:`compare_early`. Returns one row per (``n_weeks``, ``model``).
    """
    weeks = list(weeks) if weeks is not None else list(range(1, len(arrays.weeks) + 1))
    rows = []
    for n in tqdm(weeks, desc="weeks", disable=not progress):
        results = compare_early(
            early_data(arrays, split, n),
            cell=cell,
            units=units,
            dropout=dropout,
            epochs=epochs,
            random_state=random_state,
        )
        for result, kind in zip(results, ("network", "logistic", "majority", "ceiling")):
            rows.append({"kind": kind, **result.to_dict()})
    return pd.DataFrame(rows)
