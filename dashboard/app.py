"""The Dash app shell: Bootstrap served from our own assets, a navbar from the page registry,
the pages of `dashboard/pages/`, a `/health` route — behind the login and the guard of
`dashboard.auth` (deny by default, security headers, errors as sentences, audit).

Nothing happens at import. `create_app()` builds an app; the module attributes `app` and
`server` build one shared app on first access (so `gunicorn dashboard.app:server` works in each
worker, after the fork) and DuckDB is opened only by the first query, in `dashboard.queries`.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import dash
import flask
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import exports, queries, shell
from dashboard.appstate import db as appstate_db
from dashboard.appstate import users
from dashboard.auth import guard, routes, session
from dashboard.config import ConfigError, Settings, load_settings
from dashboard.i18n import DEFAULT_LANGUAGE, t

_lock = threading.Lock()
_shared: dict[str, dash.Dash] = {}


def create_app() -> dash.Dash:
    settings = load_settings()  # a bad setting stops here, with a sentence
    check_accounts(settings)
    app = dash.Dash(
        # The package name (not __name__) so that Dash finds dashboard/pages and dashboard/assets
        # and imports the pages as dashboard.pages.<name> rather than as a top-level "pages".
        __package__,
        use_pages=True,
        serve_locally=True,
        suppress_callback_exceptions=True,  # pages bring their own components
        external_stylesheets=[],
        external_scripts=[],
        title=t("app.title"),
        update_title=None,
    )
    app.index_string = app.index_string.replace("<html>", f'<html lang="{DEFAULT_LANGUAGE}">', 1)
    app.layout = shell.layout()
    shell.register(app)
    for page in dash.page_registry.values():  # pages with callbacks register them on this app
        register = getattr(sys.modules.get(page["module"]), "register", None)
        if register is not None:
            register(app)
    app.server.add_url_rule("/health", "health", health)
    exports.register(app.server)
    session.configure(app.server, settings)
    routes.register(app.server)
    guard.register(app.server)
    if settings.proxy_count:
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=settings.proxy_count,
                                       x_proto=settings.proxy_count)  # fmt: skip
    _set_up_before_serving(app)
    # after the set-up: Dash pages adds its inline clientside scripts then
    app.server.config["COPILOTE_CSP"] = content_security_policy(app)
    return app


def check_accounts(settings: Settings) -> None:
    """Production refuses to start while an enabled account keeps the demo password."""
    if settings.is_demo:
        return
    left = users.with_demo_password(appstate_db.connect(settings.app_db))
    if left:
        raise ConfigError(
            f"Production refuses to start: the accounts {', '.join(left)} still have the demo "
            "password. Reset them (python -m dashboard users reset-password <name>) or disable "
            "them (python -m dashboard users disable <name>)."
        )


def content_security_policy(app: dash.Dash) -> str:
    """Scripts from this site and Dash's own inline scripts (by their hashes), no eval; styles
    from this site and inline (plotly and React set styles); nothing framed, nothing framing."""
    hashes = " ".join(app.csp_hashes())  # each already quoted: 'sha256-…'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",  # Bootstrap's select arrow; the charts' PNG download
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src blob:",  # the map (maplibre) starts its worker from a blob: URL
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _set_up_before_serving(app: dash.Dash) -> None:
    """Run Dash's first-request set-up now, in one thread. Dash does it on the first request
    and marks it done before it is: with several threads, a concurrent first request could be
    served before the scripts are registered or the pages' router exists (an error 500 on a
    fresh gunicorn worker, seen under the benchmark's load)."""
    with app.server.test_request_context("/"):
        app.server.preprocess_request()


def health() -> tuple[flask.Response, int]:
    """200 with the served build's version when one can be served, 503 otherwise."""
    try:
        version = queries.data_version(queries.Scope.national_internal())
    except queries.DataUnavailable:
        body, code = {"status": "unavailable", "data_version": None, "data_as_of": None}, 503
    else:
        body = {
            "status": "ok",
            "data_version": version.run_id,
            "data_as_of": version.as_of.isoformat(),
        }
        code = 200
    response = flask.jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, code


def _shared_app() -> dash.Dash:
    with _lock:
        if "app" not in _shared:
            _shared["app"] = create_app()
        return _shared["app"]


def __getattr__(name: str) -> Any:
    """`dashboard.app.app` and `dashboard.app.server`, built on first access only."""
    if name == "app":
        return _shared_app()
    if name == "server":
        return _shared_app().server
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
