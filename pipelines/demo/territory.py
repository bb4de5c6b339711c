"""The association's footprint: its régions, départements and sites, and their monthly staffing.

The régions and départements are fixed (10 metropolitan régions plus Guadeloupe, 52
départements); the seed draws the sites: one plateforme per département at its chef-lieu, then
points d'accueil and permanences in up to three other zones d'emploi of the département, opened
over the years (about 250 sites over about 150 zones d'emploi). Sites open after the as-of date
are not in the export yet.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from pipelines.config import REFERENCE_DIR
from pipelines.demo.calendar import day_number, month_starts

# Régions served and how busy their sites are (relative); Guadeloupe ('01') included.
REGION_ACTIVITY = {
    "11": 1.15, "84": 1.0, "76": 0.95, "75": 0.9, "32": 1.3, "44": 1.05,
    "93": 1.1, "52": 0.8, "53": 0.75, "27": 0.85, "01": 0.9,
}  # fmt: skip
METROPOLITAN_DEPARTEMENTS = 51  # plus 971
SITE_TYPE_WEIGHT = {"plateforme": 5.0, "point_accueil": 2.0, "permanence": 0.6}
FTE_RANGE = {"plateforme": (1.4, 2.4), "point_accueil": (0.3, 0.6), "permanence": (0.1, 0.2)}


@dataclass(frozen=True)
class Departement:
    dep_code: str
    dep_name: str
    reg_code: str
    chef_lieu: str
    population: int


def reference_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def departements() -> list[Departement]:
    """The 52 départements served: the most populous of each région served, 971 included."""
    rows = [
        Departement(r["dep_code"], r["dep_nom"], r["reg_code"], r["chef_lieu_code"],
                    int(r["population_municipale"]))
        for r in reference_rows("departements.csv")
        if r["reg_code"] in REGION_ACTIVITY
    ]  # fmt: skip
    metro = [d for d in rows if d.reg_code != "01"]
    quota = _quotas({r: sum(d.reg_code == r for d in metro) for r in REGION_ACTIVITY if r != "01"})
    chosen: list[Departement] = []
    for reg_code, count in sorted(quota.items()):
        own = sorted((d for d in metro if d.reg_code == reg_code), key=lambda d: -d.population)
        chosen.extend(own[:count])
    chosen.extend(d for d in rows if d.reg_code == "01")
    return sorted(chosen, key=lambda d: d.dep_code)


def _quotas(available: dict[str, int]) -> dict[str, int]:
    """Share METROPOLITAN_DEPARTEMENTS among régions by their size (largest remainders)."""
    total = sum(available.values())
    exact = {r: METROPOLITAN_DEPARTEMENTS * n / total for r, n in available.items()}
    quota = {r: int(x) for r, x in exact.items()}
    left = METROPOLITAN_DEPARTEMENTS - sum(quota.values())
    for reg_code in sorted(exact, key=lambda r: (quota[r] - exact[r], r))[:left]:
        quota[reg_code] += 1
    return quota


def _zone_names() -> dict[str, str]:
    return {r["ze2020"]: r["libze2020"] for r in reference_rows("zones_emploi_2020.csv")}


def sites(rng: np.random.Generator, as_of: date) -> pl.DataFrame:
    """About 250 sites: a plateforme per département, then sites in its other zones d'emploi."""
    names = _zone_names()
    by_dep = {}
    for row in reference_rows("communes_ze2020.csv"):
        code = row["com_code"]
        by_dep.setdefault(code[:3] if code.startswith("97") else code[:2], {}).setdefault(
            row["ze2020"], []
        ).append(code)
    rows, taken = [], {}
    for dep in departements():
        rows.append(_site(dep, "plateforme", dep.chef_lieu, f"Plateforme mobilité {dep.dep_name}",
                          rng.integers(2012, 2019), rng, as_of))  # fmt: skip
        zones = by_dep[dep.dep_code]
        home = next(z for z, communes in zones.items() if dep.chef_lieu in communes)
        others = sorted(z for z in zones if z != home)
        used = [home] + [others[i] for i in rng.permutation(len(others))[:3]]
        for i in range(int(rng.integers(3, 6))):
            zone = used[(i + 1) % len(used)]
            kind = "point_accueil" if i < 2 else "permanence"
            commune = zones[zone][int(rng.integers(len(zones[zone])))]
            label = "Point d'accueil" if kind == "point_accueil" else "Permanence"
            name = f"{label} {names[zone]}"
            taken[name] = taken.get(name, 0) + 1
            name += f" {taken[name]}" if taken[name] > 1 else ""
            first, last = (2016, 2025) if kind == "point_accueil" else (2019, 2026)
            rows.append(_site(dep, kind, commune, name, rng.integers(first, last), rng, as_of))
    frame = pl.DataFrame(rows, orient="row", schema=SITE_SCHEMA).filter(
        pl.col("opened_on") <= as_of
    )
    return frame.with_columns(
        pl.format("S{}", (pl.int_range(pl.len()) + 1).cast(pl.String).str.zfill(4)).alias("site_id")
    ).select("site_id", *[c for c in frame.columns if c != "site_id"])


SITE_SCHEMA = {
    "site_id": pl.String, "site_name": pl.String, "site_type": pl.String,
    "commune_code": pl.String, "opened_on": pl.Date, "closed_on": pl.Date,
    "dep_code": pl.String, "reg_code": pl.String, "weight": pl.Float64,
}  # fmt: skip


def _site(dep: Departement, kind: str, commune: str, name: str, year, rng, as_of: date) -> list:
    opened = date(int(year), int(rng.integers(1, 13)), 1)
    closed = None
    if kind == "permanence" and rng.random() < 0.15:
        years_open = int(rng.integers(2, 5))
        candidate = date(opened.year + years_open, int(rng.integers(1, 13)), 1)
        closed = candidate if candidate < as_of else None
    weight = SITE_TYPE_WEIGHT[kind] * REGION_ACTIVITY[dep.reg_code] * (dep.population / 1e6) ** 0.3
    weight *= float(rng.uniform(0.7, 1.3))
    return ["", name, kind, commune, opened, closed, dep.dep_code, dep.reg_code, weight]


def staffing(rng: np.random.Generator, site_frame: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per site and month it is open, from 2019 (or its opening) to the as-of month."""
    months = month_starts(date(2019, 1, 1), as_of)
    month_days = np.array([day_number(m) for m in months])
    site_ids, site_months, fte = [], [], []
    for site in site_frame.iter_rows(named=True):
        low, high = FTE_RANGE[site["site_type"]]
        level = rng.uniform(low, high)
        opened = day_number(site["opened_on"].replace(day=1))
        closed = day_number(site["closed_on"]) if site["closed_on"] else None
        mask = (month_days >= opened) & ((month_days < closed) if closed else True)
        count = int(mask.sum())
        values = np.round(level * rng.uniform(0.85, 1.15, count), 1)
        values[rng.random(count) < 0.02] = 0.0  # a vacant post for a month
        site_ids += [site["site_id"]] * count
        site_months += [m for m, keep in zip(months, mask, strict=True) if keep]
        fte += values.tolist()
    return pl.DataFrame(
        {"site_id": site_ids, "month": site_months, "counsellor_fte": fte},
        schema={"site_id": pl.String, "month": pl.Date, "counsellor_fte": pl.Float64},
    )
