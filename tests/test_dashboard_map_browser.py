"""Browser test of the map foundation: a tiny Dash app (not the product app) serving the geometry
assets and one département choropleth, in the system's headless Chromium, offline.

Skips with a reason when Chromium (/usr/bin/chromium) or Playwright is missing, unless
COPILOTE_REQUIRE_BROWSER=1 (CI), which turns the skip into a failure. Nothing downloads a browser.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import dash
import polars as pl
import pytest
from dash import dcc, html

from dashboard import figures, geo
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serving, sync_playwright

SCREENSHOT = Path("/tmp/map-departements.png")
# Choroplethmap draws with MapLibre into a WebGL canvas (no SVG path per shape). The codes drawn
# are read back from MapLibre itself: the features rendered by the trace's fill layer, matched to
# plotly's locations by the centre plotly gives each feature. null until the map has loaded.
DRAWN_CODES = """() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const subplot = gd && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const map = subplot && subplot.map;
  if (!map || !map.loaded() || !map.areTilesLoaded() || !gd.calcdata) return null;
  const fills = map.getStyle().layers.filter(l => l.type === 'fill').map(l => l.id);
  const byCentre = new Map(gd.calcdata[0].map(p => [JSON.stringify(p.ct), p.loc]));
  const drawn = map.queryRenderedFeatures({layers: fills});
  return [...new Set(drawn.map(f => byCentre.get(JSON.stringify(f.properties.ct))))].sort();
}"""


def _features() -> list[dict]:
    with (geo.ASSETS_DIR / "departement.geojson").open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _map_app() -> dash.Dash:
    """One dcc.Graph: the département choropleth with random values, geometry by asset URL."""
    features = _features()
    draw = random.Random(5)
    frame = pl.DataFrame(
        {
            "code": [f["id"] for f in features],
            "name": [f["properties"]["name"] for f in features],
            "value": [draw.uniform(0, 100) for _ in features],
        }
    )
    app = dash.Dash(__name__, assets_folder=str(geo.ASSETS_DIR.parent))
    url = app.get_asset_url("geo/departement.geojson")
    figure = figures.choropleth("departement", frame, "value", url, "fr")
    app.layout = html.Main([dcc.Graph(id="map", figure=figure, style={"height": "560px"})])
    return app


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(_map_app().server) as url:
        yield url


def test_the_map_draws_every_departement_offline(base_url):
    playwright_entry = sync_playwright()
    with playwright_entry() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        problems: list[str] = []
        page.on(
            "console",
            lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        geometry = []
        page.on("response", lambda r: geometry.append(r.url) if ".geojson" in r.url else None)
        page.goto(base_url + "/", wait_until="networkidle")
        page.wait_for_selector("#map .js-plotly-plot .maplibregl-canvas", timeout=20_000)
        page.wait_for_function(f"() => {{ const c = ({DRAWN_CODES})(); return c && c.length; }}")
        page.wait_for_load_state("networkidle")
        drawn = page.evaluate(DRAWN_CODES)
        page.screenshot(path=str(SCREENSHOT))
        located = page.evaluate(
            "document.querySelector('#map .js-plotly-plot')._fullData[0].locations.length"
        )
        browser.close()
    assert located == 101
    assert len(drawn) == 101
    assert drawn == sorted(f["id"] for f in _features())  # 96 + 5 overseas, each drawn once
    assert len(geometry) == 1  # the geometry is fetched once, from the app's own assets
    assert problems == []  # no failed request, no console error: nothing fetched from outside
