"""The landing contract (LANDING.md) as data: tables, columns, keys and parents.

The row rules themselves live in `sql/validate/<table>.sql`; this module holds what the loader
needs before any SQL runs (which files to expect, which columns are required) and what the
generic steps need (primary keys for duplicates, parents for cascades). Order = dependency order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    parents: tuple[
        tuple[str, str], ...
    ] = ()  # (column, parent table); the parent's key is 1 column
    optional: bool = False


TABLES: tuple[Table, ...] = (
    Table(
        "sites",
        ("site_id", "site_name", "site_type", "commune_code", "opened_on", "closed_on"),
        ("site_id",),
    ),
    Table(
        "parcours",
        (
            "parcours_id",
            "beneficiary_id",
            "site_id",
            "prescriber_type",
            "referred_on",
            "started_on",
            "ended_on",
            "sex",
            "birth_year",
            "residence_commune_code",
            "is_qpv",
            "entry_status",
            "minimum_social",
            "energy_precarious",
            "exit_outcome",
            "outcome_6m",
        ),
        ("parcours_id",),
        parents=(("site_id", "sites"),),
    ),
    Table(
        "solutions",
        (
            "solution_id",
            "parcours_id",
            "solution_code",
            "status",
            "started_on",
            "completed_on",
            "amount_eur",
        ),
        ("solution_id",),
        parents=(("parcours_id", "parcours"),),
    ),
    Table(
        "trip_surveys",
        (
            "parcours_id",
            "wave",
            "collected_on",
            "main_mode",
            "km_per_week",
            "fuel",
            "litres_per_100km",
        ),
        ("parcours_id", "wave"),
        parents=(("parcours_id", "parcours"),),
    ),
    Table(
        "programmes",
        (
            "programme_id",
            "programme_name",
            "funder_id",
            "funder_name",
            "funder_type",
            "period_start",
            "period_end",
            "perimeter",
            "budget_eur",
            "target_parcours",
            "target_return_rate",
            "kwh_cumac_per_eur",
        ),
        ("programme_id",),
    ),
    Table(
        "funding_movements",
        ("movement_id", "programme_id", "movement_type", "movement_date", "amount_eur"),
        ("movement_id",),
        parents=(("programme_id", "programmes"),),
    ),
    Table(
        "parcours_programmes",
        ("parcours_id", "programme_id", "share"),
        ("parcours_id", "programme_id"),
        parents=(("parcours_id", "parcours"), ("programme_id", "programmes")),
    ),
    Table(
        "barometer",
        (
            "edition",
            "geo_level",
            "geo_code",
            "indicator",
            "value",
            "n_respondents",
            "ci_low",
            "ci_high",
        ),
        ("edition", "geo_level", "geo_code", "indicator"),
    ),
    Table(
        "trainings",
        (
            "session_id",
            "session_date",
            "region_code",
            "hours",
            "participants",
            "participant_org_type",
        ),
        ("session_id",),
    ),
    Table(
        "staffing",
        ("site_id", "month", "counsellor_fte"),
        ("site_id", "month"),
        parents=(("site_id", "sites"),),
    ),
    Table(
        "targets",
        ("year", "territory_level", "territory_code", "kpi", "target_value"),
        ("year", "territory_level", "territory_code", "kpi"),
        optional=True,
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The contract table called `name`; a KeyError for anything else (the allow-list)."""
    return BY_NAME[name]
