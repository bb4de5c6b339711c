"""The map geometry assets (dashboard/assets/geo) and the choropleth figure builder."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from itertools import pairwise

import pytest

from dashboard import figures, geo
from dashboard.__main__ import main
from pipelines.config import REFERENCE_DIR

DROM = ["971", "972", "973", "974", "976"]
DROM_OF_REGION = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}
URL = "/assets/geo/departement.geojson"


def _reference(file: str, code: str, name: str) -> dict[str, str]:
    with (REFERENCE_DIR / file).open(encoding="utf-8", newline="") as handle:
        return {row[code]: row[name] for row in csv.DictReader(handle)}


REFERENCE = {
    "region": ("regions.csv", "reg_code", "reg_nom"),
    "departement": ("departements.csv", "dep_code", "dep_nom"),
    "zone": ("zones_emploi_2020.csv", "ze2020", "libze2020"),
}


@cache
def _asset(level: str) -> dict:
    with (geo.ASSETS_DIR / f"{level}.geojson").open(encoding="utf-8") as handle:
        return json.load(handle)


def _polygons(geometry: dict) -> list:
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _bounds(feature: dict) -> tuple[float, float, float, float]:
    points = [p for polygon in _polygons(feature["geometry"]) for ring in polygon for p in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("level", geo.LEVELS)
def test_each_level_holds_exactly_the_reference_territories_with_their_names(level):
    features = _asset(level)["features"]
    expected = _reference(*REFERENCE[level])
    assert [f["id"] for f in features] == sorted(expected)  # sorted, no duplicate
    assert {f["id"]: f["properties"] for f in features} == {
        code: {"name": name} for code, name in expected.items()
    }
    assert all(set(f) == {"type", "id", "properties", "geometry"} for f in features)


def test_the_counts_are_those_of_france_with_its_overseas_departements():
    departements = [f["id"] for f in _asset("departement")["features"]]
    assert len(departements) == 101 and set(DROM) <= set(departements)
    assert {"2A", "2B"} <= set(departements) and "20" not in departements
    assert len(_asset("region")["features"]) == 18  # 13 metro + 5 DROM (01 … 06)
    assert len(_asset("zone")["features"]) == 306  # 287 metro + 19 DROM


@pytest.mark.parametrize("level", geo.LEVELS)
def test_coordinates_have_at_most_4_decimals_and_rings_keep_their_orientation(level):
    text = (geo.ASSETS_DIR / f"{level}.geojson").read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{5,}", text)
    assert not re.search(r"\d[eE][-+]?\d", text)  # no exponent either
    assert "-0.0," not in text and "-0.0]" not in text
    for feature in _asset(level)["features"]:
        for polygon in _polygons(feature["geometry"]):
            exterior, *holes = polygon
            assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in polygon)
            assert _area(exterior) < 0, feature["id"]  # clockwise, as the reference files
            assert all(_area(hole) > 0 for hole in holes), feature["id"]


def test_overseas_territories_sit_in_their_own_boxes_west_of_the_metropole():
    boxes = geo.inset_boxes()
    assert list(boxes) == DROM
    metro_west = min(
        _bounds(f)[0] for f in _asset("departement")["features"] if f["id"] not in DROM
    )
    assert metro_west > max(box[2] for box in boxes.values()) + 1  # a clear gap to Brittany
    for level in geo.LEVELS:
        for feature in _asset(level)["features"]:
            west, south, east, north = _bounds(feature)
            code = feature["id"]
            if level == "departement":
                home = code if code in DROM else None
            else:  # a région code, or a zone code starting with its région's
                home = DROM_OF_REGION.get(code[:2])
            if home is None:
                assert west >= metro_west - 0.05 and south > 41 and north < 51.2, feature["id"]
            else:
                bw, bs, be, bn = boxes[home]
                assert bw <= west and east <= be and bs <= south and north <= bn, feature["id"]


def test_inset_scales_are_reported_and_positive():
    scales = geo.inset_scales()
    assert list(scales) == DROM
    assert all(0 < scale < 10 for scale in scales.values())
    assert scales["973"] < 1 < scales["976"]  # Guyane shrinks, Mayotte grows


def test_regenerating_gives_byte_identical_files(tmp_path):
    written = geo.write(tmp_path)
    assert sorted(written) == sorted(geo.LEVELS)
    for level, path in written.items():
        assert path.read_bytes() == (geo.ASSETS_DIR / f"{level}.geojson").read_bytes(), level


def test_the_geo_command_writes_the_assets(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(geo, "ASSETS_DIR", tmp_path)
    assert main(["geo"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "departement.geojson",
        "region.geojson",
        "zone.geojson",
    ]
    assert "gzipped" in capsys.readouterr().out


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown level"):
        geo.collection("commune")
    with pytest.raises(ValueError, match="unknown level"):
        geo.feature_bounds("commune")


def _rows() -> list[figures.MapRow]:
    features = _asset("departement")["features"]
    return [
        figures.MapRow(f["id"], 1000.5 + i, (f["properties"]["name"], "1 000,5", ""), "shown")
        for i, f in enumerate(features)
    ]


def _figure(lang: str = "fr"):
    return figures.territory_map(_rows(), URL, "nombre", None, "departement", lang)


def test_the_departement_figure_is_small_and_references_the_geometry_by_url():
    figure = _figure()
    text = figure.to_json()
    assert len(text) < 30_000
    trace = figure.data[0]
    assert trace.type == "choroplethmap" and trace.geojson == URL
    assert trace.featureidkey == "id" and len(trace.locations) == 101
    assert "Polygon" not in text  # no shape inlined (the inset frames are 5 short lines)
    assert figure.layout.map.style == "white-bg"  # no tiles to fetch


def test_the_figure_hovers_name_and_value_in_the_language():
    french, english = _figure("fr"), _figure("en")
    assert list(french.data[0].customdata[0]) == ["Ain", "1 000,5", ""]
    assert "%{customdata[0]}" in french.data[0].hovertemplate
    assert "%{customdata[1]}" in french.data[0].hovertemplate
    assert french.layout.separators == ",\u202f" and english.layout.separators == ".,"


def test_the_view_frames_the_metropole_and_the_insets():
    view = _figure().layout.map
    west = min(box[0] for box in geo.inset_boxes().values())
    assert west < view.center.lon < 9.6 and 41 < view.center.lat < 51
    assert 4 < view.zoom < 5.5
