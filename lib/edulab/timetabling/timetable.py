"""A timetable under construction or search, with incremental (delta) evaluation of moves.

:class:`Timetable` keeps every lecture either unassigned or in a (period, room) slot, and it
never holds a hard violation other than unassigned lectures: a lecture is only placed where
its room is free, its course is available and no conflicting course (same curriculum or same
teacher, or the same course) already has a lecture. The soft cost is kept up to date after each
change, and the change of a candidate move is computed without applying it by looking only at
what the move touches: a course's lectures per day and per room, and the pattern of occupied
timeslots of each of its curricula on the two days involved, kept as a bitmask whose isolated
lectures are read from a precomputed table.

The tables are plain Python lists indexed by flattened positions (``course * n_periods +
period`` and so on): in a loop that reads a handful of numbers per move, list indexing is several
times faster than NumPy scalar indexing. NumPy builds the tables; :mod:`edulab.timetabling.validator`
recomputes the whole cost for checking.

Neighbourhoods (Lü and Hao 2010, section 3.3)
    * move: one lecture to a free (period, room) slot (an unassigned lecture is inserted);
    * swap: two lectures exchange their slots;
    * Kempe chain: two periods exchange the lectures of a connected group of conflicting
      courses, which keeps the conflict constraints satisfied (:mod:`edulab.timetabling.kempe`).

References
----------
Lü, Hao (2010). Adaptive tabu search for course timetabling. EJOR 200(1), 235-244.
Di Gaspero, McCollum, Schaerf (2007). ITC-2007 track 3 technical report.
"""

from __future__ import annotations

import numpy as np

from edulab.timetabling.instance import Instance
from edulab.timetabling.solution import Solution
from edulab.timetabling.validator import WEIGHTS, objective

W_CAPACITY = WEIGHTS["room_capacity"]
W_DAYS = WEIGHTS["min_working_days"]
W_COMPACT = WEIGHTS["curriculum_compactness"]
W_STABILITY = WEIGHTS["room_stability"]

#: Days longer than this would make the compactness table (2 ** periods_per_day entries) too big.
MAX_PERIODS_PER_DAY = 20


def isolated_in_pattern(per_day: int) -> np.ndarray:
    """Isolated lectures of every day pattern: entry ``m`` counts the set bits of ``m`` (occupied
    timeslots) with neither neighbouring bit set."""
    masks = np.arange(1 << per_day)
    inner = (1 << per_day) - 1
    neighbours = ((masks << 1) | (masks >> 1)) & inner
    alone = masks & ~neighbours
    return np.array([bin(m).count("1") for m in alone.tolist()], dtype=np.int64)


class InfeasiblePlacement(ValueError):
    """A lecture was placed where it would break a hard constraint."""


class Timetable:
    """Lectures in slots, with the soft cost maintained incrementally.

    Parameters
    ----------
    instance
        The problem. All lectures start unassigned.

    Attributes
    ----------
    period, room
        Lists indexed by lecture: its period and room, -1 when unassigned.
    soft
        The current soft cost (weighted, as :func:`~edulab.timetabling.validator.evaluate`).
    unassigned
        The number of unassigned lectures: the only hard violation a Timetable can hold.
    """

    def __init__(self, instance: Instance):
        self.instance = instance
        self._build_tables(instance)
        n_courses, n_periods, n_rooms = instance.n_courses, instance.n_periods, instance.n_rooms
        self.period = [-1] * self.n_lectures
        self.room = [-1] * self.n_lectures
        self.slot = [-1] * (n_periods * n_rooms)
        self.busy = [0] * (n_courses * n_periods)
        self.pattern = [0] * (instance.n_curricula * instance.n_days)
        self.day_count = [0] * (n_courses * instance.n_days)
        self.working_days = [0] * n_courses
        self.room_count = [0] * (n_courses * n_rooms)
        self.rooms_used = [0] * n_courses
        self.soft = W_DAYS * int(instance.min_days.sum())
        self.unassigned = self.n_lectures

    def _build_tables(self, instance: Instance) -> None:
        P, R, D, per_day = instance.n_periods, instance.n_rooms, instance.n_days, instance.periods_per_day
        if per_day > MAX_PERIODS_PER_DAY:
            raise ValueError(
                f"{instance.name}: {per_day} periods a day; the timetable supports at most {MAX_PERIODS_PER_DAY}"
            )
        self.n_lectures, self.n_courses = instance.n_lectures, instance.n_courses
        self.n_periods, self.n_rooms, self.n_days, self.per_day = P, R, D, per_day
        self.lecture_course = instance.lecture_course.tolist()
        self.blocked = instance.unavailable.ravel().tolist()
        linked = instance.conflict | np.eye(instance.n_courses, dtype=bool)
        #: flattened (course, course): same course, same curriculum or same teacher
        self.linked = linked.ravel().tolist()
        #: for each course, the offsets (d * P) of the busy rows a lecture of it updates
        self.linked_rows = [(np.flatnonzero(row) * P).tolist() for row in linked]
        #: for each course, the offsets (q * D) of its curricula's day patterns
        self.curriculum_days = [[q * D for q in qs] for qs in instance.curricula_of]
        penalty = np.maximum(instance.students[:, None] - instance.capacity[None, :], 0)
        self.capacity_penalty = (W_CAPACITY * penalty).ravel().tolist()
        self.min_days = instance.min_days.tolist()
        periods = np.arange(P)
        self.day_of = (periods // per_day).tolist()
        self.bit_of = (1 << (periods % per_day)).tolist()
        self.isolated_cost = (W_COMPACT * isolated_in_pattern(per_day)).tolist()

    # --- copies and conversions ---------------------------------------------------------------
    def copy(self) -> Timetable:
        """An independent copy (the static tables are shared)."""
        other = object.__new__(Timetable)
        other.__dict__.update(self.__dict__)
        for name in (
            "period",
            "room",
            "slot",
            "busy",
            "pattern",
            "day_count",
            "working_days",
            "room_count",
            "rooms_used",
        ):
            setattr(other, name, list(getattr(self, name)))
        return other

    @classmethod
    def from_solution(cls, instance: Instance, solution: Solution) -> Timetable:
        """Place a solution's entries, course by course in file order.

        Raises :class:`InfeasiblePlacement` naming the entry when it breaks a hard constraint
        (clash, unavailability, conflict) or gives a course more lectures than it has.
        """
        table = cls(instance)
        solution.check(instance)
        placed = [0] * instance.n_courses
        first = instance.first_lecture
        for i, (c, r, p) in enumerate(zip(solution.course.tolist(), solution.room.tolist(), solution.period.tolist())):
            if placed[c] >= instance.lectures[c]:
                raise InfeasiblePlacement(
                    f"entry {i}: course {instance.courses[c].name} has more than {instance.lectures[c]} lectures"
                )
            table.place(int(first[c]) + placed[c], p, r)
            placed[c] += 1
        return table

    @classmethod
    def from_slots(cls, instance: Instance, slots) -> Timetable:
        """Build from one slot per lecture (``period * n_rooms + room``, -1 for unassigned)."""
        table = cls(instance)
        for lecture, slot in enumerate(np.asarray(slots).tolist()):
            if slot >= 0:
                table.place(lecture, slot // table.n_rooms, slot % table.n_rooms)
        return table

    def slots(self) -> np.ndarray:
        """One slot per lecture (``period * n_rooms + room``, -1 for unassigned)."""
        period, room = np.array(self.period), np.array(self.room)
        return np.where(period >= 0, period * self.n_rooms + room, -1)

    def to_solution(self) -> Solution:
        """The assigned lectures as a :class:`Solution`, ordered by lecture."""
        period, room = np.array(self.period), np.array(self.room)
        keep = period >= 0
        return Solution(np.array(self.lecture_course)[keep], room[keep], period[keep])

    def objective(self) -> int:
        """The searches' objective (:func:`~edulab.timetabling.validator.objective`): a
        Timetable's only hard violations are its unassigned lectures."""
        return objective(self.unassigned, self.soft)

    # --- hard constraints ---------------------------------------------------------------------
    def can_take(self, lecture: int, period: int) -> bool:
        """True when ``lecture``'s course may be taught in ``period`` with nothing it conflicts with.

        The lecture itself is not counted (it may sit in another period, or be unassigned).
        """
        c = self.lecture_course[lecture]
        index = c * self.n_periods + period
        if self.blocked[index]:
            return False
        own = 1 if self.period[lecture] == period else 0
        return self.busy[index] == own

    def can_move(self, lecture: int, period: int, room: int) -> bool:
        """True when ``lecture`` may move to the free slot (period, room)."""
        occupant = self.slot[period * self.n_rooms + room]
        return (occupant < 0 or occupant == lecture) and self.can_take(lecture, period)

    def can_swap(self, a: int, b: int) -> bool:
        """True when lectures ``a`` and ``b`` (both assigned, different courses) may exchange slots."""
        pa, pb = self.period[a], self.period[b]
        if pa < 0 or pb < 0 or a == b:
            return False
        ca, cb = self.lecture_course[a], self.lecture_course[b]
        if ca == cb:
            return False
        if pa == pb:
            return True
        P = self.n_periods
        if self.blocked[ca * P + pb] or self.blocked[cb * P + pa]:
            return False
        shared = 1 if self.linked[ca * self.n_courses + cb] else 0
        return self.busy[ca * P + pb] == shared and self.busy[cb * P + pa] == shared

    def blockers(self, lecture: int, period: int, room: int) -> list[int] | None:
        """Lectures that keep ``lecture`` out of (period, room): linked lectures there and the
        room's occupant. None when the course is unavailable in that period."""
        c = self.lecture_course[lecture]
        if self.blocked[c * self.n_periods + period]:
            return None
        R, row, course = self.n_rooms, c * self.n_courses, self.lecture_course
        found = [
            l
            for l in self.slot[period * R : (period + 1) * R]
            if l >= 0 and l != lecture and self.linked[row + course[l]]
        ]
        occupant = self.slot[period * R + room]
        if occupant >= 0 and occupant != lecture and occupant not in found:
            found.append(occupant)
        return found

    # --- deltas --------------------------------------------------------------------------------
    def delta_move(self, lecture: int, period: int, room: int) -> int:
        """Change of the soft cost if ``lecture`` went to (period, room); no feasibility check.

        An unassigned lecture is inserted (its soft cost is added; the caller accounts for the
        hard violation it removes).
        """
        c = self.lecture_course[lecture]
        p0, r0 = self.period[lecture], self.room[lecture]
        if p0 < 0:
            return self.insert_room_delta(c, room) + self.insert_period_delta(c, period)
        delta = 0
        if room != r0:
            delta = self._room_delta(c, r0, room)
        if period != p0:
            delta += self._period_delta(c, p0, period, self.curriculum_days[c])
        return delta

    def delta_swap(self, a: int, b: int) -> int:
        """Change of the soft cost if lectures ``a`` and ``b`` (different courses) exchanged slots."""
        ca, cb = self.lecture_course[a], self.lecture_course[b]
        pa, ra, pb, rb = self.period[a], self.room[a], self.period[b], self.room[b]
        delta = 0
        if ra != rb:
            delta = self._room_delta(ca, ra, rb) + self._room_delta(cb, rb, ra)
        if pa != pb:
            days_a, days_b = self.curriculum_days[ca], self.curriculum_days[cb]
            if self.linked[ca * self.n_courses + cb]:
                # a curriculum holding both courses keeps a lecture in both periods: no change
                days_a, days_b = [q for q in days_a if q not in days_b], [q for q in days_b if q not in days_a]
            delta += self._period_delta(ca, pa, pb, days_a) + self._period_delta(cb, pb, pa, days_b)
        return delta

    def delta_unassign(self, lecture: int) -> int:
        """Change of the soft cost if ``lecture`` were taken out of the timetable."""
        c, p0, r0 = self.lecture_course[lecture], self.period[lecture], self.room[lecture]
        if p0 < 0:
            return 0
        index = c * self.n_rooms + r0
        delta = -self.capacity_penalty[index]
        if self.room_count[index] == 1 and self.rooms_used[c] > 1:
            delta -= W_STABILITY
        day = self.day_of[p0]
        if self.day_count[c * self.n_days + day] == 1 and self.working_days[c] <= self.min_days[c]:
            delta += W_DAYS
        pattern, isolated, bit = self.pattern, self.isolated_cost, self.bit_of[p0]
        for base in self.curriculum_days[c]:
            mask = pattern[base + day]
            delta += isolated[mask ^ bit] - isolated[mask]
        return delta

    def insert_room_delta(self, c: int, r: int) -> int:
        """Room capacity and stability change if a new lecture of course ``c`` went to room ``r``."""
        index = c * self.n_rooms + r
        delta = self.capacity_penalty[index]
        if self.room_count[index] == 0 and self.rooms_used[c] > 0:
            delta += W_STABILITY
        return delta

    def insert_period_delta(self, c: int, p: int) -> int:
        """Working days and compactness change if a new lecture of course ``c`` went to period ``p``."""
        delta = 0
        day = self.day_of[p]
        if self.day_count[c * self.n_days + day] == 0 and self.working_days[c] < self.min_days[c]:
            delta -= W_DAYS
        pattern, isolated, bit = self.pattern, self.isolated_cost, self.bit_of[p]
        for base in self.curriculum_days[c]:
            mask = pattern[base + day]
            delta += isolated[mask | bit] - isolated[mask]
        return delta

    def _room_delta(self, c: int, r0: int, r1: int) -> int:
        """Room capacity and stability change when one lecture of course c goes from r0 to r1."""
        i0, i1 = c * self.n_rooms + r0, c * self.n_rooms + r1
        delta = self.capacity_penalty[i1] - self.capacity_penalty[i0]
        if self.room_count[i1] == 0:
            delta += W_STABILITY
        if self.room_count[i0] == 1:
            delta -= W_STABILITY
        return delta

    def _period_delta(self, c: int, p0: int, p1: int, curriculum_days) -> int:
        """Working days and compactness change when one lecture of c goes from p0 to p1.

        Compactness is read from a table: the weighted number of isolated lectures of every
        pattern of occupied timeslots in a day, indexed by the pattern's bitmask.
        """
        day_of, pattern, isolated = self.day_of, self.pattern, self.isolated_cost
        d0, d1 = day_of[p0], day_of[p1]
        bit0, bit1 = self.bit_of[p0], self.bit_of[p1]
        delta = 0
        if d0 == d1:
            both = bit0 | bit1
            for base in curriculum_days:
                mask = pattern[base + d0]
                delta += isolated[mask ^ both] - isolated[mask]
            return delta
        D = self.n_days
        working, need = self.working_days[c], self.min_days[c]
        if working <= need:
            leaves = self.day_count[c * D + d0] == 1
            enters = self.day_count[c * D + d1] == 0
            if leaves and not enters:
                delta = W_DAYS
            elif enters and not leaves and working < need:
                delta = -W_DAYS
        for base in curriculum_days:
            m0, m1 = pattern[base + d0], pattern[base + d1]
            delta += isolated[m0 ^ bit0] - isolated[m0] + isolated[m1 | bit1] - isolated[m1]
        return delta

    # --- changes -------------------------------------------------------------------------------
    def place(self, lecture: int, period: int, room: int) -> None:
        """Insert an unassigned lecture or move an assigned one; checks the hard constraints."""
        if not self.can_move(lecture, period, room):
            c = self.instance.courses[self.lecture_course[lecture]].name
            raise InfeasiblePlacement(
                f"lecture {lecture} of course {c} cannot go to period {period}, room "
                f"{self.instance.rooms[room].name}: room taken, course unavailable or a conflicting lecture there"
            )
        self.move(lecture, period, room)

    def move(self, lecture: int, period: int, room: int, delta: int | None = None) -> None:
        """Move (or insert) ``lecture`` to a slot known to be feasible; ``delta`` if computed already."""
        if delta is None:
            delta = self.delta_move(lecture, period, room)
        if self.period[lecture] >= 0:
            self._take_out(lecture)
        else:
            self.unassigned -= 1
        self._put(lecture, period, room)
        self.soft += delta

    def unassign(self, lecture: int) -> None:
        """Take ``lecture`` out of the timetable."""
        if self.period[lecture] < 0:
            return
        self.soft += self.delta_unassign(lecture)
        self._take_out(lecture)
        self.unassigned += 1

    def swap(self, a: int, b: int, delta: int | None = None) -> None:
        """Exchange the slots of lectures ``a`` and ``b`` (known to be feasible)."""
        if delta is None:
            delta = self.delta_swap(a, b)
        pa, ra, pb, rb = self.period[a], self.room[a], self.period[b], self.room[b]
        self._take_out(a)
        self._take_out(b)
        self._put(a, pb, rb)
        self._put(b, pa, ra)
        self.soft += delta

    def _take_out(self, lecture: int) -> None:
        c, p, r = self.lecture_course[lecture], self.period[lecture], self.room[lecture]
        self.slot[p * self.n_rooms + r] = -1
        busy = self.busy
        for offset in self.linked_rows[c]:
            busy[offset + p] -= 1
        day, bit = self.day_of[p], self.bit_of[p]
        for base in self.curriculum_days[c]:
            self.pattern[base + day] ^= bit
        day += c * self.n_days
        self.day_count[day] -= 1
        if self.day_count[day] == 0:
            self.working_days[c] -= 1
        used = c * self.n_rooms + r
        self.room_count[used] -= 1
        if self.room_count[used] == 0:
            self.rooms_used[c] -= 1
        self.period[lecture] = self.room[lecture] = -1

    def _put(self, lecture: int, p: int, r: int) -> None:
        c = self.lecture_course[lecture]
        self.slot[p * self.n_rooms + r] = lecture
        busy = self.busy
        for offset in self.linked_rows[c]:
            busy[offset + p] += 1
        day, bit = self.day_of[p], self.bit_of[p]
        for base in self.curriculum_days[c]:
            self.pattern[base + day] |= bit
        day += c * self.n_days
        if self.day_count[day] == 0:
            self.working_days[c] += 1
        self.day_count[day] += 1
        used = c * self.n_rooms + r
        if self.room_count[used] == 0:
            self.rooms_used[c] += 1
        self.room_count[used] += 1
        self.period[lecture], self.room[lecture] = p, r

    # --- compound moves (Kempe chains: see :mod:`edulab.timetabling.kempe`) --------------------
    def apply_compound(self, moves: list[tuple[int, int, int]], delta: int) -> list[tuple[int, int, int]]:
        """Carry out ``moves`` together, changing the soft cost by ``delta`` (computed by
        :func:`~edulab.timetabling.kempe.delta_compound`); return the (lecture, period, room)
        needed to undo them."""
        saved = [(lecture, self.period[lecture], self.room[lecture]) for lecture, _, _ in moves]
        for lecture, _, _ in moves:
            self._take_out(lecture)
        for lecture, p, r in moves:
            self._put(lecture, p, r)
        self.soft += delta
        return saved
