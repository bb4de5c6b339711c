"""Browser tests of the funders page and the impact report: the real app on a small demo build,
in the system's headless Chromium (skipped with a reason without it, unless
COPILOTE_REQUIRE_BROWSER=1). The figures are read from the page as a reader sees them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import app_serving, watched_page

N = "\u202f"
UNATTRIBUTED = "Part non financée par un programme (fonds propres de l'association)"
ASSOCIATION = "Total de l'association"
ROWS = """rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"""


@pytest.fixture(scope="module")
def base_url(browser, demo_build) -> Iterator[str]:
    with app_serving(demo_build) as url:
        yield url


@pytest.fixture
def page(browser, base_url) -> Iterator:
    with watched_page(browser, base_url) as opened:
        yield opened


def _open(page, url: str, ready: str) -> None:
    page.goto(url)
    page.wait_for_selector(ready, timeout=15_000)
    page.wait_for_load_state("networkidle")


def _table(page, table_id: str) -> dict[str, list[str]]:
    """A table's body as the reader sees it: row header → its other cells."""
    rows = page.eval_on_selector_all(f"#{table_id} tbody tr", ROWS)
    return {row[0]: row[1:] for row in rows}


def _number(text: str) -> float:
    """'1 234,56 €' → 1234.56; a dash is nothing."""
    if text == "—":
        return 0.0
    return float(text.replace(N, "").replace("€", "").replace("%", "").strip().replace(",", "."))


def test_the_page_loads_offline_without_errors(base_url, page):
    _open(page, base_url + "/financeurs", "#funders-reconciliation-table")
    assert page.inner_text("#funders-title") == "Financeurs et programmes"
    assert page.inner_text("#nav-funders") == "Financeurs"
    assert "active" in (page.get_attribute("#nav-funders", "class") or "")
    assert page.locator("#nav-funder_report").count() == 0  # reached from the page, not the bar
    assert page.problems == []


def test_programmes_and_funders_add_up_to_the_association_within_a_cent(base_url, page):
    """On screen: the funder's programmes add up to its total, and every funder by share plus
    the unattributed part to the association's total — parcours, positive exits, payments."""
    _open(page, base_url + "/financeurs?financeur=ETAT-DGEFP&periode=2025", "#funders-impact-table")
    impact = _table(page, "funders-impact-table")
    total = impact.pop("Total — État — Ministère du Travail (DGEFP)")
    assert len(impact) == 2
    for column in (1, 5, 8):  # parcours by share, positive exits by share, payments
        assert sum(_number(r[column]) for r in impact.values()) == pytest.approx(
            _number(total[column]), abs=0.01
        )
    found = _table(page, "funders-reconciliation-table")
    association = [_number(v) for v in found.pop(ASSOCIATION)]
    difference = found.pop("Écart (total − financeurs − part non financée)")
    found.pop("Somme des financeurs")
    unattributed = [_number(v) for v in found.pop(UNATTRIBUTED)]
    assert len(found) > 20  # every funder, each on its line
    for column in (0, 2, 5):  # parcours by share, positive exits by share, payments
        funded = sum(_number(r[column]) for r in found.values())
        assert funded + unattributed[column] == pytest.approx(association[column], abs=0.01)
        assert _number(difference[column]) == 0
    mine = found["État — Ministère du Travail (DGEFP)"]
    assert _number(mine[0]) == pytest.approx(_number(total[1]), abs=0.01)
    assert association[0] > 500
    assert page.problems == []


def test_choosing_a_funder_in_the_filter_bar_shows_its_programmes(base_url, page):
    _open(page, base_url + "/financeurs", "#funders-reconciliation-table")
    page.locator('select[id=\'{"name":"financeur","type":"filter"}\']').select_option("FT")
    page.wait_for_url("**financeur=FT**")
    page.wait_for_selector("#funders-title:has-text('France Travail')", timeout=15_000)
    page.wait_for_selector("#funders-summary")
    assert "versés depuis le début de ses conventions" in page.inner_text("#funders-summary")
    assert page.problems == []


def test_the_impact_report_renders_and_prints_to_pdf(base_url, page):
    _open(page, base_url + "/financeurs?financeur=FT&periode=2025", "#funders-report-link")
    page.click("#funders-report-link")
    page.wait_for_url("**/financeurs/rapport?periode=2025&financeur=FT")
    page.wait_for_selector("#report-title", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#report-title") == "Rapport d'impact — France Travail"
    assert page.inner_text("#report-as-of") == "Données au 24/11/2026"
    facts = page.inner_text("#report-facts")
    assert "2025" in facts and "France" in facts and "24/11/2026" in facts
    assert page.locator("#report-summary p").count() >= 3
    line = _table(page, "funders-reconciliation-table")
    assert _number(line["Écart (total − financeurs − part non financée)"][0]) == 0
    page.emulate_media(media="print")
    hidden = "s => getComputedStyle(document.querySelector(s)).display"
    for selector in ("#shell-navbar", "#filters", ".report-tools"):
        if page.locator(selector).count():
            assert page.evaluate(hidden, selector) == "none", selector
    assert page.evaluate(hidden, "#report-summary") != "none"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert page.problems == []


@pytest.mark.parametrize(
    "path",
    [
        "/financeurs?periode=2025",
        "/financeurs?financeur=OBL-C2E&lang=en&periode=2021",
        "/financeurs/rapport?financeur=REG-84&territoire=R84",
    ],
)
def test_the_pages_pass_the_accessibility_rules(base_url, page, path):
    """axe-core (offline): no violation at all, contrast, labels and heading order included."""
    from axe_playwright_python.sync_playwright import Axe

    _open(page, base_url + path, "#navbar-as-of")
    page.wait_for_selector("table", timeout=15_000)
    violations = Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert found == []
