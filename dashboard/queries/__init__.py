"""THE door to the warehouse: the only package of the dashboard that touches DuckDB.

- `connections`: the served build (`<warehouse>/current`, read on every call), one read-only,
  sealed connection per thread, reopened when the pointer moves; `same_build()` for a page.
- `sqlfiles`: SQL lives in `dashboard/sql/<query>.sql` (one SELECT each, reading marts.* and
  meta.* — and quarantine.* for the data steward's quality page only); values travel as bound
  `$named` parameters.
- `results`: answers kept per served build (a build never changes once published).
- `disclosure`: who reads exact figures, and the published grain (`marts.protected_kpis`) a
  protected audience's view reads, or `NotPublished`.
- `scope`: every public query function takes the user's `Scope` first. Deny by default: a scope
  the data layer cannot yet apply in SQL is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard.queries import connections, results
from dashboard.queries.connections import same_build
from dashboard.queries.disclosure import (
    HIDDEN,
    SMALL,
    Grain,
    NotPublished,
    grain,
    is_protected,
    protected_kpis,
    withheld,
)
from dashboard.queries.quality import (
    DATA_STEWARD_ROLE,
    REJECTS_ROW_LIMIT,
    completeness_level,
    quality_checks,
    quality_completeness,
    quality_quarantine_rules,
    quality_quarantine_shares,
    quality_rejects,
    quality_served_run,
    quality_sources,
)
from dashboard.queries.scope import DataUnavailable, Scope, ScopeRefused, scope_params
from dashboard.queries.sqlfiles import frame as _frame
from dashboard.queries.territories import (
    territories_geography,
    territories_kpis,
    territories_site_list,
    territories_sites,
)

__all__ = [
    "DATA_STEWARD_ROLE",
    "HIDDEN",
    "REJECTS_ROW_LIMIT",
    "SMALL",
    "DataUnavailable",
    "DataVersion",
    "Filters",
    "Grain",
    "NotPublished",
    "Scope",
    "ScopeRefused",
    "close",
    "completeness_level",
    "data_version",
    "filter_programmes",
    "filter_territories",
    "grain",
    "is_protected",
    "overview_cost",
    "overview_kpis",
    "overview_monthly",
    "overview_programme",
    "overview_targets",
    "overview_trained",
    "page_frame",
    "protected_kpis",
    "quality_checks",
    "quality_completeness",
    "quality_quarantine_rules",
    "quality_quarantine_shares",
    "quality_rejects",
    "quality_served_run",
    "quality_sources",
    "same_build",
    "territories_geography",
    "territories_kpis",
    "territories_site_list",
    "territories_sites",
    "withheld",
]


def close() -> None:
    """Close this thread's connection and forget the answers kept (tests, shutdown)."""
    connections.close()
    results.clear()


@dataclass(frozen=True)
class DataVersion:
    """The served build: its run id and the date its data are as of."""

    run_id: str
    as_of: date


def data_version(scope: Scope) -> DataVersion:
    frame = _frame(scope, "data_version")
    if frame.height != 1:
        raise DataUnavailable(
            "La version publiée de l'entrepôt ne décrit pas un traitement réussi "
            "(meta.runs) : relancez le pipeline."
        )
    row = frame.row(0, named=True)
    return DataVersion(run_id=row["run_id"], as_of=row["as_of"])


def filter_territories(scope: Scope) -> pl.DataFrame:
    """Territories with sites, for the filters: level, code, name, parent région."""
    return _frame(scope, "filter_territories")


def filter_programmes(scope: Scope) -> pl.DataFrame:
    """Funders and their programmes, for the filters."""
    return _frame(scope, "filter_programmes")


def page_frame(scope: Scope) -> tuple[DataVersion, pl.DataFrame, pl.DataFrame]:
    """What every page's frame shows: the served build's version and the filters' territories
    and programmes (inside the page's `same_build()`, with its own figures)."""
    return data_version(scope), filter_territories(scope), filter_programmes(scope)


@dataclass(frozen=True)
class Filters:
    """A view's data filters, bound as SQL parameters (built from the URL's view state): the
    period and the previous one, one territory level, a funder or programme, one segment."""

    start: date
    end: date
    previous_start: date
    previous_end: date
    reg_code: str | None = None
    dep_code: str | None = None
    ze_code: str | None = None
    funder_id: str | None = None
    programme_id: str | None = None
    segment: str | None = None

    def params(self) -> dict[str, object]:
        return dict(self.__dict__)


def overview_kpis(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Headline counts behind the overview's KPIs, one row per period (current, previous)."""
    return _frame(scope, "overview_kpis", **filters.params())


def overview_monthly(
    scope: Scope, filters: Filters, spark_start: date, spark_end: date
) -> pl.DataFrame:
    """The same counts per month from `spark_start` to `spark_end` (the sparklines). Without a
    public, funder or programme filter they come from the nightly site-month counts."""
    params = {**filters.params(), "spark_start": spark_start, "spark_end": spark_end}
    everyone = scope_params(scope)["scope_all_programmes"] and not (
        filters.segment or filters.funder_id or filters.programme_id
    )
    return _frame(scope, "overview_monthly_all" if everyone else "overview_monthly", **params)


def overview_trained(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Professionals trained per period (current, previous) in the view's région."""
    return _frame(scope, "overview_trained", **filters.params())


def overview_cost(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Payments and parcours funded by share per period (current, previous)."""
    return _frame(scope, "overview_cost", **filters.params())


def overview_targets(scope: Scope, level: str, code: str, start: date, end: date) -> pl.DataFrame:
    """Head office's targets for a territory (level france/region/departement) and years."""
    return _frame(scope, "overview_targets", level=level, code=code, start=start, end=end)


def overview_programme(scope: Scope, programme_id: str) -> pl.DataFrame:
    """A programme's convention: period, target parcours and return rate."""
    return _frame(scope, "overview_programme", programme_id=programme_id)
