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
    # --weeks 0 is refused while parsing (test below); a week count past the course's reaches the library
    assert main(["mooc", "early", "--weeks", "11", "--students", "100", "--epochs", "1"]) == 2
    assert "n_weeks must lie in 1..10" in capsys.readouterr().err


# --- bad options: refused while parsing, one line naming the option, exit 2 (issue 16) ----------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["mooc", "early", "--weeks", "0"], "argument --weeks: expected a positive integer (1, 2, 3, ...), got '0'"),
        (["mooc", "trace", "--seed", "-1"], "argument --random-state/--seed: expected a seed, a non-negative integer"),
        (["mooc", "early", "--random-state", "-1"], "argument --random-state/--seed: expected a seed"),
        (["mooc", "trace", "--students", "-3"], "argument --students: expected a positive integer"),
        (["mooc", "trace", "--units", "0"], "argument --units: expected a positive integer"),
        (["mooc", "trace", "--epochs", "0"], "argument --epochs: expected a positive integer"),
        (["mooc", "early", "--dropout", "-0.1"], "argument --dropout: expected a number in [0, 1), got '-0.1'"),
        (["mooc", "early", "--cell", "rnn"], "argument --cell: invalid choice: 'rnn'"),
        (["mooc", "trace", "--data", "nowhere"], "argument --data: invalid choice: 'nowhere'"),
    ],
)
def test_bad_options_are_refused_naming_the_option(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_more_students_than_the_course_is_one_line_with_both_numbers(capsys):
    assert main(["mooc", "early", "--students", "5000", "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == "edulab: error: n_students=5000: mooc-synthetic has only 1000 students"
