"""Timetables in the competition's output format: one line ``course room day period`` per lecture.

A :class:`Solution` keeps the lines in file order as three integer arrays (course, room, period).
It may be infeasible (too many or too few lectures, clashes): the validator measures that. The
reader is strict about content: an unknown course or room, a day or period out of range, or a
line without four fields raises :class:`~edulab.timetabling.instance.InstanceFormatError` naming
the file and line (the official validator skips such lines with a warning; we refuse them).
Files are opened through :mod:`edulab.files`, which names a missing file, a folder, an empty
file or bytes that are not UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from edulab.errors import InputError
from edulab.files import check_output_path, read_text
from edulab.timetabling.instance import _INTEGER, Instance, InstanceFormatError


def _indices(name: str, values) -> np.ndarray:
    """``values`` as a 1-D int64 array; InputError for values that are not whole numbers
    (a float index such as 1.7 is refused, never truncated)."""
    array = np.asarray(values)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating) or array.size == 0
    ):
        raise InputError(f"Solution.{name} must hold integer indices, got an array of {array.dtype}")
    if np.issubdtype(array.dtype, np.floating):
        whole = np.isfinite(array) & (np.abs(array) < 2.0**62)
        whole[whole] = array[whole] == np.round(array[whole])
        if not whole.all():
            bad = array.ravel()[np.flatnonzero(~whole.ravel())[0]]
            raise InputError(f"Solution.{name} must hold integer indices, got {bad!r}")
    return np.asarray(array, dtype=np.int64).ravel()


@dataclass(frozen=True, eq=False)
class Solution:
    """Lecture assignments in file order.

    Attributes
    ----------
    course, room, period
        Integer arrays of equal length; ``period = day * periods_per_day + timeslot``.
    """

    course: np.ndarray
    room: np.ndarray
    period: np.ndarray

    def __post_init__(self) -> None:
        arrays = [
            _indices(name, a) for name, a in zip(("course", "room", "period"), (self.course, self.room, self.period))
        ]
        if len({a.size for a in arrays}) != 1:
            raise ValueError(f"course, room and period must have the same length, got {[a.size for a in arrays]}")
        for name, array in zip(("course", "room", "period"), arrays):
            object.__setattr__(self, name, array)

    def __len__(self) -> int:
        return int(self.course.size)

    def check(self, instance: Instance) -> Solution:
        """Raise ValueError naming the first entry whose course, room or period is out of range."""
        limits = {"course": instance.n_courses, "room": instance.n_rooms, "period": instance.n_periods}
        for name, limit in limits.items():
            values = getattr(self, name)
            bad = np.flatnonzero((values < 0) | (values >= limit))
            if bad.size:
                raise ValueError(
                    f"entry {bad[0]}: {name} {values[bad[0]]} is out of range 0..{limit - 1} for {instance.name}"
                )
        return self

    def sorted(self) -> Solution:
        """The same assignments ordered by course, then period (the kit's writing order)."""
        order = np.lexsort((self.period, self.course))
        return Solution(self.course[order], self.room[order], self.period[order])


def parse_solution(text: str, instance: Instance, source: str = "<string>") -> Solution:
    """Parse solution text for ``instance``; ``source`` names it in error messages."""
    courses, rooms, periods = [], [], []
    per_day = instance.periods_per_day
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4:
            raise InstanceFormatError(source, number, f"expected 'course room day period', got {line.strip()!r}")
        course, room, day_text, slot_text = fields
        try:
            c = instance.course_index(course)
        except KeyError:
            raise InstanceFormatError(
                source, number, f"unknown course {course!r} for instance {instance.name}"
            ) from None
        try:
            r = instance.room_index(room)
        except KeyError:
            raise InstanceFormatError(source, number, f"unknown room {room!r} for instance {instance.name}") from None
        if not (_INTEGER.fullmatch(day_text) and _INTEGER.fullmatch(slot_text)):
            raise InstanceFormatError(
                source, number, f"day and period must be integers, got {day_text!r} {slot_text!r}"
            )
        day, slot = int(day_text), int(slot_text)
        if not 0 <= day < instance.n_days:
            raise InstanceFormatError(source, number, f"day {day} is out of range 0..{instance.n_days - 1}")
        if not 0 <= slot < per_day:
            raise InstanceFormatError(source, number, f"period {slot} is out of range 0..{per_day - 1}")
        courses.append(c)
        rooms.append(r)
        periods.append(day * per_day + slot)
    return Solution(
        np.array(courses, dtype=np.int64), np.array(rooms, dtype=np.int64), np.array(periods, dtype=np.int64)
    )


def read_solution(path: str | Path, instance: Instance) -> Solution:
    """Read a solution file written for ``instance``.

    An empty file is an empty solution (every lecture unscheduled), as for the official validator.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        Nothing there, or a folder (:func:`edulab.files.check_file`).
    edulab.errors.FileFormatError
        Bytes that are not UTF-8; an :class:`InstanceFormatError` for a line that is not
        ``course room day period`` of this instance.
    """
    path = Path(path)
    return parse_solution(read_text(path, allow_empty=True), instance, source=str(path))


def format_solution(solution: Solution, instance: Instance) -> str:
    """The competition's text: ``course room day period`` per lecture, in the solution's order."""
    solution.check(instance)
    per_day = instance.periods_per_day
    lines = [
        f"{instance.courses[c].name} {instance.rooms[r].name} {p // per_day} {p % per_day}"
        for c, r, p in zip(solution.course.tolist(), solution.room.tolist(), solution.period.tolist())
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def write_solution(solution: Solution, instance: Instance, path: str | Path) -> Path:
    """Write ``solution`` in the competition's format; the file's folder must exist
    (:func:`edulab.files.check_output_path`)."""
    path = check_output_path(path)
    path.write_text(format_solution(solution, instance), encoding="utf-8", newline="\n")
    return path
