"""A progress bar for searches bounded by seconds, by a count (iterations, generations), or both."""

from __future__ import annotations

from tqdm.auto import tqdm


class BudgetBar:
    """A ``tqdm.auto`` bar over a time budget when there is one, else over a count budget.

    Parameters
    ----------
    description
        Label of the bar.
    seconds, count
        The budgets (either may be None); the bar follows ``seconds`` when given.
    unit
        Unit of ``count`` ("it", "gen").
    enabled
        False turns the bar off (``progress=False`` in the library's functions).
    """

    def __init__(self, description: str, seconds: float | None, count: int | None, unit: str, enabled: bool):
        self.by_time = seconds is not None
        total = round(seconds, 1) if self.by_time else count
        fmt = "{l_bar}{bar}| {n:.0f}/{total:.0f} s {postfix}" if self.by_time else None
        self.bar = tqdm(total=total, desc=description, unit="s" if self.by_time else unit, disable=not enabled, leave=False, bar_format=fmt)

    def update(self, done: int, elapsed: float, **postfix) -> None:
        """Show ``done`` (count) or ``elapsed`` (seconds) out of the budget, with figures."""
        position = elapsed if self.by_time else done
        if self.bar.total is not None:
            position = min(position, self.bar.total)
        self.bar.n = position
        self.bar.set_postfix(postfix, refresh=True)

    def close(self) -> None:
        self.bar.close()
