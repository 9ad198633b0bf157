"""Lecture 02: MOOC weekly tracing and early pass/fail prediction.

One concept a module:

- :mod:`~edulab.mooc.schema`: the weekly tables and their checks; :mod:`~edulab.mooc.data`: readers;
- :mod:`~edulab.mooc.synthetic`: the simulated MOOC (shipped as ``mooc-synthetic``);
- :mod:`~edulab.mooc.tensors`: aligned ``(students, weeks, features)`` arrays, masking, scaling;
- :mod:`~edulab.mooc.models`: the tracing and early-prediction networks (Keras);
- :mod:`~edulab.mooc.tracing`: a prediction every week; :mod:`~edulab.mooc.early`: one from the
  first ``n`` weeks; :mod:`~edulab.mooc.baselines`; :mod:`~edulab.mooc.grid`: grid search and the
  how-early curve; :mod:`~edulab.mooc.plots`; :mod:`~edulab.mooc.cli`: ``edulab mooc``.

The student split (stratified on the label), the masked loss and metric, the Keras fit and the
grid runner are shared with lecture 01 in :mod:`edulab.recurrent`.

Labels follow the source data: ``label-pass-fail`` is 1 for a student who **failed**.
TensorFlow is imported only by the modules that need it (the names below load their module when
first used).
"""

from __future__ import annotations

from edulab.recurrent import lazy_names

_PUBLIC = {
    "MoocData": "data",
    "WeeklyArrays": "data",
    "MoocSimulator": "synthetic",
    "weekly_tensor": "tensors",
    "mask_weeks": "tensors",
    "WeeklyMinMaxScaler": "tensors",
    "tracing_data": "tracing",
    "fit_tracing": "tracing",
    "early_data": "early",
    "fit_early": "early",
    "choose_threshold": "early",
    "compare_early": "grid",
    "grid_search": "grid",
    "how_early_curve": "grid",
}

__all__ = list(_PUBLIC)

__getattr__ = lazy_names(__name__, _PUBLIC)
