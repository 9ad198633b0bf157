"""How many credits a student may register: the load rule of Al-Sarem (2017), section 2 and 6.

Section 2: a student whose GPA at term ``t - 1`` is below a threshold ``theta`` may register
only the minimum (full-time) load ``lambda_0``, otherwise up to the maximum load ``lambda_1``;
a student expected to graduate may register an extended load ``lambda_e``. Section 6 gives
Taibah University's values: ``lambda_1`` in [12, 17] for 2.8 <= GPA <= 5, 12 credits below
(the paper prints "GPA >= 2.7", read here as GPA < 2.8, and "5 <= GPA <= 2.8", read as
2.8 <= GPA <= 5), and [17, 21] for a student expected to graduate next term. Its example: a
GPA of 3.21 allows up to 17 credits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadRule:
    """The credit-load rule, with the paper's values as defaults.

    Attributes
    ----------
    threshold
        GPA threshold ``theta`` (0-5 scale) below which only the minimum load is allowed.
    minimum_load
        ``lambda_0``: the full-time load, and the whole allowance below the threshold.
    maximum_load
        ``lambda_1`` for a student at or above the threshold.
    graduating_load
        ``lambda_e``: the extended load of a student expected to graduate next term.
    """

    threshold: float = 2.8
    minimum_load: int = 12
    maximum_load: int = 17
    graduating_load: int = 21

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 5:
            raise ValueError(f"threshold must be a GPA in [0, 5], got {self.threshold}")
        if not 0 < self.minimum_load <= self.maximum_load <= self.graduating_load:
            raise ValueError(
                "expected 0 < minimum_load <= maximum_load <= graduating_load, got "
                f"{self.minimum_load}, {self.maximum_load}, {self.graduating_load}"
            )

    def max_credits(self, gpa: float, *, graduating: bool = False) -> int:
        """``lambda_1`` for a student with this GPA (at term ``t - 1``).

        The graduating extension comes first, as in the paper's rule.
        """
        if not 0 <= gpa <= 5:
            raise ValueError(f"GPA must lie in [0, 5], got {gpa}")
        if graduating:
            return self.graduating_load
        return self.maximum_load if gpa >= self.threshold else self.minimum_load

    def is_graduating(self, remaining_credits: int) -> bool:
        """Expected to graduate next term: the remaining credits fit in the extended load."""
        return 0 < remaining_credits <= self.graduating_load


#: Taibah University's rule as Al-Sarem (2017) gives it.
PAPER_RULE = LoadRule()
