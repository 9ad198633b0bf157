import json

import pytest

from edulab.cli import main


def test_dkt_train_prints_test_scores_as_json(capsys):
    assert main(["dkt", "train", "--students", "60", "--epochs", "1", "--units", "4", "--cell", "gru", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cell"] == "gru" and result["units"] == 4 and result["n_test_students"] == 12
    assert 0.0 <= result["test_auc"] <= 1.0 and 0.0 <= result["test_rmse"] <= 1.0


def test_dkt_grid_prints_the_table(capsys):
    assert main(["dkt", "grid", "--students", "40", "--epochs", "1", "--cells", "rnn", "--units", "2", "--dropout", "0"]) == 0
    out = capsys.readouterr().out
    assert "val_auc" in out and "best on validation" in out


def test_an_unknown_data_source_is_an_error_not_a_traceback(capsys):
    assert main(["dkt", "train", "--data", "nowhere.txt", "--epochs", "1"]) == 2
    assert "expected one of" in capsys.readouterr().err


def test_a_bad_list_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["dkt", "grid", "--units", "8,many"])
