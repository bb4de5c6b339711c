"""Qualité des données — for the data steward: the served build and the run history (failed runs
and their reasons included), freshness per source table, the checks, the quarantine (row details
for the data steward only: they hold personal data) and data completeness per territory and
month, so that a quiet territory is not mistaken for a weak one.

The run history is read from the history beside the builds, so it shows even when no build can
be served; everything else comes from the served build (`dashboard.quality_data`).

Every table has its CSV export (`/export/qualite-<table>.csv?<view>`, links above the table),
built in `dashboard.quality_exports` from the view in the URL, as the screen does.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboard import auth, queries
from dashboard.components.filters import filter_bar
from dashboard.components.page_text import forbidden
from dashboard.components.quality import (
    EXPORT_PREFIX,
    ID,
    checks_spec,
    runs_spec,
    served_summary,
    sources_spec,
)
from dashboard.components.quality_completeness import completeness_table
from dashboard.components.quality_quarantine import (
    quarantine_rules_spec,
    quarantine_shares_spec,
    rejects_picker,
    rejects_spec,
    rejects_totals,
)
from dashboard.components.tables import TableSpec, data_table, export_links
from dashboard.config import load_settings
from dashboard.i18n import t
from dashboard.quality_data import QualityData, chosen_table, completeness, gather, is_data_steward

# Importing the exports registers them (Dash imports this page, not dashboard.quality_exports);
# export_rejects stays reachable from the page, where the tests call it.
from dashboard.quality_exports import export_rejects as export_rejects
from dashboard.runlog import RunEntry, recent_runs
from dashboard.state import ViewState

PATH = "/qualite"
REJECTS_PARAMETER = "rejets"  # the source table whose quarantined rows are shown

dash.register_page(
    __name__, path=PATH, name="quality", nav_key="nav.quality", title="Copilote", order=90
)


def layout(**query: object) -> Component:
    """The page for the view in the URL (French by default); `rejets=<table>` opens the
    quarantined rows of one source table, for the data steward."""
    scope, state = auth.view(query)
    if scope.role != queries.DATA_STEWARD_ROLE:
        return forbidden(state.lang, ID)
    runs = recent_runs(scope, load_settings())
    try:
        with queries.same_build():
            data = gather(scope, state, chosen_table(state))
    except queries.DataUnavailable:
        return unavailable(runs, state)
    return quality(data, runs, state, scope)


def quality(
    data: QualityData, runs: list[RunEntry], state: ViewState, scope: queries.Scope
) -> html.Div:
    lang = state.lang
    run_id, as_of = data.served["run_id"][0], data.served["as_of"][0]
    grid = completeness(data.completeness, data.months, state, data.territories)
    return html.Div(
        [
            filter_bar(state, as_of, data.territories, data.programmes),
            html.H1(t("quality.title", lang), id=f"{ID}-title", className="h3 mb-1"),
            html.P(t("quality.intro", lang), className="text-body-secondary"),
            _contents(lang),
            _section("runs", lang, [served_summary(data.served, lang),
                                    *_exported("runs", runs_spec(runs, run_id, lang), state)]),
            _section("sources", lang, _exported("sources", sources_spec(data.sources, lang),
                                                state)),
            _section("checks", lang, _exported("checks", checks_spec(data.checks, lang), state)),
            _section("quarantine", lang, [
                *_exported("quarantine-shares", quarantine_shares_spec(data.shares, lang), state),
                *_exported("quarantine", quarantine_rules_spec(data.rules, lang), state),
                rejects_section(scope, data.rules, data.rejects_of, data.rejects, state, as_of),
            ]),
            _section("completeness", lang, [
                html.P(t("quality.completeness.definition", lang)),
                _links("completeness", state),
                completeness_table(grid),
                html.P(t("quality.completeness.legend", lang), className="small"),
            ]),
        ],
        id=f"{ID}-page",
        lang=lang,
    )  # fmt: skip


SECTIONS = ("runs", "sources", "checks", "quarantine", "completeness")


def _contents(lang: str) -> html.Nav:
    """Links to the page's sections (the page is long)."""
    links = [
        html.Li(
            html.A(t(f"quality.{name}.heading", lang), href=f"#{ID}-{name}"),
            className="list-inline-item",
        )
        for name in SECTIONS
    ]
    return html.Nav(
        html.Ul(links, className="list-inline small mb-3"),
        **{"aria-label": t("quality.contents", lang)},
    )


def _section(name: str, lang: str, children: list) -> html.Section:
    heading = html.H2(t(f"quality.{name}.heading", lang), id=f"{ID}-{name}-heading",
                      className="h5 mt-4 mb-2")  # fmt: skip
    return html.Section(
        [heading, *children], id=f"{ID}-{name}", **{"aria-labelledby": f"{ID}-{name}-heading"}
    )


def _links(name: str, state: ViewState) -> html.P:
    """The CSV downloads of table `name` for the view in the URL."""
    lang = state.lang
    table = t(f"quality.export.name.{name}", lang)
    export, link_id = f"{EXPORT_PREFIX}{name}", f"{ID}-{name}-export"
    return export_links(export, state.to_search(), table, link_id, lang)


def _exported(name: str, spec: TableSpec, state: ViewState) -> list[Component]:
    """A table with its CSV downloads above it."""
    return [_links(name, state), data_table(spec)]


# --- quarantined rows: the data steward only ----------------------------------------------------


def rejects_section(
    scope: queries.Scope,
    rules: pl.DataFrame,
    chosen: str | None,
    rejects: pl.DataFrame | None,
    state: ViewState,
    as_of: date,
) -> html.Div:
    """Links to the tables with quarantined rows and the chosen one's rows, for the data
    steward; a sentence for anyone else (and no row is read for them)."""
    lang = state.lang
    if not is_data_steward(scope):
        return html.Div(html.P(t("quality.rejects.reserved", lang)), id=f"{ID}-rejects-area")
    if rules.is_empty():
        return html.Div(html.P(t("quality.rejects.none", lang)), id=f"{ID}-rejects-area")
    children = [
        html.H3(t("quality.rejects.heading", lang), className="h6 mt-3"),
        dbc.Alert(t("quality.rejects.personal_data", lang), color="warning", class_name="py-2"),
        rejects_picker(rules, chosen, lambda table: rejects_href(state, as_of, table), lang),
    ]
    if chosen is not None and rejects is not None:
        spec = rejects_spec(rejects, chosen, rejects_totals(rules)[chosen], lang)
        children += _exported("rejects", spec, state.with_values(rejets=chosen))
    return html.Div(children, id=f"{ID}-rejects-area")


def rejects_href(state: ViewState, as_of: date, table: str | None) -> str:
    """This page's address for the view, with the quarantined rows of `table` open. The period
    is written even when it is the default one: the shell completes an address without it,
    and keeps only the parameters of the view state when it does."""
    params = state.with_values(periode=state.period(as_of).code, rejets=None).to_params()
    params |= {REJECTS_PARAMETER: table} if table else {}
    return PATH + ("?" + urlencode(params) if params else "")


# --- no build can be served -------------------------------------------------------------------


def unavailable(runs: list[RunEntry], state: ViewState) -> html.Div:
    """The warning, and still the run history: it tells why nothing can be served."""
    lang = state.lang
    return html.Div(
        [
            html.H1(t("quality.title", lang), id=f"{ID}-title", className="h3 mb-3"),
            dbc.Alert(
                [
                    html.H2(t("quality.unavailable_title", lang), className="h5 alert-heading"),
                    html.P(t("quality.unavailable_body", lang), className="mb-0"),
                ],
                id=f"{ID}-unavailable",
                color="warning",
            ),
            _section("runs", lang, _exported("runs", runs_spec(runs, None, lang), state)),
        ],
        id=f"{ID}-page",
        lang=lang,
    )
