"""The navigation bar and the freshness banner (pure builders).

Links keep the view state (filters, language, large type) from page to page; the language and
large-type switches are links too, so that the URL always holds the whole view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.freshness import Freshness
from dashboard.i18n import format_date, t
from dashboard.state import ViewState


def navbar(
    pages: Iterable[Mapping[str, Any]],
    state: ViewState,
    pathname: str,
    *,
    as_of: date | None,
    is_demo: bool,
    account: str | None = None,
) -> dbc.Navbar:
    """`pages`: those the user may open; `account`: who is signed in, in words (with the
    password and sign-out controls)."""
    lang, search = state.lang, state.to_search()
    links = [
        dbc.NavItem(
            dbc.NavLink(
                t(page.get("nav_key", "nav.overview"), lang),
                href=page["relative_path"] + search,
                active=page["relative_path"] == pathname,
                id=f"nav-{page['module'].rsplit('.', 1)[-1]}",
            )
        )
        for page in pages
        if page.get("nav", True)  # a page registered with nav=False is reached from another
    ]
    other = "en" if lang == "fr" else "fr"
    freshness_text = html.Span(
        t("shell.as_of", lang, date=format_date(as_of, lang)) if as_of else "",
        id="navbar-as-of",
        className="navbar-text small me-2",
    )
    switches = dbc.Nav(
        [
            dbc.NavItem(
                dbc.NavLink(
                    t("shell.large_type_off" if state.grand else "shell.large_type_on", lang),
                    href=pathname + state.with_values(grand="" if state.grand else "1").to_search(),
                    id="navbar-large-type",
                )
            ),
            dbc.NavItem(
                dbc.NavLink(
                    html.Span(t("shell.switch_language", lang), lang=other),
                    href=pathname + state.with_values(lang=other).to_search(),
                    id="navbar-language",
                )
            ),
        ],
        navbar=True,
    )
    tools = [freshness_text, switches]
    if account is not None:
        tools.append(_account(account, lang))
    if is_demo:
        tools.append(
            dbc.Badge(
                t("app.demo_badge", lang),
                id="navbar-demo-badge",
                color="warning",
                text_color="dark",
                title=t("app.demo_badge_title", lang),
                class_name="ms-2 fs-6",
            )
        )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(t("app.title", lang), href="/" + search, id="navbar-brand"),
                dbc.Nav(links, navbar=True, class_name="me-auto", id="navbar-pages"),
                html.Div(tools, className="d-flex align-items-center flex-wrap"),
            ],
            fluid=True,
        ),
        id="navbar",
        color="dark",
        dark=True,
        expand=True,
        class_name="mb-3",
    )


def _account(account: str, lang: str) -> html.Div:
    """The signed-in account (a link to change its password) and sign-out (a POST form: a link
    from another site cannot sign anyone out)."""
    return html.Div(
        [
            dbc.Nav(
                dbc.NavItem(
                    html.A(  # a NavLink takes no title
                        account,
                        href=f"/compte?lang={lang}",
                        id="navbar-account",
                        title=t("nav.account", lang),
                        className="nav-link small me-2",
                    )
                ),
                navbar=True,
            ),
            html.Form(
                html.Button(
                    t("nav.logout", lang),
                    type="submit",
                    id="navbar-logout",
                    className="btn btn-outline-light btn-sm",
                ),
                method="post",
                action=f"/logout?lang={lang}",
                className="d-inline",
            ),
        ],
        className="d-flex align-items-center ms-2",
    )


def banner(fresh: Freshness, lang: str, details: bool = False) -> list[dbc.Alert]:
    """What may make today's figures misleading: no data, a failed night, old data. The failed
    run's reason (table names, rules) is the data steward's: `details`."""
    alerts = []
    if fresh.version is None:
        alerts.append(_alert("shell-unavailable", "danger", t("shell.unavailable", lang)))
    if fresh.failed_run is not None:
        day = (fresh.failed_run.finished_at or "")[:10]
        when = format_date(date.fromisoformat(day), lang) if day else ""
        served = format_date(fresh.version.as_of, lang) if fresh.version else ""
        text = t("shell.last_run_failed", lang, date=when, served=served)
        reason = fresh.failed_run.message if details else ""
        alerts.append(_alert("shell-run-failed", "warning", text, reason))
    if fresh.stale_days is not None and fresh.version is not None:
        text = t(
            "shell.stale", lang, days=fresh.stale_days, date=format_date(fresh.version.as_of, lang)
        )
        alerts.append(_alert("shell-stale", "warning", text))
    return alerts


def _alert(identifier: str, color: str, text: str, detail: str = "") -> dbc.Alert:
    body = [html.Span(text)] + ([html.Br(), html.Small(detail)] if detail else [])
    return dbc.Alert(body, id=identifier, color=color, class_name="mb-3")
