"""The roulette wheel of the ``alns`` package, spun in plain Python.

``alns.select.RouletteWheel`` picks each operator with ``rng.choice(range(n), p=weights / sum)``.
For two to four weights, NumPy's checks and small arrays cost more than the arithmetic: about a
twentieth of an ALNS iteration on an 800-learner school, twice per iteration.
:class:`PlainRouletteWheel` picks the same operator from the same random number, with the
same floating-point steps in plain Python, so a search gives identical results with either
wheel; the weight update is the package's.

This module imports the ``alns`` package (and matplotlib with it), so
:func:`~edulab.planning.heuristic.solve_alns` imports it only when it runs.

References
----------
.. [1] Røpke, S. and Pisinger, D. (2006). An adaptive large neighborhood search heuristic for the
       pickup and delivery problem with time windows. *Transportation Science* 40(4): 455-472.
"""

from __future__ import annotations

import math

import numpy as np
from alns.select import RouletteWheel


def spin(weights: list[float], rng: np.random.Generator) -> int:
    """Index drawn with probability proportional to ``weights``, as
    ``rng.choice(range(len(weights)), p=weights / np.sum(weights))`` draws it.

    The same steps as NumPy's: the probabilities are the weights over their sum (added from the
    first, as ``np.sum`` adds fewer than eight numbers), their running sums are divided by the
    last one, and the index is the first whose running sum exceeds one uniform draw
    ``rng.random()`` (``searchsorted(..., side="right")``).

    Parameters
    ----------
    weights
        Positive total, every weight finite and non-negative (:class:`PlainRouletteWheel`
        leaves other weights to the package, which raises).
    rng
        Gives exactly one ``rng.random()``, as ``rng.choice`` takes.
    """
    total = 0.0
    for weight in weights:
        total += weight
    running, cumulative = 0.0, []
    for weight in weights:
        running += weight / total
        cumulative.append(running)
    last = cumulative[-1]
    draw = rng.random()
    for index, value in enumerate(cumulative):
        if value / last > draw:
            return index
    return len(weights) - 1  # not reached: the last share is 1 and the draw is below 1


class PlainRouletteWheel(RouletteWheel):
    """``alns.select.RouletteWheel`` (same parameters, same weight update) that draws the operators
    with :func:`spin` instead of ``rng.choice``: the same choices from the same random numbers,
    without NumPy's overhead on two to four weights.

    Weights that NumPy refuses (all zero, say, with ``decay = 0`` and a zero score) are left to
    the package's own draw, which raises its error.
    """

    def __init__(self, scores, decay, num_destroy, num_repair, op_coupling=None):
        super().__init__(scores, decay, num_destroy, num_repair, op_coupling)
        self._coupled = [np.flatnonzero(row).tolist() for row in self.op_coupling]

    def __call__(self, rng: np.random.Generator, best, curr) -> tuple[int, int]:
        destroy = self._d_weights.tolist()
        if not _drawable(destroy):
            return super().__call__(rng, best, curr)
        d_idx = spin(destroy, rng)
        coupled = self._coupled[d_idx]
        repair = [self._r_weights[index] for index in coupled]
        if not _drawable(repair):  # the package would have drawn the destroy operator the same way, then raised
            raise ValueError(f"repair operator weights {repair} cannot be drawn from (not finite, or summing to 0)")
        return d_idx, coupled[spin([float(weight) for weight in repair], rng)]


def _drawable(weights: list[float]) -> bool:
    """Weights with a positive, finite sum: the ones ``rng.choice`` accepts here (the package's
    weights are never negative: its scores are not, and each update mixes a weight with a score)."""
    return 0 < sum(weights) < math.inf
