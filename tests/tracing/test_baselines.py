import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.tracing.baselines import CountLogistic, SkillMean, next_step_targets, prior_counts
from edulab.tracing.scoring import score


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from("abc"), st.integers(0, 1)), min_size=1, max_size=40))
def test_prior_counts_match_a_running_tally(rows):
    frame = pd.DataFrame(rows, columns=["user_id", "skill_name", "correct"]).sort_values(
        "user_id", kind="stable", ignore_index=True
    )
    right, wrong = prior_counts(frame)
    tally = {}
    for i, (user, skill, correct) in enumerate(frame.itertuples(index=False)):
        seen = tally.setdefault((user, skill), [0, 0])
        assert (right[i], wrong[i]) == tuple(seen)
        seen[0 if correct else 1] += 1


def test_targets_are_every_answer_but_each_students_first(tiny_frame):
    assert next_step_targets(tiny_frame).tolist() == [False, True, True, False, False, True, True, True]


def test_skill_mean_uses_training_rates_and_falls_back_to_the_overall_rate(tiny_frame):
    model = SkillMean().fit(tiny_frame)
    unseen = pd.DataFrame({"skill_name": ["a", "b", "z"]})
    assert model.predict_proba(unseen).tolist() == [1.0, 0.5, 0.75]


def test_count_logistic_beats_the_skill_mean_on_learning_students(train_test_frames):
    train, test = train_test_frames
    targets = next_step_targets(test)
    mean = score(test["correct"][targets], SkillMean().fit(train).predict_proba(test)[targets])
    counts = score(test["correct"][targets], CountLogistic().fit(train).predict_proba(test)[targets])
    assert counts.auc > mean.auc + 0.02


def test_score_baselines_gives_a_row_per_model_and_the_oracle(train_test_frames):
    from edulab.tracing.baselines import score_baselines

    train, test = train_test_frames
    table = score_baselines(train, test)
    assert table["model"].tolist() == ["skill mean", "PFA counts (logistic)", "BKT (EM)", "oracle (true probability)"]
    assert (table["n_targets"] == next_step_targets(test).sum()).all()
    oracle = table.set_index("model").loc["oracle (true probability)", "auc"]
    assert (table["auc"] <= oracle + 0.02).all()
