"""Masked regression loss and metric: weeks whose target equals the mask value do not count.

Keras 3 already masks a loss *implicitly* when the model starts with a ``Masking`` layer, but with
the mask of the **inputs** (a week whose features all equal the mask value), and its built-in
``RootMeanSquaredError`` metric is not masked at all. Here the mask is read from the **targets**,
so the loss and the metric count exactly the weeks with a quiz, whatever the inputs are.

The NumPy twins (:func:`masked_mse_numpy`, :func:`masked_rmse_numpy`) evaluate predictions outside
Keras and check the Keras versions in the tests.

Note: ``edulab.tracing`` (lecture 01) needs the same idea for binary targets; the two may merge.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from edulab.mooc.tensors import MASK_VALUE


def _weights(y_true, dtype, mask_value: float):
    return ops.cast(ops.not_equal(y_true, mask_value), dtype)


@keras.saving.register_keras_serializable(package="edulab.mooc")
def masked_mse(y_true, y_pred, mask_value: float = MASK_VALUE):
    """Mean squared error over the entries whose target differs from ``mask_value``.

    Returns one number for the batch: ``sum(w (y - p)^2) / sum(w)`` with ``w = [y != mask]`` (0 for
    a batch without any observed target).
    """
    y_true = ops.cast(y_true, y_pred.dtype)
    weights = _weights(y_true, y_pred.dtype, mask_value)
    return ops.sum(weights * ops.square(y_true - y_pred)) / ops.maximum(ops.sum(weights), 1.0)


@keras.saving.register_keras_serializable(package="edulab.mooc")
def unmasked_mse(y_true, y_pred):
    """The pitfall, for comparison: every week counts, the masked ones with target ``-1``."""
    y_true = ops.cast(y_true, y_pred.dtype)
    return ops.mean(ops.square(y_true - y_pred))


@keras.saving.register_keras_serializable(package="edulab.mooc")
class MaskedRMSE(keras.metrics.Metric):
    """Root mean squared error over the observed targets, accumulated over batches.

    Keras passes ``sample_weight=None`` to a metric's ``update_state``: the mask is computed here.
    """

    def __init__(self, mask_value: float = MASK_VALUE, name: str = "masked_rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mask_value = float(mask_value)
        self.squared_error = self.add_variable(shape=(), initializer="zeros", name="squared_error")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(y_true, self.dtype)
        y_pred = ops.cast(y_pred, self.dtype)
        weights = _weights(y_true, self.dtype, self.mask_value)
        self.squared_error.assign_add(ops.sum(weights * ops.square(y_true - y_pred)))
        self.count.assign_add(ops.sum(weights))

    def result(self):
        return ops.sqrt(self.squared_error / ops.maximum(self.count, 1.0))

    def reset_state(self):
        self.squared_error.assign(0.0)
        self.count.assign(0.0)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}


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
