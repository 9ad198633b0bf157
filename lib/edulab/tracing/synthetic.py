"""Synthetic students with a known learning model, in the ASSISTments schema.

Each skill k has a prior mastery, a learning rate, a guess and a slip probability, as in
Bayesian knowledge tracing (Corbett and Anderson 1995). Each student has an ability that raises
(or lowers) the log-odds of prior mastery and of learning on every skill, so one skill tells
something about the others (the individualised BKT of Yudelson et al. 2013). A student works in
skill-builder fashion: one skill until three right answers in a row or ``max_attempts``
answers, then the next skill in a personal order (popular skills first, at random), for a total
length drawn from a log-normal calibrated on ASSISTments 2009.

Before each answer the student has mastered the skill or not; the answer is right with
probability ``1 - slip`` or ``guess``, and an unmastered skill becomes mastered after the answer
with the student's learning probability. The generator returns that probability of a right
answer (``p_correct``) and the hidden state (``mastered``): no model that sees only the answers
can expect to beat the AUC of ``p_correct``, the ceiling the lecture shows.

References
----------
Corbett, A. T., Anderson, J. R. (1995). Knowledge tracing: modeling the acquisition of
procedural knowledge. User Modeling and User-Adapted Interaction 4(4), 253-278.
Yudelson, M. V., Koedinger, K. R., Gordon, G. J. (2013). Individualized Bayesian knowledge
tracing models. AIED 2013, 171-180.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from edulab.tracing.data import read_interactions_csv

#: Figures of ASSISTments 2009 (AKT copy: duplicates removed), measured by
#: :func:`edulab.tracing.interactions.summarise`; a test re-measures them when the data is present.
ASSISTMENTS_2009 = {
    "students": 4150,
    "skills": 110,
    "interactions": 325589,
    "length_mean": 78.455,
    "length_median": 23.0,
    "correct_rate": 0.6585,
    "length_max": 1261,
}

SHIPPED_FILE = "synthetic_interactions.csv"
SHIPPED_STUDENTS = 500
SHIPPED_SEED = 2009


@dataclass(frozen=True)
class SyntheticConfig:
    """Parameters of the simulated course (defaults calibrated on ASSISTments 2009).

    Attributes
    ----------
    n_students, n_skills
        Sizes.
    length_median, length_mean, length_max
        Answers per student: a log-normal with this median, clipped to [2, length_max], whose
        spread is chosen so that the clipped lengths have this mean.
    prior_logit, learn_logit
        Mean log-odds of prior mastery and of learning per answer, over skills.
    skill_spread
        Standard deviation of those log-odds between skills.
    ability_spread
        Standard deviation of the student ability added to both log-odds.
    guess, slip
        Ranges (low, high) of the per-skill guess and slip probabilities.
    max_attempts
        Answers on one skill before moving on even without three right in a row.
    """

    n_students: int = ASSISTMENTS_2009["students"]
    n_skills: int = ASSISTMENTS_2009["skills"]
    length_median: float = ASSISTMENTS_2009["length_median"]
    length_mean: float = ASSISTMENTS_2009["length_mean"]
    length_max: int = ASSISTMENTS_2009["length_max"]
    prior_logit: float = 0.9
    learn_logit: float = -1.5
    skill_spread: float = 1.0
    ability_spread: float = 1.0
    guess: tuple[float, float] = (0.1, 0.35)
    slip: tuple[float, float] = (0.05, 0.15)
    max_attempts: int = 10

    def __post_init__(self) -> None:
        if self.n_students < 1 or self.n_skills < 1:
            raise ValueError(f"n_students={self.n_students} and n_skills={self.n_skills} must be positive")
        if not 0 < self.length_median <= self.length_mean:
            raise ValueError(f"need 0 < length_median ({self.length_median}) <= length_mean ({self.length_mean})")
        for name in ("guess", "slip"):
            low, high = getattr(self, name)
            if not 0.0 <= low <= high < 0.5:
                raise ValueError(f"{name}={getattr(self, name)!r}: expected 0 <= low <= high < 0.5")
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts={self.max_attempts}: expected a positive integer")

    def to_dict(self) -> dict:
        return asdict(self)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


def draw_skills(config: SyntheticConfig, rng: np.random.Generator) -> pd.DataFrame:
    """The true BKT parameters of each skill (for an average student, ability 0).

    Returns a table indexed by skill name (``"skill 001"``...) with columns prior, learn,
    guess and slip.
    """
    k = config.n_skills
    prior = _sigmoid(config.prior_logit + config.skill_spread * rng.standard_normal(k))
    learn = _sigmoid(config.learn_logit + config.skill_spread * rng.standard_normal(k))
    guess = rng.uniform(*config.guess, size=k)
    slip = rng.uniform(*config.slip, size=k)
    width = len(str(k))
    names = pd.Index([f"skill {i + 1:0{width}d}" for i in range(k)], name="skill_name")
    return pd.DataFrame({"prior": prior, "learn": learn, "guess": guess, "slip": slip}, index=names)


def _length_sigma(config: SyntheticConfig) -> float:
    """Spread of the log-normal whose clipped mean is ``length_mean`` (bisection on quantiles)."""
    from scipy.special import ndtri

    z = ndtri((np.arange(20_000) + 0.5) / 20_000)

    def clipped_mean(sigma: float) -> float:
        return float(np.clip(config.length_median * np.exp(sigma * z), 2, config.length_max).mean())

    low, high = 0.0, 4.0
    if clipped_mean(high) < config.length_mean:
        raise ValueError(f"length_mean={config.length_mean} is out of reach with length_max={config.length_max}")
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if clipped_mean(middle) < config.length_mean else (low, middle)
    return (low + high) / 2


def simulate(config: SyntheticConfig | None = None, random_state: int | np.random.Generator = 0) -> pd.DataFrame:
    """Simulate the students of ``config``.

    Returns
    -------
    pandas.DataFrame
        ``user_id`` (1..n), ``order_id`` (0..length-1), ``skill_name`` (``"skill 001"``...),
        ``correct``, ``p_correct`` (the probability the answer was drawn with) and ``mastered``
        (the hidden state before the answer), sorted by student and time. The skill
        parameters are given by :func:`true_skills`.
    """
    config = config or SyntheticConfig()
    rng = np.random.default_rng(random_state)
    n, k = config.n_students, config.n_skills
    skills = draw_skills(config, rng)
    prior, learn = _logit(skills["prior"].to_numpy()), _logit(skills["learn"].to_numpy())
    guess, slip = skills["guess"].to_numpy(), skills["slip"].to_numpy()
    popularity = rng.dirichlet(np.full(k, 0.7))
    ability = config.ability_spread * rng.standard_normal(n)
    sigma = _length_sigma(config)
    lengths = np.clip(
        np.round(config.length_median * np.exp(sigma * rng.standard_normal(n))), 2, config.length_max
    ).astype(np.int64)
    # Each student's skill order: a popularity-weighted permutation (Gumbel top-k).
    order = np.argsort(-(np.log(popularity)[None, :] + rng.gumbel(size=(n, k))), axis=1)
    mastered = rng.random((n, k)) < _sigmoid(prior[None, :] + ability[:, None])
    learn_p = _sigmoid(learn[None, :] + ability[:, None])

    steps = int(lengths.max())
    skill_at = np.zeros((n, steps), dtype=np.int32)
    correct_at = np.zeros((n, steps), dtype=np.int8)
    p_at = np.zeros((n, steps))
    state_at = np.zeros((n, steps), dtype=np.int8)
    slot = np.zeros(n, dtype=np.int64)
    streak = np.zeros(n, dtype=np.int64)
    attempts = np.zeros(n, dtype=np.int64)
    everyone = np.arange(n)
    for t in range(steps):
        active = everyone[lengths > t]
        skill = order[active, slot[active] % k]
        known = mastered[active, skill]
        p = np.where(known, 1.0 - slip[skill], guess[skill])
        right = rng.random(len(active)) < p
        skill_at[active, t], correct_at[active, t], p_at[active, t], state_at[active, t] = skill, right, p, known
        mastered[active, skill] = known | (rng.random(len(active)) < learn_p[active, skill])
        streak[active] = np.where(right, streak[active] + 1, 0)
        attempts[active] += 1
        done = (streak[active] >= 3) | (attempts[active] >= config.max_attempts)
        moving = active[done]
        slot[moving] += 1
        streak[moving] = 0
        attempts[moving] = 0
    taken = np.arange(steps)[None, :] < lengths[:, None]
    user, step = np.nonzero(taken)
    names = skills.index.to_numpy(dtype=object)
    frame = pd.DataFrame(
        {
            "user_id": user + 1,
            "order_id": step,
            "skill_name": names[skill_at[user, step]],
            "correct": correct_at[user, step].astype(np.int64),
            "p_correct": p_at[user, step],
            "mastered": state_at[user, step].astype(np.int64),
        }
    )
    return frame


def true_skills(config: SyntheticConfig | None = None, random_state: int = 0) -> pd.DataFrame:
    """The skill parameters :func:`simulate` used with the same config and integer seed.

    They are the generator's first draws, so drawing them again from the same seed gives them
    back (prior and learn are those of an average student, ability 0).
    """
    if not isinstance(random_state, (int, np.integer)):
        raise ValueError(f"random_state={random_state!r}: expected the integer seed given to simulate")
    return draw_skills(config or SyntheticConfig(), np.random.default_rng(random_state))


def write_shipped(folder: str | Path) -> Path:
    """Builder of the shipped data set: 500 students of the calibrated course, fixed seed.

    Writes ``synthetic_interactions.csv`` (probabilities with 6 decimals), the same bytes every
    time, and returns its path.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    frame = simulate(SyntheticConfig(n_students=SHIPPED_STUDENTS), random_state=SHIPPED_SEED)
    path = folder / SHIPPED_FILE
    frame.to_csv(path, index=False, float_format="%.6f", lineterminator="\n")
    return path


def read_shipped(folder: str | Path) -> pd.DataFrame:
    """Loader of the shipped data set: the interactions with ``p_correct`` and ``mastered``."""
    return read_interactions_csv(Path(folder) / SHIPPED_FILE)
