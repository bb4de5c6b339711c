"""Tables drawn on screen and written to CSV from one definition (pure: values in, dbc/html
trees out), for any page: a `TableSpec` (its columns and rows) is drawn by `data_table` and
written to CSV by `TableSpec.frame`, so that the file equals the table on screen; the CSV
download links above a table (`export_links`); and how a value is shown in a cell.

Every table has a caption, column headers (`<th scope="col">`) and a stable id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.i18n import MISSING, catalog, format_date, format_int, format_percent, t

PARIS = ZoneInfo("Europe/Paris")
LIGHT_COLOURS = frozenset({"warning", "info"})

Row = Mapping[str, Any]


# --- how a value is shown: (value as the CSV holds it, the row) → text or component ----------


def text(value: object, row: Row | None = None) -> str:
    """Text as is; a dash when missing."""
    return plain(value)


def integer(lang: str) -> Callable[[Any, Row], str]:
    return lambda value, row: format_int(value, lang)


def percent(lang: str) -> Callable[[Any, Row], str]:
    """A percentage (the CSV's number, 0–100) with its sign: 4,2 % (fr) / 4.2% (en)."""
    return lambda value, row: format_percent(None if value is None else value / 100, lang)


def day(lang: str) -> Callable[[Any, Row], str]:
    return lambda value, row: format_date(value, lang) if isinstance(value, date) else plain(value)


def code(value: object, row: Row | None = None) -> Any:
    return html.Code(value) if value else MISSING


def percentage(fraction: float | None) -> float | None:
    """A fraction as the CSV's percentage, at the screen's precision (0.04213 → 4.2)."""
    return None if fraction is None else round(fraction * 100, 1)


def plain(value: object) -> str:
    return MISSING if value is None or value == "" else str(value)


def code_label(prefix: str, code: object, lang: str) -> str:
    """The catalog's label for a code (`<prefix>.<code>`), or the code itself when unknown."""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in catalog(lang) else plain(code)


def badge(text: str, colour: str | None) -> Any:
    """A status in words; a coloured badge too when it needs attention (never colour alone)."""
    if not colour:
        return text
    dark = "dark" if colour in LIGHT_COLOURS else None  # contrast: dark text on light badges
    return dbc.Badge(text, color=colour, text_color=dark, class_name="fw-semibold")


def format_moment(moment: datetime | None, lang: str = "fr") -> str:
    """A time of day in Paris: 24/11/2026 03:02 (fr), 2026-11-24 03:02 (en)."""
    if moment is None:
        return MISSING
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(PARIS)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


# --- one table: its columns and rows, on screen and in CSV -----------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: the row's `key`, its header `label` (on screen and in the CSV), the CSV's
    type `dtype` (numbers as numbers, dates as dates, the rest as the text shown), how a value
    is shown (`show`: value, row → text or component), right-aligned when `numeric`, a row
    header (`<th scope="row">`) when `row_header`."""

    key: str
    label: str
    dtype: Any = pl.String
    show: Callable[[Any, Row], Any] = text
    numeric: bool = False
    row_header: bool = False


@dataclass(frozen=True)
class TableSpec:
    """A table as both the screen and its CSV export hold it. `rows`: one mapping per row, with
    the CSV's value under each column's key (and whatever else `show` needs to draw it)."""

    columns: Sequence[Column]
    rows: Sequence[Row]
    caption: str
    table_id: str
    empty: str  # the sentence shown instead of rows when there is none
    withheld_label: str = ""  # the CSV's column saying what the small-count rule withholds

    def frame(self) -> pl.DataFrame:
        """The table as the CSV holds it: the screen's headers, one row per row on screen; and,
        where the small-count rule withholds figures (a row's `withheld_text`: column key →
        "< 11" or "secret"), their cells empty and a last column saying which and why."""
        series = [
            pl.Series(c.label, [row[c.key] for row in self.rows], dtype=c.dtype)
            for c in self.columns
        ]
        if self.withheld_label and any(row.get("withheld_text") for row in self.rows):
            notes = [
                "; ".join(
                    f"{c.label} : {row['withheld_text'][c.key]}"
                    for c in self.columns
                    if c.key in (row.get("withheld_text") or {})
                )
                or None
                for row in self.rows
            ]
            series.append(pl.Series(self.withheld_label, notes, dtype=pl.String))
        return pl.DataFrame(series)


def data_table(spec: TableSpec) -> dbc.Table:
    """A captioned table with column headers, drawn from the table's CSV frame (so that the
    export equals the screen); one full-width sentence when there is no row."""
    columns = spec.columns
    head = html.Thead(
        html.Tr([html.Th(c.label, scope="col", className=_align(c, "text-end")) for c in columns])
    )
    shown = spec.frame().select(c.label for c in columns)  # (what is withheld: in the cells)
    body = [
        html.Tr([_cell(c, value, row) for c, value in zip(columns, values, strict=True)])
        for values, row in zip(shown.iter_rows(), spec.rows, strict=True)
    ]
    if not body:
        body = [html.Tr(html.Td(spec.empty, colSpan=len(columns), className="text-body-secondary"))]
    return dbc.Table(
        [html.Caption(spec.caption), head, html.Tbody(body)],
        id=spec.table_id,
        size="sm",
        striped=True,
        bordered=True,
        responsive=True,
        class_name="caption-top align-middle small",
    )


def _align(column: Column, numeric: str = "text-end text-nowrap") -> str:
    """Numbers right-aligned (and kept on one line in the body)."""
    return numeric if column.numeric else ""


def _cell(column: Column, value: Any, row: Row) -> html.Td | html.Th:
    withheld = (row.get("withheld_text") or {}).get(column.key)
    content = withheld if withheld else column.show(value, row)
    if column.row_header:
        return html.Th(content, scope="row", className=_align(column))
    return html.Td(content, className=_align(column))


def frame_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return list(frame.iter_rows(named=True))


# --- its CSV downloads ------------------------------------------------------------------------


def export_links(export: str, search: str, table: str, link_id: str, lang: str = "fr") -> html.P:
    """The two downloads of `/export/<export>.csv` for the view (`search`: `?a=b&…` or empty):
    French spreadsheet dialect, and commas. Ids `<link_id>` and `<link_id>-comma`; the table's
    name (`table`) is read out with the link (for a page with several tables). The words are
    the catalogs' shared `export.*`."""
    href = f"/export/{export}.csv{search}"
    comma = href + ("&" if search else "?") + "separateur=virgule"

    def link(key: str, address: str, suffix: str, class_name: str = "") -> html.A:
        words = [
            t(key, lang),
            html.Span(t("export.of_table", lang, table=table), className="visually-hidden"),
        ]
        return html.A(
            words, href=address, id=f"{link_id}{suffix}", download="", className=class_name
        )

    return html.P(
        [
            link("export.download_fr", href, "", "me-3"),
            link("export.download_comma", comma, "-comma"),
        ],
        className="small mb-1",
    )
