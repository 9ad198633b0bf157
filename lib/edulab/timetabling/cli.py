"""``edulab ctt``: validate and solve curriculum-based course timetabling instances.

``edulab ctt validate INSTANCE SOLUTION [--json]`` prints the hard violations and soft costs by
type and the total, as the competition's validator does. ``edulab ctt solve INSTANCE --algo
{greedy,ga,sa,hybrid} [--seconds S] [--iterations N] [--ga-generations G] [--kernel
{compiled,python}] --seed N --out FILE [--json]`` runs a solver within that budget
(:class:`~edulab.timetabling.budget.Budget`) and writes the best timetable in the competition's
format. INSTANCE is a ``.ctt`` file or an instance name
(:func:`edulab.timetabling.instance.load_instance`). This module only parses and calls the
library.
"""

from __future__ import annotations

import argparse

from edulab import cli_types as types
from edulab.cli import add_json_flag, emit
from edulab.errors import InputError
from edulab.timetabling.annealing import KERNELS
from edulab.timetabling.generator import SHIPPED_NAMES
from edulab.timetabling.reference import INSTANCES
from edulab.timetabling.solver import ALGORITHMS

#: Largest iteration limit the command accepts: more would run for days.
MAX_ITERATIONS = 100_000_000

_iterations = types.int_range(1, MAX_ITERATIONS)


INSTANCE_HELP = f"a .ctt file or an instance name ({INSTANCES[0]} ... {INSTANCES[-1]}, toy, {', '.join(SHIPPED_NAMES)})"


def register(subparsers) -> None:
    ctt = subparsers.add_parser("ctt", help="curriculum-based course timetabling (ITC-2007 track 3)")
    actions = ctt.add_subparsers(dest="ctt_command", metavar="ACTION", required=True)

    validate = actions.add_parser(
        "validate", help="hard violations and soft costs of a solution, as the official validator"
    )
    validate.add_argument("instance", help=INSTANCE_HELP)
    validate.add_argument(
        "solution", type=types.existing_file, help="a solution file: 'course room day period' per lecture"
    )
    add_json_flag(validate)
    validate.set_defaults(func=_validate)

    solve = actions.add_parser("solve", help="build a timetable with greedy, GA, SA or the GA-then-SA hybrid")
    solve.add_argument("instance", help=INSTANCE_HELP)
    solve.add_argument("--algo", choices=ALGORITHMS, default="hybrid", help="algorithm (default: hybrid)")
    solve.add_argument(
        "--seconds",
        type=types.time_limit,
        default=None,
        help=f"time limit of the whole run, in (0, {types.MAX_SECONDS}] (default: 60 when no limit is given)",
    )
    solve.add_argument(
        "--iterations",
        type=_iterations,
        default=None,
        help="iteration limit of the search (placements, generations or attempted moves); "
        "with --iterations alone, the same --seed gives the same timetable on every machine",
    )
    solve.add_argument(
        "--ga-generations",
        type=_iterations,
        default=None,
        help="hybrid only: generations of the genetic phase (default: a share of the seconds)",
    )
    solve.add_argument(
        "--kernel",
        choices=KERNELS,
        default=None,
        help="sa and hybrid only: the annealing's loop, compiled with numba (default) or the readable "
        "Python one; with --iterations both give the same timetable",
    )
    solve.add_argument("--seed", type=types.seed, default=0, help="random seed, a non-negative integer (default: 0)")
    solve.add_argument(
        "--out", type=types.output_path, help="write the best timetable to this file (its folder must exist)"
    )
    add_json_flag(solve)
    solve.set_defaults(func=_solve)


def _report_lines(report) -> list[str]:
    lines = ["hard violations:"]
    lines += [f"  {name:<24}{value:>8}" for name, value in report.hard.items()]
    lines.append("soft costs (weighted):")
    lines += [f"  {name:<24}{value:>8}" for name, value in report.soft.items()]
    state = "feasible" if report.feasible else f"INFEASIBLE: {report.violations} hard violations"
    lines.append(f"total cost {report.total} ({state})")
    if report.repeated_entries:
        lines.append(f"note: {report.repeated_entries} repeated entries ignored (same course and period)")
    return lines


def _validate(args: argparse.Namespace) -> int:
    from edulab.timetabling.instance import load_instance
    from edulab.timetabling.solution import read_solution
    from edulab.timetabling.validator import evaluate

    instance = load_instance(args.instance)
    solution = read_solution(args.solution, instance)
    report = evaluate(instance, solution)
    header = f"instance {instance.name}, solution {args.solution} ({len(solution)} lectures)"
    result = {"instance": instance.name, "solution": str(args.solution), **report.to_dict()}
    emit(args, result, "\n".join([header, *_report_lines(report)]))
    return 0


def _solve(args: argparse.Namespace) -> int:
    from edulab.timetabling.annealing import SAConfig
    from edulab.timetabling.budget import Budget
    from edulab.timetabling.instance import load_instance
    from edulab.timetabling.solution import write_solution
    from edulab.timetabling.solver import DEFAULT_BUDGET, SolverConfig, solve

    if args.algo == "hybrid" and args.seconds is None and args.iterations is not None and args.ga_generations is None:
        raise InputError(
            "--algo hybrid with --iterations alone: give --ga-generations too (the genetic phase's "
            "generations), or --seconds to share between the phases"
        )
    if args.algo != "hybrid" and args.ga_generations is not None:
        raise InputError(f"--ga-generations applies to --algo hybrid only, got --algo {args.algo}")
    if args.algo not in ("sa", "hybrid") and args.kernel is not None:
        raise InputError(f"--kernel applies to --algo sa and hybrid only, got --algo {args.algo}")
    given = args.seconds is not None or args.iterations is not None
    budget = Budget(args.seconds, args.iterations) if given else DEFAULT_BUDGET
    ga_budget = None if args.ga_generations is None else Budget(iterations=args.ga_generations)
    sa = SAConfig() if args.kernel is None else SAConfig(kernel=args.kernel)
    config = SolverConfig(algorithm=args.algo, budget=budget, ga_budget=ga_budget, random_state=args.seed, sa=sa)
    instance = load_instance(args.instance)
    result = solve(instance, config, progress=not args.json)
    if args.out:
        write_solution(result.timetable.to_solution().sorted(), instance, args.out)
    header = f"instance {instance.name}: {args.algo}, seed {args.seed}, {result.seconds:.1f} s"
    lines = [header, *_report_lines(result.report)]
    if args.out:
        lines.append(f"timetable written to {args.out}")
    emit(
        args,
        {"instance": instance.name, "out": str(args.out) if args.out else None, **result.to_dict()},
        "\n".join(lines),
    )
    return 0
