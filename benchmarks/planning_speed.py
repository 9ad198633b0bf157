"""Benchmark of lecture 05 (planning): wall time of the ALNS on the paper's school sizes.

Generates a school as in section 5.1 (default: the paper's medium school, 800 learners,
sigma 1, w 0.5, mixed teacher degrees) and runs the ALNS for 25,000 iterations (the paper:
about 110 s for 800 learners), printing the wall time, the time per iteration, the objective
against the greedy baseline and everyone-in-self-study, and the load average.

Timed runs belong on core 1:

    flock /work/locks/core1.lock taskset -c 1 .venv/bin/python benchmarks/planning_speed.py

Smaller: ``--iterations 2000``; other sizes: ``--learners 800 1600``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from common import load_average


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, nargs="+", default=[800], help="school sizes (default 800)")
    parser.add_argument("--sigma", type=float, default=1.0, help="demand spread (default 1)")
    parser.add_argument("--iterations", type=int, default=25_000, help="ALNS iterations (default 25000)")
    parser.add_argument("--seed", type=int, default=0, help="instance and ALNS seed")
    return parser.parse_args()


def main() -> None:
    from edulab.planning import QUALIFICATION_MIXES, ALNSConfig, generate_instance, solve

    args = parse_args()
    print(f"load average before: {load_average()}")
    for learners in args.learners:
        instance = generate_instance(
            learners=learners, sigma=args.sigma, qualification_mix=QUALIFICATION_MIXES["mixed"], random_state=args.seed
        )
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
