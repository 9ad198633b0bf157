import numpy as np
import pytest

from edulab.advising.hierarchy import Hierarchy, Node, weight_sensitivity


def two_level() -> Hierarchy:
    """Two criteria (3:1); X wins under 'cost' (4:1), Y under 'time' (1:3)."""
    goal = Node("goal", [[1, 3], [1 / 3, 1]], (Node("cost", [[1, 4], [1 / 4, 1]]), Node("time", [[1, 1 / 3], [3, 1]])))
    return Hierarchy(goal, ["X", "Y"])


def test_distributive_synthesis_by_hand():
    result = two_level().evaluate()
    # weights 0.75 / 0.25; X: 0.75 * 0.8 + 0.25 * 0.25
    assert result.scores["X"] == pytest.approx(0.75 * 0.8 + 0.25 * 0.25)
    assert result.scores.sum() == pytest.approx(1.0)
    assert result.ranking.index.tolist() == ["X", "Y"] and result.ranking["rank"].tolist() == [1, 2]
    assert result.contributions.sum(axis=1).to_numpy() == pytest.approx(result.scores.to_numpy())


def test_global_weights_multiply_down_the_path():
    goal = Node(
        "goal",
        [[1, 1], [1, 1]],
        (
            Node("A", [[1, 3], [1 / 3, 1]], (Node("A1", [[1, 2], [1 / 2, 1]]), Node("A2", [[1, 1], [1, 1]]))),
            Node("B", [[1, 5], [1 / 5, 1]]),
        ),
    )
    result = Hierarchy(goal, ["p", "q"]).evaluate()
    assert result.criteria.loc["A1", "global"] == pytest.approx(0.5 * 0.75)
    assert result.criteria.loc[["A1", "A2", "B"], "global"].sum() == pytest.approx(1.0)
    assert list(result.contributions.columns) == ["A", "B"]
    assert result.within().sum(axis=0).to_numpy() == pytest.approx([1.0, 1.0])


def test_sensitivity_is_linear_and_finds_the_switch():
    result = two_level().evaluate()
    frame = weight_sensitivity(result, "cost", np.linspace(0, 1, 11))
    assert frame.loc[0.0, "X"] == pytest.approx(0.25) and frame.loc[1.0, "X"] == pytest.approx(0.8)
    assert frame.loc[0.0, "best"] == "Y" and frame.loc[1.0, "best"] == "X"
    current = weight_sensitivity(result, "cost", [0.75])
    assert current.loc[0.75, "X"] == pytest.approx(result.scores["X"])
    with pytest.raises(KeyError, match="'money'"):
        weight_sensitivity(result, "money")


def test_structure_errors():
    with pytest.raises(ValueError, match="unique"):
        Hierarchy(Node("g", [[1, 1], [1, 1]], (Node("a", [[1]]), Node("a", [[1]]))), ["x"])
    bad = Hierarchy(Node("g", [[1, 1], [1, 1]], (Node("a", [[1, 2], [1 / 2, 1]]), Node("b", [[1]]))), ["x", "y"])
    with pytest.raises(ValueError, match="node 'b': judgments of shape \\(1, 1\\) for 2 alternatives"):
        bad.evaluate()
    text = Hierarchy(Node("g", "1,2,3;1/2,1,1;1/3,1,1", (Node("a", [[1]]), Node("b", [[1]]))), ["x"])
    with pytest.raises(ValueError, match="node 'g': judgments of shape \\(3, 3\\) for 2 sub-criteria"):
        text.evaluate()
    with pytest.raises(ValueError, match="at least one criterion"):
        Hierarchy(Node("g", [[1]]), ["x"])


def test_inconsistent_nodes_are_listed():
    goal = Node("goal", "1,3,1/3;1/3,1,1/3;3,3,1", tuple(Node(n, [[1, 2], [1 / 2, 1]]) for n in "abc"))
    result = Hierarchy(goal, ["x", "y"]).evaluate(warn=False)
    assert not result.consistent and not result.consistency.loc["goal", "consistent"]
    assert result.to_dict()["ranking"] == result.ranking.index.tolist()
