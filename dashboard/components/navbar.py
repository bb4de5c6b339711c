"""The navigation bar: the brand, one link per registered page, the demo badge (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import dash_bootstrap_components as dbc

from dashboard.i18n import t


def navbar(
    pages: Iterable[Mapping[str, Any]], *, home_href: str, is_demo: bool, lang: str = "fr"
) -> dbc.Navbar:
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], active="exact"))
        for page in pages
    ]
    badge = [
        dbc.Badge(
            t("app.demo_badge", lang),
            id="navbar-demo-badge",
            color="warning",
            text_color="dark",
            title=t("app.demo_badge_title", lang),
            class_name="ms-auto fs-6",
        )
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(t("app.title", lang), href=home_href, id="navbar-brand"),
                dbc.Nav(links, navbar=True, class_name="me-auto"),
                *(badge if is_demo else []),
            ],
            fluid=True,
        ),
        id="navbar",
        color="dark",
        dark=True,
        expand=True,
        class_name="mb-3",
    )
