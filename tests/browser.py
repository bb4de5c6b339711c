"""What the browser tests share: the system Chromium, its flags, and the rule that a missing
browser skips with a reason, unless CI sets COPILOTE_REQUIRE_BROWSER=1, which makes it a failure.
Nothing downloads a browser."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import flask
import pytest
from werkzeug.serving import make_server

from dashboard.bench.browser import CHROMIUM, CHROMIUM_ARGS  # one launch for tests and bench

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "app_serving",
    "serving",
    "sync_playwright",
    "watched_page",
]


def sync_playwright():
    """Playwright's sync entry point, or a skip (a failure under COPILOTE_REQUIRE_BROWSER=1)."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright as entry
    except ImportError:
        reason = "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.is_file():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("COPILOTE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required (COPILOTE_REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)
    return entry


@contextmanager
def serving(app: flask.Flask) -> Iterator[str]:
    """A Flask app on a free local port, in a thread, for the duration of the block."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def app_serving(settings) -> Iterator[str]:
    """The product app on a free local port, serving the warehouse of `settings` (demo mode);
    its connections are closed when the block ends."""
    from dashboard import queries
    from dashboard.app import create_app

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
        patch.setenv("COPILOTE_ENV", "demo")
        with serving(create_app().server) as url:
            yield url
        queries.close()


@contextmanager
def watched_page(browser, url: str | None = None, username: str = "admin", **options) -> Iterator:
    """A fresh page (its own context, `options` for it) recording in `page.problems` every
    console error, page error, failed request and HTTP error; signed in as `username` (a test
    account) on the app at `url` through its `/login` form, unless `url` is None."""
    from tests.accounts import PASSWORD

    context = browser.new_context(**options)
    if url is not None:
        form = {"username": username, "password": PASSWORD}
        answer = context.request.post(url + "/login", form=form, max_redirects=0)
        assert answer.status == 302, f"{username} could not sign in: {answer.status}"
    opened = context.new_page()
    problems: list[str] = []
    opened.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    opened.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    opened.problems = problems
    try:
        yield opened
    finally:
        context.close()
