"""``edulab hlapp``: generate, solve with each method, validate; JSON output and clear errors."""

from __future__ import annotations

import json

import pytest

from edulab.cli import main


def run_json(capsys, *argv):
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_generate_solve_validate(tmp_path, capsys):
    instance, solution = tmp_path / "school.json", tmp_path / "schedule.json"
    code, out = run_json(
        capsys,
        "hlapp",
        "generate",
        "--learners",
        "40",
        "--sigma",
        "1",
        "--penalty",
        "0.5",
        "--seed",
        "2",
        "--out",
        str(instance),
    )
    assert code == 0 and out["learners"] == 40 and instance.exists()

    code, out = run_json(
        capsys,
        "hlapp",
        "solve",
        str(instance),
        "--method",
        "ilp",
        "--solver",
        "cbc",
        "--time",
        "60",
        "--out",
        str(solution),
    )
    assert code == 0 and out["status"] == "optimal" and out["gap"] == 0
    assert 0 <= out["self_study_share"] <= 1 and out["seconds"] > 0
    optimum = out["objective"]

    code, out = run_json(capsys, "hlapp", "validate", str(instance), str(solution))
    assert code == 0 and out["valid"] and out["objective"] == pytest.approx(optimum)

    code, out = run_json(capsys, "hlapp", "solve", str(instance), "--method", "alns", "--iterations", "50")
    assert code == 0 and out["method"] == "alns" and out["objective"] <= optimum + 1e-6

    code, out = run_json(capsys, "hlapp", "solve", str(instance), "--method", "greedy")
    assert code == 0 and out["objective"] <= optimum + 1e-6


def test_text_output_and_invalid_schedule(tmp_path, capsys):
    instance, solution = tmp_path / "school.json", tmp_path / "bad.json"
    assert main(["hlapp", "generate", "--learners", "30", "--out", str(instance)]) == 0
    assert "30 learners" in capsys.readouterr().out
    solution.write_text('{"assignments": [[0, 0, 0, 0]]}')
    assert main(["hlapp", "validate", str(instance), str(solution)]) == 1
    out = capsys.readouterr().out
    assert "violation(s)" in out and "learner 1 has no assignment" in out


def test_bad_instance_file_is_an_error_naming_it(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{")
    assert main(["hlapp", "solve", str(path)]) == 2
    assert "broken.json, line 1, column 2: invalid JSON" in capsys.readouterr().err


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_ilp_json_is_the_whole_standard_output(tmp_path, solver):
    """The solvers print from C (HiGHS's banner even when quiet): none of it may reach stdout."""
    import subprocess
    import sys

    from edulab.planning.ilp import cbc_available, highs_available

    if not {"highs": highs_available, "cbc": cbc_available}[solver]():
        pytest.skip(f"{solver} is not installed")
    instance = tmp_path / "school.json"
    assert main(["hlapp", "generate", "--learners", "30", "--seed", "1", "--out", str(instance)]) == 0
    command = [sys.executable, "-m", "edulab.cli", "hlapp", "solve", str(instance), "--method", "ilp"]
    done = subprocess.run([*command, "--solver", solver, "--json"], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["status"] == "optimal"
    assert "HiGHS" not in done.stdout and "Cbc" not in done.stdout


# --- issue 16: every option is checked while parsing, naming the option -----------------------


@pytest.fixture
def school_file(tmp_path):
    from edulab.planning.instance import Instance, write_instance

    from .conftest import TINY

    return write_instance(Instance.from_dict(json.loads(json.dumps(TINY))), tmp_path / "tiny.json")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--learners", "0"], "argument --learners: expected an integer from 6 to 20000, got '0'"),
        (["--learners", "3"], "argument --learners: expected an integer from 6 to"),
        (["--learners", "10000000"], "argument --learners: expected an integer from 6 to"),
        (["--sigma", "nan"], "argument --sigma: expected a finite number >= 0, got 'nan'"),
        (["--sigma", "-1"], "argument --sigma: expected a finite number >= 0, got '-1'"),
        (["--penalty", "0"], "argument --penalty: expected a number in (0, 1], got '0'"),
        (["--penalty", "inf"], "argument --penalty: expected a number in (0, 1], got 'inf'"),
        (["--seed", "-1"], "argument --seed: expected a seed, a non-negative integer (0, 1, 2, ...), got '-1'"),
    ],
)
def test_generate_options_are_checked_while_parsing(tmp_path, capsys, flags, message, exit_status):
    assert exit_status(["hlapp", "generate", "--out", str(tmp_path / "x.json"), *flags]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_generate_out_needs_an_existing_folder_and_creates_none(tmp_path, capsys, exit_status):
    out = tmp_path / "missing" / "dir" / "x.json"
    assert exit_status(["hlapp", "generate", "--out", str(out)]) == 2
    assert f"argument --out: {out}: the folder {out.parent} does not exist; create it first" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--time", "inf"], "argument --time: expected a number in (0, 86400], got 'inf'"),
        (["--time", "0"], "argument --time: expected a number in (0, 86400], got '0'"),
        (["--time", "1e308"], "argument --time: expected a number in (0, 86400], got '1e308'"),
        (["--iterations", "-5"], "argument --iterations: expected an integer from 0 to 10000000, got '-5'"),
        (["--iterations", "2.5"], "argument --iterations: expected an integer from 0 to 10000000, got '2.5'"),
        (["--iterations", "100000000000000"], "argument --iterations: expected an integer from 0 to 10000000"),
        (["--seed", "-1"], "argument --seed: expected a seed"),
        (["--out", "/missing-edulab-folder/x.json"], "argument --out: /missing-edulab-folder/x.json: the folder"),
    ],
)
def test_solve_options_are_checked_while_parsing(school_file, capsys, flags, message, exit_status):
    assert exit_status(["hlapp", "solve", str(school_file), "--method", "greedy", *flags]) == 2
    assert message in capsys.readouterr().err


def test_input_files_are_checked_while_parsing(tmp_path, school_file, capsys, exit_status):
    assert exit_status(["hlapp", "solve", str(tmp_path / "nothing.json")]) == 2
    assert f"argument instance: {tmp_path / 'nothing.json'}: no such file" in capsys.readouterr().err
    assert exit_status(["hlapp", "validate", str(school_file), str(tmp_path)]) == 2
    assert f"argument solution: {tmp_path}: is a folder; expected a file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda d: d.update(classrooms=[]),
        lambda d: d.update(teachers=[]),
        lambda d: [room.update(self_study_allowed=False) for room in d["classrooms"]],
    ],
    ids=["no room", "no teacher", "no self-study room"],
)
@pytest.mark.parametrize("method", ["greedy", "alns"])
def test_an_instance_the_heuristics_cannot_place_is_one_line(tmp_path, capsys, corrupt, method):
    from .conftest import TINY

    data = json.loads(json.dumps(TINY))
    corrupt(data)
    path = tmp_path / "school.json"
    path.write_text(json.dumps(data))
    assert main(["hlapp", "solve", str(path), "--method", method, "--iterations", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"edulab: error: {path}: --method {method} cannot place every learner: ")
    assert err.count("\n") == 1
