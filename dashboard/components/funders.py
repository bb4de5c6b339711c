"""The funders page's tables (pure: rows in, `TableSpec` out — drawn by `tables.data_table`,
written to CSV by `TableSpec.frame`, so that the file equals the screen): conventions and
progress, costs and kWh cumac, impact over the period, and the reconciliation of the funders
with the association's total (`page_tables` builds the four for a view).

Figures by share keep two decimals (they add up to the cent), as do amounts committed and paid;
budgets and costs are shown to the euro. The CSV holds the numbers as the screen rounds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from dash import dcc

from dashboard.components.disclosure import withheld_text
from dashboard.components.filters import period_label
from dashboard.components.kpi_card import STATUS_COLOURS
from dashboard.components.tables import (
    Column,
    Row,
    TableSpec,
    badge,
    integer,
    percent,
    percentage,
)
from dashboard.funders_data import (
    FundersView,
    Progress,
    Reconciliation,
    convention_rows,
    convention_total,
    funder_name,
    impact_rows,
    impact_total,
    reconciliation,
    withheld,
)
from dashboard.i18n import MISSING, format_date, format_decimal, format_int, t
from dashboard.state import ViewState

ID = "funders"
PATH = "/financeurs"
REPORT_PATH = "/financeurs/rapport"  # the impact report of one funder


# --- how values are shown ----------------------------------------------------------------------


def money(lang: str, digits: int = 0) -> Callable[[Any, Row], str]:
    """Euros: '1 234 567 €' (fr) / '€1,234,567' (en); `digits` 2 to show the cents."""

    def show(value: Any, row: Row) -> str:
        if value is None:
            return MISSING
        amount = format_int(value, lang) if digits == 0 else format_decimal(value, lang, digits)
        return t("funders.euros", lang, value=amount)

    return show


def decimal(lang: str, digits: int) -> Callable[[Any, Row], str]:
    return lambda value, row: format_decimal(value, lang, digits)


def status_badge(lang: str) -> Callable[[Any, Row], Any]:
    """The status in words, coloured too (never colour alone)."""

    def show(value: Any, row: Row) -> Any:
        status = row.get("status_code")
        return badge(value, STATUS_COLOURS.get(status)) if status else MISSING

    return show


def _linked(value: Any, row: Row) -> Any:
    """A row header: a link to the row's own view when it has one."""
    return dcc.Link(value, href=row["href"]) if row.get("href") else value


Field = tuple[Column, int | None]  # a column and the decimals its numbers keep (None: as is)


def _head(lang: str, key: str, with_funder: bool) -> list[Field]:
    columns = [(Column(key, t("funders.col.programme", lang), row_header=True, show=_linked), None)]
    if with_funder:
        columns.append((Column("funder_name", t("funders.col.funder", lang)), None))
    return columns


def _text(key: str, label: str, **extra: Any) -> Field:
    return Column(key, label, **extra), None


def _number(key: str, label: str, show: Callable, digits: int, dtype: Any = pl.Float64) -> Field:
    return Column(key, label, dtype=dtype, show=show, numeric=True), digits


def _spec(
    fields: Sequence[Field], cells: Sequence[dict], caption: str, name: str, lang: str
) -> TableSpec:
    """The table, its numbers rounded as the screen shows them (so that the CSV holds what the
    screen does)."""
    digits = {column.key: d for column, d in fields if d is not None}
    rounded = [
        {**row, **{k: None if row[k] is None else round(row[k], d) for k, d in digits.items()}}
        for row in cells
    ]
    columns = [column for column, _ in fields]
    for row in rounded:
        row["withheld_text"] = _withheld_text(row, columns, lang)
        row.update({key: None for key in row["withheld_text"]})
    return TableSpec(
        columns, rounded, caption, f"{ID}-{name}-table", t("funders.none", lang),
        withheld_label=t("table.withheld", lang),
    )  # fmt: skip


# a shown column and the figure of the row it comes from (when their names differ)
SOURCES = {
    "return_pct": "return_to_employment_rate",
    "positive_pct": "positive_exit_rate",
    "share_pct": "parcours_started_by_share",
    **dict.fromkeys(("ratio", "status", "expected", "projected", "expected_then"), "progress"),
}


def _withheld_text(row: dict, columns: Sequence[Column], lang: str) -> dict[str, str]:
    """Column key → "< 11" or "secret", for the figures the small-count rule withholds."""
    found = withheld(row)
    return {
        c.key: withheld_text(found[SOURCES.get(c.key, c.key)], lang)
        for c in columns
        if SOURCES.get(c.key, c.key) in found
    }


# --- conventions -------------------------------------------------------------------------------


def convention_cells(row: dict, lang: str) -> dict:
    """A programme's (or total's) convention row as the table and its CSV hold it."""
    found: Progress | None = row.get("progress")
    status = found.status if found else None
    perimeter = row.get("perimeter")
    first, last = row.get("period_start"), row.get("period_end")
    return {
        **row,
        "period_text": t(
            "funders.period", lang, start=format_date(first, lang), end=format_date(last, lang)
        )
        if first and last
        else None,
        "perimeter_text": t("funders.france", lang)
        if perimeter == "FR"
        else row.get("perimeter_names"),
        "expected": found.expected if found else None,
        "ratio": percentage(found.ratio) if found else None,
        "status_code": status,
        "status": t(f"kpi.status.{status}", lang) if status else None,
        "projected": round(found.projected) if found and found.projected is not None else None,
        "expected_then": found.expected_then if found else None,
    }


def conventions_spec(
    rows: Sequence[dict], total: dict | None, caption: str, lang: str, with_funder: bool
) -> TableSpec:
    """Convention period and perimeter, parcours started since it began against its target pro
    rata of the days elapsed, status, and the projection at the year's (or its) end."""
    count = integer(lang)
    fields = [
        *_head(lang, "programme_name", with_funder),
        _text("period_text", t("funders.col.period", lang)),
        _text("perimeter_text", t("funders.col.perimeter", lang)),
        _number("parcours_started", t("funders.col.started_convention", lang), count, 0, pl.Int64),
        _number("target_parcours", t("funders.col.target", lang), count, 0, pl.Int64),
        _number("expected", t("funders.col.expected", lang), count, 0),
        _number("ratio", t("funders.col.progress", lang), percent(lang), 1),
        _text("status", t("funders.col.status", lang), show=status_badge(lang)),
        _number("projected", t("funders.col.projected", lang), count, 0, pl.Int64),
        _number("expected_then", t("funders.col.expected_then", lang), count, 0),
    ]
    cells = [convention_cells(r, lang) for r in ([*rows, total] if total else rows)]
    return _spec(fields, cells, caption, "conventions", lang)


def costs_spec(
    rows: Sequence[dict], total: dict | None, caption: str, lang: str, with_funder: bool
) -> TableSpec:
    """Budget, committed and paid to date; paid per parcours and per positive exit, by share;
    kWh cumac for C2E programmes."""
    euros, cents, shares = money(lang), money(lang, 2), decimal(lang, 2)
    fields = [
        *_head(lang, "programme_name", with_funder),
        _number("budget_eur", t("funders.col.budget", lang), euros, 0),
        _number("committed_eur", t("funders.col.committed", lang), cents, 2),
        _number("paid_eur", t("funders.col.paid", lang), cents, 2),
        _number("parcours_started_by_share", t("funders.col.by_share", lang), shares, 2),
        _number("cost_per_parcours", t("funders.col.cost_parcours", lang), euros, 0),
        _number("positive_exits_by_share", t("funders.col.exits_share", lang), shares, 2),
        _number("cost_per_positive_exit", t("funders.col.cost_exit", lang), euros, 0),
        _number("kwh_cumac", t("funders.col.kwh_cumac", lang), integer(lang), 0),
    ]
    cells = [*rows, total] if total else list(rows)
    return _spec(fields, cells, caption, "costs", lang)


# --- the period --------------------------------------------------------------------------------


def impact_cells(row: dict) -> dict:
    return {
        **row,
        "return_pct": percentage(row.get("return_to_employment_rate")),
        "positive_pct": percentage(row.get("positive_exit_rate")),
    }


def impact_spec(
    rows: Sequence[dict],
    total: dict | None,
    caption: str,
    lang: str,
    with_funder: bool,
    with_payments: bool,
) -> TableSpec:
    """Parcours started (whole and by share), outcomes (rates on whole parcours, positive exits
    by share), energy and CO₂e by share, payments of the period (national view only)."""
    count, shares, rates = integer(lang), decimal(lang, 2), percent(lang)
    fields = [
        *_head(lang, "programme_name", with_funder),
        _number("parcours_started", t("funders.col.started", lang), count, 0, pl.Int64),
        _number("parcours_started_by_share", t("funders.col.by_share", lang), shares, 2),
        _number("outcome_base", t("funders.col.outcome_base", lang), count, 0, pl.Int64),
        _number("return_pct", t("funders.col.return_rate", lang), rates, 1),
        _number("positive_pct", t("funders.col.positive_rate", lang), rates, 1),
        _number("positive_exits_by_share", t("funders.col.exits_share", lang), shares, 2),
        _number("energy_saved_kwh_by_share", t("funders.col.energy", lang), count, 0),
        _number("co2e_avoided_t_by_share", t("funders.col.co2e", lang), decimal(lang, 1), 1),
    ]
    if with_payments:
        fields.append(_number("payments_eur", t("funders.col.payments", lang), money(lang, 2), 2))
    cells = [impact_cells(r) for r in ([*rows, total] if total else rows)]
    return _spec(fields, cells, caption, "impact", lang)


# --- the reconciliation ------------------------------------------------------------------------


def reconciliation_rows(found: Reconciliation, lang: str, links: dict[str, str]) -> list[dict]:
    """Each funder (linking to its view when `links` has it), their sum, the unattributed part,
    the association's total, and the difference (0 when everything adds up)."""

    def labelled(row: dict, key: str, **values: str) -> dict:
        return {**row, "label": t(f"funders.reconciliation.{key}", lang, **values)}

    rows = [
        {**r, "label": r["funder_name"], "href": links.get(r["funder_id"])} for r in found.funders
    ]
    return [
        *rows,
        labelled(found.funders_total, "funders_total"),
        labelled(found.unattributed, "unattributed"),
        labelled({**found.association, "share_of_total": 1.0}, "association"),
        labelled(found.difference, "difference"),
    ]


def reconciliation_spec(
    rows: Sequence[dict], caption: str, lang: str, with_payments: bool
) -> TableSpec:
    """By share, for each row: parcours started (and their share of the association's),
    positive exits, energy, CO₂e; payments of the period (national view only)."""
    shares = decimal(lang, 2)
    fields = [
        (Column("label", t("funders.col.funder", lang), row_header=True, show=_linked), None),
        _number("parcours_started_by_share", t("funders.col.by_share", lang), shares, 2),
        _number("share_pct", t("funders.col.share_of_total", lang), percent(lang), 1),
        _number("positive_exits_by_share", t("funders.col.exits_share", lang), shares, 2),
        _number("energy_saved_kwh_by_share", t("funders.col.energy", lang), integer(lang), 0),
        _number("co2e_avoided_t_by_share", t("funders.col.co2e", lang), decimal(lang, 1), 1),
    ]
    if with_payments:
        fields.append(_number("payments_eur", t("funders.col.payments", lang), money(lang, 2), 2))
    cells = [
        {
            **row,
            "share_pct": percentage(row.get("share_of_total")),
            "co2e_avoided_t_by_share": _tonnes(row.get("co2e_avoided_kg_by_share")),
        }
        for row in rows
    ]
    return _spec(fields, cells, caption, "reconciliation", lang)


def _tonnes(kilograms: float | None) -> float | None:
    return None if kilograms is None else kilograms / 1000


# --- the page's tables, for a view ---------------------------------------------------------------


def place_label(state: ViewState, territories: pl.DataFrame) -> str:
    """The view's territory and public: 'France', 'Rhône (69) · Moins de 26 ans'."""
    lang, code = state.lang, state.territoire
    name = t("funders.france", lang)
    if code != "FR":
        level = {"R": "region", "D": "departement", "Z": "zone"}[code[:1]]
        rows = territories.filter((pl.col("level") == level) & (pl.col("code") == code[1:]))
        name = rows["name"][0] if rows.height else code
        if level != "region":
            name = t(f"filters.{level}_option", lang, name=name, code=code[1:])
    if not state.public:
        return name
    return t("funders.place_public", lang, place=name, public=t(f"segment.{state.public}", lang))


def funder_link(state: ViewState, funder_id: str, path: str = PATH) -> str:
    return path + state.with_values(financeur=funder_id, programme="").to_search()


def page_tables(view: FundersView, place: str) -> dict[str, TableSpec]:
    """The tables of the view (keys: conventions, costs, impact, and reconciliation when the
    scope holds the association's total): the chosen programme, or the funder's programmes and
    its total, or every programme."""
    lang, funder = view.state.lang, view.funder_id
    whole = funder is None
    as_of = format_date(view.as_of, lang)
    period = period_label(view.period, view.as_of, lang)
    money_total, impact_total_row = _totals(view)
    conventions = convention_rows(view, funder)
    links = {fid: funder_link(view.state, fid) for fid in view.programmes["funder_id"]}
    tables = {
        "conventions": conventions_spec(
            conventions,
            money_total,
            t("funders.caption.conventions", lang, date=as_of),
            lang,
            whole,
        ),
        "costs": costs_spec(
            conventions, money_total, t("funders.caption.costs", lang, date=as_of), lang, whole
        ),
        "impact": impact_spec(
            impact_rows(view, funder),
            impact_total_row,
            t("funders.caption.impact", lang, period=period, place=place),
            lang,
            whole,
            view.is_national,
        ),
    }
    found = reconciliation(view)
    if found is not None:  # a funder's scope holds no association total: no reconciliation
        tables["reconciliation"] = reconciliation_spec(
            reconciliation_rows(found, lang, links),
            t("funders.caption.reconciliation", lang, period=period, place=place),
            lang,
            view.is_national,
        )
    return tables


def _totals(view: FundersView) -> tuple[dict | None, dict | None]:
    """The total rows: the funder's (money and period), or all programmes' money; none when one
    programme is shown (its row is the total). Without a funder, the period's total is the
    reconciliation table's."""
    lang, funder = view.state.lang, view.funder_id
    if funder is None:
        return {
            **convention_total(view, None),
            "programme_name": t("funders.total_all", lang),
        }, None
    if view.state.programme or (view.programmes["funder_id"] == funder).sum() < 2:
        return None, None
    label = t("funders.total_funder", lang, funder=funder_name(view, funder) or funder)
    money = {**convention_total(view, funder), "programme_name": label}
    return money, {**impact_total(view, funder), "programme_name": label}
