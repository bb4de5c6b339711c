"""Browser-side map geometry: one GeoJSON per level, built ahead of time from warehouse/reference.

`python -m dashboard geo` writes `dashboard/assets/geo/<level>.geojson` for the levels `region`,
`departement` and `zone` (committed files; the app only serves them, so geometry reaches the
browser once per level, by URL; ARCHITECTURE.md contract 5). Each file is a FeatureCollection
sorted by code, where a feature holds `id` = the INSEE code (`11`, `2A`, `971`, `0101`) and
`properties.name` only (the COG 2026 name of the reference CSVs); coordinates are rounded to
4 decimals (about 10 m) and exterior rings stay clockwise, holes counter-clockwise, as in the
reference files (the order plotly's `geo` choropleths need; `map` choropleths accept it too).

Overseas insets: so that one map shows all of France, each DROM is moved next to the metropole,
in a column of five equal square boxes down the Atlantic west of Brittany and the Bay of Biscay
(top to bottom: Guadeloupe, Martinique, Guyane, La Réunion, Mayotte; box centres at longitude
-7.6; the column spans latitudes 51.0 to 41.9). The move is done in Web Mercator (the projection of
`go.Choroplethmap`): project, scale about the territory's centre, translate to the box centre,
project back. Shapes therefore keep their true proportions on screen, but each territory is scaled
to fill its box (not to scale with the metropole, nor with each other: Guyane ×0.57,
Guadeloupe ×2.6, La Réunion ×3.3, Martinique ×4.1, Mayotte ×5.5; see `inset_scales`).
A zone d'emploi of a DROM moves with its département; a DROM région is its département's shape
under the région code (`01`…`06`). The boxes (`inset_frames`) are drawn by the figure as thin
lines.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from pathlib import Path

from pipelines.config import REFERENCE_DIR

LEVELS = ("region", "departement", "zone")
ASSETS_DIR = Path(__file__).resolve().parent / "assets" / "geo"
DIGITS = 4

# Insets, in Web Mercator "degrees" (x = longitude; y = Mercator ordinate in degrees).
INSET_ORDER = ("971", "972", "973", "974", "976")
INSET_X = -7.6  # column centre (Brittany's tip is at -4.8, Ouessant at -5.1)
INSET_SIZE = 2.3  # side of each square box
INSET_GAP = 0.45
INSET_TOP_LAT = 51.0
INSET_FILL = 0.9  # a territory fills 90 % of its box's side

_SOURCES = {
    "departement": ("departements_metropole", "departements_drom"),
    "zone": ("zones_emploi_2020_metropole", "zones_emploi_2020_drom"),
    "region": ("regions_metropole", "departements_drom"),
}


def mercator_y(lat: float) -> float:
    """Web Mercator ordinate of a latitude, in degrees (as longitude is)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def mercator_lat(y: float) -> float:
    """The latitude of a Web Mercator ordinate (inverse of `mercator_y`)."""
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def inset_boxes() -> dict[str, tuple[float, float, float, float]]:
    """DROM département code → its box (west, south, east, north) in longitude/latitude."""
    boxes = {}
    top = mercator_y(INSET_TOP_LAT)
    half = INSET_SIZE / 2
    for rank, code in enumerate(INSET_ORDER):
        north = top - rank * (INSET_SIZE + INSET_GAP)
        boxes[code] = (
            INSET_X - half,
            mercator_lat(north - INSET_SIZE),
            INSET_X + half,
            mercator_lat(north),
        )
    return boxes


def inset_frames() -> dict:
    """The inset boxes as a FeatureCollection of closed lines (a few hundred bytes)."""
    features = []
    for code, (west, south, east, north) in inset_boxes().items():
        ring = [[west, north], [east, north], [east, south], [west, south], [west, north]]
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {},
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(x, DIGITS), round(y, DIGITS)] for x, y in ring],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _positions(coordinates) -> list[list[float]]:
    """Every position of a Polygon's or MultiPolygon's coordinates, flattened."""
    if isinstance(coordinates[0], int | float):
        return [coordinates]
    return [p for part in coordinates for p in _positions(part)]


def _transforms(drom: list[dict]) -> dict[str, tuple[float, float, float, float, float]]:
    """DROM code → (source x centre, source y centre, scale, target x, target y) in Mercator."""
    boxes = inset_boxes()
    transforms = {}
    for feature in drom:
        code = feature["properties"]["code"]
        positions = _positions(feature["geometry"]["coordinates"])
        xs = [x for x, _ in positions]
        ys = [mercator_y(y) for _, y in positions]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        west, south, east, north = boxes[code]
        transforms[code] = (
            (min(xs) + max(xs)) / 2,
            (min(ys) + max(ys)) / 2,
            INSET_FILL * INSET_SIZE / max(width, height),
            (west + east) / 2,
            (mercator_y(south) + mercator_y(north)) / 2,
        )
    return transforms


def inset_scales(reference_dir: Path = REFERENCE_DIR) -> dict[str, float]:
    """DROM code → the scale of its inset (on screen, against its true size)."""
    drom = _read(reference_dir / "departements_drom.geojson")["features"]
    return {code: round(t[2], 2) for code, t in _transforms(drom).items()}


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in lon/lat: positive when counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _ring(ring: list[list[float]], move) -> list[list[float]] | None:
    """The ring moved, rounded, without repeated points; None when too small to keep its shape."""
    out: list[list[float]] = []
    for x, y in ring:
        x, y = move(x, y)
        point = [round(x, DIGITS) + 0.0, round(y, DIGITS) + 0.0]  # + 0.0: no "-0.0"
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4:
        return None
    before, after = _signed_area(ring), _signed_area(out)
    return out if after != 0 and (before > 0) == (after > 0) else None


def _polygons(geometry: dict, move) -> list:
    parts = geometry["coordinates"]
    polygons = [parts] if geometry["type"] == "Polygon" else parts
    kept = []
    for rings in polygons:
        exterior = _ring(rings[0], move)
        if exterior is None:
            continue  # an islet that rounding flattens
        holes = [hole for hole in (_ring(r, move) for r in rings[1:]) if hole is not None]
        kept.append([exterior, *holes])
    return kept


def _geometry(polygons: list) -> dict:
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _names(reference_dir: Path, level: str) -> dict[str, str]:
    file, code, name = {
        "region": ("regions.csv", "reg_code", "reg_nom"),
        "departement": ("departements.csv", "dep_code", "dep_nom"),
        "zone": ("zones_emploi_2020.csv", "ze2020", "libze2020"),
    }[level]
    with (reference_dir / file).open(encoding="utf-8", newline="") as handle:
        return {row[code]: row[name] for row in csv.DictReader(handle)}


def _zone_departements(reference_dir: Path) -> dict[str, str]:
    with (reference_dir / "zones_emploi_2020.csv").open(encoding="utf-8", newline="") as handle:
        return {row["ze2020"]: row["dep_codes"] for row in csv.DictReader(handle)}


def collection(level: str, reference_dir: Path = REFERENCE_DIR) -> dict:
    """The FeatureCollection of one level, overseas as insets, sorted by code."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    metro_file, drom_file = _SOURCES[level]
    drom_departements = _read(reference_dir / "departements_drom.geojson")["features"]
    transforms = _transforms(drom_departements)
    names = _names(reference_dir, level)
    zone_departement = _zone_departements(reference_dir) if level == "zone" else {}

    def code_of(properties: dict) -> str:
        if level == "zone":
            return properties["ze2020"]
        return properties["reg_code" if level == "region" and "reg_code" in properties else "code"]

    def inset(departement: str):
        cx, cy, scale, tx, ty = transforms[departement]

        def move(x: float, y: float) -> tuple[float, float]:
            return tx + (x - cx) * scale, mercator_lat(ty + (mercator_y(y) - cy) * scale)

        return move

    features = []
    for file, overseas in ((metro_file, False), (drom_file, True)):
        for feature in _read(reference_dir / f"{file}.geojson")["features"]:
            properties = feature["properties"]
            code = code_of(properties)
            if code not in names:
                raise ValueError(f"{file}: code {code!r} is not in the reference table")
            if overseas:
                departement = zone_departement[code] if level == "zone" else properties["code"]
                move = inset(departement)
            else:
                move = _identity
            polygons = _polygons(feature["geometry"], move)
            if not polygons:
                raise ValueError(f"{file}: {code} has no polygon left after rounding")
            features.append(
                {
                    "type": "Feature",
                    "id": code,
                    "properties": {"name": names[code]},
                    "geometry": _geometry(polygons),
                }
            )
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


def _identity(x: float, y: float) -> tuple[float, float]:
    return x, y


def write(out_dir: Path | None = None, reference_dir: Path = REFERENCE_DIR) -> dict[str, Path]:
    """Write `<level>.geojson` for every level (compact, UTF-8, byte-for-byte reproducible) into
    `out_dir` (default: the app's assets)."""
    out_dir = ASSETS_DIR if out_dir is None else out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for level in LEVELS:
        path = out_dir / f"{level}.geojson"
        text = json.dumps(
            collection(level, reference_dir), ensure_ascii=False, separators=(",", ":")
        )
        path.write_text(text + "\n", encoding="utf-8")
        written[level] = path
    return written


@cache
def feature_bounds(level: str) -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) of each feature of the level's served asset, by code (read
    once, on first use: the map frames a drilled-down territory)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    bounds = {}
    for feature in _read(ASSETS_DIR / f"{level}.geojson")["features"]:
        xs, ys = zip(*_positions(feature["geometry"]["coordinates"]), strict=True)
        bounds[feature["id"]] = (min(xs), min(ys), max(xs), max(ys))
    return bounds


def bounds_of(level: str, codes: Iterable[str]) -> tuple[float, float, float, float] | None:
    """The box around the features of `codes` (None when none is known)."""
    known = feature_bounds(level)
    boxes = [known[c] for c in codes if c in known]
    if not boxes:
        return None
    west, south, east, north = zip(*boxes, strict=True)
    return min(west), min(south), max(east), max(north)
