"""An AHP hierarchy: a goal, criteria and sub-criteria, and alternatives compared under each
leaf criterion, giving global priorities and a ranking of the alternatives.

Al-Sarem (2017), section 6: the goal (the best section of a course) splits into course,
social and individual factors (Table 15), each into three sub-criteria (Table 16); the
sections of the course are compared under every sub-criterion and the results combined into
the overall priorities of Table 17. The global weight of a criterion is the product of the
local priorities on its path from the goal; the score of an alternative is the sum over the
leaf criteria of the leaf's global weight times the alternative's local priority there
(Saaty 1980, distributive synthesis), so the scores of all alternatives sum to 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from edulab.advising.ahp import CR_THRESHOLD, DEFAULT_RI_TABLE, AHPResult, analyse, parse_matrix


@dataclass(frozen=True)
class Node:
    """A criterion of the hierarchy (the goal at the top).

    Attributes
    ----------
    name
        Unique in the hierarchy.
    judgments
        Pairwise comparisons of the children, in the order of ``children``; at a leaf, of the
        hierarchy's alternatives. An array or text for :func:`edulab.advising.ahp.parse_matrix`.
    children
        Sub-criteria; empty for a leaf.
    """

    name: str
    judgments: ArrayLike | str
    children: tuple[Node, ...] = ()

    def walk(self, depth: int = 0, parent: str | None = None):
        """Yield ``(node, depth, parent name)`` for this node and every node below it."""
        yield self, depth, parent
        for child in self.children:
            yield from child.walk(depth + 1, self.name)


@dataclass(frozen=True)
class HierarchyResult:
    """Everything a hierarchy evaluates to.

    Attributes
    ----------
    criteria
        One row per criterion below the goal: ``parent``, ``depth``, ``local`` and ``global``
        weight, ``leaf``.
    local
        Local priorities of the alternatives (rows) under each leaf criterion (columns).
    contributions
        Score of each alternative (rows) contributed through each top-level criterion
        (columns); the rows sum to the scores.
    scores
        Global priority of each alternative, summing to 1.
    matrices
        The :class:`~edulab.advising.ahp.AHPResult` of every node, by node name.
    """

    criteria: pd.DataFrame
    local: pd.DataFrame
    contributions: pd.DataFrame
    scores: pd.Series
    matrices: dict[str, AHPResult] = field(repr=False)

    @property
    def ranking(self) -> pd.DataFrame:
        """Alternatives best first, with ``score`` and ``rank``."""
        ordered = self.scores.sort_values(ascending=False, kind="stable")
        return pd.DataFrame({"score": ordered, "rank": np.arange(1, len(ordered) + 1)})

    @property
    def consistency(self) -> pd.DataFrame:
        """``n``, ``lambda_max``, ``ci``, ``cr`` and ``consistent`` of every comparison matrix."""
        rows = {
            name: {"n": r.n, "lambda_max": r.lambda_max, "ci": r.ci, "cr": r.cr, "consistent": r.consistent}
            for name, r in self.matrices.items()
        }
        return pd.DataFrame.from_dict(rows, orient="index")

    @property
    def consistent(self) -> bool:
        """True when every matrix of the hierarchy has an acceptable CR."""
        return all(r.consistent for r in self.matrices.values())

    def within(self) -> pd.DataFrame:
        """Score of each alternative inside each top-level criterion (columns sum to 1)."""
        weights = self.criteria.loc[self.contributions.columns, "global"]
        return self.contributions / weights

    def to_dict(self) -> dict:
        return {
            "scores": {str(k): float(v) for k, v in self.scores.items()},
            "ranking": self.ranking.index.to_list(),
            "criteria": self.criteria.reset_index().to_dict("records"),
            "consistency": self.consistency.reset_index().rename(columns={"index": "node"}).to_dict("records"),
        }


class Hierarchy:
    """Goal, criteria and alternatives of an AHP decision.

    Parameters
    ----------
    goal
        The top node; its judgments compare the top-level criteria.
    alternatives
        Names of the alternatives, in the order of the leaf judgments.
    method, ri_table, threshold
        Passed to :func:`edulab.advising.ahp.analyse` for every matrix.

    Raises
    ------
    ValueError
        On a repeated node name, or judgments whose size does not match the node's children
        (or the alternatives, at a leaf).
    """

    def __init__(
        self,
        goal: Node,
        alternatives: Sequence[str],
        *,
        method: str = "eigen",
        ri_table: str = DEFAULT_RI_TABLE,
        threshold: float = CR_THRESHOLD,
    ) -> None:
        self.goal = goal
        self.alternatives = list(alternatives)
        self.method = method
        self.ri_table = ri_table
        self.threshold = threshold
        if not goal.children:
            raise ValueError(f"the goal {goal.name!r} needs at least one criterion (children)")
        names = [node.name for node, _, _ in goal.walk()]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"node names must be unique, repeated: {repeated}")
        if len(set(self.alternatives)) != len(self.alternatives) or not self.alternatives:
            raise ValueError(f"alternatives must be distinct and at least one, got {self.alternatives}")

    def leaves(self) -> list[Node]:
        return [node for node, _, _ in self.goal.walk() if not node.children]

    def evaluate(self, *, warn: bool = True) -> HierarchyResult:
        """Analyse every matrix and combine the priorities down the hierarchy."""
        matrices: dict[str, AHPResult] = {}
        rows = []
        global_weight = {self.goal.name: 1.0}
        for node, depth, parent in self.goal.walk():
            items = [c.name for c in node.children] if node.children else self.alternatives
            result = self._analyse(node, items, warn)
            matrices[node.name] = result
            if parent is not None:
                local = float(matrices[parent].priorities[node.name])
                global_weight[node.name] = global_weight[parent] * local
                rows.append(
                    {
                        "criterion": node.name,
                        "parent": parent,
                        "depth": depth,
                        "local": local,
                        "global": global_weight[node.name],
                        "leaf": not node.children,
                    }
                )
        criteria = pd.DataFrame(rows).set_index("criterion")
        leaves = [leaf.name for leaf in self.leaves()]
        local = pd.DataFrame({name: matrices[name].priorities for name in leaves}).reindex(self.alternatives)
        top = [child.name for child in self.goal.children]
        contributions = pd.DataFrame(0.0, index=self.alternatives, columns=top)
        for leaf in leaves:
            branch = self._top_ancestor(leaf, criteria)
            contributions[branch] += criteria.loc[leaf, "global"] * local[leaf]
        scores = contributions.sum(axis=1).rename("score")
        return HierarchyResult(criteria, local, contributions, scores, matrices)

    def _analyse(self, node: Node, items: list[str], warn: bool) -> AHPResult:
        judgments = parse_matrix(node.judgments) if isinstance(node.judgments, str) else node.judgments
        size = np.shape(judgments)
        if size != (len(items), len(items)):
            what = "sub-criteria" if node.children else "alternatives"
            raise ValueError(f"node {node.name!r}: judgments of shape {size} for {len(items)} {what} {items}")
        return analyse(
            judgments,
            names=items,
            method=self.method,
            ri_table=self.ri_table,
            threshold=self.threshold,
            warn=warn,
            label=node.name,
        )

    def _top_ancestor(self, name: str, criteria: pd.DataFrame) -> str:
        while criteria.loc[name, "parent"] != self.goal.name:
            name = criteria.loc[name, "parent"]
        return name


def weight_sensitivity(result: HierarchyResult, criterion: str, weights: ArrayLike | None = None) -> pd.DataFrame:
    """Scores of the alternatives as the weight of one top-level criterion varies.

    The other top-level criteria keep their ratios and share ``1 - weight``; inside every
    criterion the alternatives keep their scores (:meth:`HierarchyResult.within`).

    Returns
    -------
    pandas.DataFrame
        Rows indexed by ``weight``; one column per alternative, plus ``best`` (the top-ranked
        alternative at that weight).
    """
    within = result.within()
    if criterion not in within.columns:
        raise KeyError(f"{criterion!r} is not a top-level criterion; choose one of {within.columns.to_list()}")
    grid = np.linspace(0.0, 1.0, 101) if weights is None else np.asarray(weights, dtype=float)
    if np.any((grid < 0) | (grid > 1)):
        raise ValueError("weights must lie in [0, 1]")
    base = result.criteria.loc[within.columns, "global"]
    others = base.drop(criterion)
    share = others / others.sum() if others.sum() > 0 else others * 0 + 1 / max(len(others), 1)
    table = np.outer(grid, within[criterion].to_numpy()) + np.outer(
        1 - grid, within[others.index].to_numpy() @ share.to_numpy()
    )
    frame = pd.DataFrame(table, index=pd.Index(grid, name="weight"), columns=within.index)
    frame["best"] = frame[within.index].idxmax(axis=1)
    return frame
