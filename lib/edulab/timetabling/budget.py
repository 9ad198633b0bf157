"""How long a search may run: seconds of wall time, iterations of its loop, or both.

A :class:`Budget` is the one stop rule of every timetabling algorithm. The search ends at
whichever limit it reaches first; a limit left at None does not apply, and at least one must
be given. An *iteration* is one turn of the algorithm's own loop: a placement for the greedy
construction, a generation for the genetic algorithm, an attempted move for the annealing.
The budget is never changed behind the caller's back: a solver that runs several phases hands
each phase what is left of the budget (:meth:`Budget.after`) and nothing more.

Like the ``alns`` package's stop criteria (``MaxRuntime``, ``MaxIterations``), a budget checks
its arguments when it is made and names the bad value.

>>> Budget(seconds=60).stop(iterations=10, seconds=61.0)
'time limit'
>>> Budget(iterations=100, seconds=5).stop(iterations=100, seconds=1.0)
'iteration limit'
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass


def check_count(owner: str, name: str, value, minimum: int = 0) -> None:
    """Raise a ValueError naming ``owner.name`` unless ``value`` is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{owner}.{name} must be an integer >= {minimum}, got {value!r}")


def check_number(owner: str, name: str, value, low: float, high: float, *, open_low: bool = False) -> None:
    """Raise a ValueError naming ``owner.name`` unless ``value`` is a finite real number in the
    range ``[low, high]`` (``(low, high]`` with ``open_low``); NaN and infinities are never in
    range, even when ``high`` is ``inf`` (no upper bound)."""
    ok = (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (low < value if open_low else low <= value)
        and value <= high
    )
    if not ok:
        bracket = "(" if open_low else "["
        close = "]" if math.isfinite(high) else ")"
        raise ValueError(f"{owner}.{name} must be a number in {bracket}{low}, {high}{close} (finite), got {value!r}")


@dataclass(frozen=True)
class Budget:
    """The limits of one search; it stops at the first one reached.

    Parameters
    ----------
    seconds
        Wall time in seconds: a positive, finite number, or None for no time limit.
    iterations
        Turns of the algorithm's loop (placements, generations or attempted moves): a positive
        integer, or None for no iteration limit.

    Raises
    ------
    ValueError
        When a limit is zero, negative, NaN, infinite or of the wrong type, or when both are
        None (the search would never end).

    Notes
    -----
    A run bounded by iterations alone gives the same result for the same ``random_state`` on
    every machine; a time limit makes the result depend on the machine's speed.
    """

    seconds: float | None = None
    iterations: int | None = None

    def __post_init__(self) -> None:
        if self.seconds is not None:
            seconds = self.seconds
            if (
                isinstance(seconds, bool)
                or not isinstance(seconds, numbers.Real)
                or not (math.isfinite(seconds) and seconds > 0)
            ):
                raise ValueError(f"Budget.seconds must be a positive finite number of seconds or None, got {seconds!r}")
        if self.iterations is not None:
            check_count("Budget", "iterations", self.iterations, minimum=1)
        if self.seconds is None and self.iterations is None:
            raise ValueError("Budget needs seconds or iterations (or both), got neither: the search would never end")

    def stop(self, iterations: int, seconds: float, unit: str = "iteration") -> str | None:
        """Why a search that has done ``iterations`` in ``seconds`` must stop, or None to go on.

        The reason is ``"time limit"`` or ``"<unit> limit"`` (``unit`` names the algorithm's
        iterations in the reason, as ``"generation limit"``).
        """
        if self.iterations is not None and iterations >= self.iterations:
            return f"{unit} limit"
        if self.seconds is not None and seconds >= self.seconds:
            return "time limit"
        return None

    def iterations_left(self, iterations: int) -> int | None:
        """Iterations still allowed after ``iterations`` (None without an iteration limit)."""
        return None if self.iterations is None else max(self.iterations - iterations, 0)

    def after(self, seconds: float) -> Budget | None:
        """What is left for a next phase once ``seconds`` have gone: the same iterations, the
        remaining time; None when the time is up."""
        if self.seconds is None:
            return self
        left = self.seconds - seconds
        return Budget(left, self.iterations) if left > 0 else None
