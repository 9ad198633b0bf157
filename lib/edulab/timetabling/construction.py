"""Sequential greedy construction: most constrained lecture first, best (period, room) by a score.

At each step the heuristic of Lü and Hao (2010, section 3.2) picks, among the courses that still
have unassigned lectures, the one with the fewest *available periods* (periods where the course is
available, nothing it conflicts with is scheduled and a room is free) relative to the square root
of its unassigned lectures; ties are broken at random. It then places one lecture of that course in
the free slot (p, r) minimising

    score(p, r) = k_conflict * uac(p) + k_soft * soft_delta(p, r),

where ``uac(p)`` counts the unassigned lectures of conflicting courses for which period p is still
available (placing the lecture there takes p away from them) and ``soft_delta`` is the change of
the soft cost. When a course has no available period left, the heuristic *ejects* the fewest
lectures that block one of its periods and puts them back in the queue (a simple ejection chain),
up to a limit (``ejections_per_lecture``); lectures still unassigned after that are reported. A
:class:`~edulab.timetabling.budget.Budget`, when given, bounds the construction too (its
iterations are placements): lectures not placed when it runs out stay unassigned.

References
----------
Lü, Hao (2010). Adaptive tabu search for course timetabling. EJOR 200(1), 235-244 (section 3.2).
Gonçalves (2015). Automated university timetable creation with metaheuristics, ISEL, section 1.4
(the seed: greedy initial population for the genetic algorithm).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from edulab.timetabling.budget import Budget
from edulab.timetabling.instance import Instance
from edulab.timetabling.timetable import Timetable


@dataclass(frozen=True)
class GreedyConfig:
    """Weights and randomness of the greedy construction.

    Attributes
    ----------
    k_conflict
        Weight of ``uac(p)``, the availability taken from conflicting unassigned lectures.
    k_soft
        Weight of the soft cost change.
    noise
        Relative random perturbation of the scores (0 = deterministic up to ties); the genetic
        algorithm builds a diverse initial population with noise > 0.
    ejections_per_lecture
        Maximum ejections, as a multiple of the number of lectures.
    """

    k_conflict: float = 1.0
    k_soft: float = 0.5
    noise: float = 0.0
    ejections_per_lecture: float = 20.0

    def __post_init__(self) -> None:
        for name in ("k_conflict", "k_soft", "noise", "ejections_per_lecture"):
            value = getattr(self, name)
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"GreedyConfig.{name} must be a non-negative number, got {value!r}")


def greedy(
    instance: Instance,
    config: GreedyConfig | None = None,
    *,
    budget: Budget | None = None,
    random_state: np.random.Generator | int | None = None,
) -> Timetable:
    """Build a timetable from scratch with the sequential greedy heuristic.

    Parameters
    ----------
    instance
        The problem.
    config
        Weights and noise; :class:`GreedyConfig` defaults when None.
    budget
        Seconds and/or placements the construction may take (None: until every lecture is
        placed or given up).
    random_state
        A seed or a NumPy Generator (ties and noise are random).

    Returns
    -------
    Timetable
        Hard-feasible; ``timetable.unassigned`` is the number of lectures it could not place
        (0 on all 21 competition instances in our runs).
    """
    return complete(Timetable(instance), config, budget=budget, random_state=random_state)


def complete(
    timetable: Timetable,
    config: GreedyConfig | None = None,
    *,
    budget: Budget | None = None,
    random_state: np.random.Generator | int | None = None,
) -> Timetable:
    """Insert the unassigned lectures of ``timetable`` greedily (in place); returns it.

    Used both for construction (from an empty timetable) and as the genetic algorithm's repair
    (after the lectures that broke a hard constraint were taken out). Parameters as
    :func:`greedy`.
    """
    rng = np.random.default_rng(random_state)
    builder = _Builder(timetable, rng, config or GreedyConfig())
    builder.run(budget)
    return timetable


class _Builder:
    """The state of one greedy construction: NumPy mirrors of the timetable's busy counts and
    free slots, updated with every placement and ejection (converting the lists at every step
    would cost more than the construction itself)."""

    def __init__(self, timetable: Timetable, rng: np.random.Generator, config: GreedyConfig):
        instance = timetable.instance
        self.table, self.rng, self.config = timetable, rng, config
        self.instance = instance
        self.conflict = instance.conflict.astype(np.int64)
        self.linked = self.conflict + np.eye(instance.n_courses, dtype=np.int64)
        self.unavailable = instance.unavailable
        self.busy = np.array(timetable.busy).reshape(instance.n_courses, instance.n_periods)
        self.free = np.array(timetable.slot).reshape(instance.n_periods, instance.n_rooms) < 0
        unassigned = np.flatnonzero(np.array(timetable.period) < 0)
        courses = instance.lecture_course[unassigned]
        self.remaining = np.bincount(courses, minlength=instance.n_courses)
        self.queue = {int(c): unassigned[courses == c].tolist() for c in np.unique(courses)}
        self.ejections_left = int(config.ejections_per_lecture * instance.n_lectures)

    def run(self, budget: Budget | None) -> None:
        start, placements = time.perf_counter(), 0
        while self.remaining.any():
            if budget is not None and budget.stop(placements, time.perf_counter() - start):
                return
            placements += 1
            feasible = self._available_periods()
            course = self._most_constrained(feasible)
            if not feasible[course].any():
                if self.ejections_left <= 0 or not self._eject_for(course):
                    self._give_up(course)
                    continue
                feasible = self._available_periods()
            self._place(course, feasible)

    def _available_periods(self) -> np.ndarray:
        return ~self.unavailable & (self.busy == 0) & self.free.any(axis=1)[None, :]

    def _changed(self, course: int, period: int, room: int, sign: int) -> None:
        """Mirror a placement (sign 1) or a removal (sign -1) of a lecture of ``course``."""
        self.busy[:, period] += sign * self.linked[course]
        self.free[period, room] = sign < 0

    def _most_constrained(self, feasible: np.ndarray) -> int:
        waiting = np.flatnonzero(self.remaining)
        key = feasible[waiting].sum(axis=1) / np.sqrt(self.remaining[waiting])
        key = key * (1 + self.config.noise * self.rng.random(key.size))
        best = np.flatnonzero(key == key.min())
        return int(waiting[self.rng.choice(best)])

    def _place(self, course: int, feasible: np.ndarray) -> None:
        table, config = self.table, self.config
        periods = np.flatnonzero(feasible[course])
        taken = feasible[:, periods] * (self.conflict[course] * self.remaining)[:, None]
        uac = taken.sum(axis=0)
        period_part = np.array([table.insert_period_delta(course, int(p)) for p in periods])
        room_part = np.array([table.insert_room_delta(course, r) for r in range(table.n_rooms)])
        free = self.free[periods]
        score = config.k_conflict * uac[:, None] + config.k_soft * (period_part[:, None] + room_part[None, :])
        score = score.astype(float)
        if config.noise:
            score = score + config.noise * np.abs(score).mean() * self.rng.random(score.shape)
        score[~free] = np.inf
        best = np.flatnonzero(score == score.min())
        row, room = divmod(int(self.rng.choice(best)), table.n_rooms)
        lecture = self.queue[course].pop()
        table.move(lecture, int(periods[row]), room)
        self._changed(course, int(periods[row]), room, 1)
        self.remaining[course] -= 1

    def _eject_for(self, course: int) -> bool:
        """Free one period for ``course`` by unassigning the fewest blocking lectures."""
        table = self.table
        P, R = table.n_periods, table.n_rooms
        lecture_course = np.array(table.lecture_course)
        period = np.array(table.period)
        own = np.zeros(P, dtype=bool)
        own[period[(lecture_course == course) & (period >= 0)]] = True
        candidates = np.flatnonzero(~self.unavailable[course] & ~own)
        if candidates.size == 0:
            return False
        slots = np.array(table.slot).reshape(P, R)
        blockers = []
        for p in candidates.tolist():
            here = slots[p][slots[p] >= 0]
            clashing = here[self.conflict[course, lecture_course[here]] > 0].tolist()
            if len(here) - len(clashing) >= R:  # no room frees up: eject one more lecture too
                others = [int(l) for l in here if l not in clashing]
                clashing.append(others[int(self.rng.integers(len(others)))])
            blockers.append(clashing)
        sizes = np.array([len(b) for b in blockers], dtype=float) + self.rng.random(len(blockers)) * 0.5
        chosen = blockers[int(np.argmin(sizes))]
        for lecture in chosen:
            c = int(lecture_course[lecture])
            self._changed(c, table.period[lecture], table.room[lecture], -1)
            table.unassign(lecture)
            self.queue.setdefault(c, []).append(lecture)
            self.remaining[c] += 1
        self.ejections_left -= len(chosen)
        return True

    def _give_up(self, course: int) -> None:
        """Leave the course's remaining lectures unassigned (no ejections left or no period exists)."""
        self.remaining[course] = 0
        self.queue[course] = []
