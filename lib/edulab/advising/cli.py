"""``edulab ahp`` and ``edulab advise``: the advising topic's commands."""

from __future__ import annotations

import argparse

from edulab import cli_types as types
from edulab.advising.ahp import DEFAULT_RI_TABLE, RANDOM_INDEX_TABLES
from edulab.advising.packages import COURSES_CAP, MAX_COURSES
from edulab.cli import add_json_flag, emit

DATASET = "advising-synthetic"


def register(subparsers) -> None:
    """Add the ``ahp`` and ``advise`` commands to the ``edulab`` parser."""
    ahp = subparsers.add_parser(
        "ahp",
        help="priorities, lambda_max, CI and CR of an AHP pairwise comparison matrix",
        description="Analyse a pairwise comparison matrix on Saaty's 1-9 scale.",
    )
    ahp.add_argument(
        "--matrix", required=True, help='rows separated by ";", entries by ",", e.g. "1,9,3;1/9,1,1/5;1/3,5,1"'
    )
    ahp.add_argument(
        "--names", type=types.comma_list(), help="comma-separated item names, each once (default 1, 2, ...)"
    )
    ahp.add_argument(
        "--method",
        choices=("eigen", "approx"),
        default="eigen",
        help="principal eigenvector (default) or normalised-column means",
    )
    ahp.add_argument(
        "--ri-table",
        choices=tuple(RANDOM_INDEX_TABLES),
        default=DEFAULT_RI_TABLE,
        help="random-index table (default %(default)s)",
    )
    ahp.add_argument(
        "--threshold",
        type=types.finite_float(0, open_low=True),
        default=0.1,
        help="CR at or above which the judgments are inconsistent: a positive number (default 0.1)",
    )
    add_json_flag(ahp)
    ahp.set_defaults(func=_ahp)

    advise = subparsers.add_parser(
        "advise",
        help="rank the course packages a student may register next term",
        description="Correlation-based course packages under the GPA load rule (Al-Sarem 2017, Pseudo-codes I-II).",
    )
    advise.add_argument("--student", required=True, help="student id, as in the grade records")
    advise.add_argument(
        "--data",
        type=types.existing_folder,
        help=f"folder with courses.csv and grades.csv (default: the shipped {DATASET} dataset)",
    )
    advise.add_argument("--top", type=types.positive_int, default=10, help="packages to print (default 10)")
    advise.add_argument(
        "--top-k",
        type=types.positive_int,
        help="keep only the k best-correlated offered courses (Pseudo-code I, step 7)",
    )
    advise.add_argument(
        "--offered",
        type=types.comma_list(),
        help="comma-separated courses offered next term (default: every eligible course of the plan)",
    )
    advise.add_argument(
        "--min-common", type=types.positive_int, default=5, help="fewest common students for a correlation (default 5)"
    )
    advise.add_argument(
        "--max-courses",
        type=types.positive_int,
        default=MAX_COURSES,
        help=f"refuse to enumerate more offered courses (default {MAX_COURSES}, at most {COURSES_CAP})",
    )
    graduating = advise.add_mutually_exclusive_group()
    graduating.add_argument(
        "--graduating", dest="graduating", action="store_true", default=None, help="apply the graduating load extension"
    )
    graduating.add_argument("--not-graduating", dest="graduating", action="store_false", help="never apply it")
    add_json_flag(advise)
    advise.set_defaults(func=_advise)


def _ahp(args: argparse.Namespace) -> int:
    from edulab.advising.ahp import analyse

    result = analyse(
        args.matrix, names=args.names, method=args.method, ri_table=args.ri_table, threshold=args.threshold, warn=False
    )
    emit(args, result.to_dict(), result.report())
    return 0


def _advise(args: argparse.Namespace) -> int:
    from edulab import datasets
    from edulab.advising.advisor import advise
    from edulab.advising.synthetic import read_advising_folder

    data = read_advising_folder(args.data) if args.data else datasets.load(DATASET)
    advice = advise(
        data.curriculum,
        data.records,
        args.student,
        offered=args.offered,
        graduating=args.graduating,
        top_k=args.top_k,
        min_common=args.min_common,
        max_courses=args.max_courses,
    )
    emit(args, advice.to_dict(top=args.top), advice.report(top=args.top))
    return 0
