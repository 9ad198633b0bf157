"""Hourly learning activity planning (HLAPP) of personalised-learning schools.

Every hour a personalised-learning school forms *activities*: a group of learners, one module,
one classroom and one teacher. Wouda, Aslan and Vis (2023) state the problem as an integer linear
program and solve it with an adaptive large neighbourhood search (ALNS); this subpackage rebuilds
both, with the paper's instance generator and the experiments that compare them.

Modules
-------
instance       the instance model, its JSON format and its validation
generator      random instances following the paper's section 5.1
schedule       explicit schedules (learner, module, classroom, teacher), their JSON and validator
ilp            the ILP (1)-(12) with PuLP (CBC or HiGHS) and the post-processing that fills activities
state          the ALNS solution state, with incremental objective bookkeeping
destroy        the four destroy operators and the skewed worst-regret selection
placement      free rooms and teachers, activity members, self-study seats, the initial solution
repair         the break-out and greedy-insert repair operators
local_search   the reinsert-learner local search applied to every new best solution
heuristic      the ALNS run: operators, roulette wheel, fitted simulated annealing
selection      the alns package's roulette wheel, spun in plain Python (same draws)
greedy         a constructive baseline that opens the activity with the largest gain
solver         one entry point, ``solve(instance, method, config)``, and its result for every method
experiments    runs over many instances (joblib): gaps, operator ablation, policy sweeps
plots          figures for the lecture

The package exposes the public face below; ``experiments`` and ``plots`` (pandas, matplotlib)
are imported on their own.

>>> from edulab.planning import ALNSConfig, ILPConfig, generate_instance, solve
>>> school = generate_instance(learners=60, random_state=1)
>>> exact = solve(school, "ilp", ILPConfig(time_limit=60))                 # doctest: +SKIP
>>> alns = solve(school, "alns", ALNSConfig(iterations=500), random_state=0)  # doctest: +SKIP
>>> alns.objective <= exact.objective                                        # doctest: +SKIP
True

References
----------
.. [1] Wouda, N.A., Aslan, A., and Vis, I.F.A. (2023). An adaptive large neighbourhood search
       metaheuristic for hourly learning activity planning in personalised learning.
       *Computers & Operations Research* 151: 106089. doi:10.1016/j.cor.2022.106089
"""

from edulab.planning.generator import QUALIFICATION_MIXES, GeneratorConfig, generate_instance
from edulab.planning.greedy import GreedyResult, solve_greedy
from edulab.planning.heuristic import ALNSConfig, ALNSResult, solve_alns
from edulab.planning.ilp import SOLVERS, ILPConfig, ILPResult, solve_ilp
from edulab.planning.instance import Instance, InstanceError, read_instance, write_instance
from edulab.planning.schedule import Schedule, Violation, read_schedule, validate_schedule, write_schedule
from edulab.planning.solver import METHODS, SolveResult, solve

__all__ = [
    "ALNSConfig",
    "ALNSResult",
    "GeneratorConfig",
    "GreedyResult",
    "ILPConfig",
    "ILPResult",
    "Instance",
    "InstanceError",
    "METHODS",
    "QUALIFICATION_MIXES",
    "SOLVERS",
    "Schedule",
    "SolveResult",
    "Violation",
    "generate_instance",
    "read_instance",
    "read_schedule",
    "solve",
    "solve_alns",
    "solve_greedy",
    "solve_ilp",
    "validate_schedule",
    "write_instance",
    "write_schedule",
]
