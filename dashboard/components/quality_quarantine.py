"""The data-quality page's quarantine builders (pure): quarantined shares per source table,
rejects per table and rule, and the quarantined rows themselves — personal data, which the page
shows to the data steward only (`dashboard.queries.quality_rejects` refuses anyone else).
Each table is one `TableSpec`, drawn on screen and written to CSV alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.components import tables
from dashboard.components.quality import ID, delivery_day, spec
from dashboard.components.tables import Column, Row, TableSpec, frame_rows
from dashboard.i18n import format_int, t


def rule_label(rule: str, lang: str = "fr") -> str:
    """A rule in words (the code itself for a rule the catalogs do not know yet)."""
    return tables.code_label("quality.rule", rule, lang)


def quarantine_shares_spec(frame: pl.DataFrame, lang: str = "fr") -> TableSpec:
    """Shares and thresholds as percentages (numbers in the CSV, at the screen's precision)."""
    number, share = tables.integer(lang), tables.percent(lang)

    def passed(value: str | None, row: Row) -> Any:
        return tables.badge(value, "danger") if row["passed_flag"] is False else tables.plain(value)

    rows = [
        {
            **row,
            "share": tables.percentage(row["share"]),
            "threshold": tables.percentage(row["threshold"]),
            "passed": None if row["passed"] is None
            else t("quality.yes" if row["passed"] else "quality.no", lang),
            "passed_flag": row["passed"],
        }
        for row in frame_rows(frame)
    ]  # fmt: skip
    columns = [
        Column("table_name", t("quality.shares.table", lang), row_header=True),
        Column("rows_read", t("quality.shares.rows_read", lang), pl.Int64, number, True),
        Column("rows_quarantined", t("quality.shares.rows_quarantined", lang), pl.Int64, number,
               True),
        Column("rows_charged", t("quality.shares.rows_charged", lang), pl.Int64, number, True),
        Column("share", t("quality.shares.share", lang), pl.Float64, share, numeric=True),
        Column("threshold", t("quality.shares.threshold", lang), pl.Float64, share, True),
        Column("passed", t("quality.shares.passed", lang), show=passed),
    ]  # fmt: skip
    return spec("shares", "quarantine-shares", columns, rows, lang)


def quarantine_rules_spec(frame: pl.DataFrame, lang: str = "fr") -> TableSpec:
    columns = [
        Column("table_name", t("quality.rules.table", lang), row_header=True),
        Column("rule", t("quality.rules.rule", lang)),
        Column("code", t("quality.rules.code", lang), show=tables.code),
        Column("rejects", t("quality.rules.rejects", lang), pl.Int64, tables.integer(lang), True),
    ]
    rows = [{**row, "rule": rule_label(row["rule"], lang), "code": row["rule"]}
            for row in frame_rows(frame)]  # fmt: skip
    return spec("rules", "quarantine", columns, rows, lang)


def rejects_totals(rules: pl.DataFrame) -> dict[str, int]:
    """Rejects per source table, from the per-rule counts."""
    totals = rules.group_by("table_name").agg(pl.col("rejects").sum()).sort("table_name")
    return dict(totals.iter_rows())


def rejects_picker(
    rules: pl.DataFrame, chosen: str | None, href_for: Callable[[str | None], str], lang: str
) -> html.Nav:
    """One link per table with quarantined rows (the choice lives in the URL), and one to
    hide the details again."""
    links = [
        dbc.NavItem(
            dbc.NavLink(
                t("quality.rejects.option", lang, table=name, count=format_int(count, lang)),
                href=href_for(name),
                active=name == chosen,
                id=f"{ID}-rejects-link-{name}",
            )
        )
        for name, count in rejects_totals(rules).items()
    ]
    if chosen:
        hide = dbc.NavLink(
            t("quality.rejects.hide", lang), href=href_for(None), id=f"{ID}-rejects-hide"
        )
        links.append(dbc.NavItem(hide))
    label = t("quality.rejects.table", lang)
    return html.Nav(
        [html.P(label, className="mb-1"), dbc.Nav(links, pills=True, class_name="small mb-2")],
        **{"aria-label": label},
    )


def rejects_spec(frame: pl.DataFrame, table_name: str, total: int, lang: str = "fr") -> TableSpec:
    """The first quarantined rows of one table: line, key, column, rule, value, file, delivery
    (a date when every delivery's folder is named by one, else the folder's name)."""
    rows = frame_rows(frame)
    days = [delivery_day(row["delivery"]) for row in rows]
    all_days = all(found or not row["delivery"] for found, row in zip(days, rows, strict=True))
    rows = [
        {**row, "rule": rule_label(row["rule"], lang),
         "delivery": found if all_days else row["delivery"]}
        for found, row in zip(days, rows, strict=True)
    ]  # fmt: skip
    columns = [
        Column("line_number", t("quality.rejects.line", lang), pl.Int64, numeric=True,
               row_header=True),
        Column("record_key", t("quality.rejects.key", lang)),
        Column("column_name", t("quality.rejects.column", lang)),
        Column("rule", t("quality.rejects.rule", lang)),
        Column("value", t("quality.rejects.value", lang)),
        Column("file_name", t("quality.rejects.file", lang)),
        Column("delivery", t("quality.rejects.delivery", lang), pl.Date if all_days else pl.String,
               tables.day(lang)),
    ]  # fmt: skip
    shown, count = format_int(frame.height, lang), format_int(total, lang)
    key = "quality.rejects.caption_all" if frame.height >= total else "quality.rejects.caption"
    caption = t(key, lang, table=table_name, shown=shown, total=count)
    return spec("rejects", "rejects", columns, rows, lang, caption)
