"""The data-quality page's queries (the data steward's)."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from dashboard.config import load_settings
from dashboard.queries import sqlfiles
from dashboard.queries.scope import Scope, ScopeRefused, require_role

DATA_STEWARD_ROLE = "admin"  # the only role that sees quarantined rows (personal data)
REJECTS_ROW_LIMIT = 200
TERRITORY_CODE = re.compile(r"FR|R[0-9]{2}|D(?:[0-9]{2}|2[AB]|97[1-6])|Z[0-9]{4}")


def _frame(scope: Scope, name: str, **params: object) -> pl.DataFrame:
    """The data steward's queries: any other role is refused before the data is read."""
    require_role(scope, DATA_STEWARD_ROLE)
    return sqlfiles.frame(scope, name, **params)


def quality_served_run(scope: Scope) -> pl.DataFrame:
    """The served build as it records itself (meta.runs, one row): run id, as-of date,
    deliveries, start and end times, status, message."""
    return _frame(scope, "quality_served_run")


def quality_sources(scope: Scope) -> pl.DataFrame:
    """Freshness per source table: the files in use (meta.load_log), their rows, repairs,
    warnings, and the age in days of their delivery against the as-of date."""
    return _frame(scope, "quality_sources")


def quality_checks(scope: Scope) -> pl.DataFrame:
    """The build's check results (meta.check_results), failing ones first."""
    return _frame(scope, "quality_checks")


def quality_quarantine_shares(scope: Scope) -> pl.DataFrame:
    """Per source table: rows read, quarantined, charged; share and threshold."""
    return _frame(scope, "quality_quarantine_shares")


def quality_quarantine_rules(scope: Scope) -> pl.DataFrame:
    """Rejects per source table and rule (quarantine.rejects), counts only."""
    return _frame(scope, "quality_quarantine_rules")


def quality_rejects(scope: Scope, table_name: str, limit: int = REJECTS_ROW_LIMIT) -> pl.DataFrame:
    """The first quarantined rows of one source table. They hold personal data: any scope
    whose role is not the data steward's is refused (ScopeRefused), whatever else it holds."""
    require_role(scope, DATA_STEWARD_ROLE)
    if not load_settings().quarantine_details:
        raise ScopeRefused("quarantined rows are off (COPILOTE_QUARANTINE_DETAILS=0)")
    if not isinstance(limit, int) or not 0 < limit <= 10_000:
        raise ValueError(f"not a row limit: {limit!r}")
    return _frame(scope, "quality_rejects", table_name=str(table_name), row_limit=limit)


def completeness_level(territory: str) -> str:
    """The rows of a territory's completeness table: France → its régions, a région → its
    départements, a département or a zone d'emploi → its sites."""
    if not isinstance(territory, str) or not TERRITORY_CODE.fullmatch(territory):
        raise ValueError(f"not a territory: {territory!r}")
    return {"F": "region", "R": "departement"}.get(territory[0], "site")


def quality_completeness(
    scope: Scope, territory: str, first_month: date, last_month: date
) -> pl.DataFrame:
    """Data completeness (marts.fct_site_month) per row of `territory` (completeness_level)
    and month, first_month to last_month: row_code, row_name, month, expected, reported; the
    row whose row_code is null is the whole territory. Site-months, not people: open to every
    signed-in role (the overview shows it beside the figures)."""
    level = completeness_level(territory)
    code = territory[1:] or None
    return sqlfiles.frame(  # every role: missing reports must not be read as low activity
        scope,
        "quality_completeness",
        level=level,
        reg_code=code if territory[0] == "R" else None,
        dep_code=code if territory[0] == "D" else None,
        ze_code=code if territory[0] == "Z" else None,
        first_month=first_month,
        last_month=last_month,
    )
