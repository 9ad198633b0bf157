"""How fast are course packages enumerated (Al-Sarem 2017, Pseudo-code II)?

Times ``enumerate_packages`` on n offered courses with the paper's credit mix (3 and 4 credits)
and its credit range (12 to 17), best of ``--repeats`` runs, and one whole ``advise`` call on the
shipped synthetic data. Each measurement is appended to benchmarks/results/advising_packages.csv;
sizes already there are skipped unless --fresh. Run timed figures on core 1:

    taskset -c 1 .venv/bin/python benchmarks/advising_packages.py
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
from common import append_row, best_time, read_rows
from common import machine as describe_machine

from edulab import datasets
from edulab.advising.advisor import advise
from edulab.advising.correlation import course_correlation
from edulab.advising.packages import enumerate_packages

RESULTS = Path(__file__).resolve().parent / "results" / "advising_packages.csv"
FIELDS = ("what", "n_courses", "subsets", "packages", "best_seconds", "repeats", "load_1min", "machine")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8,12,16,18,20", help="numbers of offered courses (default 8,12,16,18,20)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per size; the best is kept (default 5)")
    parser.add_argument("--min-credits", type=int, default=12)
    parser.add_argument("--max-credits", type=int, default=17)
    parser.add_argument("--fresh", action="store_true", help="measure again sizes already in the CSV")
    return parser.parse_args()


def done_before() -> set[tuple[str, int]]:
    return {(row["what"], int(row["n_courses"])) for row in read_rows(RESULTS)}


def record(row: dict) -> None:
    append_row(RESULTS, FIELDS, row)


def main() -> None:
    args = parse_args()
    skip = set() if args.fresh else done_before()
    machine = describe_machine()
    rng = np.random.default_rng(0)
    print(f"load average before: {os.getloadavg()}; {machine}")
    print(f"{'what':<10} {'n':>3} {'subsets':>10} {'packages':>9} {'best s':>10}")
    for n in [int(s) for s in args.sizes.split(",")]:
        if ("enumerate", n) in skip:
            print(f"enumerate  {n:>3}  (already in {RESULTS.name})")
            continue
        credits = {f"C{k:02d}": int(c) for k, c in enumerate(rng.choice([3, 4], size=n, p=[0.6, 0.4]))}
        scores = {code: float(s) for code, s in zip(credits, rng.uniform(-0.2, 0.8, n))}
        seconds, table = best_time(
            lambda: enumerate_packages(
                credits, scores, max_credits=args.max_credits, min_credits=args.min_credits, max_courses=max(n, 20)
            ),
            args.repeats,
        )
        row = {
            "what": "enumerate",
            "n_courses": n,
            "subsets": 2**n,
            "packages": len(table),
            "best_seconds": f"{seconds:.6f}",
            "repeats": args.repeats,
            "load_1min": f"{os.getloadavg()[0]:.2f}",
            "machine": machine,
        }
        record(row)
        print(f"enumerate  {n:>3} {2**n:>10,} {len(table):>9,} {seconds:>10.6f}")
    if ("advise", 0) not in skip:
        data = datasets.load("advising-synthetic")
        student = data.students.query("cohort == '33' and terms == 1")["student"].iloc[0]
        seconds_corr, correlation = best_time(lambda: course_correlation(data.records), args.repeats)
        seconds, advice = best_time(
            lambda: advise(data.curriculum, data.records, student, correlation=correlation), args.repeats
        )
        record(
            {
                "what": "correlate",
                "n_courses": 0,
                "subsets": 0,
                "packages": 0,
                "best_seconds": f"{seconds_corr:.6f}",
                "repeats": args.repeats,
                "load_1min": f"{os.getloadavg()[0]:.2f}",
                "machine": machine,
            }
        )
        record(
            {
                "what": "advise",
                "n_courses": 0,
                "subsets": 2 ** len(advice.courses),
                "packages": len(advice.packages),
                "best_seconds": f"{seconds:.6f}",
                "repeats": args.repeats,
                "load_1min": f"{os.getloadavg()[0]:.2f}",
                "machine": machine,
            }
        )
        print(f"correlation matrix of {len(data.records):,} records, 42 courses: {seconds_corr:.4f} s")
        print(
            f"advise one student ({len(advice.courses)} offered, {len(advice.packages)} packages, "
            f"correlations given): {seconds:.4f} s"
        )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
