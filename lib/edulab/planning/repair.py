"""Repair operators: put every unassigned learner back, leaving a feasible schedule.

``break_out`` forms new instruction activities from the unassigned learners' demands;
``greedy_insert`` puts each unassigned learner into the best instruction activity with a free
seat, else into self-study. :func:`place_in_self_study` is the self-study step both use (and the
initial solution, where every learner goes to self-study).

Choices the paper leaves open, made here: a new activity takes the least-qualified free teacher
that may run it (second-degree before first-degree for second-degree modules, third-degree for
self-study), so qualified teachers stay available; a new self-study activity takes the largest
free classroom that allows self-study.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4, "Initial solution" and "Repair operators".
"""

from __future__ import annotations

import numpy as np

from edulab.planning.destroy import removable
from edulab.planning.instance import Instance
from edulab.planning.state import FREE, PlanState


class NoRoomError(RuntimeError):
    """No classroom or teacher is left to seat a learner in any activity."""


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
    place_in_self_study(state, np.arange(instance.num_learners))
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


def _donors(state: PlanState, count: int) -> np.ndarray:
    """``count`` assigned learners who can leave their activities, those losing least demand first."""
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    instance = state.instance
    assigned = np.flatnonzero(state.room_of != FREE)
    loss = state.learner_values(assigned) - instance.self_study_value[assigned]
    candidates = removable(state, assigned[np.argsort(loss, kind="stable")])
    if len(candidates) < count:
        raise NoRoomError(
            f"cannot form a self-study activity of {instance.min_batch} learners: only "
            f"{len(candidates)} learner(s) can leave their activities"
        )
    return candidates[:count]


def _convert_cheapest_instruction(state: PlanState) -> None:
    instance = state.instance
    rooms = state.instruction_rooms()
    rooms = rooms[instance.self_study_allowed[rooms]]
    if len(rooms) == 0:
        raise NoRoomError(
            "no free classroom or teacher for self-study and no instruction activity in a room that "
            "allows self-study: the instance has too few self-study seats or teachers"
        )
    contribution = np.array([state.learner_values(state.members(room)).sum() for room in rooms])
    state.to_self_study(int(rooms[np.argmin(contribution)]))


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


def choose_members(gains: np.ndarray, seats: int, min_batch: int) -> np.ndarray:
    """Pick an activity's learners from candidates with the given gains over self-study.

    Every candidate who gains joins, best first, up to ``seats``; when fewer than ``min_batch``
    gain, the candidates who lose least are added until the activity reaches ``min_batch``.

    Returns
    -------
    Indices into ``gains`` of the chosen learners; empty when fewer than ``min_batch`` candidates
    exist or the chosen ones together do not gain.
    """
    gains = np.asarray(gains, dtype=float)
    take = min(seats, max(int((gains > 0).sum()), min_batch))
    if take < min_batch or len(gains) < min_batch:
        return np.empty(0, dtype=np.int64)
    chosen = np.argsort(-gains, kind="stable")[:take]
    if gains[chosen].sum() <= 0:
        return np.empty(0, dtype=np.int64)
    return chosen


#: Noise of break-out's module order: each module's demand is multiplied by U(1 - noise, 1 + noise).
NOISE = 0.5


def break_out(state: PlanState, rng: np.random.Generator, *, noise: float = NOISE, **_) -> PlanState:
    """Form new instruction activities from the unassigned learners, then greedy-insert the rest.

    Modules that unassigned learners prefer to self-study are tried by decreasing total demand of
    those learners (perturbed by a random factor in :math:`[1 - \\text{noise}, 1 + \\text{noise}]`).
    A module with a free qualified classroom and teacher becomes an activity: its candidates are
    the unassigned learners eligible for it and the self-study learners who can leave their
    activities; :func:`choose_members` picks them (every one who gains, up to the seats, topped
    up to :math:`\\delta^-` with those who lose least when the whole group still gains). An
    activity is only opened when the learners left for self-study still have seats
    (:func:`self_study_fits`). The groups are then recomputed. When no module can be opened,
    :func:`greedy_insert` seats the rest.

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
    fit if some of them take free instruction seats (at a loss, see :func:`place_in_self_study`).

    Tight schedules, where every self-study seat is used, often need this; as a separate operator
    the adaptive weights learn when it pays.
    """
    return _break_out(state, rng, noise=noise, squeeze=True)


def _break_out(state: PlanState, rng: np.random.Generator, *, noise: float, squeeze: bool) -> PlanState:
    instance = state.instance
    all_modules, all_values = instance.learner_modules
    size = instance.num_modules + 1
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


def self_study_learners(state: PlanState) -> np.ndarray:
    """Learners currently in self-study activities."""
    in_self_study = state.module == state.instance.self_study
    return np.flatnonzero((state.room_of != FREE) & in_self_study[state.room_of])


def modules_with_resources(state: PlanState) -> np.ndarray:
    """(M + 1,) bool: a free classroom and a free teacher qualified for the module exist."""
    instance = state.instance
    rooms = instance.room_qualified[state.module == FREE].any(axis=0)
    teachers = instance.teacher_qualified[~state.teacher_busy].any(axis=0)
    return rooms & teachers


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


#: The repair operators by name, in the paper's order.
REPAIR_OPERATORS = {"break_out": break_out, "break_out_squeeze": break_out_squeeze, "greedy_insert": greedy_insert}
