"""Figures (pure: values in, plotly figures out). Colour-blind-safe: one dark blue line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboard.geo import inset_boxes, inset_frames, mercator_lat, mercator_y

LINE = "#1f4e79"  # dark blue: readable on white (contrast 9:1) and for every colour vision


def sparkline(months: Sequence[date], values: Sequence[float | None], kind: str) -> go.Figure:
    """A bare trend line over the months (no axes, no hover): the card's table holds values."""
    scale = 100 if kind == "rate" else 1
    shown = [None if v is None else v * scale for v in values]
    figure = go.Figure(
        go.Scatter(
            x=list(months),
            y=shown,
            mode="lines",
            line={"color": LINE, "width": 2},
            hoverinfo="skip",
            connectgaps=False,
        )
    )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 2, "b": 2},
        height=48,
        showlegend=False,
        xaxis={"visible": False, "fixedrange": True},
        yaxis={"visible": False, "fixedrange": True},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure


# Maps: a single-hue sequential blue (colour-blind safe), starting light but not white, so that
# the lowest values stay visible against the white background and the white borders.
MAP_COLORSCALE = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]
MAP_HEIGHT = 560
MAP_ASPECT = 0.95  # width ÷ height of the map's frame on a laptop screen
SEPARATORS = {"fr": ",\u202f", "en": ".,"}  # plotly's decimal then thousands separator


def _map_view(height: int) -> tuple[dict, float]:
    """Centre and zoom that fit the metropole, Corsica and the inset column in `height` pixels."""
    west = min(box[0] for box in inset_boxes().values()) - 0.3
    return map_window((west, 41.2, 9.9, 51.2), height)


def map_window(bounds: tuple[float, float, float, float], height: int = MAP_HEIGHT):
    """Centre and zoom that fit `bounds` (west, south, east, north, degrees) in a map `height`
    pixels high and about as wide (`MAP_ASPECT`: the map sits beside the portrait, in seven
    twelfths of the page; MapLibre: the world is 512 × 2^zoom pixels wide,
    in Web Mercator)."""
    west, south, east, north = bounds
    width_deg = max(east - west, 0.05)
    height_deg = max(mercator_y(north) - mercator_y(south), 0.05)
    fit = min((height - 20) / height_deg, (height * MAP_ASPECT - 20) / width_deg)  # px/degree
    zoom = min(math.log2(fit * 360 / 512), 10.0)
    centre = {
        "lon": (west + east) / 2,
        "lat": mercator_lat((mercator_y(north) + mercator_y(south)) / 2),
    }
    return {k: round(v, 3) for k, v in centre.items()}, round(zoom, 2)


def map_layout(lang: str, centre: dict, zoom: float, revision: str) -> dict:
    """The map's frame: no tiles (offline), the overseas insets' boxes, French separators."""
    return {
        "map": {
            "style": "white-bg",
            "center": centre,
            "zoom": zoom,
            "layers": [
                {
                    "sourcetype": "geojson",
                    "source": inset_frames(),
                    "type": "line",
                    "color": "#8c8c8c",
                    "line": {"width": 1},
                }
            ],
        },
        "separators": SEPARATORS.get(lang, SEPARATORS["fr"]),
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "height": MAP_HEIGHT,
        "uirevision": revision,  # keep the user's pan and zoom while values change
        "paper_bgcolor": "white",
        "showlegend": False,
    }


# --- the territories page's map: values, territories set apart, territories without a site ----

GREYED = "#8f8f8f"  # low completeness: a figure that may be missing reports, not a low one
EMPTY = "#ececec"  # no site, or no value in the period
SELECTED = "#d35400"  # the selected territory's outline (with its width: not colour alone)
HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"


@dataclass(frozen=True)
class MapRow:
    """One territory on the map: its code, the value on the colour scale (None when set apart),
    the hover's three lines, whether it is greyed (incomplete) or empty, and selected."""

    code: str
    value: float | None
    hover: tuple[str, str, str]
    group: str  # "shown", "greyed" or "empty"
    selected: bool = False


def map_traces(rows: Sequence[MapRow], geojson_url: str, legend: str) -> list[dict]:
    """Three choropleth traces over the same geometry (by URL): the values on a sequential
    blue scale, the greyed territories, the empty ones. Plain dicts: what a Patch sends."""
    traces = []
    for group in ("shown", "greyed", "empty"):
        chosen = [r for r in rows if r.group == group]
        trace = go.Choroplethmap(
            geojson=geojson_url,
            featureidkey="id",
            locations=[r.code for r in chosen],
            z=[r.value if group == "shown" else 1 for r in chosen],
            customdata=[list(r.hover) for r in chosen],
            hovertemplate=HOVER,
            marker={
                "line": {
                    "color": [SELECTED if r.selected else "white" for r in chosen],
                    "width": [3 if r.selected else 0.6 for r in chosen],
                }
            },
            name=group,
        )
        if group == "shown":
            trace.update(
                colorscale=MAP_COLORSCALE,
                colorbar={"title": {"text": legend, "side": "right"}, "thickness": 12, "len": 0.7},
                showscale=bool(chosen),
            )
        else:
            colour = GREYED if group == "greyed" else EMPTY
            trace.update(colorscale=[[0, colour], [1, colour]], showscale=False)
        traces.append(trace.to_plotly_json())
    return traces


def territory_map(
    rows: Sequence[MapRow],
    geojson_url: str,
    legend: str,
    bounds: tuple[float, float, float, float] | None,
    revision: str,
    lang: str = "fr",
) -> go.Figure:
    """The whole map figure (`bounds` None: France with the overseas insets)."""
    centre, zoom = map_window(bounds) if bounds else _map_view(MAP_HEIGHT)
    figure = go.Figure(map_traces(rows, geojson_url, legend))
    figure.update_layout(map_layout(lang, centre, zoom, revision))
    return figure
