"""Territoires: a map of France at three levels (régions, départements, zones d'emploi; the
overseas départements as insets) coloured by any territorial KPI, a click drilling down
(région → its départements → the zones d'emploi touching a département), a breadcrumb going back
up, the selected territory's portrait against its région and France, and the ranking of the
territories shown, exportable. Low data completeness is greyed, so that missing reports are not
read as low activity.

The URL holds the whole view (territoire, niveau, mesure, tri and the filters): a click or a
control writes it, the page is drawn from it. The layout carries the map's frame only; the
values arrive by callback as a `Patch` of the traces — the geometry is an asset URL that plotly
fetches once per level (ARCHITECTURE.md contract 5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, Patch, State, dcc, html
from dash.development.base_component import Component

from dashboard import auth, exports, geo, queries
from dashboard.components.disclosure import disclosure_note, not_published
from dashboard.components.filters import filter_bar, period_label
from dashboard.components.page_text import filters_text, territory_name, unavailable
from dashboard.components.tables import data_table, export_links
from dashboard.components.territories import (
    EXPORT,
    ID,
    breadcrumb,
    controls,
    legend,
    map_rows,
    portrait,
    ranking_spec,
    trend_block,
    without_site,
)
from dashboard.figures import map_traces, map_window, territory_map
from dashboard.i18n import format_date, t
from dashboard.measures import legend_title, measure
from dashboard.state import ViewState, from_search
from dashboard.territories_data import (
    LEVEL_OF_PREFIX,
    PREFIX_OF_LEVEL,
    TerritoryView,
    load,
    map_level,
    trend,
)

dash.register_page(
    __name__,
    path="/territoires",
    name="territories",
    nav_key="nav.territories",
    title="Copilote — territoires",
    order=1,
)

T = TypeVar("T")
STATE = f"{ID}-state"
MAP = f"{ID}-map"


def layout(**query: object) -> Component:
    """The page's frame for the view in the URL: filters, controls, an empty map; the data
    arrive by the callbacks below."""
    scope, state = auth.view(query)
    try:
        with queries.same_build():
            version, territories, programmes = queries.page_frame(scope)
            published = queries.is_protected(scope, state.territoire)
    except queries.DataUnavailable:
        return unavailable(state.lang)
    lang = state.lang
    bar = filter_bar(
        state, version.as_of, territories, programmes, territory=False, published=published
    )
    # the level's geometry from the start: the values then only fill it in
    frame = territory_map([], geojson_url(map_level(state)), "", None, "frame", lang)
    graph = dcc.Graph(
        id=MAP,
        figure=frame,
        config={"displayModeBar": False, "scrollZoom": True},
        style={"height": "560px"},
        className="border rounded",
    )
    return html.Div(
        [
            bar,
            html.H1(
                t(
                    "territories.title",
                    lang,
                    territory=territory_name(state.territoire, territories, lang),
                ),
                id=f"{ID}-title",
                className="h3 mb-1",
            ),
            html.P(id=f"{ID}-subtitle", className="text-body-secondary"),
            controls(state, lang),
            html.P(
                t(f"kpi.{measure(state.mesure).key}.definition", lang),
                id=f"{ID}-definition",
                className="small text-body-secondary mb-2",
            ),
            html.Div(id=f"{ID}-breadcrumb-slot"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Div(
                                graph,
                                role="img",
                                id=f"{ID}-map-frame",
                                **{"aria-label": t("territories.map_help", lang)},
                            ),
                            html.P(t("territories.map_help", lang), className="small mt-2 mb-0"),
                            legend(lang),
                        ],
                        lg=7,
                    ),
                    dbc.Col(
                        [html.Div(id=f"{ID}-portrait-slot"), html.Div(id=f"{ID}-trend-slot")],
                        lg=5,
                    ),
                ],
                class_name="g-3",
            ),
            html.Section(id=f"{ID}-ranking-slot", className="mt-3"),
            dcc.Store(id=STATE, data=state.to_search()),
        ],
        id=f"{ID}-page",
    )


def geojson_url(level: str) -> str:
    return dash.get_asset_url(f"geo/{level}.geojson")


# --- callbacks: thin, over the pure builders --------------------------------------------------


def map_patch(view: TerritoryView, lang: str) -> Patch:
    """The values of the view's map (geometry by URL: never resent), framed on its territories."""
    level = view.context.level
    legend_text = legend_title(view.measure.kind, lang)
    patch = Patch()
    patch["data"] = map_traces(map_rows(view, lang), geojson_url(level), legend_text)
    bounds = None if view.context.subject == "FR" else geo.bounds_of(level, view.context.codes)
    if bounds is not None:
        centre, zoom = map_window(bounds)
        patch["layout"]["map"]["center"] = centre
        patch["layout"]["map"]["zoom"] = zoom
    patch["layout"]["uirevision"] = f"{level}:{view.context.subject}"
    return patch


def ranking(view: TerritoryView, state: ViewState) -> tuple[Component, ...]:
    """Subtitle, breadcrumb and the ranking of the territories shown (with its CSV links)."""
    lang = state.lang
    period_text = period_label(view.period, view.as_of, lang)
    programmes = queries.filter_programmes(auth.current_scope())
    subtitle = t("territories.subtitle", lang, period=period_text,
                 filters=filters_text(state, programmes))  # fmt: skip
    spec = ranking_spec(view, state)
    table = [
        export_links(EXPORT, state.to_search(), spec.caption, f"{ID}-export", lang),
        data_table(spec),
        without_site(view, lang),
    ]
    if any(x.withheld for x in view.territories):
        table.append(disclosure_note(lang, f"{ID}-disclosure"))
    return subtitle, breadcrumb(view, state), table


def subject_portrait(view: TerritoryView, state: ViewState) -> Component:
    """The selected territory's portrait: its KPIs against its région and France, its sites,
    the measure's last twelve months."""
    lang, scope = state.lang, auth.current_scope()
    subject = view.context.subject
    site_names = []
    if subject != "FR":
        level = LEVEL_OF_PREFIX[subject[0]]
        sites = queries.territories_site_list(
            scope, level, subject[1:], view.period.start, view.period.end
        )
        site_names = [
            (r["site_name"], t(f"territories.site_type.{r['site_type']}", lang))
            for r in sites.iter_rows(named=True)
        ]
    period_text = period_label(view.period, view.as_of, lang)
    return portrait(view, state, period_text, site_names)


def subject_trend(search: str | None) -> Component:
    """The chosen measure in the selected territory over the last twelve months (the monthly
    counts only: it does not wait for the territories' counts)."""
    scope, state = auth.view_of_search(search)
    step, points = trend(scope, state)
    return trend_block(measure(state.mesure), points, state.lang, step)


def draw(search: str | None, build: Callable[[TerritoryView, ViewState], T]) -> T:
    """`build` over the view of the URL's query, read from one build."""
    scope, state = auth.view_of_search(search)
    with queries.same_build():
        return build(load(scope, state), state)


def clicked_search(click: dict | None, search: str | None) -> str | None:
    """The URL query after a click on the map: the clicked territory becomes the subject (a
    région drills to its départements, a département to its zones); None when nothing changes."""
    points = click.get("points") if isinstance(click, dict) else None
    points = points if isinstance(points, list) else []
    location = points[0].get("location") if points and isinstance(points[0], dict) else None
    if not isinstance(location, str):
        return None
    state = from_search(search)
    prefix = PREFIX_OF_LEVEL[map_level(state)]
    updated = state.with_values(territoire=prefix + location)
    if updated.territoire != prefix + location or updated == state:
        return None  # not a code of the level shown, or the territory already selected
    return updated.to_search()


def register(app: dash.Dash) -> None:
    """The page's callbacks (called by `dashboard.app.create_app`)."""

    @app.callback(Output(MAP, "figure"), Input(STATE, "data"))
    def _draw_map(search):
        try:
            return draw(search, lambda view, state: map_patch(view, state.lang))
        except queries.NotPublished:
            blank = Patch()
            blank["data"] = []  # nothing published at this grain: no stale values either
            return blank
        except queries.DataUnavailable:
            return dash.no_update

    @app.callback(
        Output(f"{ID}-subtitle", "children"),
        Output(f"{ID}-breadcrumb-slot", "children"),
        Output(f"{ID}-ranking-slot", "children"),
        Input(STATE, "data"),
    )
    def _draw_ranking(search):
        try:
            return draw(search, ranking)
        except queries.NotPublished as refusal:
            lang = from_search(search).lang
            return "", None, not_published(refusal.reason, lang, ID)
        except queries.DataUnavailable:
            return (dash.no_update,) * 3

    @app.callback(Output(f"{ID}-trend-slot", "children"), Input(STATE, "data"))
    def _draw_trend(search):
        try:
            return subject_trend(search)
        except queries.NotPublished:
            return None
        except queries.DataUnavailable:
            return dash.no_update

    @app.callback(Output(f"{ID}-portrait-slot", "children"), Input(STATE, "data"))
    def _draw_portrait(search):
        try:
            return draw(search, subject_portrait)
        except queries.NotPublished:
            return None
        except queries.DataUnavailable:
            return dash.no_update

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input(MAP, "clickData"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _drill(click, search):
        found = clicked_search(click, search)
        return dash.no_update if found is None else found


@exports.register_table(EXPORT)
def export_ranking(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The ranking on screen, for the view in the URL."""
    view = load(scope, state)
    lang = state.lang
    spec = ranking_spec(view, state)
    metadata = [
        (t("table.period", lang), period_label(view.period, view.as_of, lang)),
        (
            t("table.territory", lang),
            view.name_of(view.context.subject)
            if view.context.subject != "FR"
            else t("overview.france", lang),
        ),
        (t("territories.level_label", lang), t(f"territories.level.{view.context.level}", lang)),
        (t("territories.measure_label", lang), t(f"kpi.{view.measure.key}.label", lang)),
        (t("export.as_of", lang), format_date(view.as_of, lang)),
    ]
    return exports.Export(t("territories.export_title", lang), metadata, spec.frame())
