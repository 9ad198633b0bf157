"""Fixtures of the timetabling tests: the shipped instances and the competition data."""

from __future__ import annotations

import pytest

from edulab.timetabling.generator import shipped_instances
from edulab.timetabling.instance import read_instances_folder


@pytest.fixture(scope="session")
def shipped():
    """The shipped instances, built in memory: tiny (hand-written), small, medium."""
    return shipped_instances()


@pytest.fixture(scope="session")
def itc_folder(shared_data):
    return shared_data / "itc2007"


@pytest.fixture(scope="session")
def competition(itc_folder):
    """The 21 competition instances and toy, by name (skipped without the data copies)."""
    return read_instances_folder(itc_folder / "instances")
