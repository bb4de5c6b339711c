"""The filter bar shared by pages (pure): period, territory (région, then département or zone
d'emploi), funder and programme, public segment. Native selects, each with its visible label:
keyboard and screen readers work without anything added. The values come from the URL's view
state; `dashboard.shell` writes the URL back when one changes.
"""

from __future__ import annotations

import json
from datetime import date

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from dashboard.i18n import format_date, t
from dashboard.state import (
    FIRST_DAY,
    SEGMENTS,
    Period,
    ViewState,
    month_period,
    quarter_period,
)

FILTER = "filter"
ANY = "tous"  # the value of "all" in a select (an empty value would show the select blank)


def control_id(name: str) -> dict[str, str]:
    return {"type": FILTER, "name": name}


def dom_id(name: str) -> str:
    """The id Dash gives the element of a pattern-matching id (for <label for=…>)."""
    return json.dumps(control_id(name), sort_keys=True, separators=(",", ":"))


def period_options(as_of: date, lang: str, months: bool = True) -> list[dict[str, str]]:
    """Periods, newest first: years, then quarters, then months (none after as-of; no month
    for a view of published figures, which are by year and quarter)."""
    years = range(as_of.year, 2018, -1)
    # the as-of year to date is the default view: its value is ANY, so that it adds nothing
    # to the URL (a page load must not push a history entry)
    options = [
        {"label": _year_label(y, as_of, lang), "value": ANY if y == as_of.year else str(y)}
        for y in years
    ]
    for year in years:
        for quarter in range(4, 0, -1):
            period = quarter_period(year, quarter)
            if period.start <= as_of:
                label = t("period.quarter", lang, quarter=quarter, year=year)
                options.append({"label": label, "value": period.code})
    for year in years if months else ():
        for month in range(12, 0, -1):
            period = month_period(year, month)
            if period.start <= as_of:
                options.append({"label": month_label(period.start, lang), "value": period.code})
    return options


def month_label(day: date, lang: str) -> str:
    return t("period.month", lang, month=t(f"month.{day.month}", lang), year=day.year)


def step_label(day: date, step: str, lang: str) -> str:
    """A series point's period from its first day: a month, a quarter ("T3 2025") or a year."""
    if step == "quarter":
        return t("period.quarter", lang, quarter=(day.month + 2) // 3, year=day.year)
    if step == "year":
        return str(day.year)
    return month_label(day, lang)


def period_label(period: Period, as_of: date, lang: str) -> str:
    """How a period reads on screen: '2025', 'T3 2025', 'août 2025', '01/03/2025 – 10/03/2025'."""
    if period.kind == "year":
        return _year_label(period.start.year, as_of, lang)
    if period.kind == "quarter":
        return t(
            "period.quarter", lang, quarter=(period.start.month + 2) // 3, year=period.start.year
        )
    if period.kind == "month":
        return month_label(period.start, lang)
    return t(
        "period.range",
        lang,
        start=format_date(period.start, lang),
        end=format_date(period.end, lang),
    )


def _year_label(year: int, as_of: date, lang: str) -> str:
    return t("period.year_to_date", lang, year=year) if year == as_of.year else str(year)


def select_control(
    name: str, label: str, options: list[dict], value: str | None, **extra
) -> dbc.Col:
    return dbc.Col(
        [
            html.Label(label, htmlFor=dom_id(name), className="form-label small mb-1"),
            dbc.Select(
                id=control_id(name), options=options, value=value or ANY, size="sm", **extra
            ),
        ],
        xs=12,
        sm=6,
        lg=3,
    )


def filter_bar(
    state: ViewState,
    as_of: date,
    territories: pl.DataFrame,
    programmes: pl.DataFrame,
    *,
    territory: bool = True,
    published: bool = False,
) -> html.Section:
    """The bar for the view in `state`; `territory=False` leaves out the région and zone
    selects (a page whose map chooses the territory); `published` for a user reading published
    figures (PRODUCT.md publishing rule): years and quarters only, the dates not editable."""
    lang = state.lang
    everything = {"label": t("filters.all", lang), "value": ANY}
    period = state.periode if state.periode != str(as_of.year) else None
    region = (
        state.territoire[1:]
        if state.territoire.startswith("R")
        else _region_of(state.territoire, territories)
    )
    zone = state.territoire if state.territoire[0] in "DZ" else None
    funder_programmes = (
        programmes.filter(pl.col("funder_id") == state.financeur) if state.financeur else programmes
    )
    options = period_options(as_of, lang, months=not published)
    chosen = state.period(as_of)
    if chosen.kind == "range":  # a free range: shown as the select's first option
        options = [{"label": period_label(chosen, as_of, lang), "value": chosen.code}, *options]
    places = [
        select_control(
            "region",
            t("filters.region", lang),
            [{"label": t("filters.france", lang), "value": ANY}, *_regions(territories)],
            f"R{region}" if region else None,
        ),
        select_control(
            "zone",
            t("filters.zone", lang),
            [everything, *_zones(territories, region, lang)],
            zone,
            disabled=not region,
        ),
    ]
    controls = [
        select_control("periode", t("filters.period", lang), options, period),
        *_dates(chosen, as_of, lang, editable=not published),
        *(places if territory else []),
        select_control(
            "financeur",
            t("filters.funder", lang),
            [everything, *_funders(programmes)],
            state.financeur,
        ),
        select_control(
            "programme",
            t("filters.programme", lang),
            [everything, *_programmes(funder_programmes)],
            state.programme,
        ),
        select_control(
            "public",
            t("filters.segment", lang),
            [everything, *({"label": t(f"segment.{s}", lang), "value": s} for s in SEGMENTS)],
            state.public,
        ),
    ]
    return html.Section(
        dbc.Row(controls, class_name="g-2"),
        id="filters",
        className="bg-body-tertiary border rounded p-2 mb-3",
        **{"aria-label": t("filters.label", lang)},
    )


def _dates(period: Period, as_of: date, lang: str, editable: bool = True) -> list[dbc.Col]:
    """The first and last day of the period, editable (changing one makes a free range) but
    for published figures."""
    return [
        dbc.Col(
            [
                html.Label(
                    t(f"filters.{name}", lang),
                    htmlFor=dom_id(name),
                    className="form-label small mb-1",
                ),
                dbc.Input(
                    id=control_id(name),
                    type="date",
                    value=day.isoformat(),
                    min=FIRST_DAY.isoformat(),
                    max=as_of.isoformat(),
                    debounce=True,
                    size="sm",
                    disabled=not editable,
                ),
            ],
            xs=6,
            lg=3,
        )
        for name, day in (("du", period.start), ("au", min(period.end, as_of)))
    ]


def _region_of(code: str, territories: pl.DataFrame) -> str | None:
    """The parent région of a département or zone code (D69, Z8405); None for France."""
    level = {"D": "departement", "Z": "zone"}.get(code[:1])
    if level is None:
        return None
    rows = territories.filter((pl.col("level") == level) & (pl.col("code") == code[1:]))
    return rows["parent"][0] if rows.height else None


def _regions(territories: pl.DataFrame) -> list[dict[str, str]]:
    rows = territories.filter(pl.col("level") == "region").sort("name")
    return [{"label": r["name"], "value": f"R{r['code']}"} for r in rows.iter_rows(named=True)]


def _zones(territories: pl.DataFrame, region: str | None, lang: str) -> list[dict[str, str]]:
    if not region:
        return []
    rows = territories.filter(pl.col("parent") == region)
    found = []
    for level, prefix in (("departement", "D"), ("zone", "Z")):
        for row in rows.filter(pl.col("level") == level).sort("name").iter_rows(named=True):
            label = t(f"filters.{level}_option", lang, name=row["name"], code=row["code"])
            found.append({"label": label, "value": f"{prefix}{row['code']}"})
    return found


def _funders(programmes: pl.DataFrame) -> list[dict[str, str]]:
    funders = programmes.select("funder_id", "funder_name").unique().sort("funder_name")
    return [{"label": name, "value": fid} for fid, name in funders.iter_rows()]


def _programmes(programmes: pl.DataFrame) -> list[dict[str, str]]:
    rows = programmes.select("programme_id", "programme_name").sort("programme_name")
    return [{"label": name, "value": pid} for pid, name in rows.iter_rows()]
