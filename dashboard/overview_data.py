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
    filters = filters_for(state, current, previous)
    counts = rows_by_period(queries.overview_kpis(scope, filters))
    for extra in (queries.overview_trained(scope, filters), queries.overview_cost(scope, filters)):
        for period, row in rows_by_period(extra).items():
            counts.setdefault(period, {}).update(
                {k: (float(v) if v is not None else None) for k, v in row.items() if k != "period"}
            )
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
