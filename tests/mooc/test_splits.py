import numpy as np
import pytest

from edulab.mooc.splits import split_students


def test_parts_are_disjoint_cover_everyone_and_keep_the_fail_rate():
    labels = np.array([1] * 300 + [0] * 100)
    split = split_students(labels, random_state=3)
    together = np.concatenate([split.train, split.validation, split.test])
    assert sorted(together) == list(range(400))
    assert split.sizes() == {"train": 256, "validation": 64, "test": 80}
    for part in (split.train, split.validation, split.test):
        assert labels[part].mean() == pytest.approx(0.75, abs=0.01)


def test_shares_are_checked():
    with pytest.raises(ValueError, match="test_size"):
        split_students(np.zeros(10), test_size=1.0)
