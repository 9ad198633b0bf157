"""Helpers shared by the benchmark scripts (not a benchmark itself).

Resumable CSV results under benchmarks/results/, the load average and what else is running
(printed with every figure), best-of-n timing, and the real data through the registry with
the shared copies as its mirror.
"""

from __future__ import annotations

import csv
import os
import platform
import subprocess
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"  # the shared copies, when present


def use_shared_mirror() -> None:
    """Let the registry read ../shared/data (when present) unless another mirror is set."""
    if not os.environ.get("EDULAB_DATA_MIRROR") and SHARED_DATA.is_dir():
        os.environ["EDULAB_DATA_MIRROR"] = str(SHARED_DATA)


def load_real(name: str = "assistments2009"):
    """The registered interactions data set, read from the shared mirror when there is one."""
    use_shared_mirror()
    from edulab.tracing.data import load_interactions

    return load_interactions(name)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def best_time(function, repeats: int = 1) -> tuple[float, object]:
    """The shortest wall time of ``repeats`` calls of ``function`` and its last value."""
    best, value = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - start)
    return best, value


def read_rows(path: Path) -> list[dict]:
    """The rows of a results CSV (none when it does not exist yet)."""
    if not path.is_file():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def append_row(path: Path, fields, row: dict) -> None:
    """Append ``row`` to the CSV at ``path``, writing the header first when the file is new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file()
    with open(path, "a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        if new:
            writer.writeheader()
        writer.writerow(row)


def busy_processes(limit: int = 4) -> str:
    """The other processes using the most CPU right now (``ps``), for the record."""
    try:
        out = subprocess.run(
            ["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"], capture_output=True, text=True, timeout=5
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "(ps unavailable)"
    rows = [" ".join(line.split()) for line in out.splitlines() if line.strip() and "ps" != line.split()[-1]]
    return "; ".join(rows[:limit])


def machine() -> str:
    return f"{platform.node()} {platform.processor() or platform.machine()} cpus={os.cpu_count()} affinity={sorted(os.sched_getaffinity(0))}"


class ResultsFile:
    """A CSV of runs, one row each, that a rerun skips (resumable benchmarks)."""

    def __init__(self, name: str, fields: tuple[str, ...], key: tuple[str, ...]):
        self.path = RESULTS / name
        self.fields, self.key = fields, key

    def rows(self) -> list[dict]:
        return read_rows(self.path)

    def done(self, **key) -> bool:
        wanted = {k: str(v) for k, v in key.items()}
        return any(all(row.get(k) == v for k, v in wanted.items()) for row in self.rows())

    def append(self, row: dict) -> None:
        append_row(
            self.path, self.fields, {"load_1_5_15": load_average(), "when": time.strftime("%Y-%m-%d %H:%M:%S"), **row}
        )


if __name__ == "__main__":
    print("common.py holds helpers of the benchmark scripts; run one of the others.")
