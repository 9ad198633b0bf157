"""The annealing's hot loop compiled with numba: the same attempts, the same results, faster.

:func:`edulab.timetabling.annealing._anneal_level` is the readable reference: one level of
attempted moves and swaps on a :class:`~edulab.timetabling.timetable.Timetable`, whose state is
kept in Python lists. :func:`run_attempts` runs the very same attempts, with the same bulk
draws (:func:`~edulab.timetabling.annealing.draw_level`), as machine code. For that, the
timetable's tables and state are copied once per annealing run into NumPy arrays
(:class:`LevelKernel`; the per-course lists ``linked_rows`` and ``curriculum_days`` become one
flat array each plus the start offset of each course's part), and the functions below mirror
the timetable's methods of the same names (``_room_delta``, ``_period_delta``, ``_take_out``,
``_put``; ``run_attempts`` inlines ``delta_move`` and ``delta_swap``). A test runs both loops on
the same draws and checks that they accept the same moves and end in the same state, cost, best
and counts.

Only the plain moves and swaps of assigned lectures are compiled. An attempt on an unassigned
lecture or a Kempe chain attempt (rare, compound) stops the compiled loop: the lectures it
moved are written back into the timetable's lists, the Python code carries out that one
attempt, and the compiled loop resumes, first copying the lectures that attempt changed.

Why it exists: within a time limit, the annealing's result improves with the number of attempts
(the cooling is planned from the budget, so a faster loop cools more slowly). On one core, the
Python loop makes about one million attempts a second on the ITC-2007 instances, this one six
to ten million (Kempe attempts, which stay in Python, cut the gain: with ``kempe_rate=0.02``,
about 1.4 times).

:func:`run_attempts` is compiled at its first call in a Python process, which takes a few
seconds (3-4 s measured; :func:`compile_loop` does it ahead of a timed run). There is no on-disk cache:
it would write next to the package, which may be read-only (a grading sandbox). Importing this
module imports numba (about half a second), so :mod:`~edulab.timetabling.annealing` imports it
only when the compiled kernel is chosen (``SAConfig(kernel="compiled")``, the default).
"""

from __future__ import annotations

import time

import numba
import numpy as np

from edulab.timetabling.annealing import KEMPE, _kempe_attempt, _placement_attempt
from edulab.timetabling.timetable import W_DAYS, W_STABILITY, Timetable
from edulab.timetabling.validator import HARD_WEIGHT

#: The static tables of a Timetable that the compiled loop reads, in the order it takes them;
#: ``linked_rows`` and ``curriculum_days`` are flattened, with ``linked_start`` and ``days_start``.
TABLE_NAMES = (
    "lecture_course",
    "blocked",
    "linked",
    "linked_start",
    "linked_rows",
    "days_start",
    "curriculum_days",
    "capacity_penalty",
    "min_days",
    "day_of",
    "bit_of",
    "isolated_cost",
)

#: The changing lists of a Timetable, in the order the compiled loop takes them.
STATE_NAMES = ("period", "room", "slot", "busy", "pattern", "day_count", "working_days", "room_count", "rooms_used")


_jit = numba.njit(nogil=True)  # compiled at the first call; no cache (see the module docstring)

# Each function takes the arrays it reads, one by one: numba compiles a call that passes a few
# arrays much faster than one that passes a tuple of them all.


# --- Timetable's deltas ------------------------------------------------------------------------
@_jit
def _room_delta(c, r0, r1, R, capacity_penalty, room_count):
    """``Timetable._room_delta``."""
    i0, i1 = c * R + r0, c * R + r1
    delta = capacity_penalty[i1] - capacity_penalty[i0]
    if room_count[i1] == 0:
        delta += W_STABILITY
    if room_count[i0] == 1:
        delta -= W_STABILITY
    return delta


@_jit
def _has_curriculum(c, base, days_start, curriculum_days):
    """True when ``base`` (the day-pattern offset of a curriculum) is one of course ``c``'s."""
    for i in range(days_start[c], days_start[c + 1]):
        if curriculum_days[i] == base:
            return True
    return False


@_jit
def _period_delta(
    c,
    p0,
    p1,
    skip,
    D,
    days_start,
    curriculum_days,
    day_of,
    bit_of,
    isolated,
    min_days,
    pattern,
    day_count,
    working_days,
):
    """``Timetable._period_delta`` over course ``c``'s curricula, leaving out those it shares
    with course ``skip`` (-1: none), as ``Timetable.delta_swap`` does for linked courses."""
    d0, d1 = day_of[p0], day_of[p1]
    bit0, bit1 = bit_of[p0], bit_of[p1]
    delta = 0
    if d0 != d1:
        working, need = working_days[c], min_days[c]
        if working <= need:
            leaves = day_count[c * D + d0] == 1
            enters = day_count[c * D + d1] == 0
            if leaves and not enters:
                delta = W_DAYS
            elif enters and not leaves and working < need:
                delta = -W_DAYS
    for i in range(days_start[c], days_start[c + 1]):
        base = curriculum_days[i]
        if skip >= 0 and _has_curriculum(skip, base, days_start, curriculum_days):
            continue
        if d0 == d1:
            mask = pattern[base + d0]
            delta += isolated[mask ^ (bit0 | bit1)] - isolated[mask]
        else:
            m0, m1 = pattern[base + d0], pattern[base + d1]
            delta += isolated[m0 ^ bit0] - isolated[m0] + isolated[m1 | bit1] - isolated[m1]
    return delta


# --- Timetable's changes: a lecture out of its slot, or into one ------------------------------------
@_jit
def _take_out(
    lecture, R, D, lecture_course, linked_start, linked_rows, days_start, curriculum_days, day_of, bit_of,
    period, room, slot, busy, pattern, day_count, working_days, room_count, rooms_used,
):  # fmt: skip
    """``Timetable._take_out``."""
    c, p, r = lecture_course[lecture], period[lecture], room[lecture]
    slot[p * R + r] = -1
    for i in range(linked_start[c], linked_start[c + 1]):
        busy[linked_rows[i] + p] -= 1
    day, bit = day_of[p], bit_of[p]
    for i in range(days_start[c], days_start[c + 1]):
        pattern[curriculum_days[i] + day] ^= bit
    day += c * D
    day_count[day] -= 1
    if day_count[day] == 0:
        working_days[c] -= 1
    used = c * R + r
    room_count[used] -= 1
    if room_count[used] == 0:
        rooms_used[c] -= 1
    period[lecture] = -1
    room[lecture] = -1


@_jit
def _put(
    lecture, p, r, R, D, lecture_course, linked_start, linked_rows, days_start, curriculum_days, day_of, bit_of,
    period, room, slot, busy, pattern, day_count, working_days, room_count, rooms_used,
):  # fmt: skip
    """``Timetable._put``."""
    c = lecture_course[lecture]
    slot[p * R + r] = lecture
    for i in range(linked_start[c], linked_start[c + 1]):
        busy[linked_rows[i] + p] += 1
    day, bit = day_of[p], bit_of[p]
    for i in range(days_start[c], days_start[c + 1]):
        pattern[curriculum_days[i] + day] |= bit
    day += c * D
    if day_count[day] == 0:
        working_days[c] += 1
    day_count[day] += 1
    used = c * R + r
    if room_count[used] == 0:
        rooms_used[c] += 1
    room_count[used] += 1
    period[lecture] = p
    room[lecture] = r


@_jit
def _relocate(lectures, periods, rooms, sizes, tables, state, moved):
    """Put ``lectures`` in the given periods and rooms (-1: unassigned) all at once (every one
    is taken out first, as they may exchange slots), and list them in ``moved``.

    Carries out ``Timetable.move`` (one lecture) and ``Timetable.swap`` (two), and copies what
    the Python code changed.
    """
    P, R, C, D = sizes
    lecture_course, _, _, linked_start, linked_rows, days_start, curriculum_days, _, _, day_of, bit_of, _ = tables
    period, room, slot, busy, pattern, day_count, working_days, room_count, rooms_used = state
    for i in range(lectures.size):
        if period[lectures[i]] >= 0:
            _take_out(
                lectures[i], R, D, lecture_course, linked_start, linked_rows, days_start, curriculum_days, day_of,
                bit_of, period, room, slot, busy, pattern, day_count, working_days, room_count, rooms_used,
            )  # fmt: skip
    for i in range(lectures.size):
        if periods[i] >= 0:
            _put(
                lectures[i], periods[i], rooms[i], R, D, lecture_course, linked_start, linked_rows, days_start,
                curriculum_days, day_of, bit_of, period, room, slot, busy, pattern, day_count, working_days,
                room_count, rooms_used,
            )  # fmt: skip
        n = moved[0]  # listed for the Python side (see run_attempts)
        if n + 1 < moved.size:
            moved[n + 1] = lectures[i]
            moved[0] = n + 1
        else:
            moved[0] = moved.size


# --- the loop --------------------------------------------------------------------------------
@_jit
def run_attempts(
    sizes, tables, state, pending, n_pending, draws, start, cost, level_best, best, moved, counts, changes
):
    """Run the attempts ``draws[start:]`` until one needs the Python code or the level ends.

    Mirrors the plain move and swap branch of ``annealing._anneal_level``, after carrying out
    the changes the Python code made since the last call.

    Parameters
    ----------
    sizes
        ``(n_periods, n_rooms, n_courses, n_days)``.
    tables, state
        The arrays named by :data:`TABLE_NAMES` and :data:`STATE_NAMES`; ``state`` is changed.
    pending, n_pending
        Lectures (row 0) moved by the Python code to periods (row 1, -1: unassigned) and rooms
        (row 2), in the first ``n_pending`` columns.
    draws
        The level's lectures, periods, room codes and thresholds (``draw_level``).
    start, cost, level_best
        The first attempt to run, the current objective and the level's best so far.
    best
        The level's best periods (row 0) and rooms (row 1), overwritten at each new best.
    moved
        The lectures moved, for the Python side: ``moved[0]`` counts those listed from
        ``moved[1]`` on (with repeats); when the list is full, ``moved[0]`` becomes the array's
        size, meaning "any lecture may have moved".
    counts
        Evaluated and accepted attempts, incremented.
    changes
        Scratch space: a (3, 2) array for the lectures, periods and rooms of one change.

    Returns
    -------
    (index, cost, level_best)
        ``index`` is the attempt left to the Python code, ``len(draws[0])`` when the level is done.
    """
    P, R, C, D = sizes
    (
        lecture_course, blocked, linked, _, _, days_start, curriculum_days, capacity_penalty, min_days,
        day_of, bit_of, isolated,
    ) = tables  # fmt: skip
    period, room, slot, busy, pattern, day_count, working_days, room_count, _ = state
    lectures, periods, rooms, thresholds = draws
    if n_pending:
        _relocate(pending[0, :n_pending], pending[1, :n_pending], pending[2, :n_pending], sizes, tables, state, moved)
        moved[0] = 0  # the timetable's lists hold these changes already
    for i in range(start, lectures.size):
        lecture, p1, r1, threshold = lectures[i], periods[i], rooms[i], thresholds[i]
        p0 = period[lecture]
        if r1 == KEMPE or p0 < 0:  # the rare, compound attempts: left to the Python code
            return i, cost, level_best
        if r1 < 0:
            r1 = room[lecture]
        other = slot[p1 * R + r1]
        c = lecture_course[lecture]
        if other < 0:
            if p1 != p0:
                index = c * P + p1
                if blocked[index] or busy[index]:
                    continue
            # Timetable.delta_move
            delta = 0
            if r1 != room[lecture]:
                delta = _room_delta(c, room[lecture], r1, R, capacity_penalty, room_count)
            if p1 != p0:
                delta += _period_delta(
                    c, p0, p1, -1, D, days_start, curriculum_days, day_of, bit_of, isolated, min_days, pattern,
                    day_count, working_days,
                )  # fmt: skip
            counts[0] += 1
            if delta > threshold:
                continue
            n_changed = 1
            changes[0, 0], changes[1, 0], changes[2, 0] = lecture, p1, r1
        else:
            c2 = lecture_course[other]
            if c2 == c:
                continue
            if p1 != p0:
                shared = linked[c * C + c2]
                i1, i2 = c * P + p1, c2 * P + p0
                if blocked[i1] or blocked[i2] or busy[i1] != shared or busy[i2] != shared:
                    continue
            # Timetable.delta_swap (lecture in p0, room[lecture]; other in p1, r1)
            r0 = room[lecture]
            delta = 0
            if r0 != r1:
                delta = _room_delta(c, r0, r1, R, capacity_penalty, room_count)
                delta += _room_delta(c2, r1, r0, R, capacity_penalty, room_count)
            if p0 != p1:
                # a curriculum holding both courses keeps a lecture in both periods: no change
                skip, skip2 = (c2, c) if linked[c * C + c2] else (-1, -1)
                delta += _period_delta(
                    c, p0, p1, skip, D, days_start, curriculum_days, day_of, bit_of, isolated, min_days, pattern,
                    day_count, working_days,
                )  # fmt: skip
                delta += _period_delta(
                    c2, p1, p0, skip2, D, days_start, curriculum_days, day_of, bit_of, isolated, min_days, pattern,
                    day_count, working_days,
                )  # fmt: skip
            counts[0] += 1
            if delta > threshold:
                continue
            n_changed = 2
            changes[0, 0], changes[1, 0], changes[2, 0] = lecture, p1, r1
            changes[0, 1], changes[1, 1], changes[2, 1] = other, p0, r0
        _relocate(changes[0, :n_changed], changes[1, :n_changed], changes[2, :n_changed], sizes, tables, state, moved)
        counts[1] += 1
        cost += delta
        if cost < level_best:
            level_best = cost
            for j in range(period.size):  # an element loop: "best[0, :] = period" compiles 5 s longer
                best[0, j] = period[j]
                best[1, j] = room[j]
    return lectures.size, cost, level_best


def _flatten(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Per-course lists as the start offset of each course's part and one flat array."""
    start = np.zeros(len(rows) + 1, dtype=np.int64)
    start[1:] = np.cumsum([len(row) for row in rows])
    flat = np.array([value for row in rows for value in row], dtype=np.int64)
    return start, flat


def compile_loop() -> float:
    """Compile :func:`run_attempts` now, if this process has not yet; return the seconds it took.

    It runs no attempt on arrays of the types :class:`LevelKernel` passes, so that the compiled
    code is the one the annealing calls.
    """
    start = time.perf_counter()
    if not run_attempts.signatures:
        ints = lambda *shape: np.zeros(shape, dtype=np.int64)  # noqa: E731
        no_draws = (ints(0), ints(0), ints(0), np.zeros(0, dtype=np.float64))
        tables, state = tuple(ints(2) for _ in TABLE_NAMES), tuple(ints(1) for _ in STATE_NAMES)
        run_attempts(
            (1, 1, 1, 1), tables, state, ints(3, 1), 0, no_draws, 0, 0, 0, ints(2, 1), ints(3), ints(2), ints(3, 2)
        )
    return time.perf_counter() - start


class LevelKernel:
    """Levels of the annealing run by :func:`run_attempts`, with the inputs and outputs of
    :func:`~edulab.timetabling.annealing._anneal_level`.

    Parameters
    ----------
    table
        The timetable the annealing changes. Its lists are copied into arrays here; from then on
        the arrays hold the current state, and :meth:`sync` brings the lists up to date (a level
        does it itself before each attempt it leaves to the Python code; the annealing does it
        at the end of the run).
    """

    def __init__(self, table: Timetable):
        self.sizes = (table.n_periods, table.n_rooms, table.n_courses, table.n_days)
        linked_start, linked_rows = _flatten(table.linked_rows)
        days_start, curriculum_days = _flatten(table.curriculum_days)
        flat = {
            "linked_start": linked_start,
            "linked_rows": linked_rows,
            "days_start": days_start,
            "curriculum_days": curriculum_days,
        }
        self.tables = tuple(
            flat[name] if name in flat else np.array(getattr(table, name), dtype=np.int64) for name in TABLE_NAMES
        )
        self.state = tuple(np.array(getattr(table, name), dtype=np.int64) for name in STATE_NAMES)
        self.best = np.empty((2, table.n_lectures), dtype=np.int64)
        self.moved = np.zeros(2 * table.n_lectures + 1, dtype=np.int64)
        self.counts = np.zeros(2, dtype=np.int64)
        self.changes = np.zeros((3, 2), dtype=np.int64)
        self.pending = np.zeros((3, table.n_lectures), dtype=np.int64)
        self.n_pending = 0

    def _run(self, draws, start: int, cost: int, level_best: int):
        n_pending, self.n_pending = self.n_pending, 0
        return run_attempts(
            self.sizes,
            self.tables,
            self.state,
            self.pending,
            n_pending,
            draws,
            start,
            cost,
            level_best,
            self.best,
            self.moved,
            self.counts,
            self.changes,
        )

    def __call__(self, table: Timetable, draws, cost: int, best: int):
        """One level: the arguments and results of ``annealing._anneal_level``.

        ``draws`` are :func:`~edulab.timetabling.annealing.draw_level`'s arrays; the level's best
        slots come back as lists, or None when the level did not beat ``best``.
        """
        lectures, periods, rooms, thresholds = draws
        self.counts[:] = 0
        level_best, improved, index = best, False, 0
        while True:
            index, cost, new_best = self._run(draws, index, cost, level_best)
            improved |= new_best < level_best
            level_best = new_best
            if index == lectures.size:
                break
            self.sync(table, cost)
            lecture, p1, r1 = int(lectures[index]), int(periods[index]), int(rooms[index])
            delta = self._python_attempt(table, lecture, p1, r1, float(thresholds[index]))
            index += 1
            if delta is None:
                continue
            self.counts[0] += 1
            if delta is False:
                continue
            self.counts[1] += 1
            cost += delta
            if cost < level_best:
                level_best, improved = cost, True
                self.best[0, :] = table.period
                self.best[1, :] = table.room
        slots = (self.best[0].tolist(), self.best[1].tolist()) if improved else None
        return cost, level_best, slots, int(self.counts[0]), int(self.counts[1])

    def _python_attempt(self, table: Timetable, lecture: int, p1: int, r1: int, threshold: float):
        """Run an attempt with ``_anneal_level``'s Python helpers on the lists of ``table`` (up to
        date); the lectures it moves go to ``pending``, for the next :func:`run_attempts` call."""
        R = table.n_rooms
        if r1 == KEMPE:
            delta = _kempe_attempt(table, lecture, p1, threshold)
        else:  # an unassigned lecture (r1 % R undoes the keep-room code)
            delta = _placement_attempt(table, lecture, p1, r1 % R, threshold)
        if delta is None or delta is False:  # nothing changed (a rejected placement is undone)
            return delta
        # Who may have moved: the lecture and the lectures of its period and of the target
        # period, read from the arrays, which still hold the state before the attempt.
        period, room, slot = self.state[0], self.state[1], self.state[2]
        candidates = {lecture}
        for p in (int(period[lecture]), p1):
            if p >= 0:
                candidates.update(slot[p * R : (p + 1) * R].tolist())
        candidates.discard(-1)
        changed = [l for l in candidates if table.period[l] != period[l] or table.room[l] != room[l]]
        self.n_pending = len(changed)
        for column, l in enumerate(changed):
            self.pending[:, column] = l, table.period[l], table.room[l]
        return delta

    def sync(self, table: Timetable, cost: int) -> None:
        """Bring the lists of ``table`` up to the arrays' state, whose objective is ``cost``."""
        moved = self.moved
        n = int(moved[0])
        lectures = range(table.n_lectures) if n >= moved.size else set(moved[1 : n + 1].tolist())
        moved[0] = 0
        period, room = self.state[0], self.state[1]
        now = {l: (int(period[l]), int(room[l])) for l in lectures}
        changed = [l for l, slot in now.items() if (table.period[l], table.room[l]) != slot]
        for lecture in changed:
            if table.period[lecture] >= 0:
                table._take_out(lecture)
        for lecture in changed:
            p, r = now[lecture]
            if p >= 0:
                table._put(lecture, p, r)
        table.soft = cost - HARD_WEIGHT * table.unassigned
