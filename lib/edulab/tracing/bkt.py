"""Bayesian knowledge tracing, one hidden Markov model per skill, fitted by EM.

A student has mastered skill k or not. Before the first practice the probability of mastery is
``prior``; after each answer an unmastered skill becomes mastered with probability ``learn``
(no forgetting). A mastered student answers right with probability ``1 - slip``, an unmastered
one with probability ``guess``. The prediction for an answer is the probability of a right
answer given the student's earlier answers *on that skill* (forward filtering).

The four parameters of every skill are fitted together by the Baum-Welch (EM) algorithm,
vectorised over all (student, skill) sequences at once: the sequences are sorted by length and
laid out time-major, so step t of every sequence still running is one NumPy slice.

pyBKT (Badrinath et al. 2021) would be the usual package; version 1.4.3 installs here but fails
on import with scikit-learn 1.9 (its metric check calls ``log_loss`` on lists), so the kit
carries this short implementation instead.

References
----------
Corbett, A. T., Anderson, J. R. (1995). Knowledge tracing: modeling the acquisition of
procedural knowledge. User Modeling and User-Adapted Interaction 4(4), 253-278.
Rabiner, L. R. (1989). A tutorial on hidden Markov models and selected applications in speech
recognition. Proceedings of the IEEE 77(2), 257-286 (scaled forward-backward, section V.A).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from edulab.tracing.interactions import SkillIndex

PARAMETERS = ("prior", "learn", "guess", "slip")
_FLOOR = 1e-4
_CERTAIN = 1e-12


@dataclass(frozen=True)
class _Layout:
    """Answers regrouped into (student, skill) sequences, stored time-major.

    Entry ``starts[t] + r`` is step t of the r-th longest sequence; ``counts[t]`` sequences are
    still running at step t.
    """

    rows: np.ndarray  # position in the input frame of each time-major entry
    skill: np.ndarray  # skill code of each entry
    observed: np.ndarray  # 0/1 outcome of each entry (float)
    starts: np.ndarray
    counts: np.ndarray
    sequence_skill: np.ndarray  # skill of each sequence, by rank


def _layout(frame: pd.DataFrame, skill_index: SkillIndex) -> _Layout:
    codes = skill_index.codes(frame["skill_name"].to_numpy()).astype(np.int64)
    users = pd.factorize(frame["user_id"])[0]
    # each (student, skill) sequence in time order (order_id when given, else the rows' order)
    time = frame["order_id"].to_numpy() if "order_id" in frame else np.zeros(len(frame))
    order = np.lexsort((np.arange(len(frame)), time, users, codes))
    new = np.r_[True, (codes[order][1:] != codes[order][:-1]) | (users[order][1:] != users[order][:-1])]
    sequence = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    step = np.arange(len(order)) - first[sequence]
    lengths = np.diff(np.r_[first, len(order)])
    by_length = np.argsort(-lengths, kind="stable")
    rank = np.empty_like(by_length)
    rank[by_length] = np.arange(len(by_length))
    counts = (
        np.searchsorted(-lengths[by_length], -np.arange(lengths.max()), side="left")
        if len(lengths)
        else np.zeros(0, int)
    )
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    where = starts[step] + rank[sequence]
    rows = np.empty(len(order), dtype=np.int64)
    rows[where] = order
    return _Layout(
        rows=rows,
        skill=codes[rows],
        observed=frame["correct"].to_numpy().astype(float)[rows],
        starts=starts,
        counts=counts,
        sequence_skill=codes[order][first][by_length],
    )


class BKT(BaseEstimator):
    """Per-skill Bayesian knowledge tracing fitted by expectation-maximisation.

    Parameters
    ----------
    n_iter
        Maximum EM iterations.
    tol
        Stop when the log-likelihood per answer changes by less than this.
    initial
        Starting ``(prior, learn, guess, slip)`` for every skill.
    max_guess_slip
        Upper bound on guess and slip, so that "mastered" keeps meaning "more likely right".

    Attributes
    ----------
    params_ : pandas.DataFrame
        One row per skill, columns prior, learn, guess, slip.
    log_likelihood_ : list of float
        Log-likelihood of the training answers before each M-step. EM never lowers it; the
        bounds on the parameters (``max_guess_slip``, and a floor of 1e-4) can, for a step.
    """

    def __init__(self, n_iter: int = 50, tol: float = 1e-6, initial=(0.5, 0.1, 0.2, 0.1), max_guess_slip: float = 0.5):
        self.n_iter = n_iter
        self.tol = tol
        self.initial = initial
        self.max_guess_slip = max_guess_slip

    def fit(self, frame: pd.DataFrame, skill_index: SkillIndex | None = None) -> BKT:
        """Fit on ``frame`` (sorted by student and time); checks the parameters first."""
        if len(self.initial) != 4 or not all(0.0 < v < 1.0 for v in self.initial):
            raise ValueError(
                f"initial={self.initial!r}: expected four probabilities (prior, learn, guess, slip) in (0, 1)"
            )
        if not 0.0 < self.max_guess_slip <= 0.5:
            raise ValueError(f"max_guess_slip={self.max_guess_slip!r}: expected a value in (0, 0.5]")
        self.skill_index_ = skill_index or SkillIndex.from_frame(frame)
        k = self.skill_index_.n_skills
        theta = np.tile(np.asarray(self.initial, dtype=float)[:, None], (1, k))
        layout = _layout(frame, self.skill_index_)
        self.log_likelihood_ = []
        for _ in range(self.n_iter):
            forward = _forward(layout, theta)
            self.log_likelihood_.append(float(np.log(forward.scale).sum()))
            theta = _m_step(layout, theta, forward, _backward(layout, theta), self.max_guess_slip)
            history = self.log_likelihood_
            if len(history) > 1 and abs(history[-1] - history[-2]) < self.tol * len(frame):
                break
        self.theta_ = theta
        self.params_ = pd.DataFrame(
            theta.T, index=pd.Index(self.skill_index_.names, name="skill_name"), columns=PARAMETERS
        )
        return self

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of a right answer for each row, given the student's earlier answers on its skill.

        One number per row, not scikit-learn's ``(n, 2)``: a row is one answer, and the
        probability of the right answer is what AUC and RMSE take (as for every tracer of the kit).
        """
        layout = _layout(frame, self.skill_index_)
        probability = np.empty(len(frame))
        probability[layout.rows] = _forward(layout, self.theta_).predicted
        return probability


@dataclass(frozen=True)
class _Forward:
    mastered: np.ndarray  # P(mastered at t | answers up to t), filtered
    before: np.ndarray  # P(mastered at t | answers before t)
    predicted: np.ndarray  # P(right at t | answers before t)
    scale: np.ndarray  # P(answer at t | answers before t)


def _emission(theta: np.ndarray, skill: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(answer | mastered), P(answer | not mastered)."""
    guess, slip = theta[2, skill], theta[3, skill]
    return np.where(observed > 0, 1 - slip, slip), np.where(observed > 0, guess, 1 - guess)


def _forward(layout: _Layout, theta: np.ndarray) -> _Forward:
    n = len(layout.rows)
    mastered, before, predicted, scale = (np.empty(n) for _ in range(4))
    previous = np.zeros(0)
    for start, count in zip(layout.starts, layout.counts):
        here = slice(start, start + count)
        skill = layout.skill[here]
        if start == 0:
            p = theta[0, skill]
        else:
            p = previous[:count] + (1 - previous[:count]) * theta[1, skill]
        if_mastered, if_not = _emission(theta, skill, layout.observed[here])
        c = p * if_mastered + (1 - p) * if_not
        before[here], scale[here] = p, c
        predicted[here] = p * (1 - theta[3, skill]) + (1 - p) * theta[2, skill]
        # Kept a hair away from 0 and 1, so that the smoothing never divides 0 by 0.
        previous = mastered[here] = np.clip(p * if_mastered / c, _CERTAIN, 1 - _CERTAIN)
    return _Forward(mastered, before, predicted, scale)


def _backward(layout: _Layout, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Backward variables of the mastered and unmastered states, normalised to sum 1 at each step.

    Only their ratio matters for the posteriors; normalising each step (rather than dividing by
    the forward scale) keeps them finite when the filter is confidently wrong for many steps.
    """
    n = len(layout.rows)
    beta_m, beta_u = np.full(n, 0.5), np.full(n, 0.5)
    for t in range(len(layout.starts) - 2, -1, -1):
        nxt = slice(layout.starts[t + 1], layout.starts[t + 1] + layout.counts[t + 1])
        here = slice(layout.starts[t], layout.starts[t] + layout.counts[t + 1])  # only those that go on
        skill = layout.skill[nxt]
        if_mastered, if_not = _emission(theta, skill, layout.observed[nxt])
        learn = theta[1, skill]
        m_next = if_mastered * beta_m[nxt]
        u_next = if_not * beta_u[nxt]
        from_u = learn * m_next + (1 - learn) * u_next
        total = m_next + from_u
        beta_m[here], beta_u[here] = m_next / total, from_u / total
    return beta_m, beta_u


def _m_step(layout: _Layout, theta: np.ndarray, forward: _Forward, backward, cap: float) -> np.ndarray:
    beta_m, beta_u = backward
    k = theta.shape[1]
    gamma = forward.mastered * beta_m
    gamma = gamma / (gamma + (1 - forward.mastered) * beta_u)
    skill, observed = layout.skill, layout.observed

    def total(values: np.ndarray, where: np.ndarray | slice = slice(None)) -> np.ndarray:
        return np.bincount(skill[where], weights=values, minlength=k)

    # Expected transitions from "not mastered" at t to "mastered" at t+1, per skill: the joint
    # posterior of the two states, normalised over the three possible transitions.
    learned, unmastered_before_next = np.zeros(k), np.zeros(k)
    for t in range(len(layout.starts) - 1):
        nxt = slice(layout.starts[t + 1], layout.starts[t + 1] + layout.counts[t + 1])
        here = slice(layout.starts[t], layout.starts[t] + layout.counts[t + 1])
        s = layout.skill[nxt]
        if_mastered, if_not = _emission(theta, s, layout.observed[nxt])
        known = forward.mastered[here]
        stay_known = known * if_mastered * beta_m[nxt]
        learn_now = (1 - known) * theta[1, s] * if_mastered * beta_m[nxt]
        stay_unknown = (1 - known) * (1 - theta[1, s]) * if_not * beta_u[nxt]
        joint = stay_known + learn_now + stay_unknown
        learned += np.bincount(s, weights=learn_now / joint, minlength=k)
        unmastered_before_next += np.bincount(s, weights=(learn_now + stay_unknown) / joint, minlength=k)
    first = slice(0, layout.counts[0])
    starts_per_skill = np.bincount(layout.sequence_skill, minlength=k)
    new = np.empty_like(theta)
    new[0] = _ratio(total(gamma[first], first), starts_per_skill, theta[0])
    new[1] = _ratio(learned, unmastered_before_next, theta[1])
    new[2] = _ratio(total((1 - gamma) * observed), total(1 - gamma), theta[2])
    new[3] = _ratio(total(gamma * (1 - observed)), total(gamma), theta[3])
    new = np.clip(new, _FLOOR, 1 - _FLOOR)
    new[2:] = np.minimum(new[2:], cap)
    return new


def _ratio(numerator: np.ndarray, denominator: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``numerator / denominator``, keeping the old value where a skill has no evidence."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / denominator, fallback)
