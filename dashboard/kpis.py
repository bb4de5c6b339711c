"""Which national figures the overview shows and how they changed (pure: frames in, values out).

The overview shows the latest full year: the last year strictly before the as-of year that
marts.kpi_by_year holds (the as-of year itself is partial), compared with the year before it.
Counts change in per cent of the previous value; rates change in percentage points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

COUNT = "count"
RATE = "rate"


@dataclass(frozen=True)
class Kpi:
    key: str  # the column of marts.kpi_by_year, and the catalog prefix kpi.<key>.*
    kind: str  # COUNT or RATE (a fraction 0–1, shown as a percentage)


OVERVIEW_KPIS = (
    Kpi("new_parcours", COUNT),
    Kpi("active_people", COUNT),
    Kpi("return_to_employment_rate", RATE),
    Kpi("positive_exit_rate", RATE),
    Kpi("closed_parcours", COUNT),
)


@dataclass(frozen=True)
class KpiFigure:
    key: str
    kind: str
    year: int
    value: float | None
    previous_year: int
    previous_value: float | None

    @property
    def change(self) -> float | None:
        """Relative change (fraction) for a count, difference in points for a rate; None when
        there is nothing to compare with."""
        if self.value is None or self.previous_value is None:
            return None
        if self.kind == RATE:
            return (self.value - self.previous_value) * 100
        if self.previous_value == 0:
            return None
        return (self.value - self.previous_value) / self.previous_value


def latest_full_year(frame: pl.DataFrame, as_of: date) -> int | None:
    """The last year strictly before the as-of year present in `frame` (None if none)."""
    return max((y for y in frame.get_column("year").to_list() if y < as_of.year), default=None)


def year_figures(
    frame: pl.DataFrame, year: int, kpis: tuple[Kpi, ...] = OVERVIEW_KPIS
) -> list[KpiFigure]:
    """The figures of `year` beside those of the year before (absent year → no comparison)."""
    rows = {row["year"]: row for row in frame.iter_rows(named=True)}
    current, previous = rows[year], rows.get(year - 1, {})
    return [
        KpiFigure(
            key=kpi.key,
            kind=kpi.kind,
            year=year,
            value=current[kpi.key],
            previous_year=year - 1,
            previous_value=previous.get(kpi.key),
        )
        for kpi in kpis
    ]
