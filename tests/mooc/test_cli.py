import json

import pytest

from edulab.cli import main


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_mooc_early_prints_json(capsys):
    pytest.importorskip("keras")
    code = main(["mooc", "early", "--weeks", "2", "--students", "200", "--epochs", "1", "--units", "4", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["n_weeks"] == 2
    models = [r["model"] for r in report["results"]]
    assert models[1:] == ["logistic regression", "majority class", "ceiling (true probability)"]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_mooc_trace_prints_rmse(capsys):
    pytest.importorskip("keras")
    assert main(["mooc", "trace", "--students", "150", "--epochs", "1", "--units", "4", "--inputs", "history"]) == 0
    out = capsys.readouterr().out
    assert "test RMSE (weeks with a quiz)" in out and "history" in out


def test_bad_weeks_is_a_clean_error(capsys):
    pytest.importorskip("keras")
    assert main(["mooc", "early", "--weeks", "0", "--students", "100", "--epochs", "1"]) == 2
    assert "n_weeks must lie in 1..10" in capsys.readouterr().err
