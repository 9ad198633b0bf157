"""From interactions to the model's sequences: shift, chunk, bucket, pad and one-hot encode.

Deep knowledge tracing reads a student's answers one at a time and, after each, predicts the
next. The answer at step t is the input ``skill * 2 + correct`` (one feature per skill and
outcome); the target is the skill of the answer at t+1 together with its correctness. A student
with n answers therefore gives n - 1 (input, target) pairs.

Everything here is vectorised with NumPy over the whole data set: no Python loop runs per row
or per student.

References
----------
Piech, C., Bassen, J., Huang, J., Ganguli, S., Sahami, M., Guibas, L., Sohl-Dickstein, J. (2015).
Deep knowledge tracing. NeurIPS 28 (section 3: input encoding x_t and next-step targets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from edulab.recurrent import MASK_VALUE
from edulab.tracing.interactions import SkillIndex


def shift(skills: np.ndarray, correct: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shift one student's answers into inputs and next-step targets.

    Parameters
    ----------
    skills, correct
        The student's skill codes and 0/1 outcomes in time order (same length n).

    Returns
    -------
    features, next_skills, next_correct
        ``skills[:-1] * 2 + correct[:-1]`` (the answer at t, as one integer), ``skills[1:]`` and
        ``correct[1:]`` (what happens at t+1); each of length n - 1.

    Examples
    --------
    >>> shift(np.array([3, 3, 0]), np.array([0, 1, 1]))
    (array([6, 7]), array([3, 0]), array([1, 1]))
    """
    skills, correct = np.asarray(skills), np.asarray(correct)
    if skills.shape != correct.shape or skills.ndim != 1:
        raise ValueError(f"skills {skills.shape} and correct {correct.shape} must be 1-D and equally long")
    return skills[:-1] * 2 + correct[:-1], skills[1:], correct[1:]


@dataclass(frozen=True)
class Sequences:
    """The (input, target) pairs of many students, stored flat with sequence offsets.

    Pair ``j`` of sequence ``i`` is at flat position ``offsets[i] + j``.

    Attributes
    ----------
    features
        ``skill * 2 + correct`` of the answer at t (int32).
    skills, correct
        Skill code and outcome of the answer at t+1 (int32, int8).
    rows
        Index label of the answer at t+1 in the interaction table the pairs came from (int64),
        so that predictions can be joined back to it, also when that table was not sorted.
    offsets
        Start of each sequence in the flat arrays, plus the total at the end (int64).
    user_ids
        The student of each sequence (a student has several when long sequences are chunked).
    skill_index
        The skills and their codes.
    """

    features: np.ndarray
    skills: np.ndarray
    correct: np.ndarray
    rows: np.ndarray
    offsets: np.ndarray
    user_ids: np.ndarray
    skill_index: SkillIndex

    @property
    def n_skills(self) -> int:
        return self.skill_index.n_skills

    @property
    def n_features(self) -> int:
        """Width of the one-hot input: two features (wrong, right) per skill."""
        return 2 * self.n_skills

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    @property
    def n_pairs(self) -> int:
        return int(self.offsets[-1])

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def pair_positions(self, indices: np.ndarray) -> np.ndarray:
        """Positions (in the pair arrays) of the pairs of the sequences at ``indices``, in that order."""
        indices = np.asarray(indices, dtype=np.int64)
        return _ranges(self.offsets[indices], self.lengths[indices])

    def subset(self, indices: np.ndarray) -> Sequences:
        """The sequences at ``indices`` (in that order), as a new, compact :class:`Sequences`."""
        indices = np.asarray(indices, dtype=np.int64)
        flat = self.pair_positions(indices)
        return Sequences(
            features=self.features[flat],
            skills=self.skills[flat],
            correct=self.correct[flat],
            rows=self.rows[flat],
            offsets=np.concatenate([[0], np.cumsum(self.lengths[indices])]).astype(np.int64),
            user_ids=self.user_ids[indices],
            skill_index=self.skill_index,
        )

    def of_users(self, user_ids) -> Sequences:
        """The sequences of the given students, in this object's order."""
        return self.subset(np.flatnonzero(np.isin(self.user_ids, np.asarray(list(user_ids)))))


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, s + n)`` for each (s, n), without a Python loop."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    begins = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total) - begins)


def encode(frame: pd.DataFrame, skill_index: SkillIndex | None = None, max_length: int | None = None) -> Sequences:
    """Turn an interaction table into next-step pairs, one sequence per student.

    Parameters
    ----------
    frame
        Interactions in the schema (validated). Rows are sorted by student and time first when
        they are not already.
    skill_index
        The skill codes; built from ``frame`` when None. Build it once on the whole data set and
        pass it for every split.
    max_length
        Split sequences longer than this into consecutive chunks of at most ``max_length``
        pairs. No pair is dropped; the model's memory restarts at each chunk.

    Returns
    -------
    Sequences
        A student with a single answer has nothing to predict and gives no sequence.
    """
    if max_length is not None and (not isinstance(max_length, (int, np.integer)) or max_length < 1):
        raise ValueError(f"max_length must be a positive integer or None, got {max_length!r}")
    if not _is_sorted(frame):
        frame = frame.sort_values(["user_id", "order_id"], kind="stable")  # keeps the row labels
    skill_index = skill_index or SkillIndex.from_frame(frame)
    codes = skill_index.codes(frame["skill_name"].to_numpy())
    correct = frame["correct"].to_numpy().astype(np.int8)
    users = frame["user_id"].to_numpy()
    inputs = np.flatnonzero(users[1:] == users[:-1])  # every answer but each student's last
    targets = inputs + 1
    starts = np.flatnonzero(np.r_[True, users[targets[1:]] != users[targets[:-1]]]) if len(inputs) else inputs
    offsets = np.r_[starts, len(inputs)].astype(np.int64)
    user_ids = users[targets[starts]]
    if max_length is not None:
        offsets, user_ids = _chunk(offsets, user_ids, int(max_length))
    return Sequences(
        features=(codes[inputs] * 2 + correct[inputs]).astype(np.int32),
        skills=codes[targets],
        correct=correct[targets],
        rows=frame.index.to_numpy()[targets].astype(np.int64),
        offsets=offsets,
        user_ids=user_ids,
        skill_index=skill_index,
    )


def _is_sorted(frame: pd.DataFrame) -> bool:
    users = frame["user_id"].to_numpy()
    if len(users) < 2:
        return True
    order = frame["order_id"].to_numpy()
    same = users[1:] == users[:-1]
    contiguous = pd.Series(users).drop_duplicates().size == 1 + int((~same).sum())
    return contiguous and bool((order[1:][same] >= order[:-1][same]).all())


def _chunk(offsets: np.ndarray, user_ids: np.ndarray, max_length: int) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.diff(offsets)
    pieces = -(-lengths // max_length)
    first = np.repeat(np.cumsum(pieces) - pieces, pieces)
    starts = np.repeat(offsets[:-1], pieces) + max_length * (np.arange(pieces.sum()) - first)
    return np.r_[starts, offsets[-1]].astype(np.int64), np.repeat(user_ids, pieces)


def bucket_batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator | None = None) -> list[np.ndarray]:
    """Group sequences of similar length into batches, so that little padding is needed.

    Sequences are sorted by length (ties broken at random when ``rng`` is given) and cut into
    consecutive batches; the batch order is shuffled with ``rng``. Without ``rng`` the order is
    deterministic (shortest first), for evaluation.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    lengths = np.asarray(lengths)
    if rng is None:
        order = np.argsort(lengths, kind="stable")
    else:
        order = np.lexsort((rng.random(len(lengths)), lengths))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    if rng is not None:
        batches = [batches[i] for i in rng.permutation(len(batches))]
    return batches


def random_batches(n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Batches of sequences in random order (no bucketing), for comparison."""
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def padding_fraction(lengths: np.ndarray, batches: list[np.ndarray]) -> float:
    """Share of the padded tensor's steps that are padding, over all batches."""
    lengths = np.asarray(lengths)
    padded = sum(len(b) * int(lengths[b].max()) for b in batches)
    return 1.0 - float(lengths.sum()) / padded if padded else 0.0


def pad_batch(
    sequences: Sequences, indices: np.ndarray, mask_value: float = MASK_VALUE
) -> tuple[np.ndarray, np.ndarray]:
    """One-hot, padded inputs and targets for the sequences at ``indices``.

    Parameters
    ----------
    sequences
        The pairs.
    indices
        Which sequences form the batch.
    mask_value
        Value of every entry of a padded step, in the inputs and in the targets.

    Returns
    -------
    inputs : ndarray, shape (batch, T, 2 * n_skills)
        One-hot ``skill * 2 + correct`` of each step, T the longest sequence of the batch.
    targets : ndarray, shape (batch, T, n_skills + 1)
        One-hot skill of the next answer, then its correctness in the last column.
    """
    indices = np.asarray(indices, dtype=np.int64)
    lengths = sequences.lengths[indices]
    steps = int(lengths.max()) if len(indices) else 0
    batch_row, step = np.nonzero(np.arange(steps)[None, :] < lengths[:, None])
    flat = sequences.offsets[indices][batch_row] + step
    k = sequences.n_skills
    inputs = np.full((len(indices), steps, 2 * k), mask_value, dtype=np.float32)
    targets = np.full((len(indices), steps, k + 1), mask_value, dtype=np.float32)
    inputs[batch_row, step] = 0.0
    targets[batch_row, step] = 0.0
    inputs[batch_row, step, sequences.features[flat]] = 1.0
    targets[batch_row, step, sequences.skills[flat]] = 1.0
    targets[batch_row, step, k] = sequences.correct[flat]
    return inputs, targets
