import pytest

from edulab.advising.load import PAPER_RULE, LoadRule


def test_the_papers_example_gpa_321_allows_17_credits():
    assert PAPER_RULE.max_credits(3.21) == 17


@pytest.mark.parametrize("gpa, expected", [(0.0, 12), (2.79, 12), (2.8, 17), (5.0, 17)])
def test_the_threshold_splits_minimum_and_maximum_load(gpa, expected):
    assert PAPER_RULE.max_credits(gpa) == expected


def test_graduating_students_get_the_extension_whatever_their_gpa():
    assert PAPER_RULE.max_credits(2.0, graduating=True) == 21
    assert PAPER_RULE.is_graduating(21) and not PAPER_RULE.is_graduating(22) and not PAPER_RULE.is_graduating(0)


def test_thresholds_are_parameters():
    rule = LoadRule(threshold=3.5, minimum_load=9, maximum_load=15, graduating_load=18)
    assert rule.max_credits(3.4) == 9 and rule.max_credits(3.5) == 15 and rule.max_credits(1, graduating=True) == 18


@pytest.mark.parametrize("kwargs", [{"threshold": 6}, {"minimum_load": 18}, {"maximum_load": 25}])
def test_inconsistent_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        LoadRule(**kwargs)


def test_a_gpa_off_the_scale_is_refused():
    with pytest.raises(ValueError, match="5.5"):
        PAPER_RULE.max_credits(5.5)
