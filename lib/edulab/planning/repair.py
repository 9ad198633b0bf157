"""Repair operators: put every unassigned learner back, leaving a feasible schedule.

``break_out`` forms new instruction activities from the unassigned learners' demands;
``greedy_insert`` puts each unassigned learner into the best instruction activity with a free
seat, else into self-study. Both seat the rest in self-study with
:func:`~edulab.planning.placement.place_in_self_study`.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4, "Repair operators".
"""

from __future__ import annotations

import numpy as np

from edulab.planning.destroy import removable
from edulab.planning.placement import (
    Vacancies,
    activity_pairs,
    choose_members,
    place_in_self_study,
    self_study_learners,
)
from edulab.planning.state import FREE, PlanState


def greedy_insert(state: PlanState, rng: np.random.Generator, **_) -> PlanState:
    """Insert each unassigned learner, in random order, into its best instruction activity with a
    free seat (one whose module it prefers to self-study); the others go to self-study."""
    instance = state.instance
    waiting = rng.permutation(state.unassigned())
    rooms = state.instruction_rooms()
    placed = np.zeros(len(waiting), dtype=bool)
    if len(rooms) and len(waiting):
        # (learner, activity) pairs the learner prefers to self-study, from each learner's demanded
        # modules: learners in order, each one's best first (the lowest column among equals)
        all_modules, all_values = instance.learner_modules
        modules, values = all_modules[waiting], all_values[waiting]
        has_activity = np.zeros(instance.n_modules + 1, dtype=bool)
        has_activity[state.module[rooms]] = True
        rows, slots = (has_activity[modules] & instance.preferred_modules[waiting]).nonzero()
        rows, columns, values = activity_pairs(rows, modules[rows, slots], values[rows, slots], state.module[rooms])
        # Wanted order: by learner, then decreasing demand, then activity. The pairs come by learner,
        # then decreasing demand, then module; they only need sorting when a learner demands two
        # modules equally (their activities may come in another order than the modules).
        if ((rows[1:] == rows[:-1]) & (values[1:] == values[:-1])).any():
            order = np.lexsort((columns, -values, rows))
            rows, columns = rows[order], columns[order]
        seats = (instance.instruction_capacity[rooms] - state.size[rooms]).tolist()  # instruction seats
        targets: list[int] = []
        for row, column in zip(rows.tolist(), columns.tolist()):
            if seats[column] > 0 and not placed[row]:
                seats[column] -= 1
                placed[row] = True
                targets.append(column)
        state.assign_each(waiting[placed], rooms[targets])
    place_in_self_study(state, waiting[~placed])
    return state


#: Noise of break-out's module order: each module's demand is multiplied by U(1 - noise, 1 + noise).
NOISE = 0.5


def break_out(state: PlanState, rng: np.random.Generator, *, noise: float = NOISE, **_) -> PlanState:
    """Form new instruction activities from the unassigned learners, then greedy-insert the rest.

    Modules that unassigned learners prefer to self-study are tried by decreasing total demand of
    those learners (perturbed by a random factor in :math:`[1 - \\text{noise}, 1 + \\text{noise}]`).
    A module with a free qualified classroom and teacher becomes an activity: its candidates are
    the unassigned learners eligible for it and the self-study learners who can leave their
    activities; :func:`~edulab.planning.placement.choose_members` picks them (every one who
    gains, up to the seats, topped up to :math:`\\delta^-` with those who lose least when the
    whole group still gains). An activity is only opened when the learners left for self-study
    still have seats (:func:`~edulab.planning.placement.self_study_fits`). The groups are then
    recomputed. When no module can be opened, :func:`greedy_insert` seats the rest.

    Three changes to the paper's operator, all for small schools: one unassigned learner who
    prefers a module suffices to try it (the paper needs :math:`\\delta^-`) and the group may
    include learners who would rather self-study (an optimal activity often has a few: a module
    four learners want needs a fifth); the order is perturbed (noise in the manner of Røpke and
    Pisinger, 2006), without which the repair rebuilds the same activities after every destroy and
    the search stalls; and the self-study seats are checked before an activity takes a room.
    """
    return _break_out(state, rng, noise=noise, squeeze=False)


def break_out_squeeze(state: PlanState, rng: np.random.Generator, *, noise: float = NOISE, **_) -> PlanState:
    """:func:`break_out` that also opens an activity when the learners left for self-study only
    fit if some of them take free instruction seats (at a loss, see
    :func:`~edulab.planning.placement.place_in_self_study`).

    Tight schedules, where every self-study seat is used, often need this; as a separate operator
    the adaptive weights learn when it pays.
    """
    return _break_out(state, rng, noise=noise, squeeze=True)


def _break_out(state: PlanState, rng: np.random.Generator, *, noise: float, squeeze: bool) -> PlanState:
    instance = state.instance
    all_modules, all_values = instance.learner_modules
    size = instance.n_modules + 1
    # Kept up to date as activities open (they only take learners, a classroom and a teacher):
    # who is in self-study, how many unassigned or self-study learners each module may take, how
    # many free qualified classrooms and teachers each module has (modules_with_resources,
    # counted), which modules may still open (resources, at least delta^- eligible learners, not
    # tried in vain), the free rooms, teachers and self-study seats (Vacancies) and the free
    # instruction seats.
    studying = self_study_learners(state)
    is_studying = np.zeros(instance.n_learners, dtype=bool)
    is_studying[studying] = True
    n_studying = len(studying)
    pool = (is_studying | (state.room_of == FREE)).nonzero()[0]
    eligible = np.bincount(all_modules[pool][all_values[pool] > 0], minlength=size)
    rooms_qualified, teachers_qualified = instance.qualified_as_numbers
    free_rooms = (state.module == FREE) @ rooms_qualified
    free_teachers = ~state.teacher_busy @ teachers_qualified
    may_open = (free_rooms > 0) & (free_teachers > 0) & (eligible >= instance.min_batch)
    vacancies = Vacancies(state)
    free_instruction_seats = 0  # counted as places for the learners left for self-study with ``squeeze``
    if squeeze:
        rooms = state.instruction_rooms()
        free_instruction_seats = int((instance.instruction_capacity[rooms] - state.size[rooms]).sum())
    while True:
        waiting = state.unassigned()
        if not len(waiting):
            return state
        modules, values = all_modules[waiting], all_values[waiting]
        wanted = instance.preferred_modules[waiting]
        totals = np.bincount(modules[wanted], weights=values[wanted], minlength=size)
        candidates = ((totals > 0) & may_open).nonzero()[0]
        key = totals[candidates] * rng.uniform(1 - noise, 1 + noise, len(candidates)) if noise else totals[candidates]
        left_for_self_study = len(waiting) + n_studying - free_instruction_seats
        opened = None
        for module in candidates[(-key).argsort(kind="stable")].tolist():
            opened = _open_activity(state, module, squeeze, is_studying, left_for_self_study, vacancies)
            if opened is not None:
                break
            may_open[module] = False  # rooms, teachers and candidates only get scarcer during the repair
        if opened is None:
            return greedy_insert(state, rng)
        room, members = opened
        left = members[is_studying[members]]
        is_studying[left] = False
        n_studying -= len(left)
        eligible -= np.bincount(all_modules[members][all_values[members] > 0], minlength=size)
        teacher = int(state.teacher[room])
        free_rooms -= instance.room_qualified[room]
        free_teachers -= instance.teacher_qualified[teacher]
        may_open &= (free_rooms > 0) & (free_teachers > 0) & (eligible >= instance.min_batch)
        vacancies.take(room, teacher)
        if squeeze:
            free_instruction_seats += int(instance.activity_capacity(room, int(state.module[room]))) - len(members)


def _open_activity(
    state: PlanState,
    module: int,
    squeeze: bool,
    is_studying: np.ndarray,
    left_for_self_study: int,
    vacancies: Vacancies,
) -> tuple[int, np.ndarray] | None:
    """Open an activity of ``module`` for the unassigned and self-study learners eligible for it;
    return its classroom and learners, or None when it cannot be opened.

    ``is_studying`` marks the learners in self-study; ``left_for_self_study`` counts them and the
    unassigned ones, less the free instruction seats with ``squeeze`` (free instruction seats then
    count as places for the learners left for self-study); ``vacancies`` is read from ``state``."""
    instance = state.instance
    eligible = instance.eligible_learners(module)
    waiting = eligible[state.room_of[eligible] == FREE]
    studying = instance.eligible_by_gain(module)  # the most gaining first
    studying = studying[is_studying[studying]]
    pool = np.concatenate([waiting, removable(state, studying)])
    if len(pool) < instance.min_batch:  # too few for an activity (choose_members would pick none)
        return None
    room = vacancies.room(module, len(pool))
    teacher = vacancies.teacher(module)
    if room is None or teacher is None:
        return None
    seats = int(instance.activity_capacity(room, module))
    # The learners left for self-study must fit: with ``squeeze`` they number left_for_self_study
    # less the seats whoever the members are, else less the members, at most min(seats, pool).
    # Checking the best case first spares choosing members for an activity that cannot open.
    fewest_after = left_for_self_study - (seats if squeeze else min(seats, len(pool)))
    if not vacancies.self_study_fits(fewest_after, room, teacher):
        return None
    members = pool[choose_members(instance.gain[pool, module], seats, instance.min_batch)]
    if not len(members):
        return None
    if not squeeze and not vacancies.self_study_fits(left_for_self_study - len(members), room, teacher):
        return None
    state.unassign(members[state.room_of[members] != FREE])
    state.open(room, module, teacher)
    state.assign(members, room)
    return room, members


#: The repair operators by name, in the paper's order.
REPAIR_OPERATORS = {"break_out": break_out, "break_out_squeeze": break_out_squeeze, "greedy_insert": greedy_insert}
