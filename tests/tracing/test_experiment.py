import pytest

from edulab.tracing.experiment import prepare_data, sample_students


def test_sample_students_draws_whole_students(small_frame):
    sample = sample_students(small_frame, 10, random_state=1)
    assert sample["user_id"].nunique() == 10
    assert len(sample) == small_frame["user_id"].isin(sample["user_id"].unique()).sum()
    assert sample_students(small_frame, None) is small_frame
    with pytest.raises(ValueError, match="at least 3 students"):
        sample_students(small_frame, 2)


def test_prepared_splits_share_the_skill_codes_and_keep_every_target(small_frame):
    data = prepare_data(small_frame, max_length=7, random_state=4)
    assert data.train.skill_index is data.validation.skill_index is data.test.skill_index
    assert data.skill_index.n_skills == small_frame["skill_name"].nunique()
    total = data.train.n_pairs + data.validation.n_pairs + data.test.n_pairs
    assert total == len(small_frame) - small_frame["user_id"].nunique()
    assert data.train.lengths.max() <= 7
    assert data.sizes()["n_test_targets"] == data.test.n_pairs
    assert data.rows("train", "validation")["user_id"].nunique() == len(data.split.train) + len(data.split.validation)
