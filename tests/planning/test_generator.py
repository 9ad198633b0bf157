"""The section 5.1 generator: the paper's school sizes, proportions at small scale, demand draws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edulab.planning.generator import COURSES, GeneratorConfig, apportion, generate_instance, school_sizes
from edulab.planning.instance import SELF_STUDY_ROOM_TYPE, Instance


@pytest.mark.parametrize(
    "learners, split, teachers, rooms, self_study",
    [
        (800, False, 80, 40, 3),
        (1200, False, 120, 60, 4),
        (1600, False, 160, 80, 6),
        (800, True, 80, 80, 3),
        (160, False, 16, 8, 1),
    ],
)
def test_school_sizes_follow_the_paper(learners, split, teachers, rooms, self_study):
    sizes = school_sizes(GeneratorConfig(learners=learners, split=split))
    assert sizes == {"teachers": teachers, "instruction_rooms": rooms, "self_study_rooms": self_study}


def test_medium_school_has_the_papers_resources():
    instance = generate_instance(learners=800, random_state=1)
    assert instance.n_modules == 12 * 48 and instance.n_teachers == 80
    regular = instance.room_type != SELF_STUDY_ROOM_TYPE
    assert regular.sum() == 40 and set(instance.capacity[regular]) == {32}
    assert (instance.capacity[~regular] == 80).all() and instance.self_study_allowed[~regular].all()
    # Regular classrooms (type 1) allow self-study, special rooms do not.
    np.testing.assert_array_equal(instance.self_study_allowed[regular], instance.room_type[regular] == 1)
    # Rooms per type follow weekly hours: type 1 has 22 of the 31 hours.
    assert (instance.room_type == 1).sum() == round(40 * 22 / 31)


def test_split_classrooms_have_sixteen_seats_and_double_count():
    instance = generate_instance(learners=800, split=True, random_state=1)
    regular = instance.room_type != SELF_STUDY_ROOM_TYPE
    assert regular.sum() == 80 and set(instance.capacity[regular]) == {16}


def test_every_learner_demands_one_module_per_course(school):
    per_course = school.module_course[school.demand_module]
    for learner in range(school.n_learners):
        courses = np.sort(per_course[school.demand_learner == learner])
        assert courses.tolist() == list(range(len(COURSES)))
    assert school.demand_value.min() >= 0.001


def test_without_spread_learners_work_on_the_nominal_module():
    instance = generate_instance(learners=120, sigma=0.0, random_state=5)
    position = instance.demand_module % 48 + 1  # 1-based module within the course
    year = instance.learner_year[instance.demand_learner]
    np.testing.assert_array_equal(position, 8 * (year - 1) + 4)


def test_spread_moves_demand_around_the_nominal_module():
    instance = generate_instance(learners=1200, sigma=2.0, random_state=5)
    offset = instance.demand_module % 48 + 1 - (8 * (instance.learner_year[instance.demand_learner] - 1) + 4)
    assert abs(offset.mean()) < 0.1 and 1.8 < offset.std() < 2.2


def test_demand_values_have_mean_two():
    instance = generate_instance(learners=1600, random_state=2)
    assert 1.9 < instance.demand_value.mean() < 2.1


def test_years_are_evenly_filled():
    instance = generate_instance(learners=120, random_state=0)
    assert np.bincount(instance.learner_year).tolist() == [0] + [20] * 6


def test_qualification_mix_sets_teacher_degrees():
    instance = generate_instance(learners=800, qualification_mix=(0.4, 0.4, 0.2), random_state=0)
    counts = np.bincount(instance.teacher_degree, minlength=4)[1:]
    assert counts.sum() == 80 and abs(counts[2] - 16) <= 2 and abs(counts[0] - counts[1]) <= 3
    # Modules: first half of each course second-degree (2), second half first-degree (1).
    np.testing.assert_array_equal(instance.module_qualification[:48], [2] * 24 + [1] * 24)


def test_same_seed_same_instance_and_different_seed_differs():
    a, b, c = (generate_instance(learners=60, random_state=s) for s in (4, 4, 5))
    np.testing.assert_array_equal(a.demand, b.demand)
    assert not np.array_equal(a.demand, c.demand)


def test_generated_instances_pass_validation(school):
    again = Instance.from_dict(school.to_dict())
    np.testing.assert_array_equal(again.demand, school.demand)
    assert school.meta["generator"]["learners"] == 60 and school.meta["generator"]["seed"] == 3


def test_overrides_replace_config_fields():
    base = GeneratorConfig(learners=100, sigma=3.0)
    instance = generate_instance(base, random_state=0, penalty=0.75)
    assert instance.penalty == 0.75 and instance.meta["generator"]["sigma"] == 3.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"learners": 3}, "learners must be an integer >= 6"),
        ({"sigma": -1}, "sigma must be >= 0"),
        ({"penalty": 0}, "penalty must be in"),
        ({"qualification_mix": (0.5, 0.2, 0.2)}, "summing to 1"),
        ({"min_batch": 10, "max_batch": 5}, "min_batch <= max_batch"),
        ({"modules_per_course": 7}, "even number"),
    ],
)
def test_bad_configurations_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GeneratorConfig(**kwargs)


@given(st.integers(0, 500), st.lists(st.floats(0.01, 100), min_size=1, max_size=15))
def test_apportion_sums_exactly_and_stays_within_one_of_the_quota(total, weights):
    counts = apportion(total, weights)
    quotas = total * np.array(weights) / sum(weights)
    assert counts.sum() == total
    assert np.all(np.abs(counts - quotas) < 1 + 1e-9)
