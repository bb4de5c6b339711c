"""Funders, their programmes (about 30 conventions), commitments, payments, and which parcours
each programme funds and in what share (co-funding is common; some parcours run on own funds).

The C2E programme is the association's: 12 M€ from a fuel supplier over 2019–2022 for about
90,000 energy-precarious people, earning energy-savings certificates (kWh cumac) per euro.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from pipelines.demo.calendar import day_number, from_day_number
from pipelines.demo.territory import Departement

C2E_BUDGET = 12_000_000.0
C2E_TARGET_SHARE = 0.45  # 90,000 people of the default 200,000 parcours
KWH_CUMAC_PER_EUR = 130.0  # ≈ 7.7 € per MWh cumac, the order of the C2E programmes' price
DEPARTEMENT_PROGRAMMES = ["13", "33", "35", "59", "69", "93", "971"]
COST_PER_PARCOURS = {"etat": 450, "region": 600, "departement": 700, "france_travail": 350,
                     "fse": 800, "epci": 500, "entreprise": 300, "fondation": 400}  # fmt: skip


@dataclass
class Programme:
    programme_id: str
    programme_name: str
    funder_id: str
    funder_name: str
    funder_type: str
    period_start: date
    period_end: date
    perimeter: str
    public: str  # which parcours it funds (a key of _publics)
    take_up: float  # probability that an eligible parcours is funded
    weight: float  # its part when co-funding
    kwh_cumac_per_eur: float | None = None
    target_return_rate: float | None = None
    budget_eur: float = 0.0
    target_parcours: int | None = None
    extra: dict = field(default_factory=dict)


# id, name, funder id, funder name, funder type, first year, last year, perimeter, public funded,
# take-up among eligible parcours, weight when co-funding, kWh cumac per euro, target return rate
NATIONAL = [
    ("PRG-C2E-EMI", "Eco mobilité inclusive (programme C2E)", "OBL-C2E",
     "Énergies du Quotidien SA (obligé C2E)", "cee_oblige", 2019, 2022, "FR",
     "energy_precarious", 0.97, 3.0, KWH_CUMAC_PER_EUR, 0.45),
    ("PRG-ETAT-PAUVRETE", "Stratégie pauvreté — mobilité vers l'emploi", "ETAT-DGEFP",
     "État — Ministère du Travail (DGEFP)", "etat", 2019, 2022, "FR", "all", 0.25, 1.5, None, 0.47),
    ("PRG-ETAT-PACTE", "Pacte des solidarités — mobilité", "ETAT-DGEFP",
     "État — Ministère du Travail (DGEFP)", "etat", 2023, 2026, "FR", "all", 0.35, 1.5, None, 0.48),
    ("PRG-FT-2021", "Aides à la mobilité des demandeurs d'emploi 2021-2023", "FT",
     "France Travail", "france_travail", 2021, 2023, "FR", "france_travail", 0.5, 1.0, None, None),
    ("PRG-FT-2024", "Aides à la mobilité des demandeurs d'emploi 2024-2026", "FT",
     "France Travail", "france_travail", 2024, 2026, "FR", "france_travail", 0.5, 1.0, None, None),
    ("PRG-FSE-2014", "FSE 2014-2020 — inclusion (fin de programmation)", "UE-FSE",
     "Fonds social européen", "fse", 2019, 2020, "R32|R44|R76", "far_from_work", 0.4, 2.0, None,
     None),
    ("PRG-FSE-PLUS", "FSE+ 2021-2027 — accès à l'emploi", "UE-FSE", "Fonds social européen", "fse",
     2022, 2027, "R11|R32|R44|R76|R84", "far_from_work", 0.35, 2.0, None, None),
    ("PRG-AUTO-GARAGES", "Garages solidaires et leasing social", "ENT-LUMIERE",
     "Automobiles Lumière (mécénat)", "entreprise", 2021, 2026, "FR", "car_repair", 0.8, 1.0, None,
     None),
    ("PRG-FDN-JEUNES", "Permis pour l'emploi des jeunes", "FDN-AVENIR", "Fondation Routes d'Avenir",
     "fondation", 2019, 2021, "FR", "young", 0.15, 1.0, None, None),
    ("PRG-FDN-RURAL", "Mobilité dans les territoires ruraux", "FDN-TERRITOIRES",
     "Fondation Territoires Solidaires", "fondation", 2024, 2026, "R27|R75|R84", "all", 0.12, 1.0,
     None, None),
    ("PRG-EPCI-MEL", "Mobilité vers l'emploi — métropole lilloise", "EPCI-MEL",
     "Métropole Européenne de Lille", "epci", 2022, 2026, "D59", "all", 0.25, 1.0, None, None),
    ("PRG-EPCI-TLS", "Mobilité vers l'emploi — Toulouse Métropole", "EPCI-TLS",
     "Toulouse Métropole", "epci", 2021, 2026, "D31", "all", 0.25, 1.0, None, None),
]  # fmt: skip


def _programme(spec: tuple) -> Programme:
    pid, name, funder_id, funder_name, kind, first, last, perimeter, *rest = spec
    public, take_up, weight, kwh, rate = rest
    return Programme(pid, name, funder_id, funder_name, kind, date(first, 1, 1),
                     date(last, 12, 31), perimeter, public, take_up, weight, kwh, rate)  # fmt: skip


def programmes(deps: list[Departement], regions: dict[str, str]) -> list[Programme]:
    """The national conventions, one per région served (2023–2026) and some départements'."""
    found = [_programme(spec) for spec in NATIONAL]
    for reg_code, name in sorted(regions.items()):
        found.append(_programme((
            f"PRG-R{reg_code}", f"Mobilité vers l'emploi — Région {name}", f"REG-{reg_code}",
            f"Région {name}", "region", 2023, 2026, f"R{reg_code}", "all", 0.55, 2.0, None, 0.48,
        )))  # fmt: skip
    names = {d.dep_code: d.dep_name for d in deps}
    for dep in (code for code in DEPARTEMENT_PROGRAMMES if code in names):
        found.append(_programme((
            f"PRG-D{dep}", f"Mobilité des allocataires du RSA — {names[dep]}", f"DEP-{dep}",
            f"Conseil départemental — {names[dep]}", "departement", 2020, 2025, f"D{dep}", "rsa",
            0.6, 1.5, None, None,
        )))  # fmt: skip
    return found


def _publics(parcours: pl.DataFrame, car_repair: np.ndarray) -> dict[str, np.ndarray]:
    minimum = parcours["minimum_social"].to_numpy()
    entry = parcours["entry_status"].to_numpy()
    return {
        "all": np.ones(parcours.height, dtype=bool),
        "energy_precarious": parcours["energy_precarious"].to_numpy(),
        "france_travail": parcours["prescriber_type"].to_numpy() == "france_travail",
        "far_from_work": (entry == "demandeur_emploi_longue_duree") | (minimum == "rsa"),
        "rsa": minimum == "rsa",
        "young": parcours["is_under_26"].to_numpy(),
        "car_repair": car_repair,
    }


def _eligible(programme: Programme, parcours: pl.DataFrame, start: np.ndarray) -> np.ndarray:
    in_period = (start >= day_number(programme.period_start)) & (
        start <= day_number(programme.period_end)
    )
    if programme.perimeter == "FR":
        return in_period
    parts = programme.perimeter.split("|")
    regions = [p[1:] for p in parts if p.startswith("R")]
    deps = [p[1:] for p in parts if p.startswith("D")]
    where = np.isin(parcours["reg_code"].to_numpy(), regions) | np.isin(
        parcours["dep_code"].to_numpy(), deps
    )
    return in_period & where


def attribute(
    rng: np.random.Generator, found: list[Programme], parcours: pl.DataFrame, car_repair
) -> pl.DataFrame:
    """parcours_programmes: each eligible parcours is funded with the programme's take-up
    probability; co-funders share by weight (floored to the cent of a share, so ≤ 1)."""
    start = parcours["started_on"].to_numpy().astype("datetime64[D]").astype(int)
    publics = _publics(parcours, car_repair)
    rows, columns, weights = [], [], []
    for index, programme in enumerate(found):
        chosen = _eligible(programme, parcours, start) & publics[programme.public]
        take_up = programme.take_up
        if programme.funder_type == "cee_oblige":  # it funds people until its target is reached
            wanted = C2E_TARGET_SHARE * parcours.height
            take_up = min(take_up, max(0.5, wanted / max(int(chosen.sum()), 1)))
        chosen &= rng.random(parcours.height) < take_up
        picked = np.flatnonzero(chosen)
        rows.append(picked)
        columns.append(np.full(len(picked), index))
        weights.append(np.full(len(picked), programme.weight))
    row, column, weight = (np.concatenate(a) for a in (rows, columns, weights))
    total = np.bincount(row, weights=weight, minlength=parcours.height)
    own_funds = np.where(rng.random(parcours.height) < 0.08, 0.8, 1.0)
    share = np.maximum(np.floor(weight / total[row] * own_funds[row] * 100) / 100, 0.01)
    order = np.lexsort((column, row))
    return pl.DataFrame(
        {
            "parcours_id": parcours["parcours_id"].to_numpy()[row[order]],
            "programme_id": np.array([p.programme_id for p in found])[column[order]],
            "share": share[order],
        }
    )


def settle(
    rng: np.random.Generator, found: list[Programme], links: pl.DataFrame, size: int, as_of: date
) -> None:
    """Targets and budgets from what each programme actually funds, some on track, some not."""
    counts = dict(links.group_by("programme_id").len().iter_rows())
    for programme in found:
        if programme.funder_type == "cee_oblige":
            programme.budget_eur = C2E_BUDGET
            programme.target_parcours = max(10, int(round(C2E_TARGET_SHARE * size, -1)))
            continue
        elapsed = _elapsed_share(programme, as_of)
        expected = counts.get(programme.programme_id, 0) / max(elapsed, 0.05)
        target = max(10, int(round(expected * rng.uniform(0.85, 1.25), -1)))
        programme.target_parcours = target if rng.random() < 0.85 else None
        cost = COST_PER_PARCOURS[programme.funder_type] * rng.uniform(0.8, 1.2)
        programme.budget_eur = float(max(10_000, round(max(target, 10) * cost, -3)))


def _elapsed_share(programme: Programme, as_of: date) -> float:
    first, last = day_number(programme.period_start), day_number(programme.period_end)
    return min(1.0, max(0.0, (day_number(as_of) - first + 1) / (last - first + 1)))


def programme_frame(found: list[Programme]) -> pl.DataFrame:
    columns = ["programme_id", "programme_name", "funder_id", "funder_name", "funder_type",
               "period_start", "period_end", "perimeter", "budget_eur", "target_parcours",
               "target_return_rate", "kwh_cumac_per_eur"]  # fmt: skip
    return pl.DataFrame(
        [[getattr(p, c) for c in columns] for p in found],
        orient="row",
        schema={c: _TYPES.get(c, pl.String) for c in columns},
    )


_TYPES = {"period_start": pl.Date, "period_end": pl.Date, "budget_eur": pl.Float64,
          "target_parcours": pl.Int64, "target_return_rate": pl.Float64,
          "kwh_cumac_per_eur": pl.Float64}  # fmt: skip


def movements(rng: np.random.Generator, found: list[Programme], as_of: date) -> pl.DataFrame:
    """Yearly commitments and payments (an advance in spring, the balance the next spring);
    the C2E programme commits once and pays each quarter. Nothing after the as-of date."""
    rows: list[tuple[str, str, date, float]] = []
    for programme in found:
        rows.extend(_movements_of(rng, programme))
    kept = [r for r in rows if r[2] <= as_of]
    return pl.DataFrame(
        {
            "movement_id": [f"MVT{i:06d}" for i in range(1, len(kept) + 1)],
            "programme_id": [r[0] for r in kept],
            "movement_type": [r[1] for r in kept],
            "movement_date": [r[2] for r in kept],
            "amount_eur": [r[3] for r in kept],
        },
        schema_overrides={"movement_date": pl.Date},
    )


def _movements_of(rng, programme: Programme) -> list[tuple[str, str, date, float]]:
    pid, budget = programme.programme_id, programme.budget_eur
    if programme.funder_type == "cee_oblige":
        quarters = (programme.period_end.year - programme.period_start.year + 1) * 4
        paid = [(pid, "versement", _quarter_end(programme.period_start.year, q), budget / quarters)
                for q in range(quarters)]  # fmt: skip
        return [(pid, "engagement", programme.period_start.replace(day=15), budget), *paid]
    first, last = day_number(programme.period_start), day_number(programme.period_end)
    result, done = [], 0.0
    for year in range(programme.period_start.year, programme.period_end.year + 1):
        low = max(first, day_number(date(year, 1, 1)))
        high = min(last, day_number(date(year, 12, 31)))
        # each year's part of the budget, cumulated then differenced: the parts add up exactly
        committed = round(round(budget * (high - first + 1) / (last - first + 1), 2) - done, 2)
        done = round(done + committed, 2)
        day = int(rng.integers(10, 28))
        result.append((pid, "engagement", from_day_number(low + day), committed))
        result.append((pid, "versement", date(year, 3, day), round(committed * 0.5, 2)))
        balance = round(committed * 0.5 * rng.uniform(0.85, 1.0), 2)
        result.append((pid, "versement", date(year + 1, 5, day), balance))
    return result


def _quarter_end(first_year: int, quarter: int) -> date:
    year, q = first_year + quarter // 4, quarter % 4
    return date(year, 3 * q + 3, 30 if q in (1, 2) else 31)
