from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.advising import packages as packages_module
from edulab.advising.packages import TooManyCoursesError, enumerate_packages, subset_totals


def brute_force(credits: dict, scores: dict, low: int, high: int) -> dict:
    found = {}
    codes = list(credits)
    for size in range(1, len(codes) + 1):
        for combo in combinations(codes, size):
            total = sum(credits[c] for c in combo)
            if low <= total <= high:
                found[combo] = sum(credits[c] * scores[c] for c in combo) / total
    return found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 4), st.floats(-1, 1)), min_size=1, max_size=9),
    st.integers(1, 12),
    st.integers(0, 10),
)
def test_enumeration_equals_brute_force(courses, low, extra):
    credits = {f"C{k}": c for k, (c, _) in enumerate(courses)}
    scores = {f"C{k}": s for k, (_, s) in enumerate(courses)}
    high = low + extra
    table = enumerate_packages(credits, scores, max_credits=high, min_credits=low)
    expected = brute_force(credits, scores, low, high)
    assert len(table) == len(expected)
    for row in table.itertuples():
        assert row.score == pytest.approx(expected[row.courses])
        assert row.credits == sum(credits[c] for c in row.courses) and row.n_courses == len(row.courses)
    assert np.all(np.diff(table["score"].to_numpy()) <= 1e-12)
    assert table["rank"].tolist() == list(range(1, len(table) + 1))


def test_ties_put_the_larger_package_first():
    table = enumerate_packages({"A": 3, "B": 3}, {"A": 0.5, "B": 0.5}, max_credits=6)
    assert table["courses"].tolist()[0] == ("A", "B")


def test_subset_totals_index_subsets_by_bit_mask():
    totals = subset_totals(np.array([1, 10, 100]))
    assert totals.tolist() == [0, 1, 10, 11, 100, 101, 110, 111]


def test_too_many_courses_is_said_clearly():
    credits = {f"C{k}": 3 for k in range(21)}
    with pytest.raises(TooManyCoursesError, match=r"21 offered courses have 2\^21 = 2,097,152 subsets"):
        enumerate_packages(credits, dict.fromkeys(credits, 0.1), max_credits=17)
    assert len(enumerate_packages(credits, dict.fromkeys(credits, 0.1), max_credits=3, max_courses=21)) == 21


def test_missing_scores_and_bad_credits_are_named():
    with pytest.raises(ValueError, match=r"\['B'\]"):
        enumerate_packages({"A": 3, "B": 3}, {"A": 0.1, "B": np.nan}, max_credits=6)
    with pytest.raises(ValueError, match="positive integers"):
        enumerate_packages({"A": 0}, {"A": 0.1}, max_credits=6)
    with pytest.raises(ValueError, match="exceeds"):
        enumerate_packages({"A": 3}, {"A": 0.1}, max_credits=6, min_credits=7)


def test_popcount_fallback_counts_bits():
    masks = np.array([0, 1, 6, 255, 1023])
    assert packages_module._popcount(masks).tolist() == [0, 1, 2, 8, 10]


def test_nothing_fits_gives_an_empty_table():
    table = enumerate_packages(pd.Series({"A": 4}), pd.Series({"A": 0.3}), max_credits=3)
    assert table.empty and list(table.columns) == ["rank", "courses", "n_courses", "credits", "score"]
