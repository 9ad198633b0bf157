"""The analytic hierarchy process for one pairwise comparison matrix.

A decision maker compares ``n`` items two by two on Saaty's 1-9 scale (1 = equal, 3 =
moderately, 5 = strongly, 7 = very strongly, 9 = extremely more important; 2, 4, 6, 8 in
between) and the reciprocal for the reverse comparison. The priorities are the principal
eigenvector of the matrix (Saaty 1977) or its classic approximation, the row means of the
column-normalised matrix; ``lambda_max`` gives the consistency index
``CI = (lambda_max - n) / (n - 1)`` and the consistency ratio ``CR = CI / RI(n)``, where the
random index ``RI(n)`` is the average CI of random reciprocal matrices. Judgments are usually
accepted when ``CR < 0.1``.

Al-Sarem (2017) computes Tables 15 and 16 with the approximate method (its printed CI and CR
match ``method="approx"`` to every printed digit, not the eigenvector) and the random indices
of its Table 5, the kit's default table.

References
----------
T. L. Saaty, "A scaling method for priorities in hierarchical structures", Journal of
Mathematical Psychology 15(3), 1977. T. L. Saaty, The Analytic Hierarchy Process,
McGraw-Hill, 1980. J. A. Alonso, M. T. Lamata, "Consistency in the analytic hierarchy
process: a new approach", International Journal of Uncertainty, Fuzziness and
Knowledge-Based Systems 14(4), 2006. M. Al-Sarem, IJECE 7(6), 2017, Tables 5, 15, 16.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from edulab.errors import InputError

#: Saaty's judgments and their reciprocals.
SAATY_VALUES = tuple(sorted({float(Fraction(1, k)) for k in range(1, 10)} | set(map(float, range(1, 10)))))

#: Random consistency indices by matrix size (entry ``n - 1`` is RI(n)).
RANDOM_INDEX_TABLES: dict[str, tuple[float, ...]] = {
    # Al-Sarem (2017), Table 5, as printed (its 1.34 for n = 7 differs from Saaty's 1.32).
    "al-sarem2017": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.34, 1.41, 1.45, 1.49),
    # Saaty (1980), from 500 random matrices a size.
    "saaty1980": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59),
    # Alonso and Lamata (2006), from 100,000 random matrices a size.
    "alonso-lamata2006": (
        0.0,
        0.0,
        0.5245,
        0.8815,
        1.1086,
        1.2479,
        1.3417,
        1.4056,
        1.4499,
        1.4854,
        1.5141,
        1.5365,
        1.5551,
        1.5713,
        1.5838,
    ),
}
DEFAULT_RI_TABLE = "al-sarem2017"
CR_THRESHOLD = 0.1
METHODS = ("eigen", "approx")


class JudgmentError(InputError):
    """A pairwise comparison matrix that breaks the rules; the message names the cell."""


class InconsistentJudgmentsWarning(UserWarning):
    """A comparison matrix whose consistency ratio reaches the threshold (0.1)."""


# --- building and checking matrices -----------------------------------------------------------
def _number(text: str, where: str) -> float:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise JudgmentError(f"{where}: {text.strip()!r} is not a number or a fraction such as 1/3") from None
    return _float(value, where, text.strip())


def _float(value: object, where: str, shown: object) -> float:
    """``float(value)``, with a judgment too large for a float reported instead of an OverflowError."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise JudgmentError(
            f"{where}: {str(shown)[:40]!r} is too large for a number; judgments must be positive numbers "
            "(Saaty's scale: 1/9 to 9)"
        ) from None
    except (TypeError, ValueError):
        raise JudgmentError(
            f"{where}: {str(shown)[:40]!r} is not a number; judgments must be positive numbers"
        ) from None


def parse_matrix(text: str) -> np.ndarray:
    """Read a matrix written row by row: ``"1,9,3;1/9,1,1/5;1/3,5,1"``.

    Rows are separated by ``;``, entries by ``,``; an entry is a number or a fraction. The
    result is validated by :func:`validate_matrix`.
    """
    rows = text.strip().split(";")
    if rows[-1].strip() == "":
        rows = rows[:-1]
    if not rows:
        raise JudgmentError("empty matrix: expected rows separated by ';' and entries by ','")
    values = [
        [_number(entry, f"row {i}, column {j}") for j, entry in enumerate(row.split(","), start=1)]
        for i, row in enumerate(rows, start=1)
    ]
    for i, row in enumerate(values, start=1):
        if len(row) != len(values):
            raise JudgmentError(
                f"row {i} has {len(row)} entries but there are {len(values)} rows; a comparison matrix is square"
            )
    return validate_matrix(np.array(values, dtype=float))


def _cell(i: int, j: int, names: Sequence[str] | None) -> str:
    if names is None:
        return f"cell ({i + 1}, {j + 1})"
    return f"cell ({i + 1}, {j + 1}) [{names[i]} vs {names[j]}]"


def validate_matrix(
    matrix: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    scale: tuple[float, float] | None = (1 / 9, 9),
    rtol: float = 1e-6,
) -> np.ndarray:
    """Check a pairwise comparison matrix and return it as a float array.

    Parameters
    ----------
    matrix
        Square array of judgments ``a_ij`` (how much more important item ``i`` is than ``j``).
    names
        Item names, used in error messages.
    scale
        Smallest and largest allowed judgment (Saaty's 1/9 to 9); ``None`` allows any positive
        value (for example geometric means of several judges' matrices).
    rtol
        Tolerance on ``a_ii = 1`` and ``a_ij * a_ji = 1`` (judgments typed as 0.333 pass with
        ``rtol=1e-3``).

    Raises
    ------
    JudgmentError
        Naming the first offending cell: not square, not finite or not positive, off the
        scale, a diagonal entry other than 1, or a pair of cells that are not reciprocal.
    """
    a = _array(matrix)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise JudgmentError(f"a comparison matrix is square and non-empty, got shape {a.shape}")
    n = a.shape[0]
    if names is not None:
        if len(names) != n:
            raise JudgmentError(f"{len(names)} names for a {n} x {n} matrix")
        seen: set[str] = set()
        for name in map(str, names):
            if name in seen:
                raise JudgmentError(f"item name {name!r} is given twice; expected {n} different names")
            seen.add(name)
    for i, j in zip(*np.nonzero(~np.isfinite(a) | (a <= 0))):
        raise JudgmentError(f"{_cell(i, j, names)} = {a[i, j]}: judgments must be positive numbers")
    for i in np.flatnonzero(np.abs(np.diag(a) - 1) > rtol):
        raise JudgmentError(f"{_cell(i, i, names)} = {a[i, i]}: an item compared with itself is 1")
    if scale is not None:
        low, high = scale
        outside = (a < low * (1 - rtol)) | (a > high * (1 + rtol))
        for i, j in zip(*np.nonzero(outside)):
            raise JudgmentError(f"{_cell(i, j, names)} = {a[i, j]:g}: outside the scale [{low:.4g}, {high:g}]")
    with np.errstate(over="ignore"):
        off = np.abs(a * a.T - 1) > rtol
    for i, j in zip(*np.nonzero(np.triu(off, k=1))):
        raise JudgmentError(
            f"{_cell(i, j, names)} = {a[i, j]:g} and {_cell(j, i, names)} = {a[j, i]:g} are not reciprocal: "
            f"expected a_{j + 1}{i + 1} = 1/{a[i, j]:g} = {1 / a[i, j]:.4g}"
        )
    return a


def _array(matrix: ArrayLike) -> np.ndarray:
    """``matrix`` as a float array; ragged rows, text or numbers beyond float range are a JudgmentError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(matrix, dtype=float)
    except (OverflowError, TypeError, ValueError):
        pass  # find the cell to blame below
    try:
        rows = [list(row) if isinstance(row, (list, tuple, np.ndarray)) else [row] for row in matrix]  # type: ignore[union-attr]
    except TypeError:
        raise JudgmentError(f"expected a square table of positive numbers, got {type(matrix).__name__}") from None
    lengths = {len(row) for row in rows}
    if len(lengths) > 1:
        raise JudgmentError(f"rows of {sorted(lengths)} entries; a comparison matrix is square (one row per item)")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            _float(value, f"cell ({i + 1}, {j + 1})", value)
    raise JudgmentError("expected a square table of positive numbers")


def reciprocal_matrix(
    upper: Sequence[float | str] | Mapping[tuple[int, int], float], n: int | None = None
) -> np.ndarray:
    """Complete a comparison matrix from the judgments above its diagonal.

    Parameters
    ----------
    upper
        Either the ``n (n - 1) / 2`` judgments row by row (``a_12, a_13, ..., a_1n, a_23, ...``;
        numbers or strings such as ``"1/3"``), or a mapping ``{(i, j): a_ij}`` with ``i < j``
        counted from 0.
    n
        Matrix size; required with a mapping, deduced from a sequence.

    Returns
    -------
    numpy.ndarray
        The validated matrix: ones on the diagonal, ``a_ji = 1 / a_ij`` below it.
    """
    if isinstance(upper, Mapping):
        if n is None:
            raise JudgmentError("give n with a mapping of judgments")
        cells = dict(upper)
        expected = {(i, j) for i in range(n) for j in range(i + 1, n)}
        if set(cells) != expected:
            missing, extra = sorted(expected - set(cells)), sorted(set(cells) - expected)
            raise JudgmentError(
                f"judgments needed for cells {missing[:5]}; not allowed: {extra[:5]} (expected i < j < n)"
            )
    else:
        values = list(upper)
        size = int(round((1 + np.sqrt(1 + 8 * len(values))) / 2))
        if size * (size - 1) // 2 != len(values) or (n is not None and n != size):
            raise JudgmentError(
                f"{len(values)} judgments do not fill the upper triangle of "
                f"{'a square matrix' if n is None else f'a {n} x {n} matrix'} (1, 3, 6, 10, 15, ... are needed)"
            )
        n = size
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        cells = dict(zip(pairs, values))
    a = np.ones((n, n))
    for (i, j), value in cells.items():
        where = f"cell ({i + 1}, {j + 1})"
        number = _number(value, where) if isinstance(value, str) else _float(value, where, value)
        a[i, j] = number
        a[j, i] = 1.0 / number if number != 0 else np.inf
    return validate_matrix(a)


# --- priorities and consistency ---------------------------------------------------------------
def random_index(n: int, table: str = DEFAULT_RI_TABLE) -> float:
    """RI(n) from one of :data:`RANDOM_INDEX_TABLES`."""
    if table not in RANDOM_INDEX_TABLES:
        raise ValueError(f"unknown random-index table {table!r}; choose one of {sorted(RANDOM_INDEX_TABLES)}")
    values = RANDOM_INDEX_TABLES[table]
    if not 1 <= n <= len(values):
        longer = [name for name, v in RANDOM_INDEX_TABLES.items() if len(v) >= n]
        raise ValueError(
            f"the {table!r} table gives RI for n = 1 to {len(values)}, not n = {n}"
            + (f"; tables {longer} go further" if longer else "")
        )
    return values[n - 1]


def priority_vector(matrix: ArrayLike, method: str = "eigen", *, rtol: float = 1e-6) -> tuple[np.ndarray, float]:
    """Priorities (summing to 1) and ``lambda_max`` of a comparison matrix.

    ``"eigen"``: the principal (Perron) eigenvector and eigenvalue. ``"approx"``: divide each
    column by its sum, average the rows; ``lambda_max`` is then the mean of
    ``(A w)_i / w_i`` (the textbook approximation Al-Sarem 2017 used).

    The matrix is checked first (:func:`validate_matrix` with any positive judgment allowed and
    tolerance ``rtol``): a matrix that is not square, holds a zero, negative or non-finite entry,
    or is not reciprocal raises :class:`JudgmentError` naming the cell, instead of returning
    numbers that mean nothing. Judgments spanning too wide a range for floating point (the
    priorities would not be finite) are refused too.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    a = validate_matrix(matrix, scale=None, rtol=rtol)
    with np.errstate(all="ignore"):
        if method == "eigen":
            values, vectors = np.linalg.eig(a)
            k = int(np.argmax(values.real))
            w = np.abs(vectors[:, k].real)
            w, lam = w / w.sum(), float(values[k].real)
        else:
            w = (a / a.sum(axis=0)).mean(axis=1)
            lam = float(np.mean(a @ w / w))
    if not (np.all(np.isfinite(w)) and np.all(w > 0) and np.isfinite(lam)):
        raise JudgmentError(
            f"judgments from {a.min():.3g} to {a.max():.3g} span too wide a range for the priorities to be computed; "
            "expected judgments on a ratio scale such as Saaty's 1/9 to 9"
        )
    return w, lam


@dataclass(frozen=True)
class AHPResult:
    """Priorities and consistency of one comparison matrix.

    Attributes
    ----------
    priorities
        Weights by item name, summing to 1.
    matrix
        The judgments.
    lambda_max, ci, ri, cr
        Principal eigenvalue (or its approximation), consistency index, random index and
        consistency ratio (0 for n <= 2, which are always consistent).
    method, ri_table, threshold
        How they were computed and the acceptance threshold on CR.
    """

    priorities: pd.Series
    matrix: np.ndarray
    lambda_max: float
    ci: float
    ri: float
    cr: float
    method: str
    ri_table: str
    threshold: float = CR_THRESHOLD

    @property
    def n(self) -> int:
        return len(self.priorities)

    @property
    def consistent(self) -> bool:
        """True when ``CR < threshold``."""
        return self.cr < self.threshold

    def judgment_errors(self) -> pd.DataFrame:
        """How far each judgment is from the ratio of the priorities, worst first.

        ``error = a_ij * w_j / w_i`` is 1 for a judgment that agrees with the priorities;
        ``suggested = w_i / w_j`` is the value that would agree. Revising the worst judgment
        first is the usual remedy when CR is too high (Saaty 1980).
        """
        w = self.priorities.to_numpy()
        names = self.priorities.index.to_list()
        i, j = np.triu_indices(self.n, k=1)
        error = self.matrix[i, j] * w[j] / w[i]
        frame = pd.DataFrame(
            {
                "row": np.asarray(names, dtype=object)[i],
                "column": np.asarray(names, dtype=object)[j],
                "judgment": self.matrix[i, j],
                "suggested": w[i] / w[j],
                "error": error,
            }
        )
        return frame.iloc[np.argsort(-np.abs(np.log(error)), kind="stable")].reset_index(drop=True)

    def report(self) -> str:
        """The result as text, for the command line."""
        width = max(len(str(k)) for k in self.priorities.index)
        lines = [f"Priorities ({self.method} method):"]
        lines += [f"  {str(k):<{width}}  {v:.4f}" for k, v in self.priorities.items()]
        lines += [
            f"lambda_max = {self.lambda_max:.6f}",
            f"CI = {self.ci:.6f}",
            f"RI = {self.ri} (n = {self.n}, table {self.ri_table})",
            f"CR = {self.cr:.6f}: " + ("consistent" if self.consistent else f"INCONSISTENT (>= {self.threshold})"),
        ]
        if not self.consistent:
            worst = self.judgment_errors().iloc[0]
            lines.append(
                f"Revise first: {worst['row']} vs {worst['column']} = {worst['judgment']:.4g} "
                f"(the priorities suggest {worst['suggested']:.4g})"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "priorities": {str(k): float(v) for k, v in self.priorities.items()},
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "ri": self.ri,
            "cr": self.cr,
            "consistent": self.consistent,
            "method": self.method,
            "ri_table": self.ri_table,
            "threshold": self.threshold,
        }


def analyse(
    matrix: ArrayLike | str,
    *,
    names: Sequence[str] | None = None,
    method: str = "eigen",
    ri_table: str = DEFAULT_RI_TABLE,
    threshold: float = CR_THRESHOLD,
    scale: tuple[float, float] | None = (1 / 9, 9),
    warn: bool = True,
    label: str | None = None,
) -> AHPResult:
    """Priorities, ``lambda_max``, CI and CR of a pairwise comparison matrix.

    Parameters
    ----------
    matrix
        The judgments, as an array or as text for :func:`parse_matrix`.
    names
        Item names (default ``"1"``, ``"2"``, ...).
    method
        ``"eigen"`` (principal eigenvector) or ``"approx"`` (normalised columns, row means).
    ri_table
        Which random indices to divide by (:data:`RANDOM_INDEX_TABLES`).
    threshold
        CR at or above which the judgments are flagged as inconsistent.
    scale
        Allowed judgment range, see :func:`validate_matrix`.
    warn
        Issue an :class:`InconsistentJudgmentsWarning` when ``CR >= threshold`` (the result is
        flagged either way: ``result.consistent``).
    label
        Name of the matrix in the warning.

    Examples
    --------
    >>> result = analyse("1,9,3;1/9,1,1/5;1/3,5,1", method="approx")
    >>> round(result.cr, 6)
    0.025182
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not (isinstance(threshold, (int, float, np.number)) and np.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold must be a finite positive number (a CR such as 0.1), got {threshold!r}")
    a = parse_matrix(matrix) if isinstance(matrix, str) else matrix
    a = validate_matrix(a, names=names, scale=scale)
    n = a.shape[0]
    names = [str(k) for k in range(1, n + 1)] if names is None else list(names)
    w, lam = priority_vector(a, method)
    ri = random_index(n, ri_table)
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    result = AHPResult(
        priorities=pd.Series(w, index=names, name="priority"),
        matrix=a,
        lambda_max=lam,
        ci=ci,
        ri=ri,
        cr=cr,
        method=method,
        ri_table=ri_table,
        threshold=threshold,
    )
    if warn and not result.consistent:
        worst = result.judgment_errors().iloc[0]
        warnings.warn(
            f"{label or 'comparison matrix'}: CR = {cr:.3f} >= {threshold}; revise the judgments, starting "
            f"with {worst['row']} vs {worst['column']} (given {worst['judgment']:.3g}, the priorities "
            f"suggest {worst['suggested']:.3g})",
            InconsistentJudgmentsWarning,
            stacklevel=2,
        )
    return result


def simulate_random_index(
    n: int,
    *,
    trials: int = 10_000,
    method: str = "eigen",
    rng: np.random.Generator | None = None,
) -> float:
    """Estimate RI(n): the mean CI of random reciprocal matrices on Saaty's scale.

    Each judgment above the diagonal is drawn uniformly from the 17 values 1/9, ..., 1, ..., 9,
    as Saaty and Alonso and Lamata did; the tables differ by the number of matrices drawn.
    """
    if n < 3:
        return 0.0
    rng = np.random.default_rng() if rng is None else rng
    i, j = np.triu_indices(n, k=1)
    draws = np.asarray(SAATY_VALUES)[rng.integers(0, len(SAATY_VALUES), size=(trials, len(i)))]
    a = np.ones((trials, n, n))
    a[:, i, j] = draws
    a[:, j, i] = 1.0 / draws
    if method == "eigen":
        lam = np.linalg.eigvals(a).real.max(axis=1)
    elif method == "approx":
        w = (a / a.sum(axis=1, keepdims=True)).mean(axis=2)
        lam = (np.einsum("tij,tj->ti", a, w) / w).mean(axis=1)
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return float(np.mean((lam - n) / (n - 1)))
