"""Trip surveys before (t0) and after (t3, t6 months after exit) for the energy estimate.

Consumptions are real-world figures (ADEME: an older diesel car 5–8 L/100 km, petrol 6–9,
a scooter 2.5–4). About a third of the drivers surveyed after their parcours cut their fuel
energy by 30 % or more: they changed mode (public transport, bike, an electric car from social
leasing, carpooling) or drive less with a repaired, more frugal car; finding a job often means
driving more.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.demo.calendar import add_months, day_number, to_date_series

MODES = ["voiture_thermique", "voiture_electrique", "deux_roues_motorise", "covoiturage",
         "transport_collectif", "velo", "marche", "aucun"]  # fmt: skip
MODE_P_T0 = [0.56, 0.01, 0.06, 0.06, 0.14, 0.04, 0.07, 0.06]
# what drivers switch to after their parcours (the rest keep their car)
SWITCH_TO = ["transport_collectif", "velo", "voiture_electrique", "covoiturage", "marche"]
SWITCH_P = [0.07, 0.04, 0.02, 0.07, 0.01]
RESPONSE = {"t0": 1.0, "t3": 0.65, "t6": 0.5}


def generate(rng: np.random.Generator, parcours: pl.DataFrame, as_of: date) -> pl.DataFrame:
    surveyed = rng.random(parcours.height) < np.where(
        parcours["energy_precarious"].to_numpy(), 0.7, 0.12
    )
    people = parcours.filter(pl.Series(surveyed))
    n = people.height
    start = people["started_on"].to_numpy().astype("datetime64[D]").astype(int)
    ended = people["ended_on"].fill_null(date(9999, 1, 1)).to_numpy().astype("datetime64[D]")
    ended = ended.astype(int)
    before = _t0(rng, n)
    after = _after(rng, before)
    today = day_number(as_of)
    waves = []
    for wave, collected, state in (
        ("t0", np.minimum(start + rng.integers(0, 15, n), today), before),
        ("t3", add_months(ended, 3) + rng.integers(0, 20, n), after),
        ("t6", add_months(ended, 6) + rng.integers(0, 20, n), _drift(rng, after)),
    ):
        answered = (collected <= today) & (rng.random(n) < RESPONSE[wave])
        waves.append(_frame(people["parcours_id"], wave, collected, state, answered))
    return pl.concat(waves).sort("parcours_id", "wave")


def _t0(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    mode = rng.choice(np.array(MODES), size=n, p=MODE_P_T0)
    diesel = rng.random(n) < 0.62
    fuel = np.select(
        [np.isin(mode, ["voiture_thermique", "covoiturage"]), mode == "deux_roues_motorise",
         mode == "voiture_electrique"],
        [np.where(diesel, "gazole", "essence"), "essence", "electrique"],
        "aucun",
    )  # fmt: skip
    litres = np.where(
        mode == "deux_roues_motorise",
        rng.uniform(2.5, 4.0, n),
        np.where(diesel, rng.normal(6.4, 0.9, n), rng.normal(7.6, 1.0, n)),
    )
    km = np.where(
        np.isin(mode, ["marche", "aucun"]),
        rng.uniform(0, 15, n),
        rng.lognormal(np.log(170), 0.6, n),
    )
    return {"mode": mode, "fuel": fuel, "litres": np.clip(litres, 2.5, 14), "km": km}


def _after(rng: np.random.Generator, before: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    n = len(before["mode"])
    driver = np.isin(before["mode"], ["voiture_thermique", "deux_roues_motorise"])
    choice = rng.choice(len(SWITCH_TO) + 1, size=n, p=[*SWITCH_P, 1 - sum(SWITCH_P)])
    switch = driver & (choice < len(SWITCH_TO))
    new_mode = np.array([*SWITCH_TO, "keep"])[choice]
    mode = np.where(switch, new_mode, before["mode"])
    fuel = np.where(
        switch,
        np.select(
            [new_mode == "covoiturage", new_mode == "voiture_electrique"],
            [before["fuel"], "electrique"],
            "aucun",
        ),
        before["fuel"],
    )
    km = before["km"] * np.where(switch, 1.0, rng.lognormal(np.log(1.05), 0.33, n))
    litres = before["litres"] * np.where(driver & ~switch, rng.uniform(0.85, 1.0, n), 1.0)
    return {"mode": mode, "fuel": fuel, "litres": np.clip(litres, 2.5, 14), "km": km}


def _drift(rng: np.random.Generator, state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Three months later, the same habits with a little noise in distances."""
    return {**state, "km": state["km"] * rng.uniform(0.9, 1.1, len(state["km"]))}


def _frame(ids: pl.Series, wave: str, collected, state, answered: np.ndarray) -> pl.DataFrame:
    fuelled = np.isin(state["fuel"], ["essence", "gazole"])
    return (
        pl.DataFrame(
            {
                "parcours_id": ids,
                "wave": wave,
                "collected_on": to_date_series(collected),
                "main_mode": state["mode"],
                "km_per_week": np.round(np.clip(state["km"], 0, 1500), 1),
                "fuel": state["fuel"],
                "litres_per_100km": np.where(fuelled, np.round(state["litres"], 1), np.nan),
            }
        )
        .filter(pl.Series(answered))
        .with_columns(pl.col("litres_per_100km").fill_nan(None))
    )
