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

The moves, swaps and Kempe chains of assigned lectures are compiled; a Kempe chain's cost
change is summed while its lectures are taken out and put in again, one at a time (the same
number as ``kempe.delta_compound``), and the chain is put back if it is rejected. An attempt on
an unassigned lecture (rare: only while a start misses lectures) stops the compiled loop: the
lectures moved so far are written back into the timetable's lists, the Python code carries out
that one attempt, and the compiled loop resumes, first copying the lectures it changed.

Why it exists: within a time limit, the annealing's result tends to improve with the number of
attempts (the cooling is planned from the budget, so a faster loop cools more slowly). On one
core, the Python loop makes about one million attempts a second on the ITC-2007 instances, this
one six to ten million.

:func:`run_attempts` is compiled at its first call in a Python process (7-8 s measured on the
kit's 2-core machine with the other core busy; :func:`compile_loop` does it ahead of a timed
run). There is no on-disk cache: it would write next to the package, which may be read-only (a
grading sandbox). Importing this module imports numba (about half a second), so
:mod:`~edulab.timetabling.annealing` imports it only when the compiled kernel is chosen
(``SAConfig(kernel="compiled")``, the default).
"""

from __future__ import annotations

import time

import numba
import numpy as np

from edulab.timetabling.annealing import KEMPE, _placement_attempt
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
_inline = numba.njit(nogil=True, inline="always")  # small helpers: inlined, the loop compiles faster

# Each function takes the arrays it reads, one by one: numba compiles a call that passes a few
# arrays much faster than one that passes a tuple of them all.


# --- Timetable's deltas ------------------------------------------------------------------------
@_inline
def _room_delta(c, r0, r1, R, capacity_penalty, room_count):
    """``Timetable._room_delta``."""
    i0, i1 = c * R + r0, c * R + r1
    delta = capacity_penalty[i1] - capacity_penalty[i0]
    if room_count[i1] == 0:
        delta += W_STABILITY
    if room_count[i0] == 1:
        delta -= W_STABILITY
    return delta


@_inline
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
        _mark(moved, lectures[i])


@_inline
def _mark(moved, lecture):
    """List ``lecture`` in ``moved``, for the Python side (see :func:`run_attempts`)."""
    n = moved[0]
    if n + 1 < moved.size:
        moved[n + 1] = lecture
        moved[0] = n + 1
    else:
        moved[0] = moved.size


# --- Kempe chains (kempe.py), costed by taking the chain out and putting it in again --------------
@_inline
def _unassign_delta(lecture, sizes, tables, state):
    """``Timetable.delta_unassign`` of an assigned lecture."""
    P, R, C, D = sizes
    lecture_course, _, _, _, _, days_start, curriculum_days, capacity_penalty, min_days, day_of, bit_of, isolated = (
        tables
    )
    period, room, _, _, pattern, day_count, working_days, room_count, rooms_used = state
    c, p0, r0 = lecture_course[lecture], period[lecture], room[lecture]
    index = c * R + r0
    delta = -capacity_penalty[index]
    if room_count[index] == 1 and rooms_used[c] > 1:
        delta -= W_STABILITY
    day, bit = day_of[p0], bit_of[p0]
    if day_count[c * D + day] == 1 and working_days[c] <= min_days[c]:
        delta += W_DAYS
    for i in range(days_start[c], days_start[c + 1]):
        mask = pattern[curriculum_days[i] + day]
        delta += isolated[mask ^ bit] - isolated[mask]
    return delta


@_inline
def _insert_delta(lecture, p, r, sizes, tables, state):
    """``Timetable.insert_room_delta`` plus ``Timetable.insert_period_delta``: an unassigned
    lecture going to (p, r)."""
    P, R, C, D = sizes
    lecture_course, _, _, _, _, days_start, curriculum_days, capacity_penalty, min_days, day_of, bit_of, isolated = (
        tables
    )
    _, _, _, _, pattern, day_count, working_days, room_count, rooms_used = state
    c = lecture_course[lecture]
    index = c * R + r
    delta = capacity_penalty[index]
    if room_count[index] == 0 and rooms_used[c] > 0:
        delta += W_STABILITY
    day, bit = day_of[p], bit_of[p]
    if day_count[c * D + day] == 0 and working_days[c] < min_days[c]:
        delta -= W_DAYS
    for i in range(days_start[c], days_start[c + 1]):
        mask = pattern[curriculum_days[i] + day]
        delta += isolated[mask | bit] - isolated[mask]
    return delta


@_jit
def _kempe_chain(lecture, target, sizes, tables, state, chain, pools):
    """``kempe.kempe_chain``: the chain's lectures, new periods and new rooms go to rows 0-2 of
    ``chain`` (their old periods and rooms to rows 3-4); return how many, or -1 where
    ``kempe_chain`` returns None.

    ``pools`` is scratch space, one list a row: the other lectures of the lecture's period
    (``here``) and of the target period (``there``), whether each has joined the chain, the
    stack, the leaving and the arriving lectures, the free rooms, the lectures wanting a room.
    """
    P, R, C, D = sizes
    lecture_course, blocked, linked, capacity_penalty = tables[0], tables[1], tables[2], tables[7]
    period, room, slot, busy = state[0], state[1], state[2], state[3]
    source = period[lecture]
    if source < 0 or source == target:
        return -1
    if blocked[lecture_course[lecture] * P + target]:
        return -1
    here, here_joined, there, there_joined, stack, leaving, arriving, free, wanting = pools
    leaving[0], n_leaving, n_arriving = lecture, 1, 0
    if busy[lecture_course[lecture] * P + target]:  # something linked sits in the target period
        n_here = n_there = 0
        for r in range(R):
            other = slot[source * R + r]
            if other >= 0 and other != lecture:
                here[n_here], here_joined[n_here] = other, 0
                n_here += 1
            other = slot[target * R + r]
            if other >= 0:
                there[n_there], there_joined[n_there] = other, 0
                n_there += 1
        stack[0], n_stack = lecture, 1
        while n_stack:
            n_stack -= 1
            current = stack[n_stack]
            row = lecture_course[current] * C
            from_source = period[current] == source  # then it pulls lectures from the target period
            destination = source if from_source else target
            pool, joined, n_pool = (there, there_joined, n_there) if from_source else (here, here_joined, n_here)
            for k in range(n_pool):
                other = pool[k]
                if joined[k] or not linked[row + lecture_course[other]]:
                    continue
                if blocked[lecture_course[other] * P + destination]:
                    return -1
                joined[k] = 1
                if from_source:
                    arriving[n_arriving] = other
                    n_arriving += 1
                else:
                    leaving[n_leaving] = other
                    n_leaving += 1
                stack[n_stack] = other
                n_stack += 1
    # kempe._rooms: a lecture keeps its room when that room is free in its new period, else it
    # takes the free room with the smallest capacity penalty for its course
    n = 0
    for side in range(2):
        if side == 0:
            group, n_group, destination, others, n_others = leaving, n_leaving, target, arriving, n_arriving
        else:
            group, n_group, destination, others, n_others = arriving, n_arriving, source, leaving, n_leaving
        n_free = 0
        for r in range(R):  # free: empty, or held by a lecture that leaves
            occupant = slot[destination * R + r]
            free[r] = 1
            if occupant >= 0:
                free[r] = 0
                for k in range(n_others):
                    if others[k] == occupant:
                        free[r] = 1
            n_free += free[r]
        if n_free < n_group:
            return -1
        n_wanting = 0
        for k in range(n_group):
            lecture_k = group[k]
            if free[room[lecture_k]]:
                free[room[lecture_k]] = 0
                chain[0, n], chain[1, n], chain[2, n] = lecture_k, destination, room[lecture_k]
                n += 1
            else:
                wanting[n_wanting] = lecture_k
                n_wanting += 1
        for k in range(n_wanting):
            lecture_k, best = wanting[k], -1
            row = lecture_course[lecture_k] * R
            for r in range(R):
                if free[r] and (best < 0 or capacity_penalty[row + r] < capacity_penalty[row + best]):
                    best = r
            free[best] = 0
            chain[0, n], chain[1, n], chain[2, n] = lecture_k, destination, best
            n += 1
    for k in range(n):
        chain[3, k], chain[4, k] = period[chain[0, k]], room[chain[0, k]]
    return n


@_jit
def _apply_chain(n, chain, sizes, tables, state):
    """Carry out the ``n`` moves of ``chain`` (rows 0-2) and return the change of the soft cost
    (what ``kempe.delta_compound`` computes), summed while every lecture is taken out, then put in."""
    P, R, C, D = sizes
    lecture_course, _, _, linked_start, linked_rows, days_start, curriculum_days, _, _, day_of, bit_of, _ = tables
    period, room, slot, busy, pattern, day_count, working_days, room_count, rooms_used = state
    delta = 0
    for k in range(n):
        delta += _unassign_delta(chain[0, k], sizes, tables, state)
        _take_out(
            chain[0, k], R, D, lecture_course, linked_start, linked_rows, days_start, curriculum_days, day_of, bit_of,
            period, room, slot, busy, pattern, day_count, working_days, room_count, rooms_used,
        )  # fmt: skip
    for k in range(n):
        delta += _insert_delta(chain[0, k], chain[1, k], chain[2, k], sizes, tables, state)
        _put(
            chain[0, k], chain[1, k], chain[2, k], R, D, lecture_course, linked_start, linked_rows, days_start,
            curriculum_days, day_of, bit_of, period, room, slot, busy, pattern, day_count, working_days,
            room_count, rooms_used,
        )  # fmt: skip
    return delta


# --- the loop --------------------------------------------------------------------------------
@_jit
def run_attempts(
    sizes, tables, state, pending, n_pending, draws, start, cost, level_best, best, moved, counts, chain, pools
):
    """Run the attempts ``draws[start:]`` until one needs the Python code or the level ends.

    Mirrors ``annealing._anneal_level`` (moves, swaps and Kempe chains of assigned lectures),
    after carrying out the changes the Python code made since the last call.

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
    chain, pools
        Scratch space: ``(5, 2 * n_rooms)`` for the lectures, new periods, new rooms, old periods
        and old rooms of one change; ``(9, 2 * n_rooms + 1)`` for :func:`_kempe_chain`.

    Returns
    -------
    (index, cost, level_best)
        ``index`` is the attempt left to the Python code (a lecture to insert), ``len(draws[0])``
        when the level is done.
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
        if r1 == KEMPE:  # annealing._kempe_attempt
            n = _kempe_chain(lecture, p1, sizes, tables, state, chain, pools)
            if n < 0:
                continue
            delta = _apply_chain(n, chain, sizes, tables, state)
            counts[0] += 1
            if delta > threshold:  # put the chain back
                _relocate(chain[0, :n], chain[3, :n], chain[4, :n], sizes, tables, state, moved)
                continue
            for k in range(n):
                _mark(moved, chain[0, k])
            n_changed = 0  # the chain is in place already
        elif p0 < 0:  # an unassigned lecture: left to the Python code
            return i, cost, level_best
        else:
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
                chain[0, 0], chain[1, 0], chain[2, 0] = lecture, p1, r1
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
                chain[0, 0], chain[1, 0], chain[2, 0] = lecture, p1, r1
                chain[0, 1], chain[1, 1], chain[2, 1] = other, p0, r0
        if n_changed:
            _relocate(chain[0, :n_changed], chain[1, :n_changed], chain[2, :n_changed], sizes, tables, state, moved)
        counts[1] += 1
        cost += delta
        if cost < level_best:
            level_best = cost
            _copy_best(best, period, room)
    return lectures.size, cost, level_best


@_inline
def _copy_best(best, period, room):
    """``best[0], best[1] = period, room`` (an element loop: the slice copy compiles 5 s longer)."""
    for j in range(period.size):
        best[0, j] = period[j]
        best[1, j] = room[j]


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
        scratch = (ints(2, 1), ints(3), ints(2), ints(5, 2), ints(9, 3))  # best, moved, counts, chain, pools
        run_attempts((1, 1, 1, 1), tables, state, ints(3, 1), 0, no_draws, 0, 0, 0, *scratch)
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
        self.chain = np.zeros((5, 2 * table.n_rooms), dtype=np.int64)
        self.pools = np.zeros((9, 2 * table.n_rooms + 1), dtype=np.int64)
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
            self.chain,
            self.pools,
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
        """Insert an unassigned lecture as ``_anneal_level`` does, with its Python helper, on the
        lists of ``table`` (up to date); the lectures it moves go to ``pending``, for the next
        :func:`run_attempts` call."""
        R = table.n_rooms
        delta = _placement_attempt(table, lecture, p1, r1 % R, threshold)  # r1 % R: the keep-room code undone
        if delta is None or delta is False:  # nothing changed (a rejected placement is undone)
            return delta
        # Who may have moved: the lecture, and a lecture it pushed out of the target period (read
        # from the arrays, which still hold the state before the attempt).
        period, room, slot = self.state[0], self.state[1], self.state[2]
        candidates = {lecture, *slot[p1 * R : (p1 + 1) * R].tolist()}
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
