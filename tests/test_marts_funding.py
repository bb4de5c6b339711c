"""Funding, training and target marts against the sample rows, and the checks that guard them."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from pipelines import build, sample
from pipelines.config import REFERENCE_DIR
from tests.conftest import query, run, settings_for
from tests.landing_files import write_table


def test_one_row_per_funding_link_with_funder_and_site_territory(sample_build):
    rows = [row[:9] for row in query(sample_build, "select * from marts.fct_parcours_programme")]
    # P01 (S01, Lyon: 84 / 69 / 8421, started 2024-01-10) is co-funded half and half.
    p01 = (date(2024, 1, 10), "84", "69", "8421")
    assert rows == [
        ("P01", "PRG-C2E", "F-CEE", "cee_oblige", 0.5, *p01),
        ("P01", "PRG-R84", "F-R84", "region", 0.5, *p01),
        ("P02", "PRG-R84", "F-R84", "region", 1.0, date(2024, 2, 15), "84", "69", "8421"),
        ("P05", "PRG-C2E", "F-CEE", "cee_oblige", 1.0, date(2025, 1, 10), "84", "69", "8421"),
    ]
    by_funder = query(
        sample_build,
        "select funder_id, sum(share) from marts.fct_parcours_programme group by 1 order by 1",
    )
    assert by_funder == [("F-CEE", 1.5), ("F-R84", 1.5)]  # = programme_funding, by share


LINK_VALUES = """select parcours_id, programme_id, ended_on, is_in_outcome_base,
    is_return_to_employment, is_positive_exit, energy_saved_kwh, co2e_avoided_kg, is_under_26,
    is_qpv, has_minimum_social, is_long_term_job_seeker, energy_precarious, is_in_convention,
    is_first_of_funder from marts.fct_parcours_programme"""


def test_each_link_carries_its_parcours_values_for_the_funders_page(sample_build):
    """P01 (born 1990, QPV, RSA, long-term job seeker, energy-precarious) ends in emploi durable
    on 2024-06-30; its t0 car burns 300 km × 52 × 6.5 L / 100 = 1,014 L of gazole a year (10,140
    kWh, 3,214.38 kg CO₂e), its t3 carpool half: 5,070 kWh and 1,607.19 kg saved. P02 (born 2003,
    no public segment) ends in formation without a survey. P05 (P01's person) ends in emploi de
    transition; 910 L of essence at t0 (8,099 kWh, 2,538.9 kg), none at t6. Every link started
    within its programme's convention, one per funder and parcours."""
    p01 = (date(2024, 6, 30), True, True, True, 5070, 1607.19, False, True, True, True, True)
    p02 = (date(2025, 1, 20), True, False, True, None, None, True, False, False, False, False)
    p05 = (date(2025, 5, 31), True, True, True, 8099, 2538.9, False, True, True, True, True)
    expected = [
        ("P01", "PRG-C2E", *p01, True, True),
        ("P01", "PRG-R84", *p01, True, True),
        ("P02", "PRG-R84", *p02, True, True),
        ("P05", "PRG-C2E", *p05, True, True),
    ]
    rows = query(sample_build, LINK_VALUES)
    assert [r[:6] + r[8:] for r in rows] == [r[:6] + r[8:] for r in expected]
    for row, wanted in zip(rows, expected, strict=True):  # energy and CO₂e, as floats
        if wanted[6] is None:
            assert row[6:8] == (None, None)
        else:
            assert row[6:8] == pytest.approx(wanted[6:8])


def test_a_parcours_counts_once_per_funder_through_the_programme_in_convention(tmp_path):
    """P01 is funded by the Région through two programmes: PRG-A84 (first by name, convention
    from 2025: P01, started 2024-01-10, is outside it) and PRG-R84 (in convention): the Région's
    link that counts is PRG-R84's. programme_funding counts, to the as-of date, the links started
    within each convention, whole, once per funder, by share and their positive exits by share."""
    tables = sample.tables()
    late = {**tables["programmes"][1], "programme_id": "PRG-A84",
            "programme_name": "Programme tardif", "period_start": "2025-01-01"}  # fmt: skip
    links = tables["parcours_programmes"]
    links[1]["share"] = "0.25"  # P01, PRG-R84
    links.append({"parcours_id": "P01", "programme_id": "PRG-A84", "share": "0.25"})
    sample.write(tmp_path / "landing")
    folder = tmp_path / "landing" / sample.SAMPLE_DAY
    write_table(folder, "programmes", [*tables["programmes"], late])
    write_table(folder, "parcours_programmes", links)
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    assert run(settings).exit_code == 0
    flags = query(
        settings,
        "select programme_id, is_in_convention, is_first_of_funder "
        "from marts.fct_parcours_programme where parcours_id = 'P01' order by programme_id",
    )
    assert flags == [("PRG-A84", False, False), ("PRG-C2E", True, True), ("PRG-R84", True, True)]
    counted = query(
        settings,
        "select programme_id, parcours_started_in_convention, "
        "funder_parcours_started_in_convention, parcours_started_in_convention_by_share, "
        "positive_exits_in_convention_by_share from marts.programme_funding",
    )
    # PRG-C2E: P01 (0.5) and P05 (1), both positive; PRG-R84: P01 (0.25) and P02 (1, formation)
    assert [(p, n, f, float(s), float(x)) for p, n, f, s, x in counted] == [
        ("PRG-A84", 0, 0, 0.0, 0.0),
        ("PRG-C2E", 2, 2, 1.5, 1.5),
        ("PRG-R84", 2, 2, 1.25, 1.25),
    ]


def test_one_row_per_funding_movement(sample_build):
    assert query(sample_build, "select * from marts.fct_funding_movement") == [
        ("M01", "PRG-C2E", "F-CEE", "engagement", date(2024, 1, 1), 3_000_000),
        ("M03", "PRG-R84", "F-R84", "engagement", date(2024, 1, 15), 150_000),
        ("M04", "PRG-R84", "F-R84", "versement", date(2024, 3, 1), 75_000.25),
        ("M02", "PRG-C2E", "F-CEE", "versement", date(2024, 6, 30), 1_500_000),
    ]


def test_training_sessions_and_targets(sample_build):
    assert query(sample_build, "select * from marts.fct_training_session") == [
        ("F2021-01", date(2021, 3, 15), "84", 14.0, 12, "mission_locale", 2021),
        ("F2021-02", date(2021, 10, 5), "01", 7.0, 9, "association", 2021),
    ]
    assert query(sample_build, "select * from marts.dim_target") == [
        (2026, "france", "FR", "new_parcours", 5.0),
        (2026, "region", "84", "return_to_employment_rate", 0.48),
    ]


def test_shares_rounded_within_the_intake_tolerance_still_publish(tmp_path):
    links = sample.tables()["parcours_programmes"]
    links[0]["share"], links[1]["share"] = "0.50005", "0.50004"  # P01: 1.00009 ≤ 1.0001
    sample.write(tmp_path / "landing")
    write_table(tmp_path / "landing" / sample.SAMPLE_DAY, "parcours_programmes", links)
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert query(
        settings,
        "select status from meta.check_results "
        "where \"check\" = 'assert_programme_shares_reconcile'",
    ) == [("pass",)]


def test_a_missing_energy_factor_blocks_publication(tmp_path, monkeypatch):
    reference = tmp_path / "reference"
    reference.mkdir()
    for file_name in build.REFERENCE_FILES.values():
        shutil.copy(REFERENCE_DIR / file_name, reference / file_name)
    factors = (reference / "energy_factors.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in factors if not line.startswith("co2e_kg_per_litre_essence,")]
    (reference / "energy_factors.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    monkeypatch.setattr(build, "REFERENCE_DIR", reference)  # a real folder, one factor short
    sample.write(tmp_path / "landing")
    outcome = run(settings_for(tmp_path / "landing", tmp_path / "warehouse"))
    assert outcome.exit_code == 1
    assert "assert_energy_factors_present (1 rows)" in outcome.message
