"""`edulab ctt validate` and `edulab ctt solve`."""

from __future__ import annotations

import json

import pytest

from edulab.cli import main
from edulab.timetabling.generator import TINY

from .test_solution import TINY_SOLUTION


@pytest.fixture
def tiny_files(tmp_path):
    (tmp_path / "tiny.ctt").write_text(TINY)
    (tmp_path / "tiny.sol").write_text(TINY_SOLUTION)
    return tmp_path


def test_validate_prints_costs_by_type(tiny_files, capsys):
    assert main(["ctt", "validate", str(tiny_files / "tiny.ctt"), str(tiny_files / "tiny.sol")]) == 0
    out = capsys.readouterr().out
    assert "curriculum_compactness        10" in out and "total cost 10 (feasible)" in out


def test_validate_json(tiny_files, capsys):
    main(["ctt", "validate", str(tiny_files / "tiny.ctt"), str(tiny_files / "tiny.sol"), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 10 and result["hard"]["conflicts"] == 0 and result["instance"] == "Tiny"


def test_validate_reports_a_bad_line_with_its_place(tiny_files, capsys):
    (tiny_files / "bad.sol").write_text("Algebra Gym 0 0\n")
    assert main(["ctt", "validate", str(tiny_files / "tiny.ctt"), str(tiny_files / "bad.sol")]) == 2
    assert "bad.sol, line 1: unknown room 'Gym'" in capsys.readouterr().err


def test_solve_writes_a_timetable_the_validator_accepts(tiny_files, capsys):
    out = tiny_files / "solved.sol"
    assert (
        main(
            [
                "ctt",
                "solve",
                str(tiny_files / "tiny.ctt"),
                "--algo",
                "sa",
                "--seconds",
                "0.5",
                "--seed",
                "1",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    solved = json.loads(capsys.readouterr().out)
    assert solved["feasible"] and solved["algorithm"] == "sa"
    main(["ctt", "validate", str(tiny_files / "tiny.ctt"), str(out), "--json"])
    assert json.loads(capsys.readouterr().out)["total"] == solved["total"]


def test_solve_within_iterations_alone(tiny_files, capsys):
    args = [
        "ctt",
        "solve",
        str(tiny_files / "tiny.ctt"),
        "--algo",
        "hybrid",
        "--iterations",
        "2000",
        "--ga-generations",
        "2",
        "--json",
    ]
    assert main(args) == 0
    details = json.loads(capsys.readouterr().out)["details"]
    assert details["ga"]["n_generations"] == 2 and details["sa"]["n_iterations"] <= 2000


def test_solve_by_dataset_name(capsys):
    assert main(["ctt", "solve", "small", "--algo", "greedy", "--seconds", "1"]) == 0
    assert "instance Synthetic-small: greedy" in capsys.readouterr().out


def test_unknown_names_and_missing_files_are_errors(tiny_files, capsys):
    assert main(["ctt", "validate", "nowhere", str(tiny_files / "tiny.sol")]) == 2
    assert main(["ctt", "validate", str(tiny_files / "missing.ctt"), str(tiny_files / "tiny.sol")]) == 2
    err = capsys.readouterr().err
    assert "'nowhere' is neither a .ctt file" in err and "missing.ctt does not exist" in err


# Refused while parsing (issue 16): the option is named with what was expected.
@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--seconds", "inf"], "argument --seconds: expected a number in (0, 86400], got 'inf'"),
        (["--seconds", "nan"], "got 'nan'"),
        (["--seconds", "-1"], "got '-1'"),
        (["--iterations", "0"], "argument --iterations: expected an integer from 1 to 100000000, got '0'"),
    ],
)
def test_a_budget_that_would_not_end_is_an_error_not_a_hang(tiny_files, capsys, flags, message, exit_status):
    assert exit_status(["ctt", "solve", str(tiny_files / "tiny.ctt"), "--algo", "sa", *flags]) == 2
    assert message in capsys.readouterr().err


# --- issue 16: every option is checked while parsing, naming the option -----------------------


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--seconds", "0"], "argument --seconds: expected a number in (0, 86400], got '0'"),
        (["--seconds=-inf"], "argument --seconds: expected a number in (0, 86400], got '-inf'"),
        (["--seconds", "soon"], "argument --seconds: expected a number in (0, 86400], got 'soon'"),
        (
            ["--seconds", "1e308", "--iterations", "5"],
            "argument --seconds: expected a number in (0, 86400], got '1e308'",
        ),
        (["--iterations", "-2"], "argument --iterations: expected an integer from 1 to 100000000, got '-2'"),
        (["--iterations", "1.5"], "argument --iterations: expected an integer from 1 to 100000000, got '1.5'"),
        (["--ga-generations", "0"], "argument --ga-generations: expected an integer from 1 to 100000000, got '0'"),
        (
            ["--iterations", "100000000000000"],
            "argument --iterations: expected an integer from 1 to 100000000, got '100000000000000'",
        ),
        (["--seed", "-1"], "argument --seed: expected a seed, a non-negative integer (0, 1, 2, ...), got '-1'"),
        (["--algo", "tabu"], "argument --algo: invalid choice: 'tabu'"),
    ],
)
def test_solve_options_are_checked_while_parsing(tiny_files, capsys, flags, message, exit_status):
    assert exit_status(["ctt", "solve", str(tiny_files / "tiny.ctt"), *flags]) == 2
    assert message in capsys.readouterr().err


def test_out_needs_an_existing_folder_and_creates_none(tiny_files, capsys, exit_status):
    out = tiny_files / "missing" / "dir" / "x.sol"
    assert (
        exit_status(
            ["ctt", "solve", str(tiny_files / "tiny.ctt"), "--algo", "greedy", "--iterations", "5", "--out", str(out)]
        )
        == 2
    )
    assert f"argument --out: {out}: the folder {out.parent} does not exist; create it first" in capsys.readouterr().err
    assert not (tiny_files / "missing").exists()
    assert (
        exit_status(
            [
                "ctt",
                "solve",
                str(tiny_files / "tiny.ctt"),
                "--algo",
                "greedy",
                "--iterations",
                "5",
                "--out",
                str(tiny_files),
            ]
        )
        == 2
    )
    assert "argument --out" in capsys.readouterr().err


def test_validate_names_a_folder_given_as_the_solution(tiny_files, capsys, exit_status):
    assert exit_status(["ctt", "validate", str(tiny_files / "tiny.ctt"), str(tiny_files)]) == 2
    assert f"argument solution: {tiny_files}: is a folder; expected a file" in capsys.readouterr().err


def test_a_folder_given_as_the_instance_is_named_as_a_folder(tmp_path, capsys):
    folder = tmp_path / "x.ctt"
    folder.mkdir()
    assert main(["ctt", "solve", str(folder), "--algo", "greedy", "--iterations", "5"]) == 2
    assert capsys.readouterr().err == f"edulab: error: {folder}: is a folder; expected a file\n"


def test_hybrid_with_iterations_alone_asks_for_the_genetic_phase_by_option_name(tiny_files, capsys):
    assert main(["ctt", "solve", str(tiny_files / "tiny.ctt"), "--algo", "hybrid", "--iterations", "50"]) == 2
    assert "edulab: error: --algo hybrid with --iterations alone: give --ga-generations too" in capsys.readouterr().err
    assert (
        main(
            [
                "ctt",
                "solve",
                str(tiny_files / "tiny.ctt"),
                "--algo",
                "sa",
                "--iterations",
                "50",
                "--ga-generations",
                "2",
            ]
        )
        == 2
    )
    assert "--ga-generations applies to --algo hybrid only, got --algo sa" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("algo", "extra"), [("sa", []), ("ga", []), ("hybrid", ["--ga-generations", "3"]), ("greedy", [])]
)
def test_the_same_seed_and_iterations_repeat_the_run_exactly(tiny_files, capsys, algo, extra):
    """Issue 16: with an iteration budget a run from the command line can be repeated."""
    runs = []
    for copy in ("a", "b"):
        out = tiny_files / f"{algo}-{copy}.sol"
        args = [
            "ctt",
            "solve",
            str(tiny_files / "tiny.ctt"),
            "--algo",
            algo,
            "--iterations",
            "300",
            "--seed",
            "7",
            *extra,
        ]
        assert main([*args, "--out", str(out), "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        runs.append((result["total"], result["hard"], result["soft"], out.read_text()))
    assert runs[0] == runs[1]


def test_both_kernels_give_the_same_timetable_from_the_command_line(tiny_files, capsys):
    """``--kernel python`` runs the readable loop; with --iterations it repeats the compiled run."""
    timetables = []
    for kernel in ("compiled", "python"):
        out = tiny_files / f"{kernel}.sol"
        args = ["ctt", "solve", str(tiny_files / "tiny.ctt"), "--algo", "sa", "--iterations", "3000", "--seed", "3"]
        assert main([*args, "--kernel", kernel, "--out", str(out), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["feasible"]
        timetables.append(out.read_text())
    assert timetables[0] == timetables[1]


def test_kernel_is_an_option_of_the_annealing_only(tiny_files, capsys):
    args = ["ctt", "solve", str(tiny_files / "tiny.ctt"), "--seconds", "1"]
    assert main([*args, "--algo", "ga", "--kernel", "python"]) == 2
    assert "--kernel applies to --algo sa and hybrid only, got --algo ga" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args, "--algo", "sa", "--kernel", "fortran"])
    assert "argument --kernel: invalid choice: 'fortran'" in capsys.readouterr().err
