"""Qualité des données — for the data steward: the served build and the run history (failed runs
and their reasons included), freshness per source table, the checks, the quarantine (row details
for the data steward only: they hold personal data) and data completeness per territory and
month, so that a quiet territory is not mistaken for a weak one.

The run history is read from the history beside the builds, so it shows even when no build can
be served; everything else comes from the served build, through `dashboard.queries`.

Every table has its CSV export (`/export/qualite-<table>.csv?<view>`, links above the table):
one builder per table, registered with `dashboard.exports`, recomputes the table's `TableSpec`
(or completeness grid) from the view in the URL, as the screen does.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import flask
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboard import exports, queries
from dashboard.components.filters import filter_bar
from dashboard.components.quality import (
    EXPORT_PREFIX,
    ID,
    TableSpec,
    checks_spec,
    data_table,
    export_links,
    runs_spec,
    served_summary,
    sources_spec,
)
from dashboard.components.quality_completeness import (
    CompletenessGrid,
    completeness_frame,
    completeness_grid,
    completeness_months,
    completeness_table,
)
from dashboard.components.quality_quarantine import (
    quarantine_rules_spec,
    quarantine_shares_spec,
    rejects_picker,
    rejects_spec,
    rejects_totals,
)
from dashboard.config import load_settings
from dashboard.i18n import MISSING, format_date, t
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
            data = gather(scope, state, chosen_table(state))
    except queries.DataUnavailable:
        return unavailable(runs, state)
    return quality(data, runs, state, scope)


def chosen_table(state: ViewState) -> str | None:
    """The source table named by `rejets` in the URL, if it can be one."""
    value = state.rejets
    return value if value and value.isidentifier() else None


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
    return export_links(name, state.to_search(), t(f"quality.export.name.{name}", lang), lang)


def _exported(name: str, spec: TableSpec, state: ViewState) -> list[Component]:
    """A table with its CSV downloads above it."""
    return [_links(name, state), data_table(spec)]


# --- completeness ---------------------------------------------------------------------------


def completeness(
    frame: pl.DataFrame, months: list[date], state: ViewState, territories: pl.DataFrame
) -> CompletenessGrid:
    """The completeness table of the view's territory (on screen and in CSV)."""
    lang, territoire = state.lang, state.territoire
    total = (
        t("quality.completeness.france", lang)
        if territoire == "FR"
        else t("quality.completeness.total", lang, name=_territory_name(territoire, territories))
    )
    level = queries.completeness_level(territoire)
    return completeness_grid(frame, months, level, total, lang)


def _territory_name(territoire: str, territories: pl.DataFrame) -> str:
    """The name of a région, département or zone d'emploi (its code when unknown)."""
    level = {"R": "region", "D": "departement", "Z": "zone"}[territoire[0]]
    found = territories.filter((pl.col("level") == level) & (pl.col("code") == territoire[1:]))
    return found["name"][0] if found.height else territoire[1:]


def territory_label(territoire: str, territories: pl.DataFrame, lang: str) -> str:
    """France entière, a région's name, or 'name (code)' for a département or zone d'emploi."""
    if territoire == "FR":
        return t("quality.completeness.france", lang)
    name = _territory_name(territoire, territories)
    if territoire[0] == "R":
        return name
    return t("quality.completeness.row", lang, name=name, code=territoire[1:])


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


def _is_data_steward(scope: queries.Scope) -> bool:
    return scope.role == queries.DATA_STEWARD_ROLE


# --- CSV exports: one per table, for the view in the URL --------------------------------------


def _export(
    state: ViewState,
    name: str,
    served: pl.DataFrame | None,
    frame: pl.DataFrame,
    caption: str,
    view: list[tuple[str, str]] | None = None,
) -> exports.Export:
    """The export of table `name`, under the page's title: which table, the view's lines
    (territory, source table), the data's date and version (`served`: None when no build can
    be served) and the table's caption."""
    lang = state.lang
    table = t(f"quality.export.name.{name}", lang)
    metadata = [
        (t("quality.export.table", lang), table),
        *(view or []),
        (t("quality.export.as_of", lang),
         format_date(served["as_of"][0], lang) if served is not None else MISSING),
        (t("quality.export.version", lang),
         served["run_id"][0] if served is not None else MISSING),
        (t("quality.export.contents", lang), caption),
    ]  # fmt: skip
    return exports.Export(t("quality.export.title", lang), metadata, frame)


def _spec_export(
    state: ViewState,
    name: str,
    served: pl.DataFrame | None,
    spec: TableSpec,
    view: list[tuple[str, str]] | None = None,
) -> exports.Export:
    return _export(state, name, served, spec.frame(), spec.caption, view)


@exports.register_table(f"{EXPORT_PREFIX}runs")
def export_runs(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The run history, read from the history beside the builds as the page does: it is
    exported even when no build can be served."""
    runs = recent_runs(scope, load_settings())
    try:
        served = served_run(scope)
    except queries.DataUnavailable:
        served = None
    run_id = served["run_id"][0] if served is not None else None
    return _spec_export(state, "runs", served, runs_spec(runs, run_id, state.lang))


@exports.register_table(f"{EXPORT_PREFIX}sources")
def export_sources(scope: queries.Scope, state: ViewState) -> exports.Export:
    with queries.same_build():
        served, sources = served_run(scope), queries.quality_sources(scope)
    return _spec_export(state, "sources", served, sources_spec(sources, state.lang))


@exports.register_table(f"{EXPORT_PREFIX}checks")
def export_checks(scope: queries.Scope, state: ViewState) -> exports.Export:
    with queries.same_build():
        served, checks = served_run(scope), queries.quality_checks(scope)
    return _spec_export(state, "checks", served, checks_spec(checks, state.lang))


@exports.register_table(f"{EXPORT_PREFIX}quarantine-shares")
def export_quarantine_shares(scope: queries.Scope, state: ViewState) -> exports.Export:
    with queries.same_build():
        served, shares = served_run(scope), queries.quality_quarantine_shares(scope)
    spec = quarantine_shares_spec(shares, state.lang)
    return _spec_export(state, "quarantine-shares", served, spec)


@exports.register_table(f"{EXPORT_PREFIX}quarantine")
def export_quarantine(scope: queries.Scope, state: ViewState) -> exports.Export:
    with queries.same_build():
        served, rules = served_run(scope), queries.quality_quarantine_rules(scope)
    return _spec_export(state, "quarantine", served, quarantine_rules_spec(rules, state.lang))


@exports.register_table(f"{EXPORT_PREFIX}rejects")
def export_rejects(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The quarantined rows of the source table named by `rejets` (personal data): refused
    (queries.ScopeRefused) to anyone but the data steward, as on screen, before anything is
    read; 404 for a table without quarantined rows (the screen shows none)."""
    lang, chosen = state.lang, chosen_table(state)
    if not _is_data_steward(scope):
        raise queries.ScopeRefused("quarantined rows hold personal data: the data steward only")
    with queries.same_build():
        served = served_run(scope)
        totals = rejects_totals(queries.quality_quarantine_rules(scope))
        if chosen not in totals:
            flask.abort(404)
        rows = queries.quality_rejects(scope, chosen)
    spec = rejects_spec(rows, chosen, totals[chosen], lang)
    view = [(t("quality.export.source_table", lang), chosen)]
    return _spec_export(state, "rejects", served, spec, view)


@exports.register_table(f"{EXPORT_PREFIX}completeness")
def export_completeness(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The completeness table of the territory in the URL."""
    lang, territoire = state.lang, state.territoire
    with queries.same_build():
        served = served_run(scope)
        months = completeness_months(served["as_of"][0])
        frame = queries.quality_completeness(scope, territoire, months[0], months[-1])
        territories = queries.filter_territories(scope)
    grid = completeness(frame, months, state, territories)
    view = [
        (t("quality.export.territory", lang), territory_label(territoire, territories, lang)),
        (t("quality.export.values", lang), t("quality.export.completeness_values", lang)),
    ]
    return _export(state, "completeness", served, completeness_frame(grid), grid.caption, view)


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
