"""Realistic defects, so that the data-quality views have something real to show.

With a defect rate R, about R of the rows of the case-management tables get one defect of the
kinds their owners really produce: an outdated code ('pole_emploi'), a typed commune code with the
letter O for a zero, an end date before the start, a year typed wrong (a start in the future), a
commune code whose leading zero a spreadsheet dropped (repaired by the pipeline, not refused),
a row exported twice, a negative amount, a consumption typed without its decimal point, a
staffing month that is not the first, a funding share entered twice with different values.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl


def apply(rng: np.random.Generator, tables: dict[str, pl.DataFrame], rate: float, as_of: date):
    """The same tables with defects added (a rate of 0 changes nothing)."""
    if rate <= 0:
        return tables
    out = dict(tables)
    out["sites"] = _lost_zero_site(tables["sites"])
    out["parcours"] = _parcours(rng, tables["parcours"], rate, as_of)
    out["solutions"] = _solutions(rng, tables["solutions"], rate)
    out["trip_surveys"] = _surveys(rng, tables["trip_surveys"], rate)
    out["staffing"] = _staffing(rng, tables["staffing"], rate)
    out["parcours_programmes"] = _shares(rng, tables["parcours_programmes"], rate / 2)
    return out


def _pick(rng: np.random.Generator, height: int, rate: float) -> np.ndarray:
    return rng.random(height) < rate


def _where(mask: np.ndarray, value: pl.Expr, column: str) -> pl.Expr:
    return pl.when(pl.Series(mask)).then(value).otherwise(pl.col(column)).alias(column)


def _lost_zero_site(sites: pl.DataFrame) -> pl.DataFrame:
    """One site's commune code typed as a number in a spreadsheet: '01053' became '1053'."""
    first = sites.select(pl.col("commune_code").str.starts_with("0").arg_true().first()).item()
    if first is None:
        return sites
    mask = np.arange(sites.height) == first
    return sites.with_columns(_where(mask, pl.col("commune_code").str.slice(1), "commune_code"))


def _parcours(rng, parcours: pl.DataFrame, rate: float, as_of: date) -> pl.DataFrame:
    kind = np.where(_pick(rng, parcours.height, rate), rng.integers(1, 5, parcours.height), 0)
    closed = parcours["ended_on"].is_not_null().to_numpy()
    slip = pl.col("started_on") - pl.duration(days=pl.Series(rng.integers(1, 60, parcours.height)))
    residence = pl.col("residence_commune_code")
    leading_zero = residence.str.starts_with("0")
    lost_zero = (
        _pick(rng, parcours.height, rate) & parcours.select(leading_zero).to_series().to_numpy()
    )
    return parcours.with_columns(
        _where(kind == 1, pl.lit("pole_emploi"), "prescriber_type"),
        pl.when(pl.Series(kind == 2)).then(residence.str.replace("0", "O"))
        .when(pl.Series(lost_zero)).then(residence.str.strip_prefix("0"))
        .otherwise(residence).alias("residence_commune_code"),
        _where((kind == 3) & closed, slip, "ended_on"),
        _where(kind == 4, pl.lit(as_of + timedelta(days=365)), "started_on"),
    )  # fmt: skip


def _solutions(rng, solutions: pl.DataFrame, rate: float) -> pl.DataFrame:
    kind = np.where(_pick(rng, solutions.height, rate), rng.integers(1, 4, solutions.height), 0)
    changed = solutions.with_columns(
        _where(kind == 2, pl.lit("permis"), "solution_code"),
        _where((kind == 3) & solutions["amount_eur"].is_not_null().to_numpy(),
               -pl.col("amount_eur"), "amount_eur"),
    )  # fmt: skip
    twice = changed.filter(pl.Series(kind == 1))
    return pl.concat([changed, twice]).sort("solution_id", maintain_order=True)


def _surveys(rng, surveys: pl.DataFrame, rate: float) -> pl.DataFrame:
    litres = surveys["litres_per_100km"].fill_null(0).to_numpy()
    mask = _pick(rng, surveys.height, rate) & (litres >= 3)  # 3 → 30: out of the 2–25 range
    return surveys.with_columns(_where(mask, pl.col("litres_per_100km") * 10, "litres_per_100km"))


def _staffing(rng, staffing: pl.DataFrame, rate: float) -> pl.DataFrame:
    mask = _pick(rng, staffing.height, rate)
    return staffing.with_columns(_where(mask, pl.col("month").dt.offset_by("14d"), "month"))


def _shares(rng, links: pl.DataFrame, rate: float) -> pl.DataFrame:
    twice = links.filter(pl.Series(_pick(rng, links.height, rate)))
    other = (
        pl.when(pl.col("share") > 0.5).then(pl.col("share") - 0.3).otherwise(pl.col("share") + 0.3)
    )
    changed = twice.with_columns(other.round(2).alias("share"))
    return pl.concat([links, changed]).sort("parcours_id", "programme_id", maintain_order=True)
