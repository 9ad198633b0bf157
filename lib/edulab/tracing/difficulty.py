"""DKT with item difficulty: plain DKT plus one learned number per problem (a Rasch difficulty).

Plain DKT sees only the skill of each answer, so two problems of the same skill get the same
prediction even when one of them is much harder. :class:`DifficultyDKT` gives every problem
``q`` a scalar difficulty ``beta_q``, learned with the network and pulled towards 0 by an L2
penalty (a problem answered a few times stays near the average). It enters twice:

- input: the answer at step t is DKT's one-hot of (skill, correct) with ``beta`` of the problem
  answered appended, so the network can tell a right answer to a hard problem from one to an
  easy problem;
- output: the probability of a right answer at step t+1 is the Rasch model's
  ``sigmoid(y[t, s] - beta_q)``, where ``y[t, s]`` is the network's logit for the next skill
  ``s`` (the student's ability on it) and ``q`` the next problem.

With every ``beta`` at 0 it is plain DKT (one more input column). The loss, the metrics, the
training loop and the evaluation are plain DKT's: the masked loss and metrics of
:mod:`edulab.recurrent.masking`, :func:`edulab.recurrent.training.fit` with early stopping on
the validation AUC, and :func:`edulab.tracing.training.predict` on the same next-step targets.
AKT (Ghosh et al. 2020, section 3.3) builds its question and interaction embeddings the same
Rasch way (a skill embedding plus a per-question scalar times a variation vector) and applies
an L2 penalty to the per-question scalars; here the variation vector is left out, so one number
per problem carries it all.

References
----------
Piech, C. et al. (2015). Deep knowledge tracing. NeurIPS 28.
Rasch, G. (1960). Probabilistic models for some intelligence and attainment tests. Danish
Institute for Educational Research.
Ghosh, A., Heffernan, N., Lan, A. S. (2020). Context-aware attentive knowledge tracing. KDD 2020,
doi:10.1145/3394486.3403282 (Rasch-model embeddings, section 3.3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from edulab.recurrent import MASK_VALUE
from edulab.tracing.dkt import DKT
from edulab.tracing.interactions import SchemaError, SkillIndex
from edulab.tracing.sequences import Sequences, encode, pad_batch
from edulab.tracing.training import BatchFeed

#: The column that names each answer's problem (as in the AKT copies of ASSISTments).
PROBLEM_COLUMN = "problem_id"


@dataclass(frozen=True)
class ProblemIndex:
    """The problems a model learns a difficulty for, and their codes 1..n_problems.

    Code 0 stands for padding and for a problem the index has not seen: its difficulty stays 0,
    the average, because no answer ever trains it.
    """

    ids: pd.Index

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> ProblemIndex:
        return cls(pd.Index(np.sort(problem_ids(frame).unique())))

    @property
    def n_problems(self) -> int:
        return len(self.ids)

    def codes(self, ids) -> np.ndarray:
        """Code of each problem id (0 when the index has not seen it)."""
        return (self.ids.get_indexer(np.asarray(ids)) + 1).astype(np.int32)


def problem_ids(frame: pd.DataFrame) -> pd.Series:
    """The ``problem_id`` column, checked: present, and no empty value.

    Raises
    ------
    SchemaError
        The column is missing (the message lists the columns found) or a value is empty (the
        message names the first such row).
    """
    if PROBLEM_COLUMN not in frame.columns:
        raise SchemaError(
            "interactions",
            f"missing column {PROBLEM_COLUMN!r}: DKT with item difficulty needs each answer's problem; "
            f"found {list(frame.columns)}",
        )
    ids = frame[PROBLEM_COLUMN]
    empty = ids.isna().to_numpy()
    if empty.any():
        raise SchemaError(
            "interactions", f"row {frame.index[np.flatnonzero(empty)[0]]}: {PROBLEM_COLUMN} is empty, expected an id"
        )
    return ids


@dataclass(frozen=True)
class ProblemSequences(Sequences):
    """:class:`Sequences` that also know the problem of every answer.

    Attributes
    ----------
    problems
        Code of the problem answered at t+1 (the target's problem), per pair.
    answered
        Code of the problem answered at t (the input's problem), per pair.
    problem_index
        The problems and their codes.
    """

    problems: np.ndarray
    answered: np.ndarray
    problem_index: ProblemIndex

    @property
    def n_problems(self) -> int:
        return self.problem_index.n_problems

    def subset(self, indices: np.ndarray) -> ProblemSequences:
        flat = self.pair_positions(indices)
        plain = super().subset(indices)
        return ProblemSequences(
            **{name: getattr(plain, name) for name in Sequences.__dataclass_fields__},
            problems=self.problems[flat],
            answered=self.answered[flat],
            problem_index=self.problem_index,
        )


def encode_problems(
    frame: pd.DataFrame,
    skill_index: SkillIndex,
    problem_index: ProblemIndex,
    max_length: int | None = None,
) -> ProblemSequences:
    """:func:`~edulab.tracing.sequences.encode` plus the problem of each input and target.

    The pairs are exactly those of ``encode(frame, skill_index, max_length)``, so both models
    are scored on the same targets. ``rows`` are the labels of ``frame``'s index (which must be
    unique), even when ``frame`` is not sorted by student and time.
    """
    if not frame.index.is_unique:
        raise ValueError("frame has repeated index labels: expected unique ones (reset_index first)")
    codes = problem_index.codes(problem_ids(frame).to_numpy())
    ordered = frame.assign(_problem=codes).sort_values(["user_id", "order_id"], kind="stable")
    sequences = encode(ordered, skill_index, max_length)
    position = ordered.index.get_indexer(sequences.rows)  # of the target; its input is the row before
    problem = ordered["_problem"].to_numpy()
    return ProblemSequences(
        **{name: getattr(sequences, name) for name in Sequences.__dataclass_fields__},
        problems=problem[position],
        answered=problem[position - 1],
        problem_index=problem_index,
    )


class ProblemFeed(BatchFeed):
    """:class:`~edulab.tracing.training.BatchFeed` whose inputs add the problem codes.

    A batch is ``({"interactions": one-hot (batch, T, 2K), "problem": (batch, T),
    "next_problem": (batch, T)}, targets)``; padded steps have problem code 0.
    """

    def __getitem__(self, index: int):
        batch = self.batches[index]
        interactions, targets = pad_batch(self.data, batch, self.mask_value)
        lengths = self.data.lengths[batch]
        row, step = np.nonzero(np.arange(interactions.shape[1])[None, :] < lengths[:, None])
        flat = self.data.offsets[batch][row] + step
        answered = np.zeros(interactions.shape[:2], dtype=np.int32)
        upcoming = np.zeros(interactions.shape[:2], dtype=np.int32)
        answered[row, step] = self.data.answered[flat]
        upcoming[row, step] = self.data.problems[flat]
        return {"interactions": interactions, "problem": answered, "next_problem": upcoming}, targets

    def dataset(self):
        import tensorflow as tf

        k = self.data.n_skills
        codes = tf.TensorSpec((None, None), tf.int32)
        signature = (
            {"interactions": tf.TensorSpec((None, None, 2 * k), tf.float32), "problem": codes, "next_problem": codes},
            tf.TensorSpec((None, None, k + 1), tf.float32),
        )
        data = tf.data.Dataset.from_generator(self._epoch, output_signature=signature)
        return data.apply(tf.data.experimental.assert_cardinality(len(self))).prefetch(1)


def build_difficulty_model(
    n_skills: int,
    n_problems: int,
    *,
    cell: str = "lstm",
    units: int = 16,
    dropout: float = 0.1,
    difficulty_l2: float = 1e-6,
    mask_value: float = MASK_VALUE,
    learning_rate: float = 1e-2,
):
    """DKT's network with a learned difficulty per problem on its input and its output.

    Parameters
    ----------
    n_skills, n_problems
        Number of skills K and of problems (codes 1..n_problems; 0 is padding or unseen).
    difficulty_l2
        Weight of the L2 penalty on the difficulties, added to every batch's mean loss.
    cell, units, dropout, mask_value, learning_rate
        As in :func:`edulab.tracing.models.build_dkt_model`.

    Returns
    -------
    keras.Model
        Compiled with DKT's masked loss and metrics; inputs ``interactions`` (batch, T, 2K),
        ``problem`` and ``next_problem`` (batch, T); output (batch, T, K): the probability of a
        right answer to the next problem were it of each skill.
    """
    import keras

    from edulab.recurrent.layers import recurrent_layer
    from edulab.tracing.models import compile_dkt

    if n_skills < 1 or n_problems < 1:
        raise ValueError(f"n_skills={n_skills!r}, n_problems={n_problems!r}: expected positive integers")
    recurrent = recurrent_layer(cell, units, dropout, return_sequences=True)
    interactions = keras.Input(shape=(None, 2 * n_skills), name="interactions")
    answered = keras.Input(shape=(None,), dtype="int32", name="problem")
    upcoming = keras.Input(shape=(None,), dtype="int32", name="next_problem")
    difficulty = keras.layers.Embedding(
        n_problems + 1,
        1,
        embeddings_initializer="zeros",
        embeddings_regularizer=keras.regularizers.L2(difficulty_l2),
        name="difficulty",
    )
    # Padding is told by the one-hot alone, as in plain DKT: the padded steps' one-hot is all
    # mask_value, their difficulty is not (a Masking layer before Concatenate would not do:
    # Concatenate keeps a step when any of its inputs is unmasked).
    real = keras.ops.any(keras.ops.not_equal(interactions, mask_value), axis=-1)
    answer = keras.layers.Concatenate(name="answer")([interactions, difficulty(answered)])
    hidden = recurrent(answer, mask=real)
    ability = keras.layers.Dense(n_skills, name="ability")(hidden)  # a logit per skill
    outputs = keras.layers.Activation("sigmoid", name="mastery")(
        keras.layers.Subtract(name="rasch")([ability, difficulty(upcoming)])
    )
    model = keras.Model(
        {"interactions": interactions, "problem": answered, "next_problem": upcoming},
        outputs,
        name=f"dkt_difficulty_{cell}_{units}",
    )
    return compile_dkt(model, learning_rate, mask_value)


class DifficultyDKT(DKT):
    """DKT with a learned difficulty per problem (see the module's text), as an estimator.

    Parameters
    ----------
    difficulty_l2
        Weight of the L2 penalty that pulls every difficulty towards 0 (non-negative), added to
        every batch's mean loss. On ASSISTments 2009 (LSTM 64, chunks of 100, the kit's split)
        the test AUC was 0.810 with 1e-4, 0.817 with 1e-5 and 0.822 with 1e-6, the same as
        without a penalty: there, early stopping on the validation AUC is what keeps the
        difficulties of rarely answered problems from overfitting, and a larger weight only
        pulls every difficulty back towards plain DKT.
    cell, units, dropout, learning_rate, epochs, batch_size, patience, max_length, validation_size, checkpoint, random_state, progress
        As in :class:`~edulab.tracing.dkt.DKT`.

    Attributes
    ----------
    model_, skill_index_, fit_result_
        As in :class:`~edulab.tracing.dkt.DKT`.
    problem_index_ : ProblemIndex
        The problems seen in training (others get difficulty 0).
    """

    def __init__(
        self,
        cell: str = "lstm",
        units: int = 16,
        dropout: float = 0.1,
        learning_rate: float = 1e-2,
        epochs: int = 10,
        batch_size: int = 32,
        patience: int = 3,
        max_length: int | None = 100,
        validation_size: float = 0.2,
        checkpoint: str | Path | None = None,
        random_state: int = 0,
        progress: bool = True,
        difficulty_l2: float = 1e-6,
    ):
        super().__init__(
            cell, units, dropout, learning_rate, epochs, batch_size, patience, max_length, validation_size,
            checkpoint, random_state, progress,
        )  # fmt: skip
        self.difficulty_l2 = difficulty_l2

    def _learn_codes(self, frame: pd.DataFrame) -> None:
        """The problems of ``frame`` (before the validation students are held out of it)."""
        self.problem_index_ = ProblemIndex.from_frame(frame)

    def _encode(self, frame: pd.DataFrame, skill_index: SkillIndex) -> ProblemSequences:
        return encode_problems(frame, skill_index, self.problem_index_, self.max_length)

    def _take_codes(self, train: ProblemSequences, validation: ProblemSequences) -> None:
        for name, data in (("train", train), ("validation", validation)):
            if not isinstance(data, ProblemSequences):
                raise TypeError(f"{name} is a {type(data).__name__}: expected ProblemSequences (encode_problems)")
        l2 = self.difficulty_l2
        if not (isinstance(l2, (int, float)) and math.isfinite(l2) and l2 >= 0):
            raise ValueError(f"difficulty_l2={l2!r}: expected a non-negative number")
        super()._take_codes(train, validation)
        self.problem_index_ = train.problem_index

    def _feed(self):
        return ProblemFeed

    def _build_model(self, train: ProblemSequences):
        return build_difficulty_model(
            train.n_skills,
            train.n_problems,
            cell=self.cell,
            units=self.units,
            dropout=self.dropout,
            difficulty_l2=self.difficulty_l2,
            learning_rate=self.learning_rate,
        )

    def difficulties(self) -> pd.Series:
        """The learned difficulty of every problem seen in training, indexed by ``problem_id``."""
        self._check_fitted()
        weights = np.asarray(self.model_.get_layer("difficulty").get_weights()[0])[1:, 0]
        return pd.Series(weights, index=self.problem_index_.ids.rename(PROBLEM_COLUMN), name="difficulty")
