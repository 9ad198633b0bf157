"""Small data sets shared by the tracing tests."""

from __future__ import annotations

import pytest

from edulab.tracing.synthetic import SyntheticConfig, simulate


@pytest.fixture(scope="session")
def small_frame():
    """60 simulated students on 8 skills, about 30 answers each (sorted, in the schema)."""
    config = SyntheticConfig(n_students=60, n_skills=8, length_median=20, length_mean=30, length_max=120)
    return simulate(config, random_state=7)


@pytest.fixture(scope="session")
def train_test_frames(small_frame):
    """``small_frame`` cut by student: 80% of the students to train on, 20% to test on."""
    import numpy as np

    from edulab.recurrent.splits import hold_out

    users = np.unique(small_frame["user_id"])
    kept, held = hold_out(len(users), 0.2, random_state=0)
    return tuple(small_frame[small_frame["user_id"].isin(users[part])] for part in (kept, held))


@pytest.fixture(scope="session")
def make_sequences():
    """A function building random :class:`Sequences` with the given lengths."""
    import numpy as np

    from edulab.tracing.interactions import SkillIndex
    from edulab.tracing.sequences import Sequences

    def build(lengths, n_skills=3, seed=0):
        rng = np.random.default_rng(seed)
        total = int(sum(lengths))
        return Sequences(
            features=rng.integers(0, 2 * n_skills, total).astype(np.int32),
            skills=rng.integers(0, n_skills, total).astype(np.int32),
            correct=rng.integers(0, 2, total).astype(np.int8),
            rows=np.arange(total),
            offsets=np.r_[0, np.cumsum(lengths)].astype(np.int64),
            user_ids=np.arange(len(lengths)),
            skill_index=SkillIndex(tuple(f"s{i}" for i in range(n_skills))),
        )

    return build


@pytest.fixture(scope="session")
def tiny_frame():
    """A hand-made table: student 2 has one answer, students 1 and 3 several."""
    import pandas as pd

    return pd.DataFrame(
        {
            "user_id": [1, 1, 1, 2, 3, 3, 3, 3],
            "order_id": [0, 1, 2, 0, 5, 6, 7, 8],
            "skill_name": ["b", "a", "a", "b", "a", "b", "b", "a"],
            "correct": [0, 1, 1, 1, 1, 0, 1, 1],
        }
    )


def pytest_collection_modifyitems(items):
    """Keras 3.15 converts tensors with ``np.array(x)``, which NumPy 2.4 warns about; harmless."""
    quiet = pytest.mark.filterwarnings(
        "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
    )
    for item in items:
        if "tests/tracing/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(quiet)
