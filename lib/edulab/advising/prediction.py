"""Predicted grades of next-term courses by regression on prerequisite grades.

Al-Sarem (2017), section 6 and Table 11: eq. (4) needs grades of courses the student has not
taken yet, so the paper predicts them "by regression analysis ... based on the historical
records of all its prerequisite courses". For a course ``c`` with prerequisites ``P`` the kit
fits a linear regression of the final grade in ``c`` on the final grades in ``P`` over the
other students who have all of them. A course without prerequisites is regressed on the
student's mean grade over the terms before it was taken (the paper leaves that case open).
Every prediction comes with its training size and a cross-validated error next to the error
of always predicting the mean, so a reader sees how much the prerequisites tell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
from sklearn.base import RegressorMixin, clone
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_predict

from edulab.advising.curriculum import Curriculum
from edulab.advising.records import final_grades, student_records

PRIOR_MEAN = "prior mean grade"


def prior_mean_grades(records: pd.DataFrame) -> pd.Series:
    """Mean grade of each student over the terms before each term, indexed by (student, term).

    NaN for a student's first term.
    """
    per_term = records.groupby(["student", "term"])["grade"].agg(["sum", "count"])
    cumulative = per_term.groupby(level="student").cumsum()
    before = cumulative - per_term
    return (before["sum"] / before["count"].replace(0, np.nan)).rename(PRIOR_MEAN)


def _training_table(records: pd.DataFrame, course: str, features: list[str]) -> pd.DataFrame:
    """Rows of students with a final grade in ``course`` and in every feature course."""
    if features:
        table = final_grades(records)
        columns = [c for c in [*features, course] if c in table.columns]
        if len(columns) < len(features) + 1:
            return pd.DataFrame(columns=[*features, course])
        return table[[*features, course]].dropna()
    last = records.sort_values("attempt").drop_duplicates(["student", "course"], keep="last")
    rows = last[last["course"] == course].set_index(["student", "term"])["grade"].rename(course)
    joined = pd.concat([prior_mean_grades(records).reindex(rows.index), rows], axis=1).dropna()
    return joined.reset_index(level="term", drop=True)


def predict_grades(
    curriculum: Curriculum,
    records: pd.DataFrame,
    student: str,
    courses: Iterable[str],
    *,
    min_train: int = 10,
    model: RegressorMixin | Callable[[], RegressorMixin] | None = None,
    folds: int = 5,
) -> pd.DataFrame:
    """Predict ``student``'s grades in ``courses`` from their prerequisite grades.

    Parameters
    ----------
    curriculum, records
        The study plan and everyone's grade records.
    student
        Whose grades to predict; their own records never enter the training data.
    courses
        Courses to predict (typically the offered ones).
    min_train
        Fewest training students needed; below it the prediction is NaN and ``note`` says why.
    model
        A scikit-learn regressor (cloned for every course); ``LinearRegression()`` by default.
    folds
        Folds of the cross-validated error.

    Returns
    -------
    pandas.DataFrame
        By course: ``predicted`` (clipped to 0-100), ``features``, ``n_train``, ``cv_mae``
        (cross-validated mean absolute error), ``mean_mae`` (the same for always predicting
        the training mean), ``note``.
    """
    mine = student_records(records, student)
    others = records[records["student"] != student]
    own_final = final_grades(mine).iloc[0]
    own_prior = float(mine["grade"].mean())
    template = LinearRegression() if model is None else model
    rows = {}
    for course in courses:
        prerequisites = list(curriculum[course].prerequisites)
        features = prerequisites or [PRIOR_MEAN]
        row = {
            "predicted": np.nan,
            "features": ", ".join(features),
            "n_train": 0,
            "cv_mae": np.nan,
            "mean_mae": np.nan,
            "note": "",
        }
        if prerequisites and own_final.reindex(prerequisites).isna().any():
            missing = [p for p in prerequisites if pd.isna(own_final.get(p))]
            row["note"] = f"no grade in prerequisites {missing}"
            rows[course] = row
            continue
        train = _training_table(others, course, prerequisites)
        row["n_train"] = len(train)
        if len(train) < min_train:
            row["note"] = f"only {len(train)} students to learn from (min_train = {min_train})"
            rows[course] = row
            continue
        x, y = train[features].to_numpy(dtype=float), train[course].to_numpy(dtype=float)
        regressor = clone(template) if isinstance(template, RegressorMixin) else template()
        regressor.fit(x, y)
        target = own_final[prerequisites].to_numpy(dtype=float) if prerequisites else np.array([own_prior])
        row["predicted"] = float(np.clip(regressor.predict(target[None, :])[0], 0, 100))
        split = KFold(n_splits=min(folds, len(train)), shuffle=True, random_state=0)
        guessed = cross_val_predict(clone(regressor), x, y, cv=split)
        row["cv_mae"] = float(np.mean(np.abs(guessed - y)))
        fold_means = np.empty_like(y)
        for fit_rows, test_rows in split.split(x):
            fold_means[test_rows] = y[fit_rows].mean()
        row["mean_mae"] = float(np.mean(np.abs(fold_means - y)))
        rows[course] = row
    return pd.DataFrame.from_dict(rows, orient="index")
