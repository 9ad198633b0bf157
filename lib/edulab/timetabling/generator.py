"""Synthetic CB-CTT instances with size parameters, and the small instances the kit ships.

The generator draws courses, teachers, rooms, curricula and unavailabilities with proportions
calibrated on the 21 ITC-2007 instances (about 3.3 lectures a course, 0.8 teachers a course,
rooms filled to 70-90 %, each course unavailable in about a fifth of the periods, curricula of 3
to 8 courses). No curriculum and no teacher has lectures for more than 60 % of the periods; feasibility
is likely but not promised (the tests check the shipped instances with the greedy construction).

References
----------
Di Gaspero, McCollum, Schaerf (2007), ITC-2007 track 3 technical report (instance features).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from edulab.timetabling.instance import Course, Curriculum, Instance, Room, format_instance, parse_instance

#: Largest share of the periods that one curriculum's (or one teacher's) lectures may fill.
LOAD = 0.6


@dataclass(frozen=True)
class GeneratorConfig:
    """Size and shape of a generated instance.

    Attributes
    ----------
    n_courses, n_rooms, n_days, periods_per_day, n_curricula
        Sizes.
    occupancy
        Target share of (period, room) slots taken by lectures.
    unavailability
        Share of (course, period) pairs declared unavailable.
    curriculum_size
        Smallest and largest number of courses in a curriculum.
    teachers_per_course
        Number of teachers relative to the number of courses (below 1: some teach two courses).
    """

    n_courses: int = 20
    n_rooms: int = 4
    n_days: int = 5
    periods_per_day: int = 4
    n_curricula: int = 8
    occupancy: float = 0.7
    unavailability: float = 0.15
    curriculum_size: tuple[int, int] = (2, 5)
    teachers_per_course: float = 0.8

    def __post_init__(self) -> None:
        for name in ("n_courses", "n_rooms", "n_days", "periods_per_day"):
            if getattr(self, name) < 1:
                raise ValueError(f"GeneratorConfig.{name} must be at least 1, got {getattr(self, name)!r}")
        if self.n_curricula < 0:
            raise ValueError(f"GeneratorConfig.n_curricula must be non-negative, got {self.n_curricula!r}")
        if not 0 < self.occupancy <= 1 or not 0 <= self.unavailability < 1:
            raise ValueError(
                f"need 0 < occupancy <= 1 and 0 <= unavailability < 1, got {self.occupancy!r}, {self.unavailability!r}"
            )
        low, high = self.curriculum_size
        if not 1 <= low <= high:
            raise ValueError(f"curriculum_size must be (low, high) with 1 <= low <= high, got {self.curriculum_size!r}")
        if self.n_curricula and low > self.n_courses:
            raise ValueError(
                f"curricula of at least {low} courses need that many courses, got n_courses={self.n_courses}"
            )
        if not 0 < self.teachers_per_course <= 1:
            raise ValueError(f"teachers_per_course must be in (0, 1], got {self.teachers_per_course!r}")


def generate_instance(
    config: GeneratorConfig | None = None, random_state: int = 0, name: str = "Generated"
) -> Instance:
    """Draw an instance; the same configuration and ``random_state`` (an integer seed) give the
    same instance on every machine."""
    config = config or GeneratorConfig()
    rng = np.random.default_rng(random_state)
    n_periods = config.n_days * config.periods_per_day
    lectures = _lectures(rng, config, n_periods)
    teachers = _teachers(rng, config, lectures, n_periods)
    min_days = np.minimum(lectures, rng.integers(1, config.n_days + 1, config.n_courses))
    students = np.maximum(5, rng.lognormal(np.log(40), 0.8, config.n_courses).round().astype(int))
    capacity = _capacities(rng, config.n_rooms, students)
    courses = tuple(
        Course(f"c{i + 1:03d}", f"t{teachers[i]:03d}", int(lectures[i]), int(min_days[i]), int(students[i]))
        for i in range(config.n_courses)
    )
    rooms = tuple(Room(f"R{r + 1:02d}", int(capacity[r])) for r in range(config.n_rooms))
    curricula = _curricula(rng, config, lectures, n_periods)
    unavailable = _unavailability(rng, config, lectures, n_periods)
    instance = Instance(name, config.n_days, config.periods_per_day, courses, rooms, curricula, unavailable)
    return parse_instance(format_instance(instance), source=f"generated {name}")  # canonical, validated


def _lectures(rng, config: GeneratorConfig, n_periods: int) -> np.ndarray:
    """Lectures per course: 1 to 6 (at most the periods), scaled to the target occupancy."""
    target = config.occupancy * n_periods * config.n_rooms
    weights = rng.gamma(3.0, 1.0, config.n_courses)
    lectures = np.clip(np.round(weights / weights.sum() * target), 1, min(6, n_periods)).astype(int)
    return lectures


def _capacities(rng, n_rooms: int, students: np.ndarray) -> np.ndarray:
    """Room sizes spread over the course sizes, the largest room fitting most of the largest course."""
    quantiles = np.sort(rng.uniform(0.3, 1.0, n_rooms))
    quantiles[-1] = 1.0
    capacity = np.quantile(students, quantiles) * rng.uniform(0.9, 1.2, n_rooms)
    return np.maximum(10, np.round(capacity / 5) * 5).astype(int)


def _curricula(rng, config: GeneratorConfig, lectures: np.ndarray, n_periods: int) -> tuple[Curriculum, ...]:
    """Curricula whose courses together have at most ``LOAD`` of the periods' worth of lectures."""
    low, high = config.curriculum_size
    high = min(high, config.n_courses)
    limit = LOAD * n_periods
    curricula = []
    for q in range(config.n_curricula):
        members = rng.choice(config.n_courses, size=int(rng.integers(low, high + 1)), replace=False)
        while len(members) > 1 and lectures[members].sum() > limit:
            members = members[:-1]
        curricula.append(Curriculum(f"q{q + 1:03d}", tuple(sorted(members.tolist()))))
    return tuple(curricula)


def _teachers(rng, config: GeneratorConfig, lectures: np.ndarray, n_periods: int) -> np.ndarray:
    """A teacher per course, every teacher with at most ``LOAD`` of the periods' worth of lectures."""
    n_teachers = max(1, round(config.teachers_per_course * config.n_courses))
    teachers = np.concatenate([np.arange(n_teachers), rng.integers(0, n_teachers, config.n_courses - n_teachers)])
    rng.shuffle(teachers)
    load = np.bincount(teachers, weights=lectures, minlength=n_teachers)
    for c in np.argsort(-lectures):
        if load[teachers[c]] > LOAD * n_periods and load[teachers[c]] > lectures[c]:
            load[teachers[c]] -= lectures[c]
            teachers[c] = int(np.argmin(load))
            load[teachers[c]] += lectures[c]
    return teachers


def _unavailability(rng, config: GeneratorConfig, lectures: np.ndarray, n_periods: int) -> np.ndarray:
    """Unavailable periods, leaving each course at least twice its lectures (or all periods) free."""
    unavailable = rng.random((config.n_courses, n_periods)) < config.unavailability
    for c in range(config.n_courses):
        keep = min(n_periods, 2 * int(lectures[c]))
        free = np.flatnonzero(~unavailable[c])
        if free.size < keep:
            unavailable[c, rng.choice(np.flatnonzero(unavailable[c]), keep - free.size, replace=False)] = False
    return unavailable


# --- the instances shipped in datasets/timetabling ---------------------------------------------

#: A tiny instance written by hand: 4 courses, 2 rooms, 3 days of 3 periods, 2 curricula.
TINY = """\
Name: Tiny
Courses: 4
Rooms: 2
Days: 3
Periods_per_day: 3
Curricula: 2
Constraints: 3

COURSES:
Algebra    Ada    3 3 30
Biology    Boole  2 2 25
Chemistry  Curie  2 2 40
Drawing    Ada    1 1 12

ROOMS:
Aula  40
Lab   25

CURRICULA:
Science  3 Algebra Biology Chemistry
Arts     2 Algebra Drawing

UNAVAILABILITY_CONSTRAINTS:
Algebra   0 0
Chemistry 2 1
Chemistry 2 2

END.
"""

#: Sizes and seeds of the generated instances shipped with the kit.
SHIPPED = {
    "small": (
        GeneratorConfig(n_courses=12, n_rooms=3, n_days=5, periods_per_day=4, n_curricula=6, occupancy=0.6),
        2007,
    ),
    "medium": (
        GeneratorConfig(
            n_courses=40, n_rooms=8, n_days=5, periods_per_day=5, n_curricula=20, occupancy=0.7, curriculum_size=(3, 7)
        ),
        2008,
    ),
}

README = """\
# Timetabling instances shipped with the kit

Curriculum-based course timetabling instances (ITC-2007 track 3 `.ctt` format), written by
`edulab.timetabling.generator.build_shipped` (same bytes every time; a test regenerates them).
Load them with `edulab.datasets.load("ctt-synthetic")` (a dict of name -> Instance).

| file | what | courses | rooms | days x periods |
|---|---|---|---|---|
| `tiny.ctt` | written by hand for the lecture: small enough to solve on paper | 4 | 2 | 3 x 3 |
| `small.ctt` | generated, seed 2007 | 12 | 3 | 5 x 4 |
| `medium.ctt` | generated, seed 2008 | 40 | 8 | 5 x 5 |

Format: header (`Name:`, `Courses:`, `Rooms:`, `Days:`, `Periods_per_day:`, `Curricula:`,
`Constraints:`), then the sections `COURSES:` (`name teacher lectures min_days students`),
`ROOMS:` (`name capacity`), `CURRICULA:` (`name n_courses course...`),
`UNAVAILABILITY_CONSTRAINTS:` (`course day period`, 0-based) and `END.`.
The 21 competition instances are not shipped: `edulab.datasets.load("itc2007")` fetches them.
"""

#: The lecture's showcase: generated on the fly (not shipped), tighter than ``medium`` (60
#: courses, 86 % of the room slots taken, 30 curricula of 3 to 8 courses, a fifth of the periods
#: unavailable), so that a long annealing still leaves a cost in every soft constraint but one
#: and the methods end apart; ``medium`` is solved to cost 0 by a few seconds of annealing.
SHOWCASE = (
    GeneratorConfig(
        n_courses=60,
        n_rooms=8,
        n_days=5,
        periods_per_day=5,
        n_curricula=30,
        occupancy=0.9,
        curriculum_size=(3, 8),
        unavailability=0.2,
    ),
    2009,
)


def showcase_instance() -> Instance:
    """The lecture's showcase instance (:data:`SHOWCASE`), the same on every machine."""
    config, random_state = SHOWCASE
    return generate_instance(config, random_state, name="Synthetic-showcase")


#: Names of the shipped instances (the ``ctt-synthetic`` dataset).
SHIPPED_NAMES = ("tiny", *SHIPPED)

SHIPPED_FILES = ("README.md", *(f"{name}.ctt" for name in SHIPPED_NAMES))


def shipped_instances() -> dict[str, Instance]:
    """The shipped instances, built in memory: ``{"tiny": ..., "small": ..., "medium": ...}``."""
    instances = {"tiny": parse_instance(TINY, source="tiny.ctt")}
    for name, (config, random_state) in SHIPPED.items():
        instances[name] = generate_instance(config, random_state, name=f"Synthetic-{name}")
    return instances


def build_shipped(folder: str | Path) -> Path:
    """Write the shipped dataset (README and the three instances) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(README, encoding="utf-8", newline="\n")
    for name, instance in shipped_instances().items():
        text = TINY if name == "tiny" else format_instance(instance)
        (folder / f"{name}.ctt").write_text(text, encoding="utf-8", newline="\n")
    return folder
