import numpy as np
import pandas as pd
import pytest

from edulab.recurrent.splits import hold_out, split_students


@pytest.fixture(scope="module")
def small_frame():
    """60 students with one to five answers each, in a table sorted by student."""
    rng = np.random.default_rng(0)
    users = np.repeat(np.arange(100, 160), rng.integers(1, 6, 60))
    return pd.DataFrame({"user_id": users, "correct": rng.integers(0, 2, len(users))})


def test_no_student_is_in_two_splits(small_frame):
    split = split_students(np.unique(small_frame["user_id"]), random_state=3)
    parts = [split.rows(small_frame, part) for part in ("train", "validation", "test")]
    users = [set(part["user_id"]) for part in parts]
    assert not (users[0] & users[1]) and not (users[0] & users[2]) and not (users[1] & users[2])
    assert sum(len(part) for part in parts) == len(small_frame)
    assert split.sizes() == {"train": 38, "validation": 10, "test": 12}


def test_the_split_is_reproducible_and_keeps_row_order(small_frame):
    students = np.unique(small_frame["user_id"])
    a = split_students(students, random_state=5).rows(small_frame, "train")
    b = split_students(students, random_state=5).rows(small_frame, "train")
    assert a.index.equals(b.index) and a.index.is_monotonic_increasing


def test_the_tracing_split_is_the_grouped_shuffle_of_the_seed_lecture(small_frame):
    """Holding out positions of the sorted students is scikit-learn's GroupShuffleSplit on user_id."""
    from sklearn.model_selection import GroupShuffleSplit

    students = np.unique(small_frame["user_id"])
    kept, held = hold_out(len(students), 0.2, random_state=4)
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=4)
    _, test = next(splitter.split(small_frame, groups=small_frame["user_id"]))
    assert set(small_frame["user_id"].iloc[test]) == set(students[held])


@pytest.mark.parametrize("size", [0.0, 1.0, 1.5])
def test_a_bad_test_size_is_refused(small_frame, size):
    with pytest.raises(ValueError, match="test_size"):
        split_students(np.unique(small_frame["user_id"]), test_size=size)


def test_repeated_students_and_unknown_parts_are_refused():
    with pytest.raises(ValueError, match="distinct ids"):
        split_students(np.array([1, 2, 2, 3]))
    with pytest.raises(ValueError, match="part='dev'"):
        split_students(np.arange(10)).ids("dev")


def test_parts_are_disjoint_cover_everyone_and_keep_the_fail_rate():
    labels = np.array([1] * 300 + [0] * 100)
    split = split_students(np.arange(len(labels)), labels=labels, random_state=3)
    together = np.concatenate([split.train, split.validation, split.test])
    assert sorted(together) == list(range(400))
    assert split.sizes() == {"train": 256, "validation": 64, "test": 80}
    for part in (split.train, split.validation, split.test):
        assert labels[part].mean() == pytest.approx(0.75, abs=0.01)


def test_shares_are_checked():
    with pytest.raises(ValueError, match="test_size"):
        split_students(np.arange(10), labels=np.zeros(10), test_size=1.0)


def test_too_few_students_of_a_label_to_stratify_is_a_clear_error():
    from edulab.errors import InputError

    with pytest.raises(
        InputError, match=r"5 students with labels \{0: 1, 1: 4\}: too few to hold out 0.2 of them stratified"
    ):
        split_students(np.arange(5), labels=np.array([0, 1, 1, 1, 1]))
