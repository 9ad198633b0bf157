"""Random HLAPP instances following section 5.1 of Wouda, Aslan and Vis (2023).

A school teaches 12 courses of 48 modules (nominally 8 a year over six years). Teachers and
instruction classrooms are shared among the courses in proportion to their weekly hours. Every
learner demands one module per course, drawn around the nominal progression
:math:`\\mu = 8 y + 4` (year :math:`y \\in \\{0, \\dots, 5\\}`) with spread :math:`\\sigma`, with a
demand value drawn from an exponential distribution with mean 2.

The paper's schools have 800, 1200 or 1600 learners; every count here is derived from
``learners`` in the same proportions (a teacher per 10 learners, a 32-seat classroom per 20 or a
16-seat one per 10 when classrooms are split, 80-seat self-study rooms), so a 160-learner school
is the 800-learner one at a fifth of the scale.

References
----------
.. [1] Wouda, Aslan and Vis (2023), section 5.1, tables 2 and A.3.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from edulab.planning.instance import SELF_STUDY_ROOM_TYPE, Instance

#: Courses as (weekly hours, room type) pairs, table A.3 of the paper; room type 1 is a regular
#: classroom (self-study allowed), the others are labs, gyms and other special rooms.
COURSES: tuple[tuple[int, int], ...] = (
    (4, 1), (4, 1), (3, 1), (4, 1), (2, 1), (1, 2), (3, 3), (1, 4), (3, 1), (2, 1), (2, 5), (2, 6),
)  # fmt: skip

#: The paper's qualification mixes (first; second; third degree), table 2.
QUALIFICATION_MIXES: dict[str, tuple[float, float, float]] = {
    "first": (1.0, 0.0, 0.0),
    "mixed": (0.5, 0.5, 0.0),
    "third": (0.4, 0.4, 0.2),
}

#: Largest school the generator draws (the paper's largest has 1600 learners); larger ones would
#: exceed the instance reader's caps (:data:`edulab.planning.instance.MAX_CELLS`).
MAX_LEARNERS = 20_000

#: Self-study rooms of the paper's school sizes (section 5.1); other sizes scale 3 per 800 learners.
PAPER_SELF_STUDY_ROOMS = {800: 3, 1200: 4, 1600: 6}


@dataclass(frozen=True)
class GeneratorConfig:
    """Parameters of one experiment (table 2 of the paper), at any school size.

    Parameters
    ----------
    learners
        School size, 6 to :data:`MAX_LEARNERS`; teachers, classrooms and self-study rooms follow
        in proportion.
    sigma
        Demand spread :math:`\\sigma` (0, 1, 2 or 3 in the paper).
    penalty
        Self-study penalty :math:`w` (0.5 or 0.75 in the paper).
    qualification_mix
        Fractions of first-, second- and third-degree teachers; sums to 1.
    split
        True: instruction classrooms of 16 seats, one per 10 learners; False: 32 seats, one per 20.
    min_batch, max_batch
        :math:`\\delta^-` and :math:`\\delta^+` (5 and 30 in the paper).
    demand_mean
        Mean of the exponential demand values (2 in the paper).
    modules_per_course
        48 in the paper; the first half needs a second-degree teacher, the second half first-degree.
    courses
        (weekly hours, room type) of each course.
    """

    learners: int = 800
    sigma: float = 1.0
    penalty: float = 0.5
    qualification_mix: tuple[float, float, float] = (1.0, 0.0, 0.0)
    split: bool = False
    min_batch: int = 5
    max_batch: int = 30
    demand_mean: float = 2.0
    modules_per_course: int = 48
    courses: tuple[tuple[int, int], ...] = COURSES

    def __post_init__(self) -> None:
        if (
            isinstance(self.learners, bool)
            or not isinstance(self.learners, (int, np.integer))
            or not 6 <= self.learners <= MAX_LEARNERS
        ):
            raise ValueError(
                f"learners must be an integer >= 6 (one per school year) and <= {MAX_LEARNERS}, got {self.learners!r}"
            )
        if not (isinstance(self.sigma, numbers.Real) and 0 <= self.sigma < math.inf):
            raise ValueError(f"sigma must be >= 0 and finite, got {self.sigma!r}")
        if not 0 < self.penalty <= 1:
            raise ValueError(f"penalty must be in (0, 1], got {self.penalty!r}")
        mix = tuple(float(x) for x in self.qualification_mix)
        if len(mix) != 3 or min(mix) < 0 or abs(sum(mix) - 1) > 1e-9:
            raise ValueError(
                f"qualification_mix must be three non-negative fractions summing to 1, got {self.qualification_mix!r}"
            )
        object.__setattr__(self, "qualification_mix", mix)
        if not 1 <= self.min_batch <= self.max_batch:
            raise ValueError(f"need 1 <= min_batch <= max_batch, got {self.min_batch!r} and {self.max_batch!r}")
        if not (isinstance(self.demand_mean, numbers.Real) and 0 < self.demand_mean < math.inf):
            raise ValueError(f"demand_mean must be a finite number > 0, got {self.demand_mean!r}")
        if self.modules_per_course < 2 or self.modules_per_course % 2:
            raise ValueError(f"modules_per_course must be an even number >= 2, got {self.modules_per_course!r}")
        if not self.courses or any(hours <= 0 for hours, _ in self.courses):
            raise ValueError(f"courses must be (positive weekly hours, room type) pairs, got {self.courses!r}")
        object.__setattr__(self, "courses", tuple((int(h), int(r)) for h, r in self.courses))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["qualification_mix"] = list(self.qualification_mix)
        data["courses"] = [list(course) for course in self.courses]
        return data


def apportion(total: int, weights: Sequence[float]) -> np.ndarray:
    """Split ``total`` items over ``weights`` by largest remainders (sums to ``total`` exactly).

    Ties go to the earlier weight, so the split is deterministic.
    """
    weights = np.asarray(weights, dtype=float)
    if total < 0 or weights.sum() <= 0 or (weights < 0).any():
        raise ValueError(f"cannot apportion {total} over weights {weights.tolist()}")
    quotas = total * weights / weights.sum()
    counts = np.floor(quotas + 1e-9).astype(int)
    remainders = quotas - counts
    order = np.lexsort((np.arange(len(weights)), -np.round(remainders, 9)))
    counts[order[: total - counts.sum()]] += 1
    return counts


def school_sizes(config: GeneratorConfig) -> dict[str, int]:
    """Teachers, instruction classrooms and self-study rooms of a school with ``config.learners``."""
    learners = int(config.learners)
    per_room = 10 if config.split else 20
    return {
        "teachers": max(1, round(learners / 10)),
        "instruction_rooms": max(1, round(learners / per_room)),
        "self_study_rooms": PAPER_SELF_STUDY_ROOMS.get(learners, max(1, round(3 * learners / 800))),
    }


def generate_instance(config: GeneratorConfig | None = None, random_state: int = 0, **overrides) -> Instance:
    """Draw one instance.

    Parameters
    ----------
    config
        The experiment's parameters; keyword ``overrides`` replace some of them
        (``generate_instance(learners=160, sigma=2, random_state=1)``).
    random_state
        Seeds ``numpy.random.default_rng``; the same seed gives the same instance. It is recorded
        as ``seed`` in the instance's ``meta["generator"]`` (and so in its JSON file).

    Notes
    -----
    Demand values are rounded to three decimals as in the paper's files, but never to 0 (which
    would silently make the learner ineligible): the smallest value is 0.001.
    """
    config = GeneratorConfig(**{**(config.to_dict() if config else {}), **overrides})
    rng = np.random.default_rng(random_state)
    sizes = school_sizes(config)
    hours = np.array([h for h, _ in config.courses], dtype=float)
    course_room = np.array([r for _, r in config.courses], dtype=int)
    n_courses, per_course = len(config.courses), config.modules_per_course

    year = 1 + (np.arange(config.learners) * 6) // config.learners

    # Instruction classrooms go to room types by weekly hours; regular ones (type 1) host self-study too.
    room_types = np.unique(course_room)
    hours_by_type = np.array([hours[course_room == t].sum() for t in room_types])
    rooms_by_type = apportion(sizes["instruction_rooms"], hours_by_type)
    room_type = np.concatenate(
        [np.repeat(room_types, rooms_by_type), np.full(sizes["self_study_rooms"], SELF_STUDY_ROOM_TYPE)]
    )
    capacity = np.concatenate(
        [np.full(sizes["instruction_rooms"], 16 if config.split else 32), np.full(sizes["self_study_rooms"], 80)]
    )
    self_study_allowed = (room_type == 1) | (room_type == SELF_STUDY_ROOM_TYPE)

    module_course = np.repeat(np.arange(n_courses), per_course)
    module_room = course_room[module_course]
    module_qualification = np.where(np.tile(np.arange(per_course), n_courses) < per_course // 2, 2, 1)

    # Teachers go to courses by weekly hours, then to degrees by the qualification mix.
    teachers_by_course = apportion(sizes["teachers"], hours)
    degree = np.concatenate([np.repeat([1, 2, 3], apportion(n, config.qualification_mix)) for n in teachers_by_course])
    teacher_course = np.repeat(np.arange(n_courses), teachers_by_course)

    # One demanded module per learner and course, around the nominal progression.
    nominal = 8 * (year - 1) + 4
    drawn = nominal[:, None] + config.sigma * rng.standard_normal((config.learners, n_courses))
    position = np.clip(np.rint(drawn), 1, per_course).astype(int)
    values = np.maximum(np.round(rng.exponential(config.demand_mean, (config.learners, n_courses)), 3), 0.001)
    learner = np.repeat(np.arange(config.learners), n_courses)
    module = (np.arange(n_courses)[None, :] * per_course + position - 1).ravel()
    order = np.lexsort((module, learner))

    return Instance(
        learner_year=year,
        capacity=capacity,
        self_study_allowed=self_study_allowed,
        room_type=room_type,
        module_room_type=module_room,
        module_qualification=module_qualification,
        module_course=module_course,
        teacher_degree=degree,
        teacher_from=teacher_course * per_course,
        teacher_to=(teacher_course + 1) * per_course,
        penalty=float(config.penalty),
        min_batch=int(config.min_batch),
        max_batch=int(config.max_batch),
        demand_learner=learner[order],
        demand_module=module[order],
        demand_value=values.ravel()[order],
        meta={"generator": {**config.to_dict(), "seed": int(random_state)}},
    )
