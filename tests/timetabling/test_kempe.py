"""The Kempe chain neighbourhood: exchanges keep the timetable feasible and are costed exactly."""

from __future__ import annotations

import numpy as np

from edulab.timetabling.construction import greedy
from edulab.timetabling.kempe import delta_compound, kempe_chain
from edulab.timetabling.validator import evaluate


def test_chains_swap_two_periods_feasibly_with_the_exact_cost_change(shipped):
    instance = shipped["medium"]
    table = greedy(instance, random_state=0)
    rng = np.random.default_rng(1)
    applied = 0
    while applied < 30:
        lecture, target = int(rng.integers(table.n_lectures)), int(rng.integers(table.n_periods))
        source = table.period[lecture]
        chain = kempe_chain(table, lecture, target)
        if chain is None:
            continue
        assert {period for _, period, _ in chain} <= {source, target}
        before, delta = table.soft, delta_compound(table, chain)
        table.apply_compound(chain, delta)
        report = evaluate(instance, table.to_solution())
        assert report.feasible and report.total == table.soft == before + delta
        applied += 1


def test_no_chain_for_an_unassigned_lecture_or_its_own_period(shipped):
    table = greedy(shipped["small"], random_state=0)
    assert kempe_chain(table, 0, table.period[0]) is None
    table.unassign(0)
    assert kempe_chain(table, 0, 1) is None
