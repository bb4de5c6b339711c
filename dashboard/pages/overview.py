"""Overview — France: the national KPIs of the latest full year and the data's freshness.

`layout` is a function: every page load asks `queries` afresh, so a newly published build is
shown without a restart; an unreadable warehouse gives a sentence, never a traceback.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboard import queries
from dashboard.components.filters import filter_bar
from dashboard.components.kpi_card import kpi_grid
from dashboard.i18n import format_date, t
from dashboard.kpis import latest_full_year, year_figures
from dashboard.state import from_query

dash.register_page(
    __name__, path="/", name="overview", nav_key="nav.overview", title="Copilote", order=0
)

ID = "overview"


def layout(**query: object) -> Component:
    """The page for the view in the URL (French by default)."""
    state = from_query(query)
    scope = queries.Scope.national_internal()
    try:
        with queries.same_build():
            version = queries.data_version(scope)
            frame = queries.kpi_by_year(scope)
            bar = filter_bar(
                state,
                version.as_of,
                queries.filter_territories(scope),
                queries.filter_programmes(scope),
            )
    except queries.DataUnavailable:
        return unavailable(state.lang)
    page = overview(version, frame, state.lang)
    page.children = [bar, *page.children]
    return page


def overview(version: queries.DataVersion, frame: pl.DataFrame, lang: str = "fr") -> html.Div:
    header = [
        html.H1(t("overview.title", lang), id=f"{ID}-title", className="h3 mb-1"),
        html.P(
            t("overview.as_of", lang, date=format_date(version.as_of, lang)),
            id=f"{ID}-as-of",
            className="text-body-secondary",
        ),
    ]
    year = latest_full_year(frame, version.as_of)
    if year is None:
        body = [dbc.Alert(t("overview.no_full_year", lang), id=f"{ID}-no-full-year", color="info")]
    else:
        body = [
            html.H2(t("overview.year_heading", lang, year=year), className="h5 mt-3 mb-3"),
            kpi_grid(year_figures(frame, year), lang, id_prefix=f"{ID}-kpi"),
        ]
    return html.Div([*header, *body], id=f"{ID}-page", lang=lang)


def unavailable(lang: str = "fr") -> html.Div:
    return html.Div(
        [
            html.H1(t("overview.title", lang), className="h3 mb-3"),
            dbc.Alert(
                [
                    html.H2(t("overview.unavailable_title", lang), className="h5 alert-heading"),
                    html.P(t("overview.unavailable_body", lang), className="mb-0"),
                ],
                id=f"{ID}-unavailable",
                color="warning",
            ),
        ],
        id=f"{ID}-page",
        lang=lang,
    )
