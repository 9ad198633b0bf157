"""The published figures the kit compares with."""

from __future__ import annotations

import csv

import pytest

from edulab.timetabling.reference import BEST_KNOWN, INSTANCES, UNVERIFIED, WINNER


def test_every_instance_has_a_winner_and_a_best_known_cost():
    assert set(WINNER) == set(BEST_KNOWN) == set(INSTANCES) and len(INSTANCES) == 21
    assert all(BEST_KNOWN[name] <= WINNER[name] for name in INSTANCES)  # best known never above the winner
    assert UNVERIFIED <= set(INSTANCES)


@pytest.mark.shared_data
def test_best_known_costs_equal_the_shared_table(itc_folder):
    with open(itc_folder / "best_known.csv", newline="") as handle:
        table = {row["instance"]: int(row["best_known_ud2"]) for row in csv.DictReader(handle)}
    assert table == BEST_KNOWN
