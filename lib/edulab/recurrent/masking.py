"""Masked targets, loss and metrics: padded or unobserved steps take no part in training or scoring.

A target layout says where the mask is and which prediction a target scores:

- ``"value"`` (lecture 02, a quiz score per week): ``y_true`` has the shape of ``y_pred``; an
  entry equal to the mask value is not observed;
- ``"next_answer"`` (lecture 01, DKT): the model outputs a probability for *every* skill; the
  target is the next skill one-hot and its correctness in the last column. The prediction to
  score is the one of the next skill, ``sum(y_pred * one_hot_next_skill)``; a padded step has
  every target entry equal to the mask value.

Keras 3 calls a metric's ``update_state`` without a sample weight and masks a loss with the
mask of the *inputs* (if any), so both would count padded steps: on an LSTM trained on
ASSISTments 2009 the seed lecture's AUC read 0.983 instead of 0.795
(``benchmarks/tracing_quality.py``, run ``seedmetric``). Here the mask is read from the targets
inside the loss and every metric, so padding changes nothing whatever Keras passes.

References
----------
Piech, C. et al. (2015). Deep knowledge tracing. NeurIPS 28 (section 3.3, the loss: binary
cross-entropy of the next answer's predicted probability).
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from edulab.recurrent import MASK_VALUE


def value_targets(y_true, y_pred, mask_value: float = MASK_VALUE):
    """Targets and predictions entry by entry, and 1.0 where the target is observed.

    Returns ``(target, predicted, mask)``, each of ``y_pred``'s shape; target and prediction are
    0 where the mask is 0.
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    mask = ops.cast(ops.not_equal(y_true, mask_value), y_pred.dtype)
    return y_true * mask, y_pred * mask, mask


def next_answer_targets(y_true, y_pred, mask_value: float = MASK_VALUE):
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


#: The target layouts, by the names the loss and the metrics accept.
TARGETS = {"value": value_targets, "next_answer": next_answer_targets}

#: The per-entry losses :class:`MaskedLoss` averages over the observed entries.
LOSSES = {"mse": lambda y, p: ops.square(y - p), "binary_crossentropy": keras.losses.binary_crossentropy}


def _layout(targets: str):
    if targets not in TARGETS:
        raise ValueError(f"targets={targets!r}: expected one of {sorted(TARGETS)}")
    return TARGETS[targets]


@keras.saving.register_keras_serializable(package="edulab")
class MaskedLoss(keras.losses.Loss):
    """A loss averaged over the observed (unmasked) entries only.

    Parameters
    ----------
    kind
        ``"mse"`` (regression, lecture 02) or ``"binary_crossentropy"`` (DKT, lecture 01).
    targets
        The target layout, a key of :data:`TARGETS`.
    mask_value
        Target entries equal to it are not observed.
    """

    def __init__(
        self,
        kind: str = "mse",
        targets: str = "value",
        mask_value: float = MASK_VALUE,
        name: str | None = None,
        **kwargs,
    ):
        if kind not in LOSSES:
            raise ValueError(f"kind={kind!r}: expected one of {sorted(LOSSES)}")
        _layout(targets)
        super().__init__(name=name or f"masked_{kind}", **kwargs)
        self.kind, self.targets, self.mask_value = kind, targets, float(mask_value)

    def _per_entry(self, y_true, y_pred):
        target, predicted, mask = _layout(self.targets)(y_true, y_pred, self.mask_value)
        if self.kind == "binary_crossentropy":  # Keras averages its last axis: keep one entry there
            return LOSSES[self.kind](target, predicted) * mask[..., 0], mask[..., 0]
        return LOSSES[self.kind](target, predicted) * mask, mask

    def call(self, y_true, y_pred):
        """Per-entry loss, 0 where the target is masked."""
        return self._per_entry(y_true, y_pred)[0]

    def __call__(self, y_true, y_pred, sample_weight=None):
        # Not Loss.__call__: it would divide by every entry (or trust a Keras mask that a model
        # without a Masking layer does not have); here the denominator is the observed entries.
        values, weights = self._per_entry(y_true, y_pred)
        if sample_weight is not None:
            weights = weights * ops.cast(sample_weight, weights.dtype)
        return ops.sum(values * weights) / ops.maximum(ops.sum(weights), 1.0)

    def get_config(self):
        return {**super().get_config(), "kind": self.kind, "targets": self.targets, "mask_value": self.mask_value}


@keras.saving.register_keras_serializable(package="edulab")
def unmasked_mse(y_true, y_pred):
    """The pitfall, for comparison: every entry counts, the masked ones with their mask value as target."""
    y_true = ops.cast(y_true, y_pred.dtype)
    return ops.mean(ops.square(y_true - y_pred))


@keras.saving.register_keras_serializable(package="edulab")
class MaskedRMSE(keras.metrics.Metric):
    """Root mean squared error over the observed targets, accumulated exactly over batches."""

    def __init__(self, targets: str = "value", mask_value: float = MASK_VALUE, name: str = "masked_rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        _layout(targets)
        self.targets, self.mask_value = targets, float(mask_value)
        self.squared_error = self.add_variable(shape=(), initializer="zeros", name="squared_error")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true, y_pred, sample_weight=None):
        target, predicted, mask = _layout(self.targets)(y_true, ops.cast(y_pred, self.dtype), self.mask_value)
        self.squared_error.assign_add(ops.sum(mask * ops.square(target - predicted)))
        self.count.assign_add(ops.sum(mask))

    def result(self):
        return ops.sqrt(self.squared_error / ops.maximum(self.count, 1.0))

    def reset_state(self):
        self.squared_error.assign(0.0)
        self.count.assign(0.0)

    def get_config(self):
        return {**super().get_config(), "targets": self.targets, "mask_value": self.mask_value}


@keras.saving.register_keras_serializable(package="edulab")
class MaskedAUC(keras.metrics.AUC):
    """ROC AUC over the observed targets (Keras's thresholded approximation), the mask as weight."""

    def __init__(self, targets: str = "value", mask_value: float = MASK_VALUE, name: str = "auc", **kwargs):
        super().__init__(name=name, **kwargs)
        _layout(targets)
        self.targets, self.mask_value = targets, float(mask_value)

    def update_state(self, y_true, y_pred, sample_weight=None):
        target, predicted, mask = _layout(self.targets)(y_true, y_pred, self.mask_value)
        return super().update_state(target, predicted, sample_weight=mask)

    def get_config(self):
        return {**super().get_config(), "targets": self.targets, "mask_value": self.mask_value}


def masked_mse_numpy(y_true: np.ndarray, y_pred: np.ndarray, mask_value: float = MASK_VALUE) -> float:
    """NumPy masked MSE over entries whose target is not ``mask_value`` (NaN targets count as masked too)."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"targets {y_true.shape} and predictions {y_pred.shape} differ in shape")
    keep = (y_true != mask_value) & ~np.isnan(y_true)
    if not keep.any():
        raise ValueError("every target is masked: nothing to evaluate")
    return float(np.mean((y_true[keep] - y_pred[keep]) ** 2))


def masked_rmse_numpy(y_true: np.ndarray, y_pred: np.ndarray, mask_value: float = MASK_VALUE) -> float:
    """Square root of :func:`masked_mse_numpy`."""
    return float(np.sqrt(masked_mse_numpy(y_true, y_pred, mask_value)))
