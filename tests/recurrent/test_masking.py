import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from edulab.recurrent import MASK_VALUE
from edulab.recurrent.masking import MaskedAUC, MaskedLoss, MaskedRMSE
from edulab.recurrent.masking import next_answer_targets as masked_targets


def batch(seed=0, n_skills=4, lengths=(5, 3, 1), steps=None):
    """Random predictions and masked one-hot targets for sequences of the given lengths."""
    rng = np.random.default_rng(seed)
    steps = steps or max(lengths)
    y_pred = rng.uniform(0.01, 0.99, (len(lengths), steps, n_skills)).astype(np.float32)
    y_true = np.full((len(lengths), steps, n_skills + 1), MASK_VALUE, dtype=np.float32)
    skill = rng.integers(0, n_skills, (len(lengths), steps))
    correct = rng.integers(0, 2, (len(lengths), steps))
    for b, n in enumerate(lengths):
        y_true[b, :n] = 0.0
        y_true[b, np.arange(n), skill[b, :n]] = 1.0
        y_true[b, :n, -1] = correct[b, :n]
    real = np.arange(steps)[None, :] < np.array(lengths)[:, None]
    picked = np.take_along_axis(y_pred, skill[..., None], axis=-1)[..., 0]
    return y_true, y_pred, correct[real].astype(float), picked[real].astype(float)


def test_masked_targets_pick_the_next_skill_and_zero_the_padding():
    y_true, y_pred, correct, predicted = batch()
    c, p, m = (np.asarray(t) for t in masked_targets(y_true, y_pred))
    real = m[..., 0] == 1
    assert real.sum() == 9
    assert np.allclose(c[real][:, 0], correct) and np.allclose(p[real][:, 0], predicted)
    assert (c[~real] == 0).all() and (p[~real] == 0).all()


def test_loss_is_the_mean_over_real_steps_and_padding_changes_nothing():
    y_true, y_pred, correct, predicted = batch()
    eps = 1e-7
    clipped = np.clip(predicted, eps, 1 - eps)
    expected = -np.mean(correct * np.log(clipped) + (1 - correct) * np.log(1 - clipped))
    loss = MaskedLoss("binary_crossentropy", "next_answer")
    assert float(loss(y_true, y_pred)) == pytest.approx(expected, rel=1e-5)
    padded_true = np.concatenate([y_true, np.full((3, 7, 5), MASK_VALUE, np.float32)], axis=1)
    padded_pred = np.concatenate([y_pred, np.full((3, 7, 4), 0.5, np.float32)], axis=1)
    assert float(loss(padded_true, padded_pred)) == pytest.approx(expected, rel=1e-5)
    # What the seed lecture computed: padded steps count in the mean, so the value moves.
    naive = float(np.mean(np.asarray(loss.call(padded_true, padded_pred))))
    assert naive < expected * 0.6


def test_auc_and_rmse_ignore_padding():
    y_true, y_pred, correct, predicted = batch(seed=3, lengths=(40, 25, 7, 30))
    auc, rmse = MaskedAUC("next_answer", num_thresholds=2000), MaskedRMSE("next_answer")
    auc.update_state(y_true, y_pred)
    rmse.update_state(y_true, y_pred)
    assert float(auc.result()) == pytest.approx(roc_auc_score(correct, predicted), abs=2e-3)
    assert float(rmse.result()) == pytest.approx(np.sqrt(np.mean((correct - predicted) ** 2)), rel=1e-5)
    auc.reset_state()
    padded_true = np.concatenate([y_true, np.full((4, 20, 5), MASK_VALUE, np.float32)], axis=1)
    padded_pred = np.concatenate([y_pred, np.zeros((4, 20, 4), np.float32)], axis=1)
    auc.update_state(padded_true, padded_pred)
    assert float(auc.result()) == pytest.approx(roc_auc_score(correct, predicted), abs=2e-3)


def test_rmse_accumulates_exactly_over_batches_of_different_lengths():
    y_true, y_pred, correct, predicted = batch(seed=4, lengths=(12, 3))
    short_true, short_pred, short_correct, short_predicted = batch(seed=5, lengths=(2, 1))
    rmse = MaskedRMSE("next_answer")
    rmse.update_state(y_true, y_pred)
    rmse.update_state(short_true, short_pred)
    errors = np.r_[correct - predicted, short_correct - short_predicted]
    assert float(rmse.result()) == pytest.approx(np.sqrt(np.mean(errors**2)), rel=1e-5)


def test_unknown_layouts_and_losses_name_the_value():
    with pytest.raises(ValueError, match="targets='next_skill'"):
        MaskedRMSE("next_skill")
    with pytest.raises(ValueError, match="kind='mae'"):
        MaskedLoss("mae")
