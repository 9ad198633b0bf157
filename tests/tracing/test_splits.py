import pytest

from edulab.tracing.splits import split_students, train_validation_test


def test_no_student_is_in_two_splits(small_frame):
    split = train_validation_test(small_frame, random_state=3)
    users = [set(part["user_id"]) for part in (split.train, split.validation, split.test)]
    assert not (users[0] & users[1]) and not (users[0] & users[2]) and not (users[1] & users[2])
    assert sum(len(part) for part in (split.train, split.validation, split.test)) == len(small_frame)
    assert split.sizes() == {"train": 38, "validation": 10, "test": 12}


def test_the_split_is_reproducible_and_keeps_row_order(small_frame):
    a, _ = split_students(small_frame, random_state=5)
    b, _ = split_students(small_frame, random_state=5)
    assert a.index.equals(b.index) and a.index.is_monotonic_increasing


@pytest.mark.parametrize("size", [0.0, 1.0, 1.5])
def test_a_bad_test_size_is_refused(small_frame, size):
    with pytest.raises(ValueError, match="test_size"):
        split_students(small_frame, size)
