"""Vue d'ensemble: the headline KPIs of the view in the URL (period, territory, funder or
programme, public), each against the previous period and, where one exists, its target.

`layout` is a function: every page load reads the served build afresh (one build per page), so
a newly published build is shown without a restart; unreadable data give a sentence.
"""

from __future__ import annotations

from datetime import date

import dash
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import auth, exports, queries
from dashboard.components.disclosure import disclosure_note, not_published
from dashboard.components.filters import filter_bar, month_label, period_label
from dashboard.components.indicator_table import indicator_frame, indicator_table, series_frame
from dashboard.components.kpi_card import kpi_grid
from dashboard.components.page_text import filters_text, territory_name, unavailable
from dashboard.components.quality_completeness import LOW_COMPLETENESS, completeness_months
from dashboard.components.tables import export_links
from dashboard.i18n import format_date, format_percent, t
from dashboard.kpis import figures
from dashboard.overview_data import View, load
from dashboard.state import ViewState

dash.register_page(
    __name__, path="/", name="overview", nav_key="nav.overview", title="Copilote", order=0
)

ID = "overview"
EXPORT = "vue-ensemble-indicateurs"
SERIES_EXPORT = "vue-ensemble-series-mensuelles"


def layout(**query: object) -> Component:
    """The page for the view in the URL (French by default)."""
    scope, state = auth.view(query)
    try:
        with queries.same_build():
            version, territories, programmes = queries.page_frame(scope)
            try:
                view = load(scope, state, version.as_of)
            except queries.NotPublished as refusal:
                view = refusal
            completeness = _completeness(scope, state, version.as_of)
    except queries.DataUnavailable:
        return unavailable(state.lang)
    published = isinstance(view, queries.NotPublished) or view.protected
    bar = filter_bar(state, version.as_of, territories, programmes, published=published)
    if isinstance(view, queries.NotPublished):
        return html.Div([bar, not_published(view.reason, state.lang, ID)], id=f"{ID}-page")
    body = overview(view, state, territories, programmes)
    body.insert(2, completeness_note(completeness, state))
    return html.Div([bar, *body], id=f"{ID}-page")


def _fetch(scope: queries.Scope, state: ViewState):
    """Everything the page shows, read from one build (NotPublished for a view the user's
    figures are not published at)."""
    with queries.same_build():
        version, territories, programmes = queries.page_frame(scope)
        view = load(scope, state, version.as_of)
    return version, territories, programmes, view


def view_months(state: ViewState, as_of: date) -> list[date]:
    """The full months of the view's period (the as-of month is never full), at most the last
    twelve; the last twelve full months when the period holds none."""
    full = completeness_months(as_of, count=12 * 8)
    period = state.period(as_of)
    inside = [m for m in full if period.start <= m and m <= period.end]
    return inside[-12:] or full[-12:]


def _completeness(scope: queries.Scope, state: ViewState, as_of: date) -> list[tuple]:
    """(month, reported, expected) site-months of the view's territory over its months."""
    months = view_months(state, as_of)
    frame = queries.quality_completeness(scope, state.territoire, months[0], months[-1])
    whole = frame.filter(pl.col("row_code").is_null() & (pl.col("expected") > 0))
    return [(r["month"], r["reported"], r["expected"]) for r in whole.iter_rows(named=True)]


def completeness_note(rows: list[tuple], state: ViewState) -> html.P:
    """'Complétude des déclarations … : 96 %; incomplete months …' with a link to the detail,
    so that a quiet month is not read as a weak one."""
    lang = state.lang
    expected = sum(e for _, _, e in rows)
    overall = sum(r for _, r, _ in rows) / expected if expected else None
    low = [
        f"{month_label(m, lang)} ({format_percent(r / e, lang, digits=0)})"
        for m, r, e in rows
        if r / e < LOW_COMPLETENESS
    ]
    span = (month_label(rows[0][0], lang), month_label(rows[-1][0], lang)) if rows else ("", "")
    share = format_percent(overall, lang, digits=0)
    parts = [t("overview.completeness", lang, first=span[0], last=span[1], share=share)]
    parts.append(
        t("overview.completeness_low", lang, months=", ".join(low))
        if low
        else t("overview.completeness_ok", lang)
    )
    link = dcc.Link(
        t("overview.completeness_link", lang),
        href="/qualite" + state.to_search(),
        id=f"{ID}-completeness-link",
        className="ms-2",
    )
    return html.P(
        [html.Span(" ".join(parts)), link],
        id=f"{ID}-completeness",
        className="small text-body-secondary",
    )


@exports.register_table(EXPORT)
def export_indicators(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The indicator table of the view, as the CSV export holds it."""
    version, territories, programmes, view = _fetch(scope, state)
    lang = state.lang
    period = (t("table.period", lang), period_label(view.period, view.as_of, lang))
    metadata = [period, *_metadata(state, version, territories, programmes)]
    frame = indicator_frame(_cards(view), lang)
    return exports.Export(t("table.overview_title", lang), metadata, frame)


@exports.register_table(SERIES_EXPORT)
def export_series(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The monthly values behind the cards' sparklines."""
    version, territories, programmes, view = _fetch(scope, state)
    metadata = _metadata(state, version, territories, programmes)
    frame = series_frame(_cards(view), state.lang)
    return exports.Export(t("table.series_title", state.lang), metadata, frame)


def _metadata(state: ViewState, version, territories, programmes) -> list[tuple[str, str]]:
    """What an export of the view says about it: territory, filters, data date and version."""
    lang = state.lang
    return [
        (t("table.territory", lang), territory_name(state.territoire, territories, lang)),
        (t("table.filters", lang), filters_text(state, programmes)),
        (t("export.as_of", lang), format_date(version.as_of, lang)),
        (t("export.version", lang), version.run_id),
    ]


def _cards(view: View) -> list:
    return figures(
        view.counts, view.monthly, view.period, view.as_of, view.targets, view.hidden,
        view.series_step,
    )  # fmt: skip


def _subtitle(view: View, state: ViewState, programmes: pl.DataFrame) -> str:
    period = period_label(view.period, view.as_of, state.lang)
    filters = filters_text(state, programmes)
    return t("overview.subtitle", state.lang, period=period, filters=filters)


def overview(
    view: View, state: ViewState, territories: pl.DataFrame, programmes: pl.DataFrame
) -> list[Component]:
    lang = state.lang
    name = territory_name(state.territoire, territories, lang)
    cards = _cards(view)
    compared = period_label(view.compared, view.as_of, lang)
    if view.compared.end < view.period.previous().end:
        compared = t("kpi.same_span", lang, period=compared)
    return [
        html.H1(t("overview.title", lang, territory=name), id=f"{ID}-title", className="h3 mb-1"),
        html.P(
            _subtitle(view, state, programmes), id=f"{ID}-subtitle", className="text-body-secondary"
        ),
        kpi_grid(cards, compared, lang, id_prefix=f"{ID}-kpi"),
        *([disclosure_note(lang, f"{ID}-disclosure")] if any(c.withheld for c in cards) else []),
        _table_section(cards, state),
    ]


def _table_section(cards: list, state: ViewState) -> html.Details:
    """The cards as a table (their text alternative) with its CSV exports."""
    lang, search = state.lang, state.to_search()
    title = t("table.overview_title", lang)
    links = export_links(EXPORT, search, title, f"{ID}-export", lang)
    series = html.A(
        t("table.download_series", lang),
        href=f"/export/{SERIES_EXPORT}.csv{search}",
        id=f"{ID}-export-series",
        download="",
        className="small",
    )
    table = indicator_table(indicator_frame(cards, lang), title, lang, f"{ID}-table")
    return html.Details(
        [html.Summary(t("table.show", lang)), links, html.P(series), table],
        id=f"{ID}-table-section",
        className="mt-4",
    )
