"""Explicit schedules: the validator catches each rule, the JSON format round-trips."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.planning.instance import InstanceError
from edulab.planning.schedule import Schedule, read_schedule, validate_schedule, write_schedule

# The optimum of the tiny school: learners 0-5 take module 1 in classroom 0 with teacher 0,
# learners 6-11 take module 5 in the lab (classroom 1) with teacher 1.
OPTIMUM = [[l, 1, 0, 0] for l in range(6)] + [[l, 5, 1, 1] for l in range(6, 12)]


def rules(instance, rows):
    return sorted({v.rule for v in validate_schedule(instance, Schedule(np.array(rows)))})


def test_the_optimum_is_feasible_with_its_objective(tiny):
    schedule = Schedule(np.array(OPTIMUM))
    assert validate_schedule(tiny, schedule) == []
    assert schedule.objective(tiny) == pytest.approx(48.6)
    assert schedule.self_study_share(tiny) == 0


def test_everyone_in_self_study_is_feasible(tiny):
    rows = [[l, 8, 0, 2] for l in range(6)] + [[l, 8, 2, 0] for l in range(6, 12)]
    assert rules(tiny, rows) == []
    assert Schedule(np.array(rows)).self_study_share(tiny) == 1


def test_missing_and_duplicate_learners(tiny):
    messages = [str(v) for v in validate_schedule(tiny, Schedule(np.array(OPTIMUM[:-1])))]
    assert messages == ["one_module_per_learner: learner 11 has no assignment"]
    rows = OPTIMUM[:5] + [[0, 5, 1, 1]] + OPTIMUM[6:]  # learner 0 twice, learner 5 never
    messages = [str(v) for v in validate_schedule(tiny, Schedule(np.array(rows)))]
    assert "one_module_per_learner: learner 5 has no assignment" in messages
    assert "one_module_per_learner: learner 0 is assigned 2 times" in messages


def test_ineligible_learner(tiny):
    rows = [r[:] for r in OPTIMUM]
    rows[0][1] = 0  # learner 0 has no demand for module 0 (and module 0 would share classroom 0)
    messages = [str(v) for v in validate_schedule(tiny, Schedule(np.array(rows)))]
    assert "eligibility: learner 0 has no demand for module 0 (D = 0)" in messages
    assert any(m.startswith("one_activity_per_classroom: classroom 0 hosts 2 module(s)") for m in messages)


def test_activity_below_minimum_and_above_capacity(tiny):
    small = [[l, 1, 0, 0] for l in range(2)] + [[l, 8, 2, 2] for l in range(2, 12)]
    assert "classroom 0 (module 1): 2 learners, below the minimum 3" in [
        v.message for v in validate_schedule(tiny, Schedule(np.array(small)))
    ]
    large = [[l, 8, 2, 2] for l in range(11)] + [[11, 8, 0, 0]]  # 11 in a 10-seat room
    messages = [v.message for v in validate_schedule(tiny, Schedule(np.array(large)))]
    assert "classroom 2 (self-study): 11 learners, above its capacity 10" in messages


def test_instruction_capacity_is_capped_by_the_maximum_size(tiny):
    rows = [[l, 1, 0, 0] for l in range(6)] + [[7, 1, 0, 0]] + [[l, 8, 2, 2] for l in (6, 8, 9, 10, 11)]
    messages = [v.message for v in validate_schedule(tiny, Schedule(np.array(rows)))]
    assert "classroom 0 (module 1): 7 learners, above its capacity 6" in messages


def test_room_type_and_teacher_qualification(tiny):
    rows = [[l, 5, 0, 1] for l in range(6, 12)] + [[l, 8, 2, 2] for l in range(6)]
    assert rules(tiny, rows) == ["room_type"]  # module 5 needs the lab
    rows = [[l, 1, 0, 2] for l in range(6)] + [[l, 8, 2, 0] for l in range(6, 12)]
    messages = [str(v) for v in validate_schedule(tiny, Schedule(np.array(rows)))]
    assert messages == ["teacher_qualification: teacher 2 (degree 3, modules 0..7) is not qualified for module 1"]
    rows = [[l, 8, 1, 2] for l in range(6)] + [[l, 8, 2, 0] for l in range(6, 12)]
    assert [v.message for v in validate_schedule(tiny, Schedule(np.array(rows)))] == [
        "classroom 1 (room type 2) cannot host module 8 (self-study not allowed)"
    ]


def test_teacher_in_two_rooms(tiny):
    rows = [[l, 1, 0, 0] for l in range(6)] + [[l, 8, 2, 0] for l in range(6, 12)]
    assert rules(tiny, rows) == ["one_activity_per_teacher"]


def test_unknown_ids_are_reported_not_dropped(tiny):
    rows = [r[:] for r in OPTIMUM] + [[40, 1, 0, 0]]
    messages = [str(v) for v in validate_schedule(tiny, Schedule(np.array(rows)))]
    assert "known_ids: row 12: unknown learner 40 (expected 0..11)" in messages


def test_activities_table(tiny):
    table = Schedule(np.array(OPTIMUM)).activities(tiny)
    assert table[["classroom", "module", "kind", "size", "capacity"]].values.tolist() == [
        [0, 1, "instruction", 6, 6],
        [1, 5, "instruction", 6, 6],
    ]
    assert table["demand"].sum() == pytest.approx(48.6)


def test_json_round_trip_keeps_meta(tmp_path):
    schedule = Schedule(np.array(OPTIMUM), {"method": "ilp-cbc", "objective": 48.6})
    again = read_schedule(write_schedule(schedule, tmp_path / "s.json"))
    np.testing.assert_array_equal(again.assignments, schedule.assignments)
    assert again.meta == {"method": "ilp-cbc", "objective": 48.6}


def test_files_from_before_seconds_read_their_runtime_as_seconds(tmp_path):
    path = tmp_path / "old.json"
    path.write_text('{"method": "alns", "runtime": 1.5, "assignments": [[0, 1, 0, 0]]}')
    assert read_schedule(path).meta == {"method": "alns", "seconds": 1.5}
    path.write_text('{"runtime": 1.5, "seconds": 2.0, "assignments": [[0, 1, 0, 0]]}')
    assert read_schedule(path).meta == {"runtime": 1.5, "seconds": 2.0}


def test_bad_solution_files(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"assignments": [[0, 1, 0], [1, 1, 0, 0]]}')
    with pytest.raises(
        InstanceError, match=r"bad.json: assignments\[0\]: expected \[learner, module, classroom, teacher\]"
    ):
        read_schedule(path)
    path.write_text('{"rows": []}')
    with pytest.raises(InstanceError, match="expected a JSON object with key 'assignments'"):
        read_schedule(path)
