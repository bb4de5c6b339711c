"""A KPI card (pure builder): label, value, change against the previous period, sparkline (with
its values as a table for screen readers), "provisional" where outcomes are not all due, the
target's expected value to date and status (in words, not only in colour), the definition on
demand (a native <details>, keyboard-ready).
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.disclosure import withheld_text, withheld_title
from dashboard.components.filters import step_label
from dashboard.figures import sparkline
from dashboard.i18n import (
    format_int,
    format_percent,
    format_percent_change,
    format_point_change,
    t,
)
from dashboard.kpis import RATE, KpiFigure
from dashboard.measures import format_value
from dashboard.queries import SMALL

STATUS_COLOURS = {"green": "success", "amber": "warning", "red": "danger"}


def change_text(figure: KpiFigure, previous_label: str, lang: str = "fr") -> str:
    """'+3,2 % vs 2024' for counts and amounts, '+1,4 pt vs 2024' for rates."""
    change = figure.change
    if change is None:
        return t("kpi.change_unavailable", lang, period=previous_label)
    formatted = (
        format_point_change(change, lang)
        if figure.kind == RATE
        else (format_percent_change(change, lang))
    )
    return t("kpi.change", lang, change=formatted, period=previous_label)


def card_id(id_prefix: str, key: str) -> str:
    return f"{id_prefix}-{key.replace('_', '-')}"


def kpi_card(
    figure: KpiFigure, previous_label: str, lang: str = "fr", id_prefix: str = "kpi"
) -> dbc.Card:
    identifier = card_id(id_prefix, figure.key)
    header = [html.H2(t(f"kpi.{figure.key}.label", lang), className="h6 mb-0 kpi-label")]
    if figure.provisional:
        header.append(
            dbc.Badge(
                t("kpi.provisional", lang),
                color="secondary",
                class_name="ms-2",
                title=t("kpi.provisional_title", lang),
                id=f"{identifier}-provisional",
            )
        )
    body = [
        html.Div(header, className="d-flex align-items-start justify-content-between mb-1"),
        _value(figure, identifier, lang),
    ]
    if figure.co2e_tonnes is not None:
        text = t("kpi.co2e", lang, value=format_int(figure.co2e_tonnes, lang))
        body.append(html.P(text, id=f"{identifier}-co2e", className="small mb-1"))
    if figure.withheld:  # nothing to compare: the value is not published
        key = "disclosure.card_small" if figure.withheld == SMALL else "disclosure.card_hidden"
        body.append(html.P(t(key, lang), className="small text-body-secondary mb-1"))
    elif figure.value is None and figure.previous_value is None:
        body.append(html.P(t("kpi.not_applicable", lang), className="small text-body-secondary"))
    else:
        body.append(
            html.P(
                change_text(figure, previous_label, lang),
                id=f"{identifier}-change",
                className="small mb-1 kpi-change",
            )
        )
    if figure.target is not None and not figure.withheld:
        body.append(_target(figure, identifier, lang))
    if figure.series:
        body.extend(_trend(figure, identifier, lang))
    body.append(
        html.Details(
            [
                html.Summary(t("kpi.definition_toggle", lang), className="small"),
                html.P(t(f"kpi.{figure.key}.definition", lang), className="small mb-0 mt-1"),
            ],
            className="kpi-definition mt-auto",
        )
    )
    return dbc.Card(
        dbc.CardBody(body, class_name="d-flex flex-column"),
        id=identifier,
        class_name="h-100 kpi-card",
    )


def _value(figure: KpiFigure, identifier: str, lang: str) -> html.P:
    """The figure, or what the small-count rule shows in its place ("< 11", "secret")."""
    if figure.withheld:
        return html.P(
            withheld_text(figure.withheld, lang),
            id=f"{identifier}-value",
            title=withheld_title(figure.withheld, lang),
            className="fs-2 fw-semibold mb-0 kpi-value kpi-withheld",
            **{"data-withheld": figure.withheld},
        )
    return html.P(
        format_value(figure.kind, figure.value, lang),
        id=f"{identifier}-value",
        className="fs-2 fw-semibold mb-0 kpi-value",
    )


def _target(figure: KpiFigure, identifier: str, lang: str) -> html.P:
    target = figure.target
    status = target.status
    text = t(
        "kpi.target",
        lang,
        expected=format_value(figure.kind, target.expected, lang),
        ratio=format_percent(target.ratio, lang, digits=0),
    )
    return html.P(
        [
            dbc.Badge(
                t(f"kpi.status.{status}", lang),
                color=STATUS_COLOURS[status],
                text_color="dark" if status == "amber" else None,
                class_name="me-2",
            ),
            html.Span(text),
        ],
        id=f"{identifier}-target",
        className="small mb-1 kpi-target",
        **{"data-status": status},
    )


def _trend(figure: KpiFigure, identifier: str, lang: str) -> list:
    """The sparkline (decorative for screen readers) and its values as a hidden table."""
    months = [month for month, _ in figure.series]
    values = [value for _, value in figure.series]
    graph = dcc.Graph(
        figure=sparkline(months, values, figure.kind),
        config={"displayModeBar": False, "staticPlot": True},
        style={"height": "48px"},
        id=f"{identifier}-sparkline",
        className="kpi-sparkline",
    )
    rows = [
        html.Tr(
            [
                html.Th(step_label(m, figure.series_step, lang), scope="row"),
                html.Td(format_value(figure.kind, v, lang)),
            ]
        )
        for m, v in figure.series
    ]
    table = html.Table(
        [html.Caption(t(f"kpi.{figure.series_step}ly_values", lang)), html.Tbody(rows)],
        className="visually-hidden",
    )
    return [html.Div(graph, **{"aria-hidden": "true"}), table]


def kpi_grid(
    figures: Sequence[KpiFigure], previous_label: str, lang: str = "fr", id_prefix: str = "kpi"
) -> dbc.Row:
    """One card per figure: one column on phones, two on tablets, three on wide screens."""
    return dbc.Row(
        [dbc.Col(kpi_card(f, previous_label, lang, id_prefix)) for f in figures],
        class_name="row-cols-1 row-cols-sm-2 row-cols-xl-3 g-3",
    )
