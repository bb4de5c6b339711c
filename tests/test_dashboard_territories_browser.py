"""Browser tests of /territoires: the real app on a small demo build, in the system's headless
Chromium, offline. The map draws every territory of its level (read back from MapLibre itself),
a click drills down and the breadcrumb comes back, the ranking's CSV equals the screen, and the
page passes the accessibility rules.

Skips with a reason without Chromium or Playwright, unless COPILOTE_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import exports, geo
from tests.browser import app_serving, watched_page
from tests.conftest import query, run, settings_for

# The codes MapLibre rendered, over the map's traces (values, greyed, empty): each rendered
# feature is matched to plotly's location by the centre plotly gives it. null until loaded.
DRAWN_CODES = """() => {
  const gd = document.querySelector('#territories-map .js-plotly-plot');
  const subplot = gd && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const map = subplot && subplot.map;
  if (!map || !map.loaded() || !map.areTilesLoaded() || !gd.calcdata) return null;
  const byCentre = new Map();
  gd.calcdata.forEach(t => t.forEach(p => p.ct && byCentre.set(JSON.stringify(p.ct), p.loc)));
  const fills = map.getStyle().layers.filter(l => l.type === 'fill').map(l => l.id);
  const drawn = map.queryRenderedFeatures({layers: fills});
  return [...new Set(drawn.map(f => byCentre.get(JSON.stringify(f.properties.ct))))].sort();
}"""
LOCATIONS = """() => {
  const gd = document.querySelector('#territories-map .js-plotly-plot');
  return gd && gd.data ? gd.data.flatMap(trace => trace.locations || []).sort() : null;
}"""


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    """A build of its own (the server's connections must not meet other modules' readers)."""
    from datetime import date

    from pipelines import demo

    root = tmp_path_factory.mktemp("territories-browser")
    demo.generate(root / "landing", 3_000, seed=7, as_of=date(2026, 11, 24))
    settings = settings_for(root / "landing", root / "warehouse")
    assert run(settings).exit_code == 0
    return settings


@pytest.fixture(scope="module")
def zones_of_84(demo_build) -> list[str]:
    """The oracle, read before the app opens the build: zones d'emploi touching région 84."""
    rows = query(
        demo_build,
        "select ze_code from marts.dim_zone_emploi where list_contains(reg_codes, '84')",
    )
    return sorted(code for (code,) in rows)


@pytest.fixture(scope="module")
def base_url(browser, demo_build, zones_of_84) -> Iterator[str]:
    with app_serving(demo_build) as url:
        yield url


@pytest.fixture
def page(browser, base_url) -> Iterator:
    options = {"accept_downloads": True, "viewport": {"width": 1280, "height": 900}}
    with watched_page(browser, base_url, **options) as opened:
        opened.geometry = []  # the geometry files fetched
        opened.on(
            "response", lambda r: opened.geometry.append(r.url) if ".geojson" in r.url else None
        )
        yield opened


def _drawn(page, count: int | None = None) -> list[str]:
    """Wait until the map has rendered (`count` features, when given): the codes drawn, read in
    the same instant (the map may redraw right after, between two reads)."""
    page.wait_for_selector("#territories-map .maplibregl-canvas", timeout=20_000)
    wanted = f"c.length === {count}" if count else "c.length > 0"
    handle = page.wait_for_function(
        f"() => {{ const c = ({DRAWN_CODES})(); return c && {wanted} ? c : null; }}",
        timeout=20_000,
    )
    return handle.json_value()


def _codes(level: str) -> list[str]:
    return sorted(geo.feature_bounds(level))


def test_the_map_draws_all_101_departements(base_url, page):
    page.goto(base_url + "/territoires?niveau=departement", wait_until="networkidle")
    drawn = _drawn(page, 101)
    assert drawn == _codes("departement")  # 96 metropolitan + 5 overseas, each once
    assert {"971", "972", "973", "974", "976"} <= set(drawn)
    west, east = page.evaluate(
        """() => { const gd = document.querySelector('#territories-map .js-plotly-plot');
        const b = gd._fullLayout.map._subplot.map.getBounds();
        return [b.getWest(), b.getEast()]; }"""
    )
    boxes = geo.inset_boxes().values()
    assert west <= min(box[0] for box in boxes) and east >= 9.6  # insets and Corsica in view
    assert len([u for u in page.geometry if "departement.geojson" in u]) == 1
    assert page.problems == []


def test_the_map_draws_every_zone_of_a_region(base_url, page, zones_of_84):
    page.goto(base_url + "/territoires?territoire=R84&niveau=zone", wait_until="networkidle")
    located = page.wait_for_function(
        f"() => {{ const c = ({LOCATIONS})(); return c && c.length ? c : null; }}"
    )
    assert located.json_value() == zones_of_84
    # rendered: the zones inside the frame (the map is framed on the région)
    drawn = _drawn(page, len(zones_of_84))
    assert drawn == zones_of_84
    assert page.problems == []


def test_a_click_on_a_region_shows_its_departements_and_the_breadcrumb_returns(base_url, page):
    page.goto(base_url + "/territoires", wait_until="networkidle")
    _drawn(page, 18)
    # a real click, on Lyon's pixel (MapLibre projects the point into the map's canvas)
    box = page.locator("#territories-map .maplibregl-canvas").bounding_box()
    point = page.evaluate(
        """() => { const gd = document.querySelector('#territories-map .js-plotly-plot');
        const p = gd._fullLayout.map._subplot.map.project([4.85, 45.76]); return [p.x, p.y]; }"""
    )
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_url("**territoire=R84**", timeout=15_000)
    departements = ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"]
    expected = json.dumps(json.dumps(departements, separators=(",", ":")))
    page.wait_for_function(f"() => JSON.stringify(({LOCATIONS})()) === {expected}", timeout=15_000)
    crumbs = page.locator("#territories-breadcrumb")
    assert crumbs.inner_text().split("\n")[0].strip() == "France"
    assert "Auvergne-Rhône-Alpes" in crumbs.inner_text()
    page.click("#territories-crumb-FR")
    page.wait_for_function("() => !location.search.includes('territoire')", timeout=15_000)
    page.wait_for_function(
        f"() => {{ const c = ({LOCATIONS})(); return c && c.length === 18; }}", timeout=15_000
    )
    page.go_back()  # the back button returns to the région
    page.wait_for_url("**territoire=R84**", timeout=15_000)
    assert page.problems == []


def test_the_ranking_csv_equals_the_screen(base_url, page):
    page.goto(base_url + "/territoires?niveau=departement&periode=2025", wait_until="networkidle")
    page.wait_for_selector("#territories-ranking tbody tr", timeout=15_000)
    screen = [
        [cell.strip() for cell in row.split("\t")]
        for row in page.inner_text("#territories-ranking tbody").splitlines()
    ]
    with page.expect_download() as info:
        page.click("#territories-export")
    text = Path(info.value.path()).read_bytes().decode("utf-8")
    header, *rows = exports.read_table(text)
    assert header[:4] == ["Rang", "Territoire", "Code", "Valeur (nombre)"]
    assert len(rows) == len(screen) > 10
    for csv_row, screen_row in zip(rows, screen, strict=True):
        assert csv_row[1:3] == screen_row[1:3]  # name and code
        shown = [cell.replace("\u202f", "").replace("—", "").replace(" %", "")
                 for cell in screen_row]  # fmt: skip
        assert csv_row[0] == shown[0]  # rank
        assert float(csv_row[3].replace(",", ".")) == float(shown[3].replace(",", "."))
    assert "Période;2025" in text and "Niveau;Départements" in text


def test_the_page_passes_the_accessibility_rules(base_url, page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + "/territoires?territoire=R84", wait_until="networkidle")
    page.wait_for_selector("#territories-ranking", timeout=15_000)
    violations = Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert found == []
