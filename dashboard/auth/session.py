"""The session: a cookie signed with COPILOTE_SECRET_KEY holding the user id, the account's
session epoch (a password change, reset or disabling moves it: every open session ends), the
login time and the last activity (inactivity expiry). Nothing else: role and scope are read from
the app-state database on each request."""

from __future__ import annotations

import secrets
import time

import flask
from flask.sessions import SecureCookieSessionInterface

from dashboard.appstate import db, users
from dashboard.appstate.users import User
from dashboard.config import MIN_SECRET_KEY_LENGTH, ConfigError, Settings, load_settings
from dashboard.queries import Scope

COOKIE_NAME = "copilote_session"
SEEN_EVERY_SECONDS = 60  # the last activity is rewritten at most once a minute
DEMO_KEY_SETTING = "demo_secret_key"


class CookieInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over TLS (directly or, with
    COPILOTE_PROXY_COUNT, through a proxy that says so)."""

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or flask.request.is_secure)


def configure(server: flask.Flask, settings: Settings) -> None:
    server.secret_key = secret_key(settings)
    server.session_interface = CookieInterface()
    server.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,  # per request: see CookieInterface
        SESSION_REFRESH_EACH_REQUEST=False,
    )


def secret_key(settings: Settings) -> str:
    """COPILOTE_SECRET_KEY; in demo mode without one, a random key kept in the app-state
    database (every worker signs with the same key). Production refuses to start without one."""
    if settings.secret_key:
        if len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"COPILOTE_SECRET_KEY is too short ({len(settings.secret_key)} characters): give "
                f"at least {MIN_SECRET_KEY_LENGTH}, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
        return settings.secret_key
    if not settings.is_demo:
        raise ConfigError(
            "COPILOTE_SECRET_KEY is not set: production needs a secret key to sign sessions. "
            "Set it to a long random value (`python -c 'import secrets; "
            "print(secrets.token_hex(32))'`), kept out of the repository, or use COPILOTE_ENV=demo."
        )
    con = db.connect(settings.app_db)
    db.run(con, "setting_put_new", name=DEMO_KEY_SETTING, value=secrets.token_hex(32))
    return db.run(con, "setting_get", name=DEMO_KEY_SETTING).fetchone()[0]


def connection() -> db.sqlite3.Connection:
    return db.connect(load_settings().app_db)


def log_in(user: User) -> None:
    """A new session for `user` (the old one is dropped: no session fixation)."""
    flask.session.clear()
    at = time.time()
    flask.session.update(uid=user.user_id, epoch=user.session_epoch, since=at, seen=at)
    flask.g.copilote_user = user


def log_out() -> None:
    flask.session.clear()
    flask.g.copilote_user = None


def current_user() -> User | None:
    """The signed-in account of this request, or None (no session, expired, ended, disabled)."""
    if "copilote_user" not in flask.g:
        flask.g.copilote_user = _load_user()
    return flask.g.copilote_user


def _load_user() -> User | None:
    session = flask.session
    uid, epoch = session.get("uid"), session.get("epoch")
    if not isinstance(uid, int) or not isinstance(epoch, int):
        return None
    settings, at = load_settings(), time.time()
    since, seen = session.get("since"), session.get("seen")
    if not isinstance(since, float | int) or not isinstance(seen, float | int):
        session.clear()
        return None
    if (
        at - seen > settings.session_idle_minutes * 60
        or at - since > settings.session_max_hours * 3600
    ):
        session.clear()
        flask.g.copilote_expired = True
        return None
    user = users.get(connection(), uid)
    if user is None or user.is_disabled or user.session_epoch != epoch:
        session.clear()
        return None
    if at - seen > SEEN_EVERY_SECONDS:
        session["seen"] = at
    return user


def scope_of(user: User) -> Scope:
    """The account's scope, as the data layer applies it."""
    return Scope(role=user.role, reg_code=user.reg_code, funder_id=user.funder_id)


def current_scope() -> Scope:
    """The scope of the signed-in user of this request. Without one, a scope that sees nothing
    (the guard has already refused such a request: this is the second lock)."""
    user = current_user()
    return Scope.nobody() if user is None else scope_of(user)
