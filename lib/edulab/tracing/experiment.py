"""One DKT experiment end to end: split by student, encode, train, score on the test students.

The command line, the grid search and the benchmarks all go through these two functions, so a
figure printed anywhere comes from the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from edulab.tracing.interactions import SkillIndex
from edulab.tracing.sequences import Sequences, encode
from edulab.tracing.splits import StudentSplit, train_validation_test


@dataclass
class PreparedData:
    """A student split and its encoded sequences, sharing one skill index."""

    split: StudentSplit
    skill_index: SkillIndex
    train: Sequences
    validation: Sequences
    test: Sequences

    def sizes(self) -> dict[str, int]:
        return {
            **{f"{name}_students": n for name, n in self.split.sizes().items()},
            "skills": self.skill_index.n_skills,
            "train_targets": self.train.n_pairs,
            "test_targets": self.test.n_pairs,
        }


def sample_students(frame: pd.DataFrame, n: int | None, random_state: int = 0) -> pd.DataFrame:
    """The rows of ``n`` students drawn at random (all of them when ``n`` is None or too large)."""
    users = frame["user_id"].unique()
    if n is None or n >= len(users):
        return frame
    if n < 3:
        raise ValueError(f"n={n}: need at least 3 students (train, validation, test)")
    chosen = np.random.default_rng(random_state).choice(users, size=n, replace=False)
    return frame[frame["user_id"].isin(chosen)]


def prepare_data(
    frame: pd.DataFrame,
    *,
    test_size: float = 0.2,
    validation_size: float = 0.2,
    max_length: int | None = None,
    random_state: int = 0,
) -> PreparedData:
    """Split ``frame`` by student (64/16/20 by default) and encode each split.

    The skill index is built on the whole table, so every split uses the same codes.
    """
    skill_index = SkillIndex.from_frame(frame)
    split = train_validation_test(frame, test_size, validation_size, random_state)
    return PreparedData(
        split,
        skill_index,
        *(encode(part, skill_index, max_length) for part in (split.train, split.validation, split.test)),
    )


@dataclass
class DKTRun:
    """A trained model, its training record and its test scores."""

    model: object
    fit: object
    test: object
    params: dict

    def to_dict(self) -> dict:
        fit = self.fit.to_dict()
        fit.pop("history")
        return {**self.params, **fit, "test_auc": self.test.auc, "test_rmse": self.test.rmse, "test_targets": self.test.n}


def _start_tensorflow(random_state: int):
    from edulab import runtime

    runtime.quiet_tensorflow()
    import tensorflow  # noqa: F401  (imported before seeding so that its generator is seeded too)

    runtime.seed_everything(random_state, tensorflow=True)


def train_dkt(
    data: PreparedData,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    epochs: int = 10,
    batch_size: int = 32,
    patience: int = 3,
    learning_rate: float = 1e-2,
    checkpoint: str | Path | None = None,
    random_state: int = 0,
    progress: bool = True,
) -> DKTRun:
    """Build a DKT model, fit it with early stopping on validation AUC, score it on test."""
    _start_tensorflow(random_state)
    from edulab.tracing.models import build_dkt_model
    from edulab.tracing.training import evaluate, fit

    model = build_dkt_model(data.skill_index.n_skills, cell=cell, units=units, dropout=dropout, learning_rate=learning_rate)
    record = fit(
        model,
        data.train,
        data.validation,
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        checkpoint=checkpoint,
        random_state=random_state,
        progress=progress,
    )
    params = {"cell": cell, "units": units, "dropout": dropout}
    return DKTRun(model, record, evaluate(model, data.test), params)


def train_windows(
    data: PreparedData,
    *,
    length: int = 50,
    stride: int = 25,
    cell: str = "lstm",
    units: int = 32,
    embedding_dim: int = 32,
    dropout: float = 0.1,
    epochs: int = 10,
    batch_size: int = 32,
    patience: int = 3,
    learning_rate: float = 1e-2,
    random_state: int = 0,
    progress: bool = True,
) -> DKTRun:
    """The sliding-window model on the same split, scored on the same test targets as DKT.

    Windows are cut from ``data``'s sequences; pass data prepared without ``max_length`` so
    that a window's context can reach back across what would be a chunk boundary.
    """
    from edulab.tracing.windows import sliding_windows

    _start_tensorflow(random_state)
    from edulab.tracing.models import build_window_model
    from edulab.tracing.training import evaluate, fit

    train, validation, test = (sliding_windows(s, length, stride) for s in (data.train, data.validation, data.test))
    model = build_window_model(
        data.skill_index.n_skills, length, cell=cell, units=units, embedding_dim=embedding_dim, dropout=dropout, learning_rate=learning_rate
    )
    record = fit(model, train, validation, epochs=epochs, batch_size=batch_size, patience=patience, random_state=random_state, progress=progress)
    params = {"cell": cell, "units": units, "dropout": dropout, "window": length, "stride": stride}
    return DKTRun(model, record, evaluate(model, test), params)
