"""Wrong answers and a correct alternative for every autograded gap of lecture 05 (ALNS).

Each entry of ``GAPS`` is keyed by the answer cell's grade_id. An answer is either a whole cell
source or a list of ``(old, new)`` replacements applied to the reference answer in solutions/.
See ``runner.py`` for how they are run.
"""

SIZE_CONSTRAINTS_PER_MODULE = """\
import pulp


def add_size_constraints(problem, model, instance):
    for m in range(instance.n_modules + 1):
        takers = [var for (l, k), var in model.y.items() if k == m]
        pairs = [(c, var) for (k, c, t), var in model.x.items() if k == m]
        seats = pulp.lpSum(int(instance.activity_capacity(c, m)) * var for c, var in pairs)
        problem += seats - pulp.lpSum(takers) >= 0
        problem += pulp.lpSum(takers) - pulp.lpSum(instance.min_batch * var for _, var in pairs) >= 0
"""

REGRETS_FROM_VALUES = '''\
def learner_regrets(state):
    """Regret of every learner: its largest demand minus the demand its current module satisfies."""
    return state.instance.best_value - state.learner_values()
'''

REGRETS_VISIBLE_ONLY = """\
def learner_regrets(state):
    instance = state.instance
    return (1 - instance.penalty) * instance.demand[:, : instance.self_study].max(axis=1)
"""

REGRETS_LIBRARY = """\
def learner_regrets(state):
    return regrets(state)
"""

REMOVABLE_BY_DICT = """\
def removable_learners(state, learners):
    taken = {}
    out = []
    for learner in map(int, learners):
        room = int(state.room_of[learner])
        if state.size[room] - taken.get(room, 0) > state.instance.min_batch:
            taken[room] = taken.get(room, 0) + 1
            out.append(learner)
    return out
"""

REMOVABLE_LIBRARY = """\
def removable_learners(state, learners):
    return removable(state, learners).tolist()
"""

TEMPERATURE_MATH = """\
import math


def start_temperature(initial_value, worse=0.05, probability=0.5):
    return worse * math.fabs(initial_value) / math.log(1 / probability)
"""

TEMPERATURE_LIBRARY = """\
from edulab.planning.heuristic import start_temperature
"""

ROULETTE_COMPREHENSION = """\
SCORES = (21.8, 13.6, 3.8, 0.0)
DECAY = 0.8


def roulette_update(weights, chosen, outcome, scores=SCORES, decay=DECAY):
    target = scores[outcome]
    return np.array([decay * w + (1 - decay) * target if i == chosen else float(w) for i, w in enumerate(weights)])
"""

OPERATORS_ALTERNATIVE = """\
from edulab.planning.placement import choose_members, free_room, free_teacher, place_in_self_study, self_study_fits, self_study_learners


def activity_removal(state, rng, *, degree=0.15, **kwargs):
    destroyed = state.copy()
    need = max(1, round(degree * state.instance.n_learners))
    rooms = list(destroyed.used_rooms())
    rng.shuffle(rooms)
    out = 0
    while out < need and rooms:
        out += len(destroyed.close(rooms.pop()))
    return destroyed


def open_activities(state, rng, *, noise=0.5, **kwargs):
    instance = state.instance
    D = instance.demand[:, :-1]
    alone = instance.self_study_value
    opened = True
    while opened and len(state.unassigned()):
        opened = False
        waiting = state.unassigned()
        prefer = D[waiting] * (D[waiting] > alone[waiting, None])
        score = prefer.sum(axis=0) * rng.uniform(1 - noise, 1 + noise, size=D.shape[1])
        count = np.count_nonzero(D[waiting] > 0, axis=0)
        for m in np.argsort(-score):
            if score[m] <= 0:
                break
            if count[m] < instance.min_batch:
                continue
            pool = waiting[D[waiting, m] > 0]
            room = free_room(state, int(m), len(pool))
            teacher = free_teacher(state, int(m))
            if room is None or teacher is None:
                continue
            picked = choose_members(D[pool, m] - alone[pool], int(instance.activity_capacity(room, m)), instance.min_batch)
            members = pool[picked]
            n_left = len(waiting) - len(members) + len(self_study_learners(state))
            if len(members) == 0 or not self_study_fits(state, n_left, room, teacher):
                continue
            state.open(room, int(m), teacher)
            state.assign(members, room)
            opened = True
            break
    place_in_self_study(state, state.unassigned())
    return state


DESTROY_OPERATORS["activity_removal"] = activity_removal
REPAIR_OPERATORS["open_activities"] = open_activities
"""

GAPS = {
    "ilp-answer": {
        "wrong": {
            "minimum size forgotten": [('        problem += learners >= smallest, f"min_size_{m}"\n', "")],
            "minimum size with <= instead of >=": [
                ("problem += learners >= smallest", "problem += learners <= smallest")
            ],
            "N_c for instruction too (delta+ ignored)": [
                ("float(instance.activity_capacity(c, m))", "float(instance.capacity[c])")
            ],
            "self-study capped at delta+ too": [
                ("float(instance.activity_capacity(c, m))", "float(min(instance.capacity[c], instance.max_batch))")
            ],
            "seats summed over every module's activities (wrong index)": [
                (
                    "seats = pulp.lpSum(float(instance.activity_capacity(c, m)) * var for c, var in rooms[m])",
                    "seats = pulp.lpSum(float(instance.activity_capacity(c, m)) * var for (_, c, _), var in model.x.items())",
                )
            ],
        },
        "alternative": SIZE_CONSTRAINTS_PER_MODULE,
    },
    "regret-answer": {
        "wrong": {
            "only fits the visible example (everyone in self-study)": REGRETS_VISIBLE_ONLY,
            "sign reversed": [
                (
                    "return instance.demand[:, : instance.self_study].max(axis=1) - current",
                    "return current - instance.demand[:, : instance.self_study].max(axis=1)",
                )
            ],
            "classroom used as the module (wrong index)": [("state.module[state.room_of]", "state.room_of")],
            "the library's regrets called": REGRETS_LIBRARY,
        },
        "alternative": REGRETS_FROM_VALUES,
    },
    "removable-answer": {
        "wrong": {
            ">= instead of > (an activity drops below min_batch)": [
                ("if left[room] > state.instance.min_batch:", "if left[room] >= state.instance.min_batch:")
            ],
            "sizes not counted down": [("            left[room] -= 1\n", "")],
            "the state's sizes changed in place": [("left = state.size.copy()", "left = state.size")],
            "the library's removable called": REMOVABLE_LIBRARY,
        },
        "alternative": REMOVABLE_BY_DICT,
    },
    "operators-answer": {
        "wrong": {
            "destroy stops one activity short of d": [
                ("        if removed >= target:\n", "        if removed + destroyed.size[room] > target:\n")
            ],
            "destroy goes on when exactly d learners are out (> instead of >=)": [
                ("if removed >= target:", "if removed > target:")
            ],
            "destroy changes the input state": [("destroyed = state.copy()", "destroyed = state")],
            "destroy takes learners out but leaves the activities open": [
                (
                    "        removed += len(destroyed.close(room))\n",
                    "        members = destroyed.members(room)\n        destroyed.unassign(members)\n        removed += len(members)\n",
                )
            ],
            "destroy ignores rng (activities in classroom order)": [
                ("rng.permutation(destroyed.used_rooms())", "destroyed.used_rooms()")
            ],
            "destroy ignores degree": [
                ("round(degree * state.instance.n_learners)", "round(0.15 * state.instance.n_learners)")
            ],
            "repair leaves the rest unassigned": [
                (
                    "            place_in_self_study(state, waiting)\n            return state\n",
                    "            return state\n",
                )
            ],
            "repair ignores the self-study capacity": [
                (
                    "            place_in_self_study(state, waiting)\n",
                    "            if len(waiting):\n                state.assign(waiting, state.self_study_rooms()[0])\n",
                )
            ],
            "repair forgets the minimum activity size": [
                (
                    "members = pool[choose_members(demand[pool, module] - self_study[pool], seats, instance.min_batch)]",
                    "members = pool[demand[pool, module] > self_study[pool]][:seats]",
                )
            ],
            "repair ignores the gains (every eligible learner joins, losers too)": [
                (
                    "choose_members(demand[pool, module] - self_study[pool], seats",
                    "choose_members(np.ones(len(pool)), seats",
                )
            ],
            "repair ignores noise (the same activities after every destroy)": [
                (
                    "key = totals[candidates] * rng.uniform(1 - noise, 1 + noise, len(candidates))",
                    "key = totals[candidates]",
                )
            ],
            "repair never opens an activity (everyone to self-study)": [
                (
                    "    while True:\n",
                    "    place_in_self_study(state, state.unassigned())\n    return state\n    while True:\n",
                ),
            ],
        },
        "alternative": OPERATORS_ALTERNATIVE,
    },
    "temperature-answer": {
        "wrong": {
            "abs() forgotten on a negative objective": [("abs(initial_value)", "initial_value")],
            "log10 instead of ln": [("np.log(probability)", "np.log10(probability)")],
            "probability ignored": [("np.log(probability)", "np.log(0.5)")],
            "minus sign forgotten": [("return -worse *", "return worse *")],
            "the library's function imported": TEMPERATURE_LIBRARY,
        },
        "alternative": TEMPERATURE_MATH,
    },
    "roulette-answer": {
        "wrong": {
            "the weights passed in changed in place": [
                ("updated = np.array(weights, dtype=float)", "updated = np.asarray(weights, dtype=float)")
            ],
            "decay and score swapped": [
                (
                    "decay * updated[chosen] + (1 - decay) * scores[outcome]",
                    "(1 - decay) * updated[chosen] + decay * scores[outcome]",
                )
            ],
            "the scores parameter ignored": [("(1 - decay) * scores[outcome]", "(1 - decay) * SCORES[outcome]")],
            "every weight decays": [
                (
                    "    updated[chosen] = decay * updated[chosen] + (1 - decay) * scores[outcome]\n",
                    "    updated = decay * updated\n    updated[chosen] += (1 - decay) * scores[outcome]\n",
                )
            ],
        },
        "alternative": ROULETTE_COMPREHENSION,
    },
}
