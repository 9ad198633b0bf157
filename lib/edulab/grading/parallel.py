"""Autograde a whole class in parallel on Dask, nothing lost and nothing graded twice.

One task grades one (student, assignment). It carries everything as bytes, so a worker needs no
filesystem shared with the instructor: the course's ``nbgrader_config.py``, the files of the
assignment's source folder that are not notebooks (its data; nbgrader copies them next to each
submission), a private SQLite gradebook holding only the assignment's definition
(:mod:`edulab.grading.gradebook`) and the student's submitted folder. The worker builds a
private course in a temporary folder and runs nbgrader's own ``Autograde`` converter there, with
the kernel in the sandbox (:mod:`edulab.grading.execute`); it sends back the autograded notebooks
and the scores nbgrader stored. Only the instructor's process writes the course's gradebook, one
transaction per submission as results arrive, so an interrupted run keeps what it graded and a
re-run resumes.

A task that fails (nbgrader raised, its worker died) is retried by
Dask (``retries``, and a worker's death makes Dask run the task elsewhere); one that still fails
is listed with its reason. A submission whose kernel dies or hangs is graded: the sandboxed
``Execute`` scores the cell that killed it 0 and goes on.

References
----------
.. [1] Dask.distributed: ``LocalCluster``, ``Client.submit(..., retries=)``, ``as_completed``.
.. [2] nbgrader's documentation recommends a server database (PostgreSQL) for many graders.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Folders and files of the course that a task never needs (nbgrader's own ignore list adds more).
_SKIP = (".ipynb_checkpoints", "__pycache__")
#: A folder in memory (Linux's tmpfs) for the task's private gradebook, used when it has room.
MEMORY_FOLDER = Path("/dev/shm")


@dataclass
class Failure:
    """A submission that was not graded, and why."""

    student: str
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ClassResult:
    """The outcome of :func:`autograde_class`: what was graded now, skipped as graded before, failed."""

    assignment: str
    graded: list = field(default_factory=list)  # edulab.course.Grade
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "assignment": self.assignment,
            "graded": [g.to_dict() for g in self.graded],
            "skipped": self.skipped,
            "failed": [f.to_dict() for f in self.failed],
            "interrupted": self.interrupted,
            "seconds": self.seconds,
        }


def _files(folder: Path, notebooks: bool) -> dict[str, bytes]:
    """The files under ``folder`` by relative path: only notebooks, or everything else."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part in _SKIP for part in path.relative_to(folder).parts):
            continue
        if (path.suffix == ".ipynb") == notebooks:
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ValueError(f"refusing to write {name!r} outside {folder}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def assignment_package(root: Path, assignment: str, db_url: str) -> dict:
    """What every task of ``assignment`` shares: configuration, data files and a private gradebook (bytes).

    The private gradebook is a SQLite file holding only the assignment's definition
    (:func:`edulab.grading.gradebook.private_gradebook`). It is built once here, not in every
    task: recording the definition takes dozens of commits, 0.4 s a task on this machine.
    """
    from edulab.grading.gradebook import private_gradebook

    source = Path(root) / "solutions" / assignment
    return {
        "assignment": assignment,
        "config": (Path(root) / "nbgrader_config.py").read_bytes(),
        "source_files": _files(source, notebooks=False) if source.is_dir() else {},
        "gradebook": private_gradebook(db_url, assignment),
    }


def submission_files(root: Path, assignment: str, student: str) -> dict[str, bytes]:
    """The student's submitted folder (notebooks, ``timestamp.txt``, other files), by relative path."""
    folder = Path(root) / "grading" / "submitted" / student / assignment
    return {**_files(folder, notebooks=False), **_files(folder, notebooks=True)}


class _LogLines(logging.Handler):
    """Keeps nbgrader's warnings and errors as ``[LEVEL] message`` lines (what course.grader_warnings reads)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"[{record.levelname}] {record.getMessage()}")


def grade_submission(package: dict, student: str, submission: dict[str, bytes], unsafe: bool = False) -> dict:
    """Grade one submission in a private course (runs on a Dask worker; needs nothing of the instructor's).

    nbgrader's ``Autograde`` converter runs in the worker's process (a worker has one thread, so
    the folder it changes into is its own); the kernel runs in the sandbox, and dies with the
    worker. A submission is bounded by nbgrader's timeout per cell and the kernel's limits.

    Parameters
    ----------
    package
        From :func:`assignment_package`.
    student, submission
        The student and the files of their submitted folder (from :func:`submission_files`).
    unsafe
        Grade without the sandbox (only where bubblewrap is missing; never on a real class).

    Returns
    -------
    dict
        ``result`` (scores and comments, :func:`edulab.grading.gradebook.read_result`),
        ``notebooks`` (the autograded notebooks as bytes), ``log`` (nbgrader's warnings),
        ``seconds`` and ``worker`` (host and process id).
    """
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning
    from traitlets.config.loader import PyFileConfigLoader

    from edulab import course
    from edulab.grading.gradebook import read_result

    assignment = package["assignment"]
    course._sandbox_arguments(unsafe)
    start = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="edulab-task-") as scratch,
        tempfile.TemporaryDirectory(prefix="edulab-gradebook-", dir=_memory_folder(package["gradebook"])) as books,
    ):
        root = Path(scratch) / "course"
        root.mkdir()
        (root / "nbgrader_config.py").write_bytes(package["config"])
        _write(root / "solutions" / assignment, package["source_files"])
        _write(root / "grading" / "submitted" / student / assignment, submission)
        (Path(books) / "gradebook.db").write_bytes(package["gradebook"])
        db_url = f"sqlite:///{Path(books) / 'gradebook.db'}"
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
        config.CourseDirectory.db_url = db_url
        config.CourseDirectory.assignment_id = assignment
        config.CourseDirectory.student_id = student
        config.SandboxedExecute.unsafe = unsafe
        converter = Autograde(coursedir=CourseDirectory(config=config), config=config)
        handler = _LogLines()
        converter.log.addHandler(handler)
        try:
            with warnings.catch_warnings():
                # nbgrader's add_submission trips SQLAlchemy 2's autoflush three times a submission
                # ("not in session, add operation ... will not proceed"); it adds the rows itself
                # right after, and the scores equal serial grading's (tests/grading/test_parallel.py).
                warnings.filterwarnings("ignore", category=SAWarning, module=r"nbgrader\.api")
                converter.start()
        except Exception as error:  # noqa: BLE001 - nbgrader's reason goes to the failure list
            reason = "; ".join(line.strip().splitlines()[-1] for line in handler.lines[-3:] if line.strip()) or str(
                error
            )
            raise RuntimeError(
                f"nbgrader autograde of {student}/{assignment} failed: {type(error).__name__}: {reason}"
            ) from None
        finally:
            converter.log.removeHandler(handler)
        notebooks = _files(root / "grading" / "autograded" / student / assignment, notebooks=True)
        return {
            "result": read_result(db_url, assignment, student),
            "notebooks": notebooks,
            "log": "\n".join(handler.lines),
            "seconds": time.perf_counter() - start,
            "worker": f"{os.uname().nodename}:{os.getpid()}",
        }


def _memory_folder(gradebook: bytes) -> str | None:
    """:data:`MEMORY_FOLDER` when it is there with room for the private gradebook; else None (the temporary folder).

    nbgrader commits to the gradebook a few dozen times a submission, and SQLite flushes each
    commit to disk: on this machine's disk that is 0.3-0.9 s of every 3-5 s task. The private
    gradebook is thrown away with the task (the instructor's process writes the scores that
    count), so it needs no flush. Containers often have a small ``/dev/shm`` (64 MB under Docker):
    it is used only with room for 100 times the gradebook.
    """
    try:
        room = shutil.disk_usage(MEMORY_FOLDER).free
    except OSError:
        return None
    return str(MEMORY_FOLDER) if room > 100 * len(gradebook) and os.access(MEMORY_FOLDER, os.W_OK) else None


@contextlib.contextmanager
def _ctrl_c_noted():
    """Within the block a Ctrl-C is only noted in the list this yields (in the main thread; elsewhere no change).

    The grading loop reads the note between submissions, so recording one (its notebooks, its
    gradebook row, its line of the table) is all or nothing, and no Ctrl-C is lost: Python's own
    KeyboardInterrupt, raised while the main thread ran a finaliser (Dask's ``Future.__del__``
    releases its future), was printed and swallowed, and the class was graded to the end.
    """
    noted: list[int] = []
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield noted
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: noted.append(number))
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)


def record(root: Path, db_url: str, assignment: str, student: str, outcome: dict):
    """Write one task's outcome: the autograded notebooks under ``grading/autograded``, then the gradebook.

    Returns the :class:`edulab.course.Grade` of the submission, read back from the gradebook.
    """
    from edulab import course
    from edulab.grading.gradebook import write_result

    folder = Path(root) / "grading" / "autograded" / student / assignment
    for old in folder.glob("*.ipynb"):
        old.unlink()
    _write(folder, outcome["notebooks"])
    write_result(db_url, assignment, student, outcome["result"])
    grade = read_grade(db_url, assignment, student, seconds=outcome["seconds"])
    grade.errors = course.execution_errors(folder)
    grade.warnings = course.grader_warnings(outcome["log"])
    return grade


def read_grade(db_url: str, assignment: str, student: str, seconds: float = 0.0):
    """The :class:`edulab.course.Grade` of one submission, read from the gradebook."""
    from nbgrader.api import Gradebook

    from edulab import course

    with Gradebook(db_url) as gb:
        submission = gb.find_submission(assignment, student)
        tests = [g for nb in submission.notebooks for g in nb.grades if g.cell_type == "code"]
        return course.Grade(
            assignment=assignment,
            student=student,
            score=float(submission.code_score),
            max_score=float(submission.max_code_score),
            tests_passed=sum(1 for g in tests if g.auto_score == g.max_score),
            tests=len(tests),
            seconds=round(seconds, 1),
            zero_tests=[g.name for g in tests if g.auto_score == 0],
        )


#: Dask settings of the local cluster. Its defaults suit many short tasks watched on a dashboard:
#: every process checks its event loop every 20 ms, each worker samples its task's stack every
#: 10 ms and polls memory every 100 ms, the system every 500 ms. An idle 2-worker cluster then
#: takes 14 % of a core here (2 % with these settings), CPU that a grading task of 3-10 s needs more.
#: ``worker-saturation`` 1.0 sends a worker its next submission only when it is free, so none waits
#: behind a slow one.
LOCAL_CLUSTER_CONFIG = {
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.scheduler.worker-saturation": 1.0,
}


def _quick_exit_plugin():
    """A Dask worker plugin that freezes the worker's heap (``gc.freeze``) when the worker closes.

    The interpreter's final garbage collections then skip the objects a grading left (nbgrader,
    SQLAlchemy, Dask): they took 3-4 s a worker here, so the nanny's 4 s deadline often killed
    the worker ("still alive after 4.0 seconds") and every class waited for it.
    """
    from dask.distributed import WorkerPlugin

    class QuickExit(WorkerPlugin):
        name = "edulab-quick-exit"

        def teardown(self, worker) -> None:
            import gc

            gc.freeze()

    return QuickExit()


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A Dask client: of the running cluster at ``scheduler``, or of a new local cluster.

    The local cluster has ``workers`` processes (default: the machine's cores), one thread each:
    a task is one nbgrader process and its kernel, so threads would only compete for the core.
    It runs with :data:`LOCAL_CLUSTER_CONFIG` and :func:`_quick_exit_plugin`; a running cluster keeps
    its own settings.
    """
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    if count < 1:
        raise ValueError(f"workers={workers!r}: expected a positive number of worker processes")
    with (
        dask.config.set(LOCAL_CLUSTER_CONFIG),
        LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(_quick_exit_plugin())
        yield client


def autograde_class(
    root: Path,
    assignment: str,
    students: list[str] | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    db_url: str | None = None,
    force: bool = False,
    unsafe: bool = False,
    retries: int = 2,
    progress: bool = True,
    client=None,
) -> ClassResult:
    """Autograde every collected submission of ``assignment`` on Dask; the instructor's process writes the gradebook.

    Parameters
    ----------
    root
        The course folder (``nbgrader_config.py``, ``solutions/``, ``grading/submitted/``).
    assignment, students
        What to grade (default: every submission collected into ``grading/submitted``).
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); default: a local cluster.
    workers
        Worker processes of the local cluster (default: the machine's cores).
    db_url
        The gradebook's SQLAlchemy URL (default: SQLite ``grading/gradebook.db``); for
        PostgreSQL, ``postgresql+psycopg://user@host:port/dbname``.
    force
        Grade again what the gradebook already holds (by default it is skipped).
    unsafe
        Grade without the sandbox (refused otherwise where bubblewrap cannot run).
    retries
        How often Dask runs a failed task again before it is listed as failed.
    progress
        Show a progress bar (graded / total, failures).
    client
        A ``dask.distributed.Client`` to use instead of ``scheduler``/``workers``.
    """
    from edulab import course
    from edulab.grading.gradebook import (
        copy_assignment,
        default_db_url,
        graded_students,
    )

    root = Path(root)
    db_url = db_url or default_db_url(root)
    names = students or course.submitted_students(root, assignment)
    if not names:
        raise FileNotFoundError(f"no submission of {assignment!r} in {root / 'grading' / 'submitted'}: collect first")
    missing = [s for s in names if not (root / "grading" / "submitted" / s / assignment).is_dir()]
    if missing:
        raise FileNotFoundError(
            f"no submission of {assignment!r} by {', '.join(missing)} in {root / 'grading' / 'submitted'}"
        )
    if retries < 0:
        raise ValueError(f"retries={retries!r}: expected 0 or more")
    course._sandbox_arguments(unsafe)  # refuse before any task when student code would run unconfined
    result = ClassResult(assignment)
    start = time.perf_counter()
    if db_url != default_db_url(root):
        copy_assignment(default_db_url(root), db_url, assignment)
    done = set() if force else graded_students(db_url, assignment)
    result.skipped = [s for s in names if s in done]
    todo = [s for s in names if s not in done]
    if not todo:
        result.seconds = time.perf_counter() - start
        return result
    package = assignment_package(root, assignment, db_url)
    context = contextlib.nullcontext(client) if client is not None else dask_client(scheduler, workers)
    try:
        with context as connected:
            _run(connected, root, db_url, assignment, todo, package, result, unsafe, retries, progress)
    except KeyboardInterrupt:  # while the cluster started or stopped: the gradebook holds what was graded
        result.interrupted = True
    result.seconds = time.perf_counter() - start
    return result


def _run(client, root, db_url, assignment, todo, package, result, unsafe, retries, progress) -> None:
    from dask.distributed import as_completed
    from tqdm.auto import tqdm

    futures = {}
    bar = tqdm(total=len(todo), desc=f"autograde {assignment}", unit="submission", disable=not progress)
    try:
        [shared] = client.scatter([package], broadcast=True)
        for student in todo:
            future = client.submit(
                grade_submission,
                shared,
                student,
                submission_files(root, assignment, student),
                unsafe,
                key=f"autograde-{assignment}-{student}-{time.time_ns()}",
                retries=retries,
                pure=False,
            )
            futures[future] = student
        completed = as_completed(futures)
        with _ctrl_c_noted() as ctrl_c:
            while not completed.is_empty():
                if ctrl_c:
                    raise KeyboardInterrupt
                if not completed.has_ready():
                    time.sleep(0.1)
                    continue
                future = completed.next()
                student = futures[future]
                try:
                    result.graded.append(record(root, db_url, assignment, student, future.result()))
                except Exception as error:  # noqa: BLE001 - every failure is listed with its reason
                    result.failed.append(Failure(student, f"{type(error).__name__}: {error}"))
                bar.update(1)
                bar.set_postfix(failed=len(result.failed))
    except KeyboardInterrupt:
        result.interrupted = True
        client.cancel(list(futures))
    finally:
        bar.close()
    result.graded.sort(key=lambda g: g.student)
    result.failed.sort(key=lambda f: f.student)


def result_table(result: ClassResult) -> str:
    """The final table: one row per graded submission, then the failures and what was skipped."""
    from edulab import course

    lines = [course.grade_table(result.graded)] if result.graded else ["nothing graded in this run"]
    for failure in result.failed:
        lines.append(f"FAILED {failure.student}: {failure.reason}")
    if result.skipped:
        lines.append(f"skipped {len(result.skipped)} already graded (--force grades them again)")
    lines.append(
        f"{len(result.graded)} graded, {len(result.failed)} failed, {len(result.skipped)} skipped "
        f"in {result.seconds:.0f} s" + (" (interrupted: run again to resume)" if result.interrupted else "")
    )
    return "\n".join(lines)
