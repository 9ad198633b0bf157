"""The ALNS operators as they were before they were made faster (commit ed7b8c1): the readable
reference that the library's operators must match move for move.

Only what the speed-up rewrote is here (room, teacher and self-study-seat look-ups, the walk
over removable learners, break-out, greedy insert and the self-study placement); the rest is
imported from the library. ``tests/planning/test_reference.py`` runs the ALNS with these and
with the library's operators and expects the same search, iteration by iteration.
"""

from __future__ import annotations

import numpy as np

from edulab.planning.destroy import DEGREE, regrets, removal_count, skewed_selection
from edulab.planning.instance import Instance
from edulab.planning.placement import (
    _convert_cheapest_instruction,
    _donors,
    choose_members,
    modules_with_resources,
    self_study_learners,
)
from edulab.planning.repair import NOISE
from edulab.planning.state import FREE, PlanState


def removable(state: PlanState, learners: np.ndarray) -> np.ndarray:
    """The learners, in the given order, that can leave one by one with every activity keeping
    at least :math:`\\delta^-` learners.

    Equivalent to walking through ``learners`` and removing each one whose activity still has
    more than :math:`\\delta^-` learners, but vectorised: a learner is kept when fewer than
    ``size - min_batch`` earlier learners of the list share its activity.
    """
    learners = np.asarray(learners, dtype=np.int64)
    if len(learners) <= 32:  # a plain walk is faster than the sorting below for short lists
        slack: dict[int, int] = {}
        keep = []
        for learner, room in zip(learners.tolist(), state.room_of[learners].tolist()):
            left = slack.get(room, int(state.size[room]) - state.instance.min_batch)
            if left > 0:
                keep.append(learner)
            slack[room] = left - 1
        return np.array(keep, dtype=np.int64)
    rooms = state.room_of[learners]
    order = np.argsort(rooms, kind="stable")
    sorted_rooms = rooms[order]
    starts = np.flatnonzero(np.r_[True, sorted_rooms[1:] != sorted_rooms[:-1]])
    rank_sorted = np.arange(len(rooms)) - np.repeat(starts, np.diff(np.r_[starts, len(rooms)]))
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    slack = state.size[rooms] - state.instance.min_batch
    return learners[rank < slack]


def random_learners(state: PlanState, rng: np.random.Generator, *, degree: float = DEGREE, **_) -> PlanState:
    """Remove up to :math:`d` random learners whose activity keeps :math:`\\delta^-` learners."""
    destroyed = state.copy()
    order = rng.permutation(np.flatnonzero(destroyed.room_of >= 0))
    chosen = removable(destroyed, order)[: removal_count(state, degree)]
    destroyed.unassign(chosen)
    return destroyed


def worst_regret_learners(state: PlanState, rng: np.random.Generator, *, degree: float = DEGREE, **_) -> PlanState:
    """Remove :math:`d` learners drawn with a skew towards the largest regrets.

    Learners are ranked by decreasing regret (ties in random order); :func:`skewed_selection`
    draws :math:`d` ranks; each drawn learner leaves when its activity keeps :math:`\\delta^-`.
    """
    destroyed = state.copy()
    d = removal_count(state, degree)
    ranked = np.lexsort((rng.random(state.instance.n_learners), -regrets(destroyed)))
    drawn = ranked[skewed_selection(len(ranked), d, rng)]
    destroyed.unassign(removable(destroyed, drawn))
    return destroyed


def free_teacher(state: PlanState, module: int) -> int | None:
    """The least-qualified free teacher who may run an activity of ``module`` (lowest id on ties)."""
    instance = state.instance
    candidates = np.flatnonzero(instance.teacher_qualified[:, module] & ~state.teacher_busy)
    if len(candidates) == 0:
        return None
    return int(candidates[np.argmax(instance.teacher_degree[candidates])])


def free_room(state: PlanState, module: int, learners: int) -> int | None:
    """The smallest free classroom for ``module`` that seats ``learners``, else the largest free one.

    Classrooms too small for an activity of :math:`\\delta^-` learners are never chosen.
    """
    instance = state.instance
    candidates = np.flatnonzero(instance.room_qualified[:, module] & (state.module == FREE))
    seats = instance.activity_capacity(candidates, module)
    candidates, seats = candidates[seats >= instance.min_batch], seats[seats >= instance.min_batch]
    if len(candidates) == 0:
        return None
    fits = seats >= learners
    if fits.any():
        return int(candidates[fits][np.argmin(seats[fits])])
    return int(candidates[np.argmax(seats)])


def initial_solution(instance: Instance) -> PlanState:
    """Every learner in self-study, the largest rooms first (the paper's initial solution, which
    picks rooms and teachers at random; here the least-qualified free teachers supervise)."""
    state = PlanState(instance)
    place_in_self_study(state, np.arange(instance.n_learners))
    return state


def place_in_self_study(state: PlanState, learners: np.ndarray) -> None:
    """Seat unassigned ``learners`` in self-study, opening or converting activities as needed.

    1. Fill the free seats of the existing self-study activities.
    2. Open self-study activities in the largest free rooms that allow it; when fewer than
       :math:`\\delta^-` learners are left for a new one, move in learners from activities that keep
       :math:`\\delta^-` (self-study learners first: they lose nothing).
    3. With no free room or teacher left, move learners (waiting or in self-study) into free seats
       of instruction activities they are eligible for, those losing least first, so that the
       waiting ones fit in self-study (the paper's greedy insert seats a learner in any activity
       of a module it demands).
    4. When that is not enough, turn the instruction activity that satisfies the least demand
       (in a room allowing self-study) into self-study.

    Raises
    ------
    NoRoomError
        When no classroom that allows self-study can be found at all.
    """
    queue = np.asarray(learners, dtype=np.int64)
    instance = state.instance
    while len(queue):
        queue = _fill_self_study(state, queue)
        if not len(queue):
            return
        room = free_room(state, instance.self_study, len(queue))
        teacher = free_teacher(state, instance.self_study)
        if room is None or teacher is None:
            queue = _squeeze_into_instruction(state, queue)
            if len(queue):
                _convert_cheapest_instruction(state)
            continue
        take = queue[: int(instance.capacity[room])]
        queue = queue[len(take) :]
        donors = _donors(state, instance.min_batch - len(take))
        state.unassign(donors)
        state.open(room, instance.self_study, teacher)
        state.assign(np.concatenate([take, donors]).astype(np.int64), room)


def _fill_self_study(state: PlanState, queue: np.ndarray) -> np.ndarray:
    rooms = state.self_study_rooms()
    for room in rooms[np.argsort(-(state.instance.capacity[rooms] - state.size[rooms]), kind="stable")]:
        space = int(state.instance.capacity[room] - state.size[room])
        if space > 0:
            state.assign(queue[:space], room)
            queue = queue[space:]
        if not len(queue):
            break
    return queue


def _squeeze_into_instruction(state: PlanState, queue: np.ndarray) -> np.ndarray:
    """Free self-study seats for ``queue`` by moving eligible learners into instruction seats.

    Candidates are the waiting learners and the self-study learners who can leave; each move
    into a free instruction seat (a module the learner is eligible for) lowers the self-study
    need by one. Moves are made by increasing loss until the waiting learners fit; the waiting
    learners left are returned after taking the freed self-study seats.
    """
    instance = state.instance
    rooms = state.instruction_rooms()
    rooms = rooms[state.size[rooms] < state.seats(rooms)]
    if not len(rooms):
        return queue
    in_self_study = self_study_learners(state)
    movers = np.concatenate([queue, in_self_study])
    demand = instance.demand[movers[:, None], state.module[rooms][None, :]]
    loss = np.where(demand > 0, instance.self_study_value[movers, None] - demand, np.inf)
    allowed = np.ones(len(movers), dtype=bool)
    order = np.argsort(loss[len(queue) :].min(axis=1), kind="stable")
    allowed[len(queue) :] = np.isin(in_self_study, removable(state, in_self_study[order]))
    seats = (state.seats(rooms) - state.size[rooms]).tolist()
    moved = np.zeros(len(movers), dtype=bool)
    done = 0
    pair_movers, pair_columns = np.nonzero(np.isfinite(loss) & allowed[:, None])
    order = np.argsort(loss[pair_movers, pair_columns], kind="stable")
    for mover, column in zip(pair_movers[order].tolist(), pair_columns[order].tolist()):
        if done == len(queue):
            break
        if moved[mover] or seats[column] == 0:
            continue
        learner = int(movers[mover])
        if state.room_of[learner] == FREE:
            state.assign(np.array([learner]), int(rooms[column]))
        else:
            state.move(learner, int(rooms[column]))
        moved[mover] = True
        seats[column] -= 1
        done += 1
    return _fill_self_study(state, queue[~moved[: len(queue)]])


def self_study_fits(state: PlanState, learners: int, room: int, teacher: int) -> bool:
    """Whether ``learners`` self-study learners still have seats once ``room`` and ``teacher``
    go to an instruction activity: the current self-study activities plus the largest free rooms
    that allow self-study, one per free teacher."""
    instance = state.instance
    rooms = state.self_study_rooms()
    seats = int(instance.capacity[rooms].sum())
    free = np.flatnonzero(instance.self_study_allowed & (state.module == FREE))
    free = free[free != room]
    teachers = int((~state.teacher_busy).sum()) - (0 if state.teacher_busy[teacher] else 1)
    seats += int(np.sort(instance.capacity[free])[::-1][: max(teachers, 0)].sum())
    return learners <= seats


def greedy_insert(state: PlanState, rng: np.random.Generator, **_) -> PlanState:
    """Insert each unassigned learner, in random order, into its best instruction activity with a
    free seat (one whose module it prefers to self-study); the others go to self-study."""
    instance = state.instance
    waiting = rng.permutation(state.unassigned())
    rooms = state.instruction_rooms()
    left_over: list[int] = []
    if len(rooms) and len(waiting):
        values = instance.demand[waiting[:, None], state.module[rooms][None, :]]
        values[values <= instance.self_study_value[waiting, None]] = -np.inf
        ranked = np.argsort(-values, axis=1, kind="stable").tolist()
        wanted = np.isfinite(values).sum(axis=1).tolist()
        seats = (state.seats(rooms) - state.size[rooms]).tolist()
        rooms_list = rooms.tolist()
        for index, learner in enumerate(waiting.tolist()):
            for column in ranked[index][: wanted[index]]:
                if seats[column] > 0:
                    seats[column] -= 1
                    state.assign(np.array([learner]), rooms_list[column])
                    break
            else:
                left_over.append(learner)
    else:
        left_over = waiting.tolist()
    place_in_self_study(state, np.array(left_over, dtype=np.int64))
    return state


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
    blocked = np.zeros(size, dtype=bool)
    while True:
        waiting = state.unassigned()
        if not len(waiting):
            return state
        modules, values = all_modules[waiting], all_values[waiting]
        wanted = values > instance.self_study_value[waiting, None]
        totals = np.bincount(modules[wanted], weights=values[wanted], minlength=size)
        studying = self_study_learners(state)
        eligible = np.bincount(modules[values > 0], minlength=size)
        eligible += np.bincount(all_modules[studying][all_values[studying] > 0], minlength=size)
        candidates = np.flatnonzero(
            (totals > 0) & (eligible >= instance.min_batch) & ~blocked & modules_with_resources(state)
        )
        key = totals[candidates] * rng.uniform(1 - noise, 1 + noise, len(candidates)) if noise else totals[candidates]
        opened = False
        for module in candidates[np.argsort(-key, kind="stable")]:
            if _open_activity(state, int(module), squeeze) is not None:
                opened = True
                break
            blocked[module] = True  # rooms, teachers and candidates only get scarcer during the repair
        if not opened:
            return greedy_insert(state, rng)


def _open_activity(state: PlanState, module: int, squeeze: bool) -> np.ndarray | None:
    """Open an activity of ``module`` for the unassigned and self-study learners eligible for it;
    return its learners, or None when it cannot be opened. With ``squeeze``, free instruction
    seats count as places for the learners left for self-study."""
    instance = state.instance
    eligible = instance.eligible_learners(module)
    rooms = state.room_of[eligible]
    waiting = eligible[rooms == FREE]
    studying = eligible[rooms != FREE]
    studying = studying[state.module[state.room_of[studying]] == instance.self_study]
    gain = instance.demand[studying, module] - instance.self_study_value[studying]
    pool = np.concatenate([waiting, removable(state, studying[np.argsort(-gain, kind="stable")])])
    room = free_room(state, module, len(pool))
    teacher = free_teacher(state, module)
    if room is None or teacher is None:
        return None
    gains = instance.demand[pool, module] - instance.self_study_value[pool]
    members = pool[choose_members(gains, int(instance.activity_capacity(room, module)), instance.min_batch)]
    if not len(members):
        return None
    studying_after = len(state.unassigned()) + len(self_study_learners(state)) - len(members)
    if squeeze:
        rooms = state.instruction_rooms()
        studying_after -= int((state.seats(rooms) - state.size[rooms]).sum())
        studying_after -= int(instance.activity_capacity(room, module)) - len(members)
    if not self_study_fits(state, studying_after, room, teacher):
        return None
    state.unassign(members[state.room_of[members] != FREE])
    state.open(room, module, teacher)
    state.assign(members, room)
    return members
