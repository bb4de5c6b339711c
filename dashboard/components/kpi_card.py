"""A KPI card: label, value, change against the previous year, definition (pure builder)."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import (
    format_int,
    format_percent,
    format_percent_change,
    format_point_change,
    t,
)
from dashboard.kpis import RATE, KpiFigure


def value_text(figure: KpiFigure, lang: str = "fr") -> str:
    if figure.kind == RATE:
        return format_percent(figure.value, lang)
    return format_int(figure.value, lang)


def change_text(figure: KpiFigure, lang: str = "fr") -> str:
    """'+3,2 % vs 2024' for a count, '+1,4 pt vs 2024' for a rate."""
    change = figure.change
    if change is None:
        return t("kpi.change_unavailable", lang, year=figure.previous_year)
    if figure.kind == RATE:
        formatted = format_point_change(change, lang)
    else:
        formatted = format_percent_change(change, lang)
    return t("kpi.change", lang, change=formatted, year=figure.previous_year)


def card_id(id_prefix: str, figure: KpiFigure) -> str:
    return f"{id_prefix}-{figure.key.replace('_', '-')}"


def kpi_card(figure: KpiFigure, lang: str = "fr", id_prefix: str = "kpi") -> dbc.Card:
    identifier = card_id(id_prefix, figure)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(
                    t(f"kpi.{figure.key}.label", lang),
                    className="h6 text-body-secondary kpi-label",
                ),
                html.P(
                    value_text(figure, lang),
                    id=f"{identifier}-value",
                    className="display-6 fw-semibold mb-1 kpi-value",
                ),
                html.P(
                    change_text(figure, lang),
                    id=f"{identifier}-change",
                    className="small mb-2 kpi-change",
                ),
                html.P(
                    t(f"kpi.{figure.key}.definition", lang),
                    className="small text-body-secondary mb-0 kpi-definition",
                ),
            ]
        ),
        id=identifier,
        class_name="h-100 kpi-card",
    )


def kpi_grid(figures: Sequence[KpiFigure], lang: str = "fr", id_prefix: str = "kpi") -> dbc.Row:
    """One card per figure: one column on phones, two on tablets, all five on wide screens."""
    return dbc.Row(
        [dbc.Col(kpi_card(figure, lang, id_prefix)) for figure in figures],
        class_name="row-cols-1 row-cols-sm-2 row-cols-xl-5 g-3",
    )
