"""The browser side: the app under gunicorn, headless Chromium (the system's, nothing
downloaded) recording the callback requests of each case, and the first load of each page.

A probe injected before the page's scripts counts Dash's callback requests in flight and, on
every animation frame, whether the page is drawn: the page content is there, no callback is in
flight, every dcc.Graph has plotted (and every map has loaded its layers). A page is settled
once that has held for `QUIET_MS` with no new request; its first-load time is the moment it
started holding, in the browser's clock from navigation start.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.bench.cases import Case, Step
from pipelines.config import PROJECT_DIR

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
VIEWPORT = {"width": 1280, "height": 900}
UPDATE = "/_dash-update-component"
QUIET_MS = 300
PROBE = """(() => {
  const b = window.__bench = {inflight: 0, callbacks: 0, last: 0, since: null};
  const fetch0 = window.fetch;
  window.fetch = function (input) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (!url.includes('_dash-update-component')) return fetch0.apply(this, arguments);
    b.inflight++; b.callbacks++; b.last = performance.now(); b.since = null;
    return fetch0.apply(this, arguments)
      .then(r => r.clone().arrayBuffer().then(() => r))
      .finally(() => { b.inflight--; b.last = performance.now(); });
  };
  const mapsLoaded = gd => ((gd._fullLayout._subplots || {}).map || []).every(id => {
    const sub = gd._fullLayout[id] && gd._fullLayout[id]._subplot;
    return sub && sub.map && sub.map.loaded() && sub.map.areTilesLoaded();
  });
  const drawn = () => {
    const content = document.getElementById('_pages_content');
    if (!content || !content.children.length) return false;
    if (document.querySelector('._dash-loading, .dash-graph--pending')) return false;
    for (const graph of document.querySelectorAll('.dash-graph')) {
      const gd = graph.querySelector('.js-plotly-plot');
      if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg') || !mapsLoaded(gd)) return false;
    }
    return true;
  };
  const tick = () => {
    if (b.inflight || !b.callbacks || !drawn()) b.since = null;
    else if (b.since === null) b.since = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
SETTLED = """([before, quiet]) => {
  const b = window.__bench;
  if (!b || b.callbacks <= before || b.since === null) return false;
  return performance.now() - Math.max(b.since, b.last) >= quiet ? b.since : false;
}"""


class BrowserError(Exception):
    """The browser part cannot run: the message says why."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], log: Path, workers: int = 2) -> Iterator[str]:
    """`gunicorn dashboard.app:server` as `make serve` runs it, on a free port, until /health
    answers 200; stopped (its own pid only) when the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", "4", "dashboard.app:server"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, stdout=out, stderr=out, cwd=PROJECT_DIR, env={**os.environ, **env}
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BrowserError(f"gunicorn stopped (exit {server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise BrowserError(f"the app did not answer {url}/health with 200 in {timeout:.0f} s")


@contextmanager
def chromium() -> Iterator[object]:
    """The system's headless Chromium through Playwright (no `playwright install`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserError("Playwright is missing: pip install -r requirements-dev.txt") from error
    if not CHROMIUM.is_file():
        raise BrowserError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page, before: int, timeout_ms: float) -> float:
    """Wait until the page is settled after callback number `before`; when it started (ms)."""
    handle = page.wait_for_function(SETTLED, arg=[before, QUIET_MS], timeout=timeout_ms)
    return float(handle.json_value())


def signed_context(browser, base_url: str, login: dict[str, str]):
    """A fresh browser context (empty cache) signed in through `/login` with `login`'s fields."""
    context = browser.new_context(viewport=VIEWPORT)
    answer = context.request.post(base_url + "/login", form=login, max_redirects=0)
    if answer.status != 302:
        context.close()
        raise BrowserError(f"the benchmark's account could not sign in ({answer.status})")
    return context


def record(
    browser, base_url: str, case: Case, login: dict[str, str], timeout_ms: float = 60_000
) -> dict:
    """Visit one case in a fresh context, perform its steps: every callback request (body,
    status, response bytes), and by step the bytes received in all and the other requests."""
    context = signed_context(browser, base_url, login)
    context.add_init_script(PROBE)
    page, phase, seen, problems = context.new_page(), ["load"], [], []
    page.on("request", lambda request: seen.append((phase[0], request)))
    _watch(page, problems)
    try:
        page.goto(base_url + case.url, wait_until="commit")
        settle(page, 0, timeout_ms)
        done = {step.label: _step(page, step, phase, timeout_ms) for step in case.steps}
        requests, received, fetched = _collect(seen)
    finally:
        context.close()
    skipped = {label: why for label, why in done.items() if why}
    return {
        "requests": requests,
        "received": received,
        "fetched": fetched,
        "skipped": skipped,
        "problems": problems,
    }


def _step(page, step: Step, phase: list[str], timeout_ms: float) -> str | None:
    """Perform one step and wait for what it fires; why not, when it could not be done."""
    target = page.locator(step.selector).first
    if not page.locator(step.selector).count():
        return f"no {step.selector} on the page"
    phase[0] = step.label
    before = page.evaluate("window.__bench.callbacks")
    if step.action == "click":
        target.click()
    else:
        value = step.value or target.evaluate(
            "s => s.options[(s.selectedIndex + 1) % s.options.length].value"
        )
        target.select_option(value)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        settle(page, before, min(timeout_ms, 15_000))
    except PlaywrightTimeout:
        return "no callback fired, or the page did not settle, within 15 s"
    return None


def _collect(seen: list) -> tuple[list[dict], dict[str, int], dict[str, list]]:
    """The callback requests; the bytes received per step; the other requests per step."""
    requests, received, fetched = [], {}, {}
    for step, request in seen:
        if not _fetched_for_the_page(request.url):
            continue
        response = request.response()
        size = len(_body(response))
        received[step] = received.get(step, 0) + size
        path = urlsplit(request.url).path
        if request.method == "POST" and path == UPDATE:
            status = response.status if response else None
            requests.append(
                {"step": step, "body": request.post_data, "status": status, "bytes": size}
            )
        else:
            fetched.setdefault(step, []).append([path, size])
    return requests, received, fetched


def _fetched_for_the_page(url: str) -> bool:
    """Network requests the page's code made: not blob:/data: URLs (in memory), nor the
    favicon, which the browser fetches once per page whenever it likes (often mid-step)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.path != "/_favicon.ico"


def _body(response) -> bytes:
    try:
        return response.body() if response else b""
    except Exception:  # a redirect or an aborted request has no body
        return b""


def _watch(page, problems: list[str]) -> None:
    """Page errors, failed requests, HTTP errors and console errors, as sentences."""

    def on_response(response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_console(message) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text}")

    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", on_response)
    page.on("console", on_console)


def first_load(
    browser, base_url: str, case: Case, login: dict[str, str], timeout_ms: float = 60_000
) -> dict:
    """One cold first load (fresh context: empty cache, signed in): ms from navigation start
    until the page has drawn, the requests it made and the bytes it received."""
    context = signed_context(browser, base_url, login)
    context.add_init_script(PROBE)
    page, responses = context.new_page(), []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(base_url + case.url, wait_until="commit")
        drawn_ms = settle(page, 0, timeout_ms)
        found = [r for r in responses if urlsplit(r.url).scheme in ("http", "https")]
        sizes = sorted(((urlsplit(r.url).path, len(_body(r))) for r in found), key=lambda f: -f[1])
    finally:
        context.close()
    received = sum(size for _, size in sizes)
    return {"ms": drawn_ms, "requests": len(sizes), "bytes": received, "largest": sizes[:3]}
