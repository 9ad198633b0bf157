import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.advising.ahp import (
    RANDOM_INDEX_TABLES,
    SAATY_VALUES,
    InconsistentJudgmentsWarning,
    JudgmentError,
    analyse,
    parse_matrix,
    priority_vector,
    random_index,
    reciprocal_matrix,
    simulate_random_index,
    validate_matrix,
)

TABLE_15 = "1,9,3;1/9,1,1/5;1/3,5,1"


def test_parse_reads_fractions_and_decimals():
    a = parse_matrix("1, 2, 0.25; 1/2, 1, 1/8; 4, 8, 1")
    np.testing.assert_allclose(a, [[1, 2, 0.25], [0.5, 1, 0.125], [4, 8, 1]])


@pytest.mark.parametrize(
    "text, message",
    [
        ("1,x;1,1", r"row 1, column 2: 'x'"),
        ("1,1/0;1,1", r"row 1, column 2: '1/0'"),
        ("1,2,3;1/2,1", "row 1 has 3 entries but there are 2 rows"),
        ("1,3;1/2,1", r"cell \(1, 2\) = 3 and cell \(2, 1\) = 0.5 are not reciprocal"),
        ("2,1;1,1", r"cell \(1, 1\) = 2.0: an item compared with itself is 1"),
        ("1,-3;-1/3,1", r"cell \(1, 2\) = -3.0: judgments must be positive"),
        ("1,12;1/12,1", r"cell \(1, 2\) = 12: outside the scale"),
        ("", "empty matrix"),
    ],
)
def test_bad_matrices_name_the_offending_cell(text, message):
    with pytest.raises(JudgmentError, match=message):
        parse_matrix(text)


def test_names_appear_in_cell_errors_and_the_scale_can_be_lifted():
    with pytest.raises(JudgmentError, match=r"\[cost vs time\]"):
        validate_matrix([[1, 12], [1 / 12, 1]], names=["cost", "time"])
    assert validate_matrix([[1, 12], [1 / 12, 1]], scale=None)[0, 1] == 12


saaty = st.sampled_from(SAATY_VALUES)


@st.composite
def comparison_matrices(draw, low=2, high=7):
    n = draw(st.integers(low, high))
    upper = draw(st.lists(saaty, min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))
    return reciprocal_matrix(upper)


@given(comparison_matrices())
def test_parse_reads_back_what_it_prints(a):
    from fractions import Fraction

    text = ";".join(",".join(str(Fraction(v).limit_denominator(9)) for v in row) for row in a)
    np.testing.assert_allclose(parse_matrix(text), a)


@given(comparison_matrices())
def test_reciprocal_matrix_fills_the_lower_triangle(a):
    n = len(a)
    assert np.allclose(np.diag(a), 1) and np.allclose(a * a.T, 1)
    i, j = np.triu_indices(n, k=1)
    np.testing.assert_allclose(reciprocal_matrix({(p, q): a[p, q] for p, q in zip(i, j)}, n=n), a)


def test_reciprocal_matrix_errors():
    with pytest.raises(JudgmentError, match="4 judgments"):
        reciprocal_matrix([1, 2, 3, 4])
    with pytest.raises(JudgmentError, match=r"\(0, 2\)"):
        reciprocal_matrix({(0, 1): 3, (1, 2): 2}, n=3)
    np.testing.assert_allclose(reciprocal_matrix(["9", "3", "1/5"]), parse_matrix(TABLE_15))


@settings(deadline=None)
@given(st.lists(st.floats(0.2, 5), min_size=2, max_size=8), st.sampled_from(["eigen", "approx"]))
def test_a_consistent_matrix_gives_back_its_weights_with_zero_cr(raw, method):
    w = np.asarray(raw) / np.sum(raw)
    a = np.outer(w, 1 / w)
    result = analyse(a, method=method, scale=None, ri_table="saaty1980")
    np.testing.assert_allclose(result.priorities, w, atol=1e-9)
    assert result.lambda_max == pytest.approx(len(w)) and abs(result.cr) < 1e-9 and result.consistent


@given(comparison_matrices(3, 7))
def test_eigenvector_priorities_are_a_fixed_point(a):
    result = analyse(a, warn=False)
    w = result.priorities.to_numpy()
    np.testing.assert_allclose(a @ w, result.lambda_max * w, rtol=1e-8)
    assert result.lambda_max >= len(a) - 1e-9 and np.all(w > 0) and w.sum() == pytest.approx(1)


def test_table_15_with_the_approximate_method_matches_the_paper():
    result = analyse(TABLE_15, method="approx")
    assert f"{result.ci:.6f}" == "0.014606" and f"{result.cr:.6f}" == "0.025182"
    assert [f"{p:.2f}" for p in result.priorities] == ["0.67", "0.06", "0.27"]


def test_table_15_with_the_eigenvector_does_not_match_the_printed_ci():
    result = analyse(TABLE_15, method="eigen")
    assert f"{result.ci:.6f}" == "0.014532" and result.ci != pytest.approx(0.014606, abs=1e-6)


def test_inconsistent_judgments_are_flagged_and_warned():
    with pytest.warns(InconsistentJudgmentsWarning, match=r"social: CR = 0.118 >= 0.1.*Peer vs Campus"):
        result = analyse("1,3,1/3;1/3,1,1/3;3,3,1", names=["Peer", "Friend", "Campus"], method="approx", label="social")
    assert not result.consistent
    worst = result.judgment_errors().iloc[0]
    assert (worst["row"], worst["column"]) == ("Peer", "Campus")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not analyse("1,3,1/3;1/3,1,1/3;3,3,1", warn=False).consistent


def test_revising_the_worst_judgment_towards_its_suggestion_lowers_cr():
    result = analyse("1,3,1/3;1/3,1,1/3;3,3,1", warn=False)
    worst = result.judgment_errors().iloc[0]
    i, j = int(worst["row"]) - 1, int(worst["column"]) - 1
    a = result.matrix.copy()
    a[i, j] = worst["suggested"]
    a[j, i] = 1 / worst["suggested"]
    assert analyse(a, warn=False).cr < result.cr


def test_small_matrices_are_always_consistent():
    assert analyse([[1.0]]).cr == 0 and analyse([[1, 7], [1 / 7, 1]]).cr == 0


def test_random_index_tables():
    assert random_index(3) == 0.58 and random_index(7) == 1.34
    assert random_index(7, "saaty1980") == 1.32 and random_index(15, "saaty1980") == 1.59
    with pytest.raises(ValueError, match="n = 1 to 10, not n = 12.*saaty1980"):
        random_index(12)
    with pytest.raises(ValueError, match="unknown random-index table"):
        random_index(3, "nobody")


@pytest.mark.parametrize("n", [3, 5, 8])
def test_simulated_random_index_agrees_with_alonso_and_lamata(n):
    estimate = simulate_random_index(n, trials=4000, rng=np.random.default_rng(n))
    assert estimate == pytest.approx(RANDOM_INDEX_TABLES["alonso-lamata2006"][n - 1], abs=0.03)


def test_report_and_dict():
    result = analyse(TABLE_15, names=["course", "social", "individual"], method="approx")
    assert "CR = 0.025182: consistent" in result.report()
    assert result.to_dict()["priorities"]["course"] == pytest.approx(0.66886, abs=1e-5)
    bad = analyse("1,3,1/3;1/3,1,1/3;3,3,1", warn=False)
    assert "INCONSISTENT" in bad.report() and "Revise first" in bad.report()


# --- the priority functions refuse matrices that are not comparison matrices (issue 16) -----------
@pytest.mark.parametrize("method", ["eigen", "approx"])
@pytest.mark.parametrize(
    "matrix, message",
    [
        ([[1, 3], [1 / 2, 1]], r"cell \(1, 2\) = 3 and cell \(2, 1\) = 0.5 are not reciprocal"),
        (np.zeros((3, 3)), r"cell \(1, 1\) = 0.0: judgments must be positive numbers"),
        ([[1, -2], [-0.5, 1]], r"cell \(1, 2\) = -2.0: judgments must be positive numbers"),
        ([[1, np.nan], [1, 1]], r"cell \(1, 2\) = nan: judgments must be positive numbers"),
        ([[1, 1], [np.inf, 1]], r"cell \(2, 1\) = inf: judgments must be positive numbers"),
        (np.ones((2, 3)), r"square and non-empty, got shape \(2, 3\)"),
        ([[1, 2], [0.5]], "rows of .* entries; a comparison matrix is square"),
        ([[1, "x"], [1, 1]], r"cell \(1, 2\): 'x' is not a number"),
        ([[1, 10**400], [1, 1]], r"cell \(1, 2\): '1000.*' is too large for a number"),
        ([[2, 1], [1, 1]], r"cell \(1, 1\) = 2.0: an item compared with itself is 1"),
    ],
    ids=["non-reciprocal", "all-zero", "negative", "nan", "inf", "non-square", "ragged", "text", "huge", "diagonal"],
)
def test_priority_vector_names_what_is_wrong(matrix, message, method):
    with pytest.raises(JudgmentError, match=message):
        priority_vector(matrix, method)


def test_priority_vector_allows_any_positive_reciprocal_matrix():
    w, lam = priority_vector([[1, 12], [1 / 12, 1]], "approx")
    np.testing.assert_allclose(w, [12 / 13, 1 / 13])
    assert lam == pytest.approx(2)


@pytest.mark.parametrize("text", ["1,1e400;1e-400,1", "1," + "9" * 400 + ";1/" + "9" * 400 + ",1"])
def test_a_huge_entry_is_a_judgment_error_not_an_overflow(text):
    with pytest.raises(JudgmentError, match="row 1, column 2: .* is too large for a number"):
        analyse(text)


def test_a_huge_judgment_in_reciprocal_matrix_is_named():
    with pytest.raises(JudgmentError, match=r"cell \(1, 2\): .* is too large"):
        reciprocal_matrix([10**400])


def test_judgments_too_far_apart_for_floats_are_refused():
    with pytest.raises(JudgmentError, match="span too wide a range"):
        priority_vector([[1, 1e300, 1e300], [1e-300, 1, 1e300], [1e-300, 1e-300, 1]], "eigen")


def test_duplicate_names_are_refused():
    with pytest.raises(JudgmentError, match="item name 'a' is given twice"):
        analyse(TABLE_15, names=["a", "b", "a"])


@pytest.mark.parametrize("threshold", [float("nan"), -0.1, 0, float("inf"), "0.1"])
def test_the_threshold_is_a_finite_positive_number(threshold):
    with pytest.raises(ValueError, match="threshold must be a finite positive number"):
        analyse(TABLE_15, threshold=threshold)
