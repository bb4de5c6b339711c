"""Words every page says about its view (pure): the territory's name, the filters in one line,
and the page shown when no build can be read."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.i18n import t
from dashboard.state import ViewState

ID = "overview"  # the page whose ids `unavailable` gives by default


def territory_name(code: str, territories: pl.DataFrame, lang: str) -> str:
    if code == "FR":
        return t("overview.france", lang)
    level = {"R": "region", "D": "departement", "Z": "zone"}[code[:1]]
    rows = territories.filter((pl.col("level") == level) & (pl.col("code") == code[1:]))
    if not rows.height:
        return code
    name = rows["name"][0]
    if level == "region":
        return name
    return t(f"filters.{level}_option", lang, name=name, code=code[1:])


def filters_text(state: ViewState, programmes: pl.DataFrame) -> str:
    lang = state.lang
    parts = []
    if state.programme:
        match = programmes.filter(pl.col("programme_id") == state.programme)["programme_name"]
        parts.append(match[0] if len(match) else state.programme)
    elif state.financeur:
        match = programmes.filter(pl.col("funder_id") == state.financeur)["funder_name"]
        parts.append(match[0] if len(match) else state.financeur)
    if state.public:
        parts.append(t(f"segment.{state.public}", lang))
    return ", ".join(parts) if parts else t("overview.no_filter", lang)


def unavailable(lang: str = "fr", page: str = ID, title_key: str = "overview.unavailable_title"):
    """What a page shows when no build can be read: its title and a sentence saying what to do
    (ids `<page>-page`, `<page>-unavailable`)."""
    return _notice(lang, page, title_key, "overview.unavailable_body", "unavailable")


def forbidden(lang: str = "fr", page: str = ID):
    """What a page shows to an account it is not open to (ids `<page>-page`, `<page>-forbidden`):
    the guard answers 403 to a direct visit; this is the same sentence after a click inside the
    app."""
    return _notice(lang, page, "auth.error.title", "auth.error.403", "forbidden")


def _notice(lang: str, page: str, title_key: str, body_key: str, kind: str) -> html.Div:
    """A page holding only a title and one sentence in a warning."""
    return html.Div(
        [
            html.H1(t(title_key, lang), className="h3 mb-3"),
            dbc.Alert(
                html.P(t(body_key, lang), className="mb-0"), id=f"{page}-{kind}", color="warning"
            ),
        ],
        id=f"{page}-page",
        lang=lang,
    )
