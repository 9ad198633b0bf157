"""Parallel grading on a 2-worker Dask ``LocalCluster`` with one worker SIGKILLed in the middle."""

from __future__ import annotations

import os
import signal
import threading
import time

from edulab.grading import parallel
from edulab.grading.gradebook import graded_students


def autograde_killing_a_worker(root, assignment: str, db_url: str, after: int, poll: float = 0.5, **options):
    """``autograde_class`` on 2 local workers; one is killed once ``after`` submissions are in ``db_url``.

    Returns the :class:`~edulab.grading.parallel.ClassResult` and how many submissions the
    gradebook held when the worker was killed (None when it never was).
    """
    from dask.distributed import Client, LocalCluster

    graded_students(db_url, assignment)  # the gradebook's tables exist before the watching thread reads them
    killed = []
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())

        def kill_one_worker_in_the_middle():
            deadline = time.monotonic() + 1800
            while time.monotonic() < deadline and len(graded_students(db_url, assignment)) < after:
                time.sleep(poll)
            os.kill(pids[0], signal.SIGKILL)
            killed.append(len(graded_students(db_url, assignment)))

        killer = threading.Thread(target=kill_one_worker_in_the_middle, daemon=True)
        killer.start()
        result = parallel.autograde_class(root, assignment, client=client, db_url=db_url, progress=False, **options)
        killer.join(timeout=5)
    return result, (killed[0] if killed else None)
