import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from edulab.advising import paper
from edulab.advising.ahp import analyse
from edulab.advising.hierarchy import weight_sensitivity
from edulab.advising.plots import (
    correlation_heatmap,
    curriculum_graph,
    package_scatter,
    priority_bars,
    sensitivity_plot,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_heatmap_marks_missing_pairs():
    r = pd.DataFrame([[1.0, np.nan], [np.nan, 1.0]], index=["A", "B"], columns=["A", "B"])
    ax = correlation_heatmap(r)
    assert [t.get_text() for t in ax.texts].count("n/a") == 2 and ax.get_title()


def test_priority_bars_flag_inconsistency():
    ax = priority_bars(analyse("1,3,1/3;1/3,1,1/3;3,3,1", warn=False))
    assert "inconsistent" in ax.get_title() and len(ax.patches) == 3


def test_package_scatter_and_sensitivity_have_labels():
    ax = package_scatter(paper.paper_packages())
    assert ax.get_xlabel() and ax.get_ylabel() and len(ax.texts) == 5
    result = paper.paper_hierarchy().evaluate(warn=False)
    frame = weight_sensitivity(result, "Social factors")
    ax = sensitivity_plot(frame, "Social factors", current=0.064)
    assert len(ax.lines) >= 3 and "Social factors" in ax.get_xlabel()


def test_curriculum_graph_draws_every_course_and_prerequisite(synthetic):
    ax = curriculum_graph(synthetic.curriculum, highlight=("MATH102",))
    labels = [t.get_text() for t in ax.texts if t.get_text()]
    assert sorted(labels) == sorted(synthetic.curriculum.codes)
    arrows = [child for child in ax.get_children() if type(child).__name__ == "Annotation"]
    assert len(arrows) == len(synthetic.curriculum.edges())
