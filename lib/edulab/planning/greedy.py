"""A constructive baseline: open, one at a time, the instruction activity with the largest gain.

Every learner starts in a pool destined for self-study. Each step looks at every module, the
free classroom and teacher it would get, and the pool learners eligible for it; the activity's
gain is the extra demand its learners satisfy over self-study (all who gain, up to the seats,
topped up to the minimum size with those who lose least). The step opens the activity with the
largest gain, provided the learners left in the pool still fit in the free rooms that allow
self-study, with a teacher each. When no activity
can be opened, the pool is seated in self-study, largest rooms first.

This is the baseline the ALNS has to beat; it has no search, so it cannot undo a choice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edulab.planning.instance import Instance
from edulab.planning.placement import choose_members, free_room, free_teacher, place_in_self_study, self_study_fits
from edulab.planning.schedule import Schedule
from edulab.planning.state import PlanState


@dataclass
class GreedyResult:
    """Outcome of the greedy construction: objective (equation (1)), seconds, instruction activities opened."""

    objective: float
    seconds: float
    n_activities: int
    self_study_share: float
    schedule: Schedule = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "greedy",
            "objective": self.objective,
            "seconds": self.seconds,
            "n_activities": self.n_activities,
            "self_study_share": self.self_study_share,
        }


def best_activity(state: PlanState, pool: np.ndarray) -> tuple[float, int, int, int, np.ndarray] | None:
    """The activity with the largest gain over self-study: (gain, module, room, teacher, learners).

    The learners of a module's activity are chosen by :func:`~edulab.planning.placement.choose_members`
    among the pool learners eligible for it.
    """
    instance = state.instance
    modules, values = instance.learner_modules
    modules, values = modules[pool], values[pool]
    eligible = np.bincount(modules[values > 0], minlength=instance.n_modules + 1)
    wanted = np.bincount(modules[values > instance.self_study_value[pool, None]], minlength=instance.n_modules + 1)
    best = None
    for module in np.flatnonzero((eligible >= instance.min_batch) & (wanted > 0)):
        takers = pool[(modules == module).any(axis=1)]
        room = free_room(state, module, len(takers))
        teacher = free_teacher(state, module)
        if room is None or teacher is None:
            continue
        gains = instance.demand[takers, module] - instance.self_study_value[takers]
        chosen = choose_members(gains, int(instance.activity_capacity(room, module)), instance.min_batch)
        if not len(chosen) or not self_study_fits(state, len(pool) - len(chosen), room, teacher):
            continue
        gain = float(gains[chosen].sum())
        if best is None or gain > best[0]:
            best = (gain, int(module), room, teacher, takers[chosen])
    return best


def solve_greedy(instance: Instance) -> GreedyResult:
    """Build a schedule by opening the activity with the largest gain until none fits."""
    started = time.perf_counter()
    state = PlanState(instance)
    pool = np.arange(instance.n_learners)
    opened = 0
    while (choice := best_activity(state, pool)) is not None:
        _, module, room, teacher, learners = choice
        state.open(room, module, teacher)
        state.assign(learners, room)
        pool = np.setdiff1d(pool, learners)
        opened += 1
    place_in_self_study(state, pool)
    schedule = state.to_schedule()
    seconds = time.perf_counter() - started
    objective = schedule.objective(instance)
    schedule.meta.update({"method": "greedy", "objective": objective, "seconds": seconds})
    return GreedyResult(objective, seconds, opened, schedule.self_study_share(instance), schedule)
