"""The administration page's forms (pure): create an account; disable, enable, reset the password
of, or change the role of an existing one; filter the audit log. `FIELDS` names each field as the
page's callback hands it to `dashboard.admin_data.apply`; `BUTTONS` each action's button."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.appstate.audit import KINDS
from dashboard.appstate.users import User
from dashboard.components.admin import ANY_KIND, ID, account_options, kind_options, role_options
from dashboard.i18n import t

# form field (as admin_data.apply reads it) → component id
FIELDS = {
    "new_username": f"{ID}-new-username",
    "new_role": f"{ID}-new-role",
    "new_region": f"{ID}-new-region",
    "new_funder": f"{ID}-new-funder",
    "target": f"{ID}-target",
    "role": f"{ID}-role",
    "region": f"{ID}-region",
    "funder": f"{ID}-funder",
}
# action (admin_data.ACTIONS) → its button's id
BUTTONS = {
    "create": f"{ID}-create",
    "disable": f"{ID}-disable",
    "enable": f"{ID}-enable",
    "reset": f"{ID}-reset",
    "set-role": f"{ID}-set-role",
}
AUDIT_USER = f"{ID}-audit-user"
AUDIT_KIND = f"{ID}-audit-kind"
CODE_PATTERN = "[A-Za-z0-9_\\-]{1,40}"


def _labelled(field: str, label_key: str, control, lang: str, help_key: str | None = None):
    """A control with its label (and a hint under it), in a column."""
    children = [dbc.Label(t(label_key, lang), html_for=FIELDS.get(field, field)), control]
    if help_key is not None:
        children.append(dbc.FormText(t(help_key, lang)))
    return dbc.Col(children, md=3, class_name="mb-2")


def _text(field: str, pattern: str | None = None, max_length: int = 63) -> dbc.Input:
    return dbc.Input(id=FIELDS[field], type="text", maxLength=max_length, pattern=pattern,
                     autoComplete="off", value="")  # fmt: skip


def _role_select(field: str, lang: str, value: str = "") -> dbc.Select:
    """A role; the existing account's form starts on no role (a click on "change the role"
    without choosing one is refused with a sentence, never a silent demotion)."""
    choose = [{"label": "—", "value": ""}] if not value else []
    return dbc.Select(id=FIELDS[field], options=choose + role_options(lang), value=value)


def _scope_fields(prefix: str, lang: str) -> list:
    """The région (a director's) and the funder (a funder's) of a role."""
    fields = []
    for name in ("region", "funder"):
        control = _text(f"{prefix}{name}", CODE_PATTERN, 40)
        help_key = f"admin.form.{name}_help"
        fields.append(_labelled(f"{prefix}{name}", f"admin.form.{name}", control, lang, help_key))
    return fields


def _button(action: str, label_key: str, lang: str, colour: str = "primary") -> dbc.Button:
    return dbc.Button(t(label_key, lang), id=BUTTONS[action], color=colour, n_clicks=0,
                      class_name="me-2 mb-2")  # fmt: skip


def create_form(lang: str) -> html.Div:
    """A new account: username, role and scope; the button gives it a temporary password."""
    fields = [
        _labelled("new_username", "admin.form.username", _text("new_username"), lang,
                  "admin.form.username_help"),
        _labelled("new_role", "admin.form.role", _role_select("new_role", lang, "committee"), lang),
        *_scope_fields("new_", lang),
    ]  # fmt: skip
    return html.Div(
        [
            html.H3(t("admin.create.heading", lang), className="h6 mt-3"),
            dbc.Row(fields),
            _button("create", "admin.create.button", lang),
        ],
        id=f"{ID}-create-form",
    )


def change_form(accounts: Sequence[User], lang: str) -> html.Div:
    """An existing account: disable, enable, reset its password, or give it another role."""
    options = account_options(accounts)
    first = options[0]["value"] if options else None
    picker = dbc.Select(id=FIELDS["target"], options=options, value=first)
    return html.Div(
        [
            html.H3(t("admin.change.heading", lang), className="h6 mt-4"),
            dbc.Row([_labelled("target", "admin.form.account", picker, lang)]),
            html.Div(
                [
                    _button("disable", "admin.change.disable", lang, "danger"),
                    _button("enable", "admin.change.enable", lang, "secondary"),
                    _button("reset", "admin.change.reset", lang, "warning"),
                ]
            ),
            dbc.Row(
                [
                    _labelled("role", "admin.form.role", _role_select("role", lang), lang),
                    *_scope_fields("", lang),
                ]
            ),
            _button("set-role", "admin.change.set_role", lang),
            html.P(t("admin.change.help", lang), className="small text-body-secondary"),
        ],
        id=f"{ID}-change-form",
    )


def audit_filters(lang: str) -> dbc.Row:
    """The audit log's filters: one username (exact), one kind of event."""
    user = dbc.Input(id=AUDIT_USER, type="text", maxLength=100, debounce=True, value="",
                     autoComplete="off")  # fmt: skip
    kind = dbc.Select(id=AUDIT_KIND, options=kind_options(KINDS, lang), value=ANY_KIND)
    return dbc.Row(
        [
            _labelled(AUDIT_USER, "admin.audit.filter_user", user, lang),
            _labelled(AUDIT_KIND, "admin.audit.filter_kind", kind, lang),
        ],
        id=f"{ID}-audit-filters",
    )
