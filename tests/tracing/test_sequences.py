import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.tracing.interactions import SkillIndex
from edulab.tracing.sequences import (
    MASK_VALUE,
    bucket_batches,
    encode,
    pad_batch,
    padding_fraction,
    random_batches,
    shift,
)


def naive_pairs(frame):
    """The seed lecture's construction, one student at a time (the reference)."""
    index = SkillIndex.from_frame(frame)
    out = []
    for user, rows in frame.groupby("user_id", sort=True):
        rows = rows.sort_values("order_id", kind="stable")
        if len(rows) < 2:
            continue
        codes = index.codes(rows["skill_name"])
        correct = rows["correct"].to_numpy()
        out.append((user, codes[:-1] * 2 + correct[:-1], codes[1:], correct[1:], rows.index.to_numpy()[1:]))
    return out


def test_shift_one_student():
    features, skills, correct = shift(np.array([2, 0, 0, 1]), np.array([1, 0, 1, 1]))
    assert features.tolist() == [5, 0, 1] and skills.tolist() == [0, 0, 1] and correct.tolist() == [0, 1, 1]
    with pytest.raises(ValueError, match="equally long"):
        shift(np.array([1, 2]), np.array([1]))


def test_encode_matches_the_per_student_construction(small_frame):
    sequences = encode(small_frame)
    expected = naive_pairs(small_frame)
    assert len(sequences) == len(expected)
    for i, (user, features, skills, correct, rows) in enumerate(expected):
        part = slice(sequences.offsets[i], sequences.offsets[i + 1])
        assert sequences.user_ids[i] == user
        assert sequences.features[part].tolist() == features.tolist()
        assert sequences.skills[part].tolist() == skills.tolist()
        assert sequences.correct[part].tolist() == correct.tolist()
        assert sequences.rows[part].tolist() == rows.tolist()


frames = st.lists(
    st.tuples(st.integers(1, 6), st.integers(0, 50), st.sampled_from("abcd"), st.integers(0, 1)),
    min_size=1,
    max_size=60,
).map(
    lambda rows: (
        pd.DataFrame(rows, columns=["user_id", "order_id", "skill_name", "correct"])
        .drop_duplicates(["user_id", "order_id"])
        .sort_values(["user_id", "order_id"], ignore_index=True)
    )
)


@settings(max_examples=60, deadline=None)
@given(frames, st.one_of(st.none(), st.integers(1, 7)))
def test_encode_property_every_pair_once_and_chunks_concatenate(frame, max_length):
    whole = encode(frame)
    expected = naive_pairs(frame)
    assert whole.n_pairs == sum(len(e[1]) for e in expected) == len(frame) - frame["user_id"].nunique()
    chunked = encode(frame, max_length=max_length)
    assert chunked.n_pairs == whole.n_pairs
    assert np.array_equal(chunked.features, whole.features) and np.array_equal(chunked.rows, whole.rows)
    if max_length is not None and len(chunked):
        assert chunked.lengths.max() <= max_length
    for user in np.unique(whole.user_ids):
        mine = chunked.of_users([user])
        assert np.array_equal(mine.skills, whole.of_users([user]).skills)


def test_an_unsorted_frame_is_sorted_first(tiny_frame):
    shuffled = tiny_frame.sample(frac=1.0, random_state=1)
    a, b = encode(tiny_frame), encode(shuffled)
    assert np.array_equal(a.features, b.features) and np.array_equal(a.skills, b.skills)
    assert np.array_equal(a.offsets, [0, 2, 5])  # student 2 has a single answer: nothing to predict
    # rows name the shuffled table's own rows, so predictions join back to the right answers
    assert np.array_equal(b.rows, a.rows)  # the same labels: sample() keeps them
    renumbered = shuffled.reset_index(drop=True)
    c = encode(renumbered)
    assert np.array_equal(renumbered.loc[c.rows, "order_id"], tiny_frame.loc[a.rows, "order_id"])


def test_max_length_must_be_positive(tiny_frame):
    with pytest.raises(ValueError, match="max_length must be a positive integer"):
        encode(tiny_frame, max_length=0)


def test_subset_keeps_the_chosen_sequences(small_frame):
    sequences = encode(small_frame)
    part = sequences.subset(np.array([3, 0]))
    assert part.user_ids.tolist() == [sequences.user_ids[3], sequences.user_ids[0]]
    assert np.array_equal(
        part.features[: part.lengths[0]], sequences.features[sequences.offsets[3] : sequences.offsets[4]]
    )


def test_bucketing_covers_every_sequence_once_and_pads_less_than_random_batches(small_frame):
    lengths = encode(small_frame).lengths
    rng = np.random.default_rng(0)
    bucketed = bucket_batches(lengths, 8, rng)
    assert sorted(np.concatenate(bucketed).tolist()) == list(range(len(lengths)))
    assert all(len(b) <= 8 for b in bucketed)
    shuffled = random_batches(len(lengths), 8, rng)
    assert padding_fraction(lengths, bucketed) < padding_fraction(lengths, shuffled)
    deterministic = bucket_batches(lengths, 8)
    assert np.array_equal(np.concatenate(deterministic), np.argsort(lengths, kind="stable"))


def test_pad_batch_one_hot_targets_and_mask(tiny_frame):
    sequences = encode(tiny_frame)  # skills a=0, b=1; student 1: b0 a1 a1; student 3: a1 b0 b1 a1
    inputs, targets = pad_batch(sequences, np.array([0, 1]))
    assert inputs.shape == (2, 3, 4) and targets.shape == (2, 3, 3)
    # student 1, step 0: answer "b wrong" (feature 1*2+0 = 2) -> next is "a right"
    assert inputs[0, 0].tolist() == [0, 0, 1, 0] and targets[0, 0].tolist() == [1, 0, 1]
    # student 1 has two pairs: the third step is padding, every entry the mask value
    assert (inputs[0, 2] == MASK_VALUE).all() and (targets[0, 2] == MASK_VALUE).all()
    # student 3, step 1: "b wrong" -> next "b right"
    assert inputs[1, 1].tolist() == [0, 0, 1, 0] and targets[1, 1].tolist() == [0, 1, 1]
    real = targets[..., -1] != MASK_VALUE
    assert (inputs[real].sum(axis=-1) == 1).all() and (targets[real][:, :-1].sum(axis=-1) == 1).all()
