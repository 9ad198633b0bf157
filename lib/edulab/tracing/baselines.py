"""Baselines a reader can trust: the per-skill success rate and a count-feature logistic regression.

Both are fitted on training students and predict every answer of new students from what came
before it. They are scored on the same targets as DKT: every answer except each student's
first (:func:`next_step_targets`).

References
----------
Pavlik, P. I., Cen, H., Koedinger, K. R. (2009). Performance factors analysis: a new alternative
to knowledge tracing. AIED 2009, 531-538 (equation 2: skill easiness plus weighted prior
successes and failures).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from edulab.tracing.interactions import SkillIndex
from edulab.tracing.scoring import score


def next_step_targets(frame: pd.DataFrame) -> np.ndarray:
    """True for every answer that has an earlier answer of the same student (the DKT targets).

    ``frame`` must be sorted by student and time (as the readers return it).
    """
    users = frame["user_id"].to_numpy()
    return np.r_[False, users[1:] == users[:-1]]


def prior_counts(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Right and wrong answers each student gave on the row's skill *before* this row.

    Vectorised with a grouped cumulative sum; ``frame`` sorted by student and time.
    """
    correct = frame["correct"].to_numpy().astype(np.int64)
    keys = [frame["user_id"].to_numpy(), frame["skill_name"].to_numpy()]
    groups = pd.DataFrame({"right": correct, "wrong": 1 - correct}).groupby(keys, sort=False)
    before = groups.cumsum().to_numpy() - np.c_[correct, 1 - correct]
    return before[:, 0], before[:, 1]


class SkillMean(BaseEstimator):
    """Predict every answer on skill k by the training students' success rate on k.

    A skill the training students never practised gets their overall rate.
    """

    def fit(self, frame: pd.DataFrame, skill_index: SkillIndex | None = None) -> SkillMean:
        """Learn each skill's success rate (``skill_index`` is accepted for a common interface)."""
        self.rates_ = frame.groupby("skill_name")["correct"].mean()
        self.overall_ = float(frame["correct"].mean())
        return self

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of a right answer for each row of ``frame``."""
        return frame["skill_name"].map(self.rates_).fillna(self.overall_).to_numpy(dtype=float)


class CountLogistic(BaseEstimator):
    """Logistic regression on per-skill counts of prior successes and failures (PFA).

    ``logit p = beta_k + gamma_k * g(successes) + rho_k * g(failures)`` with one easiness
    ``beta_k`` and two learning rates per skill; ``g`` is ``log1p`` (the default) or the
    identity of the original PFA.

    Parameters
    ----------
    C
        Inverse L2 regularisation strength of scikit-learn's ``LogisticRegression``.
    log_counts
        Use ``log1p`` of the counts, which tames the long sequences of ASSISTments.
    """

    def __init__(self, C: float = 1.0, log_counts: bool = True):
        self.C = C
        self.log_counts = log_counts

    def _design(self, frame: pd.DataFrame) -> sparse.csr_matrix:
        successes, failures = prior_counts(frame)
        if self.log_counts:
            successes, failures = np.log1p(successes), np.log1p(failures)
        codes = self.skill_index_.codes(frame["skill_name"].to_numpy())
        k = self.skill_index_.n_skills
        rows = np.arange(len(frame))
        return sparse.csr_matrix(
            (
                np.r_[np.ones(len(frame)), successes, failures],
                (np.r_[rows, rows, rows], np.r_[codes, codes + k, codes + 2 * k]),
            ),
            shape=(len(frame), 3 * k),
        )

    def fit(self, frame: pd.DataFrame, skill_index: SkillIndex | None = None) -> CountLogistic:
        """Fit on ``frame`` (sorted by student and time); pass the data set's ``skill_index``."""
        self.skill_index_ = skill_index or SkillIndex.from_frame(frame)
        self.model_ = LogisticRegression(C=self.C, max_iter=2000, fit_intercept=True)
        self.model_.fit(self._design(frame), frame["correct"].to_numpy())
        return self

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of a right answer for each row of ``frame`` (sorted by student and time)."""
        return self.model_.predict_proba(self._design(frame))[:, 1]


def default_baselines() -> dict:
    """The lecture's baselines by display name (BKT imported here to keep this module light)."""
    from edulab.tracing.bkt import BKT

    return {"skill mean": SkillMean(), "PFA counts (logistic)": CountLogistic(), "BKT (EM)": BKT()}


def score_baselines(
    train: pd.DataFrame,
    test: pd.DataFrame,
    skill_index: SkillIndex | None = None,
    models: dict | None = None,
    *,
    oracle: bool = True,
) -> pd.DataFrame:
    """Fit each model on ``train`` and score it on the next-step targets of ``test``.

    A model is any tracer with ``fit(frame, skill_index)`` and a per-row ``predict_proba(frame)``:
    the baselines here, :class:`~edulab.tracing.bkt.BKT`, :class:`~edulab.tracing.dkt.DKT`.

    When ``test`` has the simulator's ``p_correct`` (and ``oracle`` is True), a last row gives
    the ceiling.

    Returns
    -------
    pandas.DataFrame
        Columns model, auc, rmse, n_targets (targets scored), seconds (fit and predict).
    """
    skill_index = skill_index or SkillIndex.from_frame(pd.concat([train, test]))
    targets = next_step_targets(test)
    correct = test["correct"].to_numpy()[targets]
    rows = []
    for name, model in (models or default_baselines()).items():
        started = time.perf_counter()
        model.fit(train, skill_index)
        probability = model.predict_proba(test)[targets]
        rows.append({"model": name, **score(correct, probability).to_dict(), "seconds": time.perf_counter() - started})
    if oracle and "p_correct" in test:
        rows.append(
            {
                "model": "oracle (true probability)",
                **score(correct, test["p_correct"].to_numpy()[targets]).to_dict(),
                "seconds": 0.0,
            }
        )
    return pd.DataFrame(rows)
