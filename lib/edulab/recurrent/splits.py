"""Student-level splits: every answer, every week of a student falls in one part only.

Splitting rows at random would put early answers of a student in training and later ones in
test, and the model would be scored on students it has already seen. Splitting by student scores
it on new students. Both lectures use the seed's 80/20 then 80/20 split: 64% train, 16%
validation, 20% test students; lecture 02 stratifies on the pass/fail label so that the minority
class appears in each part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.errors import InputError

PARTS = ("train", "validation", "test")


@dataclass(frozen=True)
class StudentSplit:
    """Positions of the training, validation and test students in ``students``.

    Attributes
    ----------
    train, validation, test
        Sorted positions on the students axis (index arrays for a ``(students, ...)`` tensor).
    students
        The student ids the positions refer to.
    """

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray
    students: np.ndarray

    def parts(self) -> dict[str, np.ndarray]:
        """``{"train": positions, "validation": ..., "test": ...}``."""
        return {name: getattr(self, name) for name in PARTS}

    def sizes(self) -> dict[str, int]:
        """Students in each part."""
        return {name: len(positions) for name, positions in self.parts().items()}

    def ids(self, part: str) -> np.ndarray:
        """The student ids of one part (``"train"``, ``"validation"`` or ``"test"``)."""
        if part not in PARTS:
            raise ValueError(f"part={part!r}: expected one of {list(PARTS)}")
        return self.students[getattr(self, part)]

    def rows(self, frame: pd.DataFrame, part: str, column: str = "user_id") -> pd.DataFrame:
        """The rows of ``frame`` whose student is in ``part``, in their order and with their index."""
        return frame[frame[column].isin(self.ids(part))]


def split_students(
    students,
    *,
    labels=None,
    test_size: float = 0.2,
    validation_size: float = 0.2,
    random_state: int = 0,
) -> StudentSplit:
    """Hold out ``test_size`` of the students for test, then ``validation_size`` of the rest.

    Parameters
    ----------
    students
        Distinct student ids, in the order of the axis the positions index. A table's students
        are ``np.unique(frame["user_id"])``.
    labels
        One label per student: stratify both cuts on it (the label's rate stays the same in the
        three parts). None: no stratification.
    test_size
        Share of all students in the test part, strictly between 0 and 1.
    validation_size
        Share of the remaining students in the validation part, strictly between 0 and 1.
    random_state
        Seed of the shuffles.

    Returns
    -------
    StudentSplit
        Disjoint parts that together hold every student.
    """
    students = np.asarray(students)
    for name, share in (("test_size", test_size), ("validation_size", validation_size)):
        if not 0.0 < share < 1.0:
            raise ValueError(f"{name}={share!r}: expected a fraction strictly between 0 and 1")
    if students.ndim != 1 or len(pd.unique(students)) != len(students):
        raise ValueError(f"students: expected a 1-D array of distinct ids, got shape {students.shape} with repeats")
    if len(students) < 3:
        raise ValueError(
            f"{len(students)} student(s): need at least three to split by student (train, validation, test)"
        )
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != students.shape:
            raise ValueError(f"labels {labels.shape}: expected one label per student {students.shape}")
    rest, test = hold_out(len(students), test_size, labels=labels, random_state=random_state)
    train, validation = hold_out(
        len(rest), validation_size, labels=None if labels is None else labels[rest], random_state=random_state
    )
    return StudentSplit(rest[train], rest[validation], test, students)


def hold_out(n_students: int, size: float, *, labels=None, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``0 .. n_students - 1`` cut in two: the kept ones and ``size`` of them held out.

    Both are sorted. ``labels`` (one per position) stratifies the cut. The held-out count is
    ``ceil(size * n_students)``, scikit-learn's ``train_test_split``.
    """
    from sklearn.model_selection import train_test_split  # here: the command line imports this module

    if not 0.0 < size < 1.0:
        raise ValueError(f"size={size!r}: expected a fraction strictly between 0 and 1")
    try:
        kept, held = train_test_split(np.arange(n_students), test_size=size, random_state=random_state, stratify=labels)
    except ValueError as error:
        if labels is None:
            raise
        classes, counts = np.unique(np.asarray(labels), return_counts=True)
        raise InputError(
            f"{n_students} students with labels {dict(zip(classes.tolist(), counts.tolist()))}: too few to hold out "
            f"{size:g} of them stratified by label ({error}); expected more students of each label"
        ) from None
    return np.sort(kept), np.sort(held)
