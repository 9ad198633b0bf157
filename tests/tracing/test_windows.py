import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.tracing.sequences import MASK_VALUE, encode
from edulab.tracing.windows import sliding_windows


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=8), st.integers(1, 12), st.data())
def test_every_target_is_scored_exactly_once(make_sequences, lengths, length, data):
    stride = data.draw(st.integers(1, length))
    sequences = make_sequences(lengths)
    windows = sliding_windows(sequences, length, stride)
    scored = windows.pair[windows.scored]
    assert sorted(scored.tolist()) == list(range(sequences.n_pairs))
    valid = windows.pair >= 0
    assert not windows.scored[~valid].any()
    features = sequences.features[windows.pair[valid]]
    assert np.array_equal(windows.skill[valid], features // 2 + 1) and np.array_equal(
        windows.correct[valid], features % 2
    )
    assert np.array_equal(windows.next_skill[valid], sequences.skills[windows.pair[valid]])
    assert (windows.skill[~valid] == 0).all()
    expected = sum(1 + max(-(-(m - length) // stride), 0) for m in lengths)
    assert len(windows) == expected


def test_a_later_window_scores_only_its_new_steps(make_sequences):
    windows = sliding_windows(make_sequences([10]), length=6, stride=2)
    # starts 0, 2, 4: the first scores steps 0-5, the next ones their last 2 steps
    assert windows.pair[:, 0].tolist() == [0, 2, 4]
    assert windows.scored.sum(axis=1).tolist() == [6, 2, 2]
    assert windows.pair[2].tolist() == [4, 5, 6, 7, 8, 9]


def test_short_students_are_padded_not_dropped(tiny_frame):
    sequences = encode(tiny_frame)  # 2 and 3 pairs
    windows = sliding_windows(sequences, length=10, stride=5)
    assert len(windows) == 2 and windows.scored.sum() == 5
    inputs, targets = windows.batch(np.array([0, 1]))
    assert inputs["position"][1].tolist() == list(range(10))
    assert (targets[0, 2:] == MASK_VALUE).all() and targets[0, 0].tolist() == [1, 0, 1]


@pytest.mark.parametrize("length, stride", [(0, 1), (5, 0), (5, 6)])
def test_bad_window_settings_are_refused(make_sequences, length, stride):
    with pytest.raises(ValueError):
        sliding_windows(make_sequences([4]), length, stride)
