"""Grid search over DKT configurations: chosen on validation students, reported on test students.

Every configuration of the grid is a :class:`~edulab.tracing.dkt.DKT` estimator trained with
early stopping on validation AUC; the table gives each one's exact validation and test AUC and
RMSE. The best configuration is the one with the highest *validation* AUC; its test AUC is the
figure to report (choosing on test would make that figure optimistic); the test column of the
other rows shows how noisy a choice on test would have been. Configurations run in parallel with
joblib (:func:`edulab.recurrent.grid.run_grid`): a small recurrent model uses about one core, so
two workers on two cores do twice the work in the same time.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from edulab.recurrent.grid import GridResult, expand_grid, rank, run_grid
from edulab.tracing.dkt import DKT
from edulab.tracing.experiment import PreparedData

#: The lecture's grid: the seed's recurrent units, three cells, two dropout rates.
DEFAULT_GRID = {"cell": ["lstm", "gru", "rnn"], "units": [8, 16, 32, 64], "dropout": [0.0, 0.2]}
GRID_KEYS = ("cell", "units", "dropout")


def configurations(grid: dict) -> list[dict]:
    """All combinations of ``grid``, with :class:`DKT`'s defaults for a missing key.

    Keys must be among ``cell``, ``units`` and ``dropout``.
    """
    defaults = {key: value for key, value in DKT().get_params().items() if key in GRID_KEYS}
    return expand_grid(grid, GRID_KEYS, defaults)


def evaluate_configuration(
    params: dict, data: PreparedData, settings: dict, threads: int | None = None
) -> tuple[dict, dict]:
    """Train one configuration; its exact validation and test scores (one row of the table).

    Runs in a joblib worker (``threads`` caps TensorFlow's thread pools there) or in this process.
    """
    if threads:  # a joblib worker: cap TensorFlow's threads (the estimator seeds it)
        from edulab.recurrent.training import start_tensorflow

        start_tensorflow(settings["random_state"], threads)
    dkt = DKT(**params, **settings, progress=False).fit_sequences(data.train, data.validation)
    val, tst = dkt.score_sequences(data.validation), dkt.score_sequences(data.test)
    row = {
        "val_auc": val.auc,
        "val_rmse": val.rmse,
        "test_auc": tst.auc,
        "test_rmse": tst.rmse,
        "best_epoch": dkt.fit_result_.best_epoch,
        "n_epochs": dkt.fit_result_.n_epochs,
        "seconds": dkt.fit_result_.seconds,
    }
    return row, {**params, **row}


def best_configuration(table: pd.DataFrame, metric: str = "val_auc") -> dict:
    """The ``cell``, ``units`` and ``dropout`` of the row with the highest ``metric`` (first on ties)."""
    row = table.iloc[rank(table, [metric])[0]]
    return {key: (row[key].item() if hasattr(row[key], "item") else row[key]) for key in GRID_KEYS if key in table}


def grid_search(
    data: PreparedData,
    grid: dict | None = None,
    *,
    epochs: int = 10,
    batch_size: int = 32,
    patience: int = 3,
    learning_rate: float = 1e-2,
    n_jobs: int = 1,
    random_state: int = 0,
    progress: bool = True,
) -> GridResult:
    """Train every configuration of ``grid`` and rank them by validation AUC.

    Parameters
    ----------
    data
        The split and encoded sequences (:func:`edulab.tracing.experiment.prepare_data`).
    grid
        ``{"cell": [...], "units": [...], "dropout": [...]}``; :data:`DEFAULT_GRID` when None.
    epochs, batch_size, patience, learning_rate
        Training settings, the same for every configuration.
    n_jobs
        Parallel workers (joblib's loky processes, one TensorFlow thread pool of one thread
        each). 1 runs in this process.
    random_state
        Seeds weights and batch order, the same for every configuration.
    progress
        Progress bar over configurations.

    Returns
    -------
    GridResult
        ``best_params`` the chosen configuration, ``best`` its row (with ``test_auc``).
    """
    settings = {
        "epochs": epochs,
        "batch_size": batch_size,
        "patience": patience,
        "learning_rate": learning_rate,
        "random_state": random_state,
    }
    evaluate = partial(evaluate_configuration, data=data, settings=settings, threads=1 if n_jobs != 1 else None)
    return run_grid(
        evaluate, configurations(grid or DEFAULT_GRID), rank_by=["val_auc"], n_jobs=n_jobs, progress=progress
    )
