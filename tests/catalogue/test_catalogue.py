"""The wrong-answer catalogue: each gap's tests reject every catalogued mistake and accept a
correct answer that differs from the reference (see ``runner.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("catalogue_runner", Path(__file__).with_name("runner.py"))
runner = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = runner  # dataclasses look their module up there
_spec.loader.exec_module(runner)

FILES = runner.catalogue_files()


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_catalogue_covers_every_gap_with_enough_answers(path):
    assignment, gaps = runner.load(path)
    assert runner.check_catalogue(assignment, gaps) == []


@pytest.mark.slow
@pytest.mark.once  # the catalogue checks notebooks, not the interpreter: the first run of make test is enough
@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_gap_tests_reject_wrong_answers_and_accept_alternatives(path):
    assignment, gaps = runner.load(path)
    outcomes = runner.run_catalogue(assignment, gaps)
    tried = {(outcome.gap, outcome.answer) for outcome in outcomes}
    expected = {
        (gap, name) for gap, entry in gaps.items() for name in [*entry["wrong"], runner.ALTERNATIVE, runner.REFERENCE]
    }
    assert tried == expected
    unexpected = [str(outcome) for outcome in outcomes if not outcome.as_expected]
    assert not unexpected, "\n".join(unexpected)
