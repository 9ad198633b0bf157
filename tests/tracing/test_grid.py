import pandas as pd
import pytest

from edulab.tracing.experiment import prepare_data, sample_students
from edulab.tracing.grid import best_configuration, configurations, grid_search


def test_configurations_fill_in_defaults_and_refuse_unknown_keys():
    configs = configurations({"units": [8, 16], "cell": ["gru"]})
    assert configs == [{"cell": "gru", "units": 8, "dropout": 0.1}, {"cell": "gru", "units": 16, "dropout": 0.1}]
    with pytest.raises(ValueError, match="unknown grid key"):
        configurations({"layers": [1, 2]})


def test_the_best_configuration_is_chosen_on_validation_not_test():
    table = pd.DataFrame(
        {
            "cell": ["lstm", "gru"],
            "units": [8, 64],
            "dropout": [0.0, 0.2],
            "val_auc": [0.70, 0.72],
            "test_auc": [0.75, 0.71],
        }
    )
    assert best_configuration(table) == {"cell": "gru", "units": 64, "dropout": 0.2}
    with pytest.raises(ValueError, match="never on test"):
        best_configuration(table, "test_auc")


def test_a_small_grid_ranks_its_models_by_validation_auc(small_frame):
    data = prepare_data(sample_students(small_frame, 40), random_state=2)
    result = grid_search(data, {"cell": ["gru"], "units": [2, 8]}, epochs=1, progress=False)
    assert len(result.table) == 2 and result.table["val_auc"].is_monotonic_decreasing
    assert {"val_auc", "val_rmse", "test_auc", "test_rmse", "best_epoch", "n_epochs", "seconds"} <= set(
        result.table.columns
    )
    assert result.best_params == best_configuration(result.table)
    assert result.to_dict()["best"]["test_auc"] == result.best["test_auc"] == result.table["test_auc"].iloc[0]


def test_a_grid_with_an_unknown_cell_is_refused_before_training_anything(monkeypatch):
    import edulab.tracing.grid as grid_module
    from edulab.errors import InputError

    trained = []
    monkeypatch.setattr(grid_module, "evaluate_configuration", lambda params, **_: trained.append(params))
    with pytest.raises(InputError, match=r"grid: cell='transformer': expected one of"):
        grid_search(None, {"cell": ["lstm", "transformer"], "units": [2]}, progress=False)
    with pytest.raises(InputError, match="n_jobs=0"):
        grid_search(None, {"cell": ["lstm"], "units": [2]}, n_jobs=0, progress=False)
    assert trained == []


def test_sampling_more_students_than_the_data_names_both_numbers(small_frame):
    with pytest.raises(ValueError, match="n_students=61: the data have only 60 students"):
        sample_students(small_frame, 61)
    assert sample_students(small_frame, 60) is small_frame
