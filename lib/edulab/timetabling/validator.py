"""The competition's cost of a timetable: four hard violations and four weighted soft costs.

This module recomputes everything from scratch with NumPy, counting exactly as the official
validator (``validator.cc`` v1.1, Di Gaspero and Schaerf, 2007) does:

Hard violations (a feasible timetable has none)
    * lectures: for each course, ``|scheduled lectures - required lectures|``;
    * conflicts: for each pair of conflicting courses (same curriculum or same teacher), the
      number of periods where both have a lecture;
    * availability: lectures in a period where their course is unavailable;
    * room occupancy: for each room and period, lectures beyond the first.

Soft costs, with the competition's weights (:data:`WEIGHTS`)
    * room capacity: 1 per student above the room's capacity, per lecture;
    * minimum working days: 5 per day missing below the course's minimum;
    * curriculum compactness: 2 per isolated lecture (a lecture of a curriculum with no lecture
      of the same curriculum in the timeslot just before or after, on the same day);
    * room stability: 1 per room beyond the first used by a course.

Like the official validator, a second entry for the same course and period is ignored (it
would be a "repeated entry": the lecture counts as missing). On a day of one timeslot every
lecture is isolated, as the competition's definition says (the binary reads past the row there).

References
----------
Di Gaspero, McCollum, Schaerf (2007), ITC-2007 track 3 technical report, section 2.
Bonutti, De Cesco, Di Gaspero, Schaerf (2012). Benchmarking curriculum-based course timetabling:
formulations, data formats, instances, validation, visualization, and results. Annals of OR 194.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from edulab.timetabling.instance import Instance
from edulab.timetabling.solution import Solution

#: Weights of the soft constraints in the ITC-2007 (UD2) formulation.
WEIGHTS = {"room_capacity": 1, "min_working_days": 5, "curriculum_compactness": 2, "room_stability": 1}
HARD = ("lectures", "conflicts", "availability", "room_occupancy")
SOFT = tuple(WEIGHTS)

#: Weight of one hard violation in the objective the searches minimise,
#: ``HARD_WEIGHT * violations + soft cost``: more than any soft cost of the competition, so a
#: timetable with fewer hard violations is always better. (An unassigned lecture is one hard
#: violation, of the type "lectures".)
HARD_WEIGHT = 100_000


def objective(violations: int, soft: int) -> int:
    """The searches' objective: ``HARD_WEIGHT * violations + soft`` (lower is better)."""
    return HARD_WEIGHT * violations + soft


@dataclass(frozen=True)
class CostReport:
    """Violations and costs of one timetable.

    Attributes
    ----------
    hard
        Violations by type (:data:`HARD`), unweighted.
    soft
        Costs by type (:data:`SOFT`), already multiplied by :data:`WEIGHTS`.
    repeated_entries
        Lines ignored because the course already had a lecture in that period.
    """

    hard: dict[str, int]
    soft: dict[str, int]
    repeated_entries: int = 0

    @property
    def violations(self) -> int:
        """Total hard violations (the validator's ``Violations = ...``)."""
        return sum(self.hard.values())

    @property
    def total(self) -> int:
        """Total soft cost (the validator's ``Total Cost = ...``)."""
        return sum(self.soft.values())

    @property
    def feasible(self) -> bool:
        return self.violations == 0

    def to_dict(self) -> dict:
        return {
            "hard": dict(self.hard),
            "soft": dict(self.soft),
            "violations": self.violations,
            "total": self.total,
            "feasible": self.feasible,
            "repeated_entries": self.repeated_entries,
        }

    def __str__(self) -> str:
        names = {
            "lectures": "Lectures",
            "conflicts": "Conflicts",
            "availability": "Availability",
            "room_occupancy": "RoomOccupation",
            "room_capacity": "RoomCapacity",
            "min_working_days": "MinWorkingDays",
            "curriculum_compactness": "CurriculumCompactness",
            "room_stability": "RoomStability",
        }
        lines = [f"Violations of {names[k]} (hard) : {v}" for k, v in self.hard.items()]
        lines += [f"Cost of {names[k]} (soft) : {v}" for k, v in self.soft.items()]
        prefix = f"Violations = {self.violations}, " if self.violations else ""
        lines.append(f"Summary: {prefix}Total Cost = {self.total}")
        return "\n".join(lines)


def room_matrix(instance: Instance, solution: Solution) -> tuple[np.ndarray, int]:
    """The ``(n_courses, n_periods)`` matrix of rooms (-1 where no lecture) and repeated entries.

    The first entry of a (course, period) pair wins, as in the official validator.
    """
    solution.check(instance)
    n_periods = instance.n_periods
    key = solution.course * n_periods + solution.period
    _, first = np.unique(key, return_index=True)
    rooms = np.full((instance.n_courses, n_periods), -1, dtype=np.int64)
    rooms[solution.course[first], solution.period[first]] = solution.room[first]
    return rooms, len(solution) - first.size


def evaluate(instance: Instance, solution: Solution) -> CostReport:
    """Hard violations and soft costs of ``solution``, as the official validator counts them."""
    rooms, repeated = room_matrix(instance, solution)
    return evaluate_matrix(instance, rooms, repeated_entries=repeated)


def evaluate_matrix(instance: Instance, rooms: np.ndarray, repeated_entries: int = 0) -> CostReport:
    """As :func:`evaluate`, from the course-by-period room matrix (-1 where no lecture)."""
    occupied = rooms >= 0
    hard = {
        "lectures": int(np.abs(occupied.sum(axis=1) - instance.lectures).sum()),
        "conflicts": conflicts(instance, occupied),
        "availability": int((occupied & instance.unavailable).sum()),
        "room_occupancy": room_occupancy(instance, rooms),
    }
    soft = {
        "room_capacity": WEIGHTS["room_capacity"] * room_capacity(instance, rooms),
        "min_working_days": WEIGHTS["min_working_days"] * missing_working_days(instance, occupied),
        "curriculum_compactness": WEIGHTS["curriculum_compactness"] * isolated_lectures(instance, occupied),
        "room_stability": WEIGHTS["room_stability"] * extra_rooms(instance, rooms),
    }
    return CostReport(hard, soft, repeated_entries)


def conflicts(instance: Instance, occupied: np.ndarray) -> int:
    """Periods shared by each pair of conflicting courses, summed over pairs (each pair once)."""
    upper = np.triu(instance.conflict).astype(np.int64)
    busy = occupied.astype(np.int64)
    return int((busy * (upper @ busy)).sum())


def room_occupancy(instance: Instance, rooms: np.ndarray) -> int:
    """Lectures beyond the first in each (room, period)."""
    _, periods = np.nonzero(rooms >= 0)
    used = rooms[rooms >= 0]
    counts = np.bincount(used * instance.n_periods + periods, minlength=instance.n_rooms * instance.n_periods)
    return int(np.maximum(counts - 1, 0).sum())


def room_capacity(instance: Instance, rooms: np.ndarray) -> int:
    """Students above capacity, summed over lectures (unweighted)."""
    courses, _ = np.nonzero(rooms >= 0)
    used = rooms[rooms >= 0]
    return int(np.maximum(instance.students[courses] - instance.capacity[used], 0).sum())


def missing_working_days(instance: Instance, occupied: np.ndarray) -> int:
    """Days missing below each course's minimum, summed over courses (unweighted)."""
    by_day = occupied.reshape(instance.n_courses, instance.n_days, instance.periods_per_day)
    working = by_day.any(axis=2).sum(axis=1)
    return int(np.maximum(instance.min_days - working, 0).sum())


def curriculum_lectures(instance: Instance, occupied: np.ndarray) -> np.ndarray:
    """Lectures of each curriculum in each period, ``(n_curricula, n_periods)``."""
    return instance.membership.astype(np.int64) @ occupied.astype(np.int64)


def isolated_lectures(instance: Instance, occupied: np.ndarray) -> int:
    """Lectures of a curriculum with no lecture of it in an adjacent timeslot of the same day.

    A (curriculum, period) cell holding k lectures counts k times when isolated, as the official
    validator does (k > 1 only happens with conflict violations).
    """
    counts = curriculum_lectures(instance, occupied)
    return int(counts[isolated_mask(instance, counts)].sum())


def isolated_mask(instance: Instance, counts: np.ndarray) -> np.ndarray:
    """True at the (curriculum, period) cells whose lectures are isolated."""
    by_day = counts.reshape(counts.shape[0], instance.n_days, instance.periods_per_day) > 0
    padded = np.pad(by_day, ((0, 0), (0, 0), (1, 1)))
    alone = by_day & ~padded[:, :, :-2] & ~padded[:, :, 2:]
    return alone.reshape(counts.shape)


def extra_rooms(instance: Instance, rooms: np.ndarray) -> int:
    """Distinct rooms beyond the first, summed over courses (unweighted)."""
    courses, _ = np.nonzero(rooms >= 0)
    pairs = np.unique(courses * instance.n_rooms + rooms[rooms >= 0])
    per_course = np.bincount(pairs // instance.n_rooms, minlength=instance.n_courses)
    return int(np.maximum(per_course - 1, 0).sum())


def swap_cost_change(instance: Instance, solution: Solution, a: int, b: int) -> int:
    """Soft cost change when entries ``a`` and ``b`` exchange their period and room.

    Two full evaluations: slow, and the reference the incremental deltas of
    :class:`~edulab.timetabling.timetable.Timetable` are checked against.
    """
    room, period = solution.room.copy(), solution.period.copy()
    room[[a, b]] = room[[b, a]]
    period[[a, b]] = period[[b, a]]
    return evaluate(instance, Solution(solution.course, room, period)).total - evaluate(instance, solution).total
