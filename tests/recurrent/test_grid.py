import pandas as pd
import pytest

from edulab.errors import InputError
from edulab.recurrent.grid import GridResult, expand_grid, rank, run_grid


def test_expand_grid_fills_defaults_and_names_bad_keys():
    combos = expand_grid({"units": [4, 8]}, ("cell", "units"), {"cell": "gru"})
    assert combos == [{"cell": "gru", "units": 4}, {"cell": "gru", "units": 8}]
    with pytest.raises(ValueError, match=r"unknown grid key\(s\) \['layers'\]"):
        expand_grid({"layers": [1]}, ("cell", "units"))


def test_rank_orders_by_the_first_column_then_the_next_then_table_order():
    table = pd.DataFrame({"val_a": [0.7, 0.8, 0.8, 0.8], "val_b": [0.9, 0.1, 0.5, 0.5]})
    assert rank(table, ["val_a", "val_b"]).tolist() == [2, 3, 1, 0]
    with pytest.raises(ValueError, match="never on test"):
        rank(table.assign(test_auc=0.5), ["test_auc"])


def evaluate(params):
    """A stand-in for training: the score peaks at 8 units; the test score disagrees on purpose."""
    score = 1.0 - abs(params["units"] - 8) / 100
    return {"val_score": score, "test_score": 1.0 - score}, {"units": params["units"], "note": "full result"}


def test_run_grid_ranks_on_validation_and_keeps_the_chosen_result():
    result = run_grid(evaluate, expand_grid({"units": [2, 8, 32]}, ("units",)), rank_by=["val_score"], progress=False)
    assert isinstance(result, GridResult)
    assert result.best_params == {"units": 8} and result.best == {"units": 8, "note": "full result"}
    assert result.table["units"].tolist() == [8, 2, 32] and result.table["val_score"].is_monotonic_decreasing
    assert result.to_dict()["best"]["note"] == "full result" and len(result.to_dict()["table"]) == 3


# --- bad grids are refused before any candidate is trained (issue 16) ----------------------------------


@pytest.mark.parametrize(
    "grid, message",
    [
        ({"cell": ["lstm", "transformer"]}, r"grid: cell='transformer': expected one of \['gru', 'lstm', 'rnn'\]"),
        ({"units": [8, 0]}, "grid: units=0: expected a positive integer"),
        ({"units": [8.5]}, "grid: units=8.5: expected a positive integer"),
        ({"dropout": [0.2, 1.0]}, r"grid: dropout=1.0: expected a fraction in \[0, 1\)"),
        ({"dropout": [float("nan")]}, r"grid: dropout=nan: expected a fraction in \[0, 1\)"),
        ({"units": []}, r"grid key\(s\) \['units'\] have no value"),
    ],
)
def test_expand_grid_refuses_bad_values_naming_them(grid, message):
    with pytest.raises(InputError, match=message):
        expand_grid(grid, ("cell", "units", "dropout"))


def test_expand_grid_takes_the_topic_cells():
    assert len(expand_grid({"cell": ["gru"]}, ("cell",), cells=("lstm", "gru"))) == 1
    with pytest.raises(InputError, match=r"cell='rnn': expected one of \['gru', 'lstm'\]"):
        expand_grid({"cell": ["rnn"]}, ("cell",), cells=("lstm", "gru"))


@pytest.mark.parametrize("n_jobs", [0, 1.5, True])
def test_run_grid_refuses_a_bad_number_of_workers_before_evaluating(n_jobs):
    calls = []
    with pytest.raises(InputError, match="n_jobs=.*expected a number of workers"):
        run_grid(lambda p: calls.append(p), [{"units": 2}], rank_by=["val_score"], n_jobs=n_jobs, progress=False)
    assert calls == []
