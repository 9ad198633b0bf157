"""edulab.cli_types: each type accepts what it promises and names the option when it refuses."""

import argparse
import math

import pytest

from edulab import cli_types as types


def parse(kind, text, option="--value"):
    """Parse ``option=text`` with a one-option parser; return the value or the error line argparse prints.

    (``--value=-inf`` rather than ``--value -inf``: argparse takes ``-inf`` for an option.)
    """
    parser = argparse.ArgumentParser(prog="edulab test", exit_on_error=False)
    parser.add_argument(option, type=kind)
    try:
        return getattr(parser.parse_args([f"{option}={text}"]), option.lstrip("-").replace("-", "_"))
    except argparse.ArgumentError as error:
        return f"error: {error}"


def test_through_argparse_a_bad_value_exits_2_naming_the_option(capsys):
    parser = argparse.ArgumentParser(prog="edulab demo")
    parser.add_argument("--top", type=types.positive_int)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["--top", "-3"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "edulab demo: error: argument --top: expected a positive integer (1, 2, 3, ...), got '-3'"
    )


@pytest.mark.parametrize(
    "kind, good, bad",
    [
        (types.positive_int, {"1": 1, "42": 42, " 7 ": 7}, ["0", "-2", "1.5", "abc", "", "1e3", "nan"]),
        (types.non_negative_int, {"0": 0, "3": 3}, ["-1", "0.5", "x"]),
        (types.seed, {"0": 0, "2017": 2017}, ["-1", "1.0", "seed"]),
        (types.int_range(6, 10), {"6": 6, "10": 10}, ["5", "11", "7.0", "-6", "x"]),
    ],
    ids=["positive_int", "non_negative_int", "seed", "int_range"],
)
def test_integers(kind, good, bad):
    for text, value in good.items():
        assert parse(kind, text) == value
    for text in bad:
        message = parse(kind, text)
        assert message.startswith("error: argument --value: expected a") and repr(text) in message, message


def test_a_seed_is_named_as_such():
    assert parse(types.seed, "-1", option="--seed") == (
        "error: argument --seed: expected a seed, a non-negative integer (0, 1, 2, ...), got '-1'"
    )


def test_finite_float_bounds_and_openness():
    threshold = types.finite_float(0, open_low=True)
    assert parse(threshold, "0.1") == 0.1
    for text in ["0", "-1", "nan", "inf", "-inf", "x"]:
        assert parse(threshold, text) == f"error: argument --value: expected a finite number > 0, got {text!r}"
    rate = types.finite_float(0, 1, open_high=True)
    assert parse(rate, "0") == 0.0 and parse(rate, "0.5") == 0.5
    assert parse(rate, "1") == "error: argument --value: expected a number in [0, 1), got '1'"
    assert parse(types.finite_float(), "-1e300") == -1e300
    assert "expected a finite number, got 'nan'" in parse(types.finite_float(), "nan")
    assert "expected a finite number <= 5" in parse(types.finite_float(high=5), "6")
    assert math.isclose(parse(types.finite_float(high=5), "5"), 5)
    with pytest.raises(ValueError, match="low = 2 is above high = 1"):
        types.finite_float(2, 1)


def test_int_range_and_time_limit_name_their_range():
    assert parse(types.int_range(0, 3), "4") == "error: argument --value: expected an integer from 0 to 3, got '4'"
    with pytest.raises(ValueError, match="low = 2 is above high = 1"):
        types.int_range(2, 1)
    assert parse(types.time_limit, "60") == 60.0
    for text in ["0", "-5", "inf", "nan", "1e308"]:
        assert parse(types.time_limit, text) == (
            f"error: argument --value: expected a number in (0, {types.MAX_SECONDS}], got {text!r}"
        )


def test_existing_file(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("x")
    assert parse(types.existing_file, str(path)) == path
    assert (
        parse(types.existing_file, str(tmp_path / "no.txt"))
        == f"error: argument --value: {tmp_path / 'no.txt'}: no such file"
    )
    assert (
        parse(types.existing_file, str(tmp_path))
        == f"error: argument --value: {tmp_path}: is a folder; expected a file"
    )
    assert parse(types.existing_file, "") == "error: argument --value: expected a path, got an empty string"


def test_existing_folder(tmp_path):
    assert parse(types.existing_folder, str(tmp_path)) == tmp_path
    (tmp_path / "f").write_text("")
    assert "is a file; expected a folder" in parse(types.existing_folder, str(tmp_path / "f"))
    assert "no such folder" in parse(types.existing_folder, str(tmp_path / "nope"))


def test_output_path_refuses_a_missing_folder_and_creates_nothing(tmp_path):
    assert parse(types.output_path, str(tmp_path / "out.json"), option="--out") == tmp_path / "out.json"
    message = parse(types.output_path, str(tmp_path / "missing" / "out.json"), option="--out")
    assert message.startswith("error: argument --out: ") and "does not exist; create it first" in message
    assert not (tmp_path / "missing").exists()
    assert "is a folder" in parse(types.output_path, str(tmp_path), option="--out")


def test_comma_lists():
    names = types.comma_list()
    assert parse(names, "a, b,c", option="--names") == ["a", "b", "c"]
    assert (
        parse(names, "a,a", option="--names")
        == "error: argument --names: 'a' is given twice in 'a,a'; expected each entry once"
    )
    for text in ["", "a,,b", "a,", ","]:
        assert "without empty entries" in parse(names, text, option="--names")
    assert parse(types.comma_list(unique=False), "a,a") == ["a", "a"]
    cells = types.comma_list(choices=("lstm", "gru", "rnn"))
    assert parse(cells, "gru,lstm") == ["gru", "lstm"]
    assert (
        parse(cells, "lstm,cnn", option="--cells")
        == "error: argument --cells: 'cnn' in 'lstm,cnn': expected one of lstm, gru, rnn"
    )
    units = types.comma_list(types.positive_int)
    assert parse(units, "8,16") == [8, 16]
    assert (
        parse(units, "8,-16")
        == "error: argument --value: '-16' in '8,-16': expected a positive integer (1, 2, 3, ...), got '-16'"
    )
    assert "'8.0' is given twice" in parse(types.comma_list(float), "8,8.0")
    assert (
        parse(types.comma_list(int), "8,x")
        == "error: argument --value: 'x' in '8,x': expected a comma-separated list of int"
    )
