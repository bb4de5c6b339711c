"""What the overview shows, fetched through `queries` (one build per page): the periods
compared, the filters as SQL parameters, the counts, the monthly series, the targets to date, and
the KPIs that do not apply to the view.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from dashboard import queries
from dashboard.kpis import expected_convention, expected_count, rows_by_period
from dashboard.state import Period, ViewState

TERRITORY_LEVELS = {"FR": ("france", "FR"), "R": ("region", None), "D": ("departement", None)}


@dataclass(frozen=True)
class View:
    period: Period  # as chosen (its end may be after the as-of date)
    compared: Period  # the previous period, over the same span when the current one is open
    as_of: date
    counts: dict[str, dict]
    monthly: pl.DataFrame
    targets: dict[str, float]
    hidden: frozenset[str]
    series_step: str = "month"  # the sparklines' periods: month, or quarter/year when protected
    protected: bool = False  # published figures (the small-count rule applied)


def filters_for(state: ViewState, period: Period, compared: Period) -> queries.Filters:
    level, code = state.territoire[:1], state.territoire[1:]
    return queries.Filters(
        start=period.start,
        end=period.end,
        previous_start=compared.start,
        previous_end=compared.end,
        reg_code=code if level == "R" else None,
        dep_code=code if level == "D" else None,
        ze_code=code if level == "Z" else None,
        funder_id=state.financeur,
        programme_id=state.programme,
        segment=state.public,
    )


def periods(state: ViewState, as_of: date) -> tuple[Period, Period, Period]:
    """(the period chosen, the part of it to date, the previous period over the same span)."""
    chosen = state.period(as_of)
    current = chosen.clipped(as_of)
    previous = chosen.previous()
    if current.end < chosen.end:  # open period: compare with the same number of days before
        previous = replace(previous, end=previous.start + (current.end - current.start))
    return chosen, current, previous


def load(scope: queries.Scope, state: ViewState, as_of: date) -> View:
    chosen, current, previous = periods(state, as_of)
    if queries.is_protected(scope, state.territoire):
        return _load_published(scope, state, as_of)
    filters = filters_for(state, current, previous)
    counts = rows_by_period(queries.overview_kpis(scope, filters))
    _add_trained_and_cost(scope, filters, counts)
    spark_end = current.end.replace(day=1)
    months_back = spark_end.year * 12 + spark_end.month - 1 - 11  # twelve months in all
    spark_start = date(months_back // 12, months_back % 12 + 1, 1)
    monthly = queries.overview_monthly(scope, filters, spark_start, spark_end)
    return View(
        chosen,
        previous,
        as_of,
        counts,
        monthly,
        _targets(scope, state, chosen, as_of),
        _hidden(state),
    )


def _add_trained_and_cost(
    scope: queries.Scope, filters: queries.Filters, counts: dict[str, dict]
) -> None:
    for extra in (queries.overview_trained(scope, filters), queries.overview_cost(scope, filters)):
        for period, row in rows_by_period(extra).items():
            counts.setdefault(period, {}).update(
                {k: (float(v) if v is not None else None) for k, v in row.items() if k != "period"}
            )


SERIES_QUARTERS = 8  # a published view's sparkline: the last eight quarters (years by segment)


def _load_published(scope: queries.Scope, state: ViewState, as_of: date) -> View:
    """The view as protected audiences read it: the published grain's row and the one before
    (compared only once the period is over: a part of a period is not published), the
    sparkline's quarters (years for a public segment); professionals trained for France by
    whole year only, and the cost per parcours only over 11 parcours funded or more."""
    chosen = state.period(as_of)
    current = chosen.clipped(as_of)
    grain = queries.grain(
        scope, state.territoire, current.start, current.end, as_of,
        state.financeur, state.programme, state.public,
    )  # fmt: skip
    rows = queries.protected_kpis(scope, grain, grain.previous_start, grain.period_start)
    by_start = {row["period_start"]: row for row in rows.iter_rows(named=True)}
    compared = chosen.previous()
    counts = {"current": dict(by_start.get(grain.period_start, {}))}
    if current.end == chosen.end:
        counts["previous"] = dict(by_start.get(grain.previous_start, {}))
    filters = filters_for(state, current, compared)
    _add_trained_and_cost(scope, filters, counts)
    for row in counts.values():
        _withhold_small_extras(row)
    step = "year" if grain.segment != "*" else "quarter"
    series = replace(grain, period_kind=step)
    last = grain.period_start if step == "year" else _quarters_before(current.end, 0)
    first = date(2019, 1, 1) if step == "year" else _quarters_before(last, SERIES_QUARTERS - 1)
    monthly = queries.protected_kpis(scope, series, first, last).rename({"period_start": "period"})
    # professionals trained: France by whole year only (a year and its quarters would give a
    # quarter's small count by difference; régions would give one from France's)
    national_year = state.territoire == "FR" and grain.period_kind == "year"
    hidden = _hidden(state) | (set() if national_year else {"professionals_trained"})
    return View(
        chosen, compared, as_of, counts, monthly, _targets(scope, state, chosen, as_of),
        frozenset(hidden), series_step=step, protected=True,
    )  # fmt: skip


def _withhold_small_extras(row: dict) -> None:
    """The figures published rows do not hold: professionals trained from 1 to 10 are said
    "< 11"; a cost per parcours over fewer than 11 parcours funded is not shown."""
    lists = {k: list(row.get(k) or ()) for k in ("small_counts", "hidden_counts")}
    trained = row.get("professionals_trained")
    if trained is not None and 1 <= trained < 11:
        row["professionals_trained"] = None
        lists["small_counts"].append("professionals_trained")
        lists["hidden_counts"].append("professionals_trained")
    funded = row.get("parcours_funded_by_share")
    if funded is not None and funded < 11:
        row["payments_eur"] = row["parcours_funded_by_share"] = None
        lists["hidden_counts"].append("parcours_funded_by_share")
    row.update(lists)


def _quarters_before(day: date, count: int) -> date:
    """The first day of the quarter `count` quarters before `day`'s."""
    months = day.year * 12 + 3 * ((day.month - 1) // 3) - 3 * count
    return date(months // 12, months % 12 + 1, 1)


def _hidden(state: ViewState) -> frozenset[str]:
    hidden = set()
    if state.territoire != "FR" or state.public:
        hidden.add("cost_per_parcours")  # payments are not territorial, nor by public
    if state.territoire[:1] in "DZ" or state.financeur or state.programme or state.public:
        hidden.add("professionals_trained")  # sessions are by région, for every public
    return frozenset(hidden)


def _targets(scope: queries.Scope, state: ViewState, period: Period, as_of: date) -> dict:
    """Expected values at the as-of date: the chosen programme's convention, else head office's
    targets for the territory (not for a funder or a public: they are set for everyone)."""
    if state.programme:
        if state.territoire != "FR" or state.public:
            return {}  # a convention's target is for the whole programme, not a subset of it
        rows = queries.overview_programme(scope, state.programme)
        if not rows.height:
            return {}
        row = rows.row(0, named=True)
        found = {}
        if row["target_parcours"]:
            convention = (row["period_start"], row["period_end"])
            found["new_parcours"] = expected_convention(
                row["target_parcours"], convention, period, as_of
            )
        if row["target_return_rate"] is not None:
            found["return_to_employment_rate"] = row["target_return_rate"]
        return found
    level = TERRITORY_LEVELS.get(
        state.territoire if state.territoire == "FR" else state.territoire[:1]
    )
    if state.financeur or state.public or level is None or period.start.year != period.end.year:
        return {}
    code = level[1] or state.territoire[1:]
    rows = queries.overview_targets(scope, level[0], code, period.start, period.end)
    targets = {r["kpi"]: r["target_value"] for r in rows.iter_rows(named=True)}
    found = {k: v for k, v in targets.items() if k.endswith("_rate")}
    if targets.get("new_parcours"):
        found["new_parcours"] = expected_count(targets["new_parcours"], period, as_of)
    return found
