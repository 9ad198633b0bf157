"""``edulab course``: the instructor's commands for a class, on the kit's nbgrader configuration.

Each command parses its arguments and calls :mod:`edulab.course`; the course folder is the
checkout holding ``nbgrader_config.py`` (or ``--course-dir``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from edulab.cli import add_json_flag, emit


def _root(args: argparse.Namespace) -> Path:
    from edulab import course

    if args.course_dir is None:
        return course.default_root()
    root = Path(args.course_dir).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise FileNotFoundError(f"--course-dir {args.course_dir}: expected a folder holding nbgrader_config.py")
    return root


def _names(args: argparse.Namespace, root: Path) -> list[str]:
    from edulab import course

    return args.assignments or course.assignments(root)


def _generate(args: argparse.Namespace) -> int:
    from edulab import course

    root = _root(args)
    folders = []
    for name in _names(args, root):
        for path in course.source_notebooks(root, name):
            course.normalise(path)
        folders.append(str(course.generate(root, name).relative_to(root)))
    emit(args, {"generated": folders}, "\n".join(f"generated  {f}" for f in folders))
    return 0


def _release(args: argparse.Namespace) -> int:
    from edulab import course

    root = _root(args)
    exchange = None
    for name in args.assignments:
        exchange = course.release(root, name)
    emit(
        args,
        {"released": args.assignments, "exchange": str(exchange)},
        f"released {', '.join(args.assignments)} to {exchange}",
    )
    return 0


def _collect(args: argparse.Namespace) -> int:
    from edulab import course

    root = _root(args)
    students = course.collect(root, args.assignment)
    emit(
        args,
        {"assignment": args.assignment, "students": students},
        f"{len(students)} submissions of {args.assignment}: {', '.join(students)}",
    )
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from edulab.grading import parallel

    root = _root(args)
    result = parallel.autograde_class(
        root,
        args.assignment,
        args.student or None,
        scheduler=args.scheduler,
        workers=args.workers,
        db_url=args.db,
        force=args.force,
        unsafe=args.unsafe,
        retries=args.retries,
        progress=not args.json,
    )
    lines = [parallel.result_table(result)]
    for grade in result.graded:
        lines += [f"  {grade.student}: {warning}" for warning in grade.warnings]
    emit(args, {"grades": [g.to_dict() for g in result.graded], **result.to_dict()}, "\n".join(lines))
    return 130 if result.interrupted else (1 if result.failed else 0)


def _validate(args: argparse.Namespace) -> int:
    from edulab import course

    root = _root(args)
    results = course.validate(root, Path(args.notebook), unsafe=args.unsafe)
    failed = results.get("failed", []) + results.get("changed", []) + results.get("type_changed", [])
    lines = [f"{len(failed)} cells failed or were changed" if failed else "every test cell passes"]
    lines += [f"--\n{cell['source']}\n{cell.get('raw_error', '(changed)')}" for cell in failed]
    text = "\n".join(lines)
    emit(args, results, text)
    return 1 if failed else 0


def _feedback(args: argparse.Namespace) -> int:
    from edulab import course

    root = _root(args)
    pages = course.feedback(root, args.assignment, args.student or None)
    emit(args, {"feedback": [str(p) for p in pages]}, "\n".join(str(p.relative_to(root)) for p in pages))
    return 0


def _export(args: argparse.Namespace) -> int:
    from edulab import course

    path = course.export(_root(args))
    emit(args, {"grades": str(path)}, f"grades written to {path}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from edulab.grading.sandbox import sandbox_problem

    problem = sandbox_problem()
    emit(
        args,
        {"sandbox": problem is None, "problem": problem},
        problem or "the sandbox works: student code is graded confined",
    )
    return 0 if problem is None else 1


def register(subparsers) -> None:
    course = subparsers.add_parser(
        "course",
        help="instructor: generate, release, collect, autograde (sandboxed), feedback, export",
        description="Grade a class with nbgrader and the kit's configuration (nbgrader_config.py).",
    )
    actions = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)

    def action(name: str, func, help: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help)
        parser.add_argument("--course-dir", help="the course folder (default: this checkout)")
        add_json_flag(parser)
        parser.set_defaults(func=func)
        return parser

    parser = action("generate", _generate, "normalise solutions/ and write the student versions into lectures/")
    parser.add_argument("assignments", nargs="*", help="assignment folders (default: all)")
    parser = action("release", _release, "release assignments to the exchange (creating it when missing)")
    parser.add_argument("assignments", nargs="+", help="assignment folders")
    parser = action("collect", _collect, "collect the submissions from the exchange into grading/submitted")
    parser.add_argument("assignment")
    for name, func, help in (
        (
            "autograde",
            _autograde,
            "autograde the collected submissions in parallel on Dask, student code in the sandbox",
        ),
        ("feedback", _feedback, "write feedback without hidden tests and release it to the exchange"),
    ):
        parser = action(name, func, help)
        parser.add_argument("assignment")
        parser.add_argument("--student", action="append", help="only this student (repeatable)")
        if name == "autograde":
            parser.add_argument(
                "--unsafe", action="store_true", help="grade without the sandbox (never on a real class)"
            )
            parser.add_argument(
                "--scheduler", help="address of a running Dask scheduler, tcp://HOST:8786 (default: a local cluster)"
            )
            parser.add_argument(
                "--workers", type=int, help="worker processes of the local cluster (default: the cores)"
            )
            parser.add_argument(
                "--db",
                help="gradebook URL, e.g. postgresql+psycopg://USER@HOST/DB (default: SQLite grading/gradebook.db)",
            )
            parser.add_argument(
                "--force", action="store_true", help="grade again the submissions the gradebook already holds"
            )
            parser.add_argument("--retries", type=int, default=2, help="times a failed task is run again (default: 2)")
    parser = action("validate", _validate, "validate one notebook, its kernel in the sandbox")
    parser.add_argument("notebook")
    parser.add_argument("--unsafe", action="store_true", help="validate without the sandbox")
    action("export", _export, "export every grade to grading/grades.csv")
    action("check", _check, "check that the sandbox works here")
