import pytest

from edulab.mooc.grid import GRID_KEYS, best_on_validation
from edulab.recurrent.grid import expand_grid


def test_expand_grid_lists_every_combination():
    combos = expand_grid({"units": [4, 8], "cell": ["lstm", "gru"]}, GRID_KEYS)
    assert len(combos) == 4 and {"units": 8, "cell": "gru"} in combos
    with pytest.raises(ValueError, match="unknown grid key"):
        expand_grid({"layers": [1]}, GRID_KEYS)
    with pytest.raises(ValueError, match="no value"):
        expand_grid({"units": []}, GRID_KEYS)


def test_best_is_chosen_on_validation_auc_then_balanced_accuracy():
    import pandas as pd

    table = pd.DataFrame(
        {"validation_auc": [0.7, 0.8, 0.8], "validation_balanced_accuracy": [0.9, 0.6, 0.7], "test_auc": [0.99, 0, 0]}
    )
    assert best_on_validation(table) == 2


def fake_fit_early(data, *, units, epochs, random_state, progress, cell="lstm", dropout=0.0):
    """A stand-in for the network (fit_early is tested through the CLI): a logistic regression
    whose score depends on ``units``, so the grid has something to choose."""
    from edulab.mooc.baselines import logistic_baseline

    result = logistic_baseline(data, C=units / 100)
    result.model, result.n_epochs = f"fake {units}", epochs
    return result, None


def test_grid_search_chooses_on_validation_and_reports_test(small_arrays, small_split, monkeypatch):
    from edulab.mooc import grid

    monkeypatch.setattr(grid, "fit_early", fake_fit_early)
    result = grid.grid_search(
        small_arrays, small_split, {"units": [1, 50], "n_weeks": [2, 3]}, epochs=1, progress=False
    )
    assert len(result.table) == 4
    assert "test_auc" not in result.table.columns  # the test students are seen only by the chosen one
    best = result.table.iloc[best_on_validation(result.table)]
    assert best["units"] == result.best_params["units"] and best["n_weeks"] == result.best.n_weeks
    assert result.best.validation_auc == result.table["validation_auc"].max()


def test_how_early_curve_has_every_model_for_every_week(small_arrays, small_split, monkeypatch):
    from edulab.mooc import grid

    monkeypatch.setattr(grid, "fit_early", fake_fit_early)
    curve = grid.how_early_curve(small_arrays, small_split, [1, 2], units=4, epochs=1, progress=False)
    assert sorted(curve["kind"].unique()) == ["ceiling", "logistic", "majority", "network"]
    assert len(curve) == 8 and curve["test_auc"].between(0, 1).all()
    # more weeks seen, more signal: the ceiling does not depend on n, logistic regression improves
    logistic = curve[curve["kind"] == "logistic"].set_index("n_weeks")["test_auc"]
    assert logistic[2] >= logistic[1] - 0.05


def test_a_grid_with_a_cell_of_another_lecture_is_refused_before_training(small_arrays, small_split, monkeypatch):
    import edulab.mooc.grid as grid_module
    from edulab.errors import InputError

    trained = []
    monkeypatch.setattr(grid_module, "_candidate", lambda params, **_: trained.append(params))
    with pytest.raises(InputError, match=r"grid: cell='rnn': expected one of \['gru', 'lstm'\]"):
        grid_module.grid_search(small_arrays, small_split, {"cell": ["lstm", "rnn"]}, progress=False)
    with pytest.raises(ValueError, match="n_weeks"):
        grid_module.grid_search(small_arrays, small_split, {"n_weeks": [3, 99]}, progress=False)
    assert trained == []


def test_baseline_curve_trains_no_network_and_matches_the_full_curve(small_arrays, small_split, monkeypatch):
    from edulab.mooc import grid

    monkeypatch.setattr(grid, "fit_early", fake_fit_early)
    full = grid.how_early_curve(small_arrays, small_split, [1, 3], epochs=1, progress=False)
    monkeypatch.setattr(grid, "fit_early", lambda *args, **kwargs: pytest.fail("no network may be trained"))
    baselines = grid.baseline_curve(small_arrays, small_split, [1, 3])
    assert list(baselines["kind"]) == ["logistic", "majority", "ceiling"] * 2
    expected = full[full["kind"] != "network"].reset_index(drop=True)
    assert baselines.equals(expected[baselines.columns])
