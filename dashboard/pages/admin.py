"""Administration — for the data steward: the accounts (create one, disable or enable it, reset
its password, change its role) and the audit log, filtered by username and kind, with its CSV
export (`/export/admin-audit.csv`).

The guard answers 403 to anyone but an administrator who opens `/admin`; Dash's callbacks are
POSTs any signed-in account can craft, so the layout and every callback check again that an
enabled administrator asks (`admin_data.current_admin`) and answer the forbidden sentence, with
no account and no event, to anyone else. A temporary password is shown once, in the message of
the change: it is in no URL, no store of the page and not in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash
from dash import Input, Output, State, dcc, html
from dash.development.base_component import Component

from dashboard import admin_data, auth
from dashboard.appstate.users import User
from dashboard.components.admin import (
    ACCOUNTS,
    AUDIT,
    AUDIT_LINKS,
    ID,
    MESSAGE,
    account_options,
    accounts_spec,
    audit_links,
    audit_spec,
    outcome_alert,
    refused_alert,
)
from dashboard.components.admin_forms import (
    AUDIT_KIND,
    AUDIT_USER,
    BUTTONS,
    FIELDS,
    audit_filters,
    change_form,
    create_form,
)
from dashboard.components.page_text import forbidden
from dashboard.components.tables import data_table
from dashboard.i18n import t
from dashboard.state import from_search

PATH = "/admin"
CHANGES = f"{ID}-changes"  # how many changes this page made (the audit log then reloads)
ACTION_OF_BUTTON = {button: action for action, button in BUTTONS.items()}

dash.register_page(
    __name__, path=PATH, name="admin", nav_key="nav.admin", title="Copilote", order=95
)


def layout(**query: object) -> Component:
    """The page for an administrator; the forbidden sentence for anyone else."""
    _, state = auth.view(query)
    if admin_data.current_admin() is None:
        return forbidden(state.lang, ID)
    return page(admin_data.accounts(), admin_data.events(), state.lang)


def page(accounts: Sequence[User], events: Sequence[Mapping[str, Any]], lang: str) -> html.Div:
    return html.Div(
        [
            html.H1(t("admin.title", lang), id=f"{ID}-title", className="h3 mb-1"),
            html.P(t("admin.intro", lang), className="text-body-secondary"),
            _section("accounts", lang, [
                html.Div(id=MESSAGE, role="status"),
                html.Div(data_table(accounts_spec(accounts, lang)), id=ACCOUNTS),
                create_form(lang),
                change_form(accounts, lang),
            ]),
            _section("audit", lang, [
                html.P(t("admin.audit.intro", lang)),
                audit_filters(lang),
                html.Div(audit_links(lang, None, None), id=AUDIT_LINKS),
                html.Div(data_table(audit_spec(events, lang)), id=AUDIT),
            ]),
            dcc.Store(id=CHANGES, data=0),
        ],
        id=f"{ID}-page",
        lang=lang,
    )  # fmt: skip


def _section(name: str, lang: str, children: list) -> html.Section:
    heading = html.H2(t(f"admin.{name}.heading", lang), id=f"{ID}-{name}-heading",
                      className="h5 mt-4 mb-2")  # fmt: skip
    return html.Section(
        [heading, *children], id=f"{ID}-{name}", **{"aria-labelledby": f"{ID}-{name}-heading"}
    )


# --- callbacks: each checks that an enabled administrator asks --------------------------------


def act(button: object, form: Mapping[str, object], changes: object, search: str | None) -> dict:
    """An account change asked by a button of the page, and the accounts after it."""
    lang = from_search(search).lang
    if admin_data.current_admin() is None:
        admin_data.refuse(f"{PATH} accounts callback")
        return {"message": refused_alert(lang), "accounts": None, "options": [],
                "changes": dash.no_update}  # fmt: skip
    action = ACTION_OF_BUTTON.get(button) if isinstance(button, str) else None
    if action is None:
        return {"message": dash.no_update, "accounts": dash.no_update,
                "options": dash.no_update, "changes": dash.no_update}  # fmt: skip
    outcome = admin_data.apply(action, form)
    accounts = admin_data.accounts()
    return {
        "message": outcome_alert(outcome, lang),
        "accounts": data_table(accounts_spec(accounts, lang)),
        "options": account_options(accounts),
        "changes": (changes if isinstance(changes, int) else 0) + 1,
    }


def audit_view(username: object, kind: object, search: str | None) -> tuple[Any, Any]:
    """The audit log for the filters, and its CSV downloads."""
    lang = from_search(search).lang
    if admin_data.current_admin() is None:
        admin_data.refuse(f"{PATH} audit callback")
        return refused_alert(lang), None
    username, kind = admin_data.audit_filters(username, kind)
    events = admin_data.events(username, kind)
    return data_table(audit_spec(events, lang)), audit_links(lang, username, kind)


def register(app: dash.Dash) -> None:
    """The page's callbacks (called by `dashboard.app.create_app`)."""

    @app.callback(
        output={
            "message": Output(MESSAGE, "children"),
            "accounts": Output(ACCOUNTS, "children"),
            "options": Output(FIELDS["target"], "options"),
            "changes": Output(CHANGES, "data"),
        },
        inputs={"clicks": [Input(button, "n_clicks") for button in BUTTONS.values()]},
        state={
            "form": {name: State(field, "value") for name, field in FIELDS.items()},
            "changes": State(CHANGES, "data"),
            "search": State("url", "search"),
        },
        prevent_initial_call=True,
    )
    def _act(clicks, form, changes, search):
        return act(dash.ctx.triggered_id, form, changes, search)

    @app.callback(
        Output(AUDIT, "children"),
        Output(AUDIT_LINKS, "children"),
        Input(AUDIT_USER, "value"),
        Input(AUDIT_KIND, "value"),
        Input(CHANGES, "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _audit(username, kind, changes, search):
        return audit_view(username, kind, search)
