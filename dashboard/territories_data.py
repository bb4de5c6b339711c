"""What the territories page shows (data in, values out): the map's context — which territories
at which level, under which breadcrumb — and, for each, the chosen measure with the count it
rests on, its sites and its data completeness; the selected territory's portrait.

The counts for one period and one view come from one query that covers every level at once
(`territories_kpis`); the data layer keeps its answer per served build, so that drilling down,
changing the measure or the order reads no data again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from dashboard import queries
from dashboard.components.quality_completeness import LOW_COMPLETENESS
from dashboard.kpis import add_months
from dashboard.measures import FTE_BASE, Measure, measure
from dashboard.state import Period, ViewState

LEVEL_OF_PREFIX = {"R": "region", "D": "departement", "Z": "zone"}
PREFIX_OF_LEVEL = {level: prefix for prefix, level in LEVEL_OF_PREFIX.items()}
NO_SITE, INCOMPLETE, NO_VALUE, SHOWN = "no_site", "incomplete", "no_value", "shown"
WITHHELD = "withheld"  # the small-count rule: "< 11" or secret


@dataclass(frozen=True)
class Context:
    """What the map draws: `level`, the `codes` of that level (INSEE, without prefix), the
    selected territory (`subject`, a URL code FR/R84/D69/Z8405) and the breadcrumb (URL codes
    from France down to the subject)."""

    level: str
    codes: tuple[str, ...]
    subject: str
    trail: tuple[str, ...]


def map_level(state: ViewState) -> str:
    """The level the map draws for the URL's state: the chosen one at national scale, a
    région's départements (or zones with niveau=zone), zones d'emploi below."""
    subject = state.territoire
    if subject == "FR":
        return state.niveau or "region"
    if subject[0] == "R":
        return "zone" if state.niveau == "zone" else "departement"
    return "zone"


def context(state: ViewState, geography: pl.DataFrame) -> Context:
    """France: every territory of the chosen level. A région: its départements (or, with
    niveau=zone, its zones d'emploi). A département: the zones d'emploi that touch it. A zone:
    the zones of its région(s), itself among them."""
    subject = state.territoire
    prefix, code = subject[:1], subject[1:]
    level = state.niveau or "region"
    if subject == "FR" or _row(geography, LEVEL_OF_PREFIX[prefix], code) is None:
        return Context(level, _codes(geography, level), "FR", ("FR",))
    row = _row(geography, LEVEL_OF_PREFIX[prefix], code)
    if prefix == "R":
        shown = map_level(state)
        return Context(shown, _codes(geography, shown, reg=code), subject, ("FR", subject))
    if prefix == "D":
        region = row["reg_codes"][0]
        trail = ("FR", f"R{region}", subject)
        return Context("zone", _codes(geography, "zone", dep=code), subject, trail)
    regions = row["reg_codes"]
    codes = sorted({c for r in regions for c in _codes(geography, "zone", reg=r)})
    return Context("zone", tuple(codes), subject, ("FR", f"R{regions[0]}", subject))


def _row(geography: pl.DataFrame, level: str, code: str) -> dict | None:
    rows = geography.filter((pl.col("level") == level) & (pl.col("code") == code))
    return rows.row(0, named=True) if rows.height else None


def _codes(
    geography: pl.DataFrame, level: str, reg: str | None = None, dep: str | None = None
) -> tuple[str, ...]:
    rows = geography.filter(pl.col("level") == level)
    if reg is not None:
        rows = rows.filter(pl.col("reg_codes").list.contains(reg))
    if dep is not None:
        rows = rows.filter(pl.col("dep_codes").list.contains(dep))
    return tuple(rows.get_column("code").sort().to_list())


@dataclass(frozen=True)
class Territory:
    """One territory as the map, the ranking and the portrait show it."""

    code: str  # INSEE code, without prefix
    url_code: str  # R84, D69, Z8405
    name: str
    value: float | None
    count: float | None  # what a rate or median rests on (parcours, or FTE)
    sites: int
    expected: int  # site-months expected to report
    reported: int
    status: str  # SHOWN, INCOMPLETE, NO_VALUE, NO_SITE or WITHHELD
    withheld: str | None = None  # why not shown, for protected audiences: SMALL or HIDDEN

    @property
    def completeness(self) -> float | None:
        return self.reported / self.expected if self.expected else None


@dataclass(frozen=True)
class TerritoryView:
    period: Period
    as_of: date
    context: Context
    measure: Measure
    territories: list[Territory]  # those the map draws, in code order
    counts: pl.DataFrame  # territories_kpis, or the published rows (every level)
    sites: pl.DataFrame  # territories_sites (every level)
    geography: pl.DataFrame
    series_step: str = "month"  # the trend's periods (quarter or year when protected)

    def counts_of(self, url_code: str) -> dict:
        """The counts of a territory (FR, R84, D69, Z8405) with its sites and FTE."""
        level, code = _split(url_code)
        match = (pl.col("level") == level) & (pl.col("code") == code)
        found = self.counts.filter(match)
        row = found.row(0, named=True) if found.height else {}
        sites = self.sites.filter(match)
        if sites.height:
            row = {**row, **sites.row(0, named=True)}
        return row

    def name_of(self, url_code: str) -> str:
        if url_code == "FR":
            return "France"
        level, code = _split(url_code)
        row = _row(self.geography, level, code)
        return row["name"] if row else url_code


def _split(url_code: str) -> tuple[str, str]:
    if url_code == "FR":
        return "france", "FR"
    return LEVEL_OF_PREFIX[url_code[:1]], url_code[1:]


def territories(
    ctx: Context,
    chosen: Measure,
    counts: pl.DataFrame,
    sites: pl.DataFrame,
    geography: pl.DataFrame,
) -> list[Territory]:
    """The territories of the context with the measure's value and their status: no site
    (nothing to show), incomplete (completeness < 80 %: a low figure may be missing reports),
    no value (e.g. a rate without any closed parcours), or shown."""
    level = ctx.level
    names = dict(geography.filter(pl.col("level") == level).select("code", "name").iter_rows())
    by_code = {r["code"]: r for r in counts.filter(pl.col("level") == level).iter_rows(named=True)}
    site_rows = {r["code"]: r for r in sites.filter(pl.col("level") == level).iter_rows(named=True)}
    found = []
    for code in ctx.codes:
        site = site_rows.get(code, {})
        row = {**by_code.get(code, {}), "fte": site.get("fte")}
        value = chosen.value(row) if code in by_code else None
        reason = chosen.withheld(row) if code in by_code else None
        expected, reported = site.get("expected") or 0, site.get("reported") or 0
        if not site.get("sites") and code not in by_code:
            status = NO_SITE
        elif reason:
            status = WITHHELD
        elif expected and reported / expected < LOW_COMPLETENESS:
            status = INCOMPLETE
        elif value is None:
            status = NO_VALUE
        else:
            status = SHOWN
        found.append(
            Territory(
                code=code,
                url_code=PREFIX_OF_LEVEL[level] + code,
                name=names.get(code, code),
                value=value,
                count=chosen.count(row),
                sites=int(site.get("sites") or 0),
                expected=int(expected),
                reported=int(reported),
                status=status,
                withheld=reason,
            )
        )
    return found


# --- data access: one build per page (answers are kept per build by dashboard.queries) -------


def trend(scope: queries.Scope, state: ViewState) -> tuple[str, list[tuple[date, float | None]]]:
    """The chosen measure in the selected territory month by month, over the twelve months to
    the period's end (empty for a measure the monthly counts do not hold: medians, caseload) —
    for protected audiences, quarter by quarter over eight (year by year with a public), from
    the published rows. Reads the monthly counts only, not the territories' counts. Returns
    the step (month, quarter or year) and the points."""
    chosen = measure(state.mesure)
    needed = {c for c in (chosen.value_column, chosen.numerator, chosen.base) if c}
    with queries.same_build():
        version = queries.data_version(scope)
        subject = context(state, queries.territories_geography(scope)).subject
        period = state.period(version.as_of).clipped(version.as_of)
        if queries.is_protected(scope, subject):
            step, rows = _published_series(scope, state.with_values(territoire=subject), period)
            if chosen.base == FTE_BASE:
                return step, []
            return step, [(r["period_start"], chosen.value(r)) for r in rows.iter_rows(named=True)]
        last = period.end.replace(day=1)
        first = add_months(last, -11)
        level, code = _split(subject)
        filters = queries.Filters(
            start=first,
            end=period.end,
            previous_start=first,
            previous_end=period.end,
            reg_code=code if level == "region" else None,
            dep_code=code if level == "departement" else None,
            ze_code=code if level == "zone" else None,
            funder_id=state.financeur,
            programme_id=state.programme,
            segment=state.public,
        )
        monthly = queries.overview_monthly(scope, filters, first, last)
    if not needed <= set(monthly.columns):
        return "month", []
    return "month", [(row["period"], chosen.value(row)) for row in monthly.iter_rows(named=True)]


def load(scope: queries.Scope, state: ViewState) -> TerritoryView:
    """The view of the URL's state, read from one build: exact counts for the data steward
    and a director within its région, the published ones for everyone else (NotPublished
    when the map would show a grain that is not published)."""
    with queries.same_build():
        version = queries.data_version(scope)
        period = state.period(version.as_of).clipped(version.as_of)
        geography = queries.territories_geography(scope)
        ctx = context(state, geography)
        step = "month"
        if queries.is_protected(scope, ctx.subject):
            counts, step = _published(scope, state, ctx, period, version.as_of)
        else:
            counts = queries.territories_kpis(
                scope, period.start, period.end, state.financeur, state.programme, state.public
            )
        first_month, last_month = period.start.replace(day=1), period.end.replace(day=1)
        sites = queries.territories_sites(scope, first_month, last_month)
    chosen = measure(state.mesure)
    shown = territories(ctx, chosen, counts, sites, geography)
    return TerritoryView(
        period, version.as_of, ctx, chosen, shown, counts, sites, geography, series_step=step
    )


def _published(
    scope: queries.Scope, state: ViewState, ctx: Context, period: Period, as_of: date
) -> tuple[pl.DataFrame, str]:
    """Every territory's published row for the view's grain, and the trend's step. A
    programme is published for France and the régions, a public down to départements."""
    chosen = _grain(scope, state.with_values(territoire=ctx.subject), period, as_of)
    if chosen.slice.startswith("P:") and ctx.level != "region":
        raise queries.NotPublished("programme")
    if chosen.segment != "*" and ctx.level == "zone":
        raise queries.NotPublished("segment")
    rows = queries.protected_kpis(
        scope, chosen, chosen.period_start, chosen.period_start, everywhere=True
    )
    return rows, "year" if chosen.segment != "*" else "quarter"


def _grain(scope: queries.Scope, state: ViewState, period: Period, as_of: date) -> queries.Grain:
    return queries.grain(
        scope, state.territoire, period.start, period.end, as_of,
        state.financeur, state.programme, state.public,
    )  # fmt: skip


def _published_series(
    scope: queries.Scope, state: ViewState, period: Period
) -> tuple[str, pl.DataFrame]:
    """The published rows of the view's territory over eight quarters to the period's (its
    years with a public segment)."""
    chosen = _grain(scope, state, period, period.end)
    if chosen.segment != "*":
        series = replace(chosen, period_kind="year")
        return "year", queries.protected_kpis(scope, series, date(2019, 1, 1), chosen.period_start)
    last = date(period.end.year, 3 * ((period.end.month - 1) // 3) + 1, 1)
    first = add_months(last, -21)
    series = replace(chosen, period_kind="quarter")
    return "quarter", queries.protected_kpis(scope, series, first, last)
