"""The worked example of Al-Sarem (2017), section 6, as data, and what of it reproduces.

Tables 9-17 are kept as printed (numbers as strings where their printed digits matter).
:func:`reproduction_report` recomputes every printed figure that can be recomputed from the
paper's own inputs and compares it at the printed number of digits; :data:`VERDICTS` says,
table by table, what reproduces and why the rest does not.

References
----------
M. Al-Sarem, "Solving course selection problem by a combination of correlation analysis and
analytic hierarchy process", IJECE 7(6), 2017, Tables 5 and 9-17.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from edulab.advising.ahp import analyse
from edulab.advising.correlation import average_correlation
from edulab.advising.hierarchy import Hierarchy, Node
from edulab.advising.load import PAPER_RULE
from edulab.advising.packages import enumerate_packages

CURRENT = ("ISLS101", "ARAB101", "MATH101", "PHYS103", "CS101", "ENGL103")
NEXT = ("IS201", "CS202", "ARAB201", "MATH102", "IS102", "IS221", "CS112", "ENGL104")

#: Table 9: grades of eight students at semester t.
TABLE_9 = pd.DataFrame(
    [
        [95, 95, 87, 70, 81, 85],
        [90, 98, 71, 65, 71, 81],
        [99, 96, 93, 85, 80, 72],
        [95, 96, 90, 85, 86, 95],
        [98, 95, 77, 87, 75, 75],
        [100, 100, 98, 100, 98, 90],
        [100, 100, 74, 93, 95, 78],
        [99, 100, 100, 100, 95, 98],
    ],
    index=pd.Index(
        ["3151377", "3151559", "3182286", "3182565", "3182894", "3200079", "3200162", "3200229"], name="student"
    ),
    columns=list(CURRENT),
)

#: Table 10: the advised student's grades at the current semester.
TABLE_10 = pd.Series([95, 95, 87, 70, 60, 85], index=list(CURRENT), name="3200237")

#: Table 11: the student's predicted grades in the next semester's courses.
TABLE_11 = pd.Series([66, 86, 92, 52, 85, 70, 75, 75], index=list(NEXT), name="3200237")

#: Table 12: correlations of the current courses (rows) with the next ones (columns).
TABLE_12 = pd.DataFrame(
    [
        [0.04, 0.25, 0.604, 0.331, 0.441, 0.244, 0.221, 0.09],
        [0.00, 0.27, 1.000, 0.346, 0.210, 0.279, 0.297, -0.01],
        [0.15, 0.63, 0.526, 1.000, 0.536, 0.447, 0.489, 0.47],
        [0.29, 0.37, 0.483, 0.625, 0.342, 0.260, 0.358, 0.20],
        [0.34, 0.46, 0.486, 0.640, 0.286, 0.574, 1.00, 0.49],
        [0.26, 0.49, 0.603, 0.416, 0.379, 0.151, 0.321, 1.00],
    ],
    index=list(CURRENT),
    columns=list(NEXT),
)

#: Table 13: the printed average of each column of Table 12.
TABLE_13 = pd.Series(
    ["0.18", "0.41", "0.617", "0.56", "0.366", "0.33", "0.45", "0.37"], index=list(NEXT), name="average"
)

#: Table 14: credit hours of the offered courses.
TABLE_14_CREDITS = pd.Series(
    {"ARAB201": 3, "MATH102": 4, "CS112": 4, "CS202": 4, "ENGL104": 3, "IS102": 3, "IS221": 4, "IS201": 3},
    name="credits",
)


@dataclass(frozen=True)
class PrintedPackage:
    """One row of Table 14 as printed (``complete`` is False where the list of courses is cut)."""

    courses: tuple[str, ...]
    credits: int
    average: str
    rank: int
    complete: bool = True


#: Table 14: the printed rows (the others are elided in the paper).
TABLE_14 = (
    PrintedPackage(("ARAB201", "MATH102", "ENGL104", "IS221", "IS201"), 17, "0.219992771", 1),
    PrintedPackage(("ARAB201", "MATH102", "ENGL104", "CS112", "IS201"), 17, "0.197847972", 4),
    PrintedPackage(("ARAB201", "MATH102", "ENGL104"), 17, "0.213518998", 2, complete=False),
    PrintedPackage(("ARAB201", "MATH102", "CS112", "CS202"), 15, "0.191914578", 5),
    PrintedPackage(("ARAB201", "MATH102", "CS112", "ENGL104"), 14, "0.207102686", 3),
    PrintedPackage(("MATH102", "CS112", "CS202"), 12, "0.161333772", 6),
    PrintedPackage(("MATH102", "CS112", "IS102"), 12, "0.16062525", 7),
)

#: The example of the load rule: a non-graduating student with GPA 3.21 may take 17 credits.
LOAD_EXAMPLE = {"gpa": 3.21, "graduating": False, "max_credits": 17}

CRITERIA = ("Course factors", "Social factors", "Individual factors")
SUBCRITERIA = {
    "Course factors": ("Course characteristics", "Instructor characteristics", "Teaching language"),
    "Social factors": ("Peer opinions", "Friendship", "Campus location"),
    "Individual factors": ("Course time scheduling", "Student demands", "Learning style"),
}


@dataclass(frozen=True)
class PrintedMatrix:
    """A comparison matrix of Tables 15-16 with its printed priorities, CI and CR."""

    name: str
    items: tuple[str, ...]
    judgments: str
    priorities: tuple[str, ...]
    ci: str
    cr: str
    global_priorities: tuple[str, ...] = ()


#: Table 15: the criteria compared with regard to the goal.
TABLE_15 = PrintedMatrix("Goal", CRITERIA, "1,9,3;1/9,1,1/5;1/3,5,1", ("0.67", "0.06", "0.27"), "0.014606", "0.025182")

#: Table 16: the sub-criteria of each criterion, with priorities with respect to the goal.
TABLE_16 = (
    PrintedMatrix(
        "Course factors",
        SUBCRITERIA["Course factors"],
        "1,5,3;1/5,1,1/3;1/3,3,1",
        ("0.63", "0.11", "0.26"),
        "0.019357",
        "0.033375",
        ("0.4221", "0.0739", "0.1742"),
    ),
    PrintedMatrix(
        "Social factors",
        SUBCRITERIA["Social factors"],
        "1,3,1/3;1/3,1,1/3;3,3,1",
        ("0.29", "0.14", "0.57"),
        "0.076",
        "0.1",
        ("0.0174", "0.00084", "0.0342"),
    ),
    PrintedMatrix(
        "Individual factors",
        SUBCRITERIA["Individual factors"],
        "1,7,1;1/7,1,1/3;1,3,1",
        ("0.51", "0.10", "0.39"),
        "0.040474",
        "0.069784",
        ("0.1372", "0.027", "0.1053"),
    ),
)

#: Table 17: overall priorities of two sections of IS-102 (by criterion, then overall).
TABLE_17 = pd.DataFrame(
    {
        "Course factors": ["0.6702", "0.4763"],
        "Social factors": ["0.05244", "0.3661"],
        "Individual factors": ["0.2695", "0.109"],
        "Overall": ["0.992", "0.9514"],
        "Rank": ["I", "II"],
    },
    index=pd.Index(["IA_4", "IB_4"], name="section"),
)

#: Judgments of section IA_4 over IB_4 under each sub-criterion. NOT IN THE PAPER, which does
#: not print them: illustrative values so that the lecture can run the whole hierarchy.
ILLUSTRATIVE_SECTION_JUDGMENTS = {
    "Course characteristics": 1,
    "Instructor characteristics": 3,
    "Teaching language": 1 / 2,
    "Peer opinions": 1 / 3,
    "Friendship": 1 / 5,
    "Campus location": 2,
    "Course time scheduling": 4,
    "Student demands": 1,
    "Learning style": 1 / 2,
}


def paper_hierarchy(section_judgments: dict[str, float] | None = None, *, method: str = "approx") -> Hierarchy:
    """The hierarchy of Tables 15-16 over the sections IA_4 and IB_4 of IS-102.

    ``section_judgments`` gives, for each sub-criterion, how strongly IA_4 is preferred to
    IB_4; by default the kit's :data:`ILLUSTRATIVE_SECTION_JUDGMENTS` (the paper prints none).
    """
    judgments = ILLUSTRATIVE_SECTION_JUDGMENTS if section_judgments is None else section_judgments
    missing = [s for items in SUBCRITERIA.values() for s in items if s not in judgments]
    if missing:
        raise ValueError(f"section judgments needed for sub-criteria {missing}")
    criteria = []
    for printed in TABLE_16:
        leaves = tuple(Node(item, [[1.0, judgments[item]], [1.0 / judgments[item], 1.0]]) for item in printed.items)
        criteria.append(Node(printed.name, printed.judgments, leaves))
    goal = Node(TABLE_15.name, TABLE_15.judgments, tuple(criteria))
    return Hierarchy(goal, ["IA_4", "IB_4"], method=method)


def paper_packages(averages: pd.Series | None = None) -> pd.DataFrame:
    """Table 14 recomputed: packages of 12-17 credits ranked by credit-weighted average correlation.

    ``averages`` defaults to the column means of Table 12 (Table 13 unrounded).
    """
    if averages is None:
        averages = average_correlation(TABLE_12, CURRENT, NEXT)["average"]
    return enumerate_packages(
        TABLE_14_CREDITS,
        averages.reindex(TABLE_14_CREDITS.index),
        max_credits=LOAD_EXAMPLE["max_credits"],
        min_credits=PAPER_RULE.minimum_load,
    )


# --- reproduction -------------------------------------------------------------------------------
def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def _same(computed: float, printed: str) -> bool:
    """True when ``computed`` rounds to ``printed`` at its number of decimals."""
    return f"{computed:.{_decimals(printed)}f}" == f"{float(printed):.{_decimals(printed)}f}"


def _row(table: str, quantity: str, printed: str, computed: float, note: str = "") -> dict:
    return {
        "table": table,
        "quantity": quantity,
        "printed": printed,
        "computed": computed,
        "reproduces": _same(computed, printed),
        "note": note,
    }


def reproduction_report() -> pd.DataFrame:
    """Every printed figure of Tables 13-17 that the paper's own inputs determine, recomputed.

    Returns
    -------
    pandas.DataFrame
        ``table``, ``quantity``, ``printed`` (as printed), ``computed``, ``reproduces``
        (equal at the printed number of decimals), ``note``.
    """
    rows = []
    averages = average_correlation(TABLE_12, CURRENT, NEXT)["average"]
    for course, printed in TABLE_13.items():
        rows.append(
            _row("13", f"average correlation of {course}", printed, averages[course], "mean of the column of Table 12")
        )

    scores = averages.reindex(TABLE_14_CREDITS.index)
    for package in TABLE_14:
        label = ", ".join(package.courses) + ("" if package.complete else ", ...")
        credits = int(TABLE_14_CREDITS[list(package.courses)].sum())
        if package.complete:
            rows.append(
                _row("14", f"credits of ({label})", str(package.credits), credits, "sum of the credits of Table 14")
            )
            weighted = float((TABLE_14_CREDITS[list(package.courses)] * scores[list(package.courses)]).sum() / credits)
            rows.append(
                _row(
                    "14",
                    f"score of ({label})",
                    package.average,
                    weighted,
                    "credit-weighted mean of the Table 13 averages (Pseudo-code II)",
                )
            )

    goal = analyse(TABLE_15.judgments, names=TABLE_15.items, method="approx", warn=False)
    rows += _matrix_rows("15", TABLE_15, goal)
    for printed in TABLE_16:
        result = analyse(printed.judgments, names=printed.items, method="approx", warn=False)
        rows += _matrix_rows("16", printed, result)
        parent = goal.priorities[printed.name]
        parent_printed = float(TABLE_15.priorities[TABLE_15.items.index(printed.name)])
        for item, local_printed, global_printed in zip(printed.items, printed.priorities, printed.global_priorities):
            exact = float(result.priorities[item] * parent)
            rounded = float(local_printed) * parent_printed
            rows.append(
                _row(
                    "16",
                    f"global priority of {item}",
                    global_printed,
                    exact,
                    f"local x criterion weight; from the printed two-digit values: {rounded:.4g}"
                    + (" (matches)" if _same(rounded, global_printed) else ""),
                )
            )

    for section, printed in TABLE_17.iterrows():
        total = sum(float(printed[c]) for c in CRITERIA)
        rows.append(
            _row(
                "17",
                f"overall priority of {section} as the sum of its printed columns",
                printed["Overall"],
                total,
                "arithmetic only: the section judgments are not published",
            )
        )
    return pd.DataFrame(rows)


def _matrix_rows(table: str, printed: PrintedMatrix, result) -> list[dict]:
    rows = [
        _row(table, f"{printed.name}: priority of {item}", value, float(result.priorities[item]), "approximate method")
        for item, value in zip(printed.items, printed.priorities)
    ]
    rows.append(_row(table, f"{printed.name}: CI", printed.ci, result.ci, "approximate method: mean of (Aw)_i / w_i"))
    note = "CI / RI(3) = CI / 0.58"
    if not result.consistent:
        note += (
            f"; {result.cr:.3f} rounds to the printed {printed.cr} but is not below the 0.1 threshold, "
            "against the paper's statement that every CR is"
        )
    rows.append(_row(table, f"{printed.name}: CR", printed.cr, result.cr, note))
    return rows


#: What reproduces, table by table, and why the rest does not.
VERDICTS = {
    "5": "Data. Saaty's (1980) random indices except RI(7) = 1.34 where Saaty gives 1.32 "
    "(Alonso and Lamata 2006 estimate 1.3417). Only RI(3) = 0.58 is used by the example.",
    "9": "Data. The correlations among its six courses can be computed (the kit does) but the paper "
    "prints none, so there is nothing to compare. Its first student, 3151377, has the grades of "
    "Table 10 except CS101 (81 instead of 60), and Tables 12-13 are labelled 3151377 while "
    "Tables 10-11 name 3200237.",
    "10": "Data: the advised student's grades; they also form the grade column of Table 12.",
    "11": "Does not reproduce: the regression is fitted on historical records the paper does not publish.",
    "12": "Input, not recomputable: the correlations need next-semester grades that are not published. "
    "Four entries are exactly 1 (ARAB101-ARAB201, MATH101-MATH102, CS101-CS112, ENGL103-ENGL104), "
    "which real grades of many students do not give; they look like placeholders for a course and "
    "its follow-up.",
    "13": "Reproduces to every printed digit: each average is the mean of a column of Table 12 "
    "(plain means; Pseudo-code I's competence factor is not applied).",
    "14": "Does not reproduce. Credits: five of the six complete rows add up as printed; "
    "MATH102 + CS112 + IS102 is 11 credits, printed 12. Scores: no credit-weighted average of the "
    "Table 13 figures gives the printed values (e.g. 0.415 instead of 0.220 for the first row), and "
    "none can: rows 1 and 2 differ only by IS221 against CS112 (4 credits each), and CS112 has the "
    "higher average correlation (0.45 against 0.33) and predicted grade (75 against 70), yet row 1 is "
    "ranked above row 2. Pseudo-code II sums corr(c_i, c_j) over pairs inside the package, which "
    "needs correlations among next-semester courses the paper does not print. One row's course "
    "list is cut in the print.",
    "15": "Reproduces to every printed digit with the approximate method (row means of the "
    "column-normalised matrix, lambda_max as the mean of (Aw)_i / w_i); the principal eigenvector "
    "gives CI 0.014532 instead of 0.014606.",
    "16": "Partly. Course and individual factors: priorities, CI and CR reproduce (approximate "
    "method). Social factors: the priorities reproduce but not CI 0.076 and CR 0.1; the matrix gives "
    "CI 0.0686 and CR 0.118 (0.117 by the eigenvector), above the 0.1 threshold, contradicting the "
    "paper's statement that every CR was below 0.1 (0.076 / 0.58 would be 0.131 anyway). The "
    "'priority respect global vector' column is the product of the rounded two-digit priorities, "
    "not of the exact ones: 6 of its 9 figures match those products, 0.0739 and 0.1372 match "
    "neither, and 0.00084 is 0.0084 misprinted.",
    "17": "Does not reproduce: the judgments comparing the sections are not published. The Overall "
    "column is the sum of the three printed columns, but the figures are not an AHP synthesis: the "
    "two sections' overall priorities add up to 1.94 instead of 1, and IB_4's social-factor value "
    "0.3661 exceeds the social factors' weight 0.06, which a local priority (at most 1) times that "
    "weight cannot do. IA_4's row is close to the criteria weights themselves (0.67, 0.06, 0.27).",
}
