"""Reading the lecture's data sets into one validated container, :class:`MoocData`.

Three sources share the schema of :mod:`edulab.mooc.schema`:

- ``epfl-mooc`` (registry): weekly quiz scores and pass/fail labels of 5,969 learners of an
  EPFL MOOC, 10 weeks. Its weekly behaviour-feature file is not public any more, so this data set
  has quizzes and labels only.
- ``flipped-classroom`` (registry): 33 weekly behaviour features of 288 students of EPFL's
  flipped linear-algebra course, with the final grade (Swiss scale; passed when grade >= 4).
- ``mooc-synthetic`` (shipped): the 42 weekly features of the MOOC feature file, quizzes and
  labels simulated by :mod:`edulab.mooc.synthetic`, with each student's true pass probability.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from edulab import files
from edulab.errors import InputError
from edulab.mooc.schema import (
    FAIL,
    LABEL,
    PASS,
    QUIZ,
    USER,
    WEEK,
    SchemaError,
    as_integer_ids,
    check_labels,
    check_quizzes,
    check_weekly,
    show_value,
)
from edulab.mooc.tensors import quiz_arrays, weekly_tensor

FEATURES_FILE = "mooc_feat.csv"
QUIZZES_FILE = "mooc_quizzes.csv"
LABELS_FILE = "mooc_lab.csv"
TRUTH_FILE = "mooc_truth.csv"
FLIPPED_WEEKLY_FILE = "time_series_extended_fc.csv"
FLIPPED_STUDENTS_FILE = "aggregated_extended_fc.csv"
PASSING_GRADE = 4.0

#: The registered data sets in this schema, by the names ``datasets.load`` and the command line take.
DATASETS = ("mooc-synthetic", "epfl-mooc", "flipped-classroom")


@dataclass
class WeeklyArrays:
    """One data set as arrays, every axis aligned on :attr:`students` and :attr:`weeks`.

    Attributes
    ----------
    students, weeks
        Ids of the first and second axis.
    labels
        ``(students,)`` 1 = failed, 0 = passed.
    features
        ``(students, weeks, k)`` raw weekly features, or None.
    scores
        ``(students, weeks, 1)`` quiz scores (NaN where no quiz), or None.
    observed
        ``(students, weeks)`` True where the student took the quiz, or None.
    pass_probability
        ``(students,)`` the simulator's true pass probability, or None (real data).
    """

    students: np.ndarray
    weeks: np.ndarray
    labels: np.ndarray
    features: np.ndarray | None = None
    scores: np.ndarray | None = None
    observed: np.ndarray | None = None
    pass_probability: np.ndarray | None = None

    def take(self, index: np.ndarray) -> WeeklyArrays:
        """The same arrays for the students at ``index`` (positions on the first axis)."""
        pick = lambda a: None if a is None else a[index]  # noqa: E731
        return replace(
            self,
            students=self.students[index],
            labels=self.labels[index],
            features=pick(self.features),
            scores=pick(self.scores),
            observed=pick(self.observed),
            pass_probability=pick(self.pass_probability),
        )


@dataclass
class MoocData:
    """A course's weekly tables, validated and checked to cover the same students.

    Attributes
    ----------
    name
        Where the data come from.
    labels
        ``user_id``, ``label-pass-fail`` (1 = failed), possibly more columns (``grade``).
    features
        Weekly behaviour features (``user_id``, ``week``, :attr:`feature_names`), or None.
    quizzes
        Weekly quizzes (``user_id``, ``week``, ``quiz_correct``), or None.
    truth
        Simulated data only: ``user_id`` and the latent ``engagement``, ``ability`` and
        ``pass_probability`` of each student.
    sources
        The file each table was read from, by table (``"labels"``, ``"features"``,
        ``"quizzes"``, ``"truth"``), named in errors; empty for tables built in memory.
    """

    name: str
    labels: pd.DataFrame
    features: pd.DataFrame | None = None
    quizzes: pd.DataFrame | None = None
    truth: pd.DataFrame | None = None
    feature_names: tuple[str, ...] = field(default=())
    sources: dict[str, str] = field(default_factory=dict)

    def _source(self, table: str) -> str:
        return self.sources.get(table, f"{self.name} {table}")

    def __post_init__(self) -> None:
        if self.features is None and self.quizzes is None:
            raise InputError(f"{self.name}: a course needs weekly features or weekly quizzes")
        if self.features is not None and not self.feature_names:
            self.feature_names = tuple(c for c in self.features.columns if c not in (USER, WEEK))
        students = set(self.labels[USER])
        for table, what in ((self.features, "features"), (self.quizzes, "quizzes"), (self.truth, "truth")):
            if table is None:
                continue
            extra = set(table[USER]) - students
            if extra:
                raise SchemaError(
                    self._source(what),
                    f"{len(extra)} student(s) of the {what} have no label (first: {min(extra)}); labels from {self._source('labels')}",
                )

    @property
    def students(self) -> np.ndarray:
        """Every labelled student, sorted by id."""
        return np.sort(self.labels[USER].to_numpy())

    @property
    def weeks(self) -> np.ndarray:
        table = self.quizzes if self.quizzes is not None else self.features
        return np.sort(table[WEEK].unique())

    @property
    def fail_rate(self) -> float:
        return float((self.labels[LABEL] == FAIL).mean())

    def arrays(self, *, fill_features: float | None = None) -> WeeklyArrays:
        """All tables as aligned arrays (see :class:`WeeklyArrays`).

        ``fill_features`` fills (student, week) pairs absent from the feature table; by default
        an absent pair is an error.
        """
        students, weeks = self.students, self.weeks
        labels = self.labels.set_index(USER)[LABEL].reindex(students).to_numpy(dtype=np.int64)
        arrays = WeeklyArrays(students=students, weeks=weeks, labels=labels)
        if self.features is not None:
            arrays.features = weekly_tensor(
                self.features, self.feature_names, students, weeks, fill=fill_features, source=self._source("features")
            )
        if self.quizzes is not None:
            arrays.scores, arrays.observed = quiz_arrays(self.quizzes, students, weeks, source=self._source("quizzes"))
        if self.truth is not None:
            arrays.pass_probability = self.truth.set_index(USER)["pass_probability"].reindex(students).to_numpy()
        return arrays

    def sample(self, n_students: int, random_state: int = 0) -> MoocData:
        """A random subset of ``n_students`` students, stratified by label (all of them when ``n_students`` is their number).

        Raises
        ------
        InputError
            ``n_students`` is not a positive integer, or is larger than the course's students.
        """
        if isinstance(n_students, bool) or not isinstance(n_students, (int, np.integer)) or n_students < 1:
            raise InputError(f"n_students={n_students!r}: expected a positive integer")
        if n_students > len(self.labels):
            raise InputError(f"n_students={n_students}: {self.name} has only {len(self.labels)} students")
        if n_students == len(self.labels):
            return self
        from sklearn.model_selection import train_test_split

        try:
            keep, _ = train_test_split(
                self.labels[USER].to_numpy(),
                train_size=n_students,
                random_state=random_state,
                stratify=self.labels[LABEL].to_numpy(),
            )
        except ValueError as error:
            raise InputError(f"n_students={n_students}: too few to sample stratified by label ({error})") from None
        chosen = lambda t: None if t is None else t[t[USER].isin(keep)].reset_index(drop=True)  # noqa: E731
        return replace(
            self,
            name=f"{self.name} ({n_students} students)",
            labels=chosen(self.labels),
            features=chosen(self.features),
            quizzes=chosen(self.quizzes),
            truth=chosen(self.truth),
        )

    def summary(self) -> dict[str, object]:
        """Sizes and rates, as the lecture prints them."""
        summary: dict[str, object] = {
            "name": self.name,
            "students": len(self.labels),
            "weeks": len(self.weeks),
            "features": len(self.feature_names),
            "fail rate": round(self.fail_rate, 4),
        }
        if self.quizzes is not None:
            summary["weeks without quiz"] = round(float(self.quizzes[QUIZ].isna().mean()), 4)
            summary["mean quiz score"] = round(float(self.quizzes[QUIZ].mean()), 4)
        return summary


def _read_csv(path: Path, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV file through :func:`edulab.files.read_csv`: a missing file, a folder, an empty file, bytes
    that are not UTF-8 and a missing column are errors naming the file. Blank lines are kept (as
    empty rows, refused by the checks) so that a row's index + 2 is its line in the file."""
    return files.read_csv(path, required=required, low_memory=False, skip_blank_lines=False)


def read_quizzes(path: str | Path) -> pd.DataFrame:
    """Read and validate a weekly quiz file (``user_id, week, quiz_correct``).

    Errors (:class:`~edulab.mooc.schema.SchemaError`, a :class:`~edulab.errors.FileFormatError`)
    name the file and the line: see :func:`~edulab.mooc.schema.check_quizzes`.
    """
    return check_quizzes(_read_csv(Path(path), (USER, WEEK, QUIZ)), source=str(path), consecutive=True)


def read_labels(path: str | Path) -> pd.DataFrame:
    """Read and validate a label file (``user_id, label-pass-fail``; 1 = failed)."""
    return check_labels(_read_csv(Path(path), (USER, LABEL)), source=str(path))


def read_truth(path: str | Path) -> pd.DataFrame:
    """Read a simulated course's truth file (``user_id``, ``pass_probability`` in [0, 1], more columns kept)."""
    frame = _read_csv(Path(path), (USER, "pass_probability"))
    users = as_integer_ids(frame, USER, str(path))
    probability = pd.to_numeric(frame["pass_probability"], errors="coerce")
    bad = ~probability.between(0, 1)
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        value = show_value(frame["pass_probability"].iloc[position])
        raise SchemaError(path, f"pass_probability={value}; expected a probability in [0, 1]", line=position + 2)
    return frame.assign(**{USER: users, "pass_probability": probability})


def read_weekly_features(path: str | Path, feature_names: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read and validate a weekly feature file; by default every column but ``user_id``/``week`` is a feature."""
    frame = _read_csv(Path(path), (USER, WEEK, *(feature_names or ())))
    names = feature_names or tuple(c for c in frame.columns if c not in (USER, WEEK))
    return check_weekly(frame, names, source=str(path), consecutive=True)


def read_mooc_folder(folder: str | Path, *, name: str | None = None) -> MoocData:
    """Read a folder in the MOOC layout: ``mooc_lab.csv`` and at least one of ``mooc_feat.csv`` and
    ``mooc_quizzes.csv``, plus ``mooc_truth.csv`` for simulated data."""
    folder = files.check_folder(folder)
    optional = lambda file, reader: reader(folder / file) if (folder / file).exists() else None  # noqa: E731
    features = optional(FEATURES_FILE, read_weekly_features)
    quizzes = optional(QUIZZES_FILE, read_quizzes)
    if features is None and quizzes is None:
        raise FileNotFoundError(f"{folder}: neither {FEATURES_FILE} nor {QUIZZES_FILE} is there")
    _check_same_weeks(features, quizzes, folder)
    truth = optional(TRUTH_FILE, read_truth)
    files_read = {"labels": LABELS_FILE, "features": FEATURES_FILE, "quizzes": QUIZZES_FILE, "truth": TRUTH_FILE}
    return MoocData(
        name=name or folder.name,
        labels=read_labels(folder / LABELS_FILE),
        features=features,
        quizzes=quizzes,
        truth=truth,
        sources={table: str(folder / file) for table, file in files_read.items() if (folder / file).exists()},
    )


def _check_same_weeks(features: pd.DataFrame | None, quizzes: pd.DataFrame | None, folder: Path) -> None:
    """The feature and quiz files of one course must describe the same weeks."""
    if features is None or quizzes is None:
        return
    feature_weeks, quiz_weeks = np.unique(features[WEEK]), np.unique(quizzes[WEEK])
    if not np.array_equal(feature_weeks, quiz_weeks):
        raise SchemaError(
            folder,
            f"{FEATURES_FILE} has weeks {feature_weeks.min()}..{feature_weeks.max()} and {QUIZZES_FILE} weeks "
            f"{quiz_weeks.min()}..{quiz_weeks.max()}; expected the same weeks in both",
        )


def read_epfl_mooc_folder(folder: str | Path) -> MoocData:
    """Loader of the ``epfl-mooc`` data set: quizzes and labels of 5,969 learners (no feature file).

    The weekly behaviour features (``mooc_feat.csv``) of the original lecture are not public any
    more; this data set supports tracing from the quiz history and early prediction from the quiz
    weeks alone.
    """
    folder = Path(folder)
    return MoocData(
        name="epfl-mooc",
        labels=read_labels(folder / LABELS_FILE),
        quizzes=read_quizzes(folder / QUIZZES_FILE),
        sources={"labels": str(folder / LABELS_FILE), "quizzes": str(folder / QUIZZES_FILE)},
    )


def read_flipped_classroom_folder(folder: str | Path) -> MoocData:
    """Loader of the ``flipped-classroom`` data set: 33 weekly features of 288 students and their grade.

    The label is derived from the final grade on the Swiss 1-6 scale: passed (0) when
    ``grade >= 4``, failed (1) otherwise. ``labels`` keeps ``grade``, ``gender``, ``category`` and
    ``year``.
    """
    folder = Path(folder)
    weekly_path = folder / FLIPPED_WEEKLY_FILE
    weekly = _read_csv(weekly_path, ("user", WEEK)).rename(columns={"user": USER})
    names = tuple(c for c in weekly.columns if c not in (USER, WEEK))
    features = check_weekly(weekly, names, source=str(weekly_path), consecutive=True)
    students_path = folder / FLIPPED_STUDENTS_FILE
    students = _read_csv(students_path, ("user", "grade", "gender", "category", "year")).rename(columns={"user": USER})
    grades = pd.to_numeric(students["grade"], errors="coerce")
    outside = ~grades.between(1, 6)  # also catches empty and non-numeric grades (NaN)
    if outside.any():
        position = int(np.flatnonzero(outside.to_numpy())[0])
        raise SchemaError(
            students_path,
            f"grade {show_value(students['grade'].iloc[position])} is not on the Swiss scale 1-6",
            line=position + 2,
        )
    labels = students[[USER, "grade", "gender", "category", "year"]].assign(
        grade=grades, **{LABEL: np.where(grades >= PASSING_GRADE, PASS, FAIL)}
    )
    return MoocData(
        name="flipped-classroom",
        labels=check_labels(labels, source=str(students_path)),
        features=features,
        feature_names=names,
        sources={"labels": str(students_path), "features": str(weekly_path)},
    )
