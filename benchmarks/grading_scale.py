"""Grading a class: nbgrader's serial autograde against the kit's parallel grading on Dask, same run.

For each lecture (00 and 03 by default) a synthetic class of ``--students`` submissions is made
by :mod:`edulab.grading.synthetic` (right, wrong and broken answers) and put into two fresh
copies of the course. One copy is graded by plain ``nbgrader autograde LECTURE`` (every student,
one after another, student code in the kit's sandbox as ``nbgrader_config.py`` says); the other
by ``edulab.grading.parallel.autograde_class`` on a Dask LocalCluster of ``--workers`` workers.
Prints wall times, their ratio, the machine's busy CPU time during each (every process: on an
idle machine, what that grading cost), the load average before and after, and whether every score is
identical (and equal to what the generator expects). Appends a row per lecture to
benchmarks/results/grading_scale.csv.

    .venv/bin/python benchmarks/grading_scale.py                # 100 submissions each of 00 and 03
    .venv/bin/python benchmarks/grading_scale.py --students 6   # a quick try

Run it on an otherwise idle machine: both gradings want both cores. The exit status is 1 when a
score differs or a submission failed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from common import ResultsFile, busy_processes, load_average, machine

os.environ.setdefault("EDULAB_FAST", "1")

REPOSITORY = Path(__file__).resolve().parents[1]
FIELDS = (
    "lecture",
    "students",
    "workers",
    "serial_seconds",
    "parallel_seconds",
    "ratio",
    "serial_cpu_seconds",
    "parallel_cpu_seconds",
    "identical",
    "failed",
    "load_1_5_15",
    "load_before",
    "machine",
    "when",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lectures", default="00_getting_started,03_advising", help="comma-separated assignments")
    parser.add_argument("--students", type=positive, default=100, help="submissions per lecture (default 100)")
    parser.add_argument("--workers", type=positive, default=2, help="Dask workers of the parallel grading (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a positive whole number")
    return value


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (``/proc/stat``: all but idle and iowait).

    Counted machine-wide because the kernels run in the sandbox's own PID namespace, where their
    CPU time never reaches this process's children's account. On an otherwise idle machine the
    difference over a grading is that grading's CPU time.
    """
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def make_class(folder: Path, lecture: str, students: list) -> Path:
    from edulab import course
    from edulab.grading import synthetic

    root = course.temporary_course(REPOSITORY, folder, [lecture])
    course.generate(root, lecture)
    synthetic.write_submissions(root, lecture, students)
    return root


def serial(root: Path, lecture: str, names: list[str]) -> tuple[float, dict[str, float]]:
    from edulab import course
    from edulab.grading.gradebook import default_db_url
    from edulab.grading.parallel import read_grade

    start = time.perf_counter()
    course._run_nbgrader(root, "autograde", lecture)
    seconds = time.perf_counter() - start
    return seconds, {name: read_grade(default_db_url(root), lecture, name).score for name in names}


def parallel(root: Path, lecture: str, workers: int):
    from edulab.grading.parallel import autograde_class

    start = time.perf_counter()
    result = autograde_class(root, lecture, workers=workers)
    return time.perf_counter() - start, result


def main() -> int:
    args = parse_args()
    from edulab import course
    from edulab.grading import synthetic

    results = ResultsFile("grading_scale.csv", FIELDS, ("lecture", "students", "workers"))
    print(f"machine: {machine()}; busy: {busy_processes()}")
    summary, ok = [], True
    for lecture in args.lectures.split(","):
        [source] = course.source_notebooks(REPOSITORY, lecture)
        students = synthetic.synthetic_class(source, synthetic.VARIANTS.get(lecture, {}), args.students, args.seed)
        names = [s.name for s in students]
        with tempfile.TemporaryDirectory(prefix="edulab-bench-") as scratch:
            before = load_average()
            serial_root = make_class(Path(scratch) / "serial", lecture, students)
            cpu = busy_cpu_seconds()
            serial_seconds, serial_scores = serial(serial_root, lecture, names)
            serial_cpu = busy_cpu_seconds() - cpu
            parallel_root = make_class(Path(scratch) / "parallel", lecture, students)
            cpu = busy_cpu_seconds()
            parallel_seconds, result = parallel(parallel_root, lecture, args.workers)
            parallel_cpu = busy_cpu_seconds() - cpu
        scores = {g.student: g.score for g in result.graded}
        expected = {s.name: s.expected_score for s in students}
        identical = scores == serial_scores
        ratio = serial_seconds / parallel_seconds
        print(f"\n== {lecture}: {len(students)} submissions")
        print(f"serial nbgrader autograde:    {serial_seconds:8.1f} s  ({serial_seconds / len(students):.1f} s each)")
        print(
            f"parallel, {args.workers} Dask workers:     {parallel_seconds:8.1f} s  ({len(result.graded)} graded, {len(result.failed)} failed)"
        )
        print(f"ratio serial / parallel:      {ratio:8.2f}x")
        print(
            f"machine CPU busy: serial {serial_cpu:.1f} s ({serial_cpu / serial_seconds:.2f} cores), "
            f"parallel {parallel_cpu:.1f} s ({parallel_cpu / parallel_seconds:.2f} cores); at that CPU cost "
            f"{os.cpu_count()} cores allow a ratio of at most {os.cpu_count() * serial_seconds / parallel_cpu:.2f}x"
        )
        print(f"scores identical to serial:   {identical}; equal to the generator's: {scores == expected}")
        if not identical:
            differ = sorted(n for n in names if scores.get(n) != serial_scores.get(n))
            print(f"  differ: {[(n, serial_scores.get(n), scores.get(n)) for n in differ[:10]]}")
        for failure in result.failed:
            print(f"  FAILED {failure.student}: {failure.reason}")
        after = load_average()
        print(f"load average (1 5 15 min) before {before}, after {after}; busy: {busy_processes()}")
        ok = ok and identical and not result.failed
        summary.append(
            f"{lecture:<20} {len(students):>8} {serial_seconds:>9.1f} s {parallel_seconds:>9.1f} s {ratio:>6.2f}x  "
            f"{'yes' if identical else 'NO':<9} {after}"
        )
        results.append(
            {
                "lecture": lecture,
                "students": len(students),
                "workers": args.workers,
                "serial_seconds": round(serial_seconds, 1),
                "parallel_seconds": round(parallel_seconds, 1),
                "ratio": round(ratio, 2),
                "serial_cpu_seconds": round(serial_cpu, 1),
                "parallel_cpu_seconds": round(parallel_cpu, 1),
                "identical": identical,
                "failed": len(result.failed),
                "load_before": before,
                "machine": machine(),
            }
        )
    print(f"\n{'lecture':<20} {'students':>8} {'serial':>11} {'parallel':>11} {'ratio':>7}  identical load after")
    print("\n".join(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
