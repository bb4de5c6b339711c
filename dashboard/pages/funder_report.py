"""Rapport d'impact — one funder's printable report (`/financeurs/rapport?financeur=<id>&…`):
the filters and the data date, what its money did in plain words, progress of each convention,
its programmes' tables and its line in the reconciliation with the association's total.

Print-ready: `assets/print.css` hides the navigation, the filters and the buttons and lays the
page out on A4; the "Print / save as PDF" button opens the browser's print dialog (a PDF is
"Save as PDF" there, offline; the browser test renders it with headless Chromium's page.pdf()).
Not in the navigation bar (`nav=False`): it is reached from the funders page.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, dcc, html
from dash.development.base_component import Component

from dashboard import auth, queries
from dashboard.components.disclosure import disclosure_note, not_published
from dashboard.components.filters import period_label
from dashboard.components.funder_report import (
    funder_line,
    funder_sentences,
    header_facts,
    progress_sentence,
    summary,
)
from dashboard.components.funders import (
    PATH,
    REPORT_PATH,
    page_tables,
    place_label,
    reconciliation_spec,
)
from dashboard.components.tables import data_table
from dashboard.funders_data import (
    FundersView,
    convention_rows,
    funder_name,
    load,
    programme_name,
    reconciliation,
    sort_key,
)
from dashboard.i18n import format_date, t
from dashboard.state import ViewState

dash.register_page(
    __name__,
    path=REPORT_PATH,
    name="funder_report",
    nav_key="nav.funders",
    title="Copilote",
    order=3,
    nav=False,
)

ID = "report"


def layout(**query: object) -> Component:
    """The report for the funder in the URL; without one, the list of funders' reports."""
    scope, state = auth.view(query)
    try:
        with queries.same_build():
            version, territories, programmes = queries.page_frame(scope)
            view = load(scope, state, version.as_of, programmes)
    except queries.NotPublished as refusal:
        return _page([not_published(refusal.reason, state.lang, ID)], state)
    except queries.DataUnavailable:
        alert = dbc.Alert(t("overview.unavailable_body", state.lang), color="warning")
        return _page([alert], state)
    name = funder_name(view, view.funder_id) if view.funder_id else None
    if not name:
        return _page(choose_funder(programmes, state), state)
    return _page(report(view, name, territories, version.run_id), state)


def _page(children: list[Component], state: ViewState) -> html.Div:
    back = dcc.Link(
        t("funders.report_back", state.lang),
        href=PATH + state.to_search(),
        id=f"{ID}-back",
        className="btn btn-outline-secondary btn-sm me-2",
    )
    button = html.Button(
        t("funders.report_print", state.lang),
        id=f"{ID}-print",
        className="btn btn-primary btn-sm",
        type="button",
    )
    tools = html.Div([back, button], className="report-tools d-print-none mb-3")
    return html.Div([tools, *children], id=f"{ID}-page", className="funder-report")


def choose_funder(programmes: pl.DataFrame, state: ViewState) -> list[Component]:
    """No funder (or an unknown one) in the URL: one link per funder's report."""
    funders = dict(programmes.select("funder_id", "funder_name").iter_rows())
    links = [
        html.Li(dcc.Link(name, href=REPORT_PATH + state.with_values(financeur=fid).to_search()))
        for fid, name in sorted(funders.items(), key=lambda item: sort_key(item[1]))
    ]
    return [
        html.H1(t("funders.report_title_none", state.lang), id=f"{ID}-title", className="h3"),
        html.P(t("funders.report_choose", state.lang)),
        html.Ul(links, id=f"{ID}-funders"),
    ]


def report(view: FundersView, name: str, territories: pl.DataFrame, run_id: str) -> list[Component]:
    state, lang, funder = view.state, view.state.lang, view.funder_id
    place = place_label(state, territories)
    period = period_label(view.period, view.as_of, lang)
    found = reconciliation(view)
    sentences = funder_sentences(view, found, funder, name)
    progress = [s for s in (progress_sentence(r, lang) for r in convention_rows(view, funder)) if s]
    specs = page_tables(view, place)
    line = (
        None
        if found is None
        else reconciliation_spec(
            funder_line(found, funder, lang),
            t("funders.caption.reconciliation", lang, period=period, place=place),
            lang,
            view.is_national,
        )
    )
    chosen = programme_name(view)
    facts = [
        (t("funders.report_funder", lang), name),
        *([(t("filters.programme", lang), chosen)] if chosen else []),
        (t("table.period", lang), period),
        (t("funders.report_place", lang), place),
        (
            t("funders.report_conventions", lang),
            t("funders.report_conventions_value", lang, date=format_date(view.as_of, lang)),
        ),
        (t("export.as_of", lang), format_date(view.as_of, lang)),
        (t("export.version", lang), run_id),
    ]
    return [
        html.H1(t("funders.report_title", lang, funder=name), id=f"{ID}-title", className="h3"),
        html.P(t("shell.as_of", lang, date=format_date(view.as_of, lang)), id=f"{ID}-as-of"),
        header_facts(facts, f"{ID}-facts"),
        html.H2(t("funders.summary_label", lang), className="h5"),
        summary(sentences, f"{ID}-summary"),
        _block("progress", [html.Ul([html.Li(s) for s in progress])] if progress else [], lang),
        _block("conventions", [data_table(specs["conventions"])], lang),
        _block("costs", [data_table(specs["costs"])], lang),
        _block("impact", [data_table(specs["impact"])], lang),
        *([_block("reconciliation", [data_table(line)], lang)] if line is not None else []),
        html.P(t("funders.note.share", lang), className="small text-body-secondary"),
        *(
            [disclosure_note(lang, f"{ID}-disclosure")]
            if any(row.get("withheld_text") for spec in specs.values() for row in spec.rows)
            else []
        ),
    ]


def _block(key: str, children: list[Component], lang: str) -> html.Section:
    if not children:
        return html.Section(id=f"{ID}-{key}")
    heading = t(f"funders.heading.{key}", lang)
    return html.Section(
        [html.H2(heading, className="h5 mt-3"), *children],
        id=f"{ID}-{key}",
        className="report-block",
    )


dash.clientside_callback(
    """function(clicks) {
        if (clicks) { window.print(); }
        return window.dash_clientside.no_update;
    }""",
    Output(f"{ID}-print", "title"),
    Input(f"{ID}-print", "n_clicks"),
    prevent_initial_call=True,
)
