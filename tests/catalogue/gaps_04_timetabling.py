"""Wrong answers and a correct alternative for every autograded gap of lecture 04 (timetabling).

Each entry of ``GAPS`` is keyed by the answer cell's grade_id. An answer is either a whole cell
source or a list of ``(old, new)`` replacements applied to the reference answer in solutions/.
See ``runner.py`` for how they are run.
"""

COMPACTNESS_LOOPS = """\
def compactness_cost(instance, occupied):
    counts = instance.membership.astype(int) @ occupied.astype(int)
    per_day = instance.periods_per_day
    total = 0
    for q in range(instance.n_curricula):
        for p in range(instance.n_periods):
            if counts[q, p] == 0:
                continue
            timeslot = p % per_day
            left = timeslot > 0 and counts[q, p - 1] > 0
            right = timeslot < per_day - 1 and counts[q, p + 1] > 0
            if not (left or right):
                total += counts[q, p]
    return 2 * int(total)
"""

SWAP_IN_PLACE = """\
def swap_delta(instance, solution, a, b):
    before = evaluate(instance, solution).total
    solution.room[[a, b]] = solution.room[[b, a]]
    solution.period[[a, b]] = solution.period[[b, a]]
    return evaluate(instance, solution).total - before
"""

SWAP_BY_ORDER = """\
def swap_delta(instance, solution, a, b):
    order = np.arange(len(solution.course))
    order[[a, b]] = [b, a]
    swapped = Solution(solution.course, solution.room[order], solution.period[order])
    before, after = evaluate(instance, solution), evaluate(instance, swapped)
    return after.total - before.total
"""

CROSSOVER_LIBRARY_REPAIR = """\
from edulab.timetabling.genetic import CROSSOVER_OPERATORS, repair


def repaired_crossover(a, b, rng, *, instance, **kwargs):
    take_a = (rng.random(instance.n_courses) < 0.5)[instance.lecture_course]
    return repair(instance, np.where(take_a, a, b), rng).slots()


CROSSOVER_OPERATORS["repaired"] = repaired_crossover
"""

CROSSOVER_UNIFORM = """\
from edulab.timetabling.construction import complete
from edulab.timetabling.genetic import CROSSOVER_OPERATORS


def repaired_crossover(a, b, rng, *, instance, **kwargs):
    child = np.where(rng.random(a.size) < 0.5, a, b)
    table = Timetable(instance)
    for lecture in rng.permutation(a.size).tolist():
        slot = int(child[lecture])
        period, room = divmod(slot, instance.n_rooms)
        if slot >= 0 and table.can_move(lecture, period, room):
            table.move(lecture, period, room)
    return complete(table, random_state=rng).slots()


CROSSOVER_OPERATORS["repaired"] = repaired_crossover
"""

ANNEAL_ONE_LOOP = """\
import time

from edulab.timetabling.annealing import AnnealingResult
from edulab.timetabling.neighbourhood import random_move


def anneal(table, config, *, budget, patience=None, random_state=None):
    rng = np.random.default_rng(random_state)
    clock = time.perf_counter()
    state = table.copy()
    start_cost = now = state.objective()
    best_slots, best_cost, level_start_best = state.slots(), now, now
    T = config.t0
    n = n_eval = n_acc = n_reheat = no_best = no_best_or_reheat = 0
    trace, reason = [], None
    while reason is None:
        n += 1
        move = random_move(state, rng, config.keep_room)
        if move is not None:
            n_eval += 1
            if move.delta <= 0 or rng.random() < math.exp(-move.delta / T):
                move.apply(state)
                now += move.delta
                n_acc += 1
                if now < best_cost:
                    best_cost, best_slots = now, state.slots()
        reason = budget.stop(n, time.perf_counter() - clock)
        if n % config.moves_per_temperature == 0 or reason:
            trace.append(dict(iteration=n, seconds=time.perf_counter() - clock, temperature=T, cost=now, best=best_cost))
            if best_cost < level_start_best:
                no_best = no_best_or_reheat = 0
            else:
                no_best, no_best_or_reheat = no_best + 1, no_best_or_reheat + 1
            level_start_best = best_cost
            if config.reheat_after and no_best_or_reheat >= config.reheat_after:
                T, no_best_or_reheat, n_reheat = config.reheat_ratio * config.t0, 0, n_reheat + 1
            else:
                T *= config.cooling
            if reason is None and patience is not None and no_best >= patience:
                reason = "stagnation"
            if reason is None and T < config.t_min:
                reason = "minimum temperature"
    best = Timetable.from_slots(table.instance, best_slots)
    return AnnealingResult(best, best_cost, start_cost, n, n_eval, n_acc, n_reheat, time.perf_counter() - clock, reason, trace)
"""

GAPS = {
    "compactness-answer": {
        "wrong": {
            "day boundaries ignored (the week as one long day)": [
                (
                    "counts.reshape(instance.n_curricula, instance.n_days, instance.periods_per_day)",
                    "counts.reshape(instance.n_curricula, 1, instance.n_periods)",
                ),
            ],
            "neighbours wrap around the day (np.roll)": [
                (
                    "    before = np.zeros_like(busy)\n    before[:, :, 1:] = busy[:, :, :-1]\n    after = np.zeros_like(busy)\n    after[:, :, :-1] = busy[:, :, 1:]\n",
                    "    before = np.roll(busy, 1, axis=2)\n    after = np.roll(busy, -1, axis=2)\n",
                ),
            ],
            "isolated cells counted instead of lectures": [
                ("return 2 * int(days[isolated].sum())", "return 2 * int(isolated.sum())")
            ],
            "weight 2 forgotten": [("return 2 * int(days[isolated].sum())", "return int(days[isolated].sum())")],
        },
        "alternative": COMPACTNESS_LOOPS,
    },
    "swap-answer": {
        "wrong": {
            "rooms not exchanged": [("    room[[a, b]] = room[[b, a]]\n", "")],
            "sign reversed": [
                (
                    "return evaluate(instance, swapped).total - evaluate(instance, solution).total",
                    "return evaluate(instance, solution).total - evaluate(instance, swapped).total",
                )
            ],
            "absolute value": [
                (
                    "return evaluate(instance, swapped).total - evaluate(instance, solution).total",
                    "return abs(evaluate(instance, swapped).total - evaluate(instance, solution).total)",
                )
            ],
            "the input solution mutated": SWAP_IN_PLACE,
        },
        "alternative": SWAP_BY_ORDER,
    },
    "acceptance-answer": {
        "wrong": {
            "sign forgotten": [("return math.exp(-delta / temperature)", "return math.exp(delta / temperature)")],
            "temperature multiplied": [
                ("return math.exp(-delta / temperature)", "return math.exp(-delta * temperature)")
            ],
            "improvements not capped at 1": [("    if delta <= 0:\n        return 1.0\n", "")],
            "probability of rejection": [
                ("return math.exp(-delta / temperature)", "return 1 - math.exp(-delta / temperature)")
            ],
        },
        "alternative": "def acceptance(delta, temperature):\n    return math.exp(-max(delta, 0) / temperature)\n",
    },
    "crossover-answer": {
        "wrong": {
            "no repair (clashes left in the child)": [
                ("    table = Timetable(instance)\n", "    return genes\n    table = Timetable(instance)\n")
            ],
            "lectures that do not fit dropped, not re-inserted": [("    complete(table, random_state=rng)\n", "")],
            "the child starts from parent a only": [("    genes = np.where(take_a, a, b)\n", "    genes = a\n")],
            "parent a mutated": [
                ("    genes = np.where(take_a, a, b)\n", "    genes = a\n    genes[~take_a] = b[~take_a]\n")
            ],
            "global randomness instead of rng": [
                ("(rng.random(instance.n_courses) < 0.5)", "(np.random.random(instance.n_courses) < 0.5)")
            ],
            "the library's repair called (off limits)": CROSSOVER_LIBRARY_REPAIR,
        },
        "alternative": CROSSOVER_UNIFORM,
    },
    "anneal-answer": {
        "wrong": {
            "sign forgotten in the acceptance": [
                ("acceptance(move.delta, temperature)", "acceptance(-move.delta, temperature)")
            ],
            "every worse move accepted": [("if rng.random() < acceptance(move.delta, temperature):", "if True:")],
            "worse moves never accepted (descent)": [
                ("if rng.random() < acceptance(move.delta, temperature):", "if move.delta <= 0:")
            ],
            "cooling never applied": [("            temperature *= config.cooling\n", "            pass\n")],
            "reheating never fires (attempts counted as levels)": [
                (
                    "since_reheat >= config.reheat_after:",
                    "since_reheat >= config.reheat_after * config.moves_per_temperature:",
                ),
            ],
            "reheats to t0 instead of reheat_ratio * t0": [
                (
                    "temperature, since_reheat, reheats = config.reheat_ratio * config.t0,",
                    "temperature, since_reheat, reheats = config.t0,",
                )
            ],
            "budget checked once a level only": [
                (
                    "            stop = budget.stop(iterations, time.perf_counter() - start)\n            if stop:\n                break\n",
                    "",
                ),
                (
                    "        trace.append(",
                    "        stop = budget.stop(iterations, time.perf_counter() - start)\n        trace.append(",
                ),
            ],
            "minimum temperature ignored": [
                (
                    '        elif stop is None and temperature < config.t_min:\n            stop = "minimum temperature"\n',
                    "",
                )
            ],
            "stagnation ignored": [
                (
                    '        if stop is None and patience and stale >= patience:\n            stop = "stagnation"\n        elif',
                    "        if",
                )
            ],
            "the current timetable returned instead of the best": [
                ("return AnnealingResult(best, best_cost,", "return AnnealingResult(current, cost,")
            ],
            "the best kept as a reference, not a copy": [
                (
                    "best, best_cost, improved = current.copy(), cost, True",
                    "best, best_cost, improved = current, cost, True",
                )
            ],
            "the input timetable mutated": [("    current = table.copy()\n", "    current = table\n")],
            "the seed ignored": [("rng = np.random.default_rng(random_state)", "rng = np.random.default_rng()")],
        },
        "alternative": ANNEAL_ONE_LOOP,
    },
}
