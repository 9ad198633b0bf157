"""Feeding DKT's sequences to Keras, and predicting one probability per next-step target.

:class:`BatchFeed` is the feed the shared :func:`edulab.recurrent.training.fit` takes for
bucketed, padded batches (or windows); :func:`predict` returns one probability per next-step
target; :func:`evaluate` turns them into an exact AUC and an RMSE.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass

import keras
import numpy as np

from edulab.tracing.scoring import Scores, score
from edulab.tracing.sequences import MASK_VALUE, Sequences, bucket_batches, pad_batch
from edulab.tracing.windows import Windows


class BatchFeed:
    """Batches of :class:`Sequences` (padded) or :class:`Windows`, for Keras.

    The feed protocol of :func:`edulab.recurrent.training.fit`: with a ``rng`` the batches are
    re-bucketed and shuffled every epoch; without, their order is fixed (shortest sequences
    first), as evaluation wants. :meth:`dataset` wraps the feed in a
    ``tf.data.Dataset`` whose time axis is declared unknown: Keras's own ``PyDataset`` infers the
    shapes from the first batches and fails when they all happen to share a length.
    """

    def __init__(
        self,
        data: Sequences | Windows,
        batch_size: int = 32,
        rng: np.random.Generator | None = None,
        mask_value: float = MASK_VALUE,
    ):
        self.data, self.batch_size, self.rng, self.mask_value = data, batch_size, rng, mask_value
        self.batches = self._plan()

    def _plan(self) -> list[np.ndarray]:
        if isinstance(self.data, Windows):
            order = self.rng.permutation(len(self.data)) if self.rng is not None else np.arange(len(self.data))
            return [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        return bucket_batches(self.data.lengths, self.batch_size, self.rng)

    def __len__(self) -> int:
        return len(self.batches)

    def __getitem__(self, index: int):
        if isinstance(self.data, Windows):
            return self.data.batch(self.batches[index], self.mask_value)
        return pad_batch(self.data, self.batches[index], self.mask_value)

    def _epoch(self):
        for index in range(len(self)):
            yield self[index]
        if self.rng is not None:
            self.batches = self._plan()

    def dataset(self):
        """The batches as a ``tf.data.Dataset`` of known length (one pass per epoch)."""
        import tensorflow as tf

        k = self.data.n_skills
        targets = tf.TensorSpec((None, None, k + 1), tf.float32)
        if isinstance(self.data, Windows):
            window = tf.TensorSpec((None, self.data.length), tf.int32)
            signature = ({"skill": window, "correct": window, "position": window}, targets)
        else:
            signature = (tf.TensorSpec((None, None, 2 * k), tf.float32), targets)
        data = tf.data.Dataset.from_generator(self._epoch, output_signature=signature)
        return data.apply(tf.data.experimental.assert_cardinality(len(self))).prefetch(1)


@dataclass
class Predictions:
    """One predicted probability per next-step target.

    ``pair`` is the target's flat position in the source :class:`Sequences` (row ``k`` of
    ``sequences.correct``), so that predictions of different models can be aligned.
    """

    pair: np.ndarray
    correct: np.ndarray
    probability: np.ndarray

    def scores(self) -> Scores:
        return score(self.correct, self.probability)


def predict(model: keras.Model, data: Sequences | Windows, batch_size: int = 64, feed=BatchFeed) -> Predictions:
    """The probability the model gives each scored target, sorted by pair position.

    ``feed`` builds the model's inputs: :class:`BatchFeed` or a subclass that adds inputs (as
    :class:`~edulab.tracing.difficulty.ProblemFeed` adds the problems).
    """
    feed = feed(data, batch_size)
    forward = _inference(model)
    pairs, correct, probability = [], [], []
    for index, batch in enumerate(feed.batches):
        inputs, _ = feed[index]
        output = np.asarray(forward(inputs))
        if isinstance(data, Windows):
            row, step = np.nonzero(data.scored[batch])
            pair = data.pair[batch][row, step]
            skill = data.next_skill[batch][row, step]
            outcome = data.next_correct[batch][row, step]
        else:
            row, step = np.nonzero(np.arange(output.shape[1])[None, :] < data.lengths[batch][:, None])
            pair = data.offsets[batch][row] + step
            skill, outcome = data.skills[pair], data.correct[pair]
        pairs.append(pair)
        correct.append(outcome)
        probability.append(output[row, step, skill])
    pair = np.concatenate(pairs)
    order = np.argsort(pair, kind="stable")
    return Predictions(
        pair[order], np.concatenate(correct)[order].astype(np.int8), np.concatenate(probability)[order].astype(float)
    )


_INFERENCE: weakref.WeakKeyDictionary[keras.Model, object] = weakref.WeakKeyDictionary()


class _RetracingNotice(logging.Filter):
    """Drops TensorFlow's notice that a new model's forward pass was traced: one trace per model
    (and one more for the relaxed batch length) is expected here, not a sign of a loop."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()


_QUIET = _RetracingNotice()


def _inference(model: keras.Model):
    """The model's forward pass as one graph for every batch length, cached per model
    (``predict_on_batch`` would trace a new graph for each new length of the padded batches)."""
    import tensorflow as tf

    if model not in _INFERENCE:
        tf.get_logger().addFilter(_QUIET)  # added once: the logger skips a filter it already has
        _INFERENCE[model] = tf.function(lambda inputs: model(inputs, training=False), reduce_retracing=True)
    return _INFERENCE[model]


def evaluate(model: keras.Model, data: Sequences | Windows, batch_size: int = 64) -> Scores:
    """Exact AUC and RMSE of ``model`` on every scored target of ``data``."""
    return predict(model, data, batch_size).scores()


def predict_mastery(model: keras.Model, sequences: Sequences, index: int) -> np.ndarray:
    """Predicted probability of a correct answer on every skill after each step of one sequence.

    Returns an array of shape (length, n_skills): row t is the model's state after the answer at
    step t, the student's predicted mastery of each skill.
    """
    inputs, _ = pad_batch(sequences, np.array([index]))
    return np.asarray(model(inputs, training=False))[0]
