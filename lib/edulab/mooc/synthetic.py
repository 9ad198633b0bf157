"""A simulated MOOC in the schema of the EPFL MOOC files, calibrated on the real quiz file.

Each student has two latent traits: an *engagement* ``e`` (how much they work) and an *ability*
``a`` (how well they do), correlated. Week by week:

1. engagement drifts, ``e_w = e + slope * w / (W - 1) + noise``, with a wide spread of slopes:
   some learners warm up, many fade, and the first weeks cannot tell which;
2. the student takes the week's quiz with probability ``sigmoid(alpha_w + 1.5 e_w + 3 (took_{w-1} - 1/2))``:
   a student who skipped last week's quiz rarely comes back, as in the real course; ``alpha_w`` is
   solved week by week so that the share of quiz takers equals the real file's;
3. the quiz score is ``sigmoid(beta_w + 1.2 a + 0.3 e_w + noise)``, ``beta_w`` solved so that the
   mean score of that week equals the real file's;
4. the 42 behaviour features (names of the real feature file) follow the week's *activity*
   (engagement, plus a jump when the student took the quiz) and, for a few, the ability; a week
   without any activity has all features 0.

The final label is drawn from the true pass probability ``sigmoid(c + 2.2 m + 1.0 a)``, where ``m``
is the mean engagement over the *second half* of the course, and ``c`` is solved so that the pass
rate equals the real one (25.6 %: 1,529 of 5,969 learners passed). Since the outcome depends on
how engagement evolves, every extra week observed tells more: the "how early" curve climbs.
Because the simulator knows that probability, a lecture can show the ceiling: the AUC of the
true probability itself, which no model of the observed data can beat on average.

References
----------
M. Marras, J. T. T. Vignoud, T. Käser (2021). Can feature predictive power generalize?
Benchmarking early predictors of student success across flipped and online courses. EDM 2021.
(The feature sets behind the 42 names: Boroujeni et al. 2016, Chen and Cui 2020, Lallé and
Conati 2020, Marras et al. 2021.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from edulab.mooc.data import FEATURES_FILE, LABELS_FILE, QUIZZES_FILE, TRUTH_FILE, MoocData, read_mooc_folder
from edulab.mooc.schema import FAIL, LABEL, MOOC_FEATURES, PASS, QUIZ, USER, WEEK

#: Share of learners who took each week's quiz in the real file (weeks 0-9), from ``mooc_quizzes.csv``.
REAL_QUIZ_RATES = (0.9802, 0.4339, 0.5249, 0.3691, 0.3202, 0.3230, 0.2662, 0.2562, 0.2503, 0.2531)
#: Mean quiz score of each week among those who took it, from ``mooc_quizzes.csv``.
REAL_SCORE_MEANS = (0.7574, 0.5220, 0.7233, 0.5483, 0.6048, 0.7903, 0.7273, 0.6029, 0.6938, 0.6184)
#: Share of learners who passed (label 0), from ``mooc_lab.csv``: 1,529 of 5,969.
REAL_PASS_RATE = 1529 / 5969

SHIPPED_STUDENTS = 1000
#: Standard deviation of the engagement slopes over the course (see the module docstring).
SLOPE_SPREAD = 2.0
SHIPPED_SEED = 2022

# How each feature is produced: (kind, base, activity loading, ability loading, noise).
# kinds: "count" Poisson counts, "prop" shares in [0, 1], "positive" durations and ratios,
# "signed" DelayLecture (hours after release; negative = ahead of schedule).
_FEATURE_SPECS: dict[str, tuple[str, float, float, float, float]] = {
    "TotalClicksVideoLoad": ("count", 1.5, 0.8, 0.0, 0.4),
    "AvgWatchedWeeklyProp": ("prop", -0.3, 0.9, 0.1, 0.5),
    "StdWatchedWeeklyProp": ("prop", -1.5, 0.2, 0.0, 0.4),
    "AvgReplayedWeeklyProp": ("prop", -2.0, 0.3, -0.3, 0.5),
    "StdReplayedWeeklyProp": ("prop", -2.5, 0.1, 0.0, 0.4),
    "AvgInterruptedWeeklyProp": ("prop", -1.0, -0.4, 0.0, 0.5),
    "StdInterruptedWeeklyProp": ("prop", -2.0, 0.0, 0.0, 0.4),
    "TotalClicksVideoConati": ("count", 2.0, 0.8, 0.0, 0.4),
    "FrequencyEventVideo": ("prop", 0.5, 0.3, 0.0, 0.4),
    "FrequencyEventLoad": ("prop", -1.0, -0.2, 0.0, 0.4),
    "FrequencyEventVideoPlay": ("prop", -1.0, 0.2, 0.0, 0.4),
    "FrequencyEventVideoPause": ("prop", -1.2, 0.2, 0.0, 0.4),
    "FrequencyEventVideoStop": ("prop", -3.0, 0.0, 0.0, 0.5),
    "FrequencyEventVideoSeekBackward": ("prop", -2.0, 0.1, -0.2, 0.5),
    "FrequencyEventVideoSeekForward": ("prop", -2.0, -0.1, 0.2, 0.5),
    "FrequencyEventVideoSpeedChange": ("prop", -2.5, 0.0, 0.2, 0.5),
    "AvgSeekLength": ("positive", 3.5, 0.0, 0.1, 0.6),
    "StdSeekLength": ("positive", 3.0, 0.0, 0.0, 0.6),
    "AvgPauseDuration": ("positive", 4.0, 0.1, 0.0, 0.7),
    "StdPauseDuration": ("positive", 4.2, 0.0, 0.0, 0.7),
    "AvgTimeSpeedingUp": ("positive", 3.0, 0.0, 0.2, 0.7),
    "StdTimeSpeedingUp": ("positive", 3.3, 0.0, 0.0, 0.7),
    "RegPeakTimeDayHour": ("positive", 3.5, 0.5, 0.0, 0.5),
    "RegPeriodicityM1": ("positive", 1.0, 0.4, 0.0, 0.4),
    "DelayLecture": ("signed", 40.0, -25.0, -5.0, 30.0),
    "TotalClicks": ("count", 3.5, 0.9, 0.0, 0.4),
    "NumberOfSessions": ("count", 0.8, 0.7, 0.0, 0.3),
    "TotalTimeSessions": ("positive", 8.0, 0.9, 0.0, 0.5),
    "AvgTimeSessions": ("positive", 7.0, 0.3, 0.0, 0.5),
    "StdTimeBetweenSessions": ("positive", 10.0, -0.3, 0.0, 0.6),
    "StdTimeSessions": ("positive", 6.5, 0.2, 0.0, 0.6),
    "TotalClicksWeekday": ("count", 3.2, 0.9, 0.0, 0.4),
    "TotalClicksWeekend": ("count", 2.0, 0.7, 0.0, 0.6),
    "RatioClicksWeekendDay": ("positive", -1.0, 0.0, 0.0, 0.6),
    "TotalClicksVideoChen": ("count", 2.0, 0.8, 0.0, 0.4),
    "TotalClicksProblem": ("count", 1.5, 0.8, 0.3, 0.4),
    "TotalTimeProblem": ("positive", 7.0, 0.8, 0.2, 0.5),
    "TotalTimeVideo": ("positive", 8.0, 0.9, 0.0, 0.5),
    "CompetencyAlignment": ("prop", -1.0, 0.5, 0.8, 0.4),
    "CompetencyAnticipation": ("prop", -3.0, 0.3, 0.4, 0.5),
    "ContentAlignment": ("prop", -1.0, 0.5, 0.6, 0.4),
    "ContentAnticipation": ("prop", -3.0, 0.3, 0.3, 0.5),
}
assert tuple(_FEATURE_SPECS) == MOOC_FEATURES


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _solve_offset(target: float, logits: np.ndarray, weights: np.ndarray | None = None) -> float:
    """The offset ``c`` with ``mean(sigmoid(c + logits)) == target`` (bisection, vectorised)."""
    low, high = -30.0, 30.0
    for _ in range(60):
        middle = (low + high) / 2
        mean = np.average(_sigmoid(middle + logits), weights=weights)
        low, high = (middle, high) if mean < target else (low, middle)
    return (low + high) / 2


@dataclass(frozen=True)
class MoocSimulator:
    """Simulate a MOOC's weekly features, quizzes and pass/fail labels.

    Parameters
    ----------
    n_students
        Number of learners.
    quiz_rates
        Share of learners taking each week's quiz; its length is the number of weeks.
    score_means
        Mean quiz score of each week among those who took it.
    pass_rate
        Share of learners who pass.
    trait_correlation
        Correlation of engagement and ability.
    """

    n_students: int = SHIPPED_STUDENTS
    quiz_rates: tuple[float, ...] = REAL_QUIZ_RATES
    score_means: tuple[float, ...] = REAL_SCORE_MEANS
    pass_rate: float = REAL_PASS_RATE
    trait_correlation: float = 0.3

    def __post_init__(self) -> None:
        if self.n_students < 2:
            raise ValueError(f"n_students must be at least 2, got {self.n_students}")
        if len(self.quiz_rates) != len(self.score_means) or len(self.quiz_rates) < 2:
            raise ValueError(
                f"quiz_rates ({len(self.quiz_rates)}) and score_means ({len(self.score_means)}) must give "
                "the same number of weeks, at least 2"
            )
        for name, values in (("quiz_rates", self.quiz_rates), ("score_means", self.score_means)):
            if not all(0 < v < 1 for v in values):
                raise ValueError(f"{name} must lie strictly between 0 and 1, got {values}")
        if not 0 < self.pass_rate < 1:
            raise ValueError(f"pass_rate must lie strictly between 0 and 1, got {self.pass_rate}")
        if not -1 < self.trait_correlation < 1:
            raise ValueError(f"trait_correlation must lie in (-1, 1), got {self.trait_correlation}")

    @property
    def n_weeks(self) -> int:
        return len(self.quiz_rates)

    def simulate(self, random_state: int | np.random.Generator = SHIPPED_SEED) -> MoocData:
        """Draw one course; the same ``random_state`` gives the same course."""
        rng = np.random.default_rng(random_state)
        n, weeks = self.n_students, self.n_weeks
        rho = self.trait_correlation
        engagement = rng.standard_normal(n)
        ability = rho * engagement + np.sqrt(1 - rho**2) * rng.standard_normal(n)
        slope = rng.normal(0.0, SLOPE_SPREAD, n)
        trajectory = engagement[:, None] + slope[:, None] * np.linspace(0, 1, weeks) + rng.normal(0, 0.3, (n, weeks))
        took = self._quiz_taking(trajectory, rng)
        scores = self._quiz_scores(trajectory, ability, took, rng)
        features = self._features(trajectory, ability, took, rng)
        late_engagement = trajectory[:, weeks // 2 :].mean(axis=1)
        fail_logit = -(2.2 * late_engagement + 1.0 * ability)
        offset = _solve_offset(1 - self.pass_rate, fail_logit)
        fail_probability = _sigmoid(offset + fail_logit)
        failed = rng.random(n) < fail_probability
        return self._tables(engagement, ability, 1 - fail_probability, failed, scores, features)

    def _quiz_taking(self, trajectory: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        n, weeks = trajectory.shape
        took = np.zeros((n, weeks), dtype=bool)
        previous = np.ones(n)
        for week in range(weeks):  # a Markov chain: each week depends on the one before
            logits = 1.5 * trajectory[:, week] + 3.0 * (previous - 0.5)
            alpha = _solve_offset(self.quiz_rates[week], logits)
            took[:, week] = rng.random(n) < _sigmoid(alpha + logits)
            previous = took[:, week].astype(float)
        return took

    def _quiz_scores(
        self, trajectory: np.ndarray, ability: np.ndarray, took: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        logits = 1.2 * ability[:, None] + 0.3 * trajectory + rng.normal(0, 0.6, trajectory.shape)
        scores = np.full(trajectory.shape, np.nan)
        for week in range(trajectory.shape[1]):
            beta = _solve_offset(self.score_means[week], logits[:, week], weights=took[:, week])
            scores[:, week] = np.where(took[:, week], _sigmoid(beta + logits[:, week]), np.nan)
        return np.round(scores, 4)

    def _features(
        self, trajectory: np.ndarray, ability: np.ndarray, took: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        activity = trajectory + 1.5 * took
        absent = ~took & (rng.random(took.shape) < _sigmoid(-1.0 - activity))
        columns = []
        for kind, base, load_activity, load_ability, noise in _FEATURE_SPECS.values():
            latent = base + load_activity * activity + load_ability * ability[:, None]
            if kind == "signed":
                values = np.round(latent + noise * rng.standard_normal(took.shape), 2)
            else:
                latent = latent + noise * rng.standard_normal(took.shape)
                if kind == "count":
                    values = rng.poisson(np.exp(latent)).astype(float)
                elif kind == "prop":
                    values = np.round(_sigmoid(latent), 4)
                else:
                    values = np.round(np.exp(latent), 2)
            columns.append(np.where(absent, 0.0, values))
        return np.stack(columns, axis=-1)

    def _tables(self, engagement, ability, pass_probability, failed, scores, features) -> MoocData:
        n, weeks = scores.shape
        users = np.arange(1, n + 1) * 7 + 1000  # ids that are not row numbers
        long_users = np.repeat(users, weeks)
        long_weeks = np.tile(np.arange(weeks), n)
        feature_table = pd.DataFrame(features.reshape(n * weeks, -1), columns=list(MOOC_FEATURES))
        feature_table.insert(0, WEEK, long_weeks)
        feature_table.insert(0, USER, long_users)
        quizzes = pd.DataFrame({USER: long_users, WEEK: long_weeks, QUIZ: scores.reshape(-1)})
        labels = pd.DataFrame({USER: users, LABEL: np.where(failed, FAIL, PASS)})
        truth = pd.DataFrame(
            {
                USER: users,
                "engagement": np.round(engagement, 4),
                "ability": np.round(ability, 4),
                "pass_probability": pass_probability,  # full precision: small probabilities matter
            }
        )
        return MoocData(
            name="mooc-synthetic", labels=labels, features=feature_table, quizzes=quizzes, truth=truth,
            feature_names=MOOC_FEATURES,
        )  # fmt: skip


def write_mooc_folder(data: MoocData, folder: str | Path) -> None:
    """Write ``data`` as ``mooc_feat.csv``, ``mooc_quizzes.csv``, ``mooc_lab.csv`` (and ``mooc_truth.csv``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write = lambda frame, file: frame.to_csv(folder / file, index=False, lineterminator="\n", float_format="%.6g")  # noqa: E731
    if data.features is not None:
        write(data.features, FEATURES_FILE)
    if data.quizzes is not None:
        write(data.quizzes, QUIZZES_FILE)
    write(data.labels, LABELS_FILE)
    if data.truth is not None:
        write(data.truth, TRUTH_FILE)


def build_shipped(folder: str | Path) -> None:
    """Builder of the shipped ``mooc-synthetic`` data set: 1,000 learners, seed 2022, same bytes every time."""
    write_mooc_folder(MoocSimulator().simulate(random_state=SHIPPED_SEED), folder)


def read_synthetic_folder(folder: str | Path) -> MoocData:
    """Loader of ``mooc-synthetic``."""
    return read_mooc_folder(folder, name="mooc-synthetic")
