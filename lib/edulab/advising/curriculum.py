"""A curriculum: courses with credits, a term in the study plan and prerequisites forming a DAG.

Al-Sarem (2017), section 2: the study plan divides the courses of a degree into terms; each
course ``c`` gives ``r_c`` credits; prerequisites form a directed acyclic graph in which an arc
``(i, j)`` means course ``j`` cannot be taken before course ``i`` is passed.

The CSV form has one course per line::

    code,name,credits,term,prerequisites
    MATH101,Calculus 1,4,1,
    MATH102,Calculus 2,4,2,MATH101

``prerequisites`` lists codes separated by ``;``. An optional ``level`` column gives the
hierarchical level of eq. (2); by default it is the academic year, ``ceil(term / 2)``. Other
columns are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from edulab import files
from edulab.errors import InputError

REQUIRED_COLUMNS = ("code", "name", "credits", "term", "prerequisites")

#: Largest credits, term or level a course may have: far above any study plan, and far below
#: the integer overflow a mistyped number would otherwise cause.
MAX_NUMBER = 1000


class CurriculumError(InputError):
    """A curriculum that cannot be used: bad values, unknown prerequisites or a cycle."""


@dataclass(frozen=True)
class Course:
    """One course of the study plan."""

    code: str
    name: str
    credits: int
    term: int
    prerequisites: tuple[str, ...] = ()
    level: int | None = None

    @property
    def year_level(self) -> int:
        """The hierarchical level ``h`` of eq. (2): ``level`` if given, else the academic year."""
        return self.level if self.level is not None else (self.term + 1) // 2


class Curriculum:
    """The courses of a study plan, checked: unique codes, known prerequisites, no cycle.

    Parameters
    ----------
    courses
        The courses.
    source
        Where they came from (a file name), used in error messages.
    extra
        Further columns by course code (for instance the synthetic data's true difficulty).

    Raises
    ------
    CurriculumError
        On a duplicate code, a non-positive credit or term, an unknown prerequisite, or a
        prerequisite cycle (the message names the courses on the cycle).
    """

    def __init__(
        self, courses: Iterable[Course], *, source: str = "curriculum", extra: pd.DataFrame | None = None
    ) -> None:
        self.source = source
        self.extra = extra
        self._courses: dict[str, Course] = {}
        for course in courses:
            if course.code in self._courses:
                raise CurriculumError(f"{source}: course {course.code!r} is listed twice")
            if course.credits < 1:
                raise CurriculumError(
                    f"{source}: course {course.code!r} has {course.credits} credits; expected at least 1"
                )
            if course.term < 1:
                raise CurriculumError(f"{source}: course {course.code!r} is in term {course.term}; expected 1 or later")
            self._courses[course.code] = course
        for course in self._courses.values():
            unknown = [p for p in course.prerequisites if p not in self._courses]
            if unknown:
                raise CurriculumError(
                    f"{source}: prerequisites {unknown} of {course.code!r} are not courses of the curriculum"
                )
        self._order = self._topological_order()

    # --- reading and writing ----------------------------------------------------------------
    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, source: str = "curriculum", first_line: int = 2) -> Curriculum:
        """Build from a table with the columns of the CSV form (rows numbered from ``first_line``)."""
        missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
        if missing:
            raise CurriculumError(f"{source}, line 1: missing columns {missing}; expected {list(REQUIRED_COLUMNS)}")
        courses = []
        first_seen: dict[str, int] = {}
        for offset, row in enumerate(frame.to_dict("records")):
            where = f"{source}, line {first_line + offset}"
            code = _text(row["code"])
            if not code:
                raise CurriculumError(f"{where}, column code: empty course code")
            if code in first_seen:
                raise CurriculumError(
                    f"{where}, column code: {code!r} is listed twice (first on line {first_seen[code]})"
                )
            first_seen[code] = first_line + offset
            prerequisites = tuple(p.strip() for p in _text(row["prerequisites"]).split(";") if p.strip())
            level = row.get("level")
            courses.append(
                Course(
                    code=code,
                    name=_text(row["name"]) or code,
                    credits=_positive_int(row["credits"], f"{where}, column credits"),
                    term=_positive_int(row["term"], f"{where}, column term"),
                    prerequisites=prerequisites,
                    level=None if _text(level) == "" else _positive_int(level, f"{where}, column level"),
                )
            )
        others = [c for c in frame.columns if c not in (*REQUIRED_COLUMNS, "level")]
        extra = frame.set_index(frame["code"].map(_text))[others] if others else None
        return cls(courses, source=source, extra=extra)

    @classmethod
    def read_csv(cls, path: str | Path) -> Curriculum:
        """Read the CSV form (UTF-8); errors name the file, line and column."""
        frame = files.read_csv(path, dtype=str, keep_default_na=False)
        return cls.from_frame(frame, source=str(path))

    def to_frame(self) -> pd.DataFrame:
        """One row per course, in the order given, with the level actually used."""
        rows = [
            {
                "code": c.code,
                "name": c.name,
                "credits": c.credits,
                "term": c.term,
                "level": c.year_level,
                "prerequisites": ";".join(c.prerequisites),
            }
            for c in self._courses.values()
        ]
        return pd.DataFrame(rows).set_index("code")

    # --- queries ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._courses)

    def __contains__(self, code: object) -> bool:
        return code in self._courses

    def __iter__(self):
        return iter(self._courses.values())

    def __getitem__(self, code: str) -> Course:
        try:
            return self._courses[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a course of {self.source}") from None

    @property
    def codes(self) -> list[str]:
        return list(self._courses)

    @property
    def credits(self) -> pd.Series:
        """Credit hours by course code."""
        return pd.Series({c.code: c.credits for c in self}, name="credits", dtype=int)

    @property
    def terms(self) -> pd.Series:
        """Term of the study plan by course code."""
        return pd.Series({c.code: c.term for c in self}, name="term", dtype=int)

    def edges(self) -> list[tuple[str, str]]:
        """Arcs ``(prerequisite, course)`` of the DAG."""
        return [(p, c.code) for c in self for p in c.prerequisites]

    def topological_order(self) -> list[str]:
        """Courses ordered so that every prerequisite comes before its courses."""
        return list(self._order)

    def eligible(self, passed: Iterable[str]) -> list[str]:
        """Courses not yet passed whose prerequisites are all passed, in curriculum order."""
        done = set(passed)
        unknown = sorted(done - set(self._courses))
        if unknown:
            raise CurriculumError(f"passed courses {unknown[:5]} are not courses of {self.source}")
        return [c.code for c in self if c.code not in done and set(c.prerequisites) <= done]

    def _topological_order(self) -> list[str]:
        """Kahn's algorithm; on a cycle, raise naming its courses."""
        indegree = {code: len(c.prerequisites) for code, c in self._courses.items()}
        followers: dict[str, list[str]] = {code: [] for code in self._courses}
        for before, after in self.edges():
            followers[before].append(after)
        ready = [code for code, d in indegree.items() if d == 0]
        order = []
        while ready:
            code = ready.pop(0)
            order.append(code)
            for after in followers[code]:
                indegree[after] -= 1
                if indegree[after] == 0:
                    ready.append(after)
        if len(order) < len(self._courses):
            cycle = self._find_cycle({code for code, d in indegree.items() if d > 0})
            raise CurriculumError(
                f"{self.source}: prerequisite cycle {' -> '.join(cycle)}; prerequisites must form a DAG"
            )
        return order

    def _find_cycle(self, stuck: set[str]) -> list[str]:
        """Walk back along prerequisites inside ``stuck`` until a course repeats."""
        path: list[str] = []
        seen: dict[str, int] = {}
        code = min(stuck)
        while code not in seen:
            seen[code] = len(path)
            path.append(code)
            code = min(p for p in self._courses[code].prerequisites if p in stuck)
        cycle = path[seen[code] :] + [code]
        return cycle[::-1]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _positive_int(value: object, where: str) -> int:
    text = _text(value)
    try:
        number = int(text)
    except ValueError:
        shown = "nothing" if text == "" else repr(text)
        raise CurriculumError(f"{where}: {shown} is not a whole number; expected a positive integer") from None
    if not 1 <= number <= MAX_NUMBER:
        raise CurriculumError(f"{where}: {number}; expected a positive integer up to {MAX_NUMBER}")
    return number
