"""Placing learners: free classrooms and teachers, activity members, and self-study seats.

The building blocks every way of constructing a schedule shares: the repair operators
(:mod:`~edulab.planning.repair`), the greedy baseline (:mod:`~edulab.planning.greedy`) and the
initial solution of the ALNS, where every learner goes to self-study.

Choices the paper leaves open, made here: a new activity takes the least-qualified free teacher
that may run it (second-degree before first-degree for second-degree modules, third-degree for
self-study), so qualified teachers stay available; a new self-study activity takes the largest
free classroom that allows self-study.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4, "Initial solution" and "Repair operators".
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, islice

import numpy as np

from edulab.errors import InputError
from edulab.planning.destroy import all_removable, removable
from edulab.planning.instance import Instance
from edulab.planning.state import FREE, PlanState


class NoRoomError(InputError, RuntimeError):
    """No classroom or teacher is left to seat a learner in any activity.

    The instance cannot be solved by placement (no classroom, no teacher or no room that allows
    self-study): an :class:`edulab.errors.InputError`, so the command line reports it in one line.
    """


class Vacancies:
    """Free classrooms, free teachers and self-study seats of ``state``, read once.

    Placement asks these questions many times while the state does not change (break-out tries
    module after module before it opens one activity): a snapshot answers each with a short
    Python loop instead of several NumPy calls. After the state changes, make a new one, or
    call :meth:`take` when the change was opening an instruction activity.
    """

    def __init__(self, state: PlanState):
        self.instance = state.instance
        self.room_free = (state.module == FREE).tolist()
        self.teacher_busy = state.teacher_busy.tolist()
        self.free_teachers = len(self.teacher_busy) - sum(self.teacher_busy)
        self._state = state
        self._self_study = None  # seats of the self-study activities, free self-study rooms, [k]: seats of the first k

    def take(self, room: int, teacher: int) -> None:
        """Follow the state after ``room`` and ``teacher`` went to a new instruction activity."""
        self.room_free[room] = False
        self.teacher_busy[teacher] = True
        self.free_teachers -= 1
        if self._self_study is not None and room in self._self_study[1]:
            seats, free, _ = self._self_study
            free = [other for other in free if other != room]
            self._self_study = seats, free, [0, *accumulate(self.instance.capacity[free].tolist())]

    def teacher(self, module: int) -> int | None:
        """The least-qualified free teacher who may run an activity of ``module`` (lowest id on ties)."""
        for teacher in self.instance.placement_choices[1][module]:  # least qualified first
            if not self.teacher_busy[teacher]:
                return teacher
        return None

    def room(self, module: int, learners: int) -> int | None:
        """The smallest free classroom for ``module`` that seats ``learners``, else the largest free
        one (the lowest id among equals).

        Classrooms too small for an activity of :math:`\\delta^-` learners are never chosen.
        """
        smallest_first, seats, largest_first = self.instance.placement_choices[0][module]
        for room in islice(smallest_first, bisect_left(seats, learners), None):  # those that seat them
            if self.room_free[room]:
                return room
        for room in largest_first:
            if self.room_free[room]:
                return room
        return None

    def self_study_fits(self, learners: int, room: int, teacher: int) -> bool:
        """Whether ``learners`` self-study learners still have seats once ``room`` and ``teacher``
        go to an instruction activity: the current self-study activities plus the largest free rooms
        that allow self-study, one per free teacher."""
        if self._self_study is None:
            instance, module = self.instance, self._state.module
            seats = int(instance.capacity[module == instance.self_study].sum())
            free = instance.self_study_rooms_by_size  # the largest first
            free = free[module[free] == FREE]
            self._self_study = seats, free.tolist(), [0, *accumulate(instance.capacity[free].tolist())]
        seats, free, seats_of_first = self._self_study
        teachers = max(self.free_teachers - (0 if self.teacher_busy[teacher] else 1), 0)
        if room in free and free.index(room) < teachers:  # ``room`` is taken: one more room further down
            seats += seats_of_first[min(teachers + 1, len(free))] - int(self.instance.capacity[room])
        else:
            seats += seats_of_first[min(teachers, len(free))]
        return learners <= seats


def free_teacher(state: PlanState, module: int) -> int | None:
    """The least-qualified free teacher who may run an activity of ``module`` (lowest id on ties)."""
    return Vacancies(state).teacher(module)


def free_room(state: PlanState, module: int, learners: int) -> int | None:
    """The smallest free classroom for ``module`` that seats ``learners``, else the largest free one.

    Classrooms too small for an activity of :math:`\\delta^-` learners are never chosen.
    """
    return Vacancies(state).room(module, learners)


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
        vacancies = Vacancies(state)
        room = vacancies.room(instance.self_study, len(queue))
        teacher = vacancies.teacher(instance.self_study)
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
    """Seat ``queue`` in the free seats of the self-study activities, the most space first; return
    the learners left."""
    if not len(queue):
        return queue
    rooms = state.self_study_rooms()
    spaces = state.instance.capacity[rooms] - state.size[rooms]
    order = (-spaces).argsort(kind="stable")
    targets: list[int] = []
    counts: list[int] = []
    taken = 0
    for room, space in zip(rooms[order].tolist(), spaces[order].tolist()):
        if space <= 0 or taken == len(queue):  # the most space first: no room after this one has any
            break
        targets.append(room)
        counts.append(min(space, len(queue) - taken))
        taken += counts[-1]
    state.assign_groups(queue[:taken], targets, counts)
    return queue[taken:]


def _squeeze_into_instruction(state: PlanState, queue: np.ndarray) -> np.ndarray:
    """Free self-study seats for ``queue`` by moving eligible learners into instruction seats.

    Candidates are the waiting learners and the self-study learners who can leave; each move
    into a free instruction seat (a module the learner is eligible for) lowers the self-study
    need by one. Moves are made by increasing loss until the waiting learners fit; the waiting
    learners left are returned after taking the freed self-study seats.
    """
    instance = state.instance
    free_seats = instance.instruction_capacity - state.size
    module = state.module
    rooms = ((module != FREE) & (module != instance.self_study) & (free_seats > 0)).nonzero()[0]
    if not len(rooms):
        return queue
    room_modules = module[rooms]
    # Self-study learners eligible for none of these modules cannot move: leave them out before
    # the loss table (they would sort last below and change nothing).
    has_seat = np.zeros(instance.n_modules + 1, dtype=bool)
    has_seat[room_modules] = True
    all_modules, all_values = instance.learner_modules
    in_self_study = self_study_learners(state)
    in_self_study = in_self_study[has_seat[all_modules[in_self_study]].any(axis=1)]
    movers = np.concatenate([queue, in_self_study])
    # Each mover's loss for the modules it demands that have a free seat (a dozen per learner, so
    # no dense (movers x rooms) table): self-study value minus demand, infinite for the others.
    modules, values = all_modules[movers], all_values[movers]
    eligible = has_seat[modules] & (values > 0)
    loss = np.where(eligible, instance.self_study_value[movers, None] - values, np.inf)
    if not all_removable(state, in_self_study):
        # the self-study learners may leave while their activities keep delta^-, the least losing first
        order = loss[len(queue) :].min(axis=1).argsort(kind="stable")
        can_leave = np.zeros(instance.n_learners, dtype=bool)
        can_leave[removable(state, in_self_study[order])] = True
        eligible[len(queue) :] &= can_leave[in_self_study, None]
    pair_movers, slots = eligible.nonzero()
    pair_movers, pair_columns, pair_loss = activity_pairs(
        pair_movers, modules[pair_movers, slots], loss[pair_movers, slots], room_modules
    )
    # Walk the pairs by loss, then mover, then activity, until as many moves as waiting learners.
    # A walk needs few more pairs than moves: sort the cheapest pairs first, the rest only if needed.
    needed = len(queue)
    seats = free_seats[rooms].tolist()
    moved = [False] * len(movers)
    chosen_movers: list[int] = []
    chosen_columns: list[int] = []
    cheap = _cheapest(pair_loss, 2 * needed + 8)
    for part in (cheap.nonzero()[0], (~cheap).nonzero()[0]):
        part = part[np.lexsort((pair_columns[part], pair_movers[part], pair_loss[part]))]
        for mover, column in zip(pair_movers[part].tolist(), pair_columns[part].tolist()):
            if len(chosen_movers) == needed:
                break
            if moved[mover] or seats[column] == 0:
                continue
            moved[mover] = True
            seats[column] -= 1
            chosen_movers.append(mover)
            chosen_columns.append(column)
        if len(chosen_movers) == needed:
            break
    state.move_each(movers[chosen_movers], rooms[chosen_columns])
    return _fill_self_study(state, queue[~np.array(moved[:needed], dtype=bool)])


def _cheapest(losses: np.ndarray, count: int) -> np.ndarray:
    """(len(losses),) bool: the ``count`` smallest ``losses`` and every loss equal to the largest of them."""
    if count >= len(losses):
        return np.ones(len(losses), dtype=bool)
    return losses <= np.partition(losses, count)[count]


def activity_pairs(
    learners: np.ndarray, modules: np.ndarray, values: np.ndarray, room_modules: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(learner, module) pairs, each with a value, turned into (learner, activity) pairs.

    A pair becomes one pair per activity of its module (``room_modules[j]`` is the module of
    activity ``j``), in the order of the input, activities by increasing ``j``.

    Returns
    -------
    learners, activities, values : arrays
        The learner and value of each input pair repeated once per activity, and the activity.
    """
    by_module = room_modules.argsort(kind="stable")
    sorted_modules = room_modules[by_module]
    first = np.searchsorted(sorted_modules, modules, side="left")
    count = np.searchsorted(sorted_modules, modules, side="right") - first
    if (count == 1).all():  # the usual case: each pair's module has one activity
        return learners, by_module[first], values
    ends = np.cumsum(count)
    offset = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - count, count)
    activities = by_module[np.repeat(first, count) + offset]
    return np.repeat(learners, count), activities, np.repeat(values, count)


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
    if len(gains) < min_batch:
        return np.empty(0, dtype=np.int64)
    gainers = np.count_nonzero(gains > 0)
    take = min(seats, max(gainers, min_batch))
    if take < min_batch:
        return np.empty(0, dtype=np.int64)
    chosen = (-gains).argsort(kind="stable")[:take]
    if take > gainers and gains[chosen].sum() <= 0:  # topped up with losers (gainers alone sum above 0)
        return np.empty(0, dtype=np.int64)
    return chosen


def self_study_learners(state: PlanState) -> np.ndarray:
    """Learners currently in self-study activities."""
    in_self_study = state.module == state.instance.self_study
    return ((state.room_of != FREE) & in_self_study[state.room_of]).nonzero()[0]


def modules_with_resources(state: PlanState) -> np.ndarray:
    """(M + 1,) bool: a free classroom and a free teacher qualified for the module exist."""
    instance = state.instance
    rooms = instance.room_qualified[state.module == FREE].any(axis=0)
    teachers = instance.teacher_qualified[~state.teacher_busy].any(axis=0)
    return rooms & teachers


def self_study_fits(state: PlanState, learners: int, room: int, teacher: int) -> bool:
    """Whether ``learners`` self-study learners still have seats once ``room`` and ``teacher``
    go to an instruction activity (:meth:`Vacancies.self_study_fits`)."""
    return Vacancies(state).self_study_fits(learners, room, teacher)
