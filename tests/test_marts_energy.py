"""Energy marts (PRODUCT.md glossary) against figures computed by hand from the sample's trip
surveys, and the national C2E figure against an independent computation on demo data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines import demo, sample
from tests.conftest import query, run, settings_for
from tests.landing_files import write_table
from tests.test_demo_data import story

ENERGY = (
    "select parcours_id, wave, fuel_litres_per_year, electricity_kwh_per_year, "
    "energy_kwh_per_year, co2e_kg_per_year from intermediate.int_energy_per_survey "
    "order by parcours_id, wave"
)
SAVING = (
    "select parcours_id, t0_kwh, after_kwh, energy_saved_kwh, has_measured_saving, "
    "is_saving_30, co2e_avoided_kg from marts.fct_parcours where t0_kwh is not null "
    "order by parcours_id"
)


def _published(landing: Path, warehouse: Path):
    settings = settings_for(landing, warehouse)
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    return settings


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("energy")
    sample.write(root / "landing")
    return _published(root / "landing", root / "warehouse")


def test_energy_of_each_sample_survey(sample_build):
    # P01 t0: a diesel car, 300 km/week at 6.5 L/100 km → 300 × 52 × 6.5 / 100 = 1014 L/yr,
    # × 10.0 kWh/L = 10,140 kWh, × 3.17 kg/L = 3,214.38 kg CO2e. P01 t3: the same car shared
    # (carpooling: half) → 507 L, 5,070 kWh, 1,607.19 kg. P05 t0: a petrol car, 250 km at 7 L
    # → 910 L, × 8.9 = 8,099 kWh, × 2.79 = 2,538.9 kg. P05 t6: public transport → 0.
    assert query(sample_build, ENERGY) == [
        ("P01", "t0", 1014.0, 0.0, 10140.0, pytest.approx(3214.38)),
        ("P01", "t3", 507.0, 0.0, 5070.0, pytest.approx(1607.19)),
        ("P05", "t0", 910.0, 0.0, pytest.approx(8099.0), pytest.approx(2538.9)),
        ("P05", "t6", 0.0, 0.0, 0.0, 0.0),
    ]


def test_saving_of_each_sample_parcours(sample_build):
    # P01: 10,140 − 5,070 (t3, no t6) = 5,070 kWh saved ≥ 30 % of 10,140; 3,214.38 − 1,607.19 kg.
    # P05: 8,099 − 0 (t6) = 8,099 kWh; 2,538.9 kg. No other parcours has a t0 survey.
    assert query(sample_build, SAVING) == [
        ("P01", 10140.0, 5070.0, 5070.0, True, True, pytest.approx(1607.19)),
        ("P05", pytest.approx(8099.0), 0.0, pytest.approx(8099.0), True, True,
         pytest.approx(2538.9)),
    ]  # fmt: skip
    assert query(
        sample_build,
        "select count(*) from marts.fct_parcours where t0_kwh is null and after_kwh is null "
        "and energy_saved_kwh is null and has_measured_saving is null and is_saving_30 is null "
        "and co2e_avoided_kg is null",
    ) == [(8,)]


def test_zero_initial_energy_missing_waves_electric_carpooling_and_scooters(tmp_path):
    rows = sample.tables()["trip_surveys"]
    survey = dict.fromkeys(rows[0], "")

    def add(parcours, wave, mode, km, fuel, litres=""):
        rows.append(
            {**survey, "parcours_id": parcours, "wave": wave, "collected_on": "2025-12-01",
             "main_mode": mode, "km_per_week": km, "fuel": fuel, "litres_per_100km": litres}
        )  # fmt: skip

    add("P02", "t0", "velo", "40", "aucun")  # nothing burnt at t0: a saving means nothing
    add("P02", "t6", "voiture_thermique", "100", "essence", "6")
    add("P03", "t0", "deux_roues_motorise", "100", "essence", "3")  # no later wave
    add("P04", "t0", "voiture_thermique", "200", "gazole", "5")
    add("P04", "t3", "voiture_thermique", "50", "gazole", "5")  # t6 wins over t3
    add("P04", "t6", "covoiturage", "200", "electrique")
    add("P06", "t3", "marche", "10", "aucun")  # a later wave without t0: not in the energy mart
    sample.write(tmp_path / "landing")
    write_table(tmp_path / "landing" / sample.SAMPLE_DAY, "trip_surveys", rows)
    settings = _published(tmp_path / "landing", tmp_path / "warehouse")
    by_id = {row[0]: row[1:] for row in query(settings, SAVING)}
    # P02: 0 kWh → 100 × 52 × 6 / 100 = 312 L × 8.9 = 2,776.8 kWh; saved −2,776.8 kWh and
    # −870.48 kg (312 × 2.79), but not a measured saving (nothing burnt at t0).
    assert by_id["P02"] == (0.0, pytest.approx(2776.8), pytest.approx(-2776.8), False, None,
                            pytest.approx(-870.48))  # fmt: skip
    # P03: a scooter burns its petrol: 100 × 52 × 3 / 100 = 156 L × 8.9 = 1,388.4 kWh;
    # no later wave.
    assert by_id["P03"] == (pytest.approx(1388.4), None, None, False, None, None)
    # P04: 200 × 52 × 5 / 100 = 520 L × 10 = 5,200 kWh; t6 an electric car shared: 200 × 52
    # × 0.17 × 0.5 = 884 kWh (42.432 kg at 0.048 kg/kWh); saved 4,316 kWh ≥ 1,560.
    assert by_id["P04"] == (
        5200.0, pytest.approx(884.0), pytest.approx(4316.0), True, True,
        pytest.approx(520 * 3.17 - 884 * 0.048),
    )  # fmt: skip
    assert "P06" not in by_id


def test_share_saving_30_from_fct_parcours_equals_the_independent_computation(tmp_path):
    landing = tmp_path / "landing"
    demo.generate(landing, 20_000, seed=1, as_of=date(2026, 11, 24))
    settings = _published(landing, tmp_path / "warehouse")
    from_mart = query(
        settings,
        "select count(*), avg(is_saving_30::int) from marts.fct_parcours "
        "where energy_precarious and has_measured_saving",
    )
    [(measured, share)] = story("energy_saving", landing)
    assert measured > 1000
    assert from_mart == [(measured, share)]
    statuses = query(settings, "select status from meta.check_results where severity = 'error'")
    assert {status for (status,) in statuses} == {"pass"}
