import json
import subprocess
import sys

import pytest

from edulab import cli


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
