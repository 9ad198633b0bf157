"""Interactions in the ASSISTments schema: validation, chronological order, skill codes.

The schema is one row per answer: ``user_id`` (the student), ``order_id`` (the answer's place in
time; any sortable integer), ``skill_name`` (the skill the problem trains) and ``correct`` (1 when
the first attempt was right, else 0). Extra columns (``problem_id``, the synthetic ``p_correct``)
are carried along untouched.

References
----------
Feng, M., Heffernan, N., Koedinger, K. (2009). Addressing the assessment challenge with an online
system that tutors as it assesses. User Modeling and User-Adapted Interaction 19(3), 243-266.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.errors import FileFormatError

#: The columns every interaction table must have, in this order.
COLUMNS = ("user_id", "order_id", "skill_name", "correct")

#: Largest absolute value of an integer id (``user_id``, ``order_id``): 2**53, so that every id
#: stays exact in float64 (pandas reads a column with an empty cell as floats) and in int64.
ID_LIMIT = 2**53


class SchemaError(FileFormatError):
    """An interaction table does not follow the schema.

    ``path`` is the file the table came from (or the name of a table given as a DataFrame),
    ``line`` the line in the file when the table was read from one; the message names the value.
    """


def validate_interactions(frame: pd.DataFrame, source: str = "interactions", row: str = "row") -> pd.DataFrame:
    """Check ``frame`` against the schema and return a copy with clean dtypes.

    Parameters
    ----------
    frame
        One row per answer with at least the columns of :data:`COLUMNS`.
    source
        Where the table came from (a file name), used in error messages.
    row
        What the index labels are, in error messages: ``"row"``, or ``"line"`` when the reader
        numbered the rows by their line in the file.

    Returns
    -------
    pandas.DataFrame
        A copy with ``order_id`` and ``correct`` as int64 and ``skill_name`` as str.

    Raises
    ------
    SchemaError
        No row, a missing column, an empty value, a ``user_id`` or ``order_id`` that is not an
        integer (or is beyond :data:`ID_LIMIT` in absolute value), a ``correct`` other than 0/1,
        or a ``(user_id, order_id, skill_name)`` triple that occurs twice; the message gives the
        first offending row (its index label, or its line when ``row="line"``) and value. One answer may carry
        several skills (rows sharing ``order_id``, as in the raw ASSISTments file); they keep
        the file's order.
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(source, f"expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise SchemaError(
            source,
            f"missing column(s) {missing}; expected {list(COLUMNS)}, found {list(frame.columns)}",
            line=1 if row == "line" else None,
        )
    if frame.empty:
        if row == "line":
            raise SchemaError(source, "no data line after the header; expected one row per answer", line=2)
        raise SchemaError(source, "no row; expected one row per answer")
    for column in COLUMNS:
        empty = frame[column].isna().to_numpy()
        if empty.any():
            raise _error(source, row, _label(frame, empty), f"empty {column!r}")
    clean = frame.copy()
    clean["user_id"] = _integers(frame["user_id"], "user_id", source, row)
    clean["order_id"] = _integers(frame["order_id"], "order_id", source, row)
    correct = _integers(frame["correct"], "correct", source, row)
    wrong = ~np.isin(correct.to_numpy(), (0, 1))
    if wrong.any():
        value = _show(frame["correct"].to_numpy()[wrong][0])
        raise _error(source, row, _label(frame, wrong), f"correct={value}, expected 0 or 1")
    clean["correct"] = correct
    clean["skill_name"] = frame["skill_name"].astype(str)
    repeated = clean.duplicated(subset=["user_id", "order_id", "skill_name"]).to_numpy()
    if repeated.any():
        first = clean[repeated].iloc[0]
        raise _error(
            source,
            row,
            _label(frame, repeated),
            f"user_id={first['user_id']}, order_id={first['order_id']}, skill_name={first['skill_name']!r} occurs "
            "twice (a duplicated row; remove duplicates first)",
        )
    return clean


def _error(source: str, row: str, label: object, message: str) -> SchemaError:
    """The error for the row labelled ``label``: at its line of the file, or naming the row."""
    if row == "line":
        return SchemaError(source, message, line=int(label))
    return SchemaError(source, f"{row} {label}: {message}")


def _show(value: object) -> str:
    """``repr`` of a cell value without NumPy's type wrapper (``2``, not ``np.int64(2)``)."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _label(frame: pd.DataFrame, flags: np.ndarray) -> object:
    return frame.index[np.flatnonzero(flags)[0]]


def _integers(column: pd.Series, name: str, source: str, row: str) -> pd.Series:
    numbers = pd.to_numeric(column, errors="coerce")
    values = numbers.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad = np.isnan(values) | (values % 1 != 0) | ~(np.abs(values) <= ID_LIMIT)
    if bad.any():
        raise _error(
            source,
            row,
            column.index[np.flatnonzero(bad)[0]],
            f"{name}={_show(column.to_numpy()[bad][0])}, expected an integer (at most {ID_LIMIT:,} in absolute value)",
        )
    return numbers.astype(np.int64)


def sort_interactions(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by student, each student's answers in time order, with a fresh 0..n-1 index."""
    return frame.sort_values(["user_id", "order_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class SkillIndex:
    """The skills of a data set and their integer codes (0..n_skills-1, alphabetical).

    Fit it on the whole data set before splitting, so that training and test students share
    one code per skill (the seed lecture's ``pd.factorize(..., sort=True)``).
    """

    names: tuple[str, ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> SkillIndex:
        return cls(tuple(sorted(frame["skill_name"].astype(str).unique())))

    @property
    def n_skills(self) -> int:
        return len(self.names)

    def codes(self, skill_names: pd.Series | np.ndarray) -> np.ndarray:
        """Integer code of each skill name; raises :class:`SchemaError` on an unknown skill."""
        values = np.asarray(skill_names, dtype=object)
        codes = pd.Index(self.names).get_indexer(values)
        unknown = codes < 0
        if unknown.any():
            raise SchemaError(
                "skill index",
                f"skill {str(values[unknown][0])!r} is not among the {self.n_skills} skills this index was built on",
            )
        return codes.astype(np.int32)


def summarise(frame: pd.DataFrame) -> dict[str, float]:
    """The figures a generator is calibrated on: sizes, sequence lengths and the correct rate."""
    lengths = frame.groupby("user_id", sort=False).size().to_numpy()
    return {
        "students": int(len(lengths)),
        "skills": int(frame["skill_name"].nunique()),
        "interactions": int(len(frame)),
        "length_mean": float(lengths.mean()),
        "length_median": float(np.median(lengths)),
        "length_p90": float(np.quantile(lengths, 0.9)),
        "length_max": int(lengths.max()),
        "correct_rate": float(frame["correct"].mean()),
    }
