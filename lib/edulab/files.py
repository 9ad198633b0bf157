"""Opening the files a user gives: one place that names the file whatever is wrong with it.

Every reader of the kit opens its input through these helpers instead of ``open`` or
``pandas.read_csv`` on the path, so that a missing file, a folder where a file was expected, an
empty file, bytes that are not UTF-8 or a row with too many fields all end in an error that
names the file (and the line and column when there is one):

- :func:`check_file`: the path exists and is a file (a folder is reported as a folder);
- :func:`read_text`: the whole file as text, strictly UTF-8 (a byte-order mark is dropped);
- :func:`open_text`: the same as a file object, for parsers that read line by line;
- :func:`read_csv`: a CSV file as a DataFrame, through :func:`read_text` (pandas' keyword
  arguments pass through), optionally checking the required columns;
- :func:`check_folder`, :func:`ensure_folder`: a folder that must exist, or may be created;
- :func:`check_output_path`: a file the kit may write (its folder exists; nothing is created).

Errors are those of :mod:`edulab.errors`: :class:`~edulab.errors.MissingFileError` (a
``FileNotFoundError``), :class:`~edulab.errors.NotAFileError` (an ``IsADirectoryError``),
:class:`~edulab.errors.NotAFolderError` (a ``NotADirectoryError``) and
:class:`~edulab.errors.FileFormatError` (a ``ValueError``) for the content.

>>> from edulab.files import read_csv
>>> grades = read_csv("grades.csv", required=("student", "grade"), dtype=str)   # doctest: +SKIP
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edulab.errors import FileFormatError, MissingFileError, NotAFileError, NotAFolderError

if TYPE_CHECKING:
    import pandas as pd


def check_file(path: str | Path) -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` when it is an existing file.

    Raises
    ------
    MissingFileError
        Nothing exists there (the message says which parent folder is missing, if one is).
    NotAFileError
        It is a folder.
    NotAFolderError
        Its "folder" is a file (``grades.csv/x``).
    """
    path = Path(path)
    if path.is_dir():
        raise NotAFileError(path, f"{path}: is a folder; expected a file")
    if not path.exists():
        parent = path.parent
        if parent != path and not parent.exists():
            raise MissingFileError(path, f"{path}: no such file (the folder {parent} does not exist)")
        if parent != path and not parent.is_dir():
            raise NotAFolderError(parent, f"{path}: no such file ({parent} is a file, not a folder)")
        raise MissingFileError(path, f"{path}: no such file")
    return path


def check_folder(path: str | Path) -> Path:
    """Return ``path`` when it is an existing folder; a file there or nothing there is an error."""
    path = Path(path)
    if not path.exists():
        raise MissingFileError(path, f"{path}: no such folder")
    if not path.is_dir():
        raise NotAFolderError(path, f"{path}: is a file; expected a folder")
    return path


def ensure_folder(path: str | Path, *, what: str = "folder") -> Path:
    """Create folder ``path`` (and its parents) when missing; return it.

    ``what`` names the folder in the error raised when ``path`` or one of its parents is a file
    (e.g. ``"the data cache (EDULAB_DATA_HOME)"``).
    """
    path = Path(path)
    for folder in (path, *path.parents):
        if folder.exists():
            if not folder.is_dir():
                where = "" if folder == path else f" (in {path})"
                raise NotAFolderError(folder, f"{folder}: is a file; expected a folder for {what}{where}")
            break
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_output_path(path: str | Path) -> Path:
    """Return ``path`` when the kit may write a file there; nothing is created.

    One behaviour for every output of the kit: the file's folder must already exist (a typo in a
    folder name is reported instead of creating folders anywhere on the filesystem); an
    existing file is overwritten.

    Raises
    ------
    MissingFileError
        The folder does not exist.
    NotAFolderError
        The "folder" is a file.
    NotAFileError
        ``path`` is a folder.
    PermissionError
        The folder is not writable.
    """
    path = Path(path)
    if path.is_dir():
        raise NotAFileError(path, f"{path}: is a folder; expected a file name to write")
    folder = path.parent
    if not folder.exists():
        raise MissingFileError(folder, f"{path}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise NotAFolderError(folder, f"{path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PermissionError(f"{path}: not writable (permission denied)")
    return path


def read_text(path: str | Path, *, allow_empty: bool = False) -> str:
    """The content of a UTF-8 text file, with the file named in every error.

    Parameters
    ----------
    path
        The file.
    allow_empty
        Accept a file with nothing but white space (by default an error: every reader of the
        kit expects at least a header).

    Raises
    ------
    MissingFileError, NotAFileError
        See :func:`check_file`.
    FileFormatError
        The file is empty, or holds bytes that are not UTF-8 (the message gives the line and
        column of the first one, and the byte).
    """
    path = check_file(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise FileFormatError(
            path,
            f"byte 0x{data[start]:02x} is not UTF-8 text; expected a UTF-8 text file",
            line=line,
            column=column,
        ) from None
    if not allow_empty and not text.strip():
        raise FileFormatError(path, "the file is empty" if not data else "the file holds only white space")
    return text


def open_text(path: str | Path, *, allow_empty: bool = False) -> io.StringIO:
    """:func:`read_text` as a file object, for parsers that iterate over lines."""
    return io.StringIO(read_text(path, allow_empty=allow_empty))


def read_csv(path: str | Path, *, required: Sequence[str] = (), **options: Any) -> pd.DataFrame:
    """Read a CSV file with pandas, with the file named in every error.

    Parameters
    ----------
    path
        The file (UTF-8, with a header line).
    required
        Columns the file must have; a missing one is a :class:`FileFormatError` at line 1.
    **options
        Passed to :func:`pandas.read_csv` (``dtype``, ``keep_default_na``, ...).

    Raises
    ------
    FileFormatError
        Besides the errors of :func:`read_text`: no header, a row with more fields than the
        header (pandas' message gives the line), or a required column missing.
    """
    import pandas as pd

    text = read_text(path)
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.EmptyDataError:
        raise FileFormatError(path, "no header line; expected comma-separated column names") from None
    except pd.errors.ParserError as error:
        raise FileFormatError(path, f"{str(error).strip()}; expected the same number of fields on every line") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise FileFormatError(
            path,
            f"missing columns {missing}; expected the columns {list(required)}, found {list(frame.columns)}",
            line=1,
        )
    return frame
