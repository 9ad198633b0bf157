"""The solution state the ALNS works on, with its objective kept up to date move by move.

A classroom hosts at most one activity, so an activity is named by its classroom ``c``: it has a
module ``module[c]`` (-1 when the classroom is free), a teacher ``teacher[c]`` and a size
``size[c]``; every learner has ``room_of[l]`` (-1 while a destroy operator has taken it out).
The state is a handful of small NumPy arrays, so copying it (once an iteration) costs microseconds,
and every change adds or subtracts only the demand of the learners it moves, so the objective is
never recomputed from scratch (:meth:`PlanState.recomputed_value` does that, for tests).

It follows the ``alns`` package's state protocol: :meth:`objective` is minimised, so it returns
minus the demand satisfied.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4.
"""

from __future__ import annotations

import numpy as np

from edulab.planning.instance import Instance
from edulab.planning.schedule import Schedule

FREE = -1


class PlanState:
    """Activities and learner assignments of one candidate schedule.

    Parameters
    ----------
    instance
        The problem; the new state has no activities and every learner unassigned.
    """

    __slots__ = ("instance", "room_of", "module", "teacher", "size", "teacher_busy", "value")

    def __init__(self, instance: Instance):
        self.instance = instance
        self.room_of = np.full(instance.n_learners, FREE, dtype=np.int64)
        self.module = np.full(instance.n_classrooms, FREE, dtype=np.int64)
        self.teacher = np.full(instance.n_classrooms, FREE, dtype=np.int64)
        self.size = np.zeros(instance.n_classrooms, dtype=np.int64)
        self.teacher_busy = np.zeros(instance.n_teachers, dtype=bool)
        self.value = 0.0

    def copy(self) -> PlanState:
        other = PlanState.__new__(PlanState)
        other.instance = self.instance
        other.room_of = self.room_of.copy()
        other.module = self.module.copy()
        other.teacher = self.teacher.copy()
        other.size = self.size.copy()
        other.teacher_busy = self.teacher_busy.copy()
        other.value = self.value
        return other

    # --- the alns protocol ---------------------------------------------------------------------

    def objective(self) -> float:
        """Minus the demand satisfied (the ``alns`` package minimises)."""
        return -self.value

    # --- queries -------------------------------------------------------------------------------

    def members(self, room: int) -> np.ndarray:
        """Learners in the activity of classroom ``room``."""
        return (self.room_of == room).nonzero()[0]

    def unassigned(self) -> np.ndarray:
        return (self.room_of == FREE).nonzero()[0]

    def used_rooms(self) -> np.ndarray:
        return (self.module != FREE).nonzero()[0]

    def instruction_rooms(self) -> np.ndarray:
        return ((self.module != FREE) & (self.module != self.instance.self_study)).nonzero()[0]

    def self_study_rooms(self) -> np.ndarray:
        return (self.module == self.instance.self_study).nonzero()[0]

    def seats(self, rooms: np.ndarray | int) -> np.ndarray:
        """Capacity of the activities in ``rooms`` (their module decides instruction or self-study)."""
        return self.instance.activity_capacity(rooms, self.module[rooms])

    def learner_values(self, learners: np.ndarray | None = None) -> np.ndarray:
        """Demand each learner currently satisfies (0 while unassigned)."""
        if learners is None:  # every learner: no look-up of the learners' rows needed
            rooms = self.room_of
            values = self.instance.demand[self.instance.learner_ids, self.module[rooms]]
            return np.where(rooms == FREE, 0.0, values)
        learners = np.asarray(learners)
        rooms = self.room_of[learners]
        values = self.instance.demand[learners, self.module[np.maximum(rooms, 0)]]
        return np.where(rooms == FREE, 0.0, values)

    def recomputed_value(self) -> float:
        """The demand satisfied, summed from scratch (to check the incremental bookkeeping)."""
        return float(self.learner_values().sum())

    def self_study_share(self) -> float:
        return float(np.mean(self.module[self.room_of] == self.instance.self_study))

    # --- changes -------------------------------------------------------------------------------

    def open(self, room: int, module: int, teacher: int) -> None:
        """Start an empty activity (it must be filled to the minimum size before the state is used)."""
        if self.module[room] != FREE or self.teacher_busy[teacher]:
            raise ValueError(f"classroom {room} or teacher {teacher} is already in use")
        self.module[room] = module
        self.teacher[room] = teacher
        self.teacher_busy[teacher] = True

    def close(self, room: int) -> np.ndarray:
        """Remove the activity of ``room``: its learners become unassigned, room and teacher free."""
        learners = self.members(room)
        self.unassign(learners)
        self.teacher_busy[self.teacher[room]] = False
        self.module[room] = FREE
        self.teacher[room] = FREE
        return learners

    def assign(self, learners: np.ndarray, room: int) -> None:
        """Put unassigned ``learners`` into the activity of ``room``."""
        learners = np.asarray(learners, dtype=np.int64)
        self.value += float(self.instance.demand[learners, self.module[room]].sum())
        self.size[room] += len(learners)
        self.room_of[learners] = room

    def assign_each(self, learners: np.ndarray, rooms: np.ndarray) -> None:
        """Put each unassigned ``learners[i]`` into the activity of ``rooms[i]``: the same as
        :meth:`assign` one learner at a time, in order (the objective adds up in the same order),
        with one NumPy call instead of one per learner."""
        learners = np.asarray(learners, dtype=np.int64)
        rooms = np.asarray(rooms, dtype=np.int64)
        for value in self.instance.demand[learners, self.module[rooms]].tolist():
            self.value += value
        self.size += np.bincount(rooms, minlength=len(self.size))
        self.room_of[learners] = rooms

    def assign_groups(self, learners: np.ndarray, rooms: list[int], counts: list[int]) -> None:
        """Put consecutive groups of unassigned ``learners`` into distinct activities: the first
        ``counts[0]`` into the activity of ``rooms[0]``, the next ``counts[1]`` into ``rooms[1]``...
        The same as :meth:`assign` group by group (the objective adds each group's sum in turn),
        with a few NumPy calls instead of several per group."""
        if not counts:
            return
        learners = np.asarray(learners, dtype=np.int64)
        values = self.instance.demand[learners, np.repeat(self.module[rooms], counts)]
        start = 0
        for count in counts:
            self.value += float(values[start : start + count].sum())
            start += count
        self.size[rooms] += counts
        self.room_of[learners] = np.repeat(rooms, counts)

    def move_each(self, learners: np.ndarray, rooms: np.ndarray) -> None:
        """Put each ``learners[i]``, assigned or not, into the activity of ``rooms[i]``: the same as
        :meth:`move` (or :meth:`assign` for an unassigned learner) one learner at a time, in order
        (the objective adds up in the same order), with a few NumPy calls instead of several per learner."""
        learners = np.asarray(learners, dtype=np.int64)
        rooms = np.asarray(rooms, dtype=np.int64)
        if not len(learners):
            return
        demand = self.instance.demand
        old = self.room_of[learners]
        assigned = old != FREE
        new_values = demand[learners, self.module[rooms]].tolist()
        old_values = demand[learners, self.module[old]].tolist()  # read but unused for unassigned learners
        for was_assigned, new_value, old_value in zip(assigned.tolist(), new_values, old_values):
            self.value += new_value - old_value if was_assigned else new_value
        self.size -= np.bincount(old[assigned], minlength=len(self.size))
        self.size += np.bincount(rooms, minlength=len(self.size))
        self.room_of[learners] = rooms

    def unassign(self, learners: np.ndarray) -> None:
        """Take ``learners`` out of their activities."""
        learners = np.asarray(learners, dtype=np.int64)
        if not len(learners):
            return
        rooms = self.room_of[learners]
        if (rooms == FREE).any():
            raise ValueError(f"learner(s) {learners[rooms == FREE][:5].tolist()} are not assigned")
        self.value -= float(self.instance.demand[learners, self.module[rooms]].sum())
        self.size -= np.bincount(rooms, minlength=len(self.size))
        self.room_of[learners] = FREE

    def move(self, learner: int, room: int) -> None:
        """Move one learner to the activity of ``room`` (the fast path of the local search)."""
        demand = self.instance.demand
        old = self.room_of[learner]
        self.value += demand[learner, self.module[room]] - demand[learner, self.module[old]]
        self.size[old] -= 1
        self.size[room] += 1
        self.room_of[learner] = room

    def to_self_study(self, room: int) -> None:
        """Turn the instruction activity of ``room`` into self-study, keeping its learners."""
        learners = self.members(room)
        self.unassign(learners)
        self.module[room] = self.instance.self_study
        self.assign(learners, room)

    # --- output --------------------------------------------------------------------------------

    def to_schedule(self) -> Schedule:
        """The explicit schedule; raises when learners are unassigned."""
        missing = self.unassigned()
        if len(missing):
            raise ValueError(f"{len(missing)} learner(s) are unassigned (first: {missing[:5].tolist()})")
        rooms = self.room_of
        rows = np.column_stack([np.arange(len(rooms)), self.module[rooms], rooms, self.teacher[rooms]])
        return Schedule(rows)
