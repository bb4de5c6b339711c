"""The data-quality page's builders (pure: frames and values in, dbc/html trees out): one
definition per table (`TableSpec`: its columns and rows), drawn on screen by `data_table` and
written to CSV by `TableSpec.frame` — so that the file equals the table on screen; the served
build, the run history, freshness per source and the checks. The quarantine is in
`dashboard.components.quality_quarantine`, data completeness in
`dashboard.components.quality_completeness`.

Every table has a caption and column headers (`<th scope="col">`), a stable id
(`quality-…-table`), and its CSV export links above it (`export_links`).
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
from dashboard.runlog import FAILED, RunEntry

ID = "quality"
EXPORT_PREFIX = "qualite-"  # the CSV export of table <name>: /export/qualite-<name>.csv
PARIS = ZoneInfo("Europe/Paris")
LIGHT_COLOURS = frozenset({"warning", "info"})
STATUS_COLOURS = {"fail": "danger", "warn": "warning", "failed": "danger", "unfinished": "info"}

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

    def frame(self) -> pl.DataFrame:
        """The table as the CSV holds it: the screen's headers, one row per row on screen."""
        return pl.DataFrame(
            [
                pl.Series(c.label, [row[c.key] for row in self.rows], dtype=c.dtype)
                for c in self.columns
            ]
        )


def data_table(spec: TableSpec) -> dbc.Table:
    """A captioned table with column headers, drawn from the table's CSV frame (so that the
    export equals the screen); one full-width sentence when there is no row."""
    columns = spec.columns
    head = html.Thead(
        html.Tr([html.Th(c.label, scope="col", className=_align(c, "text-end")) for c in columns])
    )
    body = [
        html.Tr([_cell(c, value, row) for c, value in zip(columns, values, strict=True)])
        for values, row in zip(spec.frame().iter_rows(), spec.rows, strict=True)
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
    content = column.show(value, row)
    if column.row_header:
        return html.Th(content, scope="row", className=_align(column))
    return html.Td(content, className=_align(column))


def frame_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return list(frame.iter_rows(named=True))


def export_links(name: str, search: str, table: str, lang: str = "fr") -> html.P:
    """The two CSV downloads of table `name` for the view (`search`: `?a=b&…` or empty): French
    spreadsheet dialect, and commas. Ids `quality-<name>-export` and `…-export-comma`; the
    table's name is read out with the link (several tables share the page)."""
    href = f"/export/{EXPORT_PREFIX}{name}.csv{search}"
    comma = href + ("&" if search else "?") + "separateur=virgule"

    def link(key: str, address: str, suffix: str, class_name: str = "") -> html.A:
        words = [
            t(key, lang),
            html.Span(t("quality.export.of_table", lang, table=table), className="visually-hidden"),
        ]
        return html.A(
            words, href=address, id=f"{ID}-{name}-export{suffix}", download="", className=class_name
        )

    return html.P(
        [
            link("quality.export.download_fr", href, "", "me-3"),
            link("quality.export.download_comma", comma, "-comma"),
        ],
        className="small mb-1",
    )


# --- formats ----------------------------------------------------------------------------------


def format_moment(moment: datetime | None, lang: str = "fr") -> str:
    """A time of day in Paris: 24/11/2026 03:02 (fr), 2026-11-24 03:02 (en)."""
    if moment is None:
        return MISSING
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(PARIS)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def format_duration(start: datetime | None, end: datetime | None, lang: str = "fr") -> str:
    """12 s, 3 min 05 s; a dash without both ends."""
    if start is None or end is None:
        return MISSING
    seconds = max(0, round((end - start).total_seconds()))
    if seconds < 60:
        return t("quality.duration.seconds", lang, seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    return t("quality.duration.minutes", lang, minutes=minutes, seconds=f"{seconds:02d}")


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


def delivery_day(folder: str | None) -> date | None:
    """A delivery's date (its folder's name, YYYY-MM-DD); None when not a date."""
    try:
        return date.fromisoformat(folder.strip())
    except (AttributeError, ValueError):
        return None


def format_delivery(folder: str | None, lang: str = "fr") -> str:
    """A delivery (its folder's name, YYYY-MM-DD) as a date; the name itself if not a date."""
    found = delivery_day(folder)
    return format_date(found, lang) if found else plain(folder)


# --- the served build and the run history -----------------------------------------------------


def served_summary(served: pl.DataFrame, lang: str = "fr") -> html.Dl:
    """Run id, as-of date, deliveries read and when the served build was made."""
    row = served.row(0, named=True)
    deliveries = [d for d in (row["deliveries"] or "").split(",") if d]
    days = ", ".join(format_delivery(d, lang) for d in deliveries)
    items = [
        ("quality.served.run_id", html.Code(row["run_id"], id=f"{ID}-served-run-id")),
        ("quality.served.as_of", format_date(row["as_of"], lang)),
        ("quality.served.deliveries", days or MISSING),
        ("quality.served.built_at", format_moment(row["finished_at"], lang)),
    ]
    children = []
    for key, value in items:
        children += [
            html.Dt(t(key, lang), className="col-sm-4"),
            html.Dd(value, className="col-sm-8"),
        ]
    return html.Dl(children, id=f"{ID}-served", className="row mb-3")


def runs_spec(
    entries: Sequence[RunEntry], served_run_id: str | None, lang: str = "fr"
) -> TableSpec:
    """The run history. Times and durations are the words shown (Paris time), not numbers."""

    def status(entry: RunEntry) -> str:
        words = t(f"quality.runs.status.{entry.status}", lang)
        return (
            t("quality.runs.served", lang, status=words) if entry.run_id == served_run_id else words
        )

    def message(entry: RunEntry) -> str | None:
        if entry.message:
            return entry.message
        return t("quality.runs.no_end", lang) if entry.finished_at is None else None

    def shown_message(value: str | None, row: Row) -> Any:
        return (
            html.Span(plain(value), className="text-danger-emphasis")
            if row["failed"]
            else plain(value)
        )

    rows = [
        {
            "started": format_moment(e.started_at, lang),
            "duration": format_duration(e.started_at, e.finished_at, lang),
            "status": status(e),
            "colour": STATUS_COLOURS.get(e.status),
            "as_of": e.as_of,
            "message": message(e),
            "failed": e.status == FAILED,
            "run_id": e.run_id,
        }
        for e in entries
    ]
    columns = [
        Column("started", t("quality.runs.started", lang), row_header=True),
        Column("duration", t("quality.runs.duration", lang), numeric=True),
        Column("status", t("quality.runs.status", lang),
               show=lambda value, row: badge(value, row["colour"])),
        Column("as_of", t("quality.runs.as_of", lang), pl.Date, day(lang)),
        Column("message", t("quality.runs.message", lang), show=shown_message),
        Column("run_id", t("quality.runs.run_id", lang), show=code),
    ]  # fmt: skip
    caption = t("quality.runs.caption", lang, count=len(entries))
    return TableSpec(columns, rows, caption, f"{ID}-runs-table", t("quality.runs.empty", lang))


def runs_table(
    entries: Sequence[RunEntry], served_run_id: str | None, lang: str = "fr"
) -> dbc.Table:
    return data_table(runs_spec(entries, served_run_id, lang))


# --- sources and checks --------------------------------------------------------------------


def sources_spec(frame: pl.DataFrame, lang: str = "fr") -> TableSpec:
    number = integer(lang)
    columns = [
        Column("table_name", t("quality.sources.table", lang), row_header=True),
        Column("delivery_on", t("quality.sources.delivery", lang), pl.Date, day(lang)),
        Column("age_days", t("quality.sources.age_days", lang), pl.Int64, number, numeric=True),
        Column("file_name", t("quality.sources.file", lang)),
        Column("dialect", t("quality.sources.dialect", lang)),
        Column("rows_read", t("quality.sources.rows_read", lang), pl.Int64, number, True),
        Column("rows_loaded", t("quality.sources.rows_loaded", lang), pl.Int64, number, True),
        Column("rows_quarantined", t("quality.sources.rows_quarantined", lang), pl.Int64, number,
               True),
        Column("repairs", t("quality.sources.repairs", lang), pl.Int64, number, numeric=True),
        Column("warnings", t("quality.sources.warnings", lang)),
    ]  # fmt: skip
    return TableSpec(
        columns,
        frame_rows(frame),
        t("quality.sources.caption", lang),
        f"{ID}-sources-table",
        t("quality.sources.empty", lang),
    )


def sources_table(frame: pl.DataFrame, lang: str = "fr") -> dbc.Table:
    return data_table(sources_spec(frame, lang))


def checks_spec(frame: pl.DataFrame, lang: str = "fr") -> TableSpec:
    rows = [
        {
            **row,
            "severity": code_label("quality.checks.severity", row["severity"], lang),
            "status": code_label("quality.checks.status", row["status"], lang),
            "colour": STATUS_COLOURS.get(row["status"]),
        }
        for row in frame_rows(frame)
    ]
    columns = [
        Column("check_name", t("quality.checks.check", lang), show=code, row_header=True),
        Column("severity", t("quality.checks.severity", lang)),
        Column("status", t("quality.checks.status", lang),
               show=lambda value, row: badge(value, row["colour"])),
        Column("failing_rows", t("quality.checks.failing_rows", lang), pl.Int64, integer(lang),
               numeric=True),
        Column("description", t("quality.checks.description", lang)),
    ]  # fmt: skip
    return TableSpec(
        columns,
        rows,
        t("quality.checks.caption", lang),
        f"{ID}-checks-table",
        t("quality.checks.empty", lang),
    )


def checks_table(frame: pl.DataFrame, lang: str = "fr") -> dbc.Table:
    return data_table(checks_spec(frame, lang))
