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
