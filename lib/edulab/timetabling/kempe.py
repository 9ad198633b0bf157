"""The Kempe chain neighbourhood: two periods exchange a connected group of conflicting lectures.

Take a lecture in period ``p`` and a target period ``q``. Join two lectures of ``p`` and ``q``
when their courses are linked (the same course, a shared curriculum or a shared teacher); the
*Kempe chain* is the connected group holding the lecture. Moving every lecture of the chain from
its period to the other one never creates a conflict, so the exchange keeps a hard-feasible
timetable feasible as long as the courses are available and rooms are free. The exchange moves
many lectures at once: :func:`delta_compound` costs it without applying it, and
:meth:`Timetable.apply_compound <edulab.timetabling.timetable.Timetable.apply_compound>`
carries it out.

References
----------
Lü, Hao (2010). Adaptive tabu search for course timetabling. EJOR 200(1), 235-244 (section 3.3).
Thompson, Dowsland (1998). A robust simulated annealing based examination timetabling system.
Computers & Operations Research 25(7-8), 637-648.
"""

from __future__ import annotations

from edulab.timetabling.timetable import W_DAYS, W_STABILITY, Timetable

Moves = list[tuple[int, int, int]]


def kempe_chain(table: Timetable, lecture: int, target: int) -> Moves | None:
    """The Kempe chain exchange of ``lecture`` between its period and ``target``, as moves.

    Each lecture keeps its room when that room is free in its new period, else takes the free
    room with the smallest capacity penalty for its course.

    Returns
    -------
    list of (lecture, period, room), or None
        None when the lecture is unassigned or already in ``target``, a course of the chain is
        unavailable in its new period, or a period would lack rooms.
    """
    period = table.period[lecture]
    if period < 0 or period == target:
        return None
    R, P, C = table.n_rooms, table.n_periods, table.n_courses
    slot, course, linked, blocked = table.slot, table.lecture_course, table.linked, table.blocked
    if blocked[course[lecture] * P + target]:
        return None
    leaving, arriving = [lecture], []
    if table.busy[course[lecture] * P + target]:  # something linked sits in the target period
        here = [l for l in slot[period * R : (period + 1) * R] if l >= 0 and l != lecture]
        there = [l for l in slot[target * R : (target + 1) * R] if l >= 0]
        stack = [lecture]
        while stack:
            current = stack.pop()
            row = course[current] * C
            pool, side, destination = (
                (there, arriving, period) if table.period[current] == period else (here, leaving, target)
            )
            joined = [other for other in pool if linked[row + course[other]]]
            for other in joined:
                if blocked[course[other] * P + destination]:
                    return None
                pool.remove(other)
                side.append(other)
                stack.append(other)
    return _rooms(table, leaving, arriving, period, target)


def _rooms(table: Timetable, leaving: list[int], arriving: list[int], period: int, target: int) -> Moves | None:
    """Give every lecture of a chain a room in its new period (None if rooms run out)."""
    R = table.n_rooms
    moves = []
    for group, destination in ((leaving, target), (arriving, period)):
        staying = {other for other in table.slot[destination * R : (destination + 1) * R] if other >= 0}
        staying.difference_update(arriving if destination == target else leaving)
        taken = {table.room[other] for other in staying}
        free = [r for r in range(R) if r not in taken]
        if len(free) < len(group):
            return None
        wanting = []
        for lecture in group:
            if table.room[lecture] in free:
                free.remove(table.room[lecture])
                moves.append((lecture, destination, table.room[lecture]))
            else:
                wanting.append(lecture)
        for lecture in wanting:
            row = table.lecture_course[lecture] * R
            best = min(free, key=lambda r: table.capacity_penalty[row + r])
            free.remove(best)
            moves.append((lecture, destination, best))
    return moves


def delta_compound(table: Timetable, moves: Moves) -> int:
    """Change of the soft cost if every (lecture, period, room) of ``moves`` happened at once.

    All lectures must be assigned and the resulting timetable hard-feasible (as after a Kempe
    chain exchange); changes to shared counts (a course's days and rooms, a curriculum's day
    patterns) are accumulated first, then costed once.
    """
    R, D = table.n_rooms, table.n_days
    course, period, room = table.lecture_course, table.period, table.room
    day_of, bit_of, capacity = table.day_of, table.bit_of, table.capacity_penalty
    rooms, days, patterns = {}, {}, {}
    delta = 0
    for lecture, p1, r1 in moves:
        c, p0, r0 = course[lecture], period[lecture], room[lecture]
        if r1 != r0:
            delta += capacity[c * R + r1] - capacity[c * R + r0]
            rooms[c * R + r0] = rooms.get(c * R + r0, 0) - 1
            rooms[c * R + r1] = rooms.get(c * R + r1, 0) + 1
        if p1 != p0:
            d0, d1 = day_of[p0], day_of[p1]
            if d0 != d1:
                days[c * D + d0] = days.get(c * D + d0, 0) - 1
                days[c * D + d1] = days.get(c * D + d1, 0) + 1
            for base in table.curriculum_days[c]:
                patterns[base + d0] = patterns.get(base + d0, 0) ^ bit_of[p0]
                patterns[base + d1] = patterns.get(base + d1, 0) ^ bit_of[p1]
    delta += _count_delta(
        rooms,
        table.room_count,
        table.rooms_used,
        R,
        lambda c, before, after: W_STABILITY * (max(after - 1, 0) - max(before - 1, 0)),
    )
    min_days = table.min_days
    delta += _count_delta(
        days,
        table.day_count,
        table.working_days,
        D,
        lambda c, before, after: W_DAYS * (max(min_days[c] - after, 0) - max(min_days[c] - before, 0)),
    )
    pattern, isolated = table.pattern, table.isolated_cost
    for key, toggles in patterns.items():
        mask = pattern[key]
        delta += isolated[mask ^ toggles] - isolated[mask]
    return delta


def _count_delta(changes: dict, counts: list, distinct: list, width: int, cost) -> int:
    """Cost change of per-course "distinct values used" (rooms or days) after count changes."""
    used = {}
    for index, change in changes.items():
        if change:
            before = counts[index]
            c = index // width
            used[c] = used.get(c, 0) + (before + change > 0) - (before > 0)
    return sum(cost(c, distinct[c], distinct[c] + change) for c, change in used.items() if change)
