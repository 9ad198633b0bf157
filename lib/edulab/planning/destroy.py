"""Destroy operators: each takes about a fraction ``degree`` of the learners out of the schedule.

Operators follow the ``alns`` package's protocol ``op(state, rng, **kwargs) -> state`` and never
change the state they receive. Whole activities are removed (freeing their classroom and
teacher) or single learners are taken out, but only from activities that keep at least
:math:`\\delta^-` learners, so every remaining activity stays feasible.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 4, "Destroy operators"; :math:`d = 15\\%` from section 5.2.1.
"""

from __future__ import annotations

import numpy as np

from edulab.planning.state import PlanState

#: Degree of destruction :math:`d`: the share of learners a destroy operator removes (tuned, section 5.2.1).
DEGREE = 0.15


def removal_count(state: PlanState, degree: float) -> int:
    """Number of learners :math:`d` to remove: ``degree`` of them, at least one."""
    if not 0 < degree <= 1:
        raise ValueError(f"degree of destruction must be in (0, 1], got {degree!r}")
    return max(1, round(degree * state.instance.n_learners))


def removable(state: PlanState, learners: np.ndarray) -> np.ndarray:
    """The learners, in the given order, that can leave one by one with every activity keeping
    at least :math:`\\delta^-` learners.

    Equivalent to walking through ``learners`` and removing each one whose activity still has
    more than :math:`\\delta^-` learners, but vectorised: a learner is kept when fewer than
    ``size - min_batch`` earlier learners of the list share its activity.
    """
    learners = np.asarray(learners, dtype=np.int64)
    if not len(learners) or all_removable(state, learners):
        return learners.copy()
    if len(learners) <= 32:  # a plain walk is faster than the sorting below for short lists
        sizes, min_batch = state.size.tolist(), state.instance.min_batch
        slack: dict[int, int] = {}
        keep = []
        for learner, room in zip(learners.tolist(), state.room_of[learners].tolist()):
            left = slack[room] if room in slack else sizes[room] - min_batch
            if left > 0:
                keep.append(learner)
            slack[room] = left - 1
        return np.array(keep, dtype=np.int64)
    rooms = state.room_of[learners]
    order = rooms.argsort(kind="stable")
    sorted_rooms = rooms[order]
    # the position of each learner among those of its activity: its place minus where the activity starts
    rank_sorted = np.arange(len(rooms)) - np.searchsorted(sorted_rooms, sorted_rooms)
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    slack = state.size[rooms] - state.instance.min_batch
    return learners[rank < slack]


def all_removable(state: PlanState, learners: np.ndarray) -> bool:
    """Whether every one of the (assigned) ``learners`` can leave, in any order, with every activity
    keeping :math:`\\delta^-` learners: no activity holds more of them than it has above :math:`\\delta^-`.

    :func:`removable` then keeps them all; the repairs ask this of short lists of self-study
    learners, whose large activities can spare them (a few NumPy calls instead of a walk).
    """
    rooms = state.room_of[learners]
    spare = state.size - state.instance.min_batch
    return bool((np.bincount(rooms, minlength=len(spare)) <= spare)[rooms].all())


def regrets(state: PlanState) -> np.ndarray:
    """Regret of every learner, :math:`r_{lm} = \\max_{m'} D_{lm'} - D_{lm}` for its module m.

    A learner in self-study has :math:`D_{l m_S} = w \\max_{m'} D_{lm'}`, so a regret of
    :math:`(1 - w) \\max_{m'} D_{lm'}`.
    """
    return state.instance.best_value - state.learner_values()


def skewed_selection(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``d`` distinct ranks of ``0..n-1``, favouring small ranks (the worst regrets).

    Weights decrease linearly over the first ``d`` ranks (``d, d-1, ..., 1``) and are 1 for the
    rest, normalised: rank :math:`j` (1-based) has probability
    :math:`(d - j + 1) / (\\sum_{i=1}^{d} i + n - d)` for :math:`j \\le d`, else
    :math:`1 / (\\sum_{i=1}^{d} i + n - d)`.
    """
    if not 0 <= d <= n:
        raise ValueError(f"cannot select {d} of {n} ranks")
    weights = np.ones(n)
    weights[:d] = np.arange(d, 0, -1)
    return rng.choice(n, size=d, replace=False, p=weights / weights.sum())


def random_activities(state: PlanState, rng: np.random.Generator, *, degree: float = DEGREE, **_) -> PlanState:
    """Remove whole activities in random order until at least :math:`d` learners are out."""
    return _close_in_order(state, rng.permutation(state.used_rooms()), removal_count(state, degree))


def smallest_activities(state: PlanState, rng: np.random.Generator, *, degree: float = DEGREE, **_) -> PlanState:
    """Remove the smallest activities (ties in random order) until at least :math:`d` learners are out."""
    rooms = state.used_rooms()
    rooms = rooms[np.lexsort((rng.random(len(rooms)), state.size[rooms]))]
    return _close_in_order(state, rooms, removal_count(state, degree))


def _close_in_order(state: PlanState, rooms: np.ndarray, target: int) -> PlanState:
    """A copy of ``state`` with the activities of ``rooms`` closed in order until ``target`` learners are out."""
    destroyed = state.copy()
    removed = 0
    for room in rooms:
        if removed >= target:
            break
        removed += len(destroyed.close(room))
    return destroyed


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


#: The destroy operators by name, in the paper's order.
DESTROY_OPERATORS = {
    "random_activities": random_activities,
    "smallest_activities": smallest_activities,
    "random_learners": random_learners,
    "worst_regret_learners": worst_regret_learners,
}
