"""edulab: a course kit on machine learning and operations research for education.

Subpackages, one per lecture: :mod:`edulab.tracing` (deep knowledge tracing), :mod:`edulab.mooc`
(MOOC tracing and early prediction), :mod:`edulab.advising` (course advising with AHP),
:mod:`edulab.timetabling` (course timetabling), :mod:`edulab.planning` (ALNS and ILP for activity
planning); plus :mod:`edulab.datasets` and :mod:`edulab.runtime`.
"""

__version__ = "0.1.0"
