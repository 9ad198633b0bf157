"""Mutated HLAPP instance and schedule files: a valid parse or a clear error, never anything else.

Issue 16: a valid JSON file is truncated, loses or repeats a line, receives bytes (some not
UTF-8) or has one value replaced by another JSON value (a float id, a huge count, a string, a
list...); :func:`read_instance` and :func:`read_schedule` must either read it or raise an
:class:`edulab.errors.EdulabError` (an ``InstanceError``, a ``FileFormatError`` or an ``OSError``
subclass) whose one-line message names the file.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edulab.errors import EdulabError, FileFormatError, InputError
from edulab.planning.greedy import solve_greedy
from edulab.planning.instance import (
    MAX_CELLS,
    MAX_ENTRIES,
    MAX_INTEGER,
    Instance,
    InstanceError,
    dumps,
    read_instance,
)
from edulab.planning.placement import NoRoomError
from edulab.planning.schedule import Schedule, read_schedule, validate_schedule

from .conftest import TINY

NOT_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xe9t\xe9"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Any JSON value, with the numbers that break readers most often (floats for ids, huge, negative).
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 20)
    | st.sampled_from([10**30, -(10**30), 2**63, 1.5, 2.0, -0.0, 1e308, 1e-300, MAX_INTEGER + 1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


def _schedule_text() -> str:
    instance = Instance.from_dict(copy.deepcopy(TINY), source="tiny")
    return dumps(solve_greedy(instance).schedule.to_dict())


SCHEDULE = json.loads(_schedule_text())
TINY_INSTANCE = Instance.from_dict(copy.deepcopy(TINY), source="tiny")


def _places(value, path=()):
    """Every (path, value) in a JSON tree, the root excluded."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        yield path + (key,)
        yield from _places(child, path + (key,))


@st.composite
def byte_mutations(draw, text: str):
    data = text.encode()
    lines = data.splitlines(keepends=True)
    kind = draw(st.sampled_from(["truncate", "drop line", "duplicate line", "insert non-UTF-8", "insert bytes"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind in ("drop line", "duplicate line"):
        i = draw(st.integers(0, len(lines) - 1))
        copies = 0 if kind == "drop line" else 2
        return b"".join(lines[:i] + [lines[i]] * copies + lines[i + 1 :])
    at = draw(st.integers(0, len(data)))
    extra = draw(st.sampled_from(NOT_UTF8) if kind == "insert non-UTF-8" else st.binary(min_size=1, max_size=6))
    return data[:at] + extra + data[at:]


@st.composite
def value_mutations(draw, document: dict):
    """``document`` with one value replaced (or one key or list entry removed), as JSON bytes."""
    data = copy.deepcopy(document)
    path = draw(st.sampled_from(list(_places(data))))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if draw(st.booleans()):
        parent[path[-1]] = draw(JSON_VALUES)
    else:
        del parent[path[-1]]
    return dumps(data).encode() if isinstance(data, dict) else json.dumps(data).encode()


def _read_or_clear_error(read, path):
    try:
        return read(path)
    except EdulabError as error:
        assert isinstance(error, (InstanceError, FileFormatError, OSError)), type(error)
        message = str(error)
        assert str(path) in message, message
        assert "\n" not in message
        return None


@SETTINGS
@given(data=byte_mutations(dumps(TINY)) | value_mutations(TINY))
def test_a_mutated_instance_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("hlapp") / "school.json"
    path.write_bytes(data)
    instance = _read_or_clear_error(read_instance, path)
    if instance is not None:
        assert instance.demand.shape == (instance.n_learners, instance.n_modules + 1)


@SETTINGS
@given(data=byte_mutations(_schedule_text()) | value_mutations(SCHEDULE))
def test_a_mutated_schedule_gives_a_valid_parse_or_a_clear_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("hlapp") / "schedule.json"
    path.write_bytes(data)
    schedule = _read_or_clear_error(read_schedule, path)
    if schedule is not None:
        assert schedule.assignments.shape[1] == 4 and schedule.assignments.dtype.kind == "i"
        # Whatever parses can be checked: broken rules are violations, not exceptions.
        violations = validate_schedule(TINY_INSTANCE, schedule)
        assert all(isinstance(v.message, str) for v in violations)


@pytest.mark.parametrize("reader", [read_instance, read_schedule])
def test_a_folder_an_empty_file_and_bytes_that_are_not_utf8_are_named(tmp_path, reader):
    with pytest.raises(IsADirectoryError, match="is a folder; expected a file"):
        reader(tmp_path)
    (tmp_path / "empty.json").write_bytes(b"")
    with pytest.raises(FileFormatError, match="empty.json: the file is empty"):
        reader(tmp_path / "empty.json")
    (tmp_path / "latin1.json").write_bytes(b'{\n"x\xe9": 1}\n')
    with pytest.raises(FileFormatError, match=r"latin1.json, line 2, column 3: byte 0xe9 is not UTF-8"):
        reader(tmp_path / "latin1.json")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(tmp_path, constant):
    path = tmp_path / "school.json"
    path.write_text(dumps(TINY).replace('"penalty": 0.5', f'"penalty": {constant}'))
    with pytest.raises(FileFormatError, match=f"school.json: invalid JSON \\({constant} is not a JSON number\\)"):
        read_instance(path)


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (
            lambda d: d["classrooms"][0].update(capacity=10**30),
            r"classrooms\[0\].capacity: expected an integer of at most",
        ),
        (lambda d: d["classrooms"][0].update(capacity=8.5), r"classrooms\[0\].capacity: expected an integer, got 8.5"),
        (
            lambda d: d["teachers"][0].update(to_module=1e308),
            r"teachers\[0\].to_module: expected an integer of at most",
        ),
        (
            lambda d: d["preferences"].append([[0.5, 3], 1.0]),
            r"preferences\[\d+\] learner: expected an integer, got 0.5",
        ),
        (
            lambda d: d.update(learners=[{"year": 1}] * (MAX_ENTRIES + 1)),
            f"learners: expected at most {MAX_ENTRIES} entries",
        ),
        (
            lambda d: d.update(
                learners=[{"year": 1}] * MAX_ENTRIES,
                modules=[{"room_type": 1, "qualification": 1}] * (MAX_CELLS // MAX_ENTRIES),
            ),
            f"{MAX_ENTRIES} learners x {MAX_CELLS // MAX_ENTRIES + 1} modules \\(with self-study\\) = \\d+ cells; expected at most {MAX_CELLS}",
        ),
    ],
)
def test_huge_and_float_values_are_refused_before_allocating(tmp_path, corrupt, message):
    data = copy.deepcopy(TINY)
    corrupt(data)
    with pytest.raises(InstanceError, match=message):
        Instance.from_dict(data, source="school.json")


def test_float_ids_in_a_schedule_are_refused_not_truncated(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps({"assignments": [[0, 1, 0, 0], [1, 1.5, 0, 0]]}))
    with pytest.raises(InstanceError, match=r"schedule.json: assignments\[1\] module: expected an integer, got 1.5"):
        read_schedule(path)
    assert Schedule(np.array([[0.0, 1.0, 0.0, 0.0]])).assignments.tolist() == [[0, 1, 0, 0]]
    for bad in ([[0, 1.5, 0, 0]], [[0, float("nan"), 0, 0]], [[0, float("inf"), 0, 0]]):
        with pytest.raises(InputError, match="Schedule.assignments must hold integer ids, got"):
            Schedule(np.array(bad))
    with pytest.raises(InputError, match="4 columns"):
        Schedule(np.arange(6))


def test_no_room_is_an_input_error():
    assert issubclass(NoRoomError, InputError) and issubclass(NoRoomError, RuntimeError)


def test_writers_create_no_folders(tmp_path, tiny):
    from edulab.planning.instance import write_instance
    from edulab.planning.schedule import write_schedule

    out = tmp_path / "missing" / "x.json"
    with pytest.raises(FileNotFoundError, match="the folder .*missing does not exist; create it first"):
        write_instance(tiny, out)
    with pytest.raises(FileNotFoundError, match="create it first"):
        write_schedule(Schedule(np.zeros((0, 4), dtype=int)), out)
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (lambda d: d.update(learners=[], preferences=[]), r"learners: expected at least one learner"),
        (lambda d: d["preferences"].append([[0, 7], 1e308]), r"demand: expected a demand >= 0 and <= 1e\+06"),
    ],
)
def test_an_empty_school_and_an_overflowing_demand_are_refused(corrupt, message):
    data = copy.deepcopy(TINY)
    corrupt(data)
    with pytest.raises(InstanceError, match=message):
        Instance.from_dict(data, source="school.json")


def test_a_key_given_twice_is_refused_not_overwritten(tmp_path):
    path = tmp_path / "school.json"
    path.write_text(dumps(TINY).replace('"penalty": 0.5', '"penalty": 0.5, "penalty": 0.75'))
    with pytest.raises(
        FileFormatError, match="school.json: invalid JSON \\(the key 'penalty' is given twice in one object\\)"
    ):
        read_instance(path)
