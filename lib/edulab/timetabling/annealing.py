"""Simulated annealing over hard-feasible timetables, with reheating and three stop criteria.

Each attempt draws a random lecture and a random target slot (period, room): an empty slot makes
a *move*, an occupied one a *swap* with its lecture; with probability ``kempe_rate`` the attempt
is a *Kempe chain* exchange between the lecture's period and another instead. Attempts that would
break a hard constraint are rejected at once (cheap look-ups), so the search stays feasible; the
others are evaluated incrementally and accepted with the Metropolis rule

    P(accept) = 1 if delta <= 0, else exp(-delta / T).

The temperature ``T`` starts at ``t0`` (by default the starting timetable's soft cost per
lecture, clipped to [2, 8]: instances whose lectures cost more need more heat) and is
multiplied by the cooling factor after every ``moves_per_temperature`` attempts (one *level*).
When ``cooling`` is None the factor is planned so that ``T`` reaches ``t_min`` exactly when the
budget (iterations, or time at the observed speed) runs out. When the best cost has not
improved for ``reheat_after`` levels, ``T`` jumps back to ``reheat_ratio * t0`` (and the plan is
redone for the remaining budget). The search stops at the first of: ``T < t_min``, the
budget's iterations (attempts), the budget's seconds.

Two kernels run the attempts, with identical results: :func:`_anneal_level` below is the readable
Python loop, and :mod:`edulab.timetabling.kernel` runs the same loop compiled with numba, several
times faster (``SAConfig(kernel="compiled")``, the default; ``kernel="python"`` selects the
readable one). A run bounded by iterations gives the same timetable either way; a run bounded by
seconds makes more attempts, and so cools more slowly, with the compiled kernel.

References
----------
Kirkpatrick, Gelatt, Vecchi (1983). Optimization by simulated annealing. Science 220, 671-680.
Abramson, Krishnamoorthy, Dang (1999). Simulated annealing cooling schedules for the school
timetabling problem. Asia-Pacific Journal of Operational Research 16, 1-22 (reheating).
Gonçalves (2015), the seed, section 1.4 "Second phase - simulated annealing".
"""

from __future__ import annotations

import contextlib
import math
import numbers
import signal
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from edulab.timetabling.budget import Budget, check_count, check_number
from edulab.timetabling.kempe import delta_compound, kempe_chain
from edulab.timetabling.progress import BudgetBar
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import HARD_WEIGHT

#: The kernels that run the attempts: compiled with numba (:mod:`edulab.timetabling.kernel`), or
#: the readable Python loop :func:`_anneal_level`; both give the same results.
KERNELS = ("compiled", "python")

#: Bounds of the automatic start temperature (the start's soft cost per lecture). Calibrated on
#: comp01, comp04, comp05, comp07, comp12 and comp18 at 20-30 million attempts: the instances of
#: 6 x 6 periods with many curricula (comp05, comp12: about 6 per lecture after the greedy) did
#: 20-40 % better starting at 5-10 than at 2, the others as well or better at 2-3.
AUTO_T0_RANGE = (2.0, 8.0)


def automatic_t0(soft: float, n_lectures: int) -> float:
    """The automatic start temperature: soft cost per lecture, clipped to :data:`AUTO_T0_RANGE`."""
    low, high = AUTO_T0_RANGE
    return float(min(max(soft / max(n_lectures, 1), low), high))


def start_temperature(table: Timetable, config: SAConfig) -> float:
    """``config.t0``, or the automatic start temperature of ``table``."""
    if config.t0 is not None:
        return config.t0
    return automatic_t0(table.soft, table.n_lectures)


@dataclass(frozen=True)
class SAConfig:
    """Settings of the simulated annealing.

    How long it runs is not a setting: :func:`simulated_annealing` takes a
    :class:`~edulab.timetabling.budget.Budget` whose iterations are attempted moves.

    Attributes
    ----------
    t0, t_min
        Start temperature and the minimum temperature (a stop criterion). ``t0=None`` takes
        the starting timetable's soft cost per lecture, clipped to ``AUTO_T0_RANGE``.
    cooling
        Geometric cooling factor per level in (0, 1); None plans it from the budget.
    moves_per_temperature
        Attempts per temperature level.
    reheat_after, reheat_ratio
        Reheat to ``reheat_ratio * t0`` after this many levels without a new best (0 = never).
    keep_room
        Probability that a move keeps the lecture's room (only its period changes).
    kempe_rate
        Share of attempts that are Kempe chain exchanges.
    kernel
        Which code runs the attempts, one of :data:`KERNELS`: ``"compiled"`` (with numba, about
        eight times faster; compiled at the first run in a Python process, which takes a few
        seconds before the clock starts) or ``"python"`` (the readable loop
        :func:`_anneal_level`). Both accept the same moves for the same random draws.
    """

    t0: float | None = None
    t_min: float = 0.05
    cooling: float | None = None
    moves_per_temperature: int = 10_000
    reheat_after: int = 0
    reheat_ratio: float = 0.3
    keep_room: float = 0.5
    kempe_rate: float = 0.0
    kernel: str = "compiled"

    def __post_init__(self) -> None:
        check_number("SAConfig", "t_min", self.t_min, 0, math.inf, open_low=True)
        t0_is_number = isinstance(self.t0, numbers.Real) and not isinstance(self.t0, bool)
        if t0_is_number and not self.t_min < self.t0 < math.inf:  # also NaN and infinity
            raise ValueError(f"need 0 < t_min < t0 < inf, got t0={self.t0!r}, t_min={self.t_min!r}")
        if self.t0 is not None:
            check_number("SAConfig", "t0", self.t0, 0, math.inf, open_low=True)
        if self.t0 is None and self.t_min >= AUTO_T0_RANGE[0]:
            raise ValueError(f"t_min must be below {AUTO_T0_RANGE[0]} when t0 is automatic, got {self.t_min!r}")
        if self.cooling is not None and not (isinstance(self.cooling, (int, float)) and 0 < self.cooling < 1):
            raise ValueError(f"cooling must be in (0, 1) or None, got {self.cooling!r}")
        check_count("SAConfig", "moves_per_temperature", self.moves_per_temperature, minimum=1)
        check_count("SAConfig", "reheat_after", self.reheat_after)
        check_number("SAConfig", "reheat_ratio", self.reheat_ratio, 0, 1, open_low=True)
        for name in ("keep_room", "kempe_rate"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0 <= value <= 1):
                raise ValueError(f"{name} must be a probability, got {value!r}")
        if self.kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {KERNELS}, got {self.kernel!r}")


def acceptance_probability(delta: float, temperature: float) -> float:
    """Metropolis rule: 1 for an improvement or a tie, ``exp(-delta / T)`` for a worsening."""
    if delta <= 0:
        return 1.0
    return math.exp(-delta / temperature)


@dataclass
class AnnealingResult:
    """Outcome of one annealing run.

    Attributes
    ----------
    timetable
        The best timetable found (a new object; the input is left at the final state).
    cost, initial_cost
        Best and starting objective (soft cost + HARD_WEIGHT * unassigned lectures).
    n_iterations, n_evaluated, n_accepted
        Attempts, attempts that passed the hard checks and were evaluated, accepted moves.
    n_reheats, seconds, stop
        Number of reheats, wall time and the criterion that ended the run.
    trace
        One row per level: iteration, seconds, temperature, current and best cost.
    """

    timetable: Timetable
    cost: int
    initial_cost: int
    n_iterations: int
    n_evaluated: int
    n_accepted: int
    n_reheats: int
    seconds: float
    stop: str
    trace: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        keys = ("cost", "initial_cost", "n_iterations", "n_evaluated", "n_accepted", "n_reheats", "seconds", "stop")
        return {**{key: getattr(self, key) for key in keys}, "t0": self.trace[0]["temperature"] if self.trace else None}


def simulated_annealing(
    timetable: Timetable,
    config: SAConfig | None = None,
    *,
    budget: Budget,
    random_state: np.random.Generator | int | None = None,
    progress: bool = True,
) -> AnnealingResult:
    """Improve ``timetable`` (changed in place) by simulated annealing; return the best found.

    Parameters
    ----------
    timetable
        The start; it is changed in place and left at the search's last state (the best
        timetable found is returned as a copy).
    config
        Temperatures, cooling and moves; :class:`SAConfig` defaults when None.
    budget
        When to stop: seconds and/or attempted moves, whichever comes first (the minimum
        temperature may end the run sooner). The same ``random_state`` reproduces a run
        bounded by iterations alone (with seconds, the schedule depends on the machine's speed).
    random_state
        A seed or a NumPy Generator.
    progress
        Show a progress bar.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C (or a Jupyter kernel interrupt), at the end of the level of attempts under way
        (milliseconds later), with ``timetable`` consistent at the search's last state: no move is
        cut in the middle.
    """
    config = config or SAConfig()
    prepare_kernel(config.kernel)  # before the clock starts (and before Ctrl-C is held)
    annealer = _Annealer(timetable, config, budget, np.random.default_rng(random_state), progress)
    with _interrupts_held() as interrupted:
        return annealer.run(interrupted)


class _Annealer:
    def __init__(self, table: Timetable, config: SAConfig, budget: Budget, rng: np.random.Generator, progress: bool):
        self.table, self.config, self.budget, self.rng, self.progress = table, config, budget, rng, progress

    def planned_cooling(self, temperature: float, done: int, elapsed: float) -> float:
        """The factor that brings ``temperature`` to ``t_min`` when the budget runs out."""
        config, budget = self.config, self.budget
        if config.cooling is not None:
            return config.cooling
        left = math.inf
        if budget.iterations is not None:
            left = budget.iterations - done
        if budget.seconds is not None and done > 0 and elapsed > 0:
            left = min(left, (budget.seconds - elapsed) * done / elapsed)
        if not math.isfinite(left):  # first level of a time-limited run: guess, then re-plan
            left = 1_000 * config.moves_per_temperature
        levels = max(left / config.moves_per_temperature, 1.0)
        return (config.t_min / temperature) ** (1.0 / levels) if temperature > config.t_min else 0.5

    def run(self, interrupted) -> AnnealingResult:
        """The search; ``interrupted()`` tells whether Ctrl-C came (checked after each level)."""
        table, config, budget, rng = self.table, self.config, self.budget, self.rng
        anneal_level = _anneal_level
        if config.kernel == "compiled":
            from edulab.timetabling.kernel import LevelKernel

            anneal_level = LevelKernel(table)
        start = time.perf_counter()
        cost = initial = table.objective()
        best, best_slots = cost, (table.period[:], table.room[:])
        temperature = t0 = start_temperature(table, config)
        iterations = evaluated = accepted = reheats = stale = 0
        trace, stop = [], None
        bar = BudgetBar("annealing", budget, "it", self.progress)
        while stop is None:
            cooling = self.planned_cooling(temperature, iterations, time.perf_counter() - start)
            moves = config.moves_per_temperature
            if budget.iterations is not None:
                moves = min(moves, budget.iterations_left(iterations))
            draws = draw_level(rng, moves, table, temperature, config.keep_room, config.kempe_rate)
            cost, level_best, level_slots, level_evaluated, level_accepted = anneal_level(table, draws, cost, best)
            iterations += moves
            evaluated += level_evaluated
            accepted += level_accepted
            if level_best < best:
                best, best_slots, stale = level_best, level_slots, 0
            else:
                stale += 1
            elapsed = time.perf_counter() - start
            trace.append(
                {"iteration": iterations, "seconds": elapsed, "temperature": temperature, "cost": cost, "best": best}
            )
            bar.update(iterations, elapsed, best=best, T=f"{temperature:.3f}")
            if config.reheat_after and stale >= config.reheat_after:
                temperature, stale, reheats = config.reheat_ratio * t0, 0, reheats + 1
            else:
                temperature *= cooling
            stop = budget.stop(iterations, elapsed)
            if stop is None and temperature < config.t_min * (1 - 1e-9):
                stop = "minimum temperature"
            elif stop is None and best == 0:
                stop = "optimal (cost 0)"
            if interrupted():
                stop = "interrupted"
        bar.close()
        if config.kernel == "compiled":
            anneal_level.sync(table, cost)  # the arrays hold the last state: back into the lists
        if stop == "interrupted":
            raise KeyboardInterrupt("simulated annealing interrupted: the timetable is at the search's last state")
        result_table = table.copy()
        _restore(result_table, *best_slots)
        return AnnealingResult(
            result_table,
            best,
            initial,
            iterations,
            evaluated,
            accepted,
            reheats,
            time.perf_counter() - start,
            stop,
            trace,
        )


def prepare_kernel(kernel: str) -> float:
    """Make ``kernel`` (one of :data:`KERNELS`) ready to run: for ``"compiled"``, import numba
    and compile the loop if this process has not yet. Return the seconds it took.

    :func:`simulated_annealing` calls it before its clock starts; a caller timing a larger run
    (:func:`~edulab.timetabling.solver.solve`) calls it before its own clock starts.
    """
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
    if kernel == "python":
        return 0.0
    start = time.perf_counter()
    try:
        from edulab.timetabling.kernel import compile_loop  # imports numba: only when it is used
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            f"SAConfig(kernel='compiled') needs numba ({error}): pip install numba, "
            "or choose the readable Python loop with SAConfig(kernel='python')"
        ) from error
    compile_loop()
    return time.perf_counter() - start


@contextlib.contextmanager
def _interrupts_held():
    """Within the block, Ctrl-C (SIGINT) is noted instead of raised, so that no move is cut in the
    middle; yields a function that tells whether one came. Nothing changes off the main thread
    (where Python handles no signal), where SIGINT is ignored, or under a handler not set from
    Python."""
    handled = signal.getsignal(signal.SIGINT) not in (None, signal.SIG_IGN)
    if not handled or threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield lambda: bool(received)
    finally:
        signal.signal(signal.SIGINT, previous)


def _restore(table: Timetable, periods: list[int], rooms: list[int]) -> None:
    """Put ``table`` in the state given by per-lecture periods and rooms."""
    for lecture in range(table.n_lectures):
        table.unassign(lecture)
    for lecture, (p, r) in enumerate(zip(periods, rooms)):
        if p >= 0:
            table.move(lecture, p, r)


def draw_level(
    rng: np.random.Generator, moves: int, table: Timetable, temperature: float, keep_room: float, kempe_rate: float
):
    """Random numbers for one level, drawn in bulk: lectures, periods, room codes, thresholds.

    A room code ``r >= 0`` is the target room; ``r - n_rooms`` (negative) means "keep the
    lecture's room" (``r`` is used if the lecture is unassigned); ``KEMPE`` marks a Kempe chain
    attempt. The threshold ``-T ln u`` with ``u`` uniform in (0, 1] turns the Metropolis test
    ``u < exp(-delta / T)`` into the comparison ``delta <= threshold``. The four are NumPy
    arrays (integers, and floats for the thresholds).
    """
    R = table.n_rooms
    lectures = rng.integers(0, table.n_lectures, moves)
    periods = rng.integers(0, table.n_periods, moves)
    rooms = rng.integers(0, R, moves)
    rooms -= R * (rng.random(moves) < keep_room)  # arithmetic: boolean indexing costs 60 ns a draw
    if kempe_rate:
        rooms = np.where(rng.random(moves) < kempe_rate, KEMPE, rooms)
    thresholds = -temperature * np.log1p(-rng.random(moves))
    return lectures, periods, rooms, thresholds


#: Room code of a Kempe chain attempt in :func:`draw_level`.
KEMPE = -(1 << 30)


def _anneal_level(table: Timetable, draws, cost: int, best: int):
    """Run one level of attempts; return the cost, the level's best (with its slots) and counts.

    The hot loop of the kit: everything it reads is bound to a local name, the hard checks come
    first and cost a few list look-ups, and only feasible candidates are evaluated. The readable
    reference of :mod:`edulab.timetabling.kernel`, which runs the same attempts compiled.
    """
    P, R, C = table.n_periods, table.n_rooms, table.n_courses
    period, room, slot, busy = table.period, table.room, table.slot, table.busy
    blocked, linked, lecture_course = table.blocked, table.linked, table.lecture_course
    delta_move, delta_swap, move, swap = table.delta_move, table.delta_swap, table.move, table.swap
    best_slots = None
    level_best = best
    evaluated = accepted = 0
    for lecture, p1, r1, threshold in zip(*(column.tolist() for column in draws)):
        p0 = period[lecture]
        if r1 == KEMPE or p0 < 0:  # the rare, compound attempts
            if r1 == KEMPE:
                delta = _kempe_attempt(table, lecture, p1, threshold)
            else:  # an unassigned lecture (r1 % R undoes the keep-room code)
                delta = _placement_attempt(table, lecture, p1, r1 % R, threshold)
            if delta is None:
                continue
            evaluated += 1
            if delta is False:
                continue
        else:
            if r1 < 0:
                r1 = room[lecture]
            other = slot[p1 * R + r1]
            c = lecture_course[lecture]
            if other < 0:
                if p1 != p0:
                    index = c * P + p1
                    if blocked[index] or busy[index]:
                        continue
                delta = delta_move(lecture, p1, r1)
                evaluated += 1
                if delta > threshold:
                    continue
                move(lecture, p1, r1, delta)
            else:
                c2 = lecture_course[other]
                if c2 == c:
                    continue
                if p1 != p0:
                    shared = linked[c * C + c2]
                    i1, i2 = c * P + p1, c2 * P + p0
                    if blocked[i1] or blocked[i2] or busy[i1] != shared or busy[i2] != shared:
                        continue
                delta = delta_swap(lecture, other)
                evaluated += 1
                if delta > threshold:
                    continue
                swap(lecture, other, delta)
        accepted += 1
        cost += delta
        if cost < level_best:
            level_best, best_slots = cost, (period[:], room[:])
    return cost, level_best, best_slots, evaluated, accepted


def _placement_attempt(table: Timetable, lecture: int, period: int, room: int, threshold: float):
    """Insert an unassigned lecture at (period, room), taking out one blocking lecture if needed.

    An exchange (one lecture in, one out) leaves the hard violations unchanged and is judged on
    its soft cost, so the search can walk across partial timetables until a lecture fits.
    Returns None if not possible (course unavailable, several blockers), False if rejected,
    else the applied change of the objective.
    """
    if table.can_move(lecture, period, room):
        soft = table.delta_move(lecture, period, room)
        table.move(lecture, period, room, soft)
        return soft - HARD_WEIGHT
    blockers = table.blockers(lecture, period, room)
    if blockers is None or len(blockers) != 1:
        return None
    (blocker,) = blockers
    saved = (blocker, table.period[blocker], table.room[blocker])
    before = table.soft
    table.unassign(blocker)
    soft = table.delta_move(lecture, period, room)
    delta = table.soft - before + soft
    if delta <= threshold:
        table.move(lecture, period, room, soft)
        return delta
    table.move(*saved)
    return False


def _kempe_attempt(table: Timetable, lecture: int, target: int, threshold: float):
    """Try a Kempe chain exchange; None if infeasible, False if rejected, else the applied delta."""
    chain = kempe_chain(table, lecture, target)
    if chain is None:
        return None
    delta = delta_compound(table, chain)
    if delta <= threshold:
        table.apply_compound(chain, delta)
        return delta
    return False
