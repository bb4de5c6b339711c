"""The data-quality page's builders (pure: frames and values in, dbc/html trees out): an
accessible table helper, the served build, the run history, freshness per source, the checks
and the quarantine. Data completeness is in `dashboard.components.quality_completeness`.

Every table has a caption and column headers (`<th scope="col">`), and a stable id
(`quality-…-table`) that an export button can target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.i18n import MISSING, catalog, format_date, format_int, t
from dashboard.runlog import FAILED, RunEntry

ID = "quality"
PARIS = ZoneInfo("Europe/Paris")
LIGHT_COLOURS = frozenset({"warning", "info"})
STATUS_COLOURS = {"fail": "danger", "warn": "warning", "failed": "danger", "unfinished": "info"}


@dataclass(frozen=True)
class Column:
    """A table column: the row's `key`, its header `label`, how a value is shown (`show`: value →
    text or component), right-aligned when `numeric`, a row header (`<th scope="row">`)
    when `row_header`."""

    key: str
    label: str
    show: Callable[[Any], Any] = str
    numeric: bool = False
    row_header: bool = False


def data_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[Column],
    caption: str,
    table_id: str,
    empty: str,
) -> dbc.Table:
    """A captioned table with column headers; one full-width sentence when there is no row."""
    head = html.Thead(
        html.Tr([html.Th(c.label, scope="col", className=_align(c, "text-end")) for c in columns])
    )
    body = [html.Tr([_cell(c, row) for c in columns]) for row in rows]
    if not body:
        body = [html.Tr(html.Td(empty, colSpan=len(columns), className="text-body-secondary"))]
    return dbc.Table(
        [html.Caption(caption), head, html.Tbody(body)],
        id=table_id,
        size="sm",
        striped=True,
        bordered=True,
        responsive=True,
        class_name="caption-top align-middle small",
    )


def _align(column: Column, numeric: str = "text-end text-nowrap") -> str:
    """Numbers right-aligned (and kept on one line in the body)."""
    return numeric if column.numeric else ""


def _cell(column: Column, row: Mapping[str, Any]) -> html.Td | html.Th:
    content = column.show(row[column.key])
    if column.row_header:
        return html.Th(content, scope="row", className=_align(column))
    return html.Td(content, className=_align(column))


def frame_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return list(frame.iter_rows(named=True))


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


def format_delivery(folder: str | None, lang: str = "fr") -> str:
    """A delivery (its folder's name, YYYY-MM-DD) as a date; the name itself if not a date."""
    try:
        return format_date(date.fromisoformat(folder.strip()), lang)
    except (AttributeError, ValueError):
        return plain(folder)


def runs_table(
    entries: Sequence[RunEntry], served_run_id: str | None, lang: str = "fr"
) -> dbc.Table:
    def status(entry: RunEntry) -> Any:
        text = t(f"quality.runs.status.{entry.status}", lang)
        if entry.run_id == served_run_id:
            text = t("quality.runs.served", lang, status=text)
        return badge(text, STATUS_COLOURS.get(entry.status))

    def message(entry: RunEntry) -> str:
        if entry.message:
            return entry.message
        return t("quality.runs.no_end", lang) if entry.finished_at is None else MISSING

    rows = [
        {
            "started": format_moment(e.started_at, lang),
            "duration": format_duration(e.started_at, e.finished_at, lang),
            "status": status(e),
            "as_of": format_date(e.as_of, lang),
            "message": html.Span(message(e), className="text-danger-emphasis")
            if e.status == FAILED
            else message(e),
            "run_id": html.Code(e.run_id),
        }
        for e in entries
    ]
    columns = [
        Column("started", t("quality.runs.started", lang), row_header=True),
        Column("duration", t("quality.runs.duration", lang), numeric=True),
        Column("status", t("quality.runs.status", lang), show=lambda v: v),
        Column("as_of", t("quality.runs.as_of", lang)),
        Column("message", t("quality.runs.message", lang), show=lambda v: v),
        Column("run_id", t("quality.runs.run_id", lang), show=lambda v: v),
    ]
    caption = t("quality.runs.caption", lang, count=len(entries))
    return data_table(rows, columns, caption, f"{ID}-runs-table", t("quality.runs.empty", lang))


# --- sources and checks --------------------------------------------------------------------


def sources_table(frame: pl.DataFrame, lang: str = "fr") -> dbc.Table:
    number = lambda v: format_int(v, lang)  # noqa: E731
    columns = [
        Column("table_name", t("quality.sources.table", lang), row_header=True),
        Column("delivery_on", t("quality.sources.delivery", lang), lambda v: format_date(v, lang)),
        Column("age_days", t("quality.sources.age_days", lang), number, numeric=True),
        Column("file_name", t("quality.sources.file", lang), plain),
        Column("dialect", t("quality.sources.dialect", lang), plain),
        Column("rows_read", t("quality.sources.rows_read", lang), number, numeric=True),
        Column("rows_loaded", t("quality.sources.rows_loaded", lang), number, numeric=True),
        Column("rows_quarantined", t("quality.sources.rows_quarantined", lang), number, True),
        Column("repairs", t("quality.sources.repairs", lang), number, numeric=True),
        Column("warnings", t("quality.sources.warnings", lang), plain),
    ]
    return data_table(
        frame_rows(frame),
        columns,
        t("quality.sources.caption", lang),
        f"{ID}-sources-table",
        t("quality.sources.empty", lang),
    )


def checks_table(frame: pl.DataFrame, lang: str = "fr") -> dbc.Table:
    def status(code: str) -> Any:
        return badge(code_label("quality.checks.status", code, lang), STATUS_COLOURS.get(code))

    columns = [
        Column("check_name", t("quality.checks.check", lang), html.Code, row_header=True),
        Column("severity", t("quality.checks.severity", lang),
               lambda v: code_label("quality.checks.severity", v, lang)),
        Column("status", t("quality.checks.status", lang), status),
        Column("failing_rows", t("quality.checks.failing_rows", lang),
               lambda v: format_int(v, lang), numeric=True),
        Column("description", t("quality.checks.description", lang), plain),
    ]  # fmt: skip
    return data_table(
        frame_rows(frame),
        columns,
        t("quality.checks.caption", lang),
        f"{ID}-checks-table",
        t("quality.checks.empty", lang),
    )
