"""What of Al-Sarem (2017), Tables 5 and 9-17, reproduces; each fact stated in paper.VERDICTS is checked here."""

import numpy as np
import pytest

from edulab.advising import paper
from edulab.advising.ahp import RANDOM_INDEX_TABLES, analyse
from edulab.advising.load import PAPER_RULE


@pytest.fixture(scope="module")
def report():
    return paper.reproduction_report()


def rows(report, table, text=""):
    chosen = report[(report["table"] == table) & report["quantity"].str.contains(text, regex=False)]
    assert not chosen.empty
    return chosen


def test_table_5_is_saatys_except_at_n_7():
    printed, saaty = RANDOM_INDEX_TABLES["al-sarem2017"], RANDOM_INDEX_TABLES["saaty1980"][:10]
    assert [n + 1 for n, (p, s) in enumerate(zip(printed, saaty)) if p != s] == [7]


def test_table_10_is_the_first_student_of_table_9_but_for_cs101():
    differs = paper.TABLE_9.loc["3151377"] != paper.TABLE_10
    assert differs[differs].index.tolist() == ["CS101"]
    assert paper.TABLE_9.loc["3151377", "CS101"] == 81 and paper.TABLE_10["CS101"] == 60


def test_table_12_has_four_exact_ones_on_course_and_follow_up():
    ones = [(a, b) for a in paper.CURRENT for b in paper.NEXT if paper.TABLE_12.loc[a, b] == 1.0]
    assert ones == [("ARAB101", "ARAB201"), ("MATH101", "MATH102"), ("CS101", "CS112"), ("ENGL103", "ENGL104")]


def test_table_13_reproduces_to_every_printed_digit(report):
    assert rows(report, "13")["reproduces"].all() and len(rows(report, "13")) == 8


def test_table_14_scores_do_not_reproduce_and_one_credit_total_is_wrong(report):
    scores = rows(report, "14", "score")
    assert not scores["reproduces"].any()
    assert scores.iloc[0]["computed"] == pytest.approx(0.4149, abs=1e-4)
    credits = rows(report, "14", "credits")
    assert credits["reproduces"].sum() == 5 and len(credits) == 6
    wrong = credits[~credits["reproduces"]].iloc[0]
    assert "MATH102, CS112, IS102" in wrong["quantity"] and (wrong["printed"], wrong["computed"]) == ("12", 11)


def test_table_14_ranking_contradicts_any_score_increasing_in_correlation():
    first, second = paper.TABLE_14[0], paper.TABLE_14[1]
    assert set(first.courses) ^ set(second.courses) == {"IS221", "CS112"}
    assert paper.TABLE_14_CREDITS["IS221"] == paper.TABLE_14_CREDITS["CS112"]
    averages = paper.TABLE_13.astype(float)
    assert averages["CS112"] > averages["IS221"] and paper.TABLE_11["CS112"] > paper.TABLE_11["IS221"]
    assert float(first.average) > float(second.average) and first.rank < second.rank


def test_table_14_recomputed_has_102_packages_of_12_to_17_credits():
    packages = paper.paper_packages()
    assert len(packages) == 102 and packages["credits"].between(12, 17).all()
    assert packages.iloc[0]["courses"] == ("ARAB201", "MATH102", "CS112", "CS202")


def test_table_15_reproduces_with_the_approximate_method(report):
    assert rows(report, "15")["reproduces"].all() and len(rows(report, "15")) == 5


def test_table_16_course_and_individual_factors_reproduce(report):
    for block in ("Course factors:", "Individual factors:"):
        assert rows(report, "16", block)["reproduces"].all()


def test_table_16_social_factors_priorities_reproduce_but_not_ci_and_cr_is_too_high(report):
    social = rows(report, "16", "Social factors:").set_index("quantity")
    assert social.filter(like="priority", axis=0)["reproduces"].all()
    assert not social.loc["Social factors: CI", "reproduces"]
    assert social.loc["Social factors: CI", "computed"] == pytest.approx(0.0686, abs=1e-4)
    assert social.loc["Social factors: CR", "computed"] >= 0.1
    assert "not below the 0.1 threshold" in social.loc["Social factors: CR", "note"]
    eigen = analyse(paper.TABLE_16[1].judgments, warn=False)
    assert f"{eigen.cr:.3f}" == "0.117"


def test_table_16_global_column_is_the_product_of_rounded_priorities_six_times_in_nine(report):
    matches = rows(report, "16", "global priority")["note"].str.endswith("(matches)")
    assert matches.sum() == 6 and len(matches) == 9
    friendship = rows(report, "16", "global priority of Friendship").iloc[0]
    assert friendship["printed"] == "0.00084" and "0.0084" in friendship["note"]


def test_table_17_overall_is_a_row_sum_but_not_an_ahp_synthesis(report):
    assert rows(report, "17")["reproduces"].all()
    overall = paper.TABLE_17["Overall"].astype(float)
    assert overall.sum() == pytest.approx(1.9434)
    assert float(paper.TABLE_17.loc["IB_4", "Social factors"]) > float(paper.TABLE_15.priorities[1])


def test_load_example():
    assert PAPER_RULE.max_credits(paper.LOAD_EXAMPLE["gpa"]) == paper.LOAD_EXAMPLE["max_credits"]


def test_the_papers_hierarchy_runs_with_illustrative_section_judgments():
    result = paper.paper_hierarchy().evaluate(warn=False)
    assert result.scores.sum() == pytest.approx(1.0)
    assert result.criteria.loc["Course factors", "global"] == pytest.approx(0.6689, abs=1e-4)
    assert result.consistency.query("not consistent").index.tolist() == ["Social factors"]
    with pytest.raises(ValueError, match="Friendship"):
        paper.paper_hierarchy({"Peer opinions": 2})


def test_every_table_has_a_verdict():
    assert set(paper.VERDICTS) == {"5", "9", "10", "11", "12", "13", "14", "15", "16", "17"}
    assert np.all([len(text) > 40 for text in paper.VERDICTS.values()])
