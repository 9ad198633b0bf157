"""The instance model: JSON round trips, derived matrices, and errors that say where and what."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.planning.instance import Instance, InstanceError, read_instance, write_instance

from .conftest import TINY


def test_round_trip_through_a_file_keeps_every_field(tmp_path, school):
    path = write_instance(school, tmp_path / "school.json")
    again = read_instance(path)
    for name in ("learner_year", "capacity", "self_study_allowed", "room_type", "module_room_type",
                 "module_qualification", "module_course", "teacher_degree", "teacher_from", "teacher_to",
                 "demand_learner", "demand_module", "demand_value"):  # fmt: skip
        np.testing.assert_array_equal(getattr(again, name), getattr(school, name), err_msg=name)
    assert (again.penalty, again.min_batch, again.max_batch) == (school.penalty, school.min_batch, school.max_batch)
    assert again.meta["generator"] == school.meta["generator"]
    assert write_instance(again, tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_reads_the_papers_format_without_optional_keys(tiny_data):
    tiny_data.update(experiment=3, instance=7)
    instance = Instance.from_dict(tiny_data)
    assert instance.meta == {"experiment": 3, "instance": 7}
    assert (instance.n_learners, instance.n_classrooms, instance.n_modules, instance.n_teachers) == (
        12,
        3,
        8,
        3,
    )
    assert np.all(instance.module_course == -1)


def test_self_study_demand_is_the_penalty_times_the_best_demand(tiny):
    assert tiny.self_study == 8
    assert tiny.demand.shape == (12, 9)
    np.testing.assert_allclose(tiny.demand[:, 8], 0.5 * tiny.demand[:, :8].max(axis=1))
    assert tiny.demand[0, 1] == 4.0 and tiny.demand[0, 2] == 0


def test_teacher_qualification_follows_range_and_degree(tiny):
    q = tiny.teacher_qualified
    assert q[0, :4].all() and not q[0, 4:8].any()  # first degree: whole course 0
    np.testing.assert_array_equal(q[1, 4:8], [True, True, False, False])  # second degree: lower half of course 1
    assert not q[2, :8].any()  # third degree: no instruction
    assert q[:, tiny.self_study].all()  # everyone supervises self-study


def test_room_qualification_matches_room_type_and_self_study(tiny):
    r = tiny.room_qualified
    assert r[0, :4].all() and not r[0, 4:8].any() and r[0, 8]
    assert r[1, 4:8].all() and not r[1, 8]
    assert not r[2, :8].any() and r[2, 8]


def test_learner_modules_are_sorted_by_demand(tiny):
    modules, values = tiny.learner_modules
    assert modules[0].tolist() == [1, 4] and values[0].tolist() == [4.0, 1.0]
    assert np.all(np.diff(values, axis=1) <= 0)


def test_eligible_learners_per_module(tiny):
    assert tiny.eligible_learners(1).tolist() == [0, 1, 2, 3, 4, 5, 7, 9, 11]
    assert tiny.eligible_learners(0).tolist() == [6, 8, 10]
    assert len(tiny.eligible_learners(tiny.self_study)) == 12


def test_activity_capacity_caps_instruction_only(tiny):
    assert tiny.activity_capacity(0, 1) == 6  # min(max_batch 6, 8 seats)
    assert tiny.activity_capacity(0, tiny.self_study) == 8


@pytest.mark.parametrize(
    "corrupt, message",
    [
        (
            lambda d: d["preferences"].append([[0, 99], 1.0]),
            r"preferences\[24\] module: expected a known module id 0..7, got 99",
        ),
        (
            lambda d: d["classrooms"][1].update(capacity=-4),
            r"classrooms\[1\].capacity: expected an integer in 1..inf, got -4",
        ),
        (lambda d: d["learners"][2].update(id=5), r"learners\[2\].id: expected 2 \(ids are positions"),
        (lambda d: d["teachers"][0].update(degree=4), r"teachers\[0\].degree: expected an integer in 1..3, got 4"),
        (
            lambda d: d["teachers"][0].update(to_module=0, frm_module=3),
            r"teachers\[0\].to_module: expected at least frm_module = 3",
        ),
        (lambda d: d["modules"][0].update(qualification=0), r"modules\[0\].qualification"),
        (lambda d: d.update(penalty=0), r"penalty: expected a self-study penalty w in \(0, 1\]"),
        (lambda d: d.update(max_batch=2), r"max_batch: expected an integer in 3..inf, got 2"),
        (
            lambda d: d["preferences"].append([[0, 1], 2.0]),
            r"one entry per \(learner, module\); preferences\[0\] has it",
        ),
        (lambda d: d["preferences"].append([[1, 3], -1.0]), r"demand: expected a demand >= 0"),
        (lambda d: d["preferences"].append([[40, 3], 1.0]), r"learner: expected a learner id below 12, got 40"),
        (
            lambda d: d.update(preferences=[p for p in d["preferences"] if p[0][0] != 4]),
            r"learner\(s\) 4 have no positive demand",
        ),
        (lambda d: d.pop("min_batch"), r"missing key\(s\) min_batch"),
        (lambda d: d.update(colour="red"), r"unknown key 'colour'"),
        (lambda d: d["classrooms"][0].update(self_study_allowed="yes"), r"self_study_allowed: expected true or false"),
        (
            lambda d: d["classrooms"][0].update(floor=2),
            r"classrooms\[0\]: unknown key 'floor'; expected only id, capacity",
        ),
    ],
)
def test_bad_input_names_the_entry_and_what_was_expected(tiny_data, corrupt, message):
    corrupt(tiny_data)
    with pytest.raises(InstanceError, match=message):
        Instance.from_dict(tiny_data, source="school.json")


def test_errors_name_the_source(tiny_data):
    tiny_data["classrooms"][0]["capacity"] = 0
    with pytest.raises(InstanceError, match=r"^school.json: classrooms\[0\]"):
        Instance.from_dict(tiny_data, source="school.json")


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n"learners": [\n  {"id": 0 "year": 1}\n]}\n')
    with pytest.raises(InstanceError, match=r"broken.json, line 3, column 12: invalid JSON"):
        read_instance(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.json: no such file"):
        read_instance(tmp_path / "nothing.json")


def test_zero_demands_mean_not_eligible_and_are_not_stored(tiny_data):
    tiny_data["preferences"].append([[0, 3], 0.0])
    instance = Instance.from_dict(tiny_data)
    assert instance.demand[0, 3] == 0 and 3 not in instance.learner_modules[0][0][:2]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 7), st.floats(0.001, 50)), min_size=0, max_size=30))
def test_preferences_parse_into_the_dense_matrix(extra):
    """Any set of distinct (learner, module, demand) entries lands in D exactly once."""
    data = copy.deepcopy(TINY)
    entries = {}
    for (l, m), v in ((tuple(p[0]), p[1]) for p in data["preferences"]):
        entries[l, m] = v
    for l, m, v in extra:
        entries[l, m] = round(v, 3)
    data["preferences"] = [[[l, m], v] for (l, m), v in entries.items()]
    instance = Instance.from_dict(json.loads(json.dumps(data)))
    for (l, m), v in entries.items():
        assert instance.demand[l, m] == v
    assert (instance.demand[:, :8] > 0).sum() == sum(v > 0 for v in entries.values())
