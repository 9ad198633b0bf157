"""The plain-Python roulette wheel draws exactly as the ``alns`` package's does."""

from __future__ import annotations

import numpy as np
import pytest
from alns.select import RouletteWheel

from edulab.planning.selection import PlainRouletteWheel, spin


def test_spin_draws_what_rng_choice_draws():
    weights_rng = np.random.default_rng(0)
    for case in range(4000):
        n = 2 + case % 4
        weights = weights_rng.random(n) * 10.0 ** weights_rng.uniform(-4, 2, n)
        weights[weights_rng.random(n) < 0.2] = 0.0
        if weights.sum() == 0:
            continue
        package, plain = np.random.default_rng(case), np.random.default_rng(case)
        expected = package.choice(range(n), p=weights / np.sum(weights))
        assert spin(weights.tolist(), plain) == expected, weights
        assert plain.random() == package.random()  # one draw taken by each


@pytest.mark.parametrize("coupling", [None, [[True, False, True], [False, True, True]]])
def test_wheel_picks_and_learns_as_the_packages_wheel(coupling):
    scores, decay = [21.8, 13.6, 3.8, 0.0], 0.8
    package = RouletteWheel(scores, decay, 2, 3, coupling)
    plain = PlainRouletteWheel(scores, decay, 2, 3, coupling)
    package_rng, plain_rng, outcomes = (np.random.default_rng(3) for _ in range(3))
    for _ in range(3000):
        chosen = plain(plain_rng, None, None)
        assert chosen == package(package_rng, None, None)
        outcome = int(outcomes.integers(4))
        package.update(None, *chosen, outcome)
        plain.update(None, *chosen, outcome)
    np.testing.assert_array_equal(plain.destroy_weights, package.destroy_weights)
    np.testing.assert_array_equal(plain.repair_weights, package.repair_weights)


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_weights_numpy_refuses_raise_as_in_the_package():
    wheel = PlainRouletteWheel([0.0, 0.0, 0.0, 0.0], 0.0, 2, 2)
    for chosen in ((0, 0), (1, 0)):
        wheel.update(None, *chosen, 3)
    with pytest.raises(ValueError):
        wheel(np.random.default_rng(0), None, None)
