"""The administration page's reads and writes, through the app-state database: who may act (an
enabled administrator, checked on every callback: Dash's callbacks are POSTs any signed-in
account can craft), the accounts, the changes the page makes (the same rules as
`python -m dashboard users`), the audit log, and its CSV export (`/export/admin-audit.csv`).

A new account or a reset gets a random temporary password: it is returned once, to be shown once,
and is never written anywhere else (not in the audit, the URL or a store of the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import flask

from dashboard import exports, passwords, queries
from dashboard.appstate import audit, users
from dashboard.appstate.users import AccountError, User
from dashboard.auth import session
from dashboard.auth.audit import record_event
from dashboard.components.admin import audit_spec
from dashboard.components.tables import format_moment
from dashboard.i18n import t
from dashboard.state import ViewState

ADMIN_ROLE = "admin"
EVENT_LIMIT = 500
EXPORT_NAME = "admin-audit"
USER_PARAMETER, KIND_PARAMETER = "utilisateur", "type"  # the audit export's filters
ACTIONS = ("create", "disable", "enable", "reset", "set-role")
MAX_FILTER_LENGTH = 100


# --- who may act ----------------------------------------------------------------------------------


def is_admin(user: User | None) -> bool:
    """An enabled administrator whose password is not waiting to be changed."""
    return (
        user is not None
        and user.role == ADMIN_ROLE
        and not user.is_disabled
        and not user.must_change_password
    )


def current_admin() -> User | None:
    """The request's user when an administrator may act, else None."""
    user = session.current_user()
    return user if is_admin(user) else None


def refuse(target: str) -> None:
    """A refused administration request, in the audit log."""
    record_event("denied", target)


# --- reads ----------------------------------------------------------------------------------------


def accounts() -> list[User]:
    """Every account, by username."""
    return users.listed(session.connection())


def events(username: str | None = None, kind: str | None = None) -> list[dict]:
    """The latest audit events (up to EVENT_LIMIT), newest first, of one username and one kind
    (None or unknown: any)."""
    return audit.recent(session.connection(), EVENT_LIMIT, *audit_filters(username, kind))


def audit_filters(username: object, kind: object) -> tuple[str | None, str | None]:
    """The filters as the audit log is read: a username (trimmed, bounded), a known kind."""
    name = username.strip()[:MAX_FILTER_LENGTH] if isinstance(username, str) else ""
    return (name or None), (kind if kind in audit.KINDS else None)


# --- changes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a change did: a catalog key and its values, or the French sentence of an error;
    `password`: the temporary password, to be shown once."""

    done: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    password: str | None = None


def _field(form: Mapping[str, object], name: str) -> str | None:
    value = form.get(name)
    return (value.strip() or None) if isinstance(value, str) else None


def _role_and_scope(form: Mapping[str, object], prefix: str) -> tuple[str, str | None, str | None]:
    """A role and what it is scoped to: a région for a director only, a funder for a funder."""
    role = _field(form, f"{prefix}role") or ""
    region = _field(form, f"{prefix}region") if role == "director" else None
    funder = _field(form, f"{prefix}funder") if role == "funder" else None
    return role, region, funder


def create(form: Mapping[str, object]) -> Outcome:
    name = users.normalise(_field(form, "new_username") or "")
    role, region, funder = _role_and_scope(form, "new_")
    users.check_role(role, region, funder)
    password = users.temporary_password()
    passwords.check_new(password, name)
    user = users.add(session.connection(), name, passwords.hash_password(password), role,
                     region, funder, must_change_password=True)  # fmt: skip
    record_event("account", f"add {user.username} as {users.scope_text(user)}")
    return Outcome("created", {"username": user.username}, password=password)


def _target(form: Mapping[str, object]) -> str:
    return users.normalise(_field(form, "target") or "")


def set_disabled(form: Mapping[str, object], disabled: bool) -> Outcome:
    user = users.set_disabled(session.connection(), _target(form), disabled)
    verb = "disable" if disabled else "enable"
    record_event("account", f"{verb} {user.username}")
    return Outcome(f"{verb}d", {"username": user.username})


def reset_password(form: Mapping[str, object]) -> Outcome:
    con = session.connection()
    name = users.by_name(con, _target(form)).username
    password = users.temporary_password()
    passwords.check_new(password, name)
    users.set_password(con, name, passwords.hash_password(password), must_change=True)
    record_event("account", f"reset-password {name}")
    return Outcome("reset", {"username": name}, password=password)


def set_role(form: Mapping[str, object]) -> Outcome:
    role, region, funder = _role_and_scope(form, "")
    user = users.set_role(session.connection(), _target(form), role, region, funder)
    record_event("account", f"set-role {user.username} {users.scope_text(user)}")
    return Outcome("role_set", {"username": user.username})


def apply(action: object, form: Mapping[str, object]) -> Outcome:
    """One change asked by the page (`action`: one of ACTIONS; `form`: the fields' values). The
    caller has checked that an administrator asks (`current_admin`)."""
    try:
        if action == "create":
            return create(form)
        if action in ("disable", "enable"):
            return set_disabled(form, action == "disable")
        if action == "reset":
            return reset_password(form)
        if action == "set-role":
            return set_role(form)
    except (AccountError, passwords.WeakPassword) as error:
        return Outcome(error=str(error))
    raise ValueError(f"unknown administration action {action!r}")


# --- the audit log's CSV export -------------------------------------------------------------------


def request_filters() -> tuple[str | None, str | None]:
    """The audit filters of the export's address (`utilisateur`, `type`)."""
    args = flask.request.args if flask.has_request_context() else {}
    return audit_filters(args.get(USER_PARAMETER), args.get(KIND_PARAMETER))


@exports.register_table(EXPORT_NAME)
def export_audit(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The audit log as the page shows it, for administrators only (queries.ScopeRefused
    otherwise, before anything is read); the export is itself an audit event."""
    if scope.role != ADMIN_ROLE or not scope.is_valid:
        raise queries.ScopeRefused("the audit log is for administrators only")
    lang = state.lang
    username, kind = request_filters()
    rows = events(username, kind)
    spec = audit_spec(rows, lang)
    record_event("export", EXPORT_NAME, filters={USER_PARAMETER: username, KIND_PARAMETER: kind},
                 row_count=len(rows))  # fmt: skip
    metadata = [
        (t("admin.audit.filter_user", lang), username or t("admin.audit.any", lang)),
        (t("admin.audit.filter_kind", lang),
         t(f"admin.kind.{kind}", lang) if kind else t("admin.audit.any", lang)),
        (t("admin.export.extracted", lang), format_moment(datetime.now(UTC), lang)),
        (t("admin.export.contents", lang), spec.caption),
    ]  # fmt: skip
    return exports.Export(t("admin.export.title", lang), metadata, spec.frame())
