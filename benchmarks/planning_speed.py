"""Benchmark of lecture 05 (planning): wall time of the ALNS on the paper's school sizes.

Generates a school as in section 5.1 (default: the paper's medium school, 800 learners,
sigma 1, w 0.5, mixed teacher degrees) and runs the ALNS for 25,000 iterations (the paper:
about 110 s for 800 learners), printing the wall time, the time per iteration, the objective
against the greedy baseline and everyone-in-self-study, and the load average.

With ``--against COMMIT`` it measures this checkout's library side by side with a frozen copy
of the library at ``COMMIT`` (``git archive`` into a temporary folder): each run is a fresh
process, old and new take turns (``--repeats`` pairs), and the script prints the seconds per
iteration of each (wall and CPU, imports excluded), their ratio per pair and the median, and
whether both searches ended identically (objective and the whole history of objectives):

    taskset -c 1 .venv/bin/python benchmarks/planning_speed.py --against ed7b8c1

Smaller: ``--iterations 2000``; other sizes: ``--learners 800 1600``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import load_average

ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, nargs="+", default=[800], help="school sizes (default 800)")
    parser.add_argument("--sigma", type=float, default=1.0, help="demand spread (default 1)")
    parser.add_argument("--iterations", type=int, default=25_000, help="ALNS iterations (default 25000)")
    parser.add_argument("--seed", type=int, default=0, help="instance and ALNS seed")
    parser.add_argument("--against", metavar="COMMIT", help="compare with a frozen copy of the library at COMMIT")
    parser.add_argument("--repeats", type=int, default=2, help="old/new pairs with --against (default 2)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)  # one timed run, as JSON
    return parser.parse_args()


def school(learners: int, sigma: float, seed: int):
    from edulab.planning import QUALIFICATION_MIXES, generate_instance

    return generate_instance(
        learners=learners, sigma=sigma, qualification_mix=QUALIFICATION_MIXES["mixed"], random_state=seed
    )


def timed_run(learners: int, sigma: float, iterations: int, seed: int) -> dict:
    """One ALNS run in this process, imports and the instance's set-up excluded from the times."""
    import alns  # noqa: F401  (imported before the clock starts, as the lecture has it imported)

    from edulab.planning import ALNSConfig, solve

    instance = school(learners, sigma, seed)
    solve(instance, "alns", ALNSConfig(iterations=1), random_state=seed, progress=False)  # warm the look-ups
    wall, cpu = time.perf_counter(), time.process_time()
    result = solve(instance, "alns", ALNSConfig(iterations=iterations), random_state=seed, progress=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    history = np.ascontiguousarray(result.details.current_history, dtype=float)
    return {
        "wall": wall,
        "cpu": cpu,
        "objective": result.objective,
        "history": hashlib.sha256(history.tobytes()).hexdigest()[:16],
        "assignments": hashlib.sha256(result.schedule.assignments.tobytes()).hexdigest()[:16],
    }


def frozen_library(commit: str, folder: Path) -> Path:
    """The library at ``commit``, unpacked into ``folder``; returns the folder to put on PYTHONPATH."""
    archive = subprocess.run(["git", "archive", commit, "lib"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "lib"


def worker(library: Path, args: argparse.Namespace, learners: int) -> dict:
    command = [sys.executable, __file__, "--worker", "--learners", str(learners), "--sigma", str(args.sigma)]
    command += ["--iterations", str(args.iterations), "--seed", str(args.seed)]
    env = {**os.environ, "PYTHONPATH": str(library)}
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def side_by_side(args: argparse.Namespace) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", args.against], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="edulab-frozen-") as folder:
        old_library = frozen_library(commit, Path(folder))
        new_library = ROOT / "lib"
        for learners in args.learners:
            print(
                f"{learners} learners, sigma {args.sigma:g}, {args.iterations} iterations: library at {commit} "
                f"(old) against this checkout ({head.strip()}{', with changes' if dirty() else ''}) (new)"
            )
            ratios_wall, ratios_cpu, same = [], [], True
            for pair in range(args.repeats):
                old = worker(old_library, args, learners)
                new = worker(new_library, args, learners)
                ratios_wall.append(old["wall"] / new["wall"])
                ratios_cpu.append(old["cpu"] / new["cpu"])
                identical = all(old[key] == new[key] for key in ("objective", "history", "assignments"))
                same &= identical
                print(
                    f"  pair {pair + 1}: old {1000 * old['wall'] / args.iterations:.3f} ms/it wall, "
                    f"{1000 * old['cpu'] / args.iterations:.3f} CPU; new {1000 * new['wall'] / args.iterations:.3f} "
                    f"wall, {1000 * new['cpu'] / args.iterations:.3f} CPU; old/new {ratios_wall[-1]:.2f} wall, "
                    f"{ratios_cpu[-1]:.2f} CPU; objective {new['objective']:.4f}, "
                    f"{'identical results' if identical else 'RESULTS DIFFER: ' + json.dumps([old, new])}; "
                    f"load average {load_average()}",
                    flush=True,
                )
            print(
                f"  median old/new: {statistics.median(ratios_wall):.2f} wall, {statistics.median(ratios_cpu):.2f} "
                f"CPU over {args.repeats} pair(s); {'identical' if same else 'DIFFERENT'} results for the same seed"
            )
    print(f"load average after: {load_average()}")


def dirty() -> bool:
    status = subprocess.run(["git", "status", "--porcelain", "lib"], cwd=ROOT, capture_output=True, text=True)
    return bool(status.stdout.strip())


def main() -> None:
    args = parse_args()
    if args.worker:
        print(json.dumps(timed_run(args.learners[0], args.sigma, args.iterations, args.seed)))
        return
    if args.against:
        side_by_side(args)
        return

    from edulab.planning import ALNSConfig, solve

    print(f"load average before: {load_average()}")
    for learners in args.learners:
        instance = school(learners, args.sigma, args.seed)
        greedy = solve(instance, "greedy")
        started = time.perf_counter()
        result = solve(instance, "alns", ALNSConfig(iterations=args.iterations), random_state=args.seed, progress=False)
        wall = time.perf_counter() - started
        print(
            f"{learners} learners, sigma {args.sigma:g}: {args.iterations} ALNS iterations in {wall:.1f} s "
            f"({1000 * wall / max(args.iterations, 1):.2f} ms per iteration)\n"
            f"  objective {result.objective:.4f} (greedy {greedy.objective:.4f} in {greedy.seconds:.2f} s; "
            f"everyone in self-study {instance.self_study_value.sum():.4f}); ALNS above greedy by "
            f"{100 * (result.objective - greedy.objective) / greedy.objective:.2f}%\n"
            f"  self-study share {100 * result.self_study_share:.1f}%; best found at iteration "
            f"{int(np.argmax(result.details.best_history >= result.objective - 1e-9))}"
        )
        print(f"  load average after: {load_average()}", flush=True)


if __name__ == "__main__":
    main()
