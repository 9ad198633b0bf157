"""The errors edulab raises for bad input, and which errors the command line reports in one line.

A *library error* is an error caused by what the user gave (a file, an option, a value), not
by a bug. The ``edulab`` command prints it as one line, ``edulab: error: <file or option>:
<what was expected>``, and exits with status 2; ``edulab --debug ...`` shows the traceback
instead. Any other exception is a bug and keeps its traceback.

Library errors are, by :func:`is_library_error`:

- every :class:`EdulabError` (the kit's own classes below, and topic classes derived from them);
- ``ValueError`` (the kit's documented way to refuse a bad value, in the manner of scikit-learn
  and ``alns``), ``OSError`` (a missing, unreadable or unwritable file) and ``LookupError``
  (an unknown name, e.g. :class:`edulab.datasets.UnknownDatasetError`), **except** a bare
  ``KeyError`` or ``IndexError``, which almost always come from a bug in the code.

A topic package signals bad input by raising :class:`InputError` (a value) or
:class:`FileFormatError` (a file's content, with its line and column), or a subclass of its own;
an existing ``ValueError`` subclass becomes an edulab error by adding :class:`InputError` (or
:class:`EdulabError`) to its bases.

>>> from edulab.errors import FileFormatError
>>> str(FileFormatError("grades.csv", "'A+' is not a number; expected 0 to 100", line=3, column="grade"))
"grades.csv, line 3, column grade: 'A+' is not a number; expected 0 to 100"
"""

from __future__ import annotations

from pathlib import Path


class EdulabError(Exception):
    """Base of the errors caused by the user's input (files, options, values)."""


class InputError(EdulabError, ValueError):
    """A value (an option, an argument, a judgment) that is not what was expected."""


class FileFormatError(InputError):
    """A file whose content cannot be read as expected; the message names the file and place.

    Parameters
    ----------
    path
        The file.
    message
        What was found and what was expected.
    line
        Line number (from 1), when known.
    column
        Column number (from 1) or column name, when known.

    Attributes
    ----------
    path, line, column
        As given, so that a caller can point at the place.
    """

    def __init__(self, path: str | Path, message: str, *, line: int | None = None, column: int | str | None = None):
        self.path = str(path)
        self.line = line
        self.column = column
        self.reason = message
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # Pickle (joblib, multiprocessing) with the keyword arguments, not the formatted message.
        return (_rebuild_file_format_error, (type(self), self.path, self.reason, self.line, self.column))


def _rebuild_file_format_error(cls, path, message, line, column):
    return cls(path, message, line=line, column=column)


class _PathError(EdulabError):
    """An ``OSError`` about one path, with the kit's message (``filename`` holds the path)."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(message)
        self.filename = str(path)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self):
        return (type(self), (self.filename, self.args[0]))


class MissingFileError(_PathError, FileNotFoundError):
    """A file or folder that does not exist."""


class NotAFileError(_PathError, IsADirectoryError):
    """A folder where a file was expected."""


class NotAFolderError(_PathError, NotADirectoryError):
    """A file where a folder was expected."""


def is_library_error(error: BaseException) -> bool:
    """True when ``error`` reports bad input (one line on the command line), False for a bug."""
    if isinstance(error, EdulabError):
        return True
    if isinstance(error, (KeyError, IndexError)):
        return False
    return isinstance(error, (ValueError, OSError, LookupError))


def describe(error: BaseException) -> str:
    """``error`` as one line: ``<file or option>: <what was expected>``.

    An ``OSError`` from Python itself (``[Errno 2] No such file or directory: 'x'``) becomes
    ``x: no such file or directory``; line breaks inside a message become ``"; "``.
    """
    if isinstance(error, OSError) and not isinstance(error, EdulabError) and error.strerror and error.filename:
        text = f"{error.filename}: {error.strerror[:1].lower()}{error.strerror[1:]}"
        if error.filename2:
            text += f" ({error.filename2})"
    elif isinstance(error, KeyError) and len(error.args) == 1 and isinstance(error.args[0], str):
        text = error.args[0]  # str(KeyError) would quote the message
    else:
        text = str(error) or type(error).__name__
    return "; ".join(part.strip() for part in text.strip().splitlines() if part.strip())
