"""One Keras fit for both sequence lectures: early stopping on validation, best weights restored.

:func:`fit` feeds the training and validation data through a *feed* (a tiny protocol: built as
``feed(data, batch_size, rng)``, it has a ``dataset()`` that Keras reads once per epoch; with a
generator it reshuffles every epoch, without one its order is fixed), keeps the weights of the epoch with the
best monitored validation score in a ``.weights.h5`` checkpoint, stops after ``patience`` epochs
without progress, and restores the best weights. :class:`ArrayFeed` serves ``(x, y)`` arrays of
one shape (lecture 02); :class:`edulab.tracing.training.BatchFeed` serves padded buckets (01).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from edulab.recurrent.layers import EpochClock


class ArrayFeed:
    """Batches of ``(x, y)`` arrays whose first axis is the student.

    Parameters
    ----------
    data
        ``(x, y)``; ``x`` and ``y`` have the same length.
    batch_size
        Students per batch.
    rng
        Shuffles the students every epoch; None keeps their order (evaluation).
    """

    def __init__(
        self, data: tuple[np.ndarray, np.ndarray], batch_size: int = 32, rng: np.random.Generator | None = None
    ):
        x, y = (np.asarray(part, dtype=np.float32) for part in data)
        if len(x) != len(y) or len(x) == 0:
            raise ValueError(f"x has {len(x)} students and y {len(y)}: expected the same positive number")
        if batch_size < 1:
            raise ValueError(f"batch_size={batch_size!r}: expected a positive integer")
        self.x, self.y, self.batch_size, self.rng = x, y, int(batch_size), rng

    def __len__(self) -> int:
        return -(-len(self.x) // self.batch_size)

    def dataset(self):
        """The batches as a ``tf.data.Dataset`` (one pass per epoch, reshuffled each pass with ``rng``).

        The arrays are sliced in TensorFlow (no Python generator): the shuffle's seed is drawn
        from ``rng``, so the same ``rng`` gives the same batches.
        """
        import tensorflow as tf

        data = tf.data.Dataset.from_tensor_slices((self.x, self.y))
        if self.rng is not None:
            seed = int(self.rng.integers(2**31 - 1))
            data = data.shuffle(len(self.x), seed=seed, reshuffle_each_iteration=True)
        return data.batch(self.batch_size).prefetch(1)


@dataclass
class FitResult:
    """What :func:`fit` learnt about the run.

    Attributes
    ----------
    history
        One row per epoch (index 1, 2, ...): Keras's logs (``loss``, the metrics and their
        ``val_`` counterparts) and the epoch's wall time in ``seconds``.
    monitor
        The validation log that chose the epoch, such as ``"val_auc"``.
    best_epoch
        1-based epoch whose weights were restored.
    best_score
        The monitored value at that epoch.
    seconds
        Wall time of the whole fit.
    checkpoint
        The ``.weights.h5`` file that held the best weights (None when it was temporary).
    """

    history: pd.DataFrame
    monitor: str
    best_epoch: int
    best_score: float
    seconds: float
    checkpoint: str | None = None

    @property
    def n_epochs(self) -> int:
        """Epochs run."""
        return len(self.history)

    @property
    def seconds_per_epoch(self) -> float:
        """Median seconds of an epoch after the first (the first one also builds the graph)."""
        later = self.history["seconds"].to_numpy()[1:]
        return float(np.median(later)) if len(later) else float(self.history["seconds"].sum())

    def to_dict(self) -> dict:
        return {
            "n_epochs": self.n_epochs,
            "best_epoch": self.best_epoch,
            "monitor": self.monitor,
            "best_score": self.best_score,
            "seconds": self.seconds,
            "seconds_per_epoch": self.seconds_per_epoch,
            "history": self.history.to_dict(orient="list"),
        }


class _EpochLog(EpochClock):
    """Advances the progress bar and records each epoch's wall time (training and validation)."""

    def __init__(self, bar, shown: tuple[str, ...]):
        super().__init__()
        self.bar, self.shown = bar, shown

    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, logs)
        logs = logs or {}
        self.bar.set_postfix({k: f"{v:.4f}" for k, v in logs.items() if k in self.shown})
        self.bar.update(1)


def fit(
    model: keras.Model,
    train,
    validation,
    *,
    monitor: str = "val_auc",
    mode: str = "max",
    epochs: int = 10,
    batch_size: int = 32,
    patience: int = 3,
    feed=ArrayFeed,
    checkpoint: str | Path | None = None,
    random_state: int = 0,
    progress: bool = True,
    callbacks: list | None = None,
) -> FitResult:
    """Train ``model``, keep the best weights on a validation score and restore them.

    Parameters
    ----------
    model
        A compiled model whose logs include ``monitor``.
    train, validation
        The students to learn from and the students that choose the epoch, in the form ``feed``
        takes (``(x, y)`` arrays for :class:`ArrayFeed`).
    monitor, mode
        The validation log to watch (``"val_auc"``, ``"val_masked_rmse"``...) and whether higher
        (``"max"``) or lower (``"min"``) is better.
    epochs
        Upper bound on the number of epochs.
    batch_size
        Students (or sequences, windows) per batch.
    patience
        Stop after this many epochs without a better monitored score.
    feed
        Builds the batches: ``feed(data, batch_size, rng)`` with a ``dataset()`` method.
    checkpoint
        Where to keep the best weights; must end in ``.weights.h5``. A temporary file when None.
    random_state
        Seeds the batch order (the weights are seeded where the model is built).
    progress
        Show a progress bar over epochs.
    callbacks
        More Keras callbacks (a timer, a logger).
    """
    if epochs < 1 or patience < 1:
        raise ValueError(f"epochs={epochs!r} and patience={patience!r}: expected positive integers")
    if mode not in ("min", "max"):
        raise ValueError(f"mode={mode!r}: expected 'min' or 'max'")
    if checkpoint is not None and not str(checkpoint).endswith(".weights.h5"):
        raise ValueError(f"checkpoint={str(checkpoint)!r}: Keras needs a name ending in '.weights.h5'")
    with tempfile.TemporaryDirectory(prefix="edulab-fit-") as scratch:
        path = str(checkpoint) if checkpoint is not None else str(Path(scratch) / "best.weights.h5")
        keep = [
            keras.callbacks.ModelCheckpoint(
                path, monitor=monitor, mode=mode, save_best_only=True, save_weights_only=True
            ),
            keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience),
            *(callbacks or []),
        ]
        started = time.perf_counter()
        with tqdm(total=epochs, desc=model.name, unit="epoch", disable=not progress) as bar:
            log = _EpochLog(bar, ("loss", monitor))
            history = model.fit(
                feed(train, batch_size, np.random.default_rng(random_state)).dataset(),
                validation_data=feed(validation, batch_size, None).dataset(),
                epochs=epochs,
                shuffle=False,  # the feed shuffles its batches each epoch
                callbacks=[*keep, log],
                verbose=0,
            )
        seconds = time.perf_counter() - started
        if monitor not in history.history:
            raise ValueError(f"monitor={monitor!r}: the model logs {sorted(history.history)}")
        model.load_weights(path)
    frame = pd.DataFrame(history.history)
    frame["seconds"] = log.seconds[: len(frame)]
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="epoch")
    scores = frame[monitor].to_numpy()
    best = int(scores.argmax() if mode == "max" else scores.argmin()) + 1
    return FitResult(frame, monitor, best, float(scores[best - 1]), seconds, str(checkpoint) if checkpoint else None)


def start_tensorflow(random_state: int, threads: int | None = None) -> None:
    """Quiet TensorFlow, seed it (and NumPy, ``random``) with ``random_state``, optionally cap its threads.

    ``threads`` is for a joblib worker: one thread pool of ``threads`` threads each (set once per
    process), and Keras's session cleared so that a worker's memory does not grow from task to
    task (loky restarts a worker whose memory keeps growing).
    """
    from edulab import runtime

    runtime.quiet_tensorflow()
    import tensorflow as tf

    if threads:
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # already set in this worker by an earlier task
            pass
        keras.backend.clear_session()
    runtime.seed_everything(random_state, tensorflow=True)
