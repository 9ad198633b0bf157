"""The HLAPP instance: learners, classrooms, modules, teachers and the demand matrix.

The JSON format is the one of the paper's code (github.com/N-Wouda/PL-Hourly-Heuristic), so that
its published instances can be read as they are::

    {"learners":   [{"id": 0, "year": 1}, ...],
     "classrooms": [{"id": 0, "capacity": 32, "self_study_allowed": true, "room_type": 1}, ...],
     "modules":    [{"id": 0, "room_type": 1, "qualification": 2}, ...],
     "teachers":   [{"id": 0, "degree": 1, "frm_module": 0, "to_module": 48}, ...],
     "penalty": 0.5, "min_batch": 5, "max_batch": 30,
     "preferences": [[[learner, module], demand], ...]}

Ids are positions (0, 1, 2, ... in order). A teacher is qualified for module ``m`` when
``frm_module <= m < to_module`` and ``degree <= qualification(m)``; third-degree teachers
(``degree`` 3) supervise self-study only. The self-study module is implicit: its id is the number
of modules, its demand is ``penalty * max_m D[l, m]``, any teacher may supervise it and it needs a
classroom with ``self_study_allowed``. Optional keys: ``experiment`` and ``instance`` (integers of
the paper's files), ``course`` on a module, and ``generator`` (the parameters that made it).

Reading is strict and names the file and the entry: files are opened through :mod:`edulab.files`
(missing file, folder, empty file, bytes that are not UTF-8), text that is not JSON gives the
line and column, and sizes are capped before any array is made: at most :data:`MAX_ENTRIES`
entries in a list, :data:`MAX_CELLS` cells in a (learners, teachers or classrooms) x modules
array, integers of at most :data:`MAX_INTEGER` and demands of at most :data:`MAX_DEMAND`. An id given as a float (``2.5``) is refused,
never truncated (``2.0`` is read as 2).

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 2 and table 1.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from edulab.errors import FileFormatError, InputError
from edulab.files import check_output_path, read_text

#: The room type the paper's generator gives the large self-study rooms.
SELF_STUDY_ROOM_TYPE = 999

_REQUIRED = ("learners", "classrooms", "modules", "teachers", "penalty", "min_batch", "max_batch", "preferences")
_OPTIONAL = ("experiment", "instance", "generator")


#: Most learners, classrooms, modules, teachers or demand entries an instance may hold, and the
#: largest integer of any field: the solvers make (learners x modules) and (teachers x modules)
#: arrays, and NumPy integers stop at 2**63.
MAX_ENTRIES = 100_000
MAX_INTEGER = 1_000_000_000
#: Largest demand value (the paper's are exponential with mean 2): sums of many stay finite.
MAX_DEMAND = 1e6
#: Most cells of the instance's (learners x modules) and (teachers x modules) arrays.
MAX_CELLS = 20_000_000


class InstanceError(InputError):
    """An instance breaks a rule; the message names the file, the entry and what was expected.

    An :class:`edulab.errors.InputError`, hence a ``ValueError``.
    """


class InstanceFileError(InstanceError, FileFormatError):
    """An instance or schedule file that is not JSON text: names the file, line and column."""


@dataclass(frozen=True, eq=False)
class Instance:
    """One hour of a school: who demands what, and which rooms and teachers are there.

    Attributes hold one NumPy array per field, indexed by id. Construct with
    :meth:`from_dict` or :func:`read_instance`, which validate; the constructor trusts its input.

    Attributes
    ----------
    learner_year : (L,) int
    capacity : (C,) int
        Seats :math:`N_c` of each classroom.
    self_study_allowed : (C,) bool
    room_type : (C,) int
    module_room_type : (M,) int
    module_qualification : (M,) int
        1 when the module needs a first-degree teacher, 2 when second-degree suffices.
    module_course : (M,) int
        The module's course, -1 when the file does not say.
    teacher_degree : (T,) int
        1, 2 or 3 (3: self-study supervision only).
    teacher_from, teacher_to : (T,) int
        The teacher's module range ``[from, to)``.
    penalty : float
        Self-study penalty :math:`w \\in (0, 1]`.
    min_batch, max_batch : int
        Minimum activity size :math:`\\delta^-`, maximum instruction size :math:`\\delta^+`.
    demand_learner, demand_module : (E,) int
    demand_value : (E,) float
        The positive entries of the sparse demand matrix :math:`D`, sorted by learner then module.
    meta : dict
        ``experiment``, ``instance`` and ``generator`` when the file has them.
    """

    learner_year: np.ndarray
    capacity: np.ndarray
    self_study_allowed: np.ndarray
    room_type: np.ndarray
    module_room_type: np.ndarray
    module_qualification: np.ndarray
    module_course: np.ndarray
    teacher_degree: np.ndarray
    teacher_from: np.ndarray
    teacher_to: np.ndarray
    penalty: float
    min_batch: int
    max_batch: int
    demand_learner: np.ndarray
    demand_module: np.ndarray
    demand_value: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    # --- sizes ---------------------------------------------------------------------------------

    @cached_property
    def n_learners(self) -> int:
        return len(self.learner_year)

    @cached_property
    def learner_ids(self) -> np.ndarray:
        """(L,) the learner ids 0, 1, ..., L - 1 (made once: the search indexes by all of them often)."""
        ids = np.arange(self.n_learners)
        ids.setflags(write=False)
        return ids

    @cached_property
    def n_classrooms(self) -> int:
        return len(self.capacity)

    @cached_property
    def n_modules(self) -> int:
        """Number of modules, without the self-study module."""
        return len(self.module_room_type)

    @cached_property
    def n_teachers(self) -> int:
        return len(self.teacher_degree)

    @cached_property
    def self_study(self) -> int:
        """Id of the implicit self-study module :math:`m_S` (the number of modules)."""
        return self.n_modules

    # --- derived matrices (computed once) ------------------------------------------------------

    @cached_property
    def demand(self) -> np.ndarray:
        """Dense demand :math:`D`, shape (L, M + 1); the last column is self-study.

        :math:`D_{l m_S} = w \\max_m D_{lm}` (section 2 of the paper).
        """
        dense = np.zeros((self.n_learners, self.n_modules + 1))
        dense[self.demand_learner, self.demand_module] = self.demand_value
        dense[:, self.self_study] = self.penalty * dense[:, : self.self_study].max(axis=1)
        dense.setflags(write=False)
        return dense

    @cached_property
    def self_study_value(self) -> np.ndarray:
        """(L,) demand each learner satisfies in self-study, :math:`D_{l m_S}`."""
        return self.demand[:, self.self_study]

    @cached_property
    def gain(self) -> np.ndarray:
        """(L, M + 1) what a learner gains by leaving self-study for a module, :math:`D_{lm} - D_{l m_S}`."""
        gain = self.demand - self.self_study_value[:, None]
        gain.setflags(write=False)
        return gain

    @cached_property
    def best_value(self) -> np.ndarray:
        """(L,) the learner's largest demand, :math:`\\max_m D_{lm}`."""
        return self.demand[:, : self.self_study].max(axis=1)

    @cached_property
    def teacher_qualified(self) -> np.ndarray:
        """(T, M + 1) bool, :math:`Q^T`: teacher may run an activity of the module."""
        modules = np.arange(self.n_modules)
        in_range = (self.teacher_from[:, None] <= modules) & (modules < self.teacher_to[:, None])
        degree_ok = self.teacher_degree[:, None] <= self.module_qualification[None, :]
        qualified = np.ones((self.n_teachers, self.n_modules + 1), dtype=bool)
        qualified[:, : self.n_modules] = in_range & degree_ok
        qualified.setflags(write=False)
        return qualified

    @cached_property
    def room_qualified(self) -> np.ndarray:
        """(C, M + 1) bool, :math:`Q^C`: classroom may host an activity of the module."""
        qualified = np.empty((self.n_classrooms, self.n_modules + 1), dtype=bool)
        qualified[:, : self.n_modules] = self.room_type[:, None] == self.module_room_type[None, :]
        qualified[:, self.self_study] = self.self_study_allowed
        qualified.setflags(write=False)
        return qualified

    @cached_property
    def qualified_as_numbers(self) -> tuple[np.ndarray, np.ndarray]:
        """:attr:`room_qualified` and :attr:`teacher_qualified` as 0/1 floats.

        A 0/1 vector of free classrooms (teachers) times this matrix counts, for every module, the
        free ones qualified for it: one matrix product, exact on such small whole numbers, where
        summing the rows of a boolean table costs about three times as much.
        """
        rooms, teachers = self.room_qualified.astype(float), self.teacher_qualified.astype(float)
        rooms.setflags(write=False)
        teachers.setflags(write=False)
        return rooms, teachers

    @cached_property
    def learner_modules(self) -> tuple[np.ndarray, np.ndarray]:
        """The demanded modules of every learner, best first, padded.

        Returns
        -------
        modules : (L, K) int
            Module ids by decreasing demand; padding is the self-study id.
        values : (L, K) float
            Their demands; padding is 0.
        """
        counts = np.bincount(self.demand_learner, minlength=self.n_learners)
        width = max(int(counts.max(initial=0)), 1)
        order = np.lexsort((-self.demand_value, self.demand_learner))
        learners = self.demand_learner[order]
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        slot = np.arange(len(order)) - starts[learners]
        modules = np.full((self.n_learners, width), self.self_study)
        values = np.zeros((self.n_learners, width))
        modules[learners, slot] = self.demand_module[order]
        values[learners, slot] = self.demand_value[order]
        return modules, values

    @cached_property
    def preferred_modules(self) -> np.ndarray:
        """(L, K) bool: the modules of :attr:`learner_modules` that the learner prefers to self-study,
        :math:`D_{lm} > D_{l m_S}`."""
        modules, values = self.learner_modules
        preferred = values > self.self_study_value[:, None]
        preferred.setflags(write=False)
        return preferred

    @cached_property
    def _eligible_index(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.demand_module, kind="stable")
        bounds = np.searchsorted(self.demand_module[order], np.arange(self.n_modules + 1))
        return bounds, self.demand_learner[order]

    def eligible_learners(self, module: int) -> np.ndarray:
        """Learners with a positive demand for ``module`` (every learner for self-study)."""
        if module == self.self_study:
            return np.arange(self.n_learners)
        bounds, learners = self._eligible_index
        return learners[bounds[module] : bounds[module + 1]]

    @cached_property
    def _eligible_by_gain(self) -> np.ndarray:
        bounds, learners = self._eligible_index
        modules = np.repeat(np.arange(self.n_modules), np.diff(bounds))
        order = np.lexsort((np.arange(len(learners)), -self.gain[learners, modules], modules))
        return learners[order]

    def eligible_by_gain(self, module: int) -> np.ndarray:
        """The learners of :meth:`eligible_learners` (``module`` not self-study) by decreasing gain
        over self-study, :math:`D_{lm} - D_{l m_S}`, in their order there among equals."""
        bounds, _ = self._eligible_index
        return self._eligible_by_gain[bounds[module] : bounds[module + 1]]

    def activity_capacity(self, classroom: int | np.ndarray, module: int | np.ndarray) -> Any:
        """Seats of an activity: :math:`\\min(\\delta^+, N_c)` for instruction, :math:`N_c` for self-study."""
        if isinstance(module, (int, np.integer)):  # one module: skip the array machinery (the ALNS asks often)
            return self.capacity[classroom] if module == self.self_study else self.instruction_capacity[classroom]
        return np.where(
            np.asarray(module) == self.self_study, self.capacity[classroom], self.instruction_capacity[classroom]
        )

    # --- lookups for placing activities (computed once; the ALNS asks for them every iteration) ---

    @cached_property
    def instruction_capacity(self) -> np.ndarray:
        """(C,) seats of an instruction activity in each classroom, :math:`\\min(\\delta^+, N_c)`."""
        seats = np.minimum(self.capacity, self.max_batch)
        seats.setflags(write=False)
        return seats

    @cached_property
    def rooms_for_module(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each module (self-study last): the classrooms that may host it and seat at least
        :math:`\\delta^-` learners, by increasing id, and their seats for it."""
        lookups = []
        for module in range(self.n_modules + 1):
            rooms = np.flatnonzero(self.room_qualified[:, module])
            seats = self.activity_capacity(rooms, module)
            keep = seats >= self.min_batch
            lookups.append((rooms[keep], seats[keep]))
        return lookups

    @cached_property
    def teachers_for_module(self) -> list[np.ndarray]:
        """For each module (self-study last): the teachers qualified for it, the least qualified
        first (highest degree), lowest id first among equals."""
        ids = np.arange(self.n_teachers)
        return [
            qualified[np.lexsort((qualified, -self.teacher_degree[qualified]))]
            for qualified in (ids[self.teacher_qualified[:, module]] for module in range(self.n_modules + 1))
        ]

    @cached_property
    def placement_choices(self) -> tuple[list[tuple[list[int], list[int], list[int]]], list[list[int]]]:
        """:attr:`rooms_for_module` and :attr:`teachers_for_module` as Python lists, for the
        placement look-ups that walk them one item at a time.

        Returns
        -------
        rooms : list
            For each module, its classrooms by increasing seats (lowest id first among equals), their
            seats, and the same classrooms by decreasing seats (lowest id first among equals).
        teachers : list
            :attr:`teachers_for_module`.
        """
        rooms = []
        for ids, seats in self.rooms_for_module:
            smallest_first = np.lexsort((ids, seats))
            largest_first = np.lexsort((ids, -seats))
            rooms.append((ids[smallest_first].tolist(), seats[smallest_first].tolist(), ids[largest_first].tolist()))
        return rooms, [teachers.tolist() for teachers in self.teachers_for_module]

    @cached_property
    def self_study_rooms_by_size(self) -> np.ndarray:
        """Classrooms that allow self-study, the largest first."""
        rooms = np.flatnonzero(self.self_study_allowed)
        return rooms[np.argsort(-self.capacity[rooms], kind="stable")]

    def summary(self) -> dict[str, Any]:
        """Sizes and parameters, for printing."""
        return {
            "learners": self.n_learners,
            "classrooms": self.n_classrooms,
            "modules": self.n_modules,
            "teachers": self.n_teachers,
            "penalty": self.penalty,
            "min_batch": self.min_batch,
            "max_batch": self.max_batch,
            "demands": len(self.demand_value),
            **({"generator": self.meta["generator"]} if "generator" in self.meta else {}),
        }

    # --- JSON ----------------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Any, source: str = "<instance>") -> Instance:
        """Validate the JSON structure ``data`` and build the instance.

        Raises
        ------
        InstanceError
            Naming ``source``, the entry (``classrooms[3].capacity``) and what was expected.
        """
        return FieldChecker(source).instance(data)

    def to_dict(self) -> dict[str, Any]:
        """The JSON structure of :meth:`from_dict` (plain Python types)."""
        data: dict[str, Any] = {}
        for key in ("experiment", "instance"):
            if key in self.meta:
                data[key] = self.meta[key]
        data["learners"] = [{"id": i, "year": int(y)} for i, y in enumerate(self.learner_year)]
        data["classrooms"] = [
            {"id": i, "capacity": int(n), "self_study_allowed": bool(s), "room_type": int(r)}
            for i, (n, s, r) in enumerate(zip(self.capacity, self.self_study_allowed, self.room_type))
        ]
        data["modules"] = [
            {"id": i, "room_type": int(r), "qualification": int(q), **({"course": int(k)} if k >= 0 else {})}
            for i, (r, q, k) in enumerate(zip(self.module_room_type, self.module_qualification, self.module_course))
        ]
        data["teachers"] = [
            {"id": i, "degree": int(d), "frm_module": int(a), "to_module": int(b)}
            for i, (d, a, b) in enumerate(zip(self.teacher_degree, self.teacher_from, self.teacher_to))
        ]
        data["penalty"] = float(self.penalty)
        data["min_batch"] = int(self.min_batch)
        data["max_batch"] = int(self.max_batch)
        data["preferences"] = [
            [[int(l), int(m)], float(v)] for l, m, v in zip(self.demand_learner, self.demand_module, self.demand_value)
        ]
        if "generator" in self.meta:
            data["generator"] = self.meta["generator"]
        return data


def read_instance(path: str | Path) -> Instance:
    """Read and validate an instance JSON file (errors name the file and the entry).

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        Nothing there, or a folder (:func:`edulab.files.check_file`).
    edulab.errors.FileFormatError
        An empty file, bytes that are not UTF-8, or text that is not JSON
        (:class:`InstanceFileError`, with the line and column).
    InstanceError
        JSON that breaks a rule of the format, naming the entry.
    """
    path = Path(path)
    return Instance.from_dict(load_json(path), source=str(path))


def write_instance(instance: Instance, path: str | Path) -> Path:
    """Write ``instance`` as JSON: one entry a line, the same bytes for the same instance.

    The file's folder must exist (:func:`edulab.files.check_output_path`): no folder is created.
    """
    path = check_output_path(path)
    path.write_text(dumps(instance.to_dict()), encoding="utf-8")
    return path


def dumps(data: dict[str, Any]) -> str:
    """JSON text with each top-level key on its own line and each list entry on its own line."""
    lines = ["{"]
    items = list(data.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, list) and value:
            entries = ",\n".join("  " + _compact(entry) for entry in value)
            lines.append(f"{json.dumps(key)}: [\n{entries}\n]{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(", ", ": "), allow_nan=False)


def load_json(path: str | Path) -> Any:
    """The JSON content of ``path``, opened through :func:`edulab.files.read_text`.

    Raises :class:`InstanceFileError` with the line and column for text that is not JSON, and for
    nesting too deep to parse; ``NaN`` and ``Infinity`` (which JSON does not have) and a key given
    twice in one object (which would silently keep the last value) are refused.
    """
    text = read_text(path)

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise ValueError(f"the key {key!r} is given twice in one object")
        return dict(pairs)

    try:
        return json.loads(text, parse_constant=constant, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as error:
        raise InstanceFileError(path, f"invalid JSON ({error.msg})", line=error.lineno, column=error.colno) from None
    except ValueError as error:
        raise InstanceFileError(path, f"invalid JSON ({error})") from None
    except RecursionError:
        raise InstanceFileError(path, "invalid JSON (nested too deeply)") from None


class FieldChecker:
    """Checks the JSON structure field by field; every error names where and what was expected."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, expected: str, got: Any) -> InstanceError:
        return InstanceError(f"{self.source}: {where}: expected {expected}, got {got!r}")

    def integer(self, value: Any, where: str, low: int | None = None, high: int | None = None) -> int:
        """``value`` as an int: a whole number (``3.0`` is 3, ``3.5`` is refused, never truncated)
        within ``low..high`` and within ``-MAX_INTEGER..MAX_INTEGER``."""
        whole = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value) and value == int(value))
        if isinstance(value, bool) or not whole:
            raise self.fail(where, "an integer", value)
        value = int(value)
        if abs(value) > MAX_INTEGER:
            raise self.fail(where, f"an integer of at most {MAX_INTEGER} in size", value)
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low if low is not None else '-inf'}..{high if high is not None else 'inf'}"
            raise self.fail(where, f"an integer in {bounds}", value)
        return value

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.fail(where, "a finite number", value)
        return float(value)

    def records(self, data: dict, key: str, fields: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict]:
        entries = data[key]
        if not isinstance(entries, list):
            raise self.fail(key, "a list", type(entries).__name__)
        if len(entries) > MAX_ENTRIES:
            raise self.fail(key, f"at most {MAX_ENTRIES} entries", len(entries))
        for index, entry in enumerate(entries):
            where = f"{key}[{index}]"
            if not isinstance(entry, dict):
                raise self.fail(where, "an object", entry)
            missing = [name for name in fields if name not in entry]
            if missing:
                raise self.fail(where, f"the keys {', '.join(fields)} (missing {', '.join(missing)})", entry)
            unknown = sorted(set(entry) - set(fields) - set(optional) - {"id"})
            if unknown:
                expected = ", ".join(("id",) + fields + optional)
                raise InstanceError(f"{self.source}: {where}: unknown key {unknown[0]!r}; expected only {expected}")
            if "id" in entry and self.integer(entry["id"], f"{where}.id") != index:
                raise self.fail(f"{where}.id", f"{index} (ids are positions 0, 1, 2, ... in order)", entry["id"])
        return entries

    def instance(self, data: Any) -> Instance:
        if not isinstance(data, dict):
            raise InstanceError(f"{self.source}: expected a JSON object at the top level, got {type(data).__name__}")
        missing = [key for key in _REQUIRED if key not in data]
        if missing:
            raise InstanceError(f"{self.source}: missing key(s) {', '.join(missing)}")
        unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
        if unknown:
            raise InstanceError(
                f"{self.source}: unknown key {unknown[0]!r}; expected {', '.join(_REQUIRED + _OPTIONAL)}"
            )

        learners = self.records(data, "learners", ("year",))
        if not learners:
            raise self.fail("learners", "at least one learner", [])
        year = np.array([self.integer(r["year"], f"learners[{i}].year", 1) for i, r in enumerate(learners)], dtype=int)

        rooms = self.records(data, "classrooms", ("capacity", "self_study_allowed", "room_type"))
        capacity = np.array(
            [self.integer(r["capacity"], f"classrooms[{i}].capacity", 1) for i, r in enumerate(rooms)], dtype=int
        )
        for i, room in enumerate(rooms):
            if not isinstance(room["self_study_allowed"], bool):
                raise self.fail(f"classrooms[{i}].self_study_allowed", "true or false", room["self_study_allowed"])
        allowed = np.array([r["self_study_allowed"] for r in rooms], dtype=bool)
        room_type = np.array(
            [self.integer(r["room_type"], f"classrooms[{i}].room_type") for i, r in enumerate(rooms)], dtype=int
        )

        modules = self.records(data, "modules", ("room_type", "qualification"), optional=("course",))
        n_modules = len(modules)
        module_room = np.array(
            [self.integer(r["room_type"], f"modules[{i}].room_type") for i, r in enumerate(modules)], dtype=int
        )
        module_qual = np.array(
            [self.integer(r["qualification"], f"modules[{i}].qualification", 1, 2) for i, r in enumerate(modules)],
            dtype=int,
        )
        module_course = np.array(
            [self.integer(r.get("course", -1), f"modules[{i}].course", -1) for i, r in enumerate(modules)], dtype=int
        )

        teachers = self.records(data, "teachers", ("degree", "frm_module", "to_module"))
        for key, count in (("learners", len(learners)), ("teachers", len(teachers)), ("classrooms", len(rooms))):
            if count * (n_modules + 1) > MAX_CELLS:
                raise InstanceError(
                    f"{self.source}: {count} {key} x {n_modules + 1} modules (with self-study) = "
                    f"{count * (n_modules + 1)} cells; expected at most {MAX_CELLS}"
                )
        degree = np.array(
            [self.integer(r["degree"], f"teachers[{i}].degree", 1, 3) for i, r in enumerate(teachers)], dtype=int
        )
        start = np.array(
            [self.integer(r["frm_module"], f"teachers[{i}].frm_module", 0, n_modules) for i, r in enumerate(teachers)],
            dtype=int,
        )
        stop = np.array(
            [self.integer(r["to_module"], f"teachers[{i}].to_module", 0, n_modules) for i, r in enumerate(teachers)],
            dtype=int,
        )
        backwards = np.flatnonzero(stop < start)
        if len(backwards):
            i = int(backwards[0])
            raise self.fail(f"teachers[{i}].to_module", f"at least frm_module = {start[i]}", int(stop[i]))

        penalty = self.number(data["penalty"], "penalty")
        if not 0 < penalty <= 1:
            raise self.fail("penalty", "a self-study penalty w in (0, 1] (w = 0 would forbid self-study)", penalty)
        min_batch = self.integer(data["min_batch"], "min_batch", 1)
        max_batch = self.integer(data["max_batch"], "max_batch", min_batch)

        learner, module, value = self.preferences(data["preferences"], len(year), n_modules)
        without = np.setdiff1d(np.arange(len(year)), learner)
        if len(without):
            raise InstanceError(
                f"{self.source}: learner(s) {', '.join(map(str, without[:5]))} have no positive demand in preferences; "
                "every learner needs at least one eligible module"
            )
        meta = {key: data[key] for key in _OPTIONAL if key in data}
        for key in ("experiment", "instance"):
            if key in meta:
                meta[key] = self.integer(meta[key], key)
        if "generator" in meta and not isinstance(meta["generator"], dict):
            raise self.fail("generator", "an object of generator parameters", meta["generator"])

        return Instance(
            learner_year=year,
            capacity=capacity,
            self_study_allowed=allowed,
            room_type=room_type,
            module_room_type=module_room,
            module_qualification=module_qual,
            module_course=module_course,
            teacher_degree=degree,
            teacher_from=start,
            teacher_to=stop,
            penalty=penalty,
            min_batch=min_batch,
            max_batch=max_batch,
            demand_learner=learner,
            demand_module=module,
            demand_value=value,
            meta=meta,
        )

    def preferences(self, entries: Any, n_learners: int, n_modules: int) -> tuple[np.ndarray, ...]:
        if not isinstance(entries, list):
            raise self.fail("preferences", "a list of [[learner, module], demand]", type(entries).__name__)
        if len(entries) > MAX_ENTRIES:
            raise self.fail("preferences", f"at most {MAX_ENTRIES} entries", len(entries))
        learners, modules, values = [], [], []
        seen: dict[tuple[int, int], int] = {}
        for index, entry in enumerate(entries):
            where = f"preferences[{index}]"
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], list) and len(entry[0]) == 2):
                raise self.fail(where, "[[learner, module], demand]", entry)
            (learner, module), value = entry
            learner = self.integer(learner, f"{where} learner", 0)
            if learner >= n_learners:
                raise self.fail(f"{where} learner", f"a learner id below {n_learners}", learner)
            module = self.integer(module, f"{where} module", 0)
            if module >= n_modules:
                raise self.fail(f"{where} module", f"a known module id 0..{n_modules - 1}", module)
            value = self.number(value, f"{where} demand")
            if not 0 <= value <= MAX_DEMAND:
                raise self.fail(f"{where} demand", f"a demand >= 0 and <= {MAX_DEMAND:g} (0 means not eligible)", value)
            if (learner, module) in seen:
                raise self.fail(
                    where, f"one entry per (learner, module); preferences[{seen[learner, module]}] has it", entry
                )
            seen[learner, module] = index
            if value > 0:
                learners.append(learner)
                modules.append(module)
                values.append(value)
        learner = np.array(learners, dtype=int)
        module = np.array(modules, dtype=int)
        value = np.array(values, dtype=float)
        order = np.lexsort((module, learner))
        return learner[order], module[order], value[order]
