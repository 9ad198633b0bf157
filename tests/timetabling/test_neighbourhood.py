"""random_move draws feasible moves and swaps whose delta is the true change of the objective."""

from __future__ import annotations

import numpy as np
import pytest

from edulab.timetabling import evaluate, greedy
from edulab.timetabling.neighbourhood import random_move


@pytest.mark.parametrize("name", ["small", "medium"])
def test_applied_moves_change_the_objective_by_their_delta_and_keep_feasibility(shipped, name):
    instance = shipped[name]
    table = greedy(instance, random_state=0)
    rng = np.random.default_rng(1)
    kinds = set()
    for _ in range(300):
        move = random_move(table, rng)
        if move is None:
            continue
        kinds.add("swap" if move.other >= 0 else "move")
        before = table.objective()
        move.apply(table)
        assert table.objective() == before + move.delta
    assert kinds == {"move", "swap"}
    report = evaluate(instance, table.to_solution())
    assert report.violations == 0 and report.total == table.soft


def test_random_move_leaves_the_table_alone_and_follows_its_rng(shipped):
    table = greedy(shipped["medium"], random_state=0)
    slots = table.slots()
    first = [random_move(table, np.random.default_rng(3)) for _ in range(5)]
    assert (table.slots() == slots).all()
    assert len({repr(move) for move in first}) == 1


def test_keep_room_one_never_changes_a_lecture_room(shipped):
    table = greedy(shipped["medium"], random_state=0)
    rng = np.random.default_rng(2)
    moves = [move for move in (random_move(table, rng, keep_room=1.0) for _ in range(300)) if move is not None]
    assert moves and all(move.room == table.room[move.lecture] for move in moves)


def test_keep_room_must_be_a_probability(shipped):
    table = greedy(shipped["small"], random_state=0)
    with pytest.raises(ValueError, match="keep_room must be a probability, got 1.5"):
        random_move(table, np.random.default_rng(0), keep_room=1.5)
