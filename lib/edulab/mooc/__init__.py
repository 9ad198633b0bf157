"""Lecture 02: MOOC weekly tracing and early pass/fail prediction.

One concept a module:

- :mod:`~edulab.mooc.schema`: the weekly tables and their checks; :mod:`~edulab.mooc.data`: readers;
- :mod:`~edulab.mooc.synthetic`: the simulated MOOC (shipped as ``mooc-synthetic``);
- :mod:`~edulab.mooc.tensors`: aligned ``(students, weeks, features)`` arrays, masking, scaling;
- :mod:`~edulab.mooc.splits`: student-level stratified splits;
- :mod:`~edulab.mooc.losses`, :mod:`~edulab.mooc.models`, :mod:`~edulab.mooc.training` (Keras);
- :mod:`~edulab.mooc.tracing`: a prediction every week; :mod:`~edulab.mooc.early`: one from the
  first ``n`` weeks; :mod:`~edulab.mooc.baselines`; :mod:`~edulab.mooc.grid`: grid search and the
  how-early curve; :mod:`~edulab.mooc.plots`.

Labels follow the source data: ``label-pass-fail`` is 1 for a student who **failed**.
TensorFlow is imported only by the modules that need it.
"""
