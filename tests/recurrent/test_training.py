import keras
import numpy as np
import pytest

from edulab.recurrent.masking import MaskedRMSE
from edulab.recurrent.training import ArrayFeed, fit


def test_the_array_feed_covers_every_student_once_per_epoch_and_reshuffles():
    x, y = np.arange(10, dtype=float)[:, None], np.arange(10, dtype=float)[:, None]
    feed = ArrayFeed((x, y), batch_size=4, rng=np.random.default_rng(0))
    assert len(feed) == 3
    data = feed.dataset()
    first, second = (np.concatenate([np.asarray(bx)[:, 0] for bx, _ in data]) for _ in range(2))
    assert sorted(first) == list(range(10)) and not np.array_equal(first, second)
    again = np.concatenate([np.asarray(bx)[:, 0] for bx, _ in ArrayFeed((x, y), 4, np.random.default_rng(0)).dataset()])
    assert np.array_equal(again, first), "the same generator gives the same batches"
    fixed = np.concatenate([np.asarray(bx)[:, 0] for bx, _ in ArrayFeed((x, y), 4).dataset()])
    assert fixed.tolist() == list(range(10))
    with pytest.raises(ValueError, match="x has 10 students and y 9"):
        ArrayFeed((x, y[:9]))


@pytest.fixture(scope="module")
def regression():
    rng = np.random.default_rng(0)
    x = rng.random((40, 3, 2)).astype(np.float32)
    y = x.sum(axis=-1, keepdims=True)
    y[rng.random(y.shape) < 0.3] = -1.0  # unobserved weeks
    return x, y


def small_model():
    inputs = keras.Input((None, 2))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs), name="tiny")
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse", metrics=[MaskedRMSE()])
    return model


def test_fit_restores_the_best_epoch_on_a_minimised_score(regression, tmp_path):
    keras.utils.set_random_seed(0)
    model = small_model()
    data = (regression[0][:30], regression[1][:30]), (regression[0][30:], regression[1][30:])
    path = tmp_path / "best.weights.h5"
    record = fit(
        model,
        *data,
        monitor="val_masked_rmse",
        mode="min",
        epochs=4,
        batch_size=8,
        patience=4,
        checkpoint=path,
        progress=False,
    )
    assert path.is_file() and record.n_epochs == 4 and list(record.history.index) == [1, 2, 3, 4]
    assert record.best_epoch == int(record.history["val_masked_rmse"].idxmin())
    restored = model.evaluate(*data[1], verbose=0, return_dict=True)
    assert restored["masked_rmse"] == pytest.approx(record.best_score, rel=1e-4)
    assert record.seconds_per_epoch > 0 and "history" in record.to_dict()


def test_fit_names_a_monitor_the_model_does_not_log(regression):
    data = (regression[0][:30], regression[1][:30]), (regression[0][30:], regression[1][30:])
    with pytest.raises(ValueError, match="monitor='val_auc'"):
        fit(small_model(), *data, monitor="val_auc", epochs=1, progress=False)
    with pytest.raises(ValueError, match="mode='best'"):
        fit(small_model(), *data, mode="best", epochs=1, progress=False)
