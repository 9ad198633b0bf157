import json

import pytest

from edulab.cli import main


def test_dkt_train_prints_test_scores_as_json(capsys):
    assert main(["dkt", "train", "--students", "60", "--epochs", "1", "--units", "4", "--cell", "gru", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cell"] == "gru" and result["units"] == 4 and result["n_test_students"] == 12
    assert 0.0 <= result["test_auc"] <= 1.0 and 0.0 <= result["test_rmse"] <= 1.0


def test_dkt_grid_prints_the_table(capsys):
    assert (
        main(["dkt", "grid", "--students", "40", "--epochs", "1", "--cells", "rnn", "--units", "2", "--dropout", "0"])
        == 0
    )
    out = capsys.readouterr().out
    assert "val_auc" in out and "best on validation" in out


def test_an_unknown_data_source_is_an_error_not_a_traceback(capsys):
    with pytest.raises(SystemExit) as exit_info:  # refused while parsing (issue 16), before any data is read
        main(["dkt", "train", "--data", "nowhere.txt", "--epochs", "1"])
    assert exit_info.value.code == 2
    assert "expected one of" in capsys.readouterr().err


def test_a_bad_list_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["dkt", "grid", "--units", "8,many"])


# --- bad options: refused while parsing, one line naming the option, exit 2 (issue 16) ----------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["dkt", "grid", "--n-jobs", "0"], "argument --n-jobs: expected a positive integer (1, 2, 3, ...), got '0'"),
        (["dkt", "train", "--seed", "-1"], "argument --random-state/--seed: expected a seed, a non-negative integer"),
        (["dkt", "grid", "--random-state", "-1"], "argument --random-state/--seed: expected a seed"),
        (["dkt", "train", "--students", "0"], "argument --students: expected a positive integer"),
        (["dkt", "train", "--epochs", "-2"], "argument --epochs: expected a positive integer"),
        (["dkt", "train", "--patience", "-1"], "argument --patience: expected a non-negative integer"),
        (["dkt", "train", "--batch-size", "0"], "argument --batch-size: expected a positive integer"),
        (["dkt", "train", "--max-length", "-5"], "argument --max-length: expected a non-negative integer"),
        (["dkt", "train", "--units", "0"], "argument --units: expected a positive integer"),
        (["dkt", "train", "--dropout", "nan"], "argument --dropout: expected a number in [0, 1), got 'nan'"),
        (["dkt", "train", "--dropout", "1"], "argument --dropout: expected a number in [0, 1), got '1'"),
        (["dkt", "train", "--cell", "xyz"], "argument --cell: invalid choice: 'xyz'"),
        (
            ["dkt", "grid", "--cells", "lstm,xyz"],
            "argument --cells: 'xyz' in 'lstm,xyz': expected one of lstm, gru, rnn",
        ),
        (["dkt", "grid", "--cells", "gru,gru"], "argument --cells: 'gru' is given twice"),
        (["dkt", "grid", "--units", "8,-4"], "argument --units: '-4' in '8,-4': expected a positive integer"),
        (
            ["dkt", "grid", "--dropout", "0.2,inf"],
            "argument --dropout: 'inf' in '0.2,inf': expected a number in [0, 1)",
        ),
        (
            ["dkt", "train", "--checkpoint", "best.h5"],
            "argument --checkpoint: expected a file name ending in .weights.h5",
        ),
    ],
)
def test_bad_options_are_refused_naming_the_option(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_data_and_checkpoint_paths_are_checked_while_parsing(capsys, tmp_path):
    missing_folder = tmp_path / "nowhere" / "best.weights.h5"
    cases = [
        (["--data", str(tmp_path)], f"argument --data: {tmp_path}: is a folder; expected a file"),
        (["--data", str(tmp_path / "absent.csv")], f"argument --data: {tmp_path / 'absent.csv'}: no such file"),
        (
            ["--checkpoint", str(missing_folder)],
            f"argument --checkpoint: {missing_folder}: the folder {missing_folder.parent} does not exist",
        ),
    ]
    for options, message in cases:
        with pytest.raises(SystemExit) as exit_info:
            main(["dkt", "train", *options])
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err
    assert not missing_folder.parent.exists()  # nothing was created


def test_more_students_than_the_data_is_one_line_with_both_numbers(capsys):
    assert main(["dkt", "train", "--students", "100000", "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == "edulab: error: n_students=100000: the data have only 500 students"


def test_a_bad_data_file_is_one_line_naming_file_and_line(capsys, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("user_id,order_id,skill_name,correct\n1,0,a,1\n10000000000000000000000,1,a,0\n")
    assert main(["dkt", "train", "--data", str(path), "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"edulab: error: {path}, line 3: user_id=") and "expected an integer" in err
    assert len(err.strip().splitlines()) == 1
