"""What the data-quality page shows, fetched through `queries` from the served build (one build
per page): the served build's own record, freshness per source table, the checks, the
quarantine (the quarantined rows of one source table for the data steward only: they hold
personal data) and data completeness per territory and month — and the completeness table of
the view, which the page and its CSV export both draw from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard import queries
from dashboard.components.quality_completeness import (
    CompletenessGrid,
    completeness_grid,
    completeness_months,
    territory_name,
)
from dashboard.components.quality_quarantine import rejects_totals
from dashboard.config import load_settings
from dashboard.i18n import t
from dashboard.state import ViewState


@dataclass(frozen=True)
class QualityData:
    """Everything the page shows from one served build."""

    served: pl.DataFrame
    sources: pl.DataFrame
    checks: pl.DataFrame
    shares: pl.DataFrame
    rules: pl.DataFrame
    rejects_of: str | None  # the source table whose quarantined rows are shown
    rejects: pl.DataFrame | None  # its quarantined rows (data steward only)
    completeness: pl.DataFrame
    months: list[date]
    territories: pl.DataFrame
    programmes: pl.DataFrame


def chosen_table(state: ViewState) -> str | None:
    """The source table named by `rejets` in the URL, if it can be one."""
    value = state.rejets
    return value if value and value.isidentifier() else None


def is_data_steward(scope: queries.Scope) -> bool:
    """The data steward, when quarantined rows may be shown at all (dashboard.config)."""
    return scope.role == queries.DATA_STEWARD_ROLE and load_settings().quarantine_details


def served_run(scope: queries.Scope) -> pl.DataFrame:
    """The served build's own record (one row: run_id, as_of, …)."""
    served = queries.quality_served_run(scope)
    if served.height != 1:
        raise queries.DataUnavailable("the served build does not describe its run (meta.runs)")
    return served


def gather(scope: queries.Scope, state: ViewState, chosen: str | None = None) -> QualityData:
    served = served_run(scope)
    months = completeness_months(served["as_of"][0])
    rules = queries.quality_quarantine_rules(scope)
    shown = chosen in rejects_totals(rules) and is_data_steward(scope)
    return QualityData(
        served=served,
        sources=queries.quality_sources(scope),
        checks=queries.quality_checks(scope),
        shares=queries.quality_quarantine_shares(scope),
        rules=rules,
        rejects_of=chosen if shown else None,
        rejects=queries.quality_rejects(scope, chosen) if shown else None,
        completeness=queries.quality_completeness(scope, state.territoire, months[0], months[-1]),
        months=months,
        territories=queries.filter_territories(scope),
        programmes=queries.filter_programmes(scope),
    )


def completeness(
    frame: pl.DataFrame, months: list[date], state: ViewState, territories: pl.DataFrame
) -> CompletenessGrid:
    """The completeness table of the view's territory (on screen and in CSV)."""
    lang, territoire = state.lang, state.territoire
    total = (
        t("quality.completeness.france", lang)
        if territoire == "FR"
        else t("quality.completeness.total", lang, name=territory_name(territoire, territories))
    )
    level = queries.completeness_level(territoire)
    return completeness_grid(frame, months, level, total, lang)
