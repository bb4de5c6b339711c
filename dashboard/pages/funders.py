"""Financeurs et programmes — what each funder's money did: per programme, its convention to
date (budget, committed, paid, parcours started against the target pro rata, status and
projection), its costs and kWh cumac, its impact over the view's period (parcours, outcomes,
energy, by funding share) and the reconciliation of every funder with the association's total.

Without a funder in the URL the page shows every programme and funder; with `financeur=<id>`
(the filter bar's funder) it shows that funder's programmes, its figures in plain words and a
link to its printable impact report (`/financeurs/rapport`). Every table has its CSV export
(`/export/financeurs-<table>.csv?<view>`), built from the view in the URL, as the screen.
"""

from __future__ import annotations

from functools import partial

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import auth, exports, queries
from dashboard.components.disclosure import disclosure_note, not_published
from dashboard.components.filters import filter_bar, period_label
from dashboard.components.funder_report import funder_sentences, summary
from dashboard.components.funders import PATH, REPORT_PATH, page_tables, place_label
from dashboard.components.page_text import unavailable
from dashboard.components.tables import TableSpec, data_table, export_links
from dashboard.funders_data import (
    FundersView,
    funder_name,
    load,
    provisional,
    reconciliation,
    reconciliation_withheld,
)
from dashboard.i18n import format_date, t
from dashboard.state import ViewState

dash.register_page(
    __name__, path=PATH, name="funders", nav_key="nav.funders", title="Copilote", order=2
)

ID = "funders"
EXPORTS = {
    "conventions": "financeurs-conventions",
    "costs": "financeurs-couts",
    "impact": "financeurs-impact",
    "reconciliation": "financeurs-rapprochement",
}


def layout(**query: object) -> Component:
    """The page for the view in the URL (French by default)."""
    scope, state = auth.view(query)
    try:
        with queries.same_build():
            version, territories, programmes = queries.page_frame(scope)
            try:
                view = load(scope, state, version.as_of, programmes)
            except queries.NotPublished as refusal:
                view = refusal
    except queries.DataUnavailable:
        return unavailable(state.lang, ID, "funders.title")
    published = isinstance(view, queries.NotPublished) or view.protected
    bar = filter_bar(state, version.as_of, territories, programmes, published=published)
    if isinstance(view, queries.NotPublished):
        return html.Div([bar, not_published(view.reason, state.lang, ID)], id=f"{ID}-page")
    return html.Div([bar, *funders(view, territories)], id=f"{ID}-page")


def fetch(scope: queries.Scope, state: ViewState):
    """The served build's version, the territories, and the view, read from one build."""
    with queries.same_build():
        version, territories, programmes = queries.page_frame(scope)
        view = load(scope, state, version.as_of, programmes)
    return version, territories, view


def funders(view: FundersView, territories: pl.DataFrame) -> list[Component]:
    state, lang = view.state, view.state.lang
    place = place_label(state, territories)
    specs = page_tables(view, place)
    funder = view.funder_id
    name = funder_name(view, funder) if funder else None
    title = t("funders.title_funder", lang, funder=name) if name else t("funders.title", lang)
    body: list[Component] = [
        html.H1(title, id=f"{ID}-title", className="h3 mb-1"),
        html.P(
            t(
                "funders.subtitle",
                lang,
                period=period_label(view.period, view.as_of, lang),
                place=place,
            ),
            id=f"{ID}-subtitle",
            className="text-body-secondary",
        ),
    ]
    if view.is_unknown:
        body.append(dbc.Alert(t("funders.unknown", lang), id=f"{ID}-unknown", color="warning"))
    if name:
        body.append(_summary(view, funder, name))
    body.append(_periods_note(view, place))
    order = ["conventions", "costs", "impact"]
    # a funder's own figures first; without one, every funder's share first
    order = [*order, "reconciliation"] if name else ["reconciliation", *order]
    for key in (k for k in order if k in specs):
        body.append(_section(key, specs[key], state, view))
    if reconciliation_withheld(view):
        text = t("disclosure.reconciliation_withheld", lang)
        body.append(html.P(text, id=f"{ID}-reconciliation-withheld", className="small mt-3"))
    if any(row.get("withheld_text") for spec in specs.values() for row in spec.rows):
        body.append(disclosure_note(lang, f"{ID}-disclosure"))
    return body


def _summary(view: FundersView, funder: str, name: str) -> html.Section:
    lang = view.state.lang
    sentences = funder_sentences(view, reconciliation(view), funder, name)
    report = dcc.Link(
        t("funders.report_link", lang),
        href=REPORT_PATH + view.state.with_values(financeur=funder).to_search(),
        id=f"{ID}-report-link",
        className="btn btn-outline-primary btn-sm",
    )
    return html.Section(
        [summary(sentences, f"{ID}-summary"), report],
        className="mb-3",
        **{"aria-label": t("funders.summary_label", lang)},
    )


def _periods_note(view: FundersView, place: str) -> html.Ul:
    """What period (and territory) each figure covers, and what 'by share' means."""
    lang = view.state.lang
    period = period_label(view.period, view.as_of, lang)
    notes = [
        t("funders.note.conventions", lang, date=format_date(view.as_of, lang)),
        t("funders.note.period", lang, period=period, place=place),
        t("funders.note.share", lang),
    ]
    late = provisional(view)
    if late["rates"] or late["energy"]:
        notes.append(t("funders.note.provisional", lang))
    if not view.is_national:
        notes.append(t("funders.note.payments_national", lang))
    return html.Ul(
        [html.Li(note) for note in notes], id=f"{ID}-notes", className="small text-body-secondary"
    )


def _section(key: str, spec: TableSpec, state: ViewState, view: FundersView) -> html.Section:
    lang = state.lang
    heading = t(f"funders.heading.{key}", lang)
    links = export_links(EXPORTS[key], state.to_search(), heading, f"{ID}-{key}-export", lang)
    return html.Section(
        [
            html.H2(heading, className="h5 mt-4"),
            html.Div(links, className="d-print-none"),
            data_table(spec),
        ],
        id=f"{ID}-{key}",
    )


def _export(key: str, scope: queries.Scope, state: ViewState) -> exports.Export:
    version, territories, view = fetch(scope, state)
    lang = state.lang
    place = place_label(state, territories)
    spec = page_tables(view, place).get(key)
    if spec is None:  # the reconciliation, outside a funder's scope
        raise queries.ScopeRefused(f"{key} is not in this scope")
    funder = view.funder_id
    metadata = [
        (t("table.period", lang), period_label(view.period, view.as_of, lang)),
        (t("table.territory", lang), place),
        (t("filters.funder", lang), (funder_name(view, funder) or funder) if funder else "—"),
        (t("export.as_of", lang), format_date(version.as_of, lang)),
        (t("export.version", lang), version.run_id),
    ]
    return exports.Export(spec.caption, metadata, spec.frame())


for _key, _name in EXPORTS.items():  # each table of the page, as its CSV
    exports.register_table(_name)(partial(_export, _key))
