import numpy as np
import pytest

from edulab.recurrent import CELLS
from edulab.tracing.models import build_dkt_model, build_window_model
from edulab.tracing.sequences import MASK_VALUE, encode, pad_batch
from edulab.tracing.windows import sliding_windows


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_dkt_model_shapes_and_masking(small_frame, cell):
    sequences = encode(small_frame)
    model = build_dkt_model(sequences.n_skills, cell=cell, units=4, dropout=0.0)
    assert model.input_shape == (None, None, 2 * sequences.n_skills)
    assert not any("TimeDistributed" in type(layer).__name__ for layer in model.layers)
    inputs, _ = pad_batch(sequences, np.array([0]))
    output = np.asarray(model.predict_on_batch(inputs))
    assert output.shape == (1, inputs.shape[1], sequences.n_skills)
    assert ((output > 0) & (output < 1)).all()
    padded = np.concatenate([inputs, np.full((1, 9, inputs.shape[2]), MASK_VALUE, np.float32)], axis=1)
    # Padding after the real steps leaves the real steps' predictions unchanged.
    assert np.allclose(np.asarray(model.predict_on_batch(padded))[:, : inputs.shape[1]], output, atol=1e-6)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"cell": "transformer"}, "cell='transformer'"), ({"units": 0}, "units=0"), ({"dropout": 1.0}, "dropout=1.0")],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_dkt_model(5, **kwargs)


def test_window_model_predicts_every_skill_at_every_step(small_frame):
    windows = sliding_windows(encode(small_frame), length=12, stride=6)
    model = build_window_model(windows.n_skills, 12, units=4, embedding_dim=4)
    inputs, _ = windows.batch(np.arange(5))
    output = np.asarray(model.predict_on_batch(inputs))
    assert output.shape == (5, 12, windows.n_skills)
