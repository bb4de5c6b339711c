"""Browser smoke test: the real app, served on a free port, in the system's headless Chromium.

Skips with a reason when Chromium (/usr/bin/chromium) or Playwright is missing, unless
COPILOTE_REQUIRE_BROWSER=1 (CI), which turns the skip into a failure. Nothing downloads a browser.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard import queries
from dashboard.app import create_app
from tests.conftest import run

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CARDS = [
    "new-parcours",
    "active-people",
    "return-to-employment-rate",
    "positive-exit-rate",
    "closed-parcours",
]


def _sync_playwright():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.is_file():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("COPILOTE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required (COPILOTE_REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)
    return sync_playwright


@pytest.fixture
def base_url(settings, monkeypatch) -> Iterator[str]:
    """The app on a free local port, serving a freshly published sample build."""
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
    monkeypatch.setenv("COPILOTE_ENV", "demo")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    server = make_server("127.0.0.1", 0, create_app().server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        queries.close()


def _watch(page, problems: list[str]) -> None:
    """Record console errors, page errors, failed requests and HTTP errors."""

    def console(message) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    def response(answer) -> None:
        if answer.status >= 400:
            problems.append(f"HTTP {answer.status}: {answer.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))


def test_the_overview_loads_in_a_browser(base_url):
    sync_playwright = _sync_playwright()
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            _watch(page, problems)
            page.goto(base_url + "/", wait_until="networkidle")
            page.wait_for_selector("#overview-kpi-closed-parcours-value", timeout=15_000)
            for card in CARDS:
                assert page.locator(f"#overview-kpi-{card}").is_visible(), card
                assert page.inner_text(f"#overview-kpi-{card}-value").strip(), card
            assert page.inner_text("#overview-as-of") == "Données au 24/11/2026"
            assert page.inner_text("#navbar-demo-badge") == "Données de démonstration"
            assert page.title() == "Copilote"
            # Bootstrap came from the app's own assets: the navbar is laid out as a flexbox.
            navbar_display = page.evaluate(
                "getComputedStyle(document.querySelector('.navbar')).display"
            )
            assert navbar_display == "flex"
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    assert problems == []
