"""The ``edulab`` command line. It parses arguments and calls the library; nothing more.

Each topic contributes its subcommands through a module with a ``register(subparsers)``
function, listed in :data:`TOPIC_COMMANDS`. Those modules import heavy libraries (TensorFlow,
PuLP) inside their command functions, so that ``edulab --help`` stays fast.

Bad input ends in one line and exit status 2, never in a traceback:

- options are checked while parsing, by the types of :mod:`edulab.cli_types` (argparse names the
  option and the expected value);
- a library error raised by a command (:func:`edulab.errors.is_library_error`: an
  :class:`~edulab.errors.EdulabError`, a ``ValueError``, an ``OSError`` or an unknown name) is
  printed by :func:`main` as ``edulab: error: <file or option>: <what was expected>``.

``edulab --debug COMMAND ...`` shows the traceback of a library error instead. Any other
exception is a bug and always shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any

from edulab import __version__
from edulab.errors import describe, is_library_error

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


def _datasets_verify(args: argparse.Namespace) -> int:
    from edulab import datasets

    checks = datasets.verify(args.names, online=args.online, progress=not args.json)
    wrong = [check for check in checks if not check.ok]
    if not checks:
        text = "Nothing to verify: the cache holds no registered file and no mirror is set (EDULAB_DATA_MIRROR)."
    else:
        width = max(len(check.dataset) for check in checks)
        lines = [f"{'dataset':<{width}}  {'location':<8}  {'status':<11}  file"]
        lines += [f"{c.dataset:<{width}}  {c.location:<8}  {c.status:<11}  {c.source}" for c in checks]
        for check in wrong:
            if check.sha256 is not None:
                lines.append(
                    f"{check.status}: {check.source} holds SHA-256 {check.sha256} ({check.size} bytes); "
                    f"the registry says {check.expected_sha256} ({check.expected_size} bytes)"
                )
            elif check.detail:
                lines.append(f"{check.status}: {check.source}: {check.detail}")
        lines.append(f"{len(checks)} files checked: {len(checks) - len(wrong)} ok, {len(wrong)} not.")
        text = "\n".join(lines)
    emit(args, {"ok": not wrong, "checks": [check.to_dict() for check in checks]}, text)
    return 1 if wrong else 0


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
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an error instead of one line (before COMMAND)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="report the environment: versions, budget, data folders")
    add_json_flag(check)
    check.set_defaults(func=_check)

    data = commands.add_parser("datasets", help="list, fetch and verify the kit's datasets")
    data_commands = data.add_subparsers(dest="datasets_command", metavar="ACTION", required=True)
    listing = data_commands.add_parser("list", help="list the registered datasets")
    add_json_flag(listing)
    listing.set_defaults(func=_datasets_list)
    fetching = data_commands.add_parser("fetch", help="download (or copy from the mirror) and verify a dataset")
    fetching.add_argument("name", help="dataset name, as in `edulab datasets list`")
    add_json_flag(fetching)
    fetching.set_defaults(func=_datasets_fetch)
    verifying = data_commands.add_parser(
        "verify",
        help="re-hash the local copies of the public files, or (--online) the published files",
        description="Check the public files of the named datasets (all when none is named) against the "
        "registry's SHA-256 and size. Offline: the copies in the cache and in the mirror (EDULAB_DATA_MIRROR); "
        "files of never-fetched datasets are left out unless the dataset is named. --online: download every "
        "file afresh into a temporary folder (maintainers, before a release). Exit code 1 when a file is "
        "missing, wrong or unreachable.",
    )
    verifying.add_argument("names", nargs="*", metavar="NAME", help="dataset names, as in `edulab datasets list`")
    verifying.add_argument(
        "--online", action="store_true", help="download every file from its pinned URL instead of reading local copies"
    )
    add_json_flag(verifying)
    verifying.set_defaults(func=_datasets_verify)

    for module in TOPIC_COMMANDS:
        importlib.import_module(module).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for bad input, with one line on stderr)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except Exception as error:
        if args.debug or not is_library_error(error):
            raise
        print(f"edulab: error: {describe(error)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
