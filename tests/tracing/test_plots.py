import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from edulab.tracing import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_roc_curve_labels_the_auc():
    ax = plots.roc_curve(np.array([0, 1, 1, 0, 1]), np.array([0.2, 0.9, 0.6, 0.4, 0.3]), label="DKT")
    assert "DKT (AUC 0.833)" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_two_roc_curves_on_one_axes_have_one_chance_line():
    correct, probability = np.array([0, 1, 1, 0, 1]), np.array([0.2, 0.9, 0.6, 0.4, 0.3])
    ax = plots.roc_curve(correct, probability, label="DKT")
    plots.roc_curve(correct, 1 - probability, label="BKT", ax=ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == len(set(labels)) == 3 and sum(label.startswith("chance") for label in labels) == 1


def test_training_curves_mark_the_best_epoch():
    history = pd.DataFrame(
        {
            "auc": [0.6, 0.7, 0.75],
            "val_auc": [0.62, 0.68, 0.66],
            "loss": [0.6, 0.5, 0.45],
            "val_loss": [0.6, 0.55, 0.56],
        }
    )
    ax = plots.training_curves(history, "loss")
    assert any("epoch 2" in t.get_text() for t in ax.get_legend().get_texts())
    with pytest.raises(ValueError, match="metric='rmse'"):
        plots.training_curves(history, "rmse")


def test_prediction_squares_and_mastery_heatmap_draw_on_the_given_axes():
    fig, (top, bottom) = plt.subplots(2, 1)
    assert plots.prediction_squares(np.array([1, 0, 1]), np.array([0.8, 0.3, 0.6]), ["a", "b", "a"], ax=top) is top
    mastery = np.random.default_rng(0).random((3, 4))
    ax = plots.mastery_heatmap(mastery, ["a", "b", "c", "d"], practised=np.array([0, 2, 0]), ax=bottom)
    assert ax is bottom and [t.get_text() for t in ax.get_yticklabels()] == ["a", "c"]


def test_model_comparison_draws_the_ceiling():
    table = pd.DataFrame({"model": ["mean", "DKT"], "auc": [0.62, 0.8]})
    ax = plots.compare_models(table, ceiling=0.87)
    assert len(ax.patches) == 2 and "oracle" in ax.get_legend().get_texts()[0].get_text()
    assert ax.get_xlim()[0] == 0.5 and all(bar.get_x() == 0.5 for bar in ax.patches), "AUC bars start at chance"
    assert sorted(round(bar.get_x() + bar.get_width(), 6) for bar in ax.patches) == [0.62, 0.8]
