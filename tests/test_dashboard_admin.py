"""The administration page (/admin): accounts and the audit log, on each test's real app-state
database; through a real Flask test client, the page and every callback are an enabled
administrator's only — a crafted callback POST from another account changes nothing and returns
no account and no event."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard import admin_data, exports, passwords, queries
from dashboard.app import create_app
from dashboard.appstate import audit, db, users
from dashboard.components.admin import accounts_spec, audit_spec, moment, status_of
from dashboard.components.tables import data_table
from dashboard.config import load_settings
from dashboard.i18n import t
from dashboard.state import ViewState
from tests.accounts import ACCOUNTS, PASSWORD, log_in, signed_in
from tests.component_tree import by_id, texts, walk

UPDATE = "/_dash-update-component"
ACT = (
    "..admin-message.children...admin-accounts-slot.children"
    "...admin-target.options...admin-changes.data.."
)
AUDIT = "..admin-audit-slot.children...admin-audit-links.children.."
FORBIDDEN = t("auth.error.403")
MOMENT = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")


@pytest.fixture(autouse=True)
def no_warehouse(tmp_path, monkeypatch):
    """Nothing is served: the page reads the app-state database only."""
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.delenv("COPILOTE_ENV", raising=False)


@pytest.fixture(scope="module")
def page():
    """The page module as Dash imports it (register_page needs an app to exist first)."""
    create_app()
    from dashboard.pages import admin

    return admin


def _con():
    return db.connect(load_settings().app_db)


def _accounts() -> list[tuple]:
    """Every account with its password hash: what no refused request may change."""
    con = _con()
    return [(user, users.password_hash(con, user.user_id)) for user in users.listed(con)]


def _client(username: str | None = None):
    app = create_app()
    client = app.server.test_client()
    if username is not None:
        log_in(client, username)
    return app, client


# --- crafting Dash's callback requests ------------------------------------------------------------


def _outputs(key: str) -> list[dict[str, str]]:
    parts = key.strip(".").split("...")
    return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]


def _body(app, key: str, values: dict[str, Any], changed: list[str]) -> dict:
    """The JSON Dash's renderer posts for the callback answering `key` (`values`: by
    `<id>.<property>`)."""
    entry = app.callback_map[key]

    def items(specs: list[dict]) -> list[dict]:
        return [{**spec, "value": values.get(f"{spec['id']}.{spec['property']}")} for spec in specs]

    return {"output": key, "outputs": _outputs(key), "inputs": items(entry["inputs"]),
            "state": items(entry["state"]), "changedPropIds": changed}  # fmt: skip


def _post(app, client, key: str, values: dict[str, Any], changed: list[str]) -> dict:
    response = client.post(UPDATE, json=_body(app, key, values, changed))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def _strings(node: Any) -> list[str]:
    """Every text of a component tree as Dash sends it (JSON)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    if isinstance(node, dict):
        children = node.get("props", {}).get("children") if "props" in node else None
        return _strings(children) if children is not None else []
    return []


def _act(app, client, button: str, **form: str) -> dict:
    fields = {f"admin-{name.replace('_', '-')}.value": value for name, value in form.items()}
    values = {**fields, f"admin-{button}.n_clicks": 1, "url.search": ""}
    return _post(app, client, ACT, values, [f"admin-{button}.n_clicks"])


def _password_of(response: dict) -> str:
    alert = response["admin-message"]["children"]
    codes = [
        n for n in _walk_json(alert) if n.get("props", {}).get("id") == "admin-temporary-password"
    ]
    assert len(codes) == 1, alert
    return codes[0]["props"]["children"]


def _walk_json(node: Any):
    if isinstance(node, list):
        for item in node:
            yield from _walk_json(item)
    elif isinstance(node, dict):
        yield node
        yield from _walk_json(node.get("props", {}).get("children"))


# --- the page's GET and its layout ----------------------------------------------------------------


@pytest.mark.parametrize(("username", "status"), [("admin", 200), ("comite", 403),
                                                   ("financeur-ft", 403)])  # fmt: skip
def test_the_page_is_open_to_administrators_only(username, status):
    _, client = _client(username)
    assert client.get("/admin").status_code == status


def test_the_layout_lists_accounts_and_events_for_an_administrator(page):
    with signed_in("admin"):
        tree = page.layout()
    assert by_id(tree, "admin-accounts") is not None and by_id(tree, "admin-audit") is not None
    assert {"financeur-ft", "direction-84", "Région 84", "Financeur FT"} <= set(texts(tree))


@pytest.mark.parametrize("username", ["comite", "direction-84", "financeur-ft"])
def test_the_layout_shows_nothing_to_others(page, username):
    with signed_in(username):
        tree = page.layout(lang="en")
    assert by_id(tree, "admin-forbidden") is not None
    assert by_id(tree, "admin-accounts") is None and "financeur-reg-84" not in texts(tree)


def test_the_pages_router_shows_nothing_to_others(page):
    """Dash's router is a callback too: /admin drawn for a funder is the forbidden sentence."""
    app, client = _client("financeur-ft")
    key = next(k for k in app.callback_map if "_pages_content.children" in k)
    values = {"_pages_location.pathname": "/admin", "_pages_location.search": ""}
    response = _post(app, client, key, values, ["_pages_location.pathname"])
    shown = _strings(response["_pages_content"]["children"])
    assert FORBIDDEN in shown and "direction-11" not in shown


def test_the_navbar_lists_administration_for_administrators_only(page):
    from dashboard import shell

    with signed_in("admin"):
        assert "Administration" in texts(shell.frame("/", "")[0])
    with signed_in("comite"):
        assert "Administration" not in texts(shell.frame("/", "")[0])


# --- crafted callbacks from other accounts --------------------------------------------------------

ATTEMPTS = [
    ("create", {"new_username": "intrus", "new_role": "admin"}),
    ("disable", {"target": "admin"}),
    ("enable", {"target": "direction-11"}),  # disabled by the test first
    ("reset", {"target": "admin"}),
    ("set-role", {"target": "financeur-ft", "role": "admin"}),
]


@pytest.mark.parametrize("username", ["financeur-ft", "direction-84", "comite"])
@pytest.mark.parametrize(("button", "form"), ATTEMPTS)
def test_account_callbacks_refuse_other_accounts(page, username, button, form):
    users.set_disabled(_con(), "direction-11", True)
    app, client = _client(username)
    before = _accounts()
    response = _act(app, client, button, **form)
    assert _accounts() == before
    assert _strings(response["admin-message"]["children"]) == [FORBIDDEN]
    assert response["admin-accounts-slot"]["children"] is None
    assert response["admin-target"]["options"] == []
    denied = audit.recent(_con(), 1, username=username, kind="denied")
    assert denied and denied[0]["target"] == "/admin accounts callback"


@pytest.mark.parametrize("username", ["financeur-ft", "direction-84"])
def test_the_audit_callback_refuses_other_accounts(page, username):
    _client("admin")  # a sign-in of someone else, to be hidden
    app, client = _client(username)
    values = {"admin-audit-user.value": "admin", "admin-audit-kind.value": "login"}
    response = _post(app, client, AUDIT, values, ["admin-audit-kind.value"])
    assert _strings(response["admin-audit-slot"]["children"]) == [FORBIDDEN]
    assert response["admin-audit-links"]["children"] is None
    assert "127.0.0.1" not in str(response)


def test_a_non_json_callback_post_is_refused(page):
    app, client = _client("financeur-ft")
    body = str(_body(app, ACT, {"admin-create.n_clicks": 1}, ["admin-create.n_clicks"]))
    assert client.post(UPDATE, data=body, content_type="text/plain").status_code == 415


# --- the administrator's callbacks ----------------------------------------------------------------


def test_an_administrator_creates_an_account_that_must_change_its_password(page):
    app, client = _client("admin")
    response = _act(app, client, "create", new_username=" Nouvelle.Dir ", new_role="director",
                    new_region="84", new_funder="ignored")  # fmt: skip
    password = _password_of(response)
    user = users.by_name(_con(), "nouvelle.dir")
    assert (user.role, user.reg_code, user.funder_id) == ("director", "84", None)
    assert user.must_change_password
    assert "nouvelle.dir" in _strings(response["admin-accounts-slot"]["children"])
    assert {"label": "nouvelle.dir", "value": "nouvelle.dir"} in response["admin-target"]["options"]
    assert response["admin-changes"]["data"] == 1
    event = audit.recent(_con(), 1, kind="account")[0]
    assert (event["username"], event["target"]) == (
        "admin",
        "add nouvelle.dir as director of région 84",
    )
    assert not any(password in str(row) for row in audit.recent(_con(), 500))
    _, newcomer = _client()
    log_in(newcomer, "nouvelle.dir", password)
    assert newcomer.get("/").headers["Location"].startswith("/compte")


def test_an_error_is_the_french_sentence_and_changes_nothing(page):
    app, client = _client("admin")
    before = _accounts()
    response = _act(app, client, "create", new_username="financeur-ft", new_role="committee")
    assert _strings(response["admin-message"]["children"]) == [
        "Le compte 'financeur-ft' existe déjà."
    ]
    response = _act(app, client, "create", new_username="sans-region", new_role="director")
    assert "une région" in _strings(response["admin-message"]["children"])[0]
    assert _accounts() == before


def test_an_administrator_disables_enables_resets_and_changes_a_role(page):
    app, client = _client("admin")
    _act(app, client, "disable", target="financeur-ft")
    assert users.by_name(_con(), "financeur-ft").is_disabled
    _act(app, client, "enable", target="financeur-ft")
    assert not users.by_name(_con(), "financeur-ft").is_disabled
    response = _act(app, client, "set-role", target="financeur-ft", role="funder", funder="REG-84")
    assert users.by_name(_con(), "financeur-ft").funder_id == "REG-84"
    assert (
        "Le rôle de financeur-ft est changé" in _strings(response["admin-message"]["children"])[0]
    )
    password = _password_of(_act(app, client, "reset", target="direction-11"))
    assert passwords.verify(
        users.password_hash(_con(), users.by_name(_con(), "direction-11").user_id), password
    )
    targets = [e["target"] for e in audit.recent(_con(), 4, kind="account")]
    assert targets == ["reset-password direction-11", "set-role financeur-ft funder REG-84",
                       "enable financeur-ft", "disable financeur-ft"]  # fmt: skip


def test_the_last_enabled_administrator_is_kept(page):
    app, client = _client("admin")
    response = _act(app, client, "disable", target="admin")
    assert "dernier administrateur actif" in _strings(response["admin-message"]["children"])[0]
    response = _act(app, client, "set-role", target="admin", role="committee")
    assert "dernier administrateur actif" in _strings(response["admin-message"]["children"])[0]
    assert users.by_name(_con(), "admin").role == "admin"


def test_the_audit_callback_filters_events(page):
    _client("financeur-ft")  # its sign-in
    app, client = _client("admin")
    values = {"admin-audit-user.value": "financeur-ft", "admin-audit-kind.value": "login"}
    response = _post(app, client, AUDIT, values, ["admin-audit-user.value"])
    shown = _strings(response["admin-audit-slot"]["children"])
    assert "financeur-ft" in shown and "admin" not in shown
    assert t("admin.audit.caption", count=1) in shown
    links = [n["props"].get("href") for n in _walk_json(response["admin-audit-links"]["children"])]
    assert "/export/admin-audit.csv?utilisateur=financeur-ft&type=login" in links


# --- builders and data functions on the real database ---------------------------------------------


def test_accounts_spec_says_role_scope_and_status_in_words():
    con = _con()
    users.set_disabled(con, "financeur-ft", True)
    users.set_password(con, "comite", "x", must_change=True)
    rows = {r["username"]: r for r in accounts_spec(users.listed(con), "fr").rows}
    assert set(rows) == {username for username, *_ in ACCOUNTS}
    assert (rows["direction-84"]["role"], rows["direction-84"]["scope"]) == (
        "direction régionale",
        "Région 84",
    )
    assert rows["financeur-ft"]["scope"] == "Financeur FT" and rows["admin"]["scope"] == "National"
    assert rows["financeur-ft"]["status"] == "Désactivé"
    assert rows["comite"]["status"] == "Doit changer son mot de passe"
    assert rows["admin"]["status"] == "Actif" and rows["admin"]["last_login"] == "Jamais"
    db.run(con, "user_mark_demo", username="admin")
    assert status_of(users.by_name(con, "admin")) == "demo"


def test_moments_are_paris_time():
    assert moment("2026-11-24T02:02:00+00:00", "fr") == "24/11/2026 03:02"
    assert moment("2026-07-01T22:30:00+00:00", "en") == "2026-07-02 00:30"
    assert moment(None, "fr") == "—"


def test_audit_spec_shows_database_text_as_text():
    con = _con()
    hostile = "<img src=x onerror=alert(1)>"
    audit.record(con, audit.Event(kind="login_refused", target="login", username=hostile,
                                  filters={"territoire": "R84"}, row_count=1234))  # fmt: skip
    spec = audit_spec(audit.recent(con), "fr")
    row = spec.rows[0]
    assert MOMENT.match(row["time"])
    assert (row["username"], row["kind"], row["filters"]) == (
        hostile,
        "Connexion refusée",
        '{"territoire": "R84"}',
    )
    table = data_table(spec)
    assert hostile in texts(table) and "1\u202f234" in texts(table)
    assert not any(type(node).__name__ == "Markdown" for node in walk(table))


def test_apply_refuses_unknown_actions_and_ignores_a_scope_the_role_does_not_have():
    with signed_in("admin"):
        outcome = admin_data.apply("create", {"new_username": "comite-2", "new_role": "committee",
                                              "new_region": "84", "new_funder": "FT"})  # fmt: skip
        with pytest.raises(ValueError):
            admin_data.apply("drop", {})
    user = users.by_name(_con(), "comite-2")
    assert (user.reg_code, user.funder_id, outcome.done) == (None, None, "created")
    assert len(outcome.password) >= passwords.MIN_LENGTH


def test_only_an_enabled_administrator_may_act():
    con = _con()
    assert admin_data.is_admin(users.by_name(con, "admin"))
    assert not admin_data.is_admin(users.by_name(con, "comite"))
    assert not admin_data.is_admin(None)
    users.add(con, "admin-2", "x", "admin", must_change_password=True)
    assert not admin_data.is_admin(users.by_name(con, "admin-2"))
    users.set_disabled(con, "admin", True)
    assert not admin_data.is_admin(users.by_name(con, "admin"))


def test_audit_filters_keep_known_kinds_and_trimmed_names():
    assert admin_data.audit_filters("  admin ", "login") == ("admin", "login")
    assert admin_data.audit_filters("", "drop table") == (None, None)
    assert admin_data.audit_filters(None, None) == (None, None)


# --- the audit log's CSV export -------------------------------------------------------------------


def test_the_audit_export_is_for_administrators_only():
    for username in ("comite", "financeur-ft", "direction-84"):
        _, client = _client(username)
        assert client.get("/export/admin-audit.csv").status_code == 403
    with pytest.raises(queries.ScopeRefused), signed_in("comite"):
        admin_data.export_audit(queries.Scope("committee"), ViewState())


def test_the_audit_export_holds_the_events_and_no_password(page):
    app, client = _client("admin")
    password = _password_of(
        _act(app, client, "create", new_username="nouveau", new_role="committee")
    )
    response = client.get("/export/admin-audit.csv?type=account")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert password not in body and PASSWORD not in body
    table = exports.read_table(body)
    assert table[0] == [t(f"admin.audit.{k}") for k in ("time", "user", "role", "scope", "kind",
                        "target", "filters", "data_version", "rows", "address")]  # fmt: skip
    assert table[1:] == [[table[1][0], "admin", "administration", "admin", "Compte",
                          "add nouveau as committee", "—", "—", "", "127.0.0.1"]]  # fmt: skip
    assert MOMENT.match(table[1][0])
    exported = audit.recent(_con(), 1, kind="export")[0]
    assert (exported["target"], exported["username"], exported["row_count"]) == (
        "admin-audit",
        "admin",
        1,
    )
