"""``edulab hlapp``: generate, solve and validate hourly learning activity planning instances."""

from __future__ import annotations

import argparse

from edulab.cli import add_json_flag, emit

_MIXES = ("first", "mixed", "third")


def register(subparsers) -> None:
    hlapp = subparsers.add_parser("hlapp", help="hourly learning activity planning: generate, solve, validate")
    actions = hlapp.add_subparsers(dest="hlapp_command", metavar="ACTION", required=True)

    generate = actions.add_parser("generate", help="draw an instance as in section 5.1 of Wouda et al. (2023)")
    generate.add_argument("--learners", type=int, default=800, help="school size (default 800)")
    generate.add_argument("--sigma", type=float, default=1.0, help="demand spread (default 1)")
    generate.add_argument("--penalty", type=float, default=0.5, help="self-study penalty w (default 0.5)")
    generate.add_argument(
        "--mix",
        choices=_MIXES,
        default="mixed",
        help="teacher degrees: first (1;0;0), mixed (0.5;0.5;0), third (0.4;0.4;0.2)",
    )
    generate.add_argument("--split", action="store_true", help="split classrooms (16 seats, twice as many)")
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--out", required=True, help="instance JSON file to write")
    add_json_flag(generate)
    generate.set_defaults(func=_generate)

    solve = actions.add_parser("solve", help="solve an instance with the ILP, the ALNS or the greedy baseline")
    solve.add_argument("instance", help="instance JSON file")
    solve.add_argument("--method", choices=("ilp", "alns", "greedy"), default="alns")
    solve.add_argument(
        "--solver", choices=("cbc", "highs"), default=None, help="ILP solver (default HiGHS when installed)"
    )
    solve.add_argument("--time", type=float, default=120.0, help="ILP time limit in seconds (default 120)")
    solve.add_argument("--iterations", type=int, default=25_000, help="ALNS iterations (default 25000)")
    solve.add_argument("--seed", type=int, default=0, help="ALNS seed")
    solve.add_argument("--out", help="write the schedule as solution JSON")
    add_json_flag(solve)
    solve.set_defaults(func=_solve)

    validate = actions.add_parser("validate", help="check a schedule against every rule of the problem")
    validate.add_argument("instance", help="instance JSON file")
    validate.add_argument(
        "solution", help="solution JSON file ({'assignments': [[learner, module, classroom, teacher], ...]})"
    )
    add_json_flag(validate)
    validate.set_defaults(func=_validate)


def _generate(args: argparse.Namespace) -> int:
    from edulab.planning.generator import QUALIFICATION_MIXES, generate_instance
    from edulab.planning.instance import write_instance

    instance = generate_instance(
        learners=args.learners,
        sigma=args.sigma,
        penalty=args.penalty,
        qualification_mix=QUALIFICATION_MIXES[args.mix],
        split=args.split,
        seed=args.seed,
    )
    path = write_instance(instance, args.out)
    summary = {"file": str(path), **instance.summary()}
    text = (
        f"{path}: {instance.num_learners} learners, {instance.num_classrooms} classrooms, "
        f"{instance.num_teachers} teachers, {instance.num_modules} modules"
    )
    emit(args, summary, text)
    return 0


def _solve(args: argparse.Namespace) -> int:
    from edulab.planning.instance import read_instance
    from edulab.planning.schedule import write_schedule

    instance = read_instance(args.instance)
    all_self_study = float(instance.self_study_value.sum())
    if args.method == "ilp":
        from edulab.planning.ilp import solve_ilp

        result = solve_ilp(instance, solver=args.solver, time_limit=args.time)
        summary = result.to_dict()
        bound = "-" if result.bound is None else f"{result.bound:.4f}"
        gap = "-" if result.gap is None else f"{100 * result.gap:.2f}%"
        text = (
            f"ILP ({result.solver}): {result.status}, objective {_number(result.objective)}, bound {bound}, gap {gap}"
        )
    elif args.method == "alns":
        from edulab.planning.heuristic import ALNSConfig, solve_alns

        result = solve_alns(instance, ALNSConfig(iterations=args.iterations), seed=args.seed, progress=not args.json)
        summary = result.to_dict()
        text = (
            f"ALNS: objective {result.objective:.4f} after {result.iterations} iterations "
            f"(start {result.initial_objective:.4f})"
        )
    else:
        from edulab.planning.greedy import solve_greedy

        result = solve_greedy(instance)
        summary = result.to_dict()
        text = f"greedy: objective {result.objective:.4f}, {result.activities_opened} instruction activities"
    schedule = result.schedule
    share = schedule.self_study_share(instance) if schedule is not None else None
    summary.update(self_study_share=share, all_self_study_objective=all_self_study)
    text += (
        f"\nself-study: {'-' if share is None else f'{100 * share:.1f}%'} of learners; runtime {result.runtime:.2f} s"
    )
    text += f"\n(everyone in self-study would give {all_self_study:.4f})"
    if args.out and schedule is not None:
        write_schedule(schedule, args.out)
        summary["out"] = args.out
        text += f"\nschedule written to {args.out}"
    emit(args, summary, text)
    return 0 if schedule is not None else 1


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
