import numpy as np
import pytest

from edulab.recurrent.training import fit as shared_fit
from edulab.tracing.experiment import prepare_data
from edulab.tracing.models import build_dkt_model, build_window_model
from edulab.tracing.training import BatchFeed, evaluate, predict, predict_mastery
from edulab.tracing.windows import sliding_windows


def fit(model, train, validation, **kwargs):
    """The shared fit with DKT's feed and its monitor (validation AUC)."""
    return shared_fit(model, train, validation, feed=BatchFeed, monitor="val_auc", mode="max", **kwargs)


@pytest.fixture(scope="module")
def data(small_frame):
    return prepare_data(small_frame, random_state=1)


def test_fit_keeps_the_best_epoch_in_a_checkpoint_and_restores_it(data, tmp_path):
    model = build_dkt_model(data.skill_index.n_skills, cell="gru", units=8, learning_rate=0.02)
    path = tmp_path / "best.weights.h5"
    record = fit(model, data.train, data.validation, epochs=3, patience=3, checkpoint=path, progress=False)
    assert path.is_file() and len(record.history) == 3
    assert {"loss", "auc", "rmse", "val_loss", "val_auc", "val_rmse"} <= set(record.history.columns)
    assert record.best_epoch == int(record.history["val_auc"].idxmax())
    restored = model.evaluate(BatchFeed(data.validation).dataset(), verbose=0, return_dict=True)
    assert restored["auc"] == pytest.approx(record.best_score, abs=1e-4)
    assert record.to_dict()["n_epochs"] == 3


def test_a_checkpoint_name_keras_cannot_write_is_refused(data):
    model = build_dkt_model(data.skill_index.n_skills, units=2)
    with pytest.raises(ValueError, match=r"'.weights.h5'"):
        fit(model, data.train, data.validation, epochs=1, checkpoint="best.h5", progress=False)


def test_predictions_cover_every_target_once_and_scores_are_exact(data):
    model = build_dkt_model(data.skill_index.n_skills, units=4)
    predictions = predict(model, data.test, batch_size=7)
    assert np.array_equal(predictions.pair, np.arange(data.test.n_pairs))
    assert np.array_equal(predictions.correct, data.test.correct)
    scores = evaluate(model, data.test)
    assert scores.n_targets == data.test.n_pairs and 0.0 <= scores.auc <= 1.0
    mastery = predict_mastery(model, data.test, 0)
    assert mastery.shape == (data.test.lengths[0], data.skill_index.n_skills)
    first = slice(0, data.test.lengths[0])
    skills = data.test.skills[first]
    assert np.allclose(mastery[np.arange(len(skills)), skills], predictions.probability[first], atol=1e-6)


def test_windows_train_and_score_the_same_targets_as_padding(data):
    train, validation, test = (sliding_windows(s, 10, 5) for s in (data.train, data.validation, data.test))
    model = build_window_model(data.skill_index.n_skills, 10, units=4, embedding_dim=4)
    record = fit(model, train, validation, epochs=1, progress=False)
    assert len(record.history) == 1
    predictions = predict(model, test)
    assert np.array_equal(predictions.pair, np.arange(data.test.n_pairs))
    assert np.array_equal(predictions.correct, data.test.correct)


def test_batches_of_new_lengths_after_many_equal_ones_still_train(make_sequences):
    # Keras's PyDataset fixes the time axis from the first batches; the feed must not.
    short_then_long = make_sequences(np.r_[np.full(32, 2), np.full(8, 5)])
    model = build_dkt_model(short_then_long.n_skills, units=2)
    history = model.fit(BatchFeed(short_then_long, 8).dataset(), epochs=1, shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 1
