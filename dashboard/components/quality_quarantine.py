"""The data-quality page's quarantine builders (pure): quarantined shares per source table,
rejects per table and rule, and the quarantined rows themselves — personal data, which the page
shows to the data steward only (`dashboard.queries.quality_rejects` refuses anyone else).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.components.quality import (
    ID,
    Column,
    badge,
    code_label,
    data_table,
    format_delivery,
    frame_rows,
    plain,
)
from dashboard.i18n import MISSING, format_int, format_percent, t


def rule_label(rule: str, lang: str = "fr") -> str:
    """A rule in words (the code itself for a rule the catalogs do not know yet)."""
    return code_label("quality.rule", rule, lang)


def quarantine_shares_table(frame: pl.DataFrame, lang: str = "fr") -> dbc.Table:
    number = lambda v: format_int(v, lang)  # noqa: E731
    percent = lambda v: format_percent(v, lang)  # noqa: E731

    def passed(value: bool | None) -> Any:
        if value is None:
            return MISSING
        text = t("quality.yes" if value else "quality.no", lang)
        return text if value else badge(text, "danger")

    columns = [
        Column("table_name", t("quality.shares.table", lang), row_header=True),
        Column("rows_read", t("quality.shares.rows_read", lang), number, numeric=True),
        Column("rows_quarantined", t("quality.shares.rows_quarantined", lang), number, True),
        Column("rows_charged", t("quality.shares.rows_charged", lang), number, numeric=True),
        Column("share", t("quality.shares.share", lang), percent, numeric=True),
        Column("threshold", t("quality.shares.threshold", lang), percent, numeric=True),
        Column("passed", t("quality.shares.passed", lang), passed),
    ]
    return data_table(
        frame_rows(frame),
        columns,
        t("quality.shares.caption", lang),
        f"{ID}-quarantine-shares-table",
        t("quality.shares.empty", lang),
    )


def quarantine_rules_table(frame: pl.DataFrame, lang: str = "fr") -> dbc.Table:
    columns = [
        Column("table_name", t("quality.rules.table", lang), row_header=True),
        Column("rule", t("quality.rules.rule", lang), lambda v: rule_label(v, lang)),
        Column("code", t("quality.rules.code", lang), html.Code),
        Column("rejects", t("quality.rules.rejects", lang), lambda v: format_int(v, lang), True),
    ]
    rows = [{**row, "code": row["rule"]} for row in frame_rows(frame)]
    return data_table(
        rows,
        columns,
        t("quality.rules.caption", lang),
        f"{ID}-quarantine-table",
        t("quality.rules.empty", lang),
    )


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


def rejects_table(frame: pl.DataFrame, table_name: str, total: int, lang: str = "fr") -> dbc.Table:
    """The first quarantined rows of one table: line, key, column, rule, value, file."""
    columns = [
        Column("line_number", t("quality.rejects.line", lang), plain, numeric=True,
               row_header=True),
        Column("record_key", t("quality.rejects.key", lang), plain),
        Column("column_name", t("quality.rejects.column", lang), plain),
        Column("rule", t("quality.rejects.rule", lang), lambda v: rule_label(v, lang)),
        Column("value", t("quality.rejects.value", lang), plain),
        Column("file_name", t("quality.rejects.file", lang), plain),
        Column("delivery", t("quality.rejects.delivery", lang), lambda v: format_delivery(v, lang)),
    ]  # fmt: skip
    shown, count = format_int(frame.height, lang), format_int(total, lang)
    key = "quality.rejects.caption_all" if frame.height >= total else "quality.rejects.caption"
    caption = t(key, lang, table=table_name, shown=shown, total=count)
    return data_table(
        frame_rows(frame), columns, caption, f"{ID}-rejects-table", t("quality.rejects.empty", lang)
    )
