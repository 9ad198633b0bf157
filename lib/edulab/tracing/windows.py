"""Fixed-length sliding windows over each student's sequence (the variant of seed 000, done right).

Instead of padding each batch to its longest sequence, cut every sequence into windows of
``length`` steps that start every ``stride`` steps. The model sees integer inputs (skill,
correctness, position in the window) and, as DKT, predicts the next answer at every step.

What "done right" means, against the seed notebook:

- every next-step target is kept: the last window of a student and students shorter than one
  window are padded and masked, not dropped;
- each target is scored once: a window scores only the steps the previous window did not
  cover (its last ``stride`` steps), so the overlap gives context without counting a target
  twice, and the scored targets are exactly those of padding and masking on the same students;
- the label is the next answer's correctness *for its skill* (the seed's model predicted one
  number per step without knowing which skill came next).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from edulab.tracing.sequences import MASK_VALUE, Sequences


@dataclass(frozen=True)
class Windows:
    """Windows of next-step pairs, stored as (n_windows, length) integer matrices.

    Attributes
    ----------
    skill, correct
        The answer at t: skill code + 1 (0 at padded steps) and outcome.
    next_skill, next_correct
        The answer at t+1 (the target): skill code and outcome.
    pair
        Flat position of the pair in the source :class:`Sequences` (-1 at padded steps).
    scored
        True where the target counts in the loss and the scores.
    n_skills
        Number of skills.
    """

    skill: np.ndarray
    correct: np.ndarray
    next_skill: np.ndarray
    next_correct: np.ndarray
    pair: np.ndarray
    scored: np.ndarray
    n_skills: int

    @property
    def length(self) -> int:
        return self.skill.shape[1]

    def __len__(self) -> int:
        return self.skill.shape[0]

    def batch(self, indices: np.ndarray, mask_value: float = MASK_VALUE) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Model inputs and masked one-hot targets, shape (batch, length, n_skills + 1)."""
        indices = np.asarray(indices, dtype=np.int64)
        inputs = {
            "skill": self.skill[indices],
            "correct": self.correct[indices],
            "position": np.broadcast_to(np.arange(self.length, dtype=np.int32), (len(indices), self.length)).copy(),
        }
        targets = np.full((len(indices), self.length, self.n_skills + 1), mask_value, dtype=np.float32)
        row, step = np.nonzero(self.scored[indices])
        targets[row, step] = 0.0
        targets[row, step, self.next_skill[indices][row, step]] = 1.0
        targets[row, step, self.n_skills] = self.next_correct[indices][row, step]
        return inputs, targets


def sliding_windows(sequences: Sequences, length: int, stride: int) -> Windows:
    """Cut each sequence into windows of ``length`` pairs starting every ``stride`` pairs.

    Parameters
    ----------
    sequences
        Next-step pairs (from :func:`edulab.tracing.sequences.encode`, without ``max_length``
        so that windows can overlap across the whole history).
    length
        Steps per window.
    stride
        Steps between window starts, ``1 <= stride <= length``. A window after the first scores
        only its last ``stride`` steps.

    Returns
    -------
    Windows
        A sequence of m pairs gives ``1 + ceil(max(m - length, 0) / stride)`` windows.
    """
    if not isinstance(length, (int, np.integer)) or length < 1:
        raise ValueError(f"length={length!r}: expected a positive integer")
    if not isinstance(stride, (int, np.integer)) or not 1 <= stride <= length:
        raise ValueError(
            f"stride={stride!r}: expected an integer from 1 to length={length} (a larger stride skips targets)"
        )
    lengths = sequences.lengths
    counts = 1 + np.maximum(-(-(lengths - length) // stride), 0)
    owner = np.repeat(np.arange(len(lengths)), counts)
    rank = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    starts = sequences.offsets[:-1][owner] + stride * rank
    ends = sequences.offsets[1:][owner]
    pair = starts[:, None] + np.arange(length)[None, :]
    valid = pair < ends[:, None]
    first_scored = np.where(rank == 0, 0, length - stride)
    scored = valid & (np.arange(length)[None, :] >= first_scored[:, None])
    pair = np.where(valid, pair, -1)
    safe = np.where(valid, pair, 0)
    features = sequences.features[safe]
    return Windows(
        skill=np.where(valid, features // 2 + 1, 0).astype(np.int32),
        correct=np.where(valid, features % 2, 0).astype(np.int32),
        next_skill=np.where(valid, sequences.skills[safe], 0).astype(np.int32),
        next_correct=np.where(valid, sequences.correct[safe], 0).astype(np.int8),
        pair=pair,
        scored=scored,
        n_skills=sequences.n_skills,
    )
