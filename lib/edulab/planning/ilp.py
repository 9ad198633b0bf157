"""The integer linear program (1)-(12) of Wouda, Aslan and Vis (2023), with PuLP.

Variables :math:`x_{mct}` (an activity of module m in classroom c with teacher t) and
:math:`y_{lm}` (learner l takes module m). Constraints (8)-(10) are zero upper bounds, so the
model simply leaves those variables out: an :math:`x_{mct}` exists only when classroom c and teacher
t are both qualified for m, a :math:`y_{lm}` only when :math:`D_{lm} > 0`. The other parts of (8)
and (9) (at most one classroom per teacher and module, and the converse) follow from (6) and (7).

The solution is an *implicit* schedule: how many activities each module gets, and which learners
take it. :func:`fill_activities` turns it into an explicit one, as in section 3 of the paper.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 3, equations (1)-(12).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from edulab.planning.instance import Instance
from edulab.planning.schedule import Schedule

SOLVERS = ("cbc", "highs")


def highs_available() -> bool:
    """True when ``highspy`` is installed, so ``pulp.HiGHS`` can solve (a dependency of the kit)."""
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def cbc_available() -> bool:
    """True when PuLP finds a CBC binary: bundled up to PuLP 3, from ``pulp[cbc]`` (cbcbox) from PuLP 4."""
    return bool(_cbc_engine(msg=False, time_limit=None, threads=1, log=None).available())


def default_solver() -> str:
    """``"highs"`` when highspy is installed (faster here), else ``"cbc"``."""
    return "highs" if highs_available() else "cbc"


def _cbc_engine(*, msg: bool, time_limit: float | None, threads: int, log: Path | None) -> Any:
    """PuLP's CBC command: ``PULP_CBC_CMD`` (bundled binary) before PuLP 4, ``COIN_CMD`` from PuLP 4 on."""
    import pulp

    options = {"msg": msg, "timeLimit": time_limit, "threads": threads, "logPath": str(log) if log else None}
    if hasattr(pulp, "PULP_CBC_CMD"):
        with warnings.catch_warnings():  # PuLP 3.3 warns that 4.0 unbundles CBC (pulp[cbc], COIN_CMD)
            warnings.filterwarnings("ignore", "PULP_CBC_CMD is deprecated", DeprecationWarning)
            return pulp.PULP_CBC_CMD(**options)
    return pulp.COIN_CMD(**options)


@dataclass
class Model:
    """A PuLP problem with its variables, keyed by index tuples."""

    problem: Any
    x: dict[tuple[int, int, int], Any]
    y: dict[tuple[int, int], Any]

    @property
    def n_variables(self) -> int:
        return len(self.x) + len(self.y)

    @property
    def n_constraints(self) -> int:
        return self.problem.numConstraints()


@dataclass(frozen=True)
class ILPConfig:
    """How the ILP is solved.

    Parameters
    ----------
    solver
        One of :data:`SOLVERS`: ``"cbc"`` (bundled with PuLP up to 3, ``pulp[cbc]`` from PuLP 4)
        or ``"highs"`` (needs ``highspy``); None: :func:`default_solver`.
    time_limit
        Seconds for the solver; None for no limit. On the limit the best schedule found is
        returned with status ``"feasible"`` and the solver's bound.
    threads
        Solver threads (1 keeps timings comparable).
    msg
        Show the solver's log, on standard error; without it the solver prints nothing.
    """

    solver: str | None = None
    time_limit: float | None = 120.0
    threads: int = 1
    msg: bool = False

    def __post_init__(self) -> None:
        if self.solver is not None and self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS} or None, got {self.solver!r}")
        if self.time_limit is not None and not 0 < self.time_limit < float("inf"):
            raise ValueError(f"time_limit must be > 0 seconds (finite) or None, got {self.time_limit!r}")
        if isinstance(self.threads, bool) or not isinstance(self.threads, (int, np.integer)) or self.threads < 1:
            raise ValueError(f"threads must be a positive integer, got {self.threads!r}")


@dataclass
class ILPResult:
    """Outcome of a solve.

    Attributes
    ----------
    status : str
        ``"optimal"``, ``"feasible"`` (time limit with a solution), ``"no solution"``, ``"infeasible"``.
        Optimal is within the solver's default tolerance (HiGHS stops at a relative gap of
        1e-4, so its bound may exceed the objective by that much).
    objective : float or None
        Value of the best schedule found (equation (1)); None without one.
    bound : float or None
        Best upper bound the solver proved (the objective when the solver reports none).
    seconds : float
        Seconds in the solver (model building excluded).
    build_seconds : float
        Seconds to build the model.
    solver : str
    n_variables, n_constraints : int
        Size of the model.
    self_study_share : float or None
        Fraction of learners in self-study; None without a schedule.
    schedule : Schedule or None
        The filled explicit schedule.
    """

    status: str
    objective: float | None
    bound: float | None
    seconds: float
    build_seconds: float
    solver: str
    n_variables: int
    n_constraints: int
    self_study_share: float | None = None
    schedule: Schedule | None = field(default=None, repr=False)

    @property
    def gap(self) -> float | None:
        """Relative gap (bound - objective) / objective, None when either is missing."""
        if self.objective is None or self.bound is None or self.objective == 0:
            return None
        return max(0.0, (self.bound - self.objective) / self.objective)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "ilp",
            "solver": self.solver,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": self.seconds,
            "build_seconds": self.build_seconds,
            "n_variables": self.n_variables,
            "n_constraints": self.n_constraints,
            "self_study_share": self.self_study_share,
        }


#: The constraint families of :func:`build_model`, by the prefix of their constraint names.
FAMILIES = ("capacity", "min_size", "assign", "teacher", "classroom")


def build_model(instance: Instance, without: tuple[str, ...] = ()) -> Model:
    """The ILP (1)-(12) as a PuLP maximisation problem.

    Parameters
    ----------
    without
        Constraint families of :data:`FAMILIES` to leave out (the lecture lets students add one
        back themselves); none by default.
    """
    import pulp

    unknown = [name for name in without if name not in FAMILIES]
    if unknown or isinstance(without, str):
        raise ValueError(f"without must be a tuple of names from {FAMILIES}, got {without!r}")

    problem = pulp.LpProblem("hlapp", pulp.LpMaximize)
    modules = range(instance.n_modules + 1)

    x: dict[tuple[int, int, int], Any] = {}
    for m in modules:
        for c in np.flatnonzero(instance.room_qualified[:, m]):
            for t in np.flatnonzero(instance.teacher_qualified[:, m]):
                x[m, int(c), int(t)] = _binary(problem, f"x_{m}_{c}_{t}")
    learners, eligible = np.nonzero(instance.demand > 0)  # (10): y exists only where D > 0
    y = {(int(l), int(m)): _binary(problem, f"y_{l}_{m}") for l, m in zip(learners, eligible)}

    problem += (
        pulp.lpSum(float(instance.demand[l, m]) * var for (l, m), var in y.items()),
        "demand",
    )  # (1)

    takers: dict[int, list] = {m: [] for m in modules}
    for (_, m), var in y.items():
        takers[m].append(var)
    by_module: dict[int, list] = {m: [] for m in modules}
    by_teacher: dict[int, list] = {t: [] for t in range(instance.n_teachers)}
    by_room: dict[int, list] = {c: [] for c in range(instance.n_classrooms)}
    for (m, c, t), var in x.items():
        by_module[m].append((c, var))
        by_teacher[t].append(var)
        by_room[c].append(var)

    for m in modules:
        learners_m = pulp.lpSum(takers[m])
        seats = pulp.lpSum(float(instance.activity_capacity(c, m)) * var for c, var in by_module[m])
        if "capacity" not in without:
            problem += learners_m <= seats, f"capacity_{m}"  # (2), and (3) for m = mS
        count = pulp.lpSum(float(instance.min_batch) * var for _, var in by_module[m])
        if "min_size" not in without:
            problem += learners_m >= count, f"min_size_{m}"  # (4)
    by_learner: dict[int, list] = {l: [] for l in range(instance.n_learners)}
    for (l, _), var in y.items():
        by_learner[l].append(var)
    for l, variables in by_learner.items():
        if "assign" not in without:
            problem += pulp.lpSum(variables) == 1, f"assign_{l}"  # (5)
    for t, variables in by_teacher.items():
        if variables and "teacher" not in without:
            problem += pulp.lpSum(variables) <= 1, f"teacher_{t}"  # (6)
    for c, variables in by_room.items():
        if variables and "classroom" not in without:
            problem += pulp.lpSum(variables) <= 1, f"classroom_{c}"  # (7)
    return Model(problem, x, y)


def _binary(problem: Any, name: str) -> Any:
    """A binary variable of ``problem`` (``add_variable`` from PuLP 3.3 on, ``LpVariable`` before)."""
    import pulp

    if hasattr(problem, "add_variable"):
        return problem.add_variable(name, cat=pulp.LpBinary)
    return pulp.LpVariable(name, cat=pulp.LpBinary)


def solve_ilp(instance: Instance, config: ILPConfig | None = None, *, model: Model | None = None) -> ILPResult:
    """Solve the ILP and fill the activities with learners.

    Parameters
    ----------
    config
        Solver, time limit, threads and log (see :class:`ILPConfig`); its defaults when None.
    model
        A model of ``instance`` built (and perhaps completed) beforehand, as :func:`build_model`
        returns it; None builds it (a given model counts no build time).
    """
    import pulp

    config = config or ILPConfig()
    solver = config.solver or default_solver()
    if solver == "highs" and not highs_available():
        raise ValueError("solver 'highs' needs the highspy package (pip install highspy)")
    if solver == "cbc" and not cbc_available():
        raise ValueError("solver 'cbc' needs a CBC binary: from PuLP 4 on, pip install 'pulp[cbc]'")

    started = time.perf_counter()
    model = build_model(instance) if model is None else model
    build_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="edulab-ilp-") as folder:
        log = Path(folder) / "cbc.log"
        if solver == "cbc":
            engine = _cbc_engine(msg=config.msg, time_limit=config.time_limit, threads=config.threads, log=log)
        else:
            engine = pulp.HiGHS(msg=config.msg, timeLimit=config.time_limit, threads=config.threads)
        started = time.perf_counter()
        with _solver_output(to_stderr=config.msg):
            returned = model.problem.solve(engine)
        seconds = time.perf_counter() - started
        cbc_log = log.read_text(errors="replace") if solver == "cbc" and log.exists() else ""

    status = _status(model.problem, returned)
    objective = bound = share = schedule = None
    if status in ("optimal", "feasible"):
        schedule = fill_activities(instance, model)
        objective = schedule.objective(instance)
        share = schedule.self_study_share(instance)
        bound = _bound(model.problem, solver, cbc_log)
        if bound is None or status == "optimal" and bound < objective:
            bound = objective
        meta = {"method": f"ilp-{solver}", "status": status, "objective": objective, "bound": bound}
        schedule.meta.update(meta, seconds=seconds)
    size = (model.n_variables, model.n_constraints)
    return ILPResult(status, objective, bound, seconds, build_seconds, solver, *size, share, schedule)


@contextlib.contextmanager
def _solver_output(*, to_stderr: bool):
    """Keep the solvers' own output off standard output (so ``--json`` prints only JSON).

    HiGHS prints a banner from C++ even with ``msg=False``, which Python's ``sys.stdout`` never
    sees, so the process's file descriptor 1 itself is pointed at standard error (``to_stderr``)
    or at the null device for the duration of the solve.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(2 if to_stderr else null.fileno(), 1)
        try:
            yield
        finally:
            _flush_c_stdio()  # what the solver buffered belongs to the redirected stream
            os.dup2(saved, 1)
            os.close(saved)


def _flush_c_stdio() -> None:
    """``fflush(NULL)``: write out C's buffered output (a no-op where no C library is found)."""
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, TypeError, AttributeError):  # Windows has no process-wide C library handle
        pass


def _status(problem: Any, returned: Any) -> str:
    """``"optimal"``, ``"feasible"`` (a schedule, not proved optimal), ``"infeasible"`` or ``"no solution"``.

    ``returned`` is what ``problem.solve`` gave: an ``LpSolveStats`` from PuLP 4 on, the status
    code before (when the solution status is on the problem as ``sol_status``).
    """
    import pulp

    if hasattr(returned, "has_solution"):  # PuLP 4
        if returned.has_solution:  # CBC stops on its default gap (GapLimit) where PuLP 3 said optimal
            proved = returned.status in (pulp.LpSolveStatus.Optimal, pulp.LpSolveStatus.GapLimit)
            return "optimal" if proved else "feasible"
        return "infeasible" if returned.status == pulp.LpSolveStatus.Infeasible else "no solution"
    solution = problem.sol_status
    if solution == pulp.LpSolutionOptimal:
        return "optimal"
    if solution == pulp.LpSolutionIntegerFeasible:
        return "feasible"
    if problem.status == pulp.LpStatusInfeasible or solution == pulp.LpSolutionInfeasible:
        return "infeasible"
    return "no solution"


def _bound(problem: Any, solver: str, cbc_log: str) -> float | None:
    """The solver's best proven upper bound on the demand satisfied, when it reports one."""
    if solver == "highs":
        value = problem.solverModel.getInfo().mip_dual_bound
        return abs(float(value)) if np.isfinite(value) else None
    # CBC minimises -f: its "best possible" (or final "Lower bound") is -bound.
    matches = re.findall(r"best possible (-?[\d.eE+]+)", cbc_log) or re.findall(
        r"Lower bound:\s+(-?[\d.eE+]+)", cbc_log
    )
    return abs(float(matches[-1])) if matches else None


def fill_activities(instance: Instance, model: Model) -> Schedule:
    """Turn the ILP's implicit schedule into rows of (learner, module, classroom, teacher).

    Section 3 of the paper: every classroom-teacher pair opened for a module first gets
    :math:`\\delta^-` of the module's learners; the remaining learners then fill the pairs up to
    their capacity (:math:`\\min(\\delta^+, N_c)`, or :math:`N_c` for self-study).
    """
    chosen: dict[int, list[tuple[int, int]]] = {}
    for (m, c, t), var in model.x.items():
        if (var.varValue or 0) > 0.5:
            chosen.setdefault(m, []).append((c, t))
    takers: dict[int, list[int]] = {}
    for (l, m), var in model.y.items():
        if (var.varValue or 0) > 0.5:
            takers.setdefault(m, []).append(l)
    return fill_from_counts(instance, chosen, takers)


def fill_from_counts(
    instance: Instance, activities: dict[int, list[tuple[int, int]]], takers: dict[int, list[int]]
) -> Schedule:
    """Fill the classroom-teacher pairs of each module with its learners (two passes)."""
    rows = []
    for m, learners in takers.items():
        pairs = sorted(activities.get(m, []))
        if not pairs:
            raise ValueError(f"module {m}: {len(learners)} learner(s) but no classroom-teacher pair")
        queue = list(learners)
        sizes = [0] * len(pairs)
        for index in range(len(pairs)):  # first pass: the minimum size
            take = min(instance.min_batch, len(queue))
            sizes[index] += take
            rows += [(queue.pop(), m, *pairs[index]) for _ in range(take)]
        for index, (c, _) in enumerate(pairs):  # second pass: up to capacity
            room = int(instance.activity_capacity(c, m)) - sizes[index]
            take = min(room, len(queue))
            rows += [(queue.pop(), m, *pairs[index]) for _ in range(take)]
        if queue:
            raise ValueError(f"module {m}: {len(queue)} learner(s) left after filling every activity")
    return Schedule(np.array(sorted(rows), dtype=int).reshape(-1, 4))
