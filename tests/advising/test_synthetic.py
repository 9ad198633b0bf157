import filecmp

import numpy as np
import pytest

from edulab import datasets
from edulab.advising.grading import gpa
from edulab.advising.synthetic import FILES, build_synthetic, generate, plan_curriculum


def test_regenerating_gives_the_same_bytes(tmp_path, repository):
    build_synthetic(tmp_path)
    for name in FILES:
        assert filecmp.cmp(tmp_path / name, repository / "datasets" / "advising" / name, shallow=False), name


def test_the_registry_serves_the_shipped_folder():
    entry = datasets.info("advising-synthetic")
    assert entry.kind == "shipped" and tuple(entry.files) == FILES
    data = datasets.load("advising-synthetic")
    assert len(data.curriculum) == 42 and len(data.students) == 500


def test_the_plan_has_the_papers_shape():
    plan = plan_curriculum()
    counts = plan.credits.value_counts().to_dict()
    assert counts == {1: 1, 2: 5, 3: 23, 4: 13}  # 2 %, 12 %, 55 %, 31 % of 42
    assert sorted(plan.terms.unique()) == list(range(1, 9))
    assert plan.credits[["ARAB201", "MATH102", "CS112", "CS202", "ENGL104", "IS102", "IS221", "IS201"]].tolist() == [
        3,
        4,
        4,
        4,
        3,
        3,
        4,
        3,
    ]


def test_grades_and_gpas_are_calibrated_on_table_8(synthetic):
    records = synthetic.records
    assert records["grade"].min() >= 38 and records["grade"].max() == 100
    gpas = gpa(records, synthetic.curriculum.credits)
    assert gpas.mean() == pytest.approx(3.94, abs=0.1) and gpas.std() == pytest.approx(0.55, abs=0.1)
    shares = synthetic.students["cohort"].value_counts(normalize=True)
    assert shares["31"] == pytest.approx(0.084, abs=0.01) and shares["33"] == pytest.approx(0.486, abs=0.01)


def test_every_record_respects_prerequisites_and_retakes_follow_failures(synthetic):
    records = synthetic.records.sort_values(["student", "term"])
    first_pass = records[records["grade"] >= 60].groupby(["student", "course"])["term"].min()
    for before, after in synthetic.curriculum.edges():
        taken = records[records["course"] == after].set_index("student")["term"].groupby(level=0).min()
        passed_before = first_pass.xs(before, level="course").reindex(taken.index)
        assert (passed_before < taken).all(), (before, after)
    retakes = records[records["attempt"] > 1]
    assert len(retakes) > 0
    previous = records.set_index(["student", "course", "attempt"])["grade"]
    assert (previous.reindex(list(zip(retakes["student"], retakes["course"], retakes["attempt"] - 1))) < 60).all()


def test_grades_depend_on_ability(synthetic):
    means = synthetic.records.groupby("student")["grade"].mean()
    ability = synthetic.students.set_index("student")["true_ability"].reindex(means.index)
    assert np.corrcoef(means, ability)[0, 1] > 0.8


def test_generate_is_seeded():
    a = generate(60, random_state=1)[2]
    b = generate(60, random_state=1)[2]
    c = generate(60, random_state=2)[2]
    assert a.equals(b) and not a.equals(c)
    with pytest.raises(ValueError, match="at least 3"):
        generate(2)
