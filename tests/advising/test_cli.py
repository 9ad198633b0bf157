import json

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
