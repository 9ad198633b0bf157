"""Curriculum-based course timetabling (ITC-2007 track 3) with a genetic algorithm and annealing.

Modules, one concept each:

* :mod:`~edulab.timetabling.instance`: the problem, its ``.ctt`` files and the kit's instances by name;
* :mod:`~edulab.timetabling.solution`: timetables in the competition's output format;
* :mod:`~edulab.timetabling.validator`: hard violations and soft costs, as the official validator,
  and the searches' objective (``HARD_WEIGHT`` per hard violation plus the soft cost);
* :mod:`~edulab.timetabling.timetable`: a timetable with incremental evaluation of moves and swaps;
* :mod:`~edulab.timetabling.kempe`: the Kempe chain neighbourhood;
* :mod:`~edulab.timetabling.neighbourhood`: one random move or swap at a time (for hand-written searches);
* :mod:`~edulab.timetabling.budget`: the one stop rule (seconds and/or iterations) of every search;
* :mod:`~edulab.timetabling.construction`: the sequential greedy heuristic;
* :mod:`~edulab.timetabling.genetic`: the genetic algorithm of the seed, with its operator registries;
* :mod:`~edulab.timetabling.annealing`: simulated annealing with reheating;
* :mod:`~edulab.timetabling.solver`: one entry point and one configuration object;
* :mod:`~edulab.timetabling.generator`: synthetic instances and the shipped ones;
* :mod:`~edulab.timetabling.plots`: the lecture's figures.

Conventions: settings are ``*Config`` dataclasses that check their values; how long a search
runs is a :class:`Budget`, passed beside its configuration; solvers and generators take
``random_state`` (a seed or a NumPy Generator), the operators called inside their loops ``rng``.

>>> from edulab.timetabling import Budget, SolverConfig, load_instance, solve
>>> instance = load_instance("small")                                              # doctest: +SKIP
>>> result = solve(instance, SolverConfig(algorithm="sa", budget=Budget(seconds=5)))  # doctest: +SKIP
>>> result.report.total                                                            # doctest: +SKIP
"""

from edulab.timetabling.annealing import SAConfig, acceptance_probability, simulated_annealing
from edulab.timetabling.budget import Budget
from edulab.timetabling.construction import GreedyConfig, greedy
from edulab.timetabling.generator import (
    SHIPPED_NAMES,
    GeneratorConfig,
    generate_instance,
    shipped_instances,
    showcase_instance,
)
from edulab.timetabling.genetic import CROSSOVER_OPERATORS, SELECTION_OPERATORS, GAConfig, genetic_algorithm
from edulab.timetabling.instance import (
    Instance,
    InstanceFormatError,
    load_instance,
    parse_instance,
    read_instance,
    read_instances_folder,
)
from edulab.timetabling.kempe import kempe_chain
from edulab.timetabling.solution import Solution, read_solution, write_solution
from edulab.timetabling.solver import ALGORITHMS, SolverConfig, SolveResult, solve
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import HARD_WEIGHT, CostReport, evaluate

__all__ = [
    "ALGORITHMS",
    "Budget",
    "CROSSOVER_OPERATORS",
    "CostReport",
    "GAConfig",
    "GeneratorConfig",
    "GreedyConfig",
    "HARD_WEIGHT",
    "Instance",
    "InstanceFormatError",
    "SAConfig",
    "SELECTION_OPERATORS",
    "SHIPPED_NAMES",
    "Solution",
    "SolveResult",
    "SolverConfig",
    "Timetable",
    "acceptance_probability",
    "evaluate",
    "generate_instance",
    "genetic_algorithm",
    "greedy",
    "kempe_chain",
    "load_instance",
    "parse_instance",
    "read_instance",
    "read_instances_folder",
    "read_solution",
    "shipped_instances",
    "showcase_instance",
    "simulated_annealing",
    "solve",
    "write_solution",
]
