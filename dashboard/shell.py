"""The frame around every page, and the two callbacks that keep the URL the single source of the
view: the URL draws the navbar, the banner and the large-type mode; the filters write the URL.

Pages read their view from their query (`layout(**query)`), so a copied address reproduces the
view and the back button steps through views.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html

from dashboard import auth
from dashboard.auth.guard import page_allowed
from dashboard.components.filters import ANY, FILTER
from dashboard.components.navbar import banner, navbar
from dashboard.config import load_settings
from dashboard.freshness import freshness
from dashboard.i18n import t
from dashboard.state import from_search, parse_period


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            html.Div(id="shell-lang", hidden=True),  # the page's language follows the URL
            html.A(t("shell.skip_to_content"), href="#main", className="visually-hidden-focusable"),
            html.Header(id="shell-navbar"),
            dbc.Container(html.Div(id="shell-banner"), fluid="lg"),
            html.Main(dbc.Container(dash.page_container, fluid="lg", class_name="pb-4"), id="main"),
        ],
        id="shell",
    )


def frame(pathname: str | None, search: str | None) -> tuple[Any, Any, str]:
    """Navbar, banner and the shell's class for a URL."""
    settings = load_settings()
    state = from_search(search)
    user = auth.current_user()
    role = user.role if user is not None else ""
    fresh = freshness(settings, auth.current_scope(), datetime.now(UTC).date())
    as_of = fresh.version.as_of if fresh.version else None
    pages = [p for p in dash.page_registry.values() if page_allowed(p["path"], role)]
    account = (
        None
        if user is None
        else t(
            "shell.signed_in_as",
            state.lang,
            username=user.username,
            role=t(f"role.{role}", state.lang),
        )
    )
    bar = navbar(pages, state, pathname or "/", as_of=as_of, is_demo=settings.is_demo,
                 account=account)  # fmt: skip
    shown = banner(fresh, state.lang, details=role == "admin")
    return bar, shown, "shell shell-large" if state.grand else "shell"


def search_for(
    values: list[Any], ids: list[dict], search: str | None, changed: str | None = None
) -> str | None:
    """The URL query for the filters' values, keeping the other parameters; None if unchanged.
    `changed` names the control the user moved."""
    shapes = isinstance(values, list) and isinstance(ids, list) and len(values) == len(ids)
    if not shapes or not all(isinstance(i, dict) and isinstance(i.get("name"), str) for i in ids):
        return None  # not what the filter bar sends: a crafted request
    chosen = {
        i["name"]: (v if isinstance(v, str) and v != ANY else None)
        for i, v in zip(ids, values, strict=True)
    }
    first, last = chosen.pop("du", None), chosen.pop("au", None)
    if changed in ("du", "au"):  # an edited day makes the period a free range
        code = f"{first}..{last}"
        if parse_period(code) is None:
            return None
        chosen["periode"] = code
    if "region" in chosen or "zone" in chosen:  # two controls, one parameter `territoire`
        region, zone = chosen.pop("region", None), chosen.pop("zone", None)
        chosen["territoire"] = (region if changed == "region" else zone or region) or "FR"
    current = from_search(search)
    updated = current.with_values(**{k: v or "" for k, v in chosen.items()})
    if "financeur" in chosen and updated.financeur != current.financeur:
        updated = updated.with_values(programme="")  # a new funder: its programmes, afresh
    return None if updated == current else updated.to_search()


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("shell-navbar", "children"),
        Output("shell-banner", "children"),
        Output("shell", "className"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def _frame(pathname, search):
        return frame(pathname, search)

    app.clientside_callback(
        """function(search) {
            const english = new URLSearchParams(search || "").get("lang") === "en";
            document.documentElement.lang = english ? "en" : "fr";
            return english ? "en" : "fr";
        }""",
        Output("shell-lang", "data-lang"),
        Input("url", "search"),
    )

    @app.callback(
        Output("url", "search"),
        Input({"type": FILTER, "name": ALL}, "value"),
        State({"type": FILTER, "name": ALL}, "id"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _filters(values, ids, search):
        changed = dash.ctx.triggered_id
        if not changed:  # controls just drawn by a page: the URL already says what they show
            return dash.no_update
        name = changed.get("name") if isinstance(changed, dict) else None
        found = search_for(values, ids, search, name)
        return dash.no_update if found is None else found
