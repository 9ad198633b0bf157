"""``edulab hlapp``: generate, solve and validate hourly learning activity planning instances."""

from __future__ import annotations

import argparse

from edulab import cli_types as types
from edulab.cli import add_json_flag, emit
from edulab.errors import InputError
from edulab.planning.generator import MAX_LEARNERS, QUALIFICATION_MIXES, GeneratorConfig
from edulab.planning.heuristic import ITERATIONS
from edulab.planning.ilp import SOLVERS, ILPConfig
from edulab.planning.solver import METHODS

#: Largest ALNS iteration count the command accepts (400 times the paper's 25,000).
MAX_ITERATIONS = 10_000_000

_iterations = types.int_range(0, MAX_ITERATIONS)
_learners = types.int_range(6, MAX_LEARNERS)  # at least one learner per school year


def register(subparsers) -> None:
    hlapp = subparsers.add_parser("hlapp", help="hourly learning activity planning: generate, solve, validate")
    actions = hlapp.add_subparsers(dest="hlapp_command", metavar="ACTION", required=True)

    generate = actions.add_parser("generate", help="draw an instance as in section 5.1 of Wouda et al. (2023)")
    default = GeneratorConfig()
    generate.add_argument(
        "--learners",
        type=_learners,
        default=default.learners,
        help=f"school size, 6 to {MAX_LEARNERS} ({default.learners})",
    )
    generate.add_argument(
        "--sigma", type=types.finite_float(0), default=default.sigma, help=f"demand spread, >= 0 ({default.sigma:g})"
    )
    generate.add_argument(
        "--penalty",
        type=types.finite_float(0, 1, open_low=True),
        default=default.penalty,
        help=f"self-study penalty w in (0, 1] ({default.penalty:g})",
    )
    mixes = ", ".join(f"{name} ({'; '.join(f'{x:g}' for x in mix)})" for name, mix in QUALIFICATION_MIXES.items())
    generate.add_argument(
        "--mix", choices=tuple(QUALIFICATION_MIXES), default="mixed", help=f"teacher degrees: {mixes}"
    )
    generate.add_argument("--split", action="store_true", help="split classrooms (16 seats, twice as many)")
    generate.add_argument("--seed", type=types.seed, default=0, help="random seed, a non-negative integer (0)")
    generate.add_argument(
        "--out", type=types.output_path, required=True, help="instance JSON file to write (its folder must exist)"
    )
    add_json_flag(generate)
    generate.set_defaults(func=_generate)

    solve = actions.add_parser("solve", help="solve an instance with the ILP, the ALNS or the greedy baseline")
    solve.add_argument("instance", type=types.existing_file, help="instance JSON file")
    solve.add_argument("--method", choices=METHODS, default="alns")
    solve.add_argument("--solver", choices=SOLVERS, default=None, help="ILP solver (default HiGHS when installed)")
    solve.add_argument(
        "--time",
        type=types.time_limit,
        default=ILPConfig.time_limit,
        help=f"ILP time limit in seconds, in (0, {types.MAX_SECONDS}] (default {ILPConfig.time_limit:g})",
    )
    solve.add_argument(
        "--iterations",
        type=_iterations,
        default=ITERATIONS,
        help=f"ALNS iterations, at most {MAX_ITERATIONS} (default {ITERATIONS})",
    )
    solve.add_argument("--seed", type=types.seed, default=0, help="ALNS seed (random_state), a non-negative integer")
    solve.add_argument(
        "--out", type=types.output_path, help="write the schedule as solution JSON (its folder must exist)"
    )
    add_json_flag(solve)
    solve.set_defaults(func=_solve)

    validate = actions.add_parser("validate", help="check a schedule against every rule of the problem")
    validate.add_argument("instance", type=types.existing_file, help="instance JSON file")
    validate.add_argument(
        "solution",
        type=types.existing_file,
        help="solution JSON file ({'assignments': [[learner, module, classroom, teacher], ...]})",
    )
    add_json_flag(validate)
    validate.set_defaults(func=_validate)


def _generate(args: argparse.Namespace) -> int:
    from edulab.planning.generator import generate_instance
    from edulab.planning.instance import write_instance

    instance = generate_instance(
        learners=args.learners,
        sigma=args.sigma,
        penalty=args.penalty,
        qualification_mix=QUALIFICATION_MIXES[args.mix],
        split=args.split,
        random_state=args.seed,
    )
    path = write_instance(instance, args.out)
    summary = {"file": str(path), **instance.summary()}
    text = (
        f"{path}: {instance.n_learners} learners, {instance.n_classrooms} classrooms, "
        f"{instance.n_teachers} teachers, {instance.n_modules} modules"
    )
    emit(args, summary, text)
    return 0


def _solve(args: argparse.Namespace) -> int:
    from edulab.planning.heuristic import ALNSConfig
    from edulab.planning.instance import read_instance
    from edulab.planning.placement import NoRoomError
    from edulab.planning.schedule import write_schedule
    from edulab.planning.solver import solve

    instance = read_instance(args.instance)
    configs = {
        "greedy": None,
        "alns": ALNSConfig(iterations=args.iterations),
        "ilp": ILPConfig(solver=args.solver, time_limit=args.time),
    }
    try:
        result = solve(instance, args.method, configs[args.method], random_state=args.seed, progress=not args.json)
    except NoRoomError as error:
        raise InputError(f"{args.instance}: --method {args.method} cannot place every learner: {error}") from error
    all_self_study = float(instance.self_study_value.sum())
    summary = {**result.to_dict(), "all_self_study_objective": all_self_study}
    name = f"ilp ({result.details.solver})" if result.method == "ilp" else result.method
    share = "-" if result.self_study_share is None else f"{100 * result.self_study_share:.1f}%"
    gap = "-" if result.gap is None else f"{100 * result.gap:.2f}%"
    lines = [
        f"{name}: {result.status}, objective {_number(result.objective)}, bound {_number(result.bound)}, gap {gap}",
        f"self-study: {share} of learners; {result.seconds:.2f} s",
        f"(everyone in self-study would give {all_self_study:.4f})",
    ]
    if args.out and result.schedule is not None:
        write_schedule(result.schedule, args.out)
        summary["out"] = str(args.out)
        lines.append(f"schedule written to {args.out}")
    emit(args, summary, "\n".join(lines))
    return 0 if result.schedule is not None else 1


def _validate(args: argparse.Namespace) -> int:
    from edulab.planning.instance import read_instance
    from edulab.planning.schedule import read_schedule, validate_schedule

    instance = read_instance(args.instance)
    schedule = read_schedule(args.solution)
    violations = validate_schedule(instance, schedule)
    objective = schedule.objective(instance) if not violations else None
    summary = {
        "valid": not violations,
        "objective": objective,
        "violations": [{"rule": v.rule, "message": v.message} for v in violations],
    }
    if violations:
        lines = [f"{args.solution}: {len(violations)} violation(s)"] + [f"  {v}" for v in violations[:20]]
        if len(violations) > 20:
            lines.append(f"  ... and {len(violations) - 20} more (--json lists all)")
        text = "\n".join(lines)
    else:
        text = f"{args.solution}: feasible, objective {objective:.4f}"
    emit(args, summary, text)
    return 0 if not violations else 1


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"
