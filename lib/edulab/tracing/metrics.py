"""Masked targets, loss and metrics: padded steps take no part in training or scoring.

The model outputs, at each step, a probability of a correct answer for *every* skill. The target
says which skill comes next (one-hot) and whether the answer was right (last column). The
prediction to score is the one of the next skill, ``sum(y_pred * one_hot_next_skill)``; padded
steps (every target entry equal to the mask value) get weight 0.

The seed lecture zeroed the padded targets and relied on tf.keras 2, which passed the model's
output mask to every metric as its sample weight. Keras 3 calls a metric's ``update_state``
without a sample weight, so the same code now counts each padded step as a wrong answer predicted
with probability 0: on an LSTM trained on ASSISTments 2009 the test AUC then reads 0.983 instead
of 0.795 (``benchmarks/tracing_quality.py``, run ``seedmetric``). Here the mask is computed inside
and used as a weight, so padded steps change nothing (a test checks that adding padding leaves
every value unchanged), whatever Keras passes.

References
----------
Piech, C. et al. (2015). Deep knowledge tracing. NeurIPS 28 (section 3.3, the loss:
binary cross-entropy of the next answer's predicted probability).
"""

from __future__ import annotations

import keras
from keras import ops

from edulab.tracing.sequences import MASK_VALUE


def masked_targets(y_true, y_pred, mask_value: float = MASK_VALUE):
    """The next answer's outcome and predicted probability at each step, and the padding mask.

    Parameters
    ----------
    y_true : tensor, shape (batch, T, n_skills + 1)
        One-hot next skill and next correctness; every entry equals ``mask_value`` at padded steps.
    y_pred : tensor, shape (batch, T, n_skills)
        Predicted probability of a correct answer on each skill.
    mask_value
        The padding value.

    Returns
    -------
    correct, predicted, mask : tensors, shape (batch, T, 1)
        The outcome, the probability given to the skill actually practised next, and 1.0 at real
        steps, 0.0 at padded ones (``correct`` and ``predicted`` are 0 there).
    """
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    mask = ops.cast(ops.not_equal(y_true[..., -1:], mask_value), y_pred.dtype)
    skills = ops.cast(y_true[..., :-1], y_pred.dtype) * mask
    correct = ops.cast(y_true[..., -1:], y_pred.dtype) * mask
    predicted = ops.sum(y_pred * skills, axis=-1, keepdims=True)
    return correct, predicted, mask


@keras.saving.register_keras_serializable(package="edulab")
class MaskedBinaryCrossentropy(keras.losses.Loss):
    """Binary cross-entropy of the next answer, averaged over the real (unpadded) steps only."""

    def __init__(self, mask_value: float = MASK_VALUE, name: str = "masked_binary_crossentropy", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mask_value = mask_value

    def call(self, y_true, y_pred):
        """Per-step loss, 0 at padded steps, shape (batch, T)."""
        correct, predicted, mask = masked_targets(y_true, y_pred, self.mask_value)
        return keras.losses.binary_crossentropy(correct, predicted) * mask[..., 0]

    def __call__(self, y_true, y_pred, sample_weight=None):
        # Not Loss.__call__: it would divide by all steps (or trust a Keras mask that a model
        # without a Masking layer does not have); here the denominator is the real steps.
        _, _, mask = masked_targets(y_true, y_pred, self.mask_value)
        weights = mask[..., 0] if sample_weight is None else mask[..., 0] * ops.cast(sample_weight, mask.dtype)
        total = ops.sum(self.call(y_true, y_pred) * weights)
        return total / ops.maximum(ops.sum(weights), 1.0)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}


class _MaskInside:
    """Metric mixin: score the next answer's probability, with weight 0 at padded steps."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        correct, predicted, mask = masked_targets(y_true, y_pred, self.mask_value)
        return super().update_state(correct, predicted, sample_weight=mask)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}


@keras.saving.register_keras_serializable(package="edulab")
class MaskedAUC(_MaskInside, keras.metrics.AUC):
    """ROC AUC of the next answer over real steps (Keras's thresholded approximation)."""

    def __init__(self, mask_value: float = MASK_VALUE, name: str = "auc", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mask_value = mask_value


@keras.saving.register_keras_serializable(package="edulab")
class MaskedRMSE(_MaskInside, keras.metrics.RootMeanSquaredError):
    """Root mean squared error of the next answer's probability over real steps."""

    def __init__(self, mask_value: float = MASK_VALUE, name: str = "rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mask_value = mask_value
