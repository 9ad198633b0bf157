"""The reinsert-learner local search, applied to every new best solution of the ALNS.

All improving relocations of single learners into activities with a free seat are listed and
applied best first; a move is skipped when an earlier one made it infeasible (the learner has
moved already, its activity would drop below :math:`\\delta^-`, or the target is full). The
search repeats until no improving move is left. The activities themselves do not change.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4, "Local search (LS)".
"""

from __future__ import annotations

import numpy as np

from edulab.planning.state import PlanState


def improving_moves(state: PlanState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All improving relocations, best first.

    Returns
    -------
    learners, modules, gains : arrays
        Learner ``learners[i]`` gains ``gains[i] > 0`` by joining an activity of ``modules[i]``
        that has a free seat; only learners whose activity keeps :math:`\\delta^-` are listed.
    """
    instance = state.instance
    rooms = state.used_rooms()
    has_seat = np.zeros(instance.n_modules + 1, dtype=bool)
    has_seat[state.module[rooms[state.size[rooms] < state.seats(rooms)]]] = True

    movable = np.flatnonzero(state.size[state.room_of] > instance.min_batch)
    all_modules, all_values = instance.learner_modules
    modules = np.column_stack([all_modules[movable], np.full(len(movable), instance.self_study)])
    values = np.column_stack([all_values[movable], instance.self_study_value[movable]])
    gains = values - state.learner_values(movable)[:, None]
    better = (gains > 1e-12) & has_seat[modules]
    rows, cols = np.nonzero(better)
    order = np.argsort(-gains[rows, cols], kind="stable")
    return movable[rows[order]], modules[rows, cols][order], gains[rows, cols][order]


def reinsert_learners(state: PlanState, rng: np.random.Generator | None = None, **_) -> PlanState:
    """Apply improving relocations until none is left; changes ``state`` in place and returns it.

    The signature fits ``alns.ALNS.on_best``, which calls it on every new best solution.
    """
    instance = state.instance
    while True:
        learners, modules, _ = improving_moves(state)
        if not len(learners):
            return state
        rooms = state.used_rooms()
        targets: dict[int, list[int]] = {}
        for room in rooms:
            targets.setdefault(int(state.module[room]), []).append(int(room))
        moved: set[int] = set()
        for learner, module in zip(learners.tolist(), modules.tolist()):
            if learner in moved or state.size[state.room_of[learner]] <= instance.min_batch:
                continue
            for room in targets[module]:
                if state.size[room] < state.seats(room):
                    state.move(learner, room)
                    moved.add(learner)
                    break
        if not moved:
            return state
