"""Curriculum-based course timetabling (ITC-2007 track 3) with a genetic algorithm and annealing.

Modules, one concept each:

* :mod:`~edulab.timetabling.instance`: the problem and its ``.ctt`` files;
* :mod:`~edulab.timetabling.solution`: timetables in the competition's output format;
* :mod:`~edulab.timetabling.validator`: hard violations and soft costs, as the official validator;
* :mod:`~edulab.timetabling.timetable`: a timetable with incremental evaluation of moves,
  swaps and Kempe chains;
* :mod:`~edulab.timetabling.construction`: the sequential greedy heuristic;
* :mod:`~edulab.timetabling.genetic`: the genetic algorithm of the seed;
* :mod:`~edulab.timetabling.annealing`: simulated annealing with reheating;
* :mod:`~edulab.timetabling.solver`: one entry point and one configuration object;
* :mod:`~edulab.timetabling.generator`: synthetic instances and the shipped ones;
* :mod:`~edulab.timetabling.plots`: the lecture's figures.

>>> from edulab import datasets
>>> from edulab.timetabling import SolverConfig, solve
>>> instance = datasets.load("ctt-synthetic")["small"]                 # doctest: +SKIP
>>> result = solve(instance, SolverConfig(algorithm="sa", time_limit=5))  # doctest: +SKIP
>>> result.report.total                                                 # doctest: +SKIP
"""

from edulab.timetabling.annealing import SAParams, acceptance_probability, simulated_annealing
from edulab.timetabling.construction import GreedyParams, greedy
from edulab.timetabling.generator import GeneratorParams, generate_instance, shipped_instances
from edulab.timetabling.genetic import GAParams, genetic_algorithm
from edulab.timetabling.instance import Instance, InstanceFormatError, parse_instance, read_instance, read_instances_folder
from edulab.timetabling.solution import Solution, read_solution, write_solution
from edulab.timetabling.solver import SolverConfig, SolveResult, solve
from edulab.timetabling.timetable import Timetable
from edulab.timetabling.validator import CostReport, evaluate

__all__ = [
    "CostReport",
    "GAParams",
    "GeneratorParams",
    "GreedyParams",
    "Instance",
    "InstanceFormatError",
    "SAParams",
    "Solution",
    "SolveResult",
    "SolverConfig",
    "Timetable",
    "acceptance_probability",
    "evaluate",
    "generate_instance",
    "genetic_algorithm",
    "greedy",
    "parse_instance",
    "read_instance",
    "read_instances_folder",
    "read_solution",
    "shipped_instances",
    "simulated_annealing",
    "solve",
    "write_solution",
]
