"""Context tables: the mobility barometer, the école de la mobilité's trainings, head-office
targets."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.demo.calendar import day_number, from_day_number

EDITIONS = (2020, 2022, 2024)
# national share of adults per indicator and edition (2022: the fuel-price spike)
NATIONAL = {
    "precarite_mobilite": (0.25, 0.26, 0.25),
    "sans_vehicule": (0.14, 0.14, 0.13),
    "sans_permis": (0.18, 0.17, 0.17),
    "renoncement_emploi": (0.21, 0.22, 0.20),
    "dependance_voiture": (0.61, 0.62, 0.60),
    "budget_carburant_eleve": (0.27, 0.38, 0.33),
}
TERRITORY_TYPES = {"urbain_dense": 0.8, "urbain_intermediaire": 0.95, "periurbain": 1.1,
                   "rural": 1.25}  # fmt: skip
CAR_LINKED = ("dependance_voiture", "budget_carburant_eleve")
TRAINED = {2019: 38, 2020: 27, 2021: 71, 2022: 112, 2023: 138, 2024: 164, 2025: 181}
ORG_TYPES = ["association", "france_travail", "mission_locale", "collectivite", "entreprise",
             "interne"]  # fmt: skip
ORG_P = [0.32, 0.18, 0.2, 0.12, 0.06, 0.12]


def barometer(rng: np.random.Generator, metro_regions: list[str], as_of: date) -> pl.DataFrame:
    """Editions 2020, 2022, 2024 (those published by `as_of`): France, the 13 metropolitan régions
    and Guadeloupe, the four territory types; six indicators, with 95 % confidence intervals."""
    rows = []
    region_factor = {code: rng.uniform(0.85, 1.2) for code in [*metro_regions, "01"]}
    region_factor["11"], region_factor["01"] = 0.85, 1.3
    for i, edition in enumerate(e for e in EDITIONS if e <= as_of.year):
        for indicator, values in NATIONAL.items():
            national = values[i]
            rows.append(_row(rng, edition, "france", "FR", indicator, national, 12_000 + 800 * i))
            for code, factor in sorted(region_factor.items()):
                bent = _bend(indicator, factor, code)
                respondents = int(rng.integers(450, 1800))
                rows.append(_row(rng, edition, "region", code, indicator, national * bent,
                                 respondents))  # fmt: skip
            for code, factor in TERRITORY_TYPES.items():
                bent = factor if indicator != "sans_vehicule" else 2.1 - factor
                rows.append(_row(rng, edition, "type_territoire", code, indicator,
                                 national * bent, int(rng.integers(2000, 4000))))  # fmt: skip
    columns = ["edition", "geo_level", "geo_code", "indicator", "value", "n_respondents",
               "ci_low", "ci_high"]  # fmt: skip
    return pl.DataFrame(rows, orient="row", schema=columns)


def _bend(indicator: str, factor: float, code: str) -> float:
    """Île-de-France drives less and owns fewer cars; Guadeloupe depends on the car."""
    if code == "11":
        return 1.5 if indicator == "sans_vehicule" else (0.6 if indicator in CAR_LINKED else factor)
    return factor


def _row(rng, edition, level, code, indicator, value, respondents) -> list:
    value = float(np.clip(value * rng.uniform(0.97, 1.03), 0.01, 0.95))
    half_width = 1.96 * (value * (1 - value) / respondents) ** 0.5
    low, high = round(max(0.0, value - half_width), 3), round(min(1.0, value + half_width), 3)
    return [edition, level, code, indicator, round(value, 3), respondents, low, high]


def trainings(rng: np.random.Generator, regions: list[str], as_of: date) -> pl.DataFrame:
    """Sessions of the école de la mobilité inclusive; participants add up to each year's total
    (71 in 2021). The current year is counted up to `as_of`."""
    sessions = []
    for year in range(2019, as_of.year + 1):
        total = TRAINED.get(year, round(TRAINED[2025] * 1.08 ** (year - 2025)))
        last = date(year, 12, 31) if year < as_of.year else as_of
        if year == as_of.year:
            total = round(total * min(1.0, last.timetuple().tm_yday / 365))
        for size in _split(rng, total):
            day = int(rng.integers(day_number(date(year, 1, 1)), day_number(last) + 1))
            sessions.append((from_day_number(day), size))
    sessions.sort()
    n = len(sessions)
    return pl.DataFrame(
        {
            "session_id": [f"FORM-{d.year}-{i:04d}" for i, (d, _) in enumerate(sessions, 1)],
            "session_date": [d for d, _ in sessions],
            "region_code": rng.choice(np.array(regions), size=n),
            "hours": rng.choice(np.array([3.5, 7.0, 14.0, 21.0]), size=n, p=[0.2, 0.4, 0.3, 0.1]),
            "participants": [size for _, size in sessions],
            "participant_org_type": rng.choice(np.array(ORG_TYPES), size=n, p=ORG_P),
        }
    )


def _split(rng: np.random.Generator, total: int) -> list[int]:
    """Session sizes of 5 to 14 people adding up to `total` exactly."""
    sizes, left = [], total
    while left >= 15:
        size = int(rng.integers(5, 15))
        sizes.append(size)
        left -= size
    if left:
        sizes.append(left)
    return sizes


def targets(rng, parcours: pl.DataFrame, dep_codes: list[str], as_of: date) -> pl.DataFrame:
    """Head office's yearly objectives since 2023: France and each région (new parcours and
    rates), a few départements (new parcours). A year's new-parcours goal is set from that year's
    activity (some goals ambitious, some met); the current year's from last year's."""
    rows = []
    started = parcours.select(pl.col("started_on").dt.year().alias("year"), "reg_code", "dep_code")
    for year in range(2023, as_of.year + 1):
        basis = year if year < as_of.year else year - 1
        for level, code, count in _levels(started.filter(pl.col("year") == basis), dep_codes):
            goal = max(10.0, round(count * rng.uniform(0.95, 1.15), -1))
            rows.append([year, level, code, "new_parcours", goal])
            if level == "departement":
                continue
            rate = 0.48 if year < 2025 else 0.5
            rows.append([year, level, code, "return_to_employment_rate", rate])
            rows.append([year, level, code, "positive_exit_rate", 0.6])
            rows.append([year, level, code, "energy_precarious_share", 0.6])
    columns = ["year", "territory_level", "territory_code", "kpi", "target_value"]
    return pl.DataFrame(rows, orient="row", schema=columns)


def _levels(of_year: pl.DataFrame, dep_codes: list[str]) -> list[tuple[str, str, int]]:
    """(territory level, code, parcours started) for France, each région, the départements."""
    levels = [("france", "FR", of_year.height)]
    levels += [("region", r, n) for r, n in sorted(of_year.group_by("reg_code").len().rows())]
    counts = dict(of_year.group_by("dep_code").len().rows())
    return levels + [("departement", d, counts.get(d, 0)) for d in dep_codes]
