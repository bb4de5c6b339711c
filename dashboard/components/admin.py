"""The administration page's tables and messages (pure: values in, dbc/html trees out): the
accounts, the audit log (on screen and in CSV, from one `TableSpec`), and what a change did.

Everything read from the database (usernames, targets, filters) is given to components as text:
Dash escapes it; nothing here renders HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.appstate.users import ROLES, User
from dashboard.components.tables import Column, TableSpec, badge, export_links, integer, plain
from dashboard.components.tables import format_moment as _format_moment
from dashboard.i18n import MISSING, catalog, format_int, t

if TYPE_CHECKING:
    from dashboard.admin_data import Outcome

ID = "admin"
MESSAGE = f"{ID}-message"
ACCOUNTS = f"{ID}-accounts-slot"
AUDIT = f"{ID}-audit-slot"
AUDIT_LINKS = f"{ID}-audit-links"
EXPORT = "admin-audit"
PASSWORD = f"{ID}-temporary-password"
ANY_KIND = "all"
STATUS_COLOURS = {"disabled": "secondary", "must_change": "warning", "demo": "danger"}


# --- values in words ------------------------------------------------------------------------------


def moment(stamp: object, lang: str) -> str:
    """An app-state timestamp (ISO 8601, UTC) as a time in Paris: 24/11/2026 03:02 (fr)."""
    if not isinstance(stamp, str) or not stamp:
        return MISSING
    try:
        return _format_moment(datetime.fromisoformat(stamp), lang)
    except ValueError:
        return stamp


def role_label(role: object, lang: str) -> str:
    key = f"role.{role}"
    return t(key, lang) if key in catalog(lang) else plain(role)


def kind_label(kind: object, lang: str) -> str:
    key = f"admin.kind.{kind}"
    return t(key, lang) if key in catalog(lang) else plain(kind)


def scope_label(user: User, lang: str) -> str:
    """What an account's role is scoped to: its région, its funder, or the whole country."""
    if user.reg_code is not None:
        return t("admin.scope.region", lang, code=user.reg_code)
    if user.funder_id is not None:
        return t("admin.scope.funder", lang, code=user.funder_id)
    return t("admin.scope.national", lang)


def status_of(user: User) -> str:
    """`disabled`, `must_change` (a temporary password), `demo` (the demo password) or
    `active`: the first that applies."""
    if user.is_disabled:
        return "disabled"
    if user.must_change_password:
        return "must_change"
    return "demo" if user.has_demo_password else "active"


def role_options(lang: str) -> list[dict[str, str]]:
    return [{"label": role_label(role, lang), "value": role} for role in ROLES]


def account_options(accounts: Iterable[User]) -> list[dict[str, str]]:
    return [{"label": user.username, "value": user.username} for user in accounts]


def kind_options(kinds: Sequence[str], lang: str) -> list[dict[str, str]]:
    """Every kind, after "any kind" (ANY_KIND: dbc.Select keeps "" for its placeholder)."""
    return [{"label": t("admin.audit.any", lang), "value": ANY_KIND}] + [
        {"label": kind_label(kind, lang), "value": kind} for kind in kinds
    ]


# --- the accounts ---------------------------------------------------------------------------------


def accounts_spec(accounts: Sequence[User], lang: str) -> TableSpec:
    def status(value: Any, row: Mapping[str, Any]) -> Any:
        return badge(value, STATUS_COLOURS.get(row["status_key"]))

    columns = [
        Column("username", t("admin.accounts.username", lang), row_header=True),
        Column("role", t("admin.accounts.role", lang)),
        Column("scope", t("admin.accounts.scope", lang)),
        Column("status", t("admin.accounts.status", lang), show=status),
        Column("last_login", t("admin.accounts.last_login", lang)),
    ]
    rows = [
        {
            "username": user.username,
            "role": role_label(user.role, lang),
            "scope": scope_label(user, lang),
            "status": t(f"admin.status.{status_of(user)}", lang),
            "status_key": status_of(user),
            "last_login": moment(user.last_login_at, lang)
            if user.last_login_at
            else t("admin.accounts.never", lang),
        }
        for user in accounts
    ]
    caption = t("admin.accounts.caption", lang, count=format_int(len(rows), lang))
    return TableSpec(columns, rows, caption, f"{ID}-accounts", t("admin.accounts.empty", lang))


# --- the audit log --------------------------------------------------------------------------------


def filters_text(filters: object) -> str:
    """An event's filters as stored (JSON text), on one line."""
    if not isinstance(filters, str) or not filters:
        return MISSING
    try:
        return json.dumps(json.loads(filters), ensure_ascii=False, sort_keys=True)
    except ValueError:
        return filters


def audit_spec(events: Sequence[Mapping[str, Any]], lang: str) -> TableSpec:
    """The audit events (newest first) as `dashboard.appstate.audit.recent` reads them."""
    columns = [
        Column("time", t("admin.audit.time", lang)),
        Column("username", t("admin.audit.user", lang)),
        Column("role", t("admin.audit.role", lang)),
        Column("scope", t("admin.audit.scope", lang)),
        Column("kind", t("admin.audit.kind", lang)),
        Column("target", t("admin.audit.target", lang)),
        Column("filters", t("admin.audit.filters", lang)),
        Column("data_version", t("admin.audit.data_version", lang)),
        Column("row_count", t("admin.audit.rows", lang), pl.Int64, integer(lang), numeric=True),
        Column("address", t("admin.audit.address", lang)),
    ]
    rows = [
        {
            "time": moment(event.get("occurred_at"), lang),
            "username": plain(event.get("username")),
            "role": role_label(event.get("role"), lang) if event.get("role") else MISSING,
            "scope": plain(event.get("scope")),
            "kind": kind_label(event.get("kind"), lang),
            "target": plain(event.get("target")),
            "filters": filters_text(event.get("filters")),
            "data_version": plain(event.get("data_version")),
            "row_count": event.get("row_count"),
            "address": plain(event.get("address")),
        }
        for event in events
    ]
    caption = t("admin.audit.caption", lang, count=format_int(len(rows), lang))
    return TableSpec(columns, rows, caption, f"{ID}-audit", t("admin.audit.empty", lang))


def audit_search(lang: str, username: str | None, kind: str | None) -> str:
    """The export's query for the audit view: language and filters."""
    params = {"lang": lang if lang != "fr" else None, "utilisateur": username, "type": kind}
    kept = {key: value for key, value in params.items() if value}
    return "?" + urlencode(kept) if kept else ""


def audit_links(lang: str, username: str | None, kind: str | None) -> html.P:
    """The CSV downloads of the audit log as filtered on screen."""
    search = audit_search(lang, username, kind)
    return export_links(EXPORT, search, t("admin.audit.heading", lang), f"{ID}-audit-export", lang)


# --- what a change did ----------------------------------------------------------------------------


def outcome_alert(outcome: Outcome, lang: str) -> dbc.Alert:
    """A change done (with the temporary password, shown this once), or why it was not."""
    if outcome.error is not None:
        return dbc.Alert(html.P(outcome.error, className="mb-0"), color="danger",
                         id=f"{ID}-error", dismissable=True)  # fmt: skip
    children = [html.P(t(f"admin.done.{outcome.done}", lang, **outcome.values))]
    if outcome.password is not None:
        children += [
            html.P(
                [t("admin.password.label", lang), " ", html.Code(outcome.password, id=PASSWORD)]
            ),
            html.P(t("admin.password.once", lang), className="mb-0 small"),
        ]
    else:
        children[0].className = "mb-0"
    return dbc.Alert(children, color="success", id=f"{ID}-done", dismissable=True)


def refused_alert(lang: str) -> dbc.Alert:
    """What a callback answers to an account that is not an enabled administrator."""
    return dbc.Alert(html.P(t("auth.error.403", lang), className="mb-0"), color="warning",
                     id=f"{ID}-forbidden")  # fmt: skip
