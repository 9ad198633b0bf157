"""The curriculum-based course timetabling problem (ITC-2007 track 3) and its ``.ctt`` files.

An instance lists courses (teacher, number of lectures, minimum working days, students), rooms
(capacity), curricula (groups of courses that share students) and the periods in which a course
may not be taught. A period is a pair (day, timeslot); periods are numbered
``day * periods_per_day + timeslot``.

The parser is tolerant of layout (tabs, repeated spaces, blank lines) and strict about content:
a wrong count, an unknown course, a repeated name or a day out of range raises
:class:`InstanceFormatError` naming the file, the line and the problem. Files are opened through
:mod:`edulab.files` (a missing file, a folder, an empty file or bytes that are not UTF-8 are
named as such).

Sizes are checked against the file and against documented caps *before* any array is made, so
that a header such as ``Periods_per_day: 99999999`` is refused instead of allocating gigabytes:

- ``Courses``, ``Rooms``, ``Curricula`` and ``Constraints`` together cannot exceed the file's
  remaining non-blank lines (each entry takes one line);
- at most :data:`MAX_COURSES` courses, :data:`MAX_ROOMS` rooms and :data:`MAX_PERIODS` periods
  (``Days * Periods_per_day``);
- a course has at most one lecture per period (its lectures need distinct periods), and every
  other number is at most :data:`MAX_NUMBER`.

The competition's largest instance has 131 courses, 20 rooms and 36 periods: the caps leave
room for much larger teaching instances.

References
----------
Di Gaspero, McCollum, Schaerf (2007). The second international timetabling competition (ITC-2007):
curriculum-based course timetabling (track 3). Technical report QUB/IEEE/Tech/ITC2007/CurriculumCTT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from edulab.errors import FileFormatError, MissingFileError
from edulab.files import check_folder, check_output_path, read_text

HEADER_KEYS = ("Name", "Courses", "Rooms", "Days", "Periods_per_day", "Curricula", "Constraints")
SECTIONS = ("COURSES", "ROOMS", "CURRICULA", "UNAVAILABILITY_CONSTRAINTS")


#: Most courses an instance may declare (the conflict matrix has ``MAX_COURSES ** 2`` entries).
MAX_COURSES = 5_000
#: Most rooms an instance may declare.
MAX_ROOMS = 1_000
#: Most periods (``Days * Periods_per_day``) an instance may declare.
MAX_PERIODS = 2_000
#: Largest value of any other number in a ``.ctt`` file (students, capacities, minimum days).
MAX_NUMBER = 1_000_000_000


class InstanceFormatError(FileFormatError):
    """A ``.ctt`` file (or solution file) that does not follow the format; names file and line.

    An :class:`edulab.errors.FileFormatError` (hence a ``ValueError``); ``source`` and
    ``problem`` are the file and the message without the place.
    """

    def __init__(self, source: str, line: int | None, problem: str):
        super().__init__(source, problem, line=line)
        self.source, self.problem = str(source), problem

    def __reduce__(self):
        return (type(self), (self.source, self.line, self.problem))


@dataclass(frozen=True, eq=False)
class Course:
    """One course: ``lectures`` lectures in distinct periods, spread over ``min_days`` days."""

    name: str
    teacher: str
    lectures: int
    min_days: int
    students: int


@dataclass(frozen=True, eq=False)
class Room:
    name: str
    capacity: int


@dataclass(frozen=True, eq=False)
class Curriculum:
    """A group of courses with students in common; ``members`` are course indices."""

    name: str
    members: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Instance:
    """A CB-CTT instance; derived arrays (conflicts, lectures) are computed once, on demand.

    Attributes
    ----------
    name, n_days, periods_per_day
        As in the file header.
    courses, rooms, curricula
        Tuples in file order; indices into them identify courses, rooms and curricula.
    unavailable
        Boolean array ``(n_courses, n_periods)``: True where the course may not be taught.
    """

    name: str
    n_days: int
    periods_per_day: int
    courses: tuple[Course, ...]
    rooms: tuple[Room, ...]
    curricula: tuple[Curriculum, ...]
    unavailable: np.ndarray = field(repr=False)

    # --- sizes -----------------------------------------------------------------------------
    @property
    def n_courses(self) -> int:
        return len(self.courses)

    @property
    def n_rooms(self) -> int:
        return len(self.rooms)

    @property
    def n_curricula(self) -> int:
        return len(self.curricula)

    @property
    def n_periods(self) -> int:
        return self.n_days * self.periods_per_day

    @cached_property
    def n_lectures(self) -> int:
        return int(self.lectures.sum())

    def __repr__(self) -> str:
        return (
            f"Instance({self.name!r}: {self.n_courses} courses, {self.n_lectures} lectures, "
            f"{self.n_rooms} rooms, {self.n_days}x{self.periods_per_day} periods, {self.n_curricula} curricula)"
        )

    # --- course attributes as arrays --------------------------------------------------------
    @cached_property
    def lectures(self) -> np.ndarray:
        return np.array([c.lectures for c in self.courses], dtype=np.int64)

    @cached_property
    def min_days(self) -> np.ndarray:
        return np.array([c.min_days for c in self.courses], dtype=np.int64)

    @cached_property
    def students(self) -> np.ndarray:
        return np.array([c.students for c in self.courses], dtype=np.int64)

    @cached_property
    def capacity(self) -> np.ndarray:
        return np.array([r.capacity for r in self.rooms], dtype=np.int64)

    @cached_property
    def teacher_index(self) -> np.ndarray:
        """Teacher of each course as an integer (teachers numbered in order of appearance)."""
        names = [c.teacher for c in self.courses]
        _, first, inverse = np.unique(names, return_index=True, return_inverse=True)
        order = np.argsort(np.argsort(first))  # renumber by first appearance
        return order[inverse].astype(np.int64)

    @cached_property
    def membership(self) -> np.ndarray:
        """Boolean ``(n_curricula, n_courses)``: True where the course belongs to the curriculum."""
        member = np.zeros((self.n_curricula, self.n_courses), dtype=bool)
        for q, curriculum in enumerate(self.curricula):
            member[q, list(curriculum.members)] = True
        return member

    @cached_property
    def curricula_of(self) -> tuple[tuple[int, ...], ...]:
        """For each course, the indices of the curricula it belongs to."""
        return tuple(tuple(np.flatnonzero(self.membership[:, c]).tolist()) for c in range(self.n_courses))

    @cached_property
    def conflict(self) -> np.ndarray:
        """Boolean ``(n_courses, n_courses)``: the two courses may not share a period.

        Two different courses conflict when they belong to a common curriculum or have the same
        teacher (the official validator's ``Conflict``). The diagonal is False.
        """
        member = self.membership.astype(np.int64)
        shared = (member.T @ member) > 0
        teacher = self.teacher_index
        same_teacher = teacher[:, None] == teacher[None, :]
        conflict = shared | same_teacher
        np.fill_diagonal(conflict, False)
        return conflict

    @cached_property
    def lecture_course(self) -> np.ndarray:
        """Course of each lecture; lectures are numbered course by course, in file order."""
        return np.repeat(np.arange(self.n_courses), self.lectures)

    @cached_property
    def first_lecture(self) -> np.ndarray:
        """Index of each course's first lecture (length ``n_courses + 1``, last = n_lectures)."""
        return np.concatenate([[0], np.cumsum(self.lectures)])

    def course_index(self, name: str) -> int:
        """Index of the course called ``name``; KeyError naming it when absent."""
        return self._course_lookup[name]

    def room_index(self, name: str) -> int:
        return self._room_lookup[name]

    @cached_property
    def _course_lookup(self) -> dict[str, int]:
        return {c.name: i for i, c in enumerate(self.courses)}

    @cached_property
    def _room_lookup(self) -> dict[str, int]:
        return {r.name: i for i, r in enumerate(self.rooms)}

    def summary(self) -> dict[str, int | str | float]:
        """Sizes and tightness figures (as in the competition's tables)."""
        slots = self.n_periods * self.n_rooms
        return {
            "name": self.name,
            "courses": self.n_courses,
            "lectures": self.n_lectures,
            "rooms": self.n_rooms,
            "days": self.n_days,
            "periods_per_day": self.periods_per_day,
            "curricula": self.n_curricula,
            "unavailability": int(self.unavailable.sum()),
            "teachers": int(self.teacher_index.max(initial=-1) + 1),
            "occupancy": round(self.n_lectures / slots, 3),
            "conflict_density": round(float(self.conflict.mean()), 3),
        }


# --- parsing ----------------------------------------------------------------------------------


_INTEGER = re.compile(r"[+-]?[0-9]+")


class _Lines:
    """Non-blank lines of a file as (line number, fields), with errors that name the place."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.items = [(n, line.split()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        self.position = 0

    def error(self, line: int | None, problem: str) -> InstanceFormatError:
        return InstanceFormatError(self.source, line, problem)

    def next(self, expected: str) -> tuple[int, list[str]]:
        if self.position >= len(self.items):
            raise self.error(None, f"unexpected end of file, expected {expected}")
        item = self.items[self.position]
        self.position += 1
        return item

    def remaining(self) -> int:
        """Non-blank lines not read yet."""
        return len(self.items) - self.position

    def integer(self, line: int, text: str, what: str, minimum: int = 0, maximum: int = MAX_NUMBER) -> int:
        if not _INTEGER.fullmatch(text):  # int() would also accept "1_000" and other spellings
            raise self.error(line, f"{what} must be an integer, got {text!r}")
        value = int(text)
        if value < minimum:
            raise self.error(line, f"{what} must be at least {minimum}, got {value}")
        if value > maximum:
            raise self.error(line, f"{what} must be at most {maximum}, got {value}")
        return value


def parse_instance(text: str, source: str = "<string>") -> Instance:
    """Parse the text of a ``.ctt`` file; ``source`` names it in error messages.

    Raises
    ------
    InstanceFormatError
        Naming ``source``, the line and what was expected; this includes counts beyond the
        file's content or the caps of the module docstring (checked before allocating).
    """
    lines = _Lines(text, source)
    header = _parse_header(lines)
    courses = _parse_courses(lines, header["Courses"], header["Days"] * header["Periods_per_day"])
    rooms = _parse_rooms(lines, header["Rooms"])
    course_lookup = {c.name: i for i, c in enumerate(courses)}
    curricula = _parse_curricula(lines, header["Curricula"], course_lookup)
    days, per_day = header["Days"], header["Periods_per_day"]
    unavailable = _parse_unavailability(lines, header["Constraints"], course_lookup, days, per_day)
    number, fields = lines.next("END.")
    if fields != ["END."]:
        raise lines.error(
            number, f"expected END. after {header['Constraints']} unavailability constraints, got {' '.join(fields)!r}"
        )
    if lines.position < len(lines.items):
        number, fields = lines.items[lines.position]
        raise lines.error(number, f"unexpected content after END.: {' '.join(fields)!r}")
    return Instance(header["Name"], days, per_day, courses, rooms, curricula, unavailable)


#: Caps of the header's counts (the cap of ``Days`` and ``Periods_per_day`` is their product's).
_HEADER_CAPS = {"Courses": MAX_COURSES, "Rooms": MAX_ROOMS, "Days": MAX_PERIODS, "Periods_per_day": MAX_PERIODS}
#: Header counts whose entries take one line each.
_ENTRY_COUNTS = ("Courses", "Rooms", "Curricula", "Constraints")


def _parse_header(lines: _Lines) -> dict:
    header: dict = {}
    numbers: dict = {}
    for key in HEADER_KEYS:
        number, fields = lines.next(f"the header line '{key}:'")
        if fields[0] != f"{key}:":
            raise lines.error(number, f"expected the header line '{key}: ...', got {' '.join(fields)!r}")
        if len(fields) != 2:
            raise lines.error(number, f"'{key}:' takes one value, got {len(fields) - 1}")
        numbers[key] = number
        if key == "Name":
            header[key] = fields[1]
        else:
            minimum = 0 if key in ("Curricula", "Constraints") else 1
            header[key] = lines.integer(number, fields[1], key, minimum, _HEADER_CAPS.get(key, MAX_NUMBER))
    periods = header["Days"] * header["Periods_per_day"]
    if periods > MAX_PERIODS:
        raise lines.error(
            numbers["Periods_per_day"],
            f"Days * Periods_per_day = {header['Days']} * {header['Periods_per_day']} = {periods} periods; "
            f"at most {MAX_PERIODS} are supported",
        )
    # Each entry takes a line: a count beyond the whole file is refused here, before any loop runs
    # over it; a count a few lines off gets the precise message of its section.
    declared = sum(header[key] for key in _ENTRY_COUNTS)
    if declared > lines.remaining():
        counts = ", ".join(f"{key} {header[key]}" for key in _ENTRY_COUNTS)
        raise lines.error(
            numbers["Courses"],
            f"the header declares {declared} entries ({counts}) but only {lines.remaining()} lines follow; "
            "expected one line per entry",
        )
    return header


def _section(lines: _Lines, name: str) -> None:
    number, fields = lines.next(f"the section '{name}:'")
    if fields != [f"{name}:"]:
        raise lines.error(number, f"expected the section '{name}:', got {' '.join(fields)!r}")


def _check_count(lines: _Lines, section: str, declared: int) -> None:
    """Fail when a section holds more entries than the header declares."""
    if lines.position < len(lines.items):
        number, fields = lines.items[lines.position]
        if not fields[0].endswith(":") and fields != ["END."]:
            raise lines.error(number, f"{section} holds more entries than the {declared} declared in the header")


def _entry(lines: _Lines, section: str, index: int, declared: int) -> tuple[int, list[str]]:
    number, fields = lines.next(f"entry {index + 1} of {declared} in {section}")
    if fields[0].endswith(":") or fields == ["END."]:
        raise lines.error(number, f"{section} holds {index} entries but the header declares {declared}")
    return number, fields


def _parse_courses(lines: _Lines, count: int, n_periods: int) -> tuple[Course, ...]:
    _section(lines, "COURSES")
    courses, seen = [], set()
    for i in range(count):
        number, fields = _entry(lines, "COURSES", i, count)
        if len(fields) != 5:
            raise lines.error(
                number, f"a course line has 5 fields (name teacher lectures min_days students), got {len(fields)}"
            )
        name, teacher = fields[0], fields[1]
        if name in seen:
            raise lines.error(number, f"course {name!r} is listed twice")
        seen.add(name)
        lectures = lines.integer(number, fields[2], f"lectures of course {name} (one per period at most)", 1, n_periods)
        min_days = lines.integer(number, fields[3], f"minimum working days of course {name}", 0)
        students = lines.integer(number, fields[4], f"students of course {name}", 0)
        courses.append(Course(name, teacher, lectures, min_days, students))
    _check_count(lines, "COURSES", count)
    return tuple(courses)


def _parse_rooms(lines: _Lines, count: int) -> tuple[Room, ...]:
    _section(lines, "ROOMS")
    rooms, seen = [], set()
    for i in range(count):
        number, fields = _entry(lines, "ROOMS", i, count)
        if len(fields) != 2:
            raise lines.error(number, f"a room line has 2 fields (name capacity), got {len(fields)}")
        if fields[0] in seen:
            raise lines.error(number, f"room {fields[0]!r} is listed twice")
        seen.add(fields[0])
        rooms.append(Room(fields[0], lines.integer(number, fields[1], f"capacity of room {fields[0]}", 1)))
    _check_count(lines, "ROOMS", count)
    return tuple(rooms)


def _parse_curricula(lines: _Lines, count: int, course_lookup: dict[str, int]) -> tuple[Curriculum, ...]:
    _section(lines, "CURRICULA")
    curricula, seen = [], set()
    for i in range(count):
        number, fields = _entry(lines, "CURRICULA", i, count)
        if len(fields) < 2:
            raise lines.error(number, "a curriculum line is 'name n_courses course...'")
        name = fields[0]
        if name in seen:
            raise lines.error(number, f"curriculum {name!r} is listed twice")
        seen.add(name)
        size = lines.integer(number, fields[1], f"number of courses of curriculum {name}", 1)
        listed = fields[2:]
        if len(listed) != size:
            raise lines.error(number, f"curriculum {name} declares {size} courses but lists {len(listed)}")
        members = []
        for course in listed:
            if course not in course_lookup:
                raise lines.error(number, f"curriculum {name} lists unknown course {course!r}")
            if course_lookup[course] in members:
                raise lines.error(number, f"curriculum {name} lists course {course!r} twice")
            members.append(course_lookup[course])
        curricula.append(Curriculum(name, tuple(members)))
    _check_count(lines, "CURRICULA", count)
    return tuple(curricula)


def _parse_unavailability(lines, count, course_lookup, days, per_day) -> np.ndarray:
    _section(lines, "UNAVAILABILITY_CONSTRAINTS")
    unavailable = np.zeros((len(course_lookup), days * per_day), dtype=bool)
    for i in range(count):
        number, fields = _entry(lines, "UNAVAILABILITY_CONSTRAINTS", i, count)
        if len(fields) != 3:
            raise lines.error(number, f"an unavailability line has 3 fields (course day period), got {len(fields)}")
        course, day_text, slot_text = fields
        if course not in course_lookup:
            raise lines.error(number, f"unavailability of unknown course {course!r}")
        day = lines.integer(number, day_text, "day")
        slot = lines.integer(number, slot_text, "period")
        if day >= days:
            raise lines.error(number, f"day {day} is out of range: the instance has days 0 to {days - 1}")
        if slot >= per_day:
            raise lines.error(number, f"period {slot} is out of range: each day has periods 0 to {per_day - 1}")
        cell = (course_lookup[course], day * per_day + slot)
        if unavailable[cell]:
            raise lines.error(number, f"course {course} is declared unavailable at day {day}, period {slot} twice")
        unavailable[cell] = True
    _check_count(lines, "UNAVAILABILITY_CONSTRAINTS", count)
    return unavailable


# --- files ------------------------------------------------------------------------------------


def read_instance(path: str | Path) -> Instance:
    """Read a ``.ctt`` file; errors name the file and line.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        Nothing there, or a folder (:func:`edulab.files.check_file`).
    edulab.errors.FileFormatError
        An empty file or bytes that are not UTF-8; an :class:`InstanceFormatError` (a subclass)
        for content that does not follow the format.
    """
    path = Path(path)
    return parse_instance(read_text(path), source=str(path))


def format_instance(instance: Instance) -> str:
    """The ``.ctt`` text of an instance (single spaces, the competition's section order)."""
    out = [
        f"Name: {instance.name}",
        f"Courses: {instance.n_courses}",
        f"Rooms: {instance.n_rooms}",
        f"Days: {instance.n_days}",
        f"Periods_per_day: {instance.periods_per_day}",
        f"Curricula: {instance.n_curricula}",
        f"Constraints: {int(instance.unavailable.sum())}",
        "",
        "COURSES:",
    ]
    out += [f"{c.name} {c.teacher} {c.lectures} {c.min_days} {c.students}" for c in instance.courses]
    out += ["", "ROOMS:"] + [f"{r.name} {r.capacity}" for r in instance.rooms]
    out += ["", "CURRICULA:"]
    for q in instance.curricula:
        names = " ".join(instance.courses[m].name for m in q.members)
        out.append(f"{q.name} {len(q.members)} {names}")
    out += ["", "UNAVAILABILITY_CONSTRAINTS:"]
    for course, period in zip(*np.nonzero(instance.unavailable)):
        day, slot = divmod(int(period), instance.periods_per_day)
        out.append(f"{instance.courses[course].name} {day} {slot}")
    out += ["", "END.", ""]
    return "\n".join(out)


def write_instance(instance: Instance, path: str | Path) -> Path:
    """Write ``instance`` as a ``.ctt`` file; its folder must exist (:func:`edulab.files.check_output_path`)."""
    path = check_output_path(path)
    path.write_text(format_instance(instance), encoding="utf-8", newline="\n")
    return path


def read_instances_folder(folder: str | Path, names: list[str] | None = None) -> dict[str, Instance]:
    """Read every ``.ctt`` file of ``folder`` (or its ``instances/`` subfolder), keyed by file stem.

    This is the loader of the ``itc2007`` dataset: ``datasets.load("itc2007")["comp01"]``.

    Parameters
    ----------
    folder
        A folder holding ``.ctt`` files, directly or in ``instances/``.
    names
        Only these stems (e.g. ``["comp01", "comp07"]``); KeyError naming the missing ones.
    """
    folder = check_folder(folder)
    if not any(folder.glob("*.ctt")) and (folder / "instances").is_dir():
        folder = folder / "instances"
    files = {path.stem: path for path in sorted(folder.glob("*.ctt"))}
    if not files:
        raise FileNotFoundError(f"no .ctt file in {folder}")
    if names is not None:
        missing = [name for name in names if name not in files]
        if missing:
            raise KeyError(f"no instance {missing} in {folder}; it holds {sorted(files)}")
        files = {name: files[name] for name in names}
    return {name: read_instance(path) for name, path in files.items()}


def load_instance(reference: str | Path) -> Instance:
    """An instance from a ``.ctt`` path or by name.

    Names are those of the kit's datasets: ``comp01`` ... ``comp21`` and ``toy`` (``itc2007``,
    downloaded on first use) and ``tiny``, ``small``, ``medium`` (``ctt-synthetic``, shipped).

    Raises
    ------
    FileNotFoundError
        For a path (with a suffix or a folder) that does not exist.
    LookupError
        For a name that is in neither dataset (the message lists the names there are); nothing
        is downloaded to find that out.
    """
    from edulab import datasets
    from edulab.timetabling.generator import SHIPPED_NAMES
    from edulab.timetabling.reference import INSTANCES

    path = Path(reference)
    name = str(reference)
    competition = (*INSTANCES, "toy")
    if path.exists() or path.is_symlink():
        return read_instance(path)
    if name not in SHIPPED_NAMES and name not in competition:
        if path.suffix or len(path.parts) != 1:
            raise MissingFileError(path, f"instance file {path} does not exist")
        names = ", ".join((*competition, *SHIPPED_NAMES))
        raise LookupError(f"{name!r} is neither a .ctt file nor an instance name ({names})")
    dataset = "ctt-synthetic" if name in SHIPPED_NAMES else "itc2007"
    instances = datasets.load(dataset)
    if str(reference) not in instances:
        raise LookupError(
            f"{str(reference)!r} is neither a .ctt file nor an instance of {dataset} ({', '.join(sorted(instances))})"
        )
    return instances[str(reference)]
