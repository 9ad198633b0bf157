import json

import pytest

from edulab.cli import main


def test_ahp_prints_priorities_and_consistency(capsys):
    assert main(["ahp", "--matrix", "1,9,3;1/9,1,1/5;1/3,5,1", "--method", "approx"]) == 0
    out = capsys.readouterr().out
    assert "CI = 0.014606" in out and "CR = 0.025182: consistent" in out


def test_ahp_json(capsys):
    main(["ahp", "--matrix", "1,3,1/3;1/3,1,1/3;3,3,1", "--names", "peer,friend,campus", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert set(data["priorities"]) == {"peer", "friend", "campus"} and data["consistent"] is False


def test_ahp_bad_matrix_is_a_clear_error(capsys):
    assert main(["ahp", "--matrix", "1,3;1/2,1"]) == 2
    assert "not reciprocal" in capsys.readouterr().err


def test_advise_prints_ranked_packages(capsys, synthetic):
    student = synthetic.students.query("cohort == '33' and terms == 1")["student"].iloc[0]
    assert main(["advise", "--student", student, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert f"Student {student}" in out and "Best packages (top 3 of" in out
    main(["advise", "--student", student, "--json", "--top", "2"])
    data = json.loads(capsys.readouterr().out)
    assert len(data["packages"]) == 2 and data["max_credits"] in (12, 17)


def test_advise_unknown_student(capsys):
    assert main(["advise", "--student", "nobody"]) == 2
    assert "no grade records for student 'nobody'" in capsys.readouterr().err


# --- bad options and inputs: one line, exit 2 (issue 16) ----------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ahp", "--matrix", "1,9;1/9,1", "--names", "a,a"], "argument --names: 'a' is given twice in 'a,a'"),
        (
            ["ahp", "--matrix", "1,9;1/9,1", "--names", "a,"],
            "argument --names: expected a comma-separated list without empty entries",
        ),
        (
            ["ahp", "--matrix", "1,9;1/9,1", "--threshold", "nan"],
            "argument --threshold: expected a finite number > 0, got 'nan'",
        ),
        (
            ["ahp", "--matrix", "1,9;1/9,1", "--threshold", "-0.1"],
            "argument --threshold: expected a finite number > 0, got '-0.1'",
        ),
        (
            ["advise", "--student", "s", "--top-k", "-2"],
            "argument --top-k: expected a positive integer (1, 2, 3, ...), got '-2'",
        ),
        (
            ["advise", "--student", "s", "--top", "-3"],
            "argument --top: expected a positive integer (1, 2, 3, ...), got '-3'",
        ),
        (["advise", "--student", "s", "--min-common", "0"], "argument --min-common: expected a positive integer"),
        (["advise", "--student", "s", "--offered", "A,A"], "argument --offered: 'A' is given twice"),
    ],
)
def test_bad_options_are_refused_naming_the_option(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_data_must_be_an_existing_folder(capsys, tmp_path):
    (tmp_path / "file").write_text("")
    for path, message in [
        (tmp_path / "nowhere", "no such folder"),
        (tmp_path / "file", "is a file; expected a folder"),
    ]:
        with pytest.raises(SystemExit):
            main(["advise", "--student", "s", "--data", str(path)])
        assert f"argument --data: {path}: {message}" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ahp", "--matrix", "1,1e400;1e-400,1"], "row 1, column 2: '1e400' is too large for a number"),
        (["ahp", "--matrix", "0,0;0,0"], "cell (1, 1) = 0.0: judgments must be positive numbers"),
        (["ahp", "--matrix", "1,9;1/9,1", "--names", "a,b,c"], "3 names for a 2 x 2 matrix"),
        (["advise", "--student", "s", "--max-courses", "40"], "max_courses must be an integer from 1 to 24"),
    ],
)
def test_bad_input_reaching_the_library_is_one_line(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("edulab: error: ") and message in err and err.count("\n") == 1


def test_a_bad_grades_file_is_named_with_line_and_column(capsys, tmp_path, repository):
    for name in ("courses.csv", "grades.csv"):
        (tmp_path / name).write_bytes((repository / "datasets" / "advising" / name).read_bytes())
    with open(tmp_path / "grades.csv", "a") as grades:
        grades.write("3100168,MATH101,1,eighty,1\n")
    lines = (tmp_path / "grades.csv").read_text().count("\n")
    assert main(["advise", "--student", "3100168", "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"edulab: error: {tmp_path / 'grades.csv'}, line {lines}, column grade: 'eighty'; expected a number from 0 to 100\n"
    )


def test_an_unknown_random_index_table_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["ahp", "--matrix", "1,9;1/9,1", "--ri-table", "saaty"])
    assert "argument --ri-table: invalid choice: 'saaty'" in capsys.readouterr().err
