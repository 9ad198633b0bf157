import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from edulab.mooc import plots  # noqa: E402


def test_figures_have_titles_and_labels(small_arrays):
    ax = plots.plot_quiz_participation(small_arrays.observed, small_arrays.labels)
    assert ax.get_title() and ax.get_xlabel() == "week" and len(ax.lines) == 2
    y = np.where(small_arrays.observed[..., None], small_arrays.scores, -1.0)
    ax = plots.plot_tracing_predictions(y[:3], np.full_like(y[:3], 0.5))
    assert len(ax.lines) == 6
    ax = plots.plot_history({"auc": [0.6, 0.7], "val_auc": [0.55, 0.65]}, "auc")
    assert ax.get_ylabel() == "auc"
    curve = pd.DataFrame(
        {"kind": ["network", "network", "ceiling", "ceiling"], "model": ["LSTM"] * 2 + ["ceiling"] * 2,
         "n_weeks": [1, 2, 1, 2], "test_auc": [0.6, 0.7, 0.8, 0.8]}
    )  # fmt: skip
    ax = plots.plot_how_early(curve)
    assert ax.get_ylabel() == "test AUC" and len(ax.lines) == 2
