"""Wrong answers and a correct alternative for every autograded gap of lecture 03 (advising).

Each entry of ``GAPS`` is keyed by the answer cell's grade_id. An answer is either a whole cell
source or a list of ``(old, new)`` replacements applied to the reference answer in solutions/.
See ``runner.py`` for how they are run.
"""

DIFFICULTY_BY_IDXMIN = """\
def course_difficulty(records):
    first = records.loc[records.groupby(["student", "course"])["attempt"].idxmin()].copy()
    first["g"] = np.asarray(SAUDI_5.grade_points(first["grade"]), dtype=float)
    first["ok"] = first["grade"] >= SAUDI_5.pass_mark

    def one(group):
        return 1 - group.loc[group["ok"], "g"].sum() / group["g"].sum() * group["ok"].mean()

    return first.groupby("course")[["g", "ok"]].apply(one)
"""

DIFFICULTY_LIBRARY = """\
def course_difficulty(records):
    return difficulty(records)["difficulty"]
"""

PACKAGES_BY_BITMASK = """\
def packages_within(credits, scores, max_credits, min_credits):
    codes = list(credits.index)
    r = credits.to_numpy(dtype=float)
    s = scores.reindex(codes).to_numpy(dtype=float)
    rows = []
    for mask in range(1, 2 ** len(codes)):
        chosen = [k for k in range(len(codes)) if mask >> k & 1]
        total = r[chosen].sum()
        if min_credits <= total <= max_credits:
            rows.append((tuple(codes[k] for k in chosen), int(total), float(r[chosen] @ s[chosen] / total)))
    table = pd.DataFrame(rows, columns=["courses", "credits", "score"])
    return table.sort_values("score", ascending=False).reset_index(drop=True)
"""

PACKAGES_LIBRARY = """\
def packages_within(credits, scores, max_credits, min_credits):
    return enumerate_packages(credits, scores, max_credits=max_credits, min_credits=min_credits)
"""

RECIPROCAL_LOOPS = """\
def reciprocal_from_upper(upper):
    judgments = [float(value) for value in upper]
    n = 1
    while n * (n - 1) // 2 < len(judgments):
        n += 1
    matrix = np.eye(n)
    values = iter(judgments)
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = next(values)
            matrix[j, i] = 1 / matrix[i, j]
    return matrix
"""

RECIPROCAL_LIBRARY = """\
def reciprocal_from_upper(upper):
    return ahp.reciprocal_matrix(list(upper))
"""

AHP_POWER_ITERATION = """\
def ahp_priorities(matrix, method="eigen"):
    a = np.array(matrix, dtype=float, copy=True)
    n = len(a)
    if method not in ("eigen", "approx"):
        raise ValueError(f"unknown method {method!r}; use 'eigen' or 'approx'")
    if method == "eigen":
        w = np.full(n, 1.0 / n)
        for _ in range(10_000):
            following = a @ w
            following /= following.sum()
            done = np.max(np.abs(following - w)) < 1e-15
            w = following
            if done:
                break
    else:
        w = np.array([sum(a[i, j] / a[:, j].sum() for j in range(n)) / n for i in range(n)])
    lambda_max = float(np.mean(a @ w / w))
    ci = 0.0 if n == 1 else float((lambda_max - n) / (n - 1))
    cr = 0.0 if n < 3 else ci / RI[n - 1]
    return w, lambda_max, ci, cr
"""

AHP_LIBRARY = """\
def ahp_priorities(matrix, method="eigen"):
    w, lambda_max = ahp.priority_vector(matrix, method)
    n = len(w)
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    cr = ci / RI[n - 1] if n > 2 else 0.0
    return w, lambda_max, ci, cr
"""

GLOBAL_LOOP = """\
def global_priorities(criteria_matrix, alternative_matrices, method="eigen"):
    weights = ahp_priorities(criteria_matrix, method=method)[0]
    matrices = list(alternative_matrices)
    if len(matrices) != weights.size:
        raise ValueError(f"expected {weights.size} alternative matrices, one per criterion, got {len(matrices)}")
    total = 0.0
    for weight, matrix in zip(weights, matrices):
        total = total + weight * ahp_priorities(matrix, method=method)[0]
    return np.asarray(total)
"""

GLOBAL_ZIP = """\
def global_priorities(criteria_matrix, alternative_matrices, method="eigen"):
    v = ahp_priorities(criteria_matrix, method)[0]
    return sum(weight * ahp_priorities(matrix, method)[0] for weight, matrix in zip(v, alternative_matrices))
"""

GLOBAL_LIBRARY = """\
from edulab.advising.hierarchy import Hierarchy, Node


def global_priorities(criteria_matrix, alternative_matrices, method="eigen"):
    m, k = len(criteria_matrix), len(alternative_matrices[0])
    if len(alternative_matrices) != m:
        raise ValueError("one matrix per criterion")
    leaves = tuple(Node(f"c{j}", np.asarray(a, dtype=float)) for j, a in enumerate(alternative_matrices))
    goal = Node("goal", np.asarray(criteria_matrix, dtype=float), leaves)
    result = Hierarchy(goal, [f"a{i}" for i in range(k)], method=method).evaluate(warn=False)
    return result.scores.to_numpy()
"""

GAPS = {
    "difficulty-answer": {
        "wrong": {
            "last attempt instead of the first": [
                ('records.sort_values("attempt")', 'records.sort_values("attempt", ascending=False)')
            ],
            "every attempt counted": [('.drop_duplicates(["student", "course"], keep="first")', "")],
            "first attempt assumed first in the file (no sort)": [
                ('records.sort_values("attempt").drop_duplicates', "records.drop_duplicates")
            ],
            "m / n factor forgotten": [(' * sums["m"] / sums["n"]', "")],
            "pass mark compared with grade points": [
                ('passed = first["grade"] >= SAUDI_5.pass_mark', "passed = points >= SAUDI_5.pass_mark")
            ],
            "the kit's difficulty called (off limits)": DIFFICULTY_LIBRARY,
        },
        "alternative": DIFFICULTY_BY_IDXMIN,
    },
    "packages-answer": {
        "wrong": {
            "minimum load ignored": [("if min_credits <= total <= max_credits:", "if total <= max_credits:")],
            "maximum load exclusive": [
                ("if min_credits <= total <= max_credits:", "if min_credits <= total < max_credits:")
            ],
            "plain average instead of credit-weighted": [
                (
                    "score = float((credits[list(combo)] * scores[list(combo)]).sum() / total)",
                    "score = float(scores[list(combo)].mean())",
                ),
            ],
            "single courses left out": [
                ("for size in range(1, len(codes) + 1):", "for size in range(2, len(codes) + 1):")
            ],
            "sorted worst first": [
                ('sort_values("score", ascending=False, kind="stable")', 'sort_values("score", kind="stable")')
            ],
            "the kit's enumerate_packages called (off limits)": PACKAGES_LIBRARY,
        },
        "alternative": PACKAGES_BY_BITMASK,
    },
    "reciprocal-answer": {
        "wrong": {
            "reciprocal missing (a symmetric matrix)": [
                ("matrix[columns, rows] = 1.0 / upper", "matrix[columns, rows] = upper")
            ],
            "judgments read column by column (fits only n = 3)": [
                ("rows, columns = np.triu_indices(n, k=1)", "columns, rows = np.tril_indices(n, k=-1)"),
            ],
            "zeros on the diagonal": [("matrix = np.ones((n, n))", "matrix = np.zeros((n, n))")],
            "integer matrix (judgments truncated)": [
                ("upper = np.asarray(upper, dtype=float)", "upper = np.asarray(upper)"),
                ("matrix = np.ones((n, n))", "matrix = np.ones((n, n), dtype=int)"),
            ],
            "the kit's reciprocal_matrix called (off limits)": RECIPROCAL_LIBRARY,
        },
        "alternative": RECIPROCAL_LOOPS,
    },
    "ahp-answer": {
        "wrong": {
            "rows normalised instead of columns": [
                ("(a / a.sum(axis=0)).mean(axis=1)", "(a / a.sum(axis=1, keepdims=True)).mean(axis=1)")
            ],
            "eigenvector not normalised to sum 1": [("w = vector / vector.sum()", "w = np.abs(vector)")],
            "negative Perron vector left unflipped": [
                ("w = vector / vector.sum()", "w = vector / np.abs(vector).sum()")
            ],
            "first eigenvalue taken as the largest": [("k = int(np.argmax(values.real))", "k = 0")],
            "symmetric eigensolver (eigh) on a reciprocal matrix": [("np.linalg.eig(a)", "np.linalg.eigh(a)")],
            "CI divided by n instead of n - 1": [
                ("ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0", "ci = (lambda_max - n) / n")
            ],
            "CR divided by RI of the wrong size (RI[n])": [
                ("cr = ci / RI[n - 1] if n > 2 else 0.0", "cr = ci / RI[n] if n > 2 else 0.0")
            ],
            "RI of n = 3 for every size (fits only the visible example)": [
                ("cr = ci / RI[n - 1] if n > 2 else 0.0", "cr = ci / 0.58 if n > 2 else 0.0")
            ],
            "CR not zero for n = 2 (RI = 0 divides)": [
                ("cr = ci / RI[n - 1] if n > 2 else 0.0", "cr = ci / RI[n - 1] if n > 1 else 0.0")
            ],
            "input matrix normalised in place": [
                (
                    "w = (a / a.sum(axis=0)).mean(axis=1)\n        lambda_max = float(np.mean(a @ w / w))",
                    "a /= a.sum(axis=0)\n        w = a.mean(axis=1)\n        lambda_max = float(np.mean(np.asarray(matrix, dtype=float) @ w / w))",
                ),
            ],
            "lambda_max of the approximation as the sum of A w": [
                ("lambda_max = float(np.mean(a @ w / w))", "lambda_max = float(np.sum(a @ w))")
            ],
            "unknown method silently treated as approx": [
                ('elif method == "approx":', "else:"),
                ("    else:\n        raise ValueError(f\"method must be 'eigen' or 'approx', got {method!r}\")\n", ""),
            ],
            "the kit's priority_vector called (off limits)": AHP_LIBRARY,
        },
        "alternative": AHP_POWER_ITERATION,
    },
    "global-answer": {
        "wrong": {
            "criteria weights ignored (plain mean)": [("return local @ v", "return local.mean(axis=1)")],
            "multiplicative synthesis": [("return local @ v", "return np.prod(local ** v, axis=1)")],
            "method ignored for the alternatives": [
                ("ahp_priorities(matrix, method)[0] for matrix", "ahp_priorities(matrix)[0] for matrix")
            ],
            "method ignored for the criteria": [
                ("v = ahp_priorities(criteria_matrix, method)[0]", "v = ahp_priorities(criteria_matrix)[0]")
            ],
            "zip silently drops criteria without a matrix": GLOBAL_ZIP,
            "the kit's Hierarchy used (off limits)": GLOBAL_LIBRARY,
        },
        "alternative": GLOBAL_LOOP,
    },
}
