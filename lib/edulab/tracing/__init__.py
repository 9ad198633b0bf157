"""Deep knowledge tracing (lecture 01_dkt): from answer tables to masked DKT models and baselines.

One concept a module:

- :mod:`~edulab.tracing.interactions`: the ASSISTments schema, its validation, skill codes;
- :mod:`~edulab.tracing.data`: the AKT copies of ASSISTments (the registry's loader), CSV files;
- :mod:`~edulab.tracing.synthetic`: simulated students with known mastery (the shipped set);
- :mod:`~edulab.tracing.sequences`: shift, chunk, bucket, pad and one-hot encode (vectorised);
- :mod:`~edulab.tracing.windows`: fixed-length sliding windows (the variant of seed 000);
- :mod:`~edulab.tracing.splits`: student-level splits;
- :mod:`~edulab.tracing.metrics`: masked targets, loss, AUC and RMSE (TensorFlow);
- :mod:`~edulab.tracing.models`: the DKT and sliding-window model factories (TensorFlow);
- :mod:`~edulab.tracing.training`: fit with checkpoints and early stopping, predict (TensorFlow);
- :mod:`~edulab.tracing.scoring`: exact AUC and RMSE;
- :mod:`~edulab.tracing.experiment`: split, encode, train and score in one call;
- :mod:`~edulab.tracing.grid`: grid search chosen on validation, reported on test;
- :mod:`~edulab.tracing.baselines` and :mod:`~edulab.tracing.bkt`: skill mean, PFA counts, BKT;
- :mod:`~edulab.tracing.plots`: ROC, training curves, per-step squares, mastery heatmap;
- :mod:`~edulab.tracing.cli`: ``edulab dkt train`` and ``edulab dkt grid``.

The modules marked TensorFlow import it; the others do not, so preparing data stays light.
"""
