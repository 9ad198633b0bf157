"""One DKT experiment end to end: split by student, encode, train, score on the test students.

The command line, the grid search and the benchmarks all go through :func:`prepare_data` and the
:class:`~edulab.tracing.dkt.DKT` estimator, so a figure printed anywhere comes from the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.errors import InputError
from edulab.recurrent.splits import StudentSplit, split_students
from edulab.tracing.interactions import SkillIndex
from edulab.tracing.sequences import Sequences, encode


@dataclass
class PreparedData:
    """A student split of an interaction table and its encoded sequences, sharing one skill index."""

    frame: pd.DataFrame
    split: StudentSplit
    skill_index: SkillIndex
    train: Sequences
    validation: Sequences
    test: Sequences

    def rows(self, *parts: str) -> pd.DataFrame:
        """The interactions of the students of ``parts`` (``"train"``, ``"validation"``, ``"test"``).

        In the table's order (sorted by student and time), with its index.
        """
        ids = np.concatenate([self.split.ids(part) for part in parts])
        return self.frame[self.frame["user_id"].isin(ids)]

    def sizes(self) -> dict[str, int]:
        return {
            **{f"n_{name}_students": n for name, n in self.split.sizes().items()},
            "n_skills": self.skill_index.n_skills,
            "n_train_targets": self.train.n_pairs,
            "n_test_targets": self.test.n_pairs,
        }


def sample_students(frame: pd.DataFrame, n_students: int | None, random_state: int = 0) -> pd.DataFrame:
    """The rows of ``n_students`` students drawn at random (all of them when None or their number).

    Raises
    ------
    InputError
        ``n_students`` is not an integer, is below 3 (train, validation and test need one
        student each), or is larger than the number of students in ``frame``.
    """
    users = frame["user_id"].unique()
    if n_students is None:
        return frame
    if isinstance(n_students, bool) or not isinstance(n_students, (int, np.integer)):
        raise InputError(f"n_students={n_students!r}: expected a whole number of students")
    if n_students < 3:
        raise InputError(f"n_students={n_students}: need at least 3 students (train, validation, test)")
    if n_students > len(users):
        raise InputError(f"n_students={n_students}: the data have only {len(users)} students")
    if n_students == len(users):
        return frame
    chosen = np.random.default_rng(random_state).choice(users, size=n_students, replace=False)
    return frame[frame["user_id"].isin(chosen)]


def prepare_data(
    frame: pd.DataFrame,
    *,
    test_size: float = 0.2,
    validation_size: float = 0.2,
    max_length: int | None = None,
    random_state: int = 0,
) -> PreparedData:
    """Split ``frame`` by student (64/16/20 by default) and encode each part.

    The skill index is built on the whole table, so every part uses the same codes.
    """
    skill_index = SkillIndex.from_frame(frame)
    split = split_students(
        np.unique(frame["user_id"]), test_size=test_size, validation_size=validation_size, random_state=random_state
    )
    parts = (encode(split.rows(frame, part), skill_index, max_length) for part in ("train", "validation", "test"))
    return PreparedData(frame, split, skill_index, *parts)


@dataclass
class WindowRun:
    """The sliding-window model, its training record and its test scores."""

    model: object
    fit_result: object
    test: object
    params: dict

    def to_dict(self) -> dict:
        fit = self.fit_result.to_dict()
        fit.pop("history")
        return {
            **self.params,
            **fit,
            "test_auc": self.test.auc,
            "test_rmse": self.test.rmse,
            "n_test_targets": self.test.n_targets,
        }


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
) -> WindowRun:
    """The sliding-window model on the same split, scored on the same test targets as DKT.

    Windows are cut from ``data``'s sequences; pass data prepared without ``max_length`` so
    that a window's context can reach back across what would be a chunk boundary.
    """
    from edulab.recurrent.training import fit, start_tensorflow
    from edulab.tracing.windows import sliding_windows

    start_tensorflow(random_state)
    from edulab.tracing.models import build_window_model
    from edulab.tracing.training import BatchFeed, evaluate

    train, validation, test = (sliding_windows(s, length, stride) for s in (data.train, data.validation, data.test))
    model = build_window_model(
        data.skill_index.n_skills,
        length,
        cell=cell,
        units=units,
        embedding_dim=embedding_dim,
        dropout=dropout,
        learning_rate=learning_rate,
    )
    record = fit(
        model, train, validation, epochs=epochs, batch_size=batch_size, patience=patience, feed=BatchFeed,
        random_state=random_state, progress=progress,
    )  # fmt: skip
    params = {"cell": cell, "units": units, "dropout": dropout, "window": length, "stride": stride}
    return WindowRun(model, record, evaluate(model, test), params)
