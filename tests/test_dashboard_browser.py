"""Browser tests: the real app, served on a free port, in the system's headless Chromium.

Skips with a reason when Chromium (/usr/bin/chromium) or Playwright is missing, unless
COPILOTE_REQUIRE_BROWSER=1 (CI), which turns the skip into a failure. Nothing downloads a browser.
One server and one browser for the module; each test opens its own page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import exports
from pipelines import sample
from tests.browser import app_serving, watched_page
from tests.conftest import run, settings_for

CARDS = [
    "active-people",
    "new-parcours",
    "return-to-employment-rate",
    "positive-exit-rate",
    "employment-6m",
    "energy-saved",
    "share-saving-30",
    "cost-per-parcours",
    "professionals-trained",
]
PAGES = ["/", "/qualite"]


@pytest.fixture(scope="module")
def base_url(browser, tmp_path_factory) -> Iterator[str]:
    """The app on a free local port, serving a freshly published sample build."""
    root = tmp_path_factory.mktemp("browser")
    sample.write(root / "landing")
    settings = settings_for(root / "landing", root / "warehouse")
    assert run(settings).exit_code == 0
    with app_serving(settings) as url:
        yield url


@pytest.fixture
def page(browser, base_url) -> Iterator:
    with watched_page(browser, base_url, accept_downloads=True) as opened:
        yield opened


def _select(page, name: str):
    return page.locator(f'select[id=\'{{"name":"{name}","type":"filter"}}\']')


def _loaded(page) -> None:
    page.wait_for_selector("#overview-kpi-new-parcours-value", timeout=15_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_offline_without_errors(base_url, page, path):
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("#navbar-as-of", timeout=15_000)
    assert page.inner_text("#navbar-as-of") == "Données au 24/11/2026"
    assert page.inner_text("#navbar-demo-badge") == "Données de démonstration"
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.problems == []  # no failed request: nothing fetched from outside


@pytest.mark.parametrize("path", ["/?periode=2025", "/?grand=1&lang=en", "/qualite"])
def test_every_page_passes_the_accessibility_rules(base_url, page, path):
    """axe-core (shipped inside axe-playwright-python, run offline): no violation at all,
    contrast (WCAG AA), labels and heading order included."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("#navbar-as-of", timeout=15_000)
    violations = Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert found == []


def test_the_overview_shows_every_card(base_url, page):
    page.goto(base_url + "/?periode=2025")
    _loaded(page)
    for card in CARDS:
        assert page.locator(f"#overview-kpi-{card}").is_visible(), card
        assert page.inner_text(f"#overview-kpi-{card}-value").strip(), card
    assert page.title() == "Copilote"
    assert page.problems == []


def test_a_permalink_reproduces_the_view_and_back_works(base_url, page):
    page.goto(base_url + "/")
    _loaded(page)
    _select(page, "region").select_option("R84")
    page.wait_for_url("**territoire=R84**")
    page.wait_for_selector("#overview-title:has-text('Auvergne-Rhône-Alpes')")
    _select(page, "periode").select_option("2025")
    page.wait_for_url("**periode=2025**")
    page.wait_for_selector("#overview-subtitle:has-text('2025 ·')")
    _loaded(page)
    address, value = page.url, page.inner_text("#overview-kpi-new-parcours-value")
    title = page.inner_text("#overview-title")
    other = page.context.new_page()
    other.goto(address)
    _loaded(other)
    assert other.inner_text("#overview-kpi-new-parcours-value") == value
    assert other.inner_text("#overview-title") == title == "Vue d'ensemble — Auvergne-Rhône-Alpes"
    assert other.url == address
    assert _select(other, "periode").input_value() == "2025"
    other.close()
    page.go_back()
    page.wait_for_function("() => !location.search.includes('periode=2025')")
    period = '{"name":"periode","type":"filter"}'
    page.wait_for_function(f"() => document.getElementById('{period}').value === 'tous'")
    assert "territoire=R84" in page.url
    assert page.problems == []


def test_the_csv_download_equals_the_table_on_screen(base_url, page):
    page.goto(base_url + "/?periode=2025")
    _loaded(page)
    page.click("#overview-table-section summary")
    screen = [
        [cell.strip() for cell in row.split("\t")]
        for row in page.inner_text("#overview-table tbody").splitlines()
    ]
    with page.expect_download() as info:
        page.click("#overview-export")
    text = Path(info.value.path()).read_bytes().decode("utf-8")  # keep the CRLF line ends
    assert text.startswith("\ufeff")
    header, *rows = exports.read_table(text)
    assert (
        header[0] == "Indicateur" and len(rows) == len(screen) == len(CARDS) + 1
    )  # and CO₂e avoided
    for csv_row, screen_row in zip(rows, screen, strict=True):
        assert csv_row[0] == screen_row[0]
        shown = [v.replace("\u202f", "").replace("—", "") for v in screen_row[1:]]
        assert _same_numbers(csv_row[1:], shown), (csv_row, screen_row)
    assert "Période;2025" in text


def _same_numbers(csv_cells: list[str], shown: list[str]) -> bool:
    """Cell by cell: numbers equal at the screen's one decimal, text equal."""
    for csv_cell, screen_cell in zip(csv_cells, shown, strict=True):
        try:
            if round(float(csv_cell.replace(",", ".")), 1) != float(screen_cell.replace(",", ".")):
                return False
        except ValueError:
            if csv_cell != screen_cell:
                return False
    return True


def test_switching_to_english(base_url, page):
    page.goto(base_url + "/?periode=2025")
    _loaded(page)
    page.click("#navbar-language")
    page.wait_for_url("**lang=en**")
    page.wait_for_selector("text=New parcours")
    assert page.inner_text("#navbar-as-of") == "Data as of 2026-11-24"
    assert page.inner_text("#overview-title") == "Overview — France"
    assert page.problems == []


def test_the_filters_work_with_the_keyboard_alone(base_url, page):
    page.goto(base_url + "/")
    _loaded(page)
    page.focus("a.visually-hidden-focusable")  # the skip link comes first
    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
        if reached[-1] == '{"name":"region","type":"filter"}':
            break
    assert '{"name":"periode","type":"filter"}' in reached
    assert reached[-1] == '{"name":"region","type":"filter"}'
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus ring
    page.keyboard.press("ArrowDown")  # a native select changes with the arrow keys
    page.wait_for_url("**territoire=R**")
    assert page.problems == []
