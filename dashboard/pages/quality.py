"""Qualité des données — for the data steward: the served build and the run history (failed runs
and their reasons included), freshness per source table, the checks, the quarantine (row details
for the data steward only: they hold personal data) and data completeness per territory and
month, so that a quiet territory is not mistaken for a weak one.

The run history is read from the history beside the builds, so it shows even when no build can
be served; everything else comes from the served build, through `dashboard.queries`.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboard import queries
from dashboard.components.filters import filter_bar
from dashboard.components.quality import (
    ID,
    checks_table,
    runs_table,
    served_summary,
    sources_table,
)
from dashboard.components.quality_completeness import completeness_months, completeness_table
from dashboard.components.quality_quarantine import (
    quarantine_rules_table,
    quarantine_shares_table,
    rejects_picker,
    rejects_table,
    rejects_totals,
)
from dashboard.config import load_settings
from dashboard.i18n import t
from dashboard.runlog import RunEntry, recent_runs
from dashboard.state import ViewState, from_query

PATH = "/qualite"
REJECTS_PARAMETER = "rejets"  # the source table whose quarantined rows are shown

dash.register_page(
    __name__, path=PATH, name="quality", nav_key="nav.quality", title="Copilote", order=90
)


class QualityData(NamedTuple):
    """Everything the page shows from one served build (a NamedTuple: Dash imports pages
    outside sys.modules, where a dataclass cannot be defined)."""

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


def layout(**query: object) -> Component:
    """The page for the view in the URL (French by default); `rejets=<table>` opens the
    quarantined rows of one source table, for the data steward."""
    state = from_query(query)
    scope = queries.Scope.national_internal()
    runs = recent_runs(scope, load_settings())
    try:
        with queries.same_build():
            data = gather(scope, state, _chosen_table(query))
    except queries.DataUnavailable:
        return unavailable(runs, state.lang)
    return quality(data, runs, state, scope)


def _chosen_table(query: dict[str, object]) -> str | None:
    value = query.get(REJECTS_PARAMETER)
    value = value[0] if isinstance(value, list) and value else value
    return value if isinstance(value, str) and value.isidentifier() else None


def gather(scope: queries.Scope, state: ViewState, chosen: str | None = None) -> QualityData:
    served = queries.quality_served_run(scope)
    if served.height != 1:
        raise queries.DataUnavailable("the served build does not describe its run (meta.runs)")
    months = completeness_months(served["as_of"][0])
    rules = queries.quality_quarantine_rules(scope)
    shown = chosen in rejects_totals(rules) and _is_data_steward(scope)
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


def quality(
    data: QualityData, runs: list[RunEntry], state: ViewState, scope: queries.Scope
) -> html.Div:
    lang = state.lang
    run_id, as_of = data.served["run_id"][0], data.served["as_of"][0]
    return html.Div(
        [
            filter_bar(state, as_of, data.territories, data.programmes),
            html.H1(t("quality.title", lang), id=f"{ID}-title", className="h3 mb-1"),
            html.P(t("quality.intro", lang), className="text-body-secondary"),
            _contents(lang),
            _section("runs", lang, [served_summary(data.served, lang),
                                    runs_table(runs, run_id, lang)]),
            _section("sources", lang, [sources_table(data.sources, lang)]),
            _section("checks", lang, [checks_table(data.checks, lang)]),
            _section("quarantine", lang, [
                quarantine_shares_table(data.shares, lang),
                quarantine_rules_table(data.rules, lang),
                rejects_section(scope, data.rules, data.rejects_of, data.rejects, state, as_of),
            ]),
            _section("completeness", lang, [
                html.P(t("quality.completeness.definition", lang)),
                completeness_table(data.completeness, data.months,
                                   queries.completeness_level(state.territoire),
                                   _territory_label(state.territoire, data.territories, lang),
                                   lang),
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


def _territory_label(territoire: str, territories: pl.DataFrame, lang: str) -> str:
    """France entière, or 'Ensemble : <name>' for a région, département or zone d'emploi."""
    if territoire == "FR":
        return t("quality.completeness.france", lang)
    level = {"R": "region", "D": "departement", "Z": "zone"}[territoire[0]]
    found = territories.filter((pl.col("level") == level) & (pl.col("code") == territoire[1:]))
    name = found["name"][0] if found.height else territoire[1:]
    return t("quality.completeness.total", lang, name=name)


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
    if not _is_data_steward(scope):
        return html.Div(html.P(t("quality.rejects.reserved", lang)), id=f"{ID}-rejects-area")
    if rules.is_empty():
        return html.Div(html.P(t("quality.rejects.none", lang)), id=f"{ID}-rejects-area")
    children = [
        html.H3(t("quality.rejects.heading", lang), className="h6 mt-3"),
        dbc.Alert(t("quality.rejects.personal_data", lang), color="warning", class_name="py-2"),
        rejects_picker(rules, chosen, lambda table: rejects_href(state, as_of, table), lang),
    ]
    if chosen is not None and rejects is not None:
        children.append(rejects_table(rejects, chosen, rejects_totals(rules)[chosen], lang))
    return html.Div(children, id=f"{ID}-rejects-area")


def rejects_href(state: ViewState, as_of: date, table: str | None) -> str:
    """This page's address for the view, with the quarantined rows of `table` open. The period
    is written even when it is the default one: the shell completes an address without it,
    and keeps only the parameters of the view state when it does."""
    params = state.with_values(periode=state.period(as_of).code).to_params()
    params |= {REJECTS_PARAMETER: table} if table else {}
    return PATH + ("?" + urlencode(params) if params else "")


def _is_data_steward(scope: queries.Scope) -> bool:
    return scope.role == queries.DATA_STEWARD_ROLE


# --- no build can be served -------------------------------------------------------------------


def unavailable(runs: list[RunEntry], lang: str = "fr") -> html.Div:
    """The warning, and still the run history: it tells why nothing can be served."""
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
            _section("runs", lang, [runs_table(runs, None, lang)]),
        ],
        id=f"{ID}-page",
        lang=lang,
    )
