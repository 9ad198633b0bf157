import numpy as np
import pytest
from sklearn.base import clone

from edulab.tracing.baselines import next_step_targets, score_baselines
from edulab.tracing.dkt import DKT
from edulab.tracing.experiment import prepare_data


def test_the_constructor_only_stores_so_that_clone_works():
    model = DKT(cell="gru", units=3, epochs=1, random_state=5)
    copy = clone(model)
    assert copy is not model and copy.get_params() == model.get_params()
    assert not hasattr(copy, "model_")
    with pytest.raises(RuntimeError, match="not fitted"):
        copy.predict_proba(None)


def test_dkt_is_scored_beside_the_baselines_on_the_same_targets(train_test_frames):
    train, test = train_test_frames
    dkt = DKT(cell="gru", units=4, epochs=1, progress=False)
    table = score_baselines(train, test, models={"DKT": dkt})
    assert table["model"].tolist() == ["DKT", "oracle (true probability)"]
    assert table["n_targets"].iloc[0] == next_step_targets(test).sum()
    probability = dkt.predict_proba(test)
    assert probability.shape == (len(test),)
    assert np.isnan(probability[~next_step_targets(test)]).all()
    assert ((probability[next_step_targets(test)] > 0) & (probability[next_step_targets(test)] < 1)).all()
    assert dkt.fit_result_.n_epochs == 1 and dkt.model_.name == "dkt_gru_4"


def test_fit_on_a_table_holds_out_the_validation_students_of_prepare_data(small_frame):
    """fit(train + validation) trains on the same sequences as prepare_data's training part."""
    data = prepare_data(small_frame, max_length=50, random_state=2)
    dkt = DKT(units=2, epochs=1, max_length=50, random_state=2, progress=False)
    dkt.fit(data.rows("train", "validation"), data.skill_index)
    direct = DKT(units=2, epochs=1, max_length=50, random_state=2, progress=False)
    direct.fit_sequences(data.train, data.validation)
    np.testing.assert_allclose(dkt.score_sequences(data.test).auc, direct.score_sequences(data.test).auc, atol=1e-6)
