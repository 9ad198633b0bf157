import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from edulab.advising.correlation import average_correlation, correlation_from_table, course_correlation


def test_pearson_over_the_students_who_took_both():
    table = pd.DataFrame(
        {
            "A": [60, 70, 80, 90, np.nan, 50],
            "B": [65, 72, 79, 95, 40, np.nan],
            "C": [np.nan, np.nan, 70, 80, 90, np.nan],
        }
    )
    result = correlation_from_table(table, min_common=3)
    both = table[["A", "B"]].dropna()
    assert result.r.loc["A", "B"] == pytest.approx(np.corrcoef(both["A"], both["B"])[0, 1])
    assert result.n_common.loc["A", "B"] == 4
    assert result.n_common.loc["A", "C"] == 2 and np.isnan(result.r.loc["A", "C"])  # too few: missing, not 0


def test_a_constant_course_has_no_correlation():
    table = pd.DataFrame({"A": [70, 70, 70, 70], "B": [60, 70, 80, 90]})
    assert np.isnan(correlation_from_table(table, min_common=2).r.loc["A", "B"])


def test_pairs_flag_missing_coefficients():
    table = pd.DataFrame({"A": [1, 2, 3, np.nan], "B": [1, 3, 2, 4], "C": [np.nan, np.nan, 1, 2]})
    pairs = correlation_from_table(table, min_common=3).pairs()
    assert pairs.set_index(["course_a", "course_b"]).loc[("A", "C"), "missing"]
    assert len(pairs) == 3


def test_min_common_below_two_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        correlation_from_table(pd.DataFrame({"A": [1.0, 2.0]}), min_common=1)


@settings(max_examples=40, deadline=None)
@given(arrays(float, (12, 4), elements=st.one_of(st.just(np.nan), st.integers(38, 100).map(float))), st.integers(2, 6))
def test_every_coefficient_matches_a_direct_computation(values, min_common):
    result = correlation_from_table(pd.DataFrame(values, columns=list("ABCD")), min_common=min_common)
    for a, b in zip(*np.triu_indices(4, k=1)):
        both = values[~np.isnan(values[:, a]) & ~np.isnan(values[:, b])][:, [a, b]]
        expected = np.nan
        if len(both) >= min_common and np.ptp(both[:, 0]) > 0 and np.ptp(both[:, 1]) > 0:
            expected = np.corrcoef(both[:, 0], both[:, 1])[0, 1]
        got = result.r.iloc[a, b]
        assert (np.isnan(expected) and np.isnan(got)) or got == pytest.approx(expected, abs=1e-9)


def test_prerequisite_pairs_correlate_more_in_the_synthetic_data(synthetic):
    result = course_correlation(synthetic.records)
    pairs = result.pairs().dropna(subset=["r"])
    linked = {frozenset(edge) for edge in synthetic.curriculum.edges()}
    is_linked = [frozenset((a, b)) in linked for a, b in zip(pairs["course_a"], pairs["course_b"])]
    assert pairs.loc[is_linked, "r"].mean() > pairs.loc[np.logical_not(is_linked), "r"].mean() + 0.05


def test_average_correlation_skips_missing_pairs():
    r = pd.DataFrame({"X": [0.2, np.nan, 0.6], "Y": [np.nan, np.nan, np.nan]}, index=["A", "B", "C"])
    table = average_correlation(r, ["A", "B", "C"], ["X", "Y"])
    assert table.loc["X", "average"] == pytest.approx(0.4) and table.loc["X", "pairs"] == 2
    assert np.isnan(table.loc["Y", "average"]) and table.loc["Y", "pairs"] == 0
    with pytest.raises(ValueError, match="Z"):
        average_correlation(r, ["A"], ["Z"])
