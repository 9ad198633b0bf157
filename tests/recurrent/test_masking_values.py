import numpy as np
import pytest

keras = pytest.importorskip("keras")

from edulab.mooc.models import build_tracing_model  # noqa: E402
from edulab.recurrent.masking import MaskedLoss, MaskedRMSE, masked_mse_numpy, masked_rmse_numpy, unmasked_mse  # noqa: E402

masked_mse = MaskedLoss("mse")


def targets(rng, shape=(6, 5, 1), masked=0.4):
    y = rng.random(shape).astype(np.float32)
    y[rng.random(shape) < masked] = -1.0
    return y


def test_keras_and_numpy_masked_mse_agree():
    rng = np.random.default_rng(0)
    y, p = targets(rng), rng.random((6, 5, 1)).astype(np.float32)
    assert float(masked_mse(y, p)) == pytest.approx(masked_mse_numpy(y, p), rel=1e-5)
    assert float(unmasked_mse(y, p)) == pytest.approx(float(np.mean((y - p) ** 2)), rel=1e-5)
    assert masked_mse_numpy(y, p) != pytest.approx(float(np.mean((y - p) ** 2)))


def test_masked_rmse_accumulates_over_batches():
    rng = np.random.default_rng(1)
    y, p = targets(rng, (10, 4, 1)), rng.random((10, 4, 1)).astype(np.float32)
    metric = MaskedRMSE()
    metric.update_state(y[:3], p[:3])
    metric.update_state(y[3:], p[3:])
    assert float(metric.result()) == pytest.approx(masked_rmse_numpy(y, p), rel=1e-5)
    metric.reset_state()
    assert float(metric.result()) == 0.0


def test_numpy_metric_refuses_all_masked_and_shape_mismatch():
    with pytest.raises(ValueError, match="every target is masked"):
        masked_rmse_numpy(np.full((2, 2), -1.0), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="differ in shape"):
        masked_rmse_numpy(np.zeros((2, 2)), np.zeros((2, 3)))


def test_model_loss_counts_only_weeks_with_a_quiz_even_when_inputs_are_not_masked():
    """The target mask, not the input mask, decides: the inputs here are never masked."""
    rng = np.random.default_rng(2)
    x = rng.random((8, 5, 3)).astype(np.float32)
    y = targets(rng, (8, 5, 1))
    model = build_tracing_model(3, units=4)
    scores = model.evaluate(x, y, verbose=0, return_dict=True, batch_size=8)
    p = model.predict(x, verbose=0)
    assert scores["loss"] == pytest.approx(masked_mse_numpy(y, p), rel=1e-4)
    assert scores["masked_rmse"] == pytest.approx(masked_rmse_numpy(y, p), rel=1e-4)
    pitfall = build_tracing_model(3, units=4, masked_loss=False)
    pitfall.set_weights(model.get_weights())
    assert pitfall.evaluate(x, y, verbose=0, batch_size=8, return_dict=True)["loss"] == pytest.approx(
        float(np.mean((y - p) ** 2)), rel=1e-4
    )
