"""The territories page's pieces (pure: a TerritoryView in, dbc/html trees and map rows out):
the map's rows and legend, the controls (level, measure, order), the breadcrumb, the ranking
table (screen and CSV from one TableSpec) and the selected territory's portrait."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from dashboard.components.disclosure import withheld_text
from dashboard.components.filters import ANY, select_control, step_label
from dashboard.components.tables import Column, TableSpec, integer, percentage
from dashboard.figures import EMPTY, GREYED, SELECTED, MapRow, sparkline
from dashboard.i18n import format_decimal, format_int, format_percent, t
from dashboard.measures import FTE_BASE, MEASURES, RATE, Measure, format_value, plotted
from dashboard.state import LEVELS, SORTS, ViewState
from dashboard.territories_data import (
    INCOMPLETE,
    NO_SITE,
    NO_VALUE,
    SHOWN,
    WITHHELD,
    Territory,
    TerritoryView,
)

ID = "territories"
EXPORT = "territoires-classement"
GROUPS = {SHOWN: "shown", INCOMPLETE: "greyed", NO_VALUE: "empty", NO_SITE: "empty",
          WITHHELD: "empty"}  # fmt: skip


def base_text(chosen: Measure, territory_row: Territory, lang: str) -> str:
    """What a value rests on, in words ('sur 1 234 parcours clos'); empty for a plain count."""
    if chosen.base is None:
        return ""
    count = territory_row.count
    shown = format_decimal(count, lang) if chosen.base == FTE_BASE else format_int(count, lang)
    return t(f"territories.base.{chosen.base}", lang, count=shown)


def map_rows(view: TerritoryView, lang: str) -> list[MapRow]:
    """The map's territories: value on the colour scale, or set apart (greyed, empty), with
    the hover's name, value and base — and the completeness for a greyed one."""
    chosen = view.measure
    rows = []
    for territory in view.territories:
        if territory.status == NO_SITE:
            lines = (territory.name, t("territories.hover.no_site", lang), "")
        elif territory.status == NO_VALUE:
            lines = (territory.name, t("territories.hover.no_value", lang), "")
        elif territory.status == WITHHELD:
            text = withheld_text(territory.withheld, lang)
            lines = (territory.name, text, t("territories.hover.withheld", lang))
        else:
            detail = base_text(chosen, territory, lang)
            if territory.status == INCOMPLETE:
                share = format_percent(territory.completeness, lang, digits=0)
                detail = " · ".join(
                    p for p in (detail, t("territories.hover.completeness", lang, share=share)) if p
                )
            lines = (territory.name, format_value(chosen.kind, territory.value, lang), detail)
        rows.append(
            MapRow(
                code=territory.code,
                value=plotted(chosen.kind, territory.value),
                hover=lines,
                group=GROUPS[territory.status],
                selected=territory.url_code == view.context.subject,
            )
        )
    return rows


def legend(lang: str) -> html.Ul:
    """What the greys and the outline mean (the colour scale has its own bar)."""

    def swatch(colour: str, key: str, border: str = "#6c757d") -> html.Li:
        return html.Li(
            [
                html.Span(
                    className="d-inline-block me-2 align-middle",
                    style={
                        "width": "1.1em",
                        "height": "1.1em",
                        "background": colour,
                        "border": f"2px solid {border}",
                    },
                ),
                t(key, lang),
            ],
            className="mb-1",
        )

    return html.Ul(
        [
            swatch(GREYED, "territories.legend.greyed"),
            swatch(EMPTY, "territories.legend.empty"),
            swatch("white", "territories.legend.selected", border=SELECTED),
        ],
        id=f"{ID}-legend",
        className="list-unstyled small text-body-secondary mt-2",
    )


def controls(state: ViewState, lang: str) -> dbc.Row:
    """Level (at national scale, or zones within a région), measure and order: they write the
    URL like the filters (`dashboard.shell`)."""
    subject = state.territoire
    # the level the subject implies is the select's "all" value (ANY: it writes nothing to the
    # URL), so that a drill-down does not change the select's value and write the URL again
    levels = {"F": LEVELS, "R": LEVELS[1:], "D": LEVELS[2:], "Z": LEVELS[2:]}[subject[0]]
    value = state.niveau if state.niveau in levels[1:] else ANY
    return dbc.Row(
        [
            select_control(
                "niveau",
                t("territories.level", lang),
                [
                    {"label": t(f"territories.level.{v}", lang), "value": ANY if i == 0 else v}
                    for i, v in enumerate(levels)
                ],
                value,
                disabled=len(levels) == 1,
            ),
            select_control(
                "mesure",
                t("territories.measure", lang),
                [{"label": t(f"kpi.{m.key}.label", lang), "value": m.key} for m in MEASURES],
                state.mesure or MEASURES[0].key,
            ),
            select_control(
                "tri",
                t("territories.sort", lang),
                [{"label": t(f"territories.sort.{v}", lang), "value": v} for v in SORTS],
                state.tri or SORTS[0],
            ),
        ],
        class_name="g-2 mb-2",
    )


def breadcrumb(view: TerritoryView, state: ViewState) -> html.Nav:
    """France › Région › Département: links up the hierarchy (the last item is the page)."""
    lang = state.lang
    trail = view.context.trail
    items = []
    for index, code in enumerate(trail):
        name = view.name_of(code) if code != "FR" else t("overview.france", lang)
        last = index == len(trail) - 1
        href = (
            "/territoires" + state.with_values(territoire=code if code != "FR" else "").to_search()
        )
        item = name if last else dcc.Link(name, href=href, id=f"{ID}-crumb-{code}")
        items.append(
            html.Li(
                item,
                className="breadcrumb-item" + (" active" if last else ""),
                **({"aria-current": "page"} if last else {}),
            )
        )
    return html.Nav(
        html.Ol(items, className="breadcrumb mb-2"),
        id=f"{ID}-breadcrumb",
        **{"aria-label": t("territories.breadcrumb", lang)},
    )


# --- the ranking ------------------------------------------------------------------------------


def ranked(view: TerritoryView, sort: str | None) -> list[Territory]:
    """Territories with a value first (by value, or by name), then the others by name."""
    valued = [x for x in view.territories if x.value is not None]
    others = sorted((x for x in view.territories if x.value is None), key=lambda x: x.name)
    if sort == "nom":
        return sorted(valued, key=lambda x: x.name) + others
    descending = sort != "valeur-croissante"
    valued.sort(key=lambda x: (-x.value if descending else x.value, x.name))
    return valued + others


def ranking_spec(view: TerritoryView, state: ViewState) -> TableSpec:
    """The ranking of the territories the map shows: screen and CSV from one definition."""
    lang, chosen = state.lang, view.measure
    rows = []
    order = [x for x in ranked(view, state.tri) if x.status != NO_SITE]  # listed apart
    ranks = {x.code: i + 1 for i, x in enumerate(v for v in order if v.value is not None)}
    for territory in order:
        value = territory.value
        rows.append(
            {
                "rank": ranks.get(territory.code),
                "name": territory.name,
                "code": territory.code,
                "value": _csv_value(chosen, value),
                "base": None if territory.count is None else int(territory.count),
                "completeness": percentage(territory.completeness),
                "sites": territory.sites,
                "note": _note(territory, lang),
                "href": "/territoires"
                + state.with_values(territoire=territory.url_code).to_search(),
                "shown": withheld_text(territory.withheld, lang)
                if territory.withheld
                else format_value(chosen.kind, value, lang),
            }
        )
    level_words = t(f"territories.level.{view.context.level}", lang).lower()
    caption = t(
        "territories.ranking_title",
        lang,
        level=level_words,
        measure=t(f"kpi.{chosen.key}.label", lang),
    )
    columns = [
        Column("rank", t("territories.col.rank", lang), pl.Int64, integer(lang), numeric=True),
        Column("name", t("territories.col.name", lang), show=_name_link, row_header=True),
        Column("code", t("territories.col.code", lang)),
        Column(
            "value",
            f"{t('territories.col.value', lang)} ({t(f'measure.legend.{chosen.kind}', lang)})",
            pl.Float64,
            lambda value, row: row["shown"],
            numeric=True,
        ),
    ]
    if chosen.base is not None and chosen.base != FTE_BASE:
        columns.append(
            Column("base", t("territories.col.base", lang), pl.Int64, integer(lang), numeric=True)
        )
    columns += [
        Column(
            "completeness",
            f"{t('territories.col.completeness', lang)} (%)",
            pl.Float64,
            lambda value, row: format_percent(None if value is None else value / 100, lang, 0),
            numeric=True,
        ),
        Column("sites", t("territories.col.sites", lang), pl.Int64, integer(lang), numeric=True),
        Column("note", t("territories.col.note", lang)),
    ]
    return TableSpec(columns, rows, caption, f"{ID}-ranking", t("territories.ranking_empty", lang))


def without_site(view: TerritoryView, lang: str) -> html.P | None:
    """The territories of the map without any site, in one sentence under the ranking."""
    names = sorted(x.name for x in view.territories if x.status == NO_SITE)
    if not names:
        return None
    text = t("territories.no_site_list", lang, count=len(names), names=", ".join(names))
    return html.P(text, id=f"{ID}-no-site", className="small text-body-secondary")


def _csv_value(chosen: Measure, value: float | None) -> float | None:
    """The value as the CSV holds it: rates in percent at the screen's precision, energy in
    MWh/yr, tonnes and ratios at one decimal, counts and days as integers."""
    if value is None:
        return None
    if chosen.kind == RATE:
        return percentage(value)
    return round(plotted(chosen.kind, value), 1)


def _note(territory: Territory, lang: str) -> str | None:
    if territory.status == SHOWN:
        return None
    if territory.status == WITHHELD:  # the CSV's value is empty: the note says why
        return withheld_text(territory.withheld, lang)
    return t(f"territories.status.{territory.status}", lang)


def _name_link(value: object, row: dict) -> dcc.Link:
    return dcc.Link(str(value), href=row["href"])


# --- the portrait -----------------------------------------------------------------------------


def portrait(
    view: TerritoryView,
    state: ViewState,
    period_text: str,
    site_names: Sequence[tuple[str, str]],
) -> html.Section:
    """The selected territory against its région and France: every measure, its sites, the
    chosen measure's trend over twelve months."""
    lang = state.lang
    subject = view.context.subject
    compared = [subject]
    region = next((c for c in view.context.trail[1:] if c.startswith("R")), None)
    if region and region != subject:
        compared.append(region)
    if subject != "FR":
        compared.append("FR")
    names = {c: view.name_of(c) if c != "FR" else t("overview.france", lang) for c in compared}
    rows = {c: view.counts_of(c) for c in compared}
    head = html.Thead(
        html.Tr(
            [html.Th(t("territories.col.indicator", lang), scope="col")]
            + [html.Th(names[c], scope="col", className="text-end") for c in compared]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(
                        t(f"kpi.{m.key}.label", lang),
                        scope="row",
                        className="fw-bold" if m.key == view.measure.key else "fw-normal",
                    )
                ]
                + [
                    html.Td(_shown_value(m, rows[c], lang), className="text-end text-nowrap")
                    for c in compared
                ]
            )
            for m in MEASURES
        ]
    )
    key = {"F": "_france", "R": "_region"}.get(subject[0], "")
    caption = t(
        f"territories.portrait_caption{key}", lang, territory=names[subject], period=period_text
    )
    table = dbc.Table(
        [html.Caption(caption), head, body],
        id=f"{ID}-portrait-table",
        size="sm",
        bordered=True,
        class_name="caption-top small align-middle",
    )
    return html.Section(
        [
            html.H2(
                t("territories.portrait_title", lang, territory=names[subject]), className="h5"
            ),
            table,
            _sites(site_names, rows[subject], lang),
        ],
        id=f"{ID}-portrait",
        **{"aria-label": t("territories.portrait_title", lang, territory=names[subject])},
    )


def _shown_value(chosen: Measure, row: dict, lang: str) -> str:
    """A measure in a territory's row as the portrait shows it ("< 11", "secret" when the
    small-count rule withholds it)."""
    if not row:
        return format_value(chosen.kind, None, lang)
    reason = chosen.withheld(row)
    return (
        withheld_text(reason, lang)
        if reason
        else format_value(chosen.kind, chosen.value(row), lang)
    )


def trend_block(
    chosen: Measure, trend: Sequence[tuple[date, float | None]], lang: str, step: str = "month"
) -> html.Div:
    """The chosen measure month by month (quarter or year by published figures): a sparkline,
    and the values as a list (period — value) that says it in words."""
    key = {"month": "territories.trend_title"}.get(step, f"territories.trend_title_{step}")
    title = t(key, lang, measure=t(f"kpi.{chosen.key}.label", lang))
    if not trend:
        return html.Div()
    items = [
        html.Li(
            [
                html.Span(step_label(month, step, lang), className="me-2"),
                html.Strong(format_value(chosen.kind, value, lang)),
            ],
            className="d-flex justify-content-between border-bottom",
        )
        for month, value in trend
    ]
    graph = dcc.Graph(
        figure=sparkline([m for m, _ in trend], [v for _, v in trend], chosen.kind),
        config={"displayModeBar": False, "staticPlot": True},
        style={"height": "48px"},
        id=f"{ID}-trend-sparkline",
    )
    return html.Div(
        [
            html.Div(graph, **{"aria-hidden": "true"}),  # the list below says it in words
            html.Details(
                [
                    html.Summary(title, className="small"),
                    html.Ul(items, className="list-unstyled small"),
                ],
            ),
        ],
        id=f"{ID}-trend",
        className="mb-2",
    )


def _sites(site_names: Sequence[tuple[str, str]], row: dict, lang: str) -> html.Div:
    count = int(row.get("sites") or 0) if row else 0
    if not site_names:
        text = "territories.sites_none" if not count else "territories.sites_many"
        return html.P(t(text, lang, count=format_int(count, lang)), className="small")
    return html.Details(
        [
            html.Summary(
                t("territories.sites_title", lang, count=format_int(len(site_names), lang))
            ),
            html.Ul(
                [html.Li(t("territories.site_item", lang, name=n, kind=k)) for n, k in site_names],
                className="small mb-0",
            ),
        ],
        id=f"{ID}-sites",
        className="small",
    )
