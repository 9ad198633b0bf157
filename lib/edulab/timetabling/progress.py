"""A progress bar for searches bounded by seconds, by a count (iterations, generations), or both."""

from __future__ import annotations

from tqdm.auto import tqdm

from edulab.timetabling.budget import Budget


class BudgetBar:
    """A ``tqdm.auto`` bar over a time budget when there is one, else over a count budget.

    Parameters
    ----------
    description
        Label of the bar.
    budget
        The search's :class:`~edulab.timetabling.budget.Budget`; the bar follows its seconds
        when it has a time limit, else its iterations.
    unit
        Unit of the iterations ("it", "gen").
    enabled
        False turns the bar off (``progress=False`` in the library's functions).
    """

    def __init__(self, description: str, budget: Budget, unit: str, enabled: bool):
        self.by_time = budget.seconds is not None
        total = round(budget.seconds, 1) if self.by_time else budget.iterations
        fmt = "{l_bar}{bar}| {n:.0f}/{total:.0f} s {postfix}" if self.by_time else None
        self.bar = tqdm(
            total=total,
            desc=description,
            unit="s" if self.by_time else unit,
            disable=not enabled,
            leave=False,
            bar_format=fmt,
        )

    def update(self, done: int, elapsed: float, **postfix) -> None:
        """Show ``done`` (count) or ``elapsed`` (seconds) out of the budget, with figures."""
        position = elapsed if self.by_time else done
        if self.bar.total is not None:
            position = min(position, self.bar.total)
        self.bar.n = position
        self.bar.set_postfix(postfix, refresh=True)

    def close(self) -> None:
        self.bar.close()
