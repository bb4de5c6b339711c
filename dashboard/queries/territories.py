"""Queries of the territories page: the counts behind the map's measures for every territory at
once, the sites and completeness per territory, and the reference geography the maps draw."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.queries.scope import Scope
from dashboard.queries.sqlfiles import frame


def territories_kpis(
    scope: Scope,
    start: date,
    end: date,
    funder_id: str | None = None,
    programme_id: str | None = None,
    segment: str | None = None,
) -> pl.DataFrame:
    """One row per (level, code) — France, every région, département and zone d'emploi with
    activity — holding the counts of dashboard.measures for the period [start, end]."""
    return frame(
        scope,
        "territories_kpis",
        start=start,
        end=end,
        reg_code=None,
        dep_code=None,
        ze_code=None,
        funder_id=funder_id,
        programme_id=programme_id,
        segment=segment,
    )


def territories_sites(scope: Scope, first_month: date, last_month: date) -> pl.DataFrame:
    """One row per (level, code): sites open, average counsellor FTE, expected and reported
    site-months over the months [first_month, last_month] (first days)."""
    return frame(scope, "territories_sites", first_month=first_month, last_month=last_month)


def territories_geography(scope: Scope) -> pl.DataFrame:
    """Every territory of the reference: level, code, name, reg_codes, dep_codes."""
    return frame(scope, "territories_geography")


def territories_site_list(
    scope: Scope, level: str, code: str, start: date, end: date
) -> pl.DataFrame:
    """The sites of a territory open during [start, end]: site_id, site_name, site_type,
    commune_code."""
    return frame(scope, "territories_site_list", level=level, code=code, start=start, end=end)
