"""One random move at a time: the building block of a hand-written local search.

:func:`random_move` draws a lecture and a target slot (period, room), as the library's annealing
does: an empty slot makes a *move*, an occupied one a *swap* with its lecture. It returns None
when the attempt would break a hard constraint (the search just tries again), else a
:class:`Move` holding the cost change computed incrementally by the timetable, which
:meth:`Move.apply` carries out. The library's own annealing draws its moves in bulk for speed
(:func:`~edulab.timetabling.annealing.draw_level`); this is the readable version, one call per
attempt, meant for lectures and experiments.

References
----------
Lü, Hao (2010). Adaptive tabu search for course timetabling. EJOR 200(1), 235-244 (section 3.3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from edulab.timetabling.timetable import Timetable


@dataclass(frozen=True)
class Move:
    """A feasible change of a timetable and its cost change.

    Attributes
    ----------
    lecture, period, room
        The lecture and the slot it goes to.
    other
        The lecture it swaps with (which goes to the lecture's old slot), or -1 for a move to a
        free slot.
    delta
        Change of the objective if the move is applied.
    """

    lecture: int
    period: int
    room: int
    other: int
    delta: int

    def apply(self, table: Timetable) -> None:
        """Carry out the move on ``table`` (the timetable it was drawn from, unchanged since)."""
        if self.other < 0:
            table.move(self.lecture, self.period, self.room, self.delta)
        else:
            table.swap(self.lecture, self.other, self.delta)


def random_move(table: Timetable, rng: np.random.Generator, keep_room: float = 0.5) -> Move | None:
    """Draw a random move or swap of an assigned lecture; None when it would break a hard constraint.

    Parameters
    ----------
    table
        The timetable (not changed).
    rng
        The source of randomness: three integers and one uniform number per call.
    keep_room
        Probability that the lecture keeps its room (only its period changes).

    Returns
    -------
    Move or None
        None when the drawn lecture is unassigned, the target is its own slot or a lecture of the
        same course, or the change would break a hard constraint.
    """
    if not 0 <= keep_room <= 1:
        raise ValueError(f"keep_room must be a probability, got {keep_room!r}")
    lecture = int(rng.integers(table.n_lectures))
    period = int(rng.integers(table.n_periods))
    room = int(rng.integers(table.n_rooms))
    if rng.random() < keep_room:
        room = table.room[lecture]
    if table.period[lecture] < 0:
        return None
    other = table.slot[period * table.n_rooms + room]
    if other == lecture:
        return None
    if other < 0:
        if not table.can_move(lecture, period, room):
            return None
        return Move(lecture, period, room, -1, table.delta_move(lecture, period, room))
    if not table.can_swap(lecture, other):
        return None
    return Move(lecture, period, room, other, table.delta_swap(lecture, other))
