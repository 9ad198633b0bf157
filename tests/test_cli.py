import json
import subprocess
import sys

import pytest

from edulab import cli, datasets, runtime
from edulab.errors import FileFormatError, InputError, MissingFileError, is_library_error


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "datasets" in out and "check" in out


def test_datasets_list_as_text_and_json(capsys):
    code, out, _ = run(capsys, "datasets", "list")
    assert code == 0 and "itc2007" in out and "assistments2009" in out
    code, out, _ = run(capsys, "datasets", "list", "--json")
    rows = json.loads(out)["datasets"]
    assert {"itc2007", "epfl-mooc"} <= {row["name"] for row in rows}


def test_fetch_unknown_dataset_is_a_clear_error(capsys):
    code, out, err = run(capsys, "datasets", "fetch", "assistment2009")
    assert code == 2
    assert "unknown dataset 'assistment2009'" in err and "'assistments2009'" in err


def test_fetch_through_the_mirror(capsys, shared_data):
    code, out, _ = run(capsys, "datasets", "fetch", "itc2007", "--json")
    assert code == 0
    assert json.loads(out)["folder"].endswith("itc2007/instances")


def test_check_reports_json(capsys):
    code, out, _ = run(capsys, "check", "--json")
    assert code == 0 and json.loads(out)["budget"] == "fast"


def test_console_script_is_installed():
    completed = subprocess.run(
        [sys.executable, "-m", "edulab.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert completed.stdout.startswith("edulab ")


# --- one line for a library error, a traceback for a bug (issue 16) -----------------------------------
@pytest.mark.parametrize(
    "error, line",
    [
        (ValueError("--students: 900 asked, the data hold 500; expected at most 500"), "--students: 900 asked"),
        (FileNotFoundError(2, "No such file or directory", "/no/such.ctt"), "/no/such.ctt: no such file or directory"),
        (FileFormatError("x.csv", "'A+' is not a number", line=3, column="grade"), "x.csv, line 3, column grade: 'A+'"),
        (InputError("first line\nsecond line"), "first line; second line"),
        (LookupError("unknown instance 'comp99'"), "unknown instance 'comp99'"),
    ],
    ids=["ValueError", "OSError", "FileFormatError", "two lines", "LookupError"],
)
def test_a_library_error_is_one_line_and_exit_2(capsys, monkeypatch, error, line):
    def fail():
        raise error

    monkeypatch.setattr(runtime, "environment_report", fail)
    code, out, err = run(capsys, "check")
    assert code == 2 and out == ""
    assert err.startswith(f"edulab: error: {line}") and err.count("\n") == 1


def test_debug_shows_the_traceback_of_a_library_error(capsys, monkeypatch):
    def fail():
        raise InputError("bad value")

    monkeypatch.setattr(runtime, "environment_report", fail)
    with pytest.raises(InputError, match="bad value"):
        cli.main(["--debug", "check"])


@pytest.mark.parametrize("bug", [TypeError("unsupported operand"), KeyError("column"), IndexError("out of range")])
def test_a_bug_keeps_its_traceback(monkeypatch, bug):
    def fail():
        raise bug

    monkeypatch.setattr(runtime, "environment_report", fail)
    with pytest.raises(type(bug)):
        cli.main(["check"])


def test_library_errors_are_classified():
    assert is_library_error(FileFormatError("f", "bad")) and is_library_error(OSError("disk full"))
    assert is_library_error(datasets.UnknownDatasetError("x")) and is_library_error(ValueError("x"))
    assert not is_library_error(KeyError("x")) and not is_library_error(AttributeError("x"))
    assert is_library_error(MissingFileError("f", "f: no such file"))


def test_an_option_type_error_exits_2_through_argparse(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["advise", "--student", "1", "--top", "0"])
    assert exit_info.value.code == 2
    assert "argument --top: expected a positive integer (1, 2, 3, ...), got '0'" in capsys.readouterr().err


def test_a_debug_flag_in_the_help():
    assert "--debug" in cli.build_parser().format_help()


def test_a_key_error_raised_as_an_edulab_error_is_not_quoted(capsys, monkeypatch):
    class UnknownThing(InputError, KeyError):
        pass

    def fail():
        raise UnknownThing("no instance 'comp99' in the folder")

    monkeypatch.setattr(runtime, "environment_report", fail)
    assert run(capsys, "check")[2] == "edulab: error: no instance 'comp99' in the folder\n"
