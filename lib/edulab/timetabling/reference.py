"""Published results on the 21 ITC-2007 instances, to compare the kit's solvers with.

``WINNER`` is the ITC-2007 track 3 winner (T. Müller's constraint-based solver) as run by the
organisers on their machine with the competition's time limit (about 300-600 s), listed in the
kit's issue 6. ``BEST_KNOWN`` is the best cost known for the UD2 (competition) formulation,
from Table 13 of Ceschia, Di Gaspero and Schaerf (2022); the values of comp03 and comp11 were
missing from the copy of that table we had and are marked in :data:`UNVERIFIED` (comp11 = 0 is
reached by many solvers, including ours).

References
----------
Müller (2009). ITC2007 solver description: a hybrid approach. Annals of OR 172, 429-446.
Ceschia, Di Gaspero, Schaerf (2022). Educational timetabling: problems, benchmarks, and
state-of-the-art results. arXiv:2201.07525 (EJOR 308, 2023).
"""

from __future__ import annotations

INSTANCES = tuple(f"comp{i:02d}" for i in range(1, 22))

#: The ITC-2007 winner's costs (organisers' runs), comp01 to comp21.
WINNER = dict(zip(INSTANCES, (5, 51, 84, 37, 330, 48, 20, 41, 109, 16, 0, 333, 66, 59, 84, 34, 83, 83, 62, 27, 103)))

#: Best known UD2 costs, comp01 to comp21 (see :data:`UNVERIFIED`).
BEST_KNOWN = dict(zip(INSTANCES, (5, 24, 64, 35, 284, 27, 6, 37, 96, 4, 0, 294, 59, 51, 62, 18, 56, 61, 57, 4, 74)))

#: Best-known values not checked against the published table.
UNVERIFIED = frozenset({"comp03", "comp11"})
