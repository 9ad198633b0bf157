"""Argument types for the ``edulab`` command line: each checks one kind of value.

Give one as ``type=`` to ``add_argument``. A bad value goes through argparse's own error path,
which names the option, says what was expected and exits with status 2::

    edulab advise: error: argument --top: expected a positive integer (1, 2, 3, ...), got '-3'

How a topic's ``cli.py`` uses them::

    from edulab import cli_types as types

    parser.add_argument("--epochs", type=types.positive_int, default=10)
    parser.add_argument("--patience", type=types.non_negative_int, default=3)
    parser.add_argument("--seed", type=types.seed, default=0)
    parser.add_argument("--time", type=types.finite_float(0, open_low=True), metavar="SECONDS")
    parser.add_argument("--dropout", type=types.finite_float(0, 1, open_high=True))
    parser.add_argument("--cells", type=types.comma_list(choices=("lstm", "gru", "rnn")))
    parser.add_argument("--units", type=types.comma_list(types.positive_int))
    parser.add_argument("instance", type=types.existing_file)
    parser.add_argument("--data", type=types.existing_folder)
    parser.add_argument("--out", type=types.output_path)

The types check what can be checked without the data (sign, range, finiteness, duplicates, that a
file exists). A check that needs the data (``--students`` larger than the data set) belongs in
the library, which raises an :class:`edulab.errors.InputError` naming the option's value; the
command line prints it as one line (:func:`edulab.cli.main`).

``--out`` everywhere: the file's folder must already exist (it is never created, so a typo in a
folder name cannot create folders anywhere on the filesystem); an existing file is overwritten.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from edulab import files

__all__ = [
    "comma_list",
    "existing_file",
    "existing_folder",
    "finite_float",
    "int_range",
    "non_negative_int",
    "output_path",
    "positive_int",
    "seed",
    "time_limit",
]

#: Longest time limit a command accepts, in seconds (a day): a larger one (``1e308``) never ends, like ``inf``.
MAX_SECONDS = 86_400


def _integer(text: str, expected: str, low: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1 (a count: epochs, students, packages)."""
    return _integer(text, "a positive integer (1, 2, 3, ...)", 1)


def non_negative_int(text: str) -> int:
    """A whole number of at least 0 (a count that may be zero: patience, a length where 0 means off)."""
    return _integer(text, "a non-negative integer (0, 1, 2, ...)", 0)


def int_range(low: int, high: int) -> Callable[[str], int]:
    """A type for a whole number in ``[low, high]`` (an iteration cap, a school size)."""
    if low > high:
        raise ValueError(f"int_range: low = {low} is above high = {high}")
    expected = f"an integer from {low} to {high}"

    def parse(text: str) -> int:
        value = _integer(text, expected, low)
        if value > high:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    parse.__name__ = "int_range"
    return parse


def seed(text: str) -> int:
    """A random seed: a non-negative integer (NumPy refuses negative seeds)."""
    return _integer(text, "a seed, a non-negative integer (0, 1, 2, ...)", 0)


def finite_float(
    low: float | None = None,
    high: float | None = None,
    *,
    open_low: bool = False,
    open_high: bool = False,
) -> Callable[[str], float]:
    """A type for a finite number in ``[low, high]`` (never NaN or infinity).

    Parameters
    ----------
    low, high
        Bounds; ``None`` leaves that side unbounded.
    open_low, open_high
        Exclude the bound itself (``finite_float(0, open_low=True)``: a positive number).
    """
    if low is not None and high is not None and low > high:
        raise ValueError(f"finite_float: low = {low} is above high = {high}")
    if low is None and high is None:
        expected = "a finite number"
    elif high is None:
        expected = f"a finite number {'>' if open_low else '>='} {low:g}"
    elif low is None:
        expected = f"a finite number {'<' if open_high else '<='} {high:g}"
    else:
        expected = f"a number in {'(' if open_low else '['}{low:g}, {high:g}{')' if open_high else ']'}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
        too_low = low is not None and (value <= low if open_low else value < low)
        too_high = high is not None and (value >= high if open_high else value > high)
        if not math.isfinite(value) or too_low or too_high:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    parse.__name__ = "finite_float"
    return parse


#: A time limit in seconds: a finite number in ``(0, MAX_SECONDS]``.
time_limit = finite_float(0, MAX_SECONDS, open_low=True)


def _path(check: Callable[[str], Path], text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a path, got an empty string")
    try:
        return check(text)
    except OSError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def existing_file(text: str) -> Path:
    """A path to an existing file (a folder there is reported as a folder, not as missing)."""
    return _path(files.check_file, text)


def existing_folder(text: str) -> Path:
    """A path to an existing folder."""
    return _path(files.check_folder, text)


def output_path(text: str) -> Path:
    """A file to write: its folder must exist (it is not created); an existing file is overwritten."""
    return _path(files.check_output_path, text)


def comma_list(
    item: Callable[[str], Any] = str,
    *,
    choices: Iterable[str] | None = None,
    unique: bool = True,
) -> Callable[[str], list[Any]]:
    """A type for a comma-separated list such as ``lstm,gru`` or ``8,16,32``.

    Parameters
    ----------
    item
        Type of each element (``str``, ``int``, ``float`` or one of this module's types).
    choices
        Allowed elements (after stripping white space), checked before any work starts.
    unique
        Refuse an element given twice (``--names a,a``), which would silently merge two entries.

    Empty elements (``a,,b``, a trailing comma) and an empty list are refused.
    """
    allowed = None if choices is None else tuple(choices)
    kind = getattr(item, "__name__", "value")

    def parse(text: str) -> list[Any]:
        parts = [part.strip() for part in text.split(",")]
        if not text.strip() or any(part == "" for part in parts):
            raise argparse.ArgumentTypeError(f"expected a comma-separated list without empty entries, got {text!r}")
        values = []
        for part in parts:
            if allowed is not None and part not in allowed:
                raise argparse.ArgumentTypeError(f"{part!r} in {text!r}: expected one of {', '.join(allowed)}")
            try:
                values.append(item(part))
            except argparse.ArgumentTypeError as error:
                raise argparse.ArgumentTypeError(f"{part!r} in {text!r}: {error}") from None
            except (TypeError, ValueError):
                raise argparse.ArgumentTypeError(
                    f"{part!r} in {text!r}: expected a comma-separated list of {kind}"
                ) from None
        if unique:
            seen: set[Any] = set()
            for part, value in zip(parts, values):
                if value in seen:
                    raise argparse.ArgumentTypeError(f"{part!r} is given twice in {text!r}; expected each entry once")
                seen.add(value)
        return values

    parse.__name__ = "comma_list"
    return parse
