"""Grid search over DKT configurations: chosen on validation students, reported on test students.

Every configuration of the grid is trained with early stopping on validation AUC; the table
gives each one's exact validation and test AUC and RMSE. The best configuration is the one with
the highest *validation* AUC; its test AUC is the figure to report (choosing on test would make
that figure optimistic). Configurations run in parallel with joblib: a small recurrent model
uses about one core, so two workers on two cores do twice the work in the same time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import ParameterGrid
from tqdm.auto import tqdm

from edulab.tracing.experiment import PreparedData
from edulab.tracing.sequences import Sequences

#: The lecture's grid: the seed's recurrent units, three cells, two dropout rates.
DEFAULT_GRID = {"cell": ["lstm", "gru", "rnn"], "units": [8, 16, 32, 64], "dropout": [0.0, 0.2]}
_KEYS = ("cell", "units", "dropout")


def configurations(grid: dict) -> list[dict]:
    """All combinations of ``grid`` (scikit-learn's ``ParameterGrid``), with defaults filled in.

    Keys must be among ``cell``, ``units`` and ``dropout``; a missing key takes the model
    factory's default.
    """
    unknown = set(grid) - set(_KEYS)
    if unknown:
        raise ValueError(f"unknown grid key(s) {sorted(unknown)}; expected some of {list(_KEYS)}")
    defaults = {"cell": "lstm", "units": 16, "dropout": 0.1}
    return [{**defaults, **params} for params in ParameterGrid(grid)]


def evaluate_configuration(
    params: dict,
    train: Sequences,
    validation: Sequences,
    test: Sequences,
    *,
    epochs: int = 10,
    batch_size: int = 32,
    patience: int = 3,
    learning_rate: float = 1e-2,
    random_state: int = 0,
    threads: int | None = None,
) -> dict:
    """Train one configuration; its exact validation and test scores (one row of the table).

    Runs in a joblib worker or in this process. ``threads`` (given in workers) caps TensorFlow's
    thread pools, set once per process, and clears Keras's session so that a worker's memory
    does not grow from task to task (loky restarts a worker whose memory keeps growing).
    """
    from edulab import runtime

    runtime.quiet_tensorflow()
    import tensorflow as tf

    if threads:  # a joblib worker: one thread each, and free the previous task's model
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # already set in this worker by an earlier task
            pass
        import keras

        keras.backend.clear_session()
    from edulab.tracing.models import build_dkt_model
    from edulab.tracing.training import evaluate, fit

    runtime.seed_everything(random_state, tensorflow=True)
    model = build_dkt_model(train.n_skills, learning_rate=learning_rate, **params)
    record = fit(model, train, validation, epochs=epochs, batch_size=batch_size, patience=patience, random_state=random_state, progress=False)
    val, tst = evaluate(model, validation), evaluate(model, test)
    return {
        **params,
        "val_auc": val.auc,
        "val_rmse": val.rmse,
        "test_auc": tst.auc,
        "test_rmse": tst.rmse,
        "best_epoch": record.best_epoch,
        "epochs_run": len(record.history),
        "seconds": record.seconds,
    }


@dataclass
class GridResult:
    """The grid's results, best validation AUC first, and the chosen configuration."""

    table: pd.DataFrame
    best: dict

    @property
    def best_test_auc(self) -> float:
        return float(self.table.iloc[0]["test_auc"])

    def to_dict(self) -> dict:
        return {"best": self.best, "best_test_auc": self.best_test_auc, "table": self.table.to_dict(orient="records")}


def best_configuration(table: pd.DataFrame, metric: str = "val_auc") -> dict:
    """The ``cell``, ``units`` and ``dropout`` of the row with the highest ``metric``."""
    if metric.startswith("test"):
        raise ValueError(f"metric={metric!r}: choose on validation, never on test")
    row = table.loc[table[metric].idxmax()]
    return {key: (row[key].item() if hasattr(row[key], "item") else row[key]) for key in _KEYS if key in table}


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
    """
    configs = configurations(grid or DEFAULT_GRID)
    settings = {"epochs": epochs, "batch_size": batch_size, "patience": patience, "learning_rate": learning_rate, "random_state": random_state}
    threads = 1 if n_jobs != 1 else None
    tasks = (delayed(evaluate_configuration)(params, data.train, data.validation, data.test, **settings, threads=threads) for params in configs)
    rows = []
    with tqdm(total=len(configs), desc="grid", unit="model", disable=not progress) as bar:
        for row in Parallel(n_jobs=n_jobs, return_as="generator_unordered")(tasks):
            rows.append(row)
            bar.set_postfix(best_val_auc=f"{max(r['val_auc'] for r in rows):.4f}")
            bar.update(1)
    table = pd.DataFrame(rows).sort_values(["val_auc", "cell", "units", "dropout"], ascending=[False, True, True, True], ignore_index=True)
    return GridResult(table, best_configuration(table))
