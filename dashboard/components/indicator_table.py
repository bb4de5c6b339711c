"""The overview's figures as one table (pure): the text alternative of the cards and their
sparklines, and exactly what the CSV export holds (numbers there, formatted here)."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.components.disclosure import withheld_text
from dashboard.i18n import MISSING, format_decimal, t
from dashboard.kpis import ENERGY, RATE, KpiFigure

COLUMNS = ("indicator", "value", "unit", "previous", "change", "expected", "status", "provisional")


def _number(kind: str, value: float | None) -> float | None:
    """The value as the reader's number: a percentage for rates, MWh/yr for energy."""
    if value is None:
        return None
    if kind == RATE:
        return round(value * 100, 1)
    if kind == ENERGY:
        return round(value / 1000, 1)
    return round(value, 1)


def _change(figure: KpiFigure) -> float | None:
    change = figure.change
    if change is None:
        return None
    return round(change, 1) if figure.kind == RATE else round(change * 100, 1)


def indicator_frame(figures: Sequence[KpiFigure], lang: str) -> pl.DataFrame:
    """One row per KPI, numbers as numbers; column names in the reader's language."""
    rows = []
    for f in figures:
        if f.co2e_tonnes is not None:  # the card's second figure gets its own row
            rows.append(_co2e_row(f, lang))
        rows.append(
            {
                "indicator": t(f"kpi.{f.key}.label", lang),
                "value": _number(f.kind, f.value),
                "unit": t(f"table.unit.{f.kind}", lang),
                "previous": _number(f.kind, f.previous_value),
                "change": _change(f),
                "expected": _number(f.kind, f.target.expected) if f.target else None,
                "status": t(f"kpi.status.{f.target.status}", lang) if f.target else None,
                "provisional": t("table.yes", lang) if f.provisional else t("table.no", lang),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            c: pl.Float64 if c in ("value", "previous", "change", "expected") else pl.String
            for c in COLUMNS
        },
    )
    if any(f.withheld for f in figures):  # what the small-count rule shows in the value's place
        notes = [withheld_text(f.withheld, lang) if f.withheld else None for f in figures]
        notes = _with_co2e_rows(figures, notes)
        frame = frame.with_columns(pl.Series("withheld", notes, dtype=pl.String))
    columns = [*COLUMNS, "withheld"][: frame.width]
    return frame.rename({c: t(f"table.{c}", lang) for c in columns})


def _with_co2e_rows(figures: Sequence[KpiFigure], notes: list) -> list:
    """The notes aligned with the frame's rows (a CO2e row precedes its energy's)."""
    aligned = []
    for figure, note in zip(figures, notes, strict=True):
        if figure.co2e_tonnes is not None:
            aligned.append(None)
        aligned.append(note)
    return aligned


def series_frame(figures: Sequence[KpiFigure], lang: str) -> pl.DataFrame:
    """The data behind the sparklines: one row per month (per quarter or year for published
    figures), one column per KPI with a trend."""
    trended = [f for f in figures if f.series]
    if not trended:
        return pl.DataFrame({t("table.month", lang): []})
    months = [month for month, _ in trended[0].series]
    columns: dict[str, list] = {t(f"table.{trended[0].series_step}", lang): months}
    for f in trended:
        label = f"{t(f'kpi.{f.key}.label', lang)} ({t(f'table.unit.{f.kind}', lang)})"
        columns[label] = [_number(f.kind, value) for _, value in f.series]
    return pl.DataFrame(columns)


def _co2e_row(figure: KpiFigure, lang: str) -> dict:
    return {
        "indicator": t("kpi.co2e_label", lang),
        "value": round(figure.co2e_tonnes, 1),
        "unit": t("table.unit.co2e", lang),
        "previous": None,
        "change": None,
        "expected": None,
        "status": None,
        "provisional": t("table.yes", lang) if figure.provisional else t("table.no", lang),
    }


def indicator_table(frame: pl.DataFrame, caption: str, lang: str, identifier: str) -> dbc.Table:
    header = html.Thead(html.Tr([html.Th(name, scope="col") for name in frame.columns]))
    body = html.Tbody(
        [
            html.Tr([html.Th(row[0], scope="row")] + [html.Td(_shown(v, lang)) for v in row[1:]])
            for row in frame.iter_rows()
        ]
    )
    return dbc.Table(
        [html.Caption(caption), header, body],
        id=identifier,
        striped=True,
        size="sm",
        class_name="caption-top",
    )


def _shown(value: object, lang: str) -> str:
    if value is None:
        return MISSING
    if isinstance(value, float):
        return format_decimal(value, lang, digits=1)
    return str(value)
