"""The overview's figures (pure: query frames in, values out) — PRODUCT.md's glossary.

Each KPI is computed from the counts of `overview_kpis` (current and previous period) and of
`overview_monthly` (its sparkline); rates are marked provisional while their outcomes are not all
due; where a target exists (head office's, or the chosen programme's convention) the card gets
the expected value to date and a status: green ≥ 95 %, amber ≥ 80 %, red below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard.measures import COUNT, ENERGY, MONEY, RATE
from dashboard.queries.disclosure import withheld
from dashboard.state import Period

GREEN, AMBER, RED = "green", "amber", "red"
SIX_MONTHS = 6  # the 6-month follow-up (due at end + 6 months, as the pipeline says)
SURVEYED = 7  # the t6 survey: 6 months after exit, collected within the following weeks


def _ratio(numerator: str, denominator: str) -> Callable[[dict], float | None]:
    """numerator ÷ base; none without a base, or when either is withheld (null in a published
    row)."""

    def compute(row: dict) -> float | None:
        base, part = row.get(denominator), row.get(numerator, 0)
        return part / base if base and part is not None else None

    return compute


def _cost(row: dict) -> float | None:
    """Payments ÷ parcours funded by share; none without a payment dated in the period (a
    payment-less quarter is not a free one)."""
    paid, funded = row.get("payments_eur"), row.get("parcours_funded_by_share")
    return paid / funded if paid and funded else None


def _column(name: str, default: float | None = None) -> Callable[[dict], float | None]:
    """A count (default 0: no row means nothing happened) or a sum (default None); none when
    the row holds it withheld (null in a published row)."""
    return lambda row: row.get(name, default)


@dataclass(frozen=True)
class Kpi:
    key: str  # catalog prefix kpi.<key>.*
    kind: str
    compute: Callable[[dict], float | None]
    settles_after_months: int | None  # provisional until this many months after the period
    inputs: tuple[str, ...]  # the counts it rests on (withheld when one of them is)


def _kpi(key: str, kind: str, inputs: tuple[str, ...], settles: int | None, compute=None) -> Kpi:
    """A count of `inputs[0]`, or a rate `inputs[0]` ÷ `inputs[1]` (or `compute`)."""
    if compute is None:
        compute = _ratio(*inputs) if kind == RATE else _column(inputs[0], 0)
    return Kpi(key, kind, compute, settles, inputs)


KPIS = (
    _kpi("active_people", COUNT, ("active_people",), None),
    _kpi("new_parcours", COUNT, ("new_parcours",), None),
    _kpi("return_to_employment_rate", RATE, ("returns_to_employment", "outcome_base"), 0),
    _kpi("positive_exit_rate", RATE, ("positive_exits", "outcome_base"), 0),
    _kpi("employment_6m", RATE, ("employed_6m", "outcome_6m_known"), SIX_MONTHS),
    _kpi("energy_saved", ENERGY, ("energy_measured",), SURVEYED, _column("energy_saved_kwh")),
    _kpi("share_saving_30", RATE, ("savings_30", "measured_savings"), SURVEYED),
    _kpi("cost_per_parcours", MONEY, ("parcours_funded_by_share",), None, _cost),
    _kpi("professionals_trained", COUNT, ("professionals_trained",), None),
)


@dataclass(frozen=True)
class Target:
    expected: float  # the value expected at the as-of date (a count pro rata, or the rate)
    ratio: float  # actual ÷ expected

    @property
    def status(self) -> str:
        return GREEN if self.ratio >= 0.95 else AMBER if self.ratio >= 0.8 else RED


@dataclass(frozen=True)
class KpiFigure:
    key: str
    kind: str
    value: float | None
    previous_value: float | None
    series: list[tuple[date, float | None]]
    provisional: bool = False
    target: Target | None = None
    co2e_tonnes: float | None = None  # beside the energy saved
    withheld: str | None = None  # SMALL ("< 11") or HIDDEN: not published for this audience
    series_step: str = "month"  # the sparkline's periods: month, quarter or year

    @property
    def change(self) -> float | None:
        """A relative change (fraction) for counts and amounts, points for rates; none for an
        energy sum still waiting for its surveys (it would compare unlike with like)."""
        if self.value is None or self.previous_value is None:
            return None
        if self.provisional and self.kind == ENERGY:
            return None
        if self.kind == RATE:
            return (self.value - self.previous_value) * 100
        return (
            (self.value - self.previous_value) / self.previous_value
            if self.previous_value
            else None
        )


def rows_by_period(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["period"]: row for row in frame.iter_rows(named=True)}


def is_provisional(kpi: Kpi, period: Period, as_of: date) -> bool:
    if kpi.settles_after_months is None:
        return False
    return period.end > as_of or as_of < add_months(period.end, kpi.settles_after_months)


def add_months(day: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length (31 Aug + 6 = 28/29 Feb), as the
    pipeline's `date + interval n month`."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def figures(
    counts: dict[str, dict],
    monthly: pl.DataFrame,
    period: Period,
    as_of: date,
    targets: dict[str, float] | None = None,
    hidden: frozenset[str] = frozenset(),
    series_step: str = "month",
) -> list[KpiFigure]:
    """The cards of the overview, in KPIS order. `counts` maps 'current'/'previous' to the merged
    counts of the queries (published rows say which counts they withhold); `targets` maps a KPI
    key to its expected value at the as-of date; `hidden` names KPIs that do not apply to the
    view (shown as not available); `monthly` holds the sparklines' rows, one per
    `series_step`."""
    current, previous = counts.get("current", {}), counts.get("previous", {})
    rows = list(monthly.iter_rows(named=True))
    found = []
    for kpi in KPIS:
        if kpi.key in hidden:
            found.append(KpiFigure(kpi.key, kpi.kind, None, None, []))
            continue
        value = kpi.compute(current)
        reason = withheld(current, kpi.inputs, kpi.kind == COUNT) if value is None else None
        expected = (targets or {}).get(kpi.key)
        target = Target(expected, value / expected) if expected and value is not None else None
        found.append(
            KpiFigure(
                key=kpi.key,
                kind=kpi.kind,
                value=value,
                previous_value=kpi.compute(previous),
                series=[(row["period"], kpi.compute(row)) for row in rows if kpi.key in SERIES],
                provisional=is_provisional(kpi, period, as_of),
                target=target,
                co2e_tonnes=_co2e(current) if kpi.key == "energy_saved" else None,
                withheld=reason,
                series_step=series_step,
            )
        )
    return found


SERIES = {
    "active_people",
    "new_parcours",
    "return_to_employment_rate",
    "positive_exit_rate",
    "employment_6m",
    "energy_saved",
    "share_saving_30",
}


def _co2e(row: dict) -> float | None:
    kilograms = row.get("co2e_avoided_kg")
    return kilograms / 1000 if kilograms is not None else None


def expected_count(annual_target: float, period: Period, as_of: date) -> float:
    """A yearly target pro rata of the days of `period` elapsed by `as_of` (within its year)."""
    year_start, year_end = date(period.start.year, 1, 1), date(period.start.year, 12, 31)
    end = min(period.end, as_of, year_end)
    days = (end - max(period.start, year_start)).days + 1
    return annual_target * max(days, 0) / ((year_end - year_start).days + 1)


def expected_convention(
    target_parcours: float, convention: tuple[date, date], period: Period, as_of: date
) -> float:
    """A programme's target pro rata of the part of its convention the view covers to date."""
    first, last = convention
    end = min(period.end, as_of, last)
    days = (end - max(period.start, first)).days + 1
    return target_parcours * max(days, 0) / ((last - first).days + 1)
