"""In front of every route: deny by default, then headers and errors on the way out.

Before a request:
- public routes only (`PUBLIC_PATHS`, `PUBLIC_PREFIXES`: the login page, the health check, the
  styles and map geometry); any other route needs a signed-in, enabled account — Dash's layout,
  dependencies and callbacks included. A page is answered with a redirect to `/login`, anything
  else with 401.
- an account whose password was reset may only change it (`/compte`) or sign out.
- pages reserved to some roles (`PAGE_ROLES`) answer 403 to others.
- a POST must come from this site (Origin / Sec-Fetch-Site), and Dash's callback endpoint takes
  JSON only; the body is limited (`MAX_BODY_BYTES`).
After: security headers (CSP without 'unsafe-eval', frame-ancestors 'none', nosniff, referrer
policy), no caching of anything but static files, and the audit event of a data response.
Errors are sentences in the page's language, never tracebacks.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

import flask
from werkzeug.exceptions import HTTPException

from dashboard.auth import audit, routes, session
from dashboard.i18n import t

PUBLIC_PATHS = frozenset({routes.LOGIN_PATH, "/health", "/_favicon.ico", "/favicon.ico"})
PUBLIC_PREFIXES = ("/assets/",)
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
ALWAYS_ALLOWED = frozenset({routes.LOGOUT_PATH, routes.PASSWORD_PATH})
CALLBACK_PATH = "/_dash-update-component"
DEV_ONLY = frozenset({"/_reload-hash"})
DASH_PREFIX = "/_dash-"
PAGE_ROLES = {"/qualite": frozenset({"admin"}), "/admin": frozenset({"admin"})}
MAX_BODY_BYTES = 512 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TEXT_PROPS = frozenset({"pathname", "search", "hash", "href"})
MAX_URL_PART = 2000

logger = logging.getLogger(__name__)


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def wants_page(path: str) -> bool:
    """A navigation to a page (answered by a redirect), rather than a data or script request."""
    return flask.request.method == "GET" and not path.startswith(
        (DASH_PREFIX, "/export/", "/_reload", "/_alive")
    )


def allowed_roles(path: str) -> frozenset[str] | None:
    for prefix, roles in PAGE_ROLES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return roles
    return None


def page_allowed(path: str, role: str) -> bool:
    roles = allowed_roles(path)
    return roles is None or role in roles


def before_request() -> flask.Response | None:
    request = flask.request
    if request.method not in SAFE_METHODS:
        refused = _refuse_foreign_post()
        if refused is not None:
            return refused
    path = request.path
    if path in DEV_ONLY:  # Dash's hot-reload endpoint: development only, never served here
        flask.abort(404)
    if is_public(path):
        return None
    user = session.current_user()
    if user is None:
        if wants_page(path):
            target = request.full_path.rstrip("?")
            query = {"next": target, "lang": routes.language()}
            if flask.g.get("copilote_expired"):
                query["fin"] = "expiree"
            return flask.redirect(routes.LOGIN_PATH + "?" + urlencode(query))
        flask.abort(401)
    if user.must_change_password and path not in ALWAYS_ALLOWED:
        if wants_page(path):
            query = urlencode({"lang": routes.language()})
            return flask.redirect(f"{routes.PASSWORD_PATH}?{query}")
        flask.abort(403)
    if not page_allowed(path, user.role):
        audit.record_event("denied", path)
        flask.abort(403)
    if path == CALLBACK_PATH and request.method == "POST":
        if request.mimetype != "application/json":
            flask.abort(415)
        if malformed_callback(request.get_json(silent=True)):
            flask.abort(400)
    return None


def _refuse_foreign_post() -> flask.Response | None:
    """Cross-site requests that change or read data are refused; Dash's callbacks are JSON."""
    request = flask.request
    origin = request.headers.get("Origin")
    if origin is not None and _origin_of(origin) != _origin_of(request.host_url):
        audit.record_event("denied", f"cross-origin POST from {origin[:100]}")
        flask.abort(403)
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        flask.abort(403)
    return None


def malformed_callback(body: object) -> bool:
    """A callback request whose shape the app never sends: the URL parts and view stores are
    strings (a path starting with /), inputs are {id, property, value} items. Refused before
    Dash reads it (Dash's own page router fails on a list for a path)."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return True
    items = []
    for part in ("inputs", "state"):
        entries = body.get(part, [])
        if not isinstance(entries, list):
            return True
        for entry in entries:
            items.extend(entry if isinstance(entry, list) else [entry])
    return any(_malformed_item(item) for item in items)


def _malformed_item(item: object) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        return True
    identifier, prop, value = item.get("id"), item["property"], item.get("value")
    if not isinstance(identifier, str | dict):
        return True
    text_valued = prop in TEXT_PROPS or (
        prop == "data" and isinstance(identifier, str) and identifier.endswith("-state")
    )
    if text_valued and value is not None:
        if not isinstance(value, str) or len(value) > MAX_URL_PART:
            return True
        if prop == "pathname" and not value.startswith("/"):
            return True
    if isinstance(identifier, dict) and identifier.get("type") == "filter" and prop == "value":
        return value is not None and (not isinstance(value, str) or len(value) > MAX_URL_PART)
    return False


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def after_request(response: flask.Response) -> flask.Response:
    headers = response.headers
    headers["Content-Security-Policy"] = flask.current_app.config["COPILOTE_CSP"]
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if flask.request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if not flask.request.path.startswith(STATIC_PREFIXES):
        headers["Cache-Control"] = "no-store"
    headers.pop("Server", None)
    if response.status_code < 400:
        audit.after_data_response(response)
    return response


def error_page(error: Exception) -> flask.Response:
    """Every error as a sentence (HTML for pages, JSON for Dash and exports); a 500 is logged
    with its traceback on the server, never sent."""
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if code >= 500 and not isinstance(error, HTTPException):
        logger.exception("unhandled error on %s", flask.request.path, exc_info=error)
    known = code if code in (400, 401, 403, 404, 405, 413, 415, 429, 503) else 500
    lang = routes.language()
    message = t(f"auth.error.{known}", lang)
    if not wants_page(flask.request.path) or flask.request.method != "GET":
        response = flask.jsonify({"error": message, "status": code})
        response.status_code = code
        return response
    return routes.page("error.html", "auth.error.title", code, message=message,
                       home_url="/?" + urlencode({"lang": lang}),
                       home_label=t("auth.error.home", lang))  # fmt: skip


def register(server: flask.Flask) -> None:
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    server.config["PROPAGATE_EXCEPTIONS"] = False
    server.before_request(before_request)
    server.after_request(after_request)
    server.register_error_handler(HTTPException, error_page)
    server.register_error_handler(Exception, error_page)
