"""The ``edulab`` command line. It parses arguments and calls the library; nothing more.

Each topic contributes its subcommands through a module with a ``register(subparsers)``
function, listed in :data:`TOPIC_COMMANDS`. Those modules import heavy libraries (TensorFlow,
PuLP) inside their command functions, so that ``edulab --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Sequence

from edulab import __version__

TOPIC_COMMANDS: tuple[str, ...] = (
    "edulab.tracing.cli",
    "edulab.mooc.cli",
    "edulab.advising.cli",
    "edulab.timetabling.cli",
    "edulab.planning.cli",
    "edulab.grading.cli",
)


def emit(args: argparse.Namespace, result: dict[str, Any], text: str) -> None:
    """Print ``result`` as JSON when ``--json`` was given, else the human-readable ``text``."""
    if getattr(args, "json", False):
        print(json.dumps(result, indent=2, default=str))
    else:
        print(text)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _datasets_list(args: argparse.Namespace) -> int:
    from edulab import datasets

    rows = [
        {
            "name": d.name,
            "kind": d.kind,
            "files": len(d.files),
            "size_bytes": d.size if d.kind == "remote" else None,
            "cached": datasets.is_cached(d.name),
            "description": d.description,
        }
        for d in datasets.list_datasets()
    ]
    width = max(len(r["name"]) for r in rows)
    lines = [f"{'name':<{width}}  kind     {'size':>8}  local  description"]
    for r in rows:
        size = _human_size(r["size_bytes"]) if r["size_bytes"] else "-"
        local = "yes" if r["cached"] else "no"
        lines.append(f"{r['name']:<{width}}  {r['kind']:<7}  {size:>8}  {local:<5}  {r['description']}")
    emit(args, {"datasets": rows}, "\n".join(lines))
    return 0


def _human_size(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def _datasets_fetch(args: argparse.Namespace) -> int:
    from edulab import datasets

    folder = datasets.fetch(args.name, progress=not args.json)
    emit(args, {"name": args.name, "folder": str(folder)}, f"{args.name}: {folder}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from edulab import runtime

    report = runtime.environment_report()
    lines = [f"{key:<22} {value}" for key, value in report.items()]
    emit(args, report, "\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edulab",
        description="Course kit on machine learning and operations research for education.",
    )
    parser.add_argument("--version", action="version", version=f"edulab {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="report the environment: versions, budget, data folders")
    add_json_flag(check)
    check.set_defaults(func=_check)

    data = commands.add_parser("datasets", help="list and fetch the kit's datasets")
    data_commands = data.add_subparsers(dest="datasets_command", metavar="ACTION", required=True)
    listing = data_commands.add_parser("list", help="list the registered datasets")
    add_json_flag(listing)
    listing.set_defaults(func=_datasets_list)
    fetching = data_commands.add_parser("fetch", help="download (or copy from the mirror) and verify a dataset")
    fetching.add_argument("name", help="dataset name, as in `edulab datasets list`")
    add_json_flag(fetching)
    fetching.set_defaults(func=_datasets_fetch)

    for module in TOPIC_COMMANDS:
        importlib.import_module(module).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except (ValueError, LookupError, OSError) as error:
        print(f"edulab: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
