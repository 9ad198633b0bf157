"""Reading interaction data: the AKT copies of ASSISTments, plain CSV files, the shipped set.

:func:`read_akt_folder` is the registry's loader for ``assistments2009`` and ``assistments2017``;
:func:`load_interactions` is what the lecture and the command line call with ``"synthetic"``, a
registered name or a path.

References
----------
Ghosh, A., Heffernan, N., Lan, A. S. (2020). Context-aware attentive knowledge tracing. KDD 2020.
(The AKT preprocessing: duplicates removed, chronological order, problem ids; github.com/arghosh/AKT.)
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd

from edulab import files
from edulab.errors import InputError, MissingFileError
from edulab.tracing.interactions import COLUMNS, ID_LIMIT, SchemaError, sort_interactions, validate_interactions

#: Names :func:`load_interactions` resolves through the dataset registry.
REGISTERED = ("synthetic", "assistments2009", "assistments2017")
SYNTHETIC_DATASET = "tracing-synthetic"


def read_akt_folder(folder: str | Path) -> pd.DataFrame:
    """Read an AKT ``*_pid`` folder into the ASSISTments schema.

    Each ``*_pid_test<k>.csv`` file (plain or ``.gz``) holds 4 lines per student: ``user_index,
    original_user_id``; problem indices; skill indices; correct flags. ``skill.json`` and
    ``problems.json`` map original names and ids to those indices. The test folds are disjoint
    and together hold the whole data set.

    Parameters
    ----------
    folder
        The folder holding the fold files and the json maps.

    Returns
    -------
    pandas.DataFrame
        Columns ``user_id`` (original ASSISTments id), ``order_id`` (0-based chronological
        position within the student), ``skill_name``, ``correct``, ``problem_id`` (original id);
        sorted by student and time.

    Raises
    ------
    FileNotFoundError
        No such folder, no fold file or a missing json map.
    SchemaError
        A malformed block, a json map that is not a JSON object of indices, or a fold that is
        not UTF-8 text or not gzip data (the message names the file and line).
    """
    folder = files.check_folder(folder)
    folds = sorted(p for p in folder.iterdir() if "_test" in p.name and p.name.endswith((".csv", ".csv.gz")))
    if not folds:
        raise MissingFileError(folder, f"{folder}: no AKT fold files (*_test<k>.csv or .csv.gz)")
    skills = _inverse_map(folder / "skill.json")
    problems = _inverse_map(folder / "problems.json")
    blocks = [block for path in folds for block in _read_blocks(path, skills, problems)]
    users = np.concatenate([np.full(len(b[1]), b[0], dtype=np.int64) for b in blocks])
    repeated = pd.Index([b[0] for b in blocks]).duplicated()
    if repeated.any():
        raise SchemaError(folder, f"student {blocks[int(np.flatnonzero(repeated)[0])][0]} appears in two folds")
    frame = pd.DataFrame(
        {
            "user_id": users,
            "order_id": np.concatenate([np.arange(len(b[1]), dtype=np.int64) for b in blocks]),
            "skill_name": skills[np.concatenate([b[2] for b in blocks])],
            "correct": np.concatenate([b[3] for b in blocks]),
            "problem_id": _as_integers(problems[np.concatenate([b[1] for b in blocks])]),
        }
    )
    return sort_interactions(frame)


def _as_integers(values: np.ndarray) -> np.ndarray:
    """Original ids as int64 when they all are integers (ASSISTments ids are), else as they are."""
    try:
        return values.astype(np.int64)
    except ValueError:
        return values


def _inverse_map(path: Path) -> np.ndarray:
    """``{"original": index}`` as an array indexed by ``index`` (slot 0 unused by AKT)."""
    if not path.exists():
        raise MissingFileError(path, f"{path}: missing (the AKT folder needs skill.json and problems.json)")
    try:
        mapping = json.loads(files.read_text(path))
    except json.JSONDecodeError as error:
        raise SchemaError(path, f"{error.msg}; expected a JSON object", line=error.lineno, column=error.colno) from None
    indices = list(mapping.values()) if isinstance(mapping, dict) else []
    if not indices or not all(type(i) is int and 0 <= i < 10**7 for i in indices):
        raise SchemaError(path, "expected a non-empty JSON object mapping names to indices from 0 to 9,999,999")
    table = np.empty(max(indices) + 1, dtype=object)
    table[list(mapping.values())] = list(mapping.keys())
    return table


def _read_blocks(path: Path, skills: np.ndarray, problems: np.ndarray):
    """Yield ``(user_id, problem_indices, skill_indices, correct)`` for each 4-line block."""
    lines = _fold_text(path).splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise SchemaError(path, "no student; expected 4 lines per student")
    if len(lines) % 4:
        raise SchemaError(path, f"{len(lines)} lines, expected a multiple of 4 (4 lines per student)")
    for start in range(0, len(lines), 4):
        header = lines[start].split(",")
        if len(header) != 2 or not header[1].strip().isdigit() or int(header[1]) > ID_LIMIT:
            raise SchemaError(
                path,
                f"{lines[start][:60]!r}, expected 'user_index,original_user_id' (an id up to {ID_LIMIT:,})",
                line=start + 1,
            )
        rows = [_integers(path, start + k + 1, lines[start + k]) for k in (1, 2, 3)]
        if len({len(r) for r in rows}) != 1:
            raise SchemaError(
                path,
                f"{len(rows[0])} problems, {len(rows[1])} skills, {len(rows[2])} answers on lines {start + 2}-{start + 4}; "
                "expected as many of each",
                line=start + 2,
            )
        _check_range(path, start + 2, rows[0], problems, "problem index")
        _check_range(path, start + 3, rows[1], skills, "skill index")
        if not np.isin(rows[2], (0, 1)).all():
            flag = rows[2][~np.isin(rows[2], (0, 1))][0]
            raise SchemaError(path, f"correct flag {flag}, expected 0 or 1", line=start + 4)
        yield int(header[1]), rows[0], rows[1], rows[2]


def _fold_text(path: Path) -> str:
    """A fold file's text; a ``.gz`` one is decompressed (a damaged archive names the file)."""
    if path.suffix != ".gz":
        return files.read_text(path)
    try:
        data = gzip.decompress(files.check_file(path).read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise SchemaError(path, f"not a complete gzip file ({error}); expected a gzip-compressed CSV") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SchemaError(
            path, f"byte 0x{data[error.start]:02x} is not UTF-8 text (after decompression)", line=line
        ) from None


def _integers(path: Path, line: int, text: str) -> np.ndarray:
    try:
        return np.array(text.strip().strip(",").split(","), dtype=np.int64)
    except (ValueError, OverflowError):
        raise SchemaError(path, f"{text[:60]!r}..., expected comma-separated integers", line=line) from None


def _check_range(path: Path, line: int, values: np.ndarray, table: np.ndarray, what: str) -> None:
    bad = (values < 1) | (values >= len(table))
    if not bad.any():
        bad = pd.isna(table[values])
    if bad.any():
        raise SchemaError(path, f"{what} {values[bad][0]} is not in the json map", line=line)


def read_interactions_csv(path: str | Path) -> pd.DataFrame:
    """Read a CSV file in the schema, validate it and sort it by student and time.

    The file is opened through :func:`edulab.files.read_csv` (a missing file, a folder, an
    empty file or bytes that are not UTF-8 are named as such). Errors name the file and the line
    (the header is line 1; a blank line counts, and is refused as an empty row).

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        No such file, or a folder.
    FileFormatError
        Besides the :class:`SchemaError` of :func:`validate_interactions` (no data line, a
        missing column, a bad value), text that cannot be read as CSV.
    """
    frame = files.read_csv(path, required=COLUMNS, low_memory=False, skip_blank_lines=False)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return sort_interactions(validate_interactions(frame, source=str(path), row="line"))


def load_interactions(source: str | Path, **kwargs) -> pd.DataFrame:
    """Interactions from ``"synthetic"`` (the shipped set), a registered data set or a CSV path.

    Parameters
    ----------
    source
        ``"synthetic"``, ``"assistments2009"``, ``"assistments2017"``, or the path of a CSV file
        in the schema.
    **kwargs
        Passed to the registry loader (for registered names).
    """
    from edulab import datasets

    if str(source) in REGISTERED:
        name = SYNTHETIC_DATASET if source == "synthetic" else str(source)
        return datasets.load(name, **kwargs)
    path = Path(source)
    if path.suffix != ".csv" and not path.is_file():
        raise InputError(f"data source {str(source)!r}: expected one of {list(REGISTERED)} or the path of a CSV file")
    return read_interactions_csv(path)
