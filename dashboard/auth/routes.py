"""The pages outside Dash: `/login` (form fields `username`, `password`), `/logout` (POST) and
`/compte` (password change). Plain HTML forms rendered by Flask with autoescaping, styled by the
app's own Bootstrap: they work before any session exists and without JavaScript."""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

import flask

from dashboard import passwords
from dashboard.appstate import attempts, users
from dashboard.auth import session
from dashboard.auth.audit import record_event
from dashboard.config import load_settings
from dashboard.i18n import LANGUAGES, t

LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
PASSWORD_PATH = "/compte"


def language() -> str:
    lang = flask.request.args.get("lang", "fr")
    return lang if lang in LANGUAGES else "fr"


def page(template: str, title_key: str, status: int = 200, **values: object) -> flask.Response:
    """A page of `dashboard/templates` in the request's language."""
    lang = language()
    other = "en" if lang == "fr" else "fr"
    args = {**flask.request.args.to_dict(), "lang": other}
    html = flask.render_template(
        template,
        lang=lang,
        other_lang=other,
        title=t(title_key, lang),
        is_demo=load_settings().is_demo,
        demo_badge=t("app.demo_badge", lang),
        switch_language=t("shell.switch_language", lang),
        other_language_url=flask.request.path + "?" + urlencode(args),
        **values,
    )
    response = flask.make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith((LOGIN_PATH, LOGOUT_PATH)):
        return "/"
    return target


def address() -> str:
    return flask.request.remote_addr or "unknown"


def login() -> flask.Response:
    lang = language()
    labels = {k: t(f"auth.login.{k}", lang) for k in ("username", "password", "submit", "help")}
    next_url = safe_next(flask.request.args.get("next"))
    action = LOGIN_PATH + "?" + urlencode({"next": next_url, "lang": lang})
    values = {"labels": labels, "action": action, "username": "", "message": None,
              "message_kind": "danger"}  # fmt: skip
    if flask.request.method == "GET":
        if session.current_user() is not None:
            return flask.redirect(next_url)
        notice = flask.request.args.get("fin")
        if notice in ("expiree", "deconnexion"):
            key = "auth.login.expired" if notice == "expiree" else "auth.login.logged_out"
            values.update(message=t(key, lang), message_kind="info")
        return page("login.html", "auth.login.title", **values)
    username = flask.request.form.get("username", "")
    password = flask.request.form.get("password", "")
    name = username.strip().lower()[:63]
    values["username"] = name
    con, at = session.connection(), time.time()
    wait = attempts.wait_seconds(con, name, address(), at)
    if wait:
        record_event("login_refused", "rate-limit", username=name)
        values["message"] = t("auth.login.limited", lang, minutes=max(1, round(wait / 60)))
        response = page("login.html", "auth.login.title", 429, **values)
        response.headers["Retry-After"] = str(wait)
        return response
    user = users.authenticate(con, name, password)
    attempts.record(con, name, address(), at, succeeded=user is not None)
    if user is None:
        record_event("login_refused", "password", username=name)
        values["message"] = t("auth.login.failed", lang)
        return page("login.html", "auth.login.title", 401, **values)
    session.log_in(user)
    record_event("login", "session", user=user)
    if user.must_change_password:
        return flask.redirect(PASSWORD_PATH + "?" + urlencode({"lang": lang}))
    return flask.redirect(next_url)


def logout() -> flask.Response:
    user = session.current_user()
    if user is not None:
        record_event("logout", "session", user=user)
    session.log_out()
    return flask.redirect(LOGIN_PATH + "?" + urlencode({"fin": "deconnexion", "lang": language()}))


def change_password() -> flask.Response:
    lang, user = language(), session.current_user()
    if user is None:  # the guard sends these to /login first
        flask.abort(401)
    keys = ("intro", "current", "new", "confirm", "submit", "back")
    labels = {k: t(f"auth.password.{k}", lang) for k in keys}
    labels["rule"] = t("auth.password.rule", lang, min_length=passwords.MIN_LENGTH)
    forced = user.must_change_password
    values = {
        "labels": labels,
        "action": PASSWORD_PATH + "?" + urlencode({"lang": lang}),
        "min_length": passwords.MIN_LENGTH,
        "message_kind": "danger",
        "message": t("auth.password.must_change", lang) if forced else None,
        "back_url": None if forced else "/?" + urlencode({"lang": lang}),
    }
    if flask.request.method == "GET":
        return page("password.html", "auth.password.title", **values)
    form = flask.request.form
    con = session.connection()
    status, message = 400, None
    if not passwords.verify(users.password_hash(con, user.user_id), form.get("current", "")):
        status, message = 403, t("auth.password.wrong_current", lang)
    elif form.get("new", "") != form.get("confirm", ""):
        message = t("auth.password.mismatch", lang)
    else:
        try:
            passwords.check_new(form["new"], user.username, forbidden_passwords())
        except passwords.WeakPassword as weak:
            message = str(weak)
    if message is not None:
        return page("password.html", "auth.password.title", status, **{**values,
                    "message": message, "message_kind": "danger"})  # fmt: skip
    updated = users.set_password(con, user.username, passwords.hash_password(form["new"]),
                                 must_change=False)  # fmt: skip
    record_event("password", user.username, user=updated)
    session.log_in(updated)  # this session goes on; the account's others end (epoch moved)
    return page("password.html", "auth.password.title", **{**values,
                "message": t("auth.password.changed", lang), "message_kind": "success",
                "back_url": "/?" + urlencode({"lang": lang})})  # fmt: skip


def forbidden_passwords() -> tuple[str, ...]:
    """Passwords nobody may choose: the demo's."""
    settings = load_settings()
    return tuple({settings.demo_password, "demo"})


def register(server: flask.Flask) -> None:
    server.add_url_rule(LOGIN_PATH, "login", login, methods=["GET", "POST"])
    server.add_url_rule(LOGOUT_PATH, "logout", logout, methods=["POST"])
    server.add_url_rule(PASSWORD_PATH, "password", change_password, methods=["GET", "POST"])
