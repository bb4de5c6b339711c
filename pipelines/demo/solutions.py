"""Mobility solutions mobilised during each parcours (about two per parcours)."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.demo.calendar import day_number, to_date_series

# code: (probability, typical duration in days, median amount in euros or None when free)
SOLUTIONS = {
    "permis_b": (0.11, 150, 1400.0),
    "auto_ecole_sociale": (0.09, 120, 900.0),
    "location_voiture": (0.08, 60, 320.0),
    "location_deux_roues": (0.06, 60, 180.0),
    "location_velo": (0.05, 60, 60.0),
    "garage_solidaire": (0.09, 20, 450.0),
    "leasing_social": (0.02, 30, 1200.0),
    "microcredit": (0.04, 30, 2500.0),
    "aide_financiere_permis": (0.08, 30, 500.0),
    "aide_financiere_deplacement": (0.08, 30, 150.0),
    "titre_transport": (0.09, 30, 75.0),
    "atelier_mobilite": (0.09, 1, None),
    "velo_ecole": (0.03, 30, 40.0),
    "covoiturage": (0.04, 30, None),
    "conseil_itineraire": (0.05, 0, None),
}
SOCIAL_LEASING_FROM = date(2024, 1, 1)  # the French social leasing scheme opened in 2024
STATUS = ["proposee", "engagee", "realisee", "abandonnee"]
STATUS_P_CLOSED = [0.06, 0.0, 0.78, 0.16]  # nothing left under way once the parcours ends
STATUS_P_OPEN = [0.20, 0.37, 0.38, 0.05]


def generate(rng: np.random.Generator, parcours: pl.DataFrame, as_of: date) -> pl.DataFrame:
    n = parcours.height
    per_parcours = np.clip(1 + rng.poisson(0.9, n), 1, 5)
    owner = np.repeat(np.arange(n), per_parcours)
    m = len(owner)
    codes = list(SOLUTIONS)
    p = np.array([SOLUTIONS[c][0] for c in codes])
    code = rng.choice(np.array(codes), size=m, p=p / p.sum())
    start = parcours["started_on"].to_numpy().astype("datetime64[D]").astype(int)[owner]
    ended = parcours["ended_on"].fill_null(as_of).to_numpy().astype("datetime64[D]")
    ended = ended.astype(int)[owner]
    is_closed = parcours["ended_on"].is_not_null().to_numpy()[owner]
    begin = start + (rng.random(m) * (ended - start + 1) * 0.7).astype(int)
    early_leasing = (code == "leasing_social") & (begin < day_number(SOCIAL_LEASING_FROM))
    code = np.where(early_leasing, "garage_solidaire", code)
    status = rng.choice(np.array(STATUS), size=m, p=STATUS_P_OPEN)
    status[is_closed] = rng.choice(np.array(STATUS), size=int(is_closed.sum()), p=STATUS_P_CLOSED)
    typical = np.array([SOLUTIONS[c][1] for c in codes])[_index(codes, code)]
    planned = begin + np.round(typical * rng.uniform(0.5, 1.5, m)).astype(int)
    today = day_number(as_of)
    done = np.isin(status, ["realisee", "abandonnee"])
    finish = np.where(done, np.clip(planned, begin, np.minimum(ended, today)), planned)
    finish = np.maximum(finish, begin)
    proposed = status == "proposee"
    return pl.DataFrame(
        {
            "solution_id": [f"SOL{i:08d}" for i in range(1, m + 1)],
            "parcours_id": parcours["parcours_id"].to_numpy()[owner],
            "solution_code": code,
            "status": status,
            "started_on": to_date_series(np.where(proposed, -1, begin)),
            "completed_on": to_date_series(np.where(proposed, -1, finish)),
            "amount_eur": _amounts(rng, codes, code, status),
        }
    )


def _index(codes: list[str], values: np.ndarray) -> np.ndarray:
    order = np.argsort(codes)
    return order[np.searchsorted(np.array(codes)[order], values)]


def _amounts(rng, codes: list[str], code: np.ndarray, status: np.ndarray) -> pl.Series:
    median = np.array([SOLUTIONS[c][2] or 0.0 for c in codes])[_index(codes, code)]
    free = np.array([SOLUTIONS[c][2] is None for c in codes])[_index(codes, code)]
    amount = np.round(median * rng.lognormal(0.0, 0.35, len(code)), 2)
    amount = np.where(status == "abandonnee", np.round(amount * 0.3, 2), amount)
    return pl.Series("amount_eur", amount).set(pl.Series(free | (status == "proposee")), None)
