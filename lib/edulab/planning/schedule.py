"""Explicit schedules: one (learner, module, classroom, teacher) row per learner, and their check.

This is what a school receives and what every solver returns. The JSON format is the one of
the paper's code: ``{"assignments": [[learner, module, classroom, teacher], ...], "objective": ...}``.
Other keys, such as ``method``, ``seconds`` or the paper's ``runtimes``/``lbs``/``ubs``, are kept in
``meta``; files written before the kit said ``seconds`` have ``runtime``, which is read as
``seconds``. An activity is identified by its classroom, since a classroom hosts at most one.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 2 (the rules) and equations (1)-(12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from edulab.errors import InputError
from edulab.files import check_output_path
from edulab.planning.instance import (
    MAX_INTEGER,
    FieldChecker,
    Instance,
    InstanceError,
    dumps,
    load_json,
)

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Violation:
    """One broken rule: which rule, and a message naming the learner, classroom or teacher."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass(frozen=True, eq=False)
class Schedule:
    """Rows of (learner, module, classroom, teacher); the module id of self-study is ``M``.

    Attributes
    ----------
    assignments : (n, 4) int array
    meta : dict
        Anything else the solution file or solver recorded (method, seconds, bound, ...).
    """

    assignments: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rows = np.asarray(self.assignments)
        if (
            rows.size
            and not (np.issubdtype(rows.dtype, np.integer) or np.issubdtype(rows.dtype, np.floating))
            or rows.dtype == bool
        ):
            raise InputError(f"Schedule.assignments must hold integer ids, got an array of {rows.dtype}")
        if np.issubdtype(rows.dtype, np.floating):
            whole = np.isfinite(rows) & (np.abs(rows) <= MAX_INTEGER)
            whole[whole] = rows[whole] == np.round(rows[whole])
            if not whole.all():  # a float id such as 2.7 is refused, never truncated
                raise InputError(f"Schedule.assignments must hold integer ids, got {rows[~whole].ravel()[0]!r}")
        if rows.size % 4:
            raise InputError(
                f"Schedule.assignments must have 4 columns (learner, module, classroom, teacher), got shape {rows.shape}"
            )
        object.__setattr__(self, "assignments", np.asarray(rows, dtype=int).reshape(-1, 4))

    @property
    def learner(self) -> np.ndarray:
        return self.assignments[:, 0]

    @property
    def module(self) -> np.ndarray:
        return self.assignments[:, 1]

    @property
    def classroom(self) -> np.ndarray:
        return self.assignments[:, 2]

    @property
    def teacher(self) -> np.ndarray:
        return self.assignments[:, 3]

    def objective(self, instance: Instance) -> float:
        """Equation (1): the demand satisfied, :math:`\\sum_l D_{l, m(l)}` (self-study counts :math:`w \\max D`)."""
        return float(instance.demand[self.learner, self.module].sum())

    def self_study_share(self, instance: Instance) -> float:
        """Fraction of learners in self-study activities."""
        return float(np.mean(self.module == instance.self_study)) if len(self.assignments) else 0.0

    def activities(self, instance: Instance) -> pd.DataFrame:
        """One row per activity: classroom, teacher, module, kind, size, capacity, demand satisfied."""
        import pandas as pd

        rows = pd.DataFrame(self.assignments, columns=["learner", "module", "classroom", "teacher"])
        rows["demand"] = instance.demand[self.learner, self.module]
        table = (
            rows.groupby(["classroom", "teacher", "module"], as_index=False)
            .agg(size=("learner", "size"), demand=("demand", "sum"))
            .sort_values("classroom", ignore_index=True)
        )
        table["kind"] = np.where(table["module"] == instance.self_study, "self-study", "instruction")
        table["capacity"] = instance.activity_capacity(table["classroom"].to_numpy(), table["module"].to_numpy())
        return table[["classroom", "teacher", "module", "kind", "size", "capacity", "demand"]]

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, "assignments": self.assignments.tolist()}

    @classmethod
    def from_dict(cls, data: Any, source: str = "<schedule>") -> Schedule:
        """Read the solution structure; errors name ``source`` and the row."""
        parser = FieldChecker(source)
        if not isinstance(data, dict) or "assignments" not in data:
            raise InstanceError(f"{source}: expected a JSON object with key 'assignments'")
        rows = data["assignments"]
        if not isinstance(rows, list):
            raise parser.fail("assignments", "a list of [learner, module, classroom, teacher]", type(rows).__name__)
        for index, row in enumerate(rows):
            if not (isinstance(row, list) and len(row) == 4):
                raise parser.fail(f"assignments[{index}]", "[learner, module, classroom, teacher]", row)
            for part, value in zip(("learner", "module", "classroom", "teacher"), row):
                parser.integer(value, f"assignments[{index}] {part}")
        meta = {key: value for key, value in data.items() if key != "assignments"}
        if "runtime" in meta and "seconds" not in meta:  # written before the kit said "seconds"
            meta["seconds"] = meta.pop("runtime")
        return cls(np.array(rows, dtype=int).reshape(-1, 4), meta)


def read_schedule(path: str | Path) -> Schedule:
    """Read a solution JSON file (errors as :func:`~edulab.planning.instance.read_instance`)."""
    path = Path(path)
    return Schedule.from_dict(load_json(path), source=str(path))


def write_schedule(schedule: Schedule, path: str | Path) -> Path:
    """Write ``schedule`` as JSON; the file's folder must exist (:func:`edulab.files.check_output_path`)."""
    path = check_output_path(path)
    path.write_text(dumps(schedule.to_dict()), encoding="utf-8")
    return path


def validate_schedule(instance: Instance, schedule: Schedule) -> list[Violation]:
    """Check an explicit schedule against every rule of the HLAPP; an empty list means feasible.

    Rules (named as in the paper's validator): ``known_ids``; ``one_module_per_learner`` (5);
    ``eligibility`` (10); ``one_activity_per_classroom`` (7); ``one_activity_per_teacher`` (6);
    ``activity_size`` (2)-(4); ``room_type`` (9); ``teacher_qualification`` (8).
    """
    import pandas as pd

    rows = schedule.assignments
    limits = (instance.n_learners, instance.n_modules + 1, instance.n_classrooms, instance.n_teachers)
    names = ("learner", "module", "classroom", "teacher")
    violations: list[Violation] = []
    known = np.ones(len(rows), dtype=bool)
    for column, (name, limit) in enumerate(zip(names, limits)):
        bad = (rows[:, column] < 0) | (rows[:, column] >= limit)
        for index in np.flatnonzero(bad)[:10]:
            violations.append(
                Violation("known_ids", f"row {index}: unknown {name} {rows[index, column]} (expected 0..{limit - 1})")
            )
        known &= ~bad
    rows = rows[known]
    learner, module, classroom, teacher = rows.T

    counts = np.bincount(learner, minlength=instance.n_learners)
    for l in np.flatnonzero(counts == 0):
        violations.append(Violation("one_module_per_learner", f"learner {l} has no assignment"))
    for l in np.flatnonzero(counts > 1):
        violations.append(Violation("one_module_per_learner", f"learner {l} is assigned {counts[l]} times"))

    for index in np.flatnonzero(instance.demand[learner, module] <= 0):
        violations.append(
            Violation("eligibility", f"learner {learner[index]} has no demand for module {module[index]} (D = 0)")
        )

    frame = pd.DataFrame({"module": module, "classroom": classroom, "teacher": teacher})
    per_room = frame.groupby("classroom").agg(modules=("module", "nunique"), teachers=("teacher", "nunique"))
    for room, entry in per_room[(per_room["modules"] > 1) | (per_room["teachers"] > 1)].iterrows():
        violations.append(
            Violation(
                "one_activity_per_classroom",
                f"classroom {room} hosts {entry['modules']} module(s) with {entry['teachers']} teacher(s); "
                "expected one activity",
            )
        )
    per_teacher = frame.groupby("teacher")["classroom"].nunique()
    for person, rooms in per_teacher[per_teacher > 1].items():
        violations.append(Violation("one_activity_per_teacher", f"teacher {person} is in {rooms} classrooms at once"))

    activities = frame.groupby(["classroom", "module", "teacher"], as_index=False).size()
    rooms = activities["classroom"].to_numpy()
    modules = activities["module"].to_numpy()
    people = activities["teacher"].to_numpy()
    sizes = activities["size"].to_numpy()
    caps = instance.activity_capacity(rooms, modules)
    for c, m, size, cap in zip(rooms, modules, sizes, caps):
        kind = "self-study" if m == instance.self_study else f"module {m}"
        if size < instance.min_batch:
            violations.append(
                Violation(
                    "activity_size", f"classroom {c} ({kind}): {size} learners, below the minimum {instance.min_batch}"
                )
            )
        if size > cap:
            violations.append(
                Violation("activity_size", f"classroom {c} ({kind}): {size} learners, above its capacity {cap}")
            )
    for c, m in zip(rooms[~instance.room_qualified[rooms, modules]], modules[~instance.room_qualified[rooms, modules]]):
        violations.append(
            Violation(
                "room_type",
                f"classroom {c} (room type {instance.room_type[c]}) cannot host module {m}"
                + (
                    " (self-study not allowed)"
                    if m == instance.self_study
                    else f" (needs room type {instance.module_room_type[m]})"
                ),
            )
        )
    unqualified = ~instance.teacher_qualified[people, modules]
    for t, m in zip(people[unqualified], modules[unqualified]):
        violations.append(
            Violation(
                "teacher_qualification",
                f"teacher {t} (degree {instance.teacher_degree[t]}, modules {instance.teacher_from[t]}.."
                f"{instance.teacher_to[t] - 1}) is not qualified for module {m}",
            )
        )
    return violations
