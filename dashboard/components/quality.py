"""The data-quality page's builders (pure: frames and values in, dbc/html trees out): one
`TableSpec` per table (`dashboard.components.tables`: drawn on screen by `data_table`, written
to CSV by `TableSpec.frame`, so that the file equals the table on screen) — the served build,
the run history, freshness per source and the checks. The quarantine is in
`dashboard.components.quality_quarantine`, data completeness in
`dashboard.components.quality_completeness`.

Every table has a stable id (`quality-…-table`) and its CSV export links above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import polars as pl
from dash import html

from dashboard.components.tables import (
    Column,
    Row,
    TableSpec,
    badge,
    code,
    code_label,
    day,
    format_moment,
    frame_rows,
    integer,
    plain,
)
from dashboard.i18n import MISSING, format_date, t
from dashboard.runlog import FAILED, RunEntry

ID = "quality"
EXPORT_PREFIX = "qualite-"  # the CSV export of table <name>: /export/qualite-<name>.csv
STATUS_COLOURS = {"fail": "danger", "warn": "warning", "failed": "danger", "unfinished": "info"}


# --- formats ----------------------------------------------------------------------------------


def spec(
    area: str, table: str, columns: list, rows: Sequence, lang: str, caption: str | None = None
) -> TableSpec:
    """A table of the quality page: caption and empty sentence from `quality.<area>.*` (unless
    a caption is given), id `quality-<table>-table`."""
    caption = caption or t(f"quality.{area}.caption", lang)
    return TableSpec(
        columns, rows, caption, f"{ID}-{table}-table", t(f"quality.{area}.empty", lang)
    )


def format_duration(start: datetime | None, end: datetime | None, lang: str = "fr") -> str:
    """12 s, 3 min 05 s; a dash without both ends."""
    if start is None or end is None:
        return MISSING
    seconds = max(0, round((end - start).total_seconds()))
    if seconds < 60:
        return t("quality.duration.seconds", lang, seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    return t("quality.duration.minutes", lang, minutes=minutes, seconds=f"{seconds:02d}")


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
    return spec("runs", "runs", columns, rows, lang, caption)


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
    return spec("sources", "sources", columns, frame_rows(frame), lang)


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
    return spec("checks", "checks", columns, rows, lang)
