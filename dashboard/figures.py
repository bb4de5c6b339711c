"""Figures (pure: values in, plotly figures out). Colour-blind-safe: one dark blue line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

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
