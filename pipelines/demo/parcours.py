"""Parcours: who comes, through whom, when, for how long, and how it ends.

The shape follows the association's story (PRODUCT.md): activity from 2019 with a summer dip and
the 2020 lockdown, a peak during the C2E programme (2019–2022), growth again afterwards; about
48 % return to employment among closed parcours, lower for long-term job seekers and people on
minimum social benefits; energy-precarious people are the C2E programme's public.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.demo.calendar import add_months, day_number, month_starts, to_date_series, years_of

YEAR_ACTIVITY = {2019: 1.0, 2020: 1.02, 2021: 1.13, 2022: 1.2, 2023: 0.86, 2024: 0.92, 2025: 0.98}
SEASON = [1.05, 1.05, 1.1, 1.05, 1.0, 1.0, 0.8, 0.55, 1.15, 1.15, 1.1, 0.85]
LOCKDOWN_2020 = {3: 0.6, 4: 0.3, 5: 0.6}
RETURN_RATE = 0.48
YEAR_RETURN_EFFECT = {2019: -0.01, 2020: -0.02, 2021: 0.0, 2022: 0.012, 2023: 0.008, 2024: 0.004}
REGION_RETURN_EFFECT = {
    "11": 0.03, "84": 0.02, "76": -0.01, "75": 0.0, "32": -0.03, "44": 0.0,
    "93": -0.01, "52": 0.02, "53": 0.03, "27": 0.01, "01": -0.05,
}  # fmt: skip
C2E_YEARS = (2019, 2022)
STORY_HORIZON = date(2027, 12, 31)
REPEAT_PERSON_SHARE = 0.07
REPEAT_GAP_DAYS = 730  # the longest parcours lasts 720 days

PRESCRIBERS = ["france_travail", "mission_locale", "plie", "departement", "cap_emploi", "siae",
               "employeur", "autre", "sans_prescripteur"]  # fmt: skip
PRESCRIBER_P_YOUNG = [0.25, 0.45, 0.04, 0.06, 0.03, 0.04, 0.02, 0.05, 0.06]
PRESCRIBER_P_ADULT = [0.45, 0.0, 0.08, 0.14, 0.05, 0.08, 0.03, 0.08, 0.09]
ENTRY = ["demandeur_emploi_moins_1an", "demandeur_emploi_longue_duree", "inactif",
         "emploi_precaire", "emploi", "formation", "retraite"]  # fmt: skip
ENTRY_P_YOUNG = [0.40, 0.12, 0.18, 0.12, 0.03, 0.15, 0.0]
ENTRY_P_ADULT = [0.32, 0.35, 0.10, 0.13, 0.05, 0.04, 0.01]
MINIMA = ["rsa", "ass", "aah", "aucun"]
MINIMA_P = [0.28, 0.05, 0.07, 0.60]
QPV_SHARE = {"11": 0.34, "01": 0.30, "93": 0.26, "32": 0.26}
SIX_MONTHS = ["emploi", "formation", "sans_emploi", "non_joint"]


def _year_activity(year: int) -> float:
    last = max(YEAR_ACTIVITY)
    return YEAR_ACTIVITY.get(year, YEAR_ACTIVITY[last] * 1.05 ** (year - last))


def _month_weights(months: list[date], as_of: date) -> np.ndarray:
    weights = []
    for month in months:
        weight = _year_activity(month.year) * SEASON[month.month - 1]
        weight *= LOCKDOWN_2020.get(month.month, 1.0) if month.year == 2020 else 1.0
        if (month.year, month.month) == (as_of.year, as_of.month):
            weight *= as_of.day / 30.5
        weights.append(weight)
    return np.array(weights)


def _monthly_shares(months: list[date], as_of: date) -> np.ndarray:
    """Each month's share of the parcours. Past STORY_HORIZON, the years after the C2E programme
    keep the weight they had then (spread over more months), so that the 2019–2022 story holds
    whatever the as-of date."""
    weights = _month_weights(months, as_of)
    after = np.array([m.year > C2E_YEARS[1] for m in months])
    horizon = _month_weights(month_starts(date(C2E_YEARS[1] + 1, 1, 1), STORY_HORIZON), as_of)
    if weights[after].sum() > horizon.sum():
        weights[after] *= horizon.sum() / weights[after].sum()
    return weights / weights.sum()


def _start_days(rng: np.random.Generator, n: int, as_of: date, sites: pl.DataFrame):
    """Start day and site index of each parcours: monthly volumes, then open sites by weight."""
    months = month_starts(date(2019, 1, 1), as_of)
    counts = rng.multinomial(n, _monthly_shares(months, as_of))
    opened = sites["opened_on"].to_numpy().astype("datetime64[D]").astype(int)
    closed = sites["closed_on"].fill_null(date(9999, 1, 1)).to_numpy().astype("datetime64[D]")
    closed = closed.astype(int)
    site_weight = sites["weight"].to_numpy()
    days, site_index = [], []
    for month, count in zip(months, counts, strict=True):
        first = day_number(month)
        last = day_number(as_of) if month == months[-1] else day_number(_next_month(month)) - 1
        open_now = np.flatnonzero((opened <= first) & (closed > last))
        p = site_weight[open_now] / site_weight[open_now].sum()
        site_index.append(open_now[rng.choice(len(open_now), size=count, p=p)])
        days.append(rng.choice(_working_days(first, last), size=count))
    return np.concatenate(days), np.concatenate(site_index)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _working_days(first: int, last: int) -> np.ndarray:
    """Days from `first` to `last` (day numbers) that are Monday to Friday; all of them if none
    is (an as-of date on the first weekend of a month)."""
    days = np.arange(first, last + 1)
    weekdays = days[(days + 3) % 7 < 5]  # 1970-01-01 was a Thursday; Monday = 0
    return weekdays if len(weekdays) else days


def generate(
    rng: np.random.Generator, n: int, as_of: date, sites: pl.DataFrame, communes: dict
) -> pl.DataFrame:
    """`n` parcours started from 2019-01-01 to `as_of` at the given sites; `communes` lists the
    commune codes of each département (residences are drawn near the site)."""
    days, site_index = _start_days(rng, n, as_of, sites)
    order = np.lexsort((site_index, days))
    days, site_index = days[order], site_index[order]
    reg = sites["reg_code"].to_numpy()[site_index]
    start_year = years_of(days)
    sex = rng.choice(np.array(["F", "M", "X"]), size=n, p=[0.52, 0.47, 0.01])
    birth_year = start_year - _ages(rng, n)
    person = _repeat_people(rng, days, site_index)
    sex, birth_year = sex[person], birth_year[person]
    age = start_year - birth_year
    young = age < 26
    prescriber = _by_group(rng, young, PRESCRIBERS, PRESCRIBER_P_YOUNG, PRESCRIBER_P_ADULT)
    entry = _by_group(rng, young, ENTRY, ENTRY_P_YOUNG, ENTRY_P_ADULT)
    entry = np.where((entry == "retraite") & (age < 60), "inactif", entry)
    minimum = rng.choice(np.array(MINIMA), size=n, p=MINIMA_P)
    minimum = np.where(young & (minimum == "ass"), "aucun", minimum)
    is_qpv = rng.random(n) < lookup(reg, QPV_SHARE, 0.18)
    in_c2e = (start_year >= C2E_YEARS[0]) & (start_year <= C2E_YEARS[1])
    energy_precarious = rng.random(n) < np.where(in_c2e, 0.9, 0.62)
    referred = days - np.round(rng.exponential(16.0, n)).astype(int)
    referred_on = np.where(prescriber == "sans_prescripteur", -1, referred)
    duration = np.clip(np.round(rng.lognormal(np.log(150), 0.55, n)), 14, 720).astype(int)
    ends = days + duration
    closed = ends <= day_number(as_of)
    ltjs = entry == "demandeur_emploi_longue_duree"
    effect = -0.08 * ltjs - 0.05 * (minimum == "rsa") + 0.03 * (entry == "emploi_precaire")
    effect = effect + lookup(reg, REGION_RETURN_EFFECT, 0.0)
    effect -= effect[closed].mean() if closed.any() else 0.0
    year_effect = lookup(years_of(ends), YEAR_RETURN_EFFECT, 0.0)
    exit_outcome = _exit_outcomes(rng, RETURN_RATE + year_effect + effect, young)
    exit_outcome = np.where(closed, exit_outcome, None)
    six = _six_months(rng, exit_outcome, ends, closed, as_of)
    return pl.DataFrame(
        {
            "parcours_id": _ids(start_year),
            "beneficiary_id": _pseudonyms(rng, person),
            "site_id": sites["site_id"].to_numpy()[site_index],
            "prescriber_type": prescriber,
            "referred_on": to_date_series(referred_on),
            "started_on": to_date_series(days),
            "ended_on": to_date_series(np.where(closed, ends, -1)),
            "sex": sex,
            "birth_year": birth_year,
            "residence_commune_code": _residences(rng, sites, site_index, communes),
            "is_qpv": is_qpv,
            "entry_status": entry,
            "minimum_social": minimum,
            "energy_precarious": energy_precarious,
            "exit_outcome": pl.Series(exit_outcome.tolist(), dtype=pl.String),
            "outcome_6m": pl.Series(six.tolist(), dtype=pl.String),
            "reg_code": reg,
            "dep_code": sites["dep_code"].to_numpy()[site_index],
            "is_under_26": young,
        },
    )


def _residences(rng, sites: pl.DataFrame, site_index: np.ndarray, communes: dict) -> np.ndarray:
    """Close to half live in the site's commune, the others elsewhere in its département."""
    residence = sites["commune_code"].to_numpy()[site_index].astype(object)
    dep = sites["dep_code"].to_numpy()[site_index]
    elsewhere = rng.random(len(site_index)) < 0.55
    for code in np.unique(dep):
        rows = np.flatnonzero(elsewhere & (dep == code))
        residence[rows] = communes[code][rng.integers(0, len(communes[code]), size=len(rows))]
    return residence


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    group = rng.choice(3, size=n, p=[0.30, 0.52, 0.18])
    low = np.array([18, 26, 50])[group]
    high = np.array([26, 50, 66])[group]
    return rng.integers(low, high)


def _repeat_people(rng: np.random.Generator, days: np.ndarray, site_index: np.ndarray):
    """The person of each parcours (an index into the parcours): about 7 % are a new
    accompaniment, at the same site, of someone whose earlier parcours started at least
    REPEAT_GAP_DAYS before (so that it has ended)."""
    n = len(days)
    person = np.arange(n)
    key = site_index.astype(np.int64) * 1_000_000 + days
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    again = np.flatnonzero(rng.random(n) < REPEAT_PERSON_SHARE)
    start = np.searchsorted(sorted_key, site_index[again].astype(np.int64) * 1_000_000)
    limit = np.searchsorted(sorted_key, key[again] - REPEAT_GAP_DAYS, side="right")
    choice = start + (rng.random(len(again)) * np.maximum(limit - start, 0)).astype(int)
    found = limit > start
    person[again[found]] = order[choice[found]]
    while not np.array_equal(person[person], person):  # seen twice before: the first identity
        person = person[person]
    # two returns drawn to the same person may fall close together: keep only returns that
    # start REPEAT_GAP_DAYS after the person's previous parcours, so that none overlap
    by_person = np.lexsort((days, person))
    gap = np.diff(days[by_person], prepend=-REPEAT_GAP_DAYS)
    same = np.diff(person[by_person], prepend=-1) == 0
    too_close = by_person[same & (gap < REPEAT_GAP_DAYS)]
    person[too_close] = too_close
    return person


def _by_group(rng, young: np.ndarray, codes: list[str], p_young, p_adult) -> np.ndarray:
    values = rng.choice(np.array(codes), size=len(young), p=p_adult)
    values[young] = rng.choice(np.array(codes), size=int(young.sum()), p=p_young)
    return values


def _exit_outcomes(rng, p_return: np.ndarray, young: np.ndarray) -> np.ndarray:
    n = len(p_return)
    draw = rng.random(n)
    moved = rng.random(n) < 0.05
    formation_p = np.where(young, 0.32, 0.18)
    rest = rng.random(n)
    outcome = np.where(
        draw < p_return,
        np.where(rng.random(n) < 0.55, "emploi_durable", "emploi_transition"),
        np.where(
            rest < formation_p,
            "formation",
            np.where(rest < formation_p + 0.34, "solution_mobilite_sans_emploi", "abandon"),
        ),
    )
    return np.where(moved, "demenagement_reorientation", outcome).astype(object)


def _six_months(rng, exit_outcome, ends, closed, as_of: date) -> np.ndarray:
    """The 6-month follow-up, filled only once due (end + 6 months ≤ as-of)."""
    due = closed & (add_months(ends, 6) <= day_number(as_of))
    n = len(ends)
    employed = np.isin(exit_outcome, ["emploi_durable", "emploi_transition"])
    training = exit_outcome == "formation"
    p = np.where(employed, 0.8, np.where(training, 0.4, 0.22))
    draw = rng.random(n)
    known = np.where(
        draw < p,
        "emploi",
        np.where(draw < p + np.where(training, 0.35, 0.08), "formation", "sans_emploi"),
    )
    result = np.where(rng.random(n) < 0.17, "non_joint", known).astype(object)
    return np.where(due, result, None)


def _ids(start_year: np.ndarray) -> list[str]:
    ids, counter = [], {}
    for year in start_year.tolist():
        counter[year] = counter.get(year, 0) + 1
        ids.append(f"P{year}-{counter[year]:06d}")
    return ids


def _pseudonyms(rng: np.random.Generator, person: np.ndarray) -> np.ndarray:
    """Opaque pseudonyms (20 hexadecimal characters), one per person."""
    keys = rng.integers(0, 2**63, size=(len(person), 2), dtype=np.int64)
    codes = np.array([f"{a:016x}{b & 0xFFFF:04x}" for a, b in keys.tolist()])
    return codes[person]


def lookup(values: np.ndarray, mapping: dict, default) -> np.ndarray:
    """mapping[value] for each value (default when absent), vectorised over the distinct values."""
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([mapping.get(v, default) for v in distinct.tolist()])[inverse]
