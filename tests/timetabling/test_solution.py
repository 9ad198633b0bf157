"""Solution files: the competition's `course room day period` lines, read strictly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.timetabling.instance import InstanceFormatError
from edulab.timetabling.solution import Solution, format_solution, parse_solution, read_solution, write_solution

TINY_SOLUTION = """\
Algebra Aula 0 1
Algebra Aula 1 0
Algebra Aula 2 0
Biology Lab 0 2
Biology Lab 1 1
Chemistry Aula 0 0
Chemistry Aula 1 2
Drawing Lab 2 2
"""


def test_a_solution_is_read_in_file_order(shipped):
    tiny = shipped["tiny"]
    solution = parse_solution(TINY_SOLUTION, tiny)
    assert len(solution) == 8
    assert solution.course.tolist() == [0, 0, 0, 1, 1, 2, 2, 3]
    assert solution.room.tolist() == [0, 0, 0, 1, 1, 0, 0, 1]
    assert solution.period.tolist() == [1, 3, 6, 2, 4, 0, 5, 8]
    assert format_solution(solution, tiny) == TINY_SOLUTION


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Physics Aula 0 0", "unknown course 'Physics'"),
        ("Algebra Gym 0 0", "unknown room 'Gym'"),
        ("Algebra Aula 3 0", "day 3 is out of range 0..2"),
        ("Algebra Aula 0 3", "period 3 is out of range 0..2"),
        ("Algebra Aula 0", "expected 'course room day period'"),
        ("Algebra Aula zero 0", "day and period must be integers"),
    ],
)
def test_bad_lines_name_file_and_line(shipped, line, message):
    text = TINY_SOLUTION.replace("Biology Lab 1 1", line)
    with pytest.raises(InstanceFormatError, match=message) as caught:
        parse_solution(text, shipped["tiny"], "mine.sol")
    assert str(caught.value).startswith("mine.sol, line 5: ")


def test_solutions_round_trip_through_files(tmp_path, shipped):
    tiny = shipped["tiny"]
    path = write_solution(parse_solution(TINY_SOLUTION, tiny), tiny, tmp_path / "tiny.sol")
    assert path.read_text() == TINY_SOLUTION
    again = read_solution(path, tiny)
    np.testing.assert_array_equal(again.period, [1, 3, 6, 2, 4, 0, 5, 8])


def test_mismatched_arrays_and_out_of_range_entries_are_refused(shipped):
    with pytest.raises(ValueError, match="same length"):
        Solution([0, 1], [0], [0, 1])
    with pytest.raises(ValueError, match="entry 1: room 5 is out of range 0..1"):
        Solution([0, 1], [0, 5], [0, 1]).check(shipped["tiny"])


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_any_solution_round_trips(shipped, data):
    instance = shipped[data.draw(st.sampled_from(["tiny", "small", "medium"]))]
    n = data.draw(st.integers(0, 60))
    draw = lambda high: np.array(data.draw(st.lists(st.integers(0, high - 1), min_size=n, max_size=n)), dtype=np.int64)
    solution = Solution(draw(instance.n_courses), draw(instance.n_rooms), draw(instance.n_periods))
    again = parse_solution(format_solution(solution, instance), instance)
    for name in ("course", "room", "period"):
        np.testing.assert_array_equal(getattr(again, name), getattr(solution, name))
