"""Dates as day numbers (days since 1970-01-01) for vectorised generation, and back."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def month_starts(first: date, last: date) -> list[date]:
    """First days of the months from `first`'s month to `last`'s month, inclusive."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def years_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Calendar month arithmetic as DuckDB does it (`date + interval n month`): the day of the
    month is kept, clamped to the target month's length (31 Aug + 6 months = 28 or 29 Feb)."""
    as_dates = days.astype("datetime64[D]")
    month = as_dates.astype("datetime64[M]")
    offset = (as_dates - month.astype("datetime64[D]")).astype(int)
    target = month + months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(int)
    return target.astype("datetime64[D]").astype(int) + np.minimum(offset, length - 1)


def to_date_series(days: np.ndarray) -> pl.Series:
    """Day numbers to a polars Date series; a negative day number means null."""
    frame = pl.DataFrame({"day": np.asarray(days).astype(np.int32)})
    return frame.select(pl.when(pl.col("day") >= 0).then(pl.col("day")).cast(pl.Date)).to_series()
