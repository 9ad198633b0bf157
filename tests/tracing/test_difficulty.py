import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from edulab.recurrent import MASK_VALUE
from edulab.tracing.baselines import next_step_targets
from edulab.tracing.difficulty import DifficultyDKT, ProblemFeed, ProblemIndex, encode_problems
from edulab.tracing.interactions import SchemaError, SkillIndex
from edulab.tracing.sequences import encode


@pytest.fixture(scope="module")
def rasch_frame():
    """120 students, 2 skills, 3 problems each with a known difficulty (the ``hard`` ones +2.5).

    A right answer has probability sigmoid(ability - difficulty); each student answers 25 problems
    drawn at random, so every problem is answered about 500 times.
    """
    rng = np.random.default_rng(11)
    problems = pd.DataFrame(
        {
            "problem_id": ["easy a", "mid a", "hard a", "easy b", "mid b", "hard b"],
            "skill_name": ["a", "a", "a", "b", "b", "b"],
            "difficulty": [-2.5, 0.0, 2.5, -2.5, 0.0, 2.5],
        }
    )
    n_students, length = 120, 25
    ability = rng.normal(0.0, 1.0, n_students)
    chosen = problems.iloc[rng.integers(0, len(problems), n_students * length)].reset_index(drop=True)
    users = np.repeat(np.arange(1, n_students + 1), length)
    p = 1 / (1 + np.exp(-(ability[users - 1] - chosen["difficulty"].to_numpy())))
    return pd.DataFrame(
        {
            "user_id": users,
            "order_id": np.tile(np.arange(length), n_students),
            "skill_name": chosen["skill_name"],
            "correct": (rng.random(len(p)) < p).astype(int),
            "problem_id": chosen["problem_id"],
        }
    )


@pytest.fixture(scope="module")
def fitted(rasch_frame):
    model = DifficultyDKT(units=4, epochs=4, learning_rate=0.05, max_length=None, random_state=3, progress=False)
    return model.fit(rasch_frame)


@pytest.fixture
def tiny_problems(tiny_frame):
    return tiny_frame.assign(problem_id=[10, 11, 12, 10, 11, 13, 10, 12])


def test_the_constructor_only_stores_and_get_params_knows_the_new_parameter():
    model = DifficultyDKT(units=3, difficulty_l2=0.01, random_state=5)
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy.get_params()["difficulty_l2"] == 0.01
    assert repr(model) == "DifficultyDKT(units=3, random_state=5, difficulty_l2=0.01)"
    with pytest.raises(ValueError, match="width=2: DifficultyDKT has no such parameter"):
        model.set_params(width=2)
    with pytest.raises(RuntimeError, match="this DifficultyDKT is not fitted"):
        copy.predict_proba(None)


def test_encode_problems_gives_the_pairs_of_encode_with_each_inputs_and_targets_problem(tiny_problems):
    skills = SkillIndex.from_frame(tiny_problems)
    index = ProblemIndex.from_frame(tiny_problems[tiny_problems["problem_id"] != 13])  # 13 unseen
    sequences = encode_problems(tiny_problems, skills, index)
    plain = encode(tiny_problems, skills)
    for name in ("features", "skills", "correct", "rows", "offsets", "user_ids"):
        np.testing.assert_array_equal(getattr(sequences, name), getattr(plain, name))
    # codes: 10 -> 1, 11 -> 2, 12 -> 3, unseen 13 -> 0
    np.testing.assert_array_equal(sequences.answered, [1, 2, 2, 0, 1])  # problems of rows 0, 1, 4, 5, 6
    np.testing.assert_array_equal(sequences.problems, [2, 3, 0, 1, 3])  # problems of rows 1, 2, 5, 6, 7
    chunked = encode_problems(tiny_problems, skills, index, max_length=2).subset(np.array([2, 1]))
    np.testing.assert_array_equal(chunked.problems, [3, 0, 1])  # student 3's last chunk, then the first
    np.testing.assert_array_equal(chunked.answered, [1, 2, 0])


def test_an_unsorted_table_is_read_in_time_order_and_rows_keep_their_labels(tiny_problems):
    shuffled = tiny_problems.sample(frac=1.0, random_state=4)
    skills, index = SkillIndex.from_frame(tiny_problems), ProblemIndex.from_frame(tiny_problems)
    sequences = encode_problems(shuffled, skills, index)
    expected = encode_problems(tiny_problems, skills, index)
    np.testing.assert_array_equal(sequences.rows, expected.rows)  # labels of the original rows
    np.testing.assert_array_equal(sequences.problems, expected.problems)
    np.testing.assert_array_equal(sequences.answered, expected.answered)


def test_the_feed_pads_problems_with_code_0_beside_dkts_one_hot(tiny_problems):
    skills, index = SkillIndex.from_frame(tiny_problems), ProblemIndex.from_frame(tiny_problems)
    sequences = encode_problems(tiny_problems, skills, index)
    inputs, targets = ProblemFeed(sequences, batch_size=2)[0]
    assert inputs["interactions"].shape == (2, 3, 4) and targets.shape == (2, 3, 3)
    assert inputs["problem"].shape == inputs["next_problem"].shape == (2, 3)
    # the shorter sequence (student 1, 2 pairs) is padded at its last step
    assert (inputs["interactions"][0, 2] == MASK_VALUE).all() and (targets[0, 2] == MASK_VALUE).all()
    assert inputs["problem"][0].tolist() == [1, 2, 0] and inputs["next_problem"][0].tolist() == [2, 3, 0]
    assert inputs["problem"][1].tolist() == [2, 4, 1] and inputs["next_problem"][1].tolist() == [4, 1, 3]


def test_predictions_have_one_probability_per_row_and_nan_for_first_answers(fitted, rasch_frame):
    probability = fitted.predict_proba(rasch_frame)
    targets = next_step_targets(rasch_frame)
    assert probability.shape == (len(rasch_frame),)
    assert np.isnan(probability[~targets]).all()
    assert ((probability[targets] > 0) & (probability[targets] < 1)).all()
    assert fitted.model_.name == "dkt_difficulty_lstm_4" and fitted.fit_result_.n_epochs == 4


def test_an_unsorted_table_gets_each_rows_own_probability(fitted, rasch_frame):
    sample = rasch_frame[rasch_frame["user_id"] <= 10]
    order = np.random.default_rng(5).permutation(len(sample))
    np.testing.assert_array_equal(fitted.predict_proba(sample.iloc[order]), fitted.predict_proba(sample)[order])


def test_a_problem_harder_in_the_data_gets_a_higher_difficulty(fitted):
    difficulty = fitted.difficulties()
    assert difficulty.index.name == "problem_id" and len(difficulty) == 6
    for skill in "ab":
        assert difficulty[f"easy {skill}"] < difficulty[f"mid {skill}"] < difficulty[f"hard {skill}"]
        assert difficulty[f"hard {skill}"] - difficulty[f"easy {skill}"] > 1.0


def test_padding_changes_no_prediction_and_no_loss(fitted, rasch_frame):
    """A sequence predicted alone or padded in a batch with a longer one gets the same numbers."""
    cut = encode_problems(rasch_frame.iloc[:10], fitted.skill_index_, fitted.problem_index_)
    together = ProblemFeed(
        encode_problems(
            pd.concat([rasch_frame.iloc[:10], rasch_frame.iloc[25:50]]), fitted.skill_index_, fitted.problem_index_
        ),
        batch_size=2,
    )
    inputs, targets = together[0]
    assert inputs["problem"].shape == (2, 24) and (inputs["problem"][0, 9:] == 0).all()
    alone_inputs, alone_targets = ProblemFeed(cut, batch_size=1)[0]
    padded = np.asarray(fitted.model_(inputs, training=False))[0, :9]
    alone = np.asarray(fitted.model_(alone_inputs, training=False))[0]
    np.testing.assert_allclose(padded, alone, atol=1e-6)
    # the masked loss of the padded batch is the cross-entropy of its real targets only
    output = np.asarray(fitted.model_(inputs, training=False))
    real = targets[..., 0] != MASK_VALUE
    k = fitted.skill_index_.n_skills
    picked = (output * targets[..., :k]).sum(-1)[real]
    truth = targets[..., k][real]
    expected = -np.mean(truth * np.log(picked) + (1 - truth) * np.log(1 - picked))
    assert float(fitted.model_.loss(targets, output)) == pytest.approx(expected, rel=1e-4)


def test_the_same_random_state_gives_the_same_model(rasch_frame):
    small = rasch_frame[rasch_frame["user_id"] <= 20]

    def run(seed):
        model = DifficultyDKT(units=3, epochs=1, max_length=None, random_state=seed, progress=False).fit(small)
        return model.predict_proba(small)

    np.testing.assert_array_equal(run(1), run(1))


def test_bad_input_names_the_column_the_row_or_the_value(rasch_frame, tiny_frame):
    model = DifficultyDKT(units=2, epochs=1, progress=False)
    with pytest.raises(SchemaError, match="missing column 'problem_id'.*found \\['user_id'"):
        model.fit(tiny_frame)
    empty = rasch_frame.assign(problem_id=rasch_frame["problem_id"].where(rasch_frame.index != 7))
    with pytest.raises(SchemaError, match="row 7: problem_id is empty"):
        model.fit(empty)
    with pytest.raises(ValueError, match="difficulty_l2=-0.1: expected a non-negative number"):
        DifficultyDKT(difficulty_l2=-0.1, epochs=1, progress=False).fit(rasch_frame)
    with pytest.raises(ValueError, match="difficulty_l2=nan"):
        DifficultyDKT(difficulty_l2=float("nan"), epochs=1, progress=False).fit(rasch_frame)
    plain = encode(tiny_frame)
    with pytest.raises(TypeError, match="train is a Sequences: expected ProblemSequences"):
        model.fit_sequences(plain, plain)
