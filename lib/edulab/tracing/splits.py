"""Student-level splits: every answer of a student falls in one split only.

Splitting rows at random would put early answers of a student in training and later ones in
test, and the model would be scored on students it has already seen. Splitting by student (the
seed lecture's ``GroupShuffleSplit`` on ``user_id``) scores it on new students.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupShuffleSplit


def split_students(frame: pd.DataFrame, test_size: float = 0.2, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the interactions into two tables with disjoint students.

    Parameters
    ----------
    frame
        Interactions with a ``user_id`` column.
    test_size
        Share of the *students* in the second table.
    random_state
        Seed of the shuffle.

    Returns
    -------
    (first, second)
        The rows of about ``1 - test_size`` and ``test_size`` of the students, in their
        original order and with their original index.
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size={test_size!r}: expected a fraction strictly between 0 and 1")
    if frame["user_id"].nunique() < 2:
        raise ValueError("need at least two students to split by student")
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    first, second = next(splitter.split(np.zeros(len(frame)), groups=frame["user_id"].to_numpy()))
    return frame.iloc[np.sort(first)], frame.iloc[np.sort(second)]


@dataclass
class StudentSplit:
    """Training, validation and test interactions, with disjoint students."""

    train: pd.DataFrame
    validation: pd.DataFrame
    test: pd.DataFrame

    def sizes(self) -> dict[str, int]:
        """Students in each split."""
        return {name: int(getattr(self, name)["user_id"].nunique()) for name in ("train", "validation", "test")}


def train_validation_test(
    frame: pd.DataFrame, test_size: float = 0.2, validation_size: float = 0.2, random_state: int = 0
) -> StudentSplit:
    """Hold out ``test_size`` of the students for test, then ``validation_size`` of the rest.

    The seed lecture's 80/20 then 80/20 split: 64% train, 16% validation, 20% test students.
    """
    rest, test = split_students(frame, test_size, random_state)
    train, validation = split_students(rest, validation_size, random_state)
    return StudentSplit(train, validation, test)
