"""Deep knowledge tracing (lecture 01_dkt): from answer tables to masked DKT models and baselines.

One concept a module:

- :mod:`~edulab.tracing.interactions`: the ASSISTments schema, its validation, skill codes;
- :mod:`~edulab.tracing.data`: the AKT copies of ASSISTments (the registry's loader), CSV files;
- :mod:`~edulab.tracing.synthetic`: simulated students with known mastery (the shipped set);
- :mod:`~edulab.tracing.sequences`: shift, chunk, bucket, pad and one-hot encode (vectorised);
- :mod:`~edulab.tracing.windows`: fixed-length sliding windows (the variant of seed 000);
- :mod:`~edulab.tracing.models`: the DKT and sliding-window model factories (TensorFlow);
- :mod:`~edulab.tracing.training`: the batch feed, predictions per target (TensorFlow);
- :mod:`~edulab.tracing.dkt`: :class:`DKT`, the estimator (``fit(frame).predict_proba(frame)``);
- :mod:`~edulab.tracing.difficulty`: :class:`DifficultyDKT`, DKT plus a learned difficulty per
  problem (Rasch-style, L2-regularised), the same estimator API (TensorFlow);
- :mod:`~edulab.tracing.scoring`: exact AUC and RMSE;
- :mod:`~edulab.tracing.experiment`: split by student and encode; the sliding-window run;
- :mod:`~edulab.tracing.grid`: grid search chosen on validation, reported on test;
- :mod:`~edulab.tracing.baselines` and :mod:`~edulab.tracing.bkt`: skill mean, PFA counts, BKT,
  and :func:`score_baselines`, which compares any of them with DKT;
- :mod:`~edulab.tracing.plots`: ROC, training curves, per-step squares, mastery heatmap;
- :mod:`~edulab.tracing.cli`: ``edulab dkt train`` and ``edulab dkt grid``.

The student split, the masked loss and metrics, the Keras fit and the grid runner are shared with
lecture 02 in :mod:`edulab.recurrent`. The modules marked TensorFlow import it; the others do
not, so preparing data stays light (the names below load their module when first used).
"""

from __future__ import annotations

from edulab.recurrent import lazy_names

_PUBLIC = {
    "BKT": "bkt",
    "CountLogistic": "baselines",
    "DKT": "dkt",
    "DifficultyDKT": "difficulty",
    "SkillMean": "baselines",
    "score_baselines": "baselines",
    "load_interactions": "data",
    "encode": "sequences",
    "prepare_data": "experiment",
    "sample_students": "experiment",
    "train_windows": "experiment",
    "grid_search": "grid",
    "SyntheticConfig": "synthetic",
    "simulate": "synthetic",
}

__all__ = list(_PUBLIC)

__getattr__ = lazy_names(__name__, _PUBLIC)
