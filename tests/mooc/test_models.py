import numpy as np
import pytest

keras = pytest.importorskip("keras")

from edulab.mooc.models import build_early_model, build_tracing_model  # noqa: E402


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_tracing_model_predicts_every_week_and_early_model_once(cell):
    x = np.random.default_rng(0).random((4, 6, 3)).astype(np.float32)
    assert build_tracing_model(3, cell=cell, units=5).predict(x, verbose=0).shape == (4, 6, 1)
    probability = build_early_model(3, cell=cell, units=5).predict(x, verbose=0)
    assert probability.shape == (4, 1) and ((probability > 0) & (probability < 1)).all()


def test_no_time_distributed_and_a_masking_layer_first():
    model = build_tracing_model(3)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert "TimeDistributed" not in kinds and kinds[1] == "Masking"
    assert model.layers[-1].activation.__name__ == "linear"
    assert build_early_model(3).layers[-1].activation.__name__ == "sigmoid"


def test_a_fully_masked_week_does_not_change_the_early_prediction():
    rng = np.random.default_rng(1)
    x = rng.random((2, 4, 3)).astype(np.float32)
    model = build_early_model(3, units=4, dropout=0.0)
    padded = np.concatenate([x, np.full((2, 2, 3), -1.0, np.float32)], axis=1)
    np.testing.assert_allclose(model.predict(x, verbose=0), model.predict(padded, verbose=0), rtol=1e-5)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"cell": "rnn"}, "expected one of"), ({"units": 0}, "units"), ({"dropout": 1.0}, "dropout")],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_early_model(3, **kwargs)
