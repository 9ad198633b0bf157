"""Student-level splits: a student's weeks never end up on both sides of a split."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split


@dataclass(frozen=True)
class StudentSplit:
    """Positions (on the students axis) of the training, validation and test students."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "validation": len(self.validation), "test": len(self.test)}


def split_students(
    labels: np.ndarray,
    *,
    test_size: float = 0.2,
    validation_size: float = 0.2,
    stratify: bool = True,
    random_state: int = 0,
) -> StudentSplit:
    """Split students into train, validation and test, stratified on the label by default.

    ``test_size`` is a share of all students; ``validation_size`` a share of the remaining ones (as
    in the seed lecture: 80/20 then 80/20 again, i.e. 64/16/20).

    Parameters
    ----------
    labels
        ``(students,)`` one label per student (1 = failed, 0 = passed).
    stratify
        Keep the fail rate equal in the three parts (what early prediction needs: the minority
        class must appear in each of them).
    random_state
        Seed of the shuffle.
    """
    labels = np.asarray(labels)
    for name, share in (("test_size", test_size), ("validation_size", validation_size)):
        if not 0 < share < 1:
            raise ValueError(f"{name} must lie strictly between 0 and 1, got {share}")
    positions = np.arange(len(labels))
    rest, test = train_test_split(
        positions, test_size=test_size, random_state=random_state, stratify=labels if stratify else None
    )
    train, validation = train_test_split(
        rest, test_size=validation_size, random_state=random_state, stratify=labels[rest] if stratify else None
    )
    return StudentSplit(train=np.sort(train), validation=np.sort(validation), test=np.sort(test))
