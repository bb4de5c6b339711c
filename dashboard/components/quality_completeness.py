"""Data completeness per territory and month (pure builder): the share of the sites expected to
report (open and staffed) that did report, so that a quiet territory is not mistaken for a weak
one (PRODUCT.md). Rows are the régions of France, the départements of a région, or the sites
of a département or zone d'emploi; columns are the last full months; the whole territory in the
footer. A low share is marked by a symbol and a sentence for screen readers, not by colour alone.

One `CompletenessGrid` is drawn on screen (`completeness_table`: share and counts per cell) and
written to CSV (`completeness_frame`: the share as a percentage, the total as the last row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.components.quality import ID
from dashboard.components.tables import percentage
from dashboard.i18n import MISSING, format_int, format_percent, t

LOW_COMPLETENESS = 0.8  # below: marked as low
MONTHS_SHOWN = 12
TABLE_ID = f"{ID}-completeness-table"

Counts = tuple[int, int]  # sites expected, sites that reported


def completeness_months(as_of: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first days of the `count` months before the as-of month, oldest first (the months
    of the pipeline's check assert_completeness_low: the as-of month is never full)."""
    year, month = as_of.year, as_of.month
    months = []
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append(date(year, month, 1))
    return months[::-1]


def month_label(month: date, lang: str = "fr") -> str:
    """janv. 2026 (fr) / Jan 2026 (en)."""
    return t("quality.month_header", lang, month=t(f"quality.month.{month.month}", lang),
             year=month.year)  # fmt: skip


@dataclass(frozen=True)
class CompletenessGrid:
    """The table: its first header (the rows' level), the months, one (label, counts per month)
    per row, the whole territory's, and the caption."""

    level_label: str
    months: list[date]
    rows: list[tuple[str, list[Counts]]]
    total: tuple[str, list[Counts]]
    caption: str
    lang: str


def completeness_grid(
    frame: pl.DataFrame,
    months: list[date],
    level: str,
    total_label: str,
    lang: str = "fr",
) -> CompletenessGrid:
    """`frame`: row_code, row_name, month, expected, reported (row_code null: the total)."""
    cells = {
        (r["row_code"], r["month"]): (r["expected"], r["reported"])
        for r in frame.iter_rows(named=True)
    }

    def counts(code: str | None) -> list[Counts]:
        return [cells.get((code, month), (0, 0)) for month in months]

    rows = (
        frame.filter(pl.col("row_code").is_not_null())
        .select("row_code", "row_name")
        .unique()
        .sort("row_name", "row_code", nulls_last=True)
    )
    first, last = (month_label(m, lang) for m in (months[0], months[-1]))
    caption = t("quality.completeness.caption", lang, territory=total_label, first=first,
                last=last)  # fmt: skip
    return CompletenessGrid(
        level_label=t(f"quality.completeness.level.{level}", lang),
        months=months,
        rows=[
            (_row_label(code, name, level, lang), counts(code)) for code, name in rows.iter_rows()
        ],
        total=(total_label, counts(None)),
        caption=caption,
        lang=lang,
    )


def completeness_share(expected: int, reported: int) -> float | None:
    """The share of the expected sites that reported; None when none was expected."""
    return reported / expected if expected else None


def completeness_frame(grid: CompletenessGrid) -> pl.DataFrame:
    """The CSV: the screen's headers, one row per territory then the whole territory's, the
    share that reported as a percentage (at the screen's precision; empty: no site expected)."""
    rows = [*grid.rows, grid.total]
    columns = [pl.Series(grid.level_label, [label for label, _ in rows], dtype=pl.String)]
    for i, month in enumerate(grid.months):
        shares = [percentage(completeness_share(*counts[i])) for _, counts in rows]
        columns.append(pl.Series(month_label(month, grid.lang), shares, dtype=pl.Float64))
    return pl.DataFrame(columns)


def completeness_table(grid: CompletenessGrid) -> dbc.Table:
    lang = grid.lang
    head = html.Thead(
        html.Tr(
            [html.Th(grid.level_label, scope="col")]
            + [
                html.Th(month_label(m, lang), scope="col", className="text-end")
                for m in grid.months
            ]
        )
    )
    body = [_row(label, counts, lang) for label, counts in grid.rows]
    if not body:
        body = [
            html.Tr(html.Td(t("quality.completeness.empty", lang), colSpan=len(grid.months) + 1))
        ]
    foot = html.Tfoot(_row(*grid.total, lang), className="fw-semibold")
    return dbc.Table(
        [html.Caption(grid.caption), head, html.Tbody(body), foot],
        id=TABLE_ID,
        size="sm",
        bordered=True,
        responsive=True,
        class_name="caption-top align-middle small",
    )


def _row_label(code: str, name: str | None, level: str, lang: str) -> str:
    if level == "region":
        return name or code
    return t("quality.completeness.row", lang, name=name or code, code=code)


def _row(label: str, counts: list[Counts], lang: str) -> html.Tr:
    return html.Tr(
        [html.Th(label, scope="row")] + [completeness_cell(e, r, lang) for e, r in counts]
    )


def completeness_cell(expected: int, reported: int, lang: str = "fr") -> html.Td:
    """The share that reported and 'reported / expected'; marked when below LOW_COMPLETENESS; a
    dash (with a sentence for screen readers) when no site was expected."""
    share = completeness_share(expected, reported)
    if share is None:
        return html.Td(
            [
                html.Span(MISSING, **{"aria-hidden": "true"}),
                html.Span(
                    t("quality.completeness.none_expected", lang), className="visually-hidden"
                ),
            ],
            className="text-end text-body-secondary",
        )
    counts = t("quality.completeness.counts", lang, reported=format_int(reported, lang),
               expected=format_int(expected, lang))  # fmt: skip
    value = [html.Span(format_percent(share, lang), className="completeness-value")]
    if share < LOW_COMPLETENESS:
        value = [
            html.Span(t("quality.completeness.low_mark", lang), **{"aria-hidden": "true"}),
            *value,
            html.Span(t("quality.completeness.low_sr", lang), className="visually-hidden"),
        ]
    return html.Td(
        [html.Div(value, className="text-nowrap"),
         html.Div(counts, className="text-body-secondary completeness-counts")],
        className="text-end table-warning fw-semibold" if share < LOW_COMPLETENESS else "text-end",
    )  # fmt: skip


def territory_name(territoire: str, territories: pl.DataFrame) -> str:
    """The name of a région, département or zone d'emploi (its code when unknown)."""
    level = {"R": "region", "D": "departement", "Z": "zone"}[territoire[0]]
    found = territories.filter((pl.col("level") == level) & (pl.col("code") == territoire[1:]))
    return found["name"][0] if found.height else territoire[1:]


def territory_label(territoire: str, territories: pl.DataFrame, lang: str) -> str:
    """France entière, a région's name, or 'name (code)' for a département or zone d'emploi."""
    if territoire == "FR":
        return t("quality.completeness.france", lang)
    name = territory_name(territoire, territories)
    if territoire[0] == "R":
        return name
    return t("quality.completeness.row", lang, name=name, code=territoire[1:])
