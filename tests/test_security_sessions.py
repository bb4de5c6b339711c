"""Accounts and sessions (SECURITY.md test plan item 5, issue 6 item 1) through the real app and
its real app-state database: sign-in, the slow hash, rate limits per account and address, the
session holding the user id only, inactivity expiry, a disabled account or a changed role taking
effect at the next request, a tampered cookie, the forced password change, and production's
refusals to start."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from dashboard import passwords
from dashboard.app import create_app
from dashboard.appstate import attempts, db, users
from dashboard.auth.session import COOKIE_NAME
from dashboard.config import ConfigError, load_settings
from tests.accounts import PASSWORD, log_in

pytestmark = pytest.mark.usefixtures("dashboard_env", "published")


@pytest.fixture
def app():
    return create_app()


def _con():
    return db.connect(load_settings().app_db)


def _payload(cookie: str) -> dict:
    """What the signed cookie carries (readable by anyone: hence the user id only)."""
    data = cookie.split(".")[1] if cookie.startswith(".") else cookie.split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw) if cookie.startswith(".") else raw)


def test_a_signed_in_session_holds_the_user_id_and_its_times_only(app):
    client = app.server.test_client()
    log_in(client, "financeur-ft")
    payload = _payload(client.get_cookie(COOKIE_NAME).value)
    assert set(payload) == {"uid", "epoch", "since", "seen"}
    assert payload["uid"] == users.by_name(_con(), "financeur-ft").user_id
    assert "funder" not in json.dumps(payload) and "FT" not in json.dumps(payload)


def test_passwords_are_stored_with_a_slow_salted_hash():
    stored = users.password_hash(_con(), users.by_name(_con(), "admin").user_id)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert passwords.verify(stored, PASSWORD) and not passwords.verify(stored, PASSWORD + "x")
    assert passwords.hash_password("same") != passwords.hash_password("same")  # salted


@pytest.mark.parametrize(
    ("username", "password"),
    [("admin", "wrong"), ("nobody", PASSWORD), ("", ""), ("admin' --", PASSWORD), ("a" * 500, "x")],
)
def test_a_wrong_sign_in_is_refused_with_a_sentence(app, username, password):
    client = app.server.test_client()
    answer = client.post("/login", data={"username": username, "password": password})
    assert answer.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in answer.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


def test_sign_in_attempts_are_limited_per_account_and_address(app):
    def attempt(password: str, address: str, username: str = "comite"):
        client = app.server.test_client()
        return client.post("/login", data={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": address})  # fmt: skip

    for _ in range(attempts.LIMITS.per_account_and_address):
        assert attempt("wrong", "10.0.0.1").status_code == 401
    blocked = attempt(PASSWORD, "10.0.0.1")  # even the right password waits
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
    assert attempt(PASSWORD, "10.0.0.2").status_code == 302  # the same account elsewhere
    assert attempt(PASSWORD, "10.0.0.1", "admin").status_code == 302  # the room's others


def test_one_address_guessing_many_accounts_is_limited():
    con, at = _con(), 1_000_000.0
    for i in range(attempts.LIMITS.per_address):
        attempts.record(con, f"guess-{i}", "10.9.9.9", at + i, succeeded=False)
    assert attempts.wait_seconds(con, "admin", "10.9.9.9", at + 100) > 0
    assert attempts.wait_seconds(con, "admin", "10.9.9.8", at + 100) == 0
    assert attempts.wait_seconds(con, "admin", "10.9.9.9", at + 100 + 15 * 60) == 0


def test_a_disabled_account_is_out_at_its_next_request(app):
    client = app.server.test_client()
    log_in(client, "comite")
    assert client.get("/_dash-layout").status_code == 200
    users.set_disabled(_con(), "comite", True)
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").status_code == 302
    again = client.post("/login", data={"username": "comite", "password": PASSWORD})
    assert again.status_code == 401


def test_a_changed_role_takes_effect_at_the_next_request(app):
    client = app.server.test_client()
    log_in(client, "comite")
    assert client.get("/qualite").status_code == 403
    users.set_role(_con(), "comite", "admin")
    assert client.get("/qualite").status_code == 200
    users.set_role(_con(), "comite", "funder", funder_id="FT")
    assert client.get("/qualite").status_code == 403
    assert client.get("/export/qualite-sources.csv").status_code == 403


def test_an_idle_session_expires(app, monkeypatch):
    monkeypatch.setenv("COPILOTE_SESSION_IDLE_MINUTES", "30")
    client = app.server.test_client()
    log_in(client, "comite")
    with client.session_transaction() as session:  # 31 minutes without a request
        session["seen"] -= 31 * 60
    back = client.get("/territoires")
    assert back.status_code == 302 and "fin=expiree" in back.headers["Location"]
    assert client.get("/_dash-layout").status_code == 401


def test_a_long_session_ends_even_when_active(app):
    client = app.server.test_client()
    log_in(client, "comite")
    with client.session_transaction() as session:
        session["since"] -= 13 * 3600
    assert client.get("/_dash-layout").status_code == 401


def test_a_tampered_or_foreign_cookie_is_nobody(app):
    client = app.server.test_client()
    log_in(client, "financeur-ft")
    value = client.get_cookie(COOKIE_NAME).value
    admin_id = users.by_name(_con(), "admin").user_id
    forged = value.replace(value.split(".")[-1], "AAAA")
    for cookie in (forged, "garbage", json.dumps({"uid": admin_id})):
        other = app.server.test_client()
        other.set_cookie(COOKIE_NAME, cookie)
        assert other.get("/_dash-layout").status_code == 401
    # signed with another key
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPILOTE_SECRET_KEY", "z" * 64)
        stranger = create_app().server.test_client()
        log_in(stranger, "admin")
        stolen = stranger.get_cookie(COOKIE_NAME).value
    other = app.server.test_client()
    other.set_cookie(COOKIE_NAME, stolen)
    assert other.get("/_dash-layout").status_code == 401


def test_a_password_change_ends_the_other_sessions(app):
    first, second = app.server.test_client(), app.server.test_client()
    log_in(first, "direction-84")
    log_in(second, "direction-84")
    answer = first.post("/compte", data={"current": PASSWORD, "new": "un-nouveau-mot-de-passe",
                                         "confirm": "un-nouveau-mot-de-passe"})  # fmt: skip
    assert answer.status_code == 200 and "est changé" in answer.get_data(as_text=True)
    assert first.get("/_dash-layout").status_code == 200
    assert second.get("/_dash-layout").status_code == 401
    weak = first.post("/compte", data={"current": "un-nouveau-mot-de-passe", "new": "court",
                                       "confirm": "court"})  # fmt: skip
    assert weak.status_code == 400 and "12 caractères" in weak.get_data(as_text=True)


def test_after_a_reset_the_user_must_choose_a_password_before_any_data(app):
    users.set_password(_con(), "comite", passwords.hash_password("temporaire-123456"),
                       must_change=True)  # fmt: skip
    client = app.server.test_client()
    answer = client.post("/login", data={"username": "comite", "password": "temporaire-123456"})
    assert answer.headers["Location"].startswith("/compte")
    assert client.get("/").headers["Location"].startswith("/compte")
    assert client.get("/_dash-layout").status_code == 403
    client.post("/compte", data={"current": "temporaire-123456", "new": "mon-propre-secret",
                                 "confirm": "mon-propre-secret"})  # fmt: skip
    assert client.get("/_dash-layout").status_code == 200


def test_sign_out_ends_the_session(app):
    client = app.server.test_client()
    log_in(client, "admin")
    client.get("/logout")  # a link (GET) cannot sign anyone out
    assert client.get("/_dash-layout").status_code == 200
    answer = client.post("/logout")
    assert answer.status_code == 302 and "fin=deconnexion" in answer.headers["Location"]
    assert client.get("/_dash-layout").status_code == 401


def test_production_refuses_to_start_without_a_proper_secret_key(monkeypatch):
    monkeypatch.delenv("COPILOTE_SECRET_KEY")
    with pytest.raises(ConfigError, match="COPILOTE_SECRET_KEY is not set"):
        create_app()
    monkeypatch.setenv("COPILOTE_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="too short"):
        create_app()
    monkeypatch.setenv("COPILOTE_ENV", "demo")  # the demo keeps a random key of its own
    monkeypatch.delenv("COPILOTE_SECRET_KEY")
    first, second = create_app().server.secret_key, create_app().server.secret_key
    assert first == second and len(first) >= 32  # every worker signs with the same key


def test_production_refuses_to_start_while_an_account_has_the_demo_password(monkeypatch):
    db.run(_con(), "user_mark_demo", username="comite")
    with pytest.raises(ConfigError, match="comite still have the demo password"):
        create_app()
    users.set_password(_con(), "comite", passwords.hash_password("un-vrai-mot-de-passe"),
                       must_change=False)  # fmt: skip
    create_app()
